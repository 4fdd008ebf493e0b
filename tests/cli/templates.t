# Milestone templates per technology (fixtures/templates.csv): a new 110 kV line gets the grid
# template's four milestones and links; a small hydro plant falls back to the hydro group's.
$ tiendo init > /dev/null
$ tiendo project add TB-LINE --name "ĐZ 110 kV Hoàng Long" --technology grid --province "Thái Bình" --template
added TB-LINE (9 change-log rows; 4 milestones from the template)
$ tiendo project add LS-HYDRO --name "Thủy điện X" --technology hydro_small --province "Lạng Sơn" --template --templates $FIXTURES/templates.csv
added LS-HYDRO (13 change-log rows; 6 milestones from the template)
$ tiendo depend list --project TB-LINE --format csv
from,to,type,lag
TB-LINE:plan_inclusion,TB-LINE:site_clearance,FS,180
TB-LINE:site_clearance,TB-LINE:construction_start,SS,60
TB-LINE:construction_start,TB-LINE:grid_line_energized,FS,270
TB-LINE:site_clearance,TB-LINE:grid_line_energized,FS,0
# As of 2024-01-01: clearance (180 d) starts 2024-06-29 (FS +180), construction 60 days into it
# (SS +60: 2024-08-28), energisation 270 days after that: 2025-05-25.
$ tiendo schedule --as-of 2024-01-01 --project TB-LINE --format csv | cut -d, -f1,4,5,10
milestone,early start,early finish,driver
TB-LINE:plan_inclusion,2024-01-01,2024-01-01,as-of date
TB-LINE:site_clearance,2024-06-29,2024-12-26,TB-LINE:plan_inclusion (FS +180)
TB-LINE:construction_start,2024-08-28,2024-08-28,TB-LINE:site_clearance (SS +60)
TB-LINE:grid_line_energized,2025-05-25,2025-05-25,TB-LINE:construction_start (FS +270)
$ printf 'technology,key\nwindmill,cod\n' > bad.csv && tiendo project add X --name X --technology coal --province "Thái Bình" --template --templates bad.csv
bad.csv:1: header: 'technology,key': a template file has the columns technology,key,name,duration_days,after,type,lag_days,source
[2]
