#!/usr/bin/env python3
"""Writes fixtures/msproject/huong-linh-9-update.xml: the contractor's next update of
fixtures/msproject/huong-linh-9.xml (issue 31: a later file applied as edits). Status date
01/04/2026; task 3 finished on 10/03/2026; task 5 takes 96 hours instead of 80; task 7 is gone
(with its link into 8) and task 9 is new after 6; the link 5 -> 6 is now FS without lag instead of
SS + 3 days. Run from the repository root."""
import re

with open('fixtures/msproject/huong-linh-9.xml', encoding='utf-8') as source:
    text = source.read()

tasks = re.findall(r'\t\t<Task>\n.*?\t\t</Task>\n', text, flags=re.S)
by_uid = {re.search(r'<UID>(\d+)</UID>', task).group(1): task for task in tasks}
changed = dict(by_uid)
changed['3'] = (by_uid['3']
                .replace('<PercentComplete>50</PercentComplete>',
                         '<ActualFinish>2026-03-10T17:00:00</ActualFinish>\n\t\t\t<PercentComplete>100</PercentComplete>')
                .replace('<RemainingDuration>PT80H0M0S</RemainingDuration>',
                         '<RemainingDuration>PT0H0M0S</RemainingDuration>'))
changed['5'] = (by_uid['5']
                .replace('<Duration>PT80H0M0S</Duration>\n\t\t\t<DurationFormat>',
                         '<Duration>PT96H0M0S</Duration>\n\t\t\t<DurationFormat>', 1)
                .replace('<RemainingDuration>PT80H0M0S</RemainingDuration>',
                         '<RemainingDuration>PT96H0M0S</RemainingDuration>'))
changed['6'] = re.sub(r'<Type>3</Type>(\s*<CrossProject>0</CrossProject>\s*)<LinkLag>14400</LinkLag>',
                      r'<Type>1</Type>\g<1><LinkLag>0</LinkLag>', by_uid['6'])
del changed['7']
changed['8'] = re.sub(r'\t\t\t<PredecessorLink>\n\t\t\t\t<PredecessorUID>7</PredecessorUID>.*?</PredecessorLink>\n',
                      '', by_uid['8'], flags=re.S)
changed['9'] = '''\t\t<Task>
\t\t\t<UID>9</UID>
\t\t\t<ID>9</ID>
\t\t\t<Name>Nghiệm thu đóng điện</Name>
\t\t\t<WBS>3</WBS>
\t\t\t<OutlineLevel>1</OutlineLevel>
\t\t\t<Start>2026-04-20T07:30:00</Start>
\t\t\t<Finish>2026-04-22T17:00:00</Finish>
\t\t\t<Duration>PT24H0M0S</Duration>
\t\t\t<DurationFormat>7</DurationFormat>
\t\t\t<Milestone>0</Milestone>
\t\t\t<Summary>0</Summary>
\t\t\t<PercentComplete>0</PercentComplete>
\t\t\t<RemainingDuration>PT24H0M0S</RemainingDuration>
\t\t\t<ConstraintType>0</ConstraintType>
\t\t\t<CalendarUID>-1</CalendarUID>
\t\t\t<PredecessorLink>
\t\t\t\t<PredecessorUID>6</PredecessorUID>
\t\t\t\t<Type>1</Type>
\t\t\t\t<CrossProject>0</CrossProject>
\t\t\t\t<LinkLag>0</LinkLag>
\t\t\t\t<LagFormat>7</LagFormat>
\t\t\t</PredecessorLink>
\t\t</Task>
'''
assert changed['3'] != by_uid['3'] and changed['5'] != by_uid['5']
assert changed['6'] != by_uid['6'] and changed['8'] != by_uid['8']
start = text.index(tasks[0])
end = text.index(tasks[-1]) + len(tasks[-1])
text = text[:start] + ''.join(changed[uid] for uid in sorted(changed, key=int)) + text[end:]
text = text.replace('<StatusDate>2026-03-02T07:30:00</StatusDate>',
                    '<StatusDate>2026-04-01T07:30:00</StatusDate>')
text = text.replace('Its dates are plausible, not computed. -->',
                    'Its dates are plausible, not computed.\n     The contractor\'s next update of '
                    'huong-linh-9.xml, written by tools/huong_linh_update.py. -->')
with open('fixtures/msproject/huong-linh-9-update.xml', 'w', encoding='utf-8') as out:
    out.write(text)
