-- 0012_notice_plan: a notice of a violation-handling result may report the
-- violation found at an inspection target (issue 13 item 8): plan_id is the
-- inspection plan, plan_target the target's 1-based position in it (0 and
-- NULL when the notice stands alone).
ALTER TABLE notices ADD COLUMN plan_id BIGINT NULL REFERENCES inspections (id);
ALTER TABLE notices ADD COLUMN plan_target INTEGER NOT NULL DEFAULT 0;

CREATE INDEX notices_plan ON notices (plan_id) WHERE plan_id IS NOT NULL;
