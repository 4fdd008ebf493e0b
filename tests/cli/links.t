# tiendo milestone remove: a milestone entered by mistake goes with its links, with a reason that
# the change log keeps beside its last values; the key `new` is reserved on every face.
$ tiendo init > /dev/null && tiendo project add LS-FARM --name 'Điện gió Lạng Sơn' --technology wind_onshore --province 'Lạng Sơn' > /dev/null
$ tiendo milestone add LS-FARM:site_clearance --planned 01/2026 && tiendo milestone add LS-FARM:construction_start --planned 03/2026 && tiendo milestone add LS-FARM:cod --planned 2027
$ tiendo depend add LS-FARM:site_clearance LS-FARM:construction_start --lag 10 && tiendo depend add LS-FARM:construction_start LS-FARM:cod
$ tiendo milestone add LS-FARM:new --planned 2026
$ tiendo milestone remove LS-FARM:site_clearance
$ tiendo milestone remove LS-FARM:site_clearance --reason ''
$ tiendo milestone remove LS-FARM:nothing --reason 'entered twice'
$ tiendo --actor hoa milestone remove LS-FARM:site_clearance --reason 'entered twice'
$ tiendo --lang vi milestone remove LS-FARM:cod --reason 'nhập nhầm'
$ tiendo depend list --project LS-FARM
$ tiendo history --project LS-FARM --limit 3 --format csv | cut -d, -f2-6,8
