# Accounts of the web workspace and the API: tiendo user add|set|list|token|revoke. A password is
# read from standard input only; nothing secret is ever printed, logged or stored in clear.
$ tiendo init
test.db: tiendo database, schema version 13
# The first admin, as the README and docs/web.md say to create it.
$ PASSWORD='correct horse battery'; printf '%s\n' "$PASSWORD" | tiendo user add admin --role admin --password-stdin
added account admin (admin)
$ printf 'a password for Bích\n' | tiendo --actor admin user add tran.thi.bich --role editor --province 'can tho' --province 'Lạng Sơn' --password-stdin
added account tran.thi.bich (editor)
$ printf 'viewer password\r\n' | tiendo --lang vi user add viewer.one --role viewer --province 'Trà Vinh' --password-stdin
đã thêm tài khoản viewer.one (người xem)
$ tiendo user list | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/'
name           role    provinces          disabled  tokens  created (UTC)
────────────────────────────────────────────────────────────────────────────────
admin          admin                      no             0  TIME
tran.thi.bich  editor  Cần Thơ; Lạng Sơn  no             0  TIME
viewer.one     viewer  Trà Vinh           no             0  TIME
# A token is printed once on standard output (a note on standard error), counted, and valid
# until revoked.
$ tiendo user token tran.thi.bich > token.txt && grep -cE '^[A-Za-z0-9_-]{43}$' token.txt
API token for tran.thi.bich; it will not be shown again
1
$ tiendo user token tran.thi.bich 2> /dev/null | wc -c
44
$ tiendo user list --format csv | cut -d, -f1,5
name,tokens
admin,0
tran.thi.bich,2
viewer.one,0
$ tiendo --lang vi user list --format csv | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/'
tên,vai trò,các tỉnh,đã khoá,mã truy cập,tạo lúc (UTC)
admin,quản trị viên,,không,0,TIME
tran.thi.bich,biên tập viên,Cần Thơ; Lạng Sơn,không,2,TIME
viewer.one,người xem,Trà Vinh,không,0,TIME
$ tiendo user revoke tran.thi.bich
revoked 2 API tokens of tran.thi.bich
$ tiendo user revoke tran.thi.bich
revoked 0 API tokens of tran.thi.bich
# set changes only what is given; an editor keeps at least one province (a viewer's provinces,
# which order its dashboard, stay when it becomes an editor).
$ tiendo user set admin --role editor
--role: 'editor': an editor needs at least one --province (the provinces it may edit)
[2]
$ tiendo user set viewer.one --role editor
updated account viewer.one
$ tiendo user set viewer.one --role editor --province 'ben tre' && tiendo user set viewer.one --disable && printf 'another password\n' | tiendo user set viewer.one --password-stdin
updated account viewer.one
updated account viewer.one
updated account viewer.one
$ tiendo user list --format json | python3 -c 'import json, sys; [print(a["name"], a["role"], a["provinces"], a["disabled"], a["active_tokens"]) for a in json.load(sys.stdin)["accounts"]]'
admin admin [] False 0
tran.thi.bich editor ['Cần Thơ', 'Lạng Sơn'] False 0
viewer.one editor ['Bến Tre'] True 0
$ tiendo user set viewer.one --enable
updated account viewer.one
# Every change is in the change log, with its actor, and no secret.
$ tiendo history --format csv | cut -d, -f2-6
actor,entity,field,old,new
tester,account:admin,created,,name=admin; role=admin
admin,account:tran.thi.bich,created,,name=tran.thi.bich; role=editor; provinces=Cần Thơ; Lạng Sơn
tester,account:viewer.one,created,,name=viewer.one; role=viewer; provinces=Trà Vinh
tester,account:tran.thi.bich,token,,issued
tester,account:tran.thi.bich,token,,issued
tester,account:tran.thi.bich,token,2 active,revoked
tester,account:viewer.one,role,viewer,editor
tester,account:viewer.one,provinces,Trà Vinh,Bến Tre
tester,account:viewer.one,disabled,no,yes
tester,account:viewer.one,password,,changed
tester,account:viewer.one,disabled,yes,no
# Nothing secret anywhere: not the passwords, not the token, in any output or in the file.
$ sqlite3 test.db .dump > dump.sql && grep -c 'INSERT INTO api_token' dump.sql && grep -c 'correct horse battery\|a password for\|viewer password\|another password' dump.sql; grep -c -F -f token.txt dump.sql; cat test.db* | grep -c -F -f token.txt; tiendo user list --format json | grep -c argon2
2
0
0
0
0
[1]
$ sqlite3 test.db "SELECT name, substr(password_hash, 1, 10) FROM account ORDER BY name; SELECT count(*), length(token_hash) FROM api_token;"
admin|$argon2id$
tran.thi.bich|$argon2id$
viewer.one|$argon2id$
2|64
# Every error code: bad input 2, not found 3, conflict 4.
$ tiendo user add nobody --role viewer
--password-stdin: needed: a password is read from standard input, never from an option
[2]
$ printf 'too short\n' | tiendo user add nobody --role viewer --password-stdin
password: shorter than 10 characters
[2]
$ printf 'first line1\nsecond line\n' | tiendo user add nobody --role viewer --password-stdin
--password-stdin: standard input holds more than one line
[2]
$ tiendo user add nobody --role viewer --password-stdin < /dev/null
--password-stdin: standard input holds no password
[2]
$ printf 'long enough password\n' | tiendo user add 'nguyễn' --role viewer --password-stdin
NAME: 'nguyễn': only letters a-z and A-Z, digits, '.', '_' and '-' may name an account
[2]
$ printf 'long enough password\n' | tiendo user add nobody --role root --password-stdin
--role: 'root': not a role (viewer, editor or admin)
[2]
$ printf 'long enough password\n' | tiendo user add nobody --role editor --password-stdin
--role: 'editor': an editor needs at least one --province (the provinces it may edit)
[2]
$ printf 'long enough password\n' | tiendo user add nobody --role editor --province 'Soc Tran' --password-stdin
--province: 'Soc Tran': unknown province (nearest: Sóc Trăng, Sơn La, Bắc Kạn)
[2]
$ printf 'long enough password\n' | tiendo user add nobody --role viewer --password 'long enough password'
tiendo: The following arguments were not expected: long enough password --password
[2]
$ tiendo user set admin --disable --enable
tiendo: --disable excludes --enable
[2]
$ tiendo user set ghost --disable
tiendo: account 'ghost' not found
[3]
$ tiendo user token ghost
tiendo: account 'ghost' not found
[3]
$ tiendo user revoke ghost
tiendo: account 'ghost' not found
[3]
$ printf 'long enough password\n' | tiendo user add ADMIN --role viewer --password-stdin
tiendo: account 'admin' exists already
[4]
$ tiendo user list --format xlsx
--format: 'xlsx': user list writes table, csv or json
[2]
$ tiendo user list | wc -l
5
# The last enabled admin stays: it cannot be disabled or demoted (the account management would be
# left to nobody); nothing is written when refused. With a second enabled admin, it can.
$ tiendo user set admin --disable
NAME: 'admin': the last enabled admin cannot be disabled, demoted or removed (make another account admin first)
[2]
$ tiendo user set Admin --role viewer
NAME: 'admin': the last enabled admin cannot be disabled, demoted or removed (make another account admin first)
[2]
$ tiendo user set viewer.one --role admin --disable && tiendo user set admin --role viewer
updated account viewer.one
NAME: 'admin': the last enabled admin cannot be disabled, demoted or removed (make another account admin first)
[2]
$ tiendo user set viewer.one --enable && tiendo user set admin --role viewer && tiendo user set viewer.one --disable
updated account viewer.one
updated account admin
NAME: 'viewer.one': the last enabled admin cannot be disabled, demoted or removed (make another account admin first)
[2]
$ tiendo user list --format csv | cut -d, -f1,2,4
name,role,disabled
admin,viewer,no
tran.thi.bich,editor,no
viewer.one,admin,no
# An account is removed with its tokens and sessions, its changes staying in the change log; the
# last enabled admin cannot be removed either.
$ tiendo user remove viewer.one
NAME: 'viewer.one': the last enabled admin cannot be disabled, demoted or removed (make another account admin first)
[2]
$ tiendo user token admin > /dev/null 2>&1 && tiendo user remove admin && tiendo user remove ghost
removed account admin
tiendo: account 'ghost' not found
[3]
$ tiendo user list --format csv | cut -d, -f1,2 && sqlite3 test.db "SELECT count(*) FROM api_token WHERE account_id NOT IN (SELECT id FROM account); SELECT count(*) FROM account_province WHERE account_id NOT IN (SELECT id FROM account); SELECT count(*) FROM api_token;"
name,role
tran.thi.bich,editor
viewer.one,admin
0
0
2
$ tiendo history --format csv | cut -d, -f2-6 | tail -n 1
tester,account:admin,removed,role=viewer,
