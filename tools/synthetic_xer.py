#!/usr/bin/env python3
"""Writes fixtures/p6/synthetic-vn-1258.xer: a small P6 export in Windows-1258 with Vietnamese
names, as a P6 installation in Vietnam writes it (tone marks as combining characters), for the XER
reader's encoding test and the import's golden tests. Run from the repository root."""
import unicodedata

TONES = {'\u0300', '\u0301', '\u0303', '\u0309', '\u0323'}


def cp1258(text):
    out = bytearray()
    for char in unicodedata.normalize('NFC', text):
        try:
            out += char.encode('cp1258')
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize('NFD', char)
        base = unicodedata.normalize('NFC', ''.join(c for c in parts if c not in TONES))
        out += base.encode('cp1258')
        out += ''.join(c for c in parts if c in TONES).encode('cp1258')
    return bytes(out)


CALENDAR = ('(0||CalendarData()((0||DaysOfWeek()((0||1()())'
            + ''.join(f'(0||{d}()((0||0(s|07:00|f|11:00)())(0||1(s|13:00|f|17:00)())))' for d in range(2, 8))
            + '))(0||Exceptions()((0||0(d|46388)())(0||1(d|46402)((0||0(s|07:00|f|11:00)())))))))')
# Exceptions: 46388 is 01/01/2027 (a holiday), 46402 is 15/01/2027 (a half day).

LINES = [
    'ERMHDR\t19.12\t2027-01-10\tProject\tadmin\tQuản trị\tdbxDatabaseNoName\tProject Management\tVND',
    '%T\tPROJECT',
    '%F\tproj_id\tproj_short_name\tclndr_id\tlast_recalc_date\tplan_start_date',
    '%R\t100\tĐG-BẠCLIÊU-3\t10\t2027-01-04 00:00\t2026-11-02 07:00',
    '%T\tCALENDAR',
    '%F\tclndr_id\tdefault_flag\tclndr_name\tproj_id\tbase_clndr_id\tclndr_type\tday_hr_cnt\tclndr_data',
    f'%R\t10\tY\tLịch công trường 6 ngày\t\t\tCA_Base\t8\t{CALENDAR}',
    '%T\tSCHEDOPTIONS',
    '%F\tschedoptions_id\tproj_id\tsched_retained_logic\tsched_calendar_on_relationship_lag\tsched_progress_override',
    '%R\t1\t100\tY\trcal_Predecessor\tN',
    '%T\tPROJWBS',
    '%F\twbs_id\tproj_id\tproj_node_flag\twbs_short_name\twbs_name\tparent_wbs_id',
    '%R\t500\t100\tY\tĐG3\tĐiện gió Bạc Liêu 3\t',
    '%R\t501\t100\tN\tXD\tXây dựng móng trụ\t500',
    '%R\t502\t100\tN\tĐN\tĐấu nối lưới điện\t500',
    '%T\tTASK',
    '%F\ttask_id\tproj_id\twbs_id\tclndr_id\ttask_type\tstatus_code\ttask_code\ttask_name\ttarget_drtn_hr_cnt\tremain_drtn_hr_cnt\tact_start_date\tact_end_date\tearly_start_date\tearly_end_date\ttarget_start_date\ttarget_end_date\tcstr_type\tcstr_date',
    '%R\t1\t100\t501\t10\tTT_Mile\tTK_Complete\tMS-000\tKhởi công xây dựng\t0\t0\t2026-11-02 07:00\t2026-11-02 07:00\t\t\t2026-11-02 07:00\t2026-11-02 07:00\t\t',
    '%R\t2\t100\t501\t10\tTT_Task\tTK_Active\tXD-100\tĐổ bê tông móng trụ tuốc-bin\t400\t120\t2026-11-03 07:00\t\t2027-01-04 07:00\t2027-01-07 11:00\t2026-11-03 07:00\t2026-12-31 17:00\t\t',
    '%R\t3\t100\t502\t10\tTT_Task\tTK_NotStart\tĐN-110\tKéo dây đường dây 110 kV\t80\t80\t\t\t2027-01-07 13:00\t2027-01-14 17:00\t2027-01-04 07:00\t2027-01-11 17:00\tCS_MSOA\t2027-01-05 07:00',
    '%R\t4\t100\t501\t10\tTT_Task\tTK_NotStart\tXD-120\tLắp dựng tuốc-bin\t160\t160\t\t\t2027-01-11 07:00\t2027-01-27 11:00\t2027-01-08 07:00\t2027-01-26 17:00\t\t',
    '%R\t5\t100\t500\t10\tTT_FinMile\tTK_NotStart\tCOD\tVận hành thương mại\t0\t0\t\t\t2027-01-27 11:00\t2027-01-27 11:00\t2027-01-26 17:00\t2027-01-26 17:00\tCS_MEOB\t2027-03-31 17:00',
    '%R\t6\t100\t500\t10\tTT_LOE\tTK_Active\tQL-900\tQuản lý dự án\t800\t400\t2026-11-02 07:00\t\t\t\t2026-11-02 07:00\t2027-01-26 17:00\t\t',
    '%R\t7\t100\t500\t10\tTT_WBS\tTK_NotStart\tTH-000\tTổng hợp hạng mục\t0\t0\t\t\t\t\t\t\t\t',
    '%T\tTASKPRED',
    '%F\ttask_pred_id\ttask_id\tpred_task_id\tproj_id\tpred_proj_id\tpred_type\tlag_hr_cnt',
    '%R\t1\t2\t1\t100\t100\tPR_FS\t0',
    '%R\t2\t3\t2\t100\t100\tPR_SS\t16',
    '%R\t3\t4\t2\t100\t100\tPR_FS\t0',
    '%R\t4\t5\t4\t100\t100\tPR_FF\t0',
    '%R\t5\t5\t3\t100\t100\tPR_FS\t-4',
    '%E',
]

