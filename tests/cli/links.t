# tiendo milestone remove: a milestone entered by mistake goes with its links, with a reason that
# the change log keeps beside its last values; the key `new` is reserved on every face.
$ tiendo init > /dev/null && tiendo project add LS-FARM --name 'Điện gió Lạng Sơn' --technology wind_onshore --province 'Lạng Sơn' > /dev/null
$ tiendo milestone add LS-FARM:site_clearance --planned 01/2026 && tiendo milestone add LS-FARM:construction_start --planned 03/2026 && tiendo milestone add LS-FARM:cod --planned 2027
added LS-FARM:site_clearance
added LS-FARM:construction_start
added LS-FARM:cod
$ tiendo depend add LS-FARM:site_clearance LS-FARM:construction_start --lag 10 && tiendo depend add LS-FARM:construction_start LS-FARM:cod
LS-FARM:site_clearance -> LS-FARM:construction_start (FS 10)
LS-FARM:construction_start -> LS-FARM:cod (FS 0)
$ tiendo milestone add LS-FARM:new --planned 2026
key: 'new': 'new' is reserved (it names the page that adds a milestone); choose another key
[2]
$ tiendo milestone remove LS-FARM:site_clearance
tiendo: --reason is required
[2]
$ tiendo milestone remove LS-FARM:site_clearance --reason ''
reason: '': a milestone is removed only with a reason (the history keeps it)
[2]
$ tiendo milestone remove LS-FARM:nothing --reason 'entered twice'
tiendo: milestone 'LS-FARM:nothing' not found
[3]
$ tiendo --actor hoa milestone remove LS-FARM:site_clearance --reason 'entered twice'
removed LS-FARM:site_clearance with its 1 links
$ tiendo --lang vi milestone remove LS-FARM:cod --reason 'nhập nhầm'
đã xóa LS-FARM:cod cùng 1 quan hệ phụ thuộc của mốc
$ tiendo depend list --project LS-FARM
from  to  type  lag
───────────────────
$ tiendo history LS-FARM --limit 4 --format csv | cut -d, -f2-5,7
actor,entity,field,old,reason
hoa,dependency:LS-FARM:site_clearance->LS-FARM:construction_start,removed,FS 10,entered twice
hoa,milestone:LS-FARM:site_clearance,removed,project=LS-FARM; key=site_clearance; duration_days=0; planned=2026-01,entered twice
tester,dependency:LS-FARM:construction_start->LS-FARM:cod,removed,FS 0,nhập nhầm
tester,milestone:LS-FARM:cod,removed,project=LS-FARM; key=cod; duration_days=0; planned=2027,nhập nhầm
