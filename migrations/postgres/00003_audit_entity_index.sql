-- An account's page lists the audit entries about it.

-- +goose Up
CREATE INDEX audit_entries_entity_idx ON audit_entries (entity, entity_id, at);

-- +goose Down
DROP INDEX audit_entries_entity_idx;
