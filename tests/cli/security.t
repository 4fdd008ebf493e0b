# Hostile names are data, never SQL: the tables survive and the name comes back as typed.
$ tiendo init > /dev/null && tiendo project add EVIL-1 --name "x'); DROP TABLE project; --" --technology coal --province "Thái Bình" --source "'; DELETE FROM change_log; --"
added EVIL-1 (1 change-log rows)
$ tiendo project list --format csv && tiendo history EVIL-1 --format csv | cut -d, -f3,4
code,name,technology,province,MW,stage
EVIL-1,x'); DROP TABLE project; --,coal,Thái Bình,,proposed
entity,field
project:EVIL-1,created
$ sqlite3 test.db "SELECT count(*) FROM project; SELECT count(*) FROM change_log;"
1
1
# A path from the command line is used as given, never handed to a shell.
$ tiendo import '$(touch pwned).csv'; ls pwned 2>&1 | sed 's/.*cannot access.*/no file pwned/'
$(touch pwned).csv: cannot read the file
no file pwned
# The database file is created with the user's umask, never world-writable.
$ (umask 077 && tiendo init --db private.db > /dev/null && stat -c %a private.db) && (umask 022 && tiendo init --db shared.db > /dev/null && stat -c %a shared.db)
600
644
# Exports cannot carry live formulas.
$ tiendo project add F-1 --name "=HYPERLINK(\"http://x\")" --technology coal --province "Thái Bình" > /dev/null && tiendo export --what projects | grep F-1 | cut -d, -f1,2
F-1,"'=HYPERLINK(""http://x"")"
