-- Review rounds: a resubmitted application is reviewed again, possibly by
-- the same reviewers, so an assignment belongs to one round of its project
-- and is unique per (project, round, reviewer) instead of per (project,
-- reviewer). projects.review_round is the round under way; resubmit
-- increments it.

-- +goose Up

ALTER TABLE projects ADD COLUMN review_round integer NOT NULL DEFAULT 1 CHECK (review_round >= 1);

ALTER TABLE review_assignments ADD COLUMN round integer NOT NULL DEFAULT 1 CHECK (round >= 1);
ALTER TABLE review_assignments DROP CONSTRAINT review_assignments_project_id_reviewer_id_key;
ALTER TABLE review_assignments ADD CONSTRAINT review_assignments_project_id_round_reviewer_id_key
    UNIQUE (project_id, round, reviewer_id);

-- +goose Down

-- Going back keeps, per project and reviewer, only the assignment of the
-- latest round (the old key allows one); earlier rounds' reviews go with
-- theirs.
DELETE FROM review_assignments a
WHERE EXISTS (SELECT 1 FROM review_assignments b
              WHERE b.project_id = a.project_id AND b.reviewer_id = a.reviewer_id AND b.round > a.round);
ALTER TABLE review_assignments DROP CONSTRAINT review_assignments_project_id_round_reviewer_id_key;
ALTER TABLE review_assignments ADD CONSTRAINT review_assignments_project_id_reviewer_id_key
    UNIQUE (project_id, reviewer_id);
ALTER TABLE review_assignments DROP COLUMN round;

ALTER TABLE projects DROP COLUMN review_round;
