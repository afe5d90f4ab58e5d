-- Accounts: TOTP replay protection, recovery codes, and the attempts that
-- rate limits count.

-- +goose Up
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL CHECK (length(code_hash) = 64),
    created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    used_at    DATETIME,
    UNIQUE (user_id, code_hash)
);

CREATE TABLE auth_attempts (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 300),
    at  DATETIME NOT NULL
);
CREATE INDEX auth_attempts_key_at_idx ON auth_attempts (key, at);
CREATE INDEX auth_attempts_at_idx ON auth_attempts (at);

-- +goose Down
DROP TABLE auth_attempts;
DROP TABLE recovery_codes;
ALTER TABLE users DROP COLUMN totp_last_step;
