-- Speed of the portfolio summary and the project list at 100,000 projects
-- (issue 6).
--
-- state_stays holds each stay of a project in a workflow state: entered
-- when an audit entry moved the project into the state, left when the next
-- one moved it on, and its length in tenths of a day. A trigger on
-- audit_entries writes it, so every path that records a transition (the
-- workflow, the system's complete_review, the demo loader) keeps it
-- current in the same transaction; audit entries are append-only, so a
-- stay once ended never changes. The summary's "median days in each state"
-- reads a histogram of this table instead of ordering every audit entry.
--
-- The project list filters on state, type, year, lead country and channel
-- and counts the matches: one index holds them all, so the count reads the
-- index only. Sorting by awarded or requested money walks an index (missing
-- awards last in both directions) instead of sorting every match, and so
-- does sorting by title: an index per reader's language on the very
-- expression the list sorts by (the title in that language, else the first
-- other one).

-- +goose Up

CREATE TABLE state_stays (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    state      TEXT NOT NULL,
    entered_at DATETIME NOT NULL,
    left_at    DATETIME,
    tenths     INTEGER,
    CHECK ((left_at IS NULL) = (tenths IS NULL))
);
CREATE UNIQUE INDEX state_stays_open_key ON state_stays (project_id) WHERE left_at IS NULL;
CREATE INDEX state_stays_project_id_idx ON state_stays (project_id);
CREATE INDEX state_stays_state_tenths_idx ON state_stays (state, tenths) WHERE tenths IS NOT NULL;

-- +goose StatementBegin
CREATE TRIGGER audit_entries_state_stay
AFTER INSERT ON audit_entries
WHEN NEW.project_id IS NOT NULL AND NEW.to_state IS NOT NULL
     AND (NEW.from_state IS NULL OR NEW.from_state <> NEW.to_state)
BEGIN
    UPDATE state_stays
       SET left_at = NEW.at,
           tenths = CAST(ROUND((julianday(NEW.at) - julianday(entered_at)) * 10) AS INTEGER)
     WHERE project_id = NEW.project_id AND left_at IS NULL;
    INSERT INTO state_stays (project_id, state, entered_at) VALUES (NEW.project_id, NEW.to_state, NEW.at);
END;
-- +goose StatementEnd

INSERT INTO state_stays (project_id, state, entered_at, left_at, tenths)
SELECT project_id, to_state, at, left_at,
       CASE WHEN left_at IS NOT NULL THEN CAST(ROUND((julianday(left_at) - julianday(at)) * 10) AS INTEGER) END
  FROM (SELECT a.project_id, a.to_state, a.at,
               LEAD(a.at) OVER (PARTITION BY a.project_id ORDER BY a.at, a.id) AS left_at
          FROM audit_entries a
         WHERE a.project_id IS NOT NULL AND a.to_state IS NOT NULL
           AND (a.from_state IS NULL OR a.from_state <> a.to_state)) t
 ORDER BY project_id, at;

DROP INDEX projects_state_year_idx;
CREATE INDEX projects_list_filter_idx ON projects (state, type, year, lead_country_iso2, channel_id);
CREATE INDEX projects_awarded_idx ON projects (awarded_minor, id);
CREATE INDEX projects_requested_idx ON projects (requested_minor, id);
CREATE INDEX projects_title_en_idx ON projects (LOWER(COALESCE(NULLIF(title_en, ''), NULLIF(title_en, ''), NULLIF(title_es, ''), NULLIF(title_pt, ''), title_zh)), id);
CREATE INDEX projects_title_es_idx ON projects (LOWER(COALESCE(NULLIF(title_es, ''), NULLIF(title_en, ''), NULLIF(title_es, ''), NULLIF(title_pt, ''), title_zh)), id);
CREATE INDEX projects_title_pt_idx ON projects (LOWER(COALESCE(NULLIF(title_pt, ''), NULLIF(title_en, ''), NULLIF(title_es, ''), NULLIF(title_pt, ''), title_zh)), id);
CREATE INDEX projects_title_zh_idx ON projects (LOWER(COALESCE(NULLIF(title_zh, ''), NULLIF(title_en, ''), NULLIF(title_es, ''), NULLIF(title_pt, ''), title_zh)), id);
CREATE INDEX outputs_coauthored_idx ON outputs (year, project_id) WHERE kind = 'publication' AND coauthored;

-- +goose Down

DROP INDEX outputs_coauthored_idx;
DROP INDEX projects_title_zh_idx;
DROP INDEX projects_title_pt_idx;
DROP INDEX projects_title_es_idx;
DROP INDEX projects_title_en_idx;
DROP INDEX projects_requested_idx;
DROP INDEX projects_awarded_idx;
DROP INDEX projects_list_filter_idx;
CREATE INDEX projects_state_year_idx ON projects (state, year);

DROP TRIGGER audit_entries_state_stay;
DROP TABLE state_stays;
