# export --out names the file for the single-file formats (json, xlsx, geojson, ics, dot) and the
# folder for csv; an option the chosen format does not use is refused (exit 2); a workbook never
# goes to a terminal.
$ tiendo init > /dev/null && tiendo import $TESTS/cli/data/small/projects.csv $TESTS/cli/data/small/milestones.csv $TESTS/cli/data/small/dependencies.csv > /dev/null
$ tiendo export --format xlsx --out x.xlsx && python3 -c "import zipfile; print(sorted(zipfile.ZipFile('x.xlsx').namelist())[:2])"
wrote x.xlsx
['[Content_Types].xml', '_rels/.rels']
$ tiendo export --format xlsx --out x.xlsx
--out: 'x.xlsx': exists already; give --force to replace it
[2]
$ tiendo export --format xlsx --out x.xlsx --force
wrote x.xlsx
$ for format in json geojson ics dot; do tiendo export --format $format --out out.$format && tiendo export --format $format | cmp - out.$format && echo same; done
wrote out.json
same
wrote out.geojson
same
wrote out.ics
same
wrote out.dot
same
$ tiendo export --format json --what projects --out projects.json && head -c 15 projects.json && echo
wrote projects.json
{
  "projects":
# A workbook on a terminal is refused, and nothing is written there; into a pipe or a file it goes.
$ script -qec "tiendo export --format xlsx" /dev/null; echo "exit $?"
--format xlsx: a workbook is binary and standard output is a terminal; give --out FILE.xlsx, or redirect standard output to a file
exit 2
$ tiendo export --format xlsx | head -c 2; echo
PK
# Options the format does not use.
$ tiendo export --format xlsx --status-codes --out y.xlsx
--status-codes: --format xlsx has gem_status and eia860_status always; the option is for csv
[2]
$ tiendo export --format json --force
--force: replaces files at --out; give --out
[2]
$ tiendo export --format geojson --what milestones
--what: 'milestones': --format geojson writes projects
[2]
$ ls y.xlsx
ls: cannot access 'y.xlsx': No such file or directory
[2]
$ tiendo export --out csvs --status-codes && head -1 csvs/projects.csv
wrote csvs/projects.csv
wrote csvs/milestones.csv
wrote csvs/dependencies.csv
code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,target_cod,lat,lon,site,source,gem_status,eia860_status