# The contractor's next monthly update of the same project (issue 31: a later file applied as
# edits): data date 01/02/2027; XD-100 finished on 08/01/2027; XD-120 takes 200 hours instead of
# 160; ĐN-110 is gone and ĐN-115 is new (linked as ĐN-110 was); XD-120 -> COD is now FS + 8 hours
# instead of FF; COD's finish-on-or-before moves to 15/04/2027. MS-000 is unchanged.
UPDATE = [line for line in LINES if '\tĐN-110\t' not in line
          and not line.startswith('%R\t2\t3\t2\t') and not line.startswith('%R\t5\t5\t3\t')]
UPDATE = [line.replace('2027-01-04 00:00', '2027-02-01 00:00') if line.startswith('%R\t100\t') else line
          for line in UPDATE]
for i, line in enumerate(UPDATE):
    if '\tXD-100\t' in line:
        UPDATE[i] = ('%R\t2\t100\t501\t10\tTT_Task\tTK_Complete\tXD-100\tĐổ bê tông móng trụ tuốc-bin\t400\t0'
                     '\t2026-11-03 07:00\t2027-01-08 17:00\t\t\t2026-11-03 07:00\t2026-12-31 17:00\t\t')
    elif '\tXD-120\t' in line:
        UPDATE[i] = line.replace('\t160\t160\t', '\t200\t200\t')
    elif '\tCOD\t' in line:
        UPDATE[i] = line.replace('CS_MEOB\t2027-03-31 17:00', 'CS_MEOB\t2027-04-15 17:00')
    elif line.startswith('%R\t4\t5\t4\t'):
        UPDATE[i] = '%R\t4\t5\t4\t100\t100\tPR_FS\t8'
task_end = UPDATE.index('%T\tTASKPRED')
UPDATE.insert(task_end, '%R\t8\t100\t502\t10\tTT_Task\tTK_NotStart\tĐN-115\tThử nghiệm đóng điện 110 kV\t40\t40'
                        '\t\t\t\t\t2027-02-08 07:00\t2027-02-13 17:00\t\t')
UPDATE[-1:-1] = ['%R\t6\t8\t2\t100\t100\tPR_SS\t16', '%R\t7\t5\t8\t100\t100\tPR_FS\t-4']
# The same update made defective: ĐN-115 also precedes XD-100, which precedes it: a cycle. An
# import of it is refused whole, its baseline with it (tests/cli/contractor_update.t).
CYCLE = UPDATE[:-1] + ['%R\t8\t2\t8\t100\t100\tPR_FS\t0', '%E']


def write(path, lines):
    with open(path, 'wb') as out:
        out.write(b''.join(cp1258(line) + b'\r\n' for line in lines))


write('fixtures/p6/synthetic-vn-1258.xer', LINES)
write('fixtures/p6/synthetic-vn-1258-update.xer', UPDATE)
write('tests/cli/data/xer/update_cycle.xer', CYCLE)
