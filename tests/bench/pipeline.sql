-- The pipeline by province and stage as a planner would write it in SQL over the tiendo CSVs
-- imported as plain tables by the sqlite3 shell: leaf plants only (no grid works, no parents),
-- the stage raised by the gates of milestones done by the as-of date (a coarse date stands for
-- the end of its period), provinces rolled up into the units in force since 1 July 2025.
-- The as-of date is fixed to the one bench.py passes to tiendo.
WITH stage_rank(stage, rank) AS (
  VALUES ('proposed', 0), ('in_plan', 1), ('approved', 2), ('permitted', 3), ('construction', 4),
         ('commissioning', 5), ('operating', 6)),
gate(key, rank) AS (
  VALUES ('survey', 0), ('plan_inclusion', 1), ('investment_policy', 2),
         ('investment_certificate', 2), ('ppa_signed', 3), ('construction_permit', 3),
         ('construction_start', 4), ('commissioning', 5), ('cod', 6)),
leaf AS (
  SELECT p.* FROM projects p
  WHERE p.technology <> 'grid'
    AND p.code NOT IN (SELECT parent FROM projects WHERE parent <> '')),
reached AS (
  SELECT m.project, MAX(g.rank) AS rank
  FROM milestones m JOIN gate g ON g.key = m.key
  WHERE m.actual <> '' AND (CASE length(m.actual)
                              WHEN 4 THEN m.actual || '-12-31'
                              WHEN 7 THEN date(m.actual || '-01', '+1 month', '-1 day')
                              ELSE m.actual END) <= '2026-06-30'
  GROUP BY m.project)
SELECT v.province_since_2025_07_01 AS province, s.stage, COUNT(*) AS projects,
       ROUND(SUM(CAST(l.capacity_mw AS REAL)), 6) AS mw
FROM leaf l
JOIN stage_rank e ON e.stage = l.stage
LEFT JOIN reached r ON r.project = l.code
JOIN provinces v ON v.legacy_province = l.province
JOIN stage_rank s ON s.rank = MAX(e.rank, COALESCE(r.rank, -1))
GROUP BY v.province_since_2025_07_01, s.stage;
