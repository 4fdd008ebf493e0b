// tiendo web workspace script: the pages work without it.
