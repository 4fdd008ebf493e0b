# Files are written where the user meant, or not at all. One rule for every writer (backup, init,
# demo, export --out, generate --out, report --out): a name that is no file, a missing folder, a
# link at the target (dangling or not), a folder where a file is wanted and a file where a folder
# is are exit 2 with the path named, and nothing is written; an existing file is replaced only with
# --force, and never through a link.
$ tiendo init > /dev/null && tiendo import $TESTS/cli/data/small/projects.csv $TESTS/cli/data/small/milestones.csv $TESTS/cli/data/small/dependencies.csv > /dev/null && mkdir folder && echo precious > victim.txt && ln -s victim.txt link-to-file && ln -s made-by-link dangling && echo ready
ready
#
# backup: only a new file in an existing folder.
$ tiendo backup ""
backup: '': no file name given
[2]
$ tiendo backup :memory:
backup: ':memory:': SQLite's in-memory database, gone when tiendo exits; give a file name (./:memory: for a file so named)
[2]
$ tiendo backup "file:copy.db?mode=rwc"; tiendo backup FILE:copy.db; tiendo backup file::memory:
backup: 'file:copy.db?mode=rwc': a URI, not a file name; give the file's path
backup: 'FILE:copy.db': a URI, not a file name; give the file's path
backup: 'file::memory:': a URI, not a file name; give the file's path
[2]
$ tiendo backup x/y.db
backup: 'x/y.db': no such folder 'x'
[2]
$ tiendo backup victim.txt/y.db
backup: 'victim.txt/y.db': 'victim.txt' is not a folder
[2]
$ tiendo backup folder; tiendo backup folder/
backup: 'folder': is a folder; give a file name
backup: 'folder/': names a folder; give a file name
[2]
$ tiendo backup victim.txt
backup: 'victim.txt': exists already; it must not exist (nothing is overwritten)
[2]
$ tiendo backup link-to-file; cat victim.txt
backup: 'link-to-file': is a symbolic link; tiendo never writes through a link (give the real path)
precious
$ tiendo backup dangling; ls made-by-link
backup: 'dangling': is a symbolic link; tiendo never writes through a link (give the real path)
ls: cannot access 'made-by-link': No such file or directory
[2]
$ ls; tiendo backup ./:memory: && tiendo --db ./:memory: project list --format csv | wc -l
dangling
folder
link-to-file
test.db
test.db.tiendo-lock
victim.txt
backed up test.db to ./:memory:
5
#
# init --db and demo --db: the database is a file; a new one is never made through a link.
$ tiendo init --db "" ; tiendo init --db :memory: ; tiendo init --db file:x.db ; tiendo init --db x/y.db ; tiendo init --db folder
--db: '': no file name given
--db: ':memory:': SQLite's in-memory database, gone when tiendo exits; give a file name (./:memory: for a file so named)
--db: 'file:x.db': a URI, not a file name; give the file's path
--db: 'x/y.db': no such folder 'x'
--db: 'folder': is a folder; give a file name
[2]
$ TIENDO_DB=:memory: tiendo init
--db: ':memory:': SQLite's in-memory database, gone when tiendo exits; give a file name (./:memory: for a file so named)
[2]
$ tiendo init --db dangling; ls made-by-link
--db: 'dangling': is a symbolic link to no existing file; tiendo never creates a file through a link
ls: cannot access 'made-by-link': No such file or directory
[2]
# An existing database may be opened through a link: init migrates it in place, creating nothing.
$ ln -s test.db link.db && tiendo init --db link.db && test -L link.db && echo still a link
link.db: tiendo database, schema version 13
still a link
$ tiendo demo --db "" ; tiendo demo --db :memory: ; tiendo demo --db dangling ; tiendo demo --db link.db ; tiendo demo --db folder/missing/demo.db
--db: '': no file name given
--db: ':memory:': SQLite's in-memory database, gone when tiendo exits; give a file name (./:memory: for a file so named)
--db: 'dangling': is a symbolic link; tiendo never writes through a link (give the real path)
--db: 'link.db': is a symbolic link; tiendo never writes through a link (give the real path)
--db: 'folder/missing/demo.db': no such folder 'folder/missing'
[2]
#
# demo writes its report beside the database: never over a file it did not write, unless --force.
$ mkdir site && echo "our own page" > site/tiendo-report.html && tiendo demo --db site/demo.db; ls site; cat site/tiendo-report.html
demo: 'site/tiendo-report.html': exists already; give --force to replace it
demo.db.tiendo-lock
tiendo-report.html
our own page
$ tiendo demo --db site/demo.db --force > /dev/null && grep -c '<html' site/tiendo-report.html
1
# Rebuilding a demo database replaces the demo's own report without --force.
$ tiendo demo --db site/demo.db | tail -2 | head -1
Report for 2020-01-01 to 2020-12-31: site/tiendo-report.html
$ mkdir linked && ln -s ../victim.txt linked/tiendo-report.html && tiendo demo --db linked/demo.db --force; ls linked; cat victim.txt
demo: 'linked/tiendo-report.html': is a symbolic link; tiendo never writes through a link (give the real path)
demo.db.tiendo-lock
tiendo-report.html
precious
#
# export --out DIR: DIR exists as a folder or is made; each CSV is new, or replaced with --force.
$ tiendo export --out exported | sed 's/^/ok /'
ok wrote exported/projects.csv
ok wrote exported/milestones.csv
ok wrote exported/dependencies.csv
$ echo mine > exported/dependencies.csv && tiendo export --out exported; cat exported/dependencies.csv
--out: 'exported/projects.csv': exists already; give --force to replace it
mine
$ tiendo export --out exported --force > /dev/null && head -1 exported/dependencies.csv
from,to,type,lag_days
# Every CSV is checked before any is written: one in the way, and none is written.
$ mkdir partial && echo mine > partial/dependencies.csv && tiendo export --out partial; ls partial
--out: 'partial/dependencies.csv': exists already; give --force to replace it
dependencies.csv
# A hard link is a link too: --force does not rewrite the file under its other name.
$ rm exported/projects.csv && ln victim.txt exported/projects.csv && tiendo export --out exported --force; cat victim.txt
--out: 'exported/projects.csv': has other hard links; tiendo never writes through a link
precious
$ tiendo export --out victim.txt; tiendo export --out victim.txt/sub; tiendo export --out missing/sub; tiendo export --out ""
--out: 'victim.txt': is a file, not a folder
--out: 'victim.txt/sub': 'victim.txt' is not a folder
--out: 'missing/sub': no such folder 'missing'
--out: '': no file name given
[2]
$ tiendo export --out link-to-file; tiendo export --out dangling; ln -s exported linked-folder && tiendo export --out linked-folder --force; ls made-by-link
--out: 'link-to-file': is a symbolic link; tiendo never writes through a link (give the real path)
--out: 'dangling': is a symbolic link; tiendo never writes through a link (give the real path)
--out: 'linked-folder': is a symbolic link; tiendo never writes through a link (give the real path)
ls: cannot access 'made-by-link': No such file or directory
[2]
# A link in place of one CSV: refused even with --force, the file it points at untouched, and no
# other CSV written first.
$ mkdir trap && ln -s ../victim.txt trap/milestones.csv && tiendo export --out trap --force; ls trap; cat victim.txt
--out: 'trap/milestones.csv': is a symbolic link; tiendo never writes through a link (give the real path)
milestones.csv
precious
$ ln -s ../made-by-link trap/projects.csv && tiendo export --what projects --out trap; ls made-by-link
--out: 'trap/projects.csv': is a symbolic link; tiendo never writes through a link (give the real path)
ls: cannot access 'made-by-link': No such file or directory
[2]
#
# generate --out DIR: the same rule.
$ tiendo generate --projects 5 --out gen > /dev/null && tiendo generate --projects 5 --out gen; tiendo generate --projects 5 --out gen --force | cut -c1-10
--out: 'gen/projects.csv': exists already; give --force to replace it
wrote 5 pr
$ rm gen/dependencies.csv && ln -s ../victim.txt gen/dependencies.csv && tiendo generate --projects 5 --out gen --force; cat victim.txt
--out: 'gen/dependencies.csv': is a symbolic link; tiendo never writes through a link (give the real path)
precious
$ tiendo generate --projects 5 --out victim.txt; tiendo generate --projects 5 --out no/such; tiendo generate --projects 5 --out dangling; ls made-by-link
--out: 'victim.txt': is a file, not a folder
--out: 'no/such': no such folder 'no'
--out: 'dangling': is a symbolic link; tiendo never writes through a link (give the real path)
ls: cannot access 'made-by-link': No such file or directory
[2]
#
# report --out FILE: the same rule.
$ tiendo report --from 2020-01-01 --to 2020-06-30 --out report.md > /dev/null && tiendo report --from 2020-01-01 --to 2020-06-30 --out report.md; tiendo report --from 2020-01-01 --to 2020-06-30 --out report.md --force
--out: 'report.md': exists already; give --force to replace it
wrote report.md \(\d+ delayed projects, \d+ milestones due next quarter\) (re)
$ ln -s victim.txt link.md && tiendo report --from 2020-01-01 --to 2020-06-30 --out link.md --force; ln -s made-by-link dangling.html && tiendo report --from 2020-01-01 --to 2020-06-30 --out dangling.html; cat victim.txt; ls made-by-link
--out: 'link.md': is a symbolic link; tiendo never writes through a link (give the real path)
--out: 'dangling.html': is a symbolic link; tiendo never writes through a link (give the real path)
precious
ls: cannot access 'made-by-link': No such file or directory
[2]
$ tiendo report --from 2020-01-01 --to 2020-06-30 --out folder/missing/r.html; tiendo report --from 2020-01-01 --to 2020-06-30 --out victim.txt/r.html; mkdir r.html && tiendo report --from 2020-01-01 --to 2020-06-30 --out r.html --force
--out: 'folder/missing/r.html': no such folder 'folder/missing'
--out: 'victim.txt/r.html': 'victim.txt' is not a folder
--out: 'r.html': is a folder; give a file name
[2]
$ tiendo --db "" project list
--db: '': no file name given
[2]
$ TIENDO_DB=x.db tiendo project list --db ""
--db: '': no file name given
[2]
