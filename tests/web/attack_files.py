"""Hostile contractor's schedules for the attack tests: small P6 XER and MS Project XML files
written here, varied by what each attack needs (calendars with no working time, huge lags, years
far away, thousands of calendars, exceptions that repeat centuries, ...)."""

WEEK = "(0||CalendarData()((0||DaysOfWeek()({days}))(0||Exceptions()({exceptions}))))"
WORK = [("07:00", "11:00"), ("13:00", "17:00")]


def p6_day(number, periods):
    inner = "".join(f"(0||{i}(s|{start}|f|{finish})())" for i, (start, finish) in enumerate(periods))
    return f"(0||{number}()({inner}))"


def p6_calendar(working=True, exceptions=""):
    """A P6 clndr_data: Monday to Saturday 07-11, 13-17 (P6 counts Sunday as 1), or no work."""
    days = "".join(p6_day(number, WORK if working and 2 <= number <= 7 else [])
                   for number in range(1, 8))
    return WEEK.format(days=days, exceptions=exceptions)


def p6_task(task_id, kind="TT_Task", hours="80", calendar="10", status="TK_NotStart", start="",
            constraint="", constraint_date="", target_start="2027-01-04 07:00",
            target_finish="2027-01-11 17:00"):
    return [str(task_id), "100", "", calendar, kind, status, f"A-{task_id}", f"Activity {task_id}",
            hours, hours, start, "", "", "", target_start, target_finish, constraint,
            constraint_date]


def p6_link(successor, predecessor, lag="0"):
    return (str(successor), str(predecessor), "100", "100", "PR_FS", lag)


def xer(tasks=None, links=None, calendar=None, data_date="2027-01-04 00:00", more_calendars=()):
    """A P6 export of one project ATK-1 on calendar 10; `more_calendars` are (id, clndr_data)."""
    if tasks is None:
        tasks = [p6_task(1), p6_task(2), p6_task(3, kind="TT_FinMile", hours="0")]
    if links is None:
        links = [p6_link(2, 1), p6_link(3, 2)]
    calendar = calendar if calendar is not None else p6_calendar()
    lines = ["ERMHDR\t19.12\t2027-01-10\tProject\tadmin\tAdmin\tdbx\tPM\tVND",
             "%T\tPROJECT",
             "%F\tproj_id\tproj_short_name\tclndr_id\tlast_recalc_date\tplan_start_date",
             f"%R\t100\tATK-1\t10\t{data_date}\t2026-11-02 07:00",
             "%T\tCALENDAR",
             "%F\tclndr_id\tdefault_flag\tclndr_name\tproj_id\tbase_clndr_id\tclndr_type\t"
             "day_hr_cnt\tclndr_data",
             f"%R\t10\tY\tCal\t\t\tCA_Base\t8\t{calendar}"]
    lines += [f"%R\t{number}\tN\tCal {number}\t\t\tCA_Base\t8\t{data}"
              for number, data in more_calendars]
    lines += ["%T\tTASK",
              "%F\ttask_id\tproj_id\twbs_id\tclndr_id\ttask_type\tstatus_code\ttask_code\t"
              "task_name\ttarget_drtn_hr_cnt\tremain_drtn_hr_cnt\tact_start_date\tact_end_date\t"
              "early_start_date\tearly_end_date\ttarget_start_date\ttarget_end_date\tcstr_type\t"
              "cstr_date"]
    lines += ["%R\t" + "\t".join(task) for task in tasks]
    lines += ["%T\tTASKPRED",
              "%F\ttask_pred_id\ttask_id\tpred_task_id\tproj_id\tpred_proj_id\tpred_type\t"
              "lag_hr_cnt"]
    lines += ["%R\t" + "\t".join((str(index + 1),) + link) for index, link in enumerate(links)]
    lines.append("%E")
    return ("\n".join(lines) + "\n").encode()


MSPDI_WEEK = "".join(
    f"<WeekDay><DayType>{day}</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime>"
    f"<FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime></WorkingTimes>"
    f"</WeekDay>" for day in range(2, 7)) + \
    "<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>" \
    "<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>"


def mspdi_task(uid, duration="PT8H0M0S", links="", milestone=0):
    return (f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>T{uid}</Name><OutlineLevel>1"
            f"</OutlineLevel><Start>2026-01-05T08:00:00</Start><Finish>2026-01-06T12:00:00"
            f"</Finish><Duration>{duration}</Duration><Milestone>{milestone}</Milestone><Summary>0"
            f"</Summary><RemainingDuration>{duration}</RemainingDuration><ConstraintType>0"
            f"</ConstraintType><CalendarUID>-1</CalendarUID>{links}</Task>")


def mspdi_link(predecessor, lag=0, lag_format=7):
    return (f"<PredecessorLink><PredecessorUID>{predecessor}</PredecessorUID><Type>1</Type>"
            f"<LinkLag>{lag}</LinkLag><LagFormat>{lag_format}</LagFormat></PredecessorLink>")


def mspdi(tasks=None, weekdays=MSPDI_WEEK, prolog="", exceptions=""):
    """An MS Project XML file of one project on calendar 1 (Monday to Friday 08-12)."""
    if tasks is None:
        tasks = mspdi_task(1) + mspdi_task(2, links=mspdi_link(1)) + \
            mspdi_task(3, duration="PT0H0M0S", milestone=1, links=mspdi_link(2))
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}\n'
            f'<Project xmlns="http://schemas.microsoft.com/project"><SaveVersion>14</SaveVersion>'
            f'<Name>atk.xml</Name><Title>ATK-X</Title><ScheduleFromStart>1</ScheduleFromStart>'
            f'<StartDate>2026-01-05T08:00:00</StartDate><CalendarUID>1</CalendarUID>'
            f'<MinutesPerDay>240</MinutesPerDay><StatusDate>2026-03-02T07:30:00</StatusDate>'
            f'<Calendars><Calendar><UID>1</UID><Name>C</Name><IsBaseCalendar>1</IsBaseCalendar>'
            f'<BaseCalendarUID>-1</BaseCalendarUID><WeekDays>{weekdays}</WeekDays>{exceptions}'
            f'</Calendar></Calendars><Tasks>{tasks}</Tasks></Project>').encode()


def centuries_off(count):
    """`count` exceptions, each taking 1901-2199 off: the same 109,000 days again and again."""
    return "<Exceptions>" + "".join(
        "<Exception><TimePeriod><FromDate>1901-01-01T00:00:00</FromDate><ToDate>"
        "2199-12-31T23:59:00</ToDate></TimePeriod><Type>1</Type><DayWorking>0</DayWorking>"
        "</Exception>" for _ in range(count)) + "</Exceptions>"
