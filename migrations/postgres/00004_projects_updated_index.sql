-- The projects list sorts by last change by default.

-- +goose Up
CREATE INDEX projects_updated_at_idx ON projects (updated_at);

-- +goose Down
DROP INDEX projects_updated_at_idx;
