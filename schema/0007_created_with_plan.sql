-- tiendo schema, version 7: no table changes, but the change log may now hold rows with the field
-- "created_with_plan": one row for a project created together with its milestones and the
-- dependencies into them, which `history` shows as the lines it stands for (src/store/creation_log.h).
-- A tiendo that predates this would show such a row alone, without its milestones' lines, and
-- would find no version for those milestones; the new version number makes it refuse the database
-- instead, as it refuses any database written by a newer tiendo.
SELECT 1;
