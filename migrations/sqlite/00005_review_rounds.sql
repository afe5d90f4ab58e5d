-- Review rounds: a resubmitted application is reviewed again, possibly by
-- the same reviewers, so an assignment belongs to one round of its project
-- and is unique per (project, round, reviewer) instead of per (project,
-- reviewer). projects.review_round is the round under way; resubmit
-- increments it.
--
-- SQLite cannot drop a table constraint, so review_assignments is rebuilt,
-- and with it reviews and review_scores (their foreign keys must point at
-- the new table). The copies are made first, then the old tables are
-- dropped children first, so no ON DELETE CASCADE removes rows still
-- needed, and the new tables are renamed into place (the rename rewrites
-- the foreign keys that name them).

-- +goose Up

ALTER TABLE projects ADD COLUMN review_round INTEGER NOT NULL DEFAULT 1 CHECK (review_round >= 1);

CREATE TABLE review_assignments_new (
    id                   INTEGER PRIMARY KEY,
    project_id           INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    reviewer_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    assigned_by          INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    assigned_at          DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    due_on               TEXT CHECK (date(due_on) IS due_on),
    status               TEXT NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'conflict_declared', 'submitted', 'withdrawn')),
    conflict_declared_at DATETIME,
    conflict_note        TEXT,
    reminded_at          DATETIME,
    round                INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
    UNIQUE (project_id, round, reviewer_id)
);

CREATE TABLE reviews_new (
    id                   INTEGER PRIMARY KEY,
    assignment_id        INTEGER NOT NULL UNIQUE REFERENCES review_assignments_new (id) ON DELETE CASCADE,
    recommendation       TEXT CHECK (recommendation IN ('fund', 'fund_with_changes', 'do_not_fund')),
    comment_applicant    TEXT NOT NULL DEFAULT '',
    comment_confidential TEXT NOT NULL DEFAULT '',
    weighted_score_centi INTEGER CHECK (weighted_score_centi BETWEEN 100 AND 500),
    submitted_at         DATETIME,
    created_at           DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    updated_at           DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    -- a review may be saved unfinished, but not submitted unfinished
    CHECK (submitted_at IS NULL OR (recommendation IS NOT NULL AND weighted_score_centi IS NOT NULL))
);

CREATE TABLE review_scores_new (
    review_id    INTEGER NOT NULL REFERENCES reviews_new (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES rubric_criteria (id) ON DELETE RESTRICT,
    score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (review_id, criterion_id)
);

INSERT INTO review_assignments_new (id, project_id, reviewer_id, assigned_by, assigned_at, due_on, status, conflict_declared_at, conflict_note, reminded_at, round)
SELECT id, project_id, reviewer_id, assigned_by, assigned_at, due_on, status, conflict_declared_at, conflict_note, reminded_at, 1
FROM review_assignments;

INSERT INTO reviews_new (id, assignment_id, recommendation, comment_applicant, comment_confidential, weighted_score_centi, submitted_at, created_at, updated_at)
SELECT id, assignment_id, recommendation, comment_applicant, comment_confidential, weighted_score_centi, submitted_at, created_at, updated_at
FROM reviews;

INSERT INTO review_scores_new (review_id, criterion_id, score)
SELECT review_id, criterion_id, score FROM review_scores;

DROP TABLE review_scores;
DROP TABLE reviews;
DROP TABLE review_assignments;

ALTER TABLE review_assignments_new RENAME TO review_assignments;
ALTER TABLE reviews_new RENAME TO reviews;
ALTER TABLE review_scores_new RENAME TO review_scores;

CREATE INDEX review_assignments_reviewer_status_idx ON review_assignments (reviewer_id, status);
CREATE INDEX review_assignments_assigned_by_idx ON review_assignments (assigned_by);
CREATE INDEX review_scores_criterion_id_idx ON review_scores (criterion_id);

-- +goose Down

-- Going back keeps, per project and reviewer, only the assignment of the
-- latest round (the old key allows one); earlier rounds' reviews go with
-- theirs.

CREATE TABLE review_assignments_old (
    id                   INTEGER PRIMARY KEY,
    project_id           INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    reviewer_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    assigned_by          INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    assigned_at          DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    due_on               TEXT CHECK (date(due_on) IS due_on),
    status               TEXT NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'conflict_declared', 'submitted', 'withdrawn')),
    conflict_declared_at DATETIME,
    conflict_note        TEXT,
    reminded_at          DATETIME,
    UNIQUE (project_id, reviewer_id)
);

CREATE TABLE reviews_old (
    id                   INTEGER PRIMARY KEY,
    assignment_id        INTEGER NOT NULL UNIQUE REFERENCES review_assignments_old (id) ON DELETE CASCADE,
    recommendation       TEXT CHECK (recommendation IN ('fund', 'fund_with_changes', 'do_not_fund')),
    comment_applicant    TEXT NOT NULL DEFAULT '',
    comment_confidential TEXT NOT NULL DEFAULT '',
    weighted_score_centi INTEGER CHECK (weighted_score_centi BETWEEN 100 AND 500),
    submitted_at         DATETIME,
    created_at           DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    updated_at           DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    -- a review may be saved unfinished, but not submitted unfinished
    CHECK (submitted_at IS NULL OR (recommendation IS NOT NULL AND weighted_score_centi IS NOT NULL))
);

CREATE TABLE review_scores_old (
    review_id    INTEGER NOT NULL REFERENCES reviews_old (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES rubric_criteria (id) ON DELETE RESTRICT,
    score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (review_id, criterion_id)
);

INSERT INTO review_assignments_old (id, project_id, reviewer_id, assigned_by, assigned_at, due_on, status, conflict_declared_at, conflict_note, reminded_at)
SELECT id, project_id, reviewer_id, assigned_by, assigned_at, due_on, status, conflict_declared_at, conflict_note, reminded_at
FROM review_assignments a
WHERE a.round = (SELECT MAX(b.round) FROM review_assignments b WHERE b.project_id = a.project_id AND b.reviewer_id = a.reviewer_id);

INSERT INTO reviews_old (id, assignment_id, recommendation, comment_applicant, comment_confidential, weighted_score_centi, submitted_at, created_at, updated_at)
SELECT id, assignment_id, recommendation, comment_applicant, comment_confidential, weighted_score_centi, submitted_at, created_at, updated_at
FROM reviews WHERE assignment_id IN (SELECT id FROM review_assignments_old);

INSERT INTO review_scores_old (review_id, criterion_id, score)
SELECT review_id, criterion_id, score FROM review_scores WHERE review_id IN (SELECT id FROM reviews_old);

DROP TABLE review_scores;
DROP TABLE reviews;
DROP TABLE review_assignments;

ALTER TABLE review_assignments_old RENAME TO review_assignments;
ALTER TABLE reviews_old RENAME TO reviews;
ALTER TABLE review_scores_old RENAME TO review_scores;

CREATE INDEX review_assignments_reviewer_status_idx ON review_assignments (reviewer_id, status);
CREATE INDEX review_assignments_assigned_by_idx ON review_assignments (assigned_by);
CREATE INDEX review_scores_criterion_id_idx ON review_scores (criterion_id);

ALTER TABLE projects DROP COLUMN review_round;
