# `project remove CODE --reason TEXT`: a project entered by mistake goes with its milestones, the
# links between them and its status events; the change log keeps every removed row. Refused while
# another project links to it (a dependency either way, or a child naming it as its parent), and
# the code `new` is refused as a project code everywhere.
$ tiendo init > /dev/null
$ tiendo project add ST-LINE --name "ĐZ 110 kV Vĩnh Châu" --technology grid --province "Sóc Trăng" --template > /dev/null
$ tiendo project add ST-WIND --name "Điện gió Hòa Bình 5" --technology wind_onshore --province "Sóc Trăng" --template > /dev/null
$ tiendo project add ST-WIND-2 --name "Điện gió Hòa Bình 5, giai đoạn 2" --technology wind_onshore --province "Sóc Trăng" --parent ST-WIND > /dev/null
$ tiendo project add ST-OOPS --name "Nhập nhầm" --technology solar_farm --province "Sóc Trăng" --template
added ST-OOPS (16 change-log rows; 8 milestones from the template)
$ tiendo project status ST-OOPS cancelled --date 2024-03-01 --reason "other:nhập trùng"
ST-OOPS is cancelled from 2024-03-01
$ tiendo depend add ST-LINE:grid_line_energized ST-WIND:cod
ST-LINE:grid_line_energized -> ST-WIND:cod (FS 0)
# A reason is required.
$ tiendo project remove ST-OOPS
tiendo: --reason is required
[2]
$ tiendo project remove ST-OOPS --reason " "
reason: ' ': say why the project is removed (the change log keeps it)
[2]
$ tiendo project remove ST-GHOST --reason "nhập nhầm"
tiendo: project 'ST-GHOST' not found
[3]
# Linked either way, or a parent: refused, naming the others; nothing is removed.
$ tiendo project remove ST-LINE --reason "nhập nhầm"
tiendo: project 'ST-LINE' cannot be removed while other projects link to it: ST-WIND (ST-LINE:grid_line_energized -> ST-WIND:cod); remove those links first; nothing was removed
[4]
$ tiendo project remove ST-WIND --reason "nhập nhầm"
tiendo: project 'ST-WIND' cannot be removed while other projects link to it: ST-WIND-2 (names it as its parent), ST-LINE (ST-LINE:grid_line_energized -> ST-WIND:cod); remove those links first; nothing was removed
[4]
$ tiendo project remove ST-OOPS --reason "nhập trùng với ST-WIND" --lang vi
đã xoá ST-OOPS (8 mốc, 7 phụ thuộc; 17 dòng nhật ký thay đổi)
$ tiendo project show ST-OOPS
tiendo: project 'ST-OOPS' not found
[3]
$ tiendo project list --format csv | cut -d, -f1
code
ST-LINE
ST-WIND
ST-WIND-2
# The change log keeps what was removed, with the reason: the links, the milestones, the status
# and the project, each with its values.
$ tiendo history ST-OOPS --format csv | cut -d, -f3,4 | sort | uniq -c
      1 dependency:ST-OOPS:commissioning->ST-OOPS:cod,removed
      1 dependency:ST-OOPS:construction_start->ST-OOPS:commissioning,removed
      1 dependency:ST-OOPS:grid_connection_agreement->ST-OOPS:ppa_signed,removed
      1 dependency:ST-OOPS:investment_policy->ST-OOPS:grid_connection_agreement,removed
      1 dependency:ST-OOPS:investment_policy->ST-OOPS:site_clearance,removed
      1 dependency:ST-OOPS:plan_inclusion->ST-OOPS:investment_policy,removed
      1 dependency:ST-OOPS:site_clearance->ST-OOPS:construction_start,removed
      1 entity,field
      1 milestone:ST-OOPS:cod,removed
      1 milestone:ST-OOPS:commissioning,removed
      1 milestone:ST-OOPS:construction_start,removed
      1 milestone:ST-OOPS:grid_connection_agreement,removed
      1 milestone:ST-OOPS:investment_policy,removed
      1 milestone:ST-OOPS:plan_inclusion,removed
      1 milestone:ST-OOPS:ppa_signed,removed
      1 milestone:ST-OOPS:site_clearance,removed
      1 project:ST-OOPS,created
      1 project:ST-OOPS,removed
      2 project:ST-OOPS,status
$ tiendo history ST-OOPS --format csv | grep '^[^,]*,[^,]*,project:ST-OOPS,removed,' | cut -d, -f2-
tester,project:ST-OOPS,removed,code=ST-OOPS; name=Nhập nhầm; technology=solar_farm; province=Sóc Trăng; stage=proposed,,nhập trùng với ST-WIND,
$ tiendo history ST-OOPS --format json | python3 -c "import json,sys; print(sorted({(r['actor'], r['reason']) for r in json.load(sys.stdin)['changes'] if r['field'] == 'removed'}))"
[('tester', 'nhập trùng với ST-WIND')]
# The code can be used again.
$ tiendo project add ST-OOPS --name "Điện mặt trời Mỹ Xuyên" --technology solar_farm --province "Sóc Trăng"
added ST-OOPS (1 change-log rows)
# The code `new` names the web workspace's page for a new project.
$ tiendo project add new --name "Dự án mới" --technology solar_farm --province "Sóc Trăng"
code: 'new': reserved (the web workspace's page for a new project is /projects/new); choose another code
[2]
$ printf 'code,name,technology,province\nnew,Dự án mới,solar_farm,Sóc Trăng\n' > projects.csv && tiendo import projects.csv
projects.csv:2: code: 'new': reserved (the web workspace's page for a new project is /projects/new); choose another code
[2]
