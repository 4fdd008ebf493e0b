# Long chains of parents and long dependency cycles: checked in time linear in their length, and
# named in one short line (the first 20 members and a count), exit 2, nothing written.
$ tiendo init > /dev/null
# A parent chain 20,000 deep (each project's parent is the one before) imports, dry run and for real.
$ awk 'BEGIN { print "code,name,technology,province,parent"; for (i = 0; i < 20000; i++) printf "C-%d,Dự án %d,wind_onshore,Lạng Sơn,%s\n", i, i, (i ? "C-" (i - 1) : "") }' > chain.csv && tiendo import chain.csv --dry-run
dry run, nothing written. would import projects: 20000 added, 0 changed; milestones: 0 added, 0 changed; dependencies: 0 added, 0 changed
$ tiendo import chain.csv
imported projects: 20000 added, 0 changed; milestones: 0 added, 0 changed; dependencies: 0 added, 0 changed
# Closing it into a loop of 20,000: every project in it is named, each line with 20 projects.
$ printf 'code,name,technology,province,parent\nC-0,Dự án 0,wind_onshore,Lạng Sơn,C-19999\n' > loop.csv && tiendo import loop.csv 2>&1 | head -1
loop.csv:2: parent: 'C-19999': parents form a loop: C-0 -> C-19999 -> C-19998 -> C-19997 -> C-19996 -> C-19995 -> C-19994 -> C-19993 -> C-19992 -> C-19991 -> C-19990 -> C-19989 -> C-19988 -> C-19987 -> C-19986 -> C-19985 -> C-19984 -> C-19983 -> C-19982 -> C-19981 -> … and 19,980 more
$ tiendo import loop.csv > /dev/null 2>&1; echo "exit $?"; tiendo project show C-0 --format json | grep '"parent"'
exit 2
  "parent": null,
# A dependency cycle through the cod of 4,000 projects: one line, exit 2.
$ awk 'BEGIN { print "code,name,technology,province"; for (i = 0; i < 4000; i++) printf "P-%d,Dự án,wind_onshore,Lạng Sơn\n", i }' > projects.csv && awk 'BEGIN { print "project,key,planned"; for (i = 0; i < 4000; i++) printf "P-%d,cod,2021-01-01\n", i }' > milestones.csv && awk 'BEGIN { print "from,to"; for (i = 0; i < 4000; i++) printf "P-%d:cod,P-%d:cod\n", i, (i + 1) % 4000 }' > dependencies.csv
$ tiendo import projects.csv milestones.csv dependencies.csv
dependencies.csv:4001: to: 'P-0:cod': closes a dependency cycle: P-0:cod -> P-1:cod -> P-2:cod -> P-3:cod -> P-4:cod -> P-5:cod -> P-6:cod -> P-7:cod -> P-8:cod -> P-9:cod -> P-10:cod -> P-11:cod -> P-12:cod -> P-13:cod -> P-14:cod -> P-15:cod -> P-16:cod -> P-17:cod -> P-18:cod -> P-19:cod -> … and 3,980 more
[2]
# Nothing of it was written: the 20,000 projects of the chain and the header.
$ tiendo project list --format csv | wc -l
20001
