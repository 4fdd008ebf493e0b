-- tiendo schema, version 5: the pipeline reads only the projects and their done gate milestones
-- (store/database.cpp, load_done_milestones). This partial index holds exactly those columns of
-- the milestones that are done, so the question is answered without reading the milestone table
-- (20,000 projects: 380,000 milestones, of which about a quarter are done). An import that more
-- than doubles the table builds it once, after its rows (DeferredIndexes).
CREATE INDEX milestone_done ON milestone(key, actual, project_id) WHERE actual IS NOT NULL;
