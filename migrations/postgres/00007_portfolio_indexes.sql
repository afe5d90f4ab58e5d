-- Portfolio summaries (issue 6). The summary cache checks a data version on
-- every request from maxima of indexed columns: reports need an index on
-- updated_at for that to be a lookup, not a scan.

-- +goose Up
CREATE INDEX reports_updated_at_idx ON reports (updated_at);

-- +goose Down
DROP INDEX reports_updated_at_idx;
