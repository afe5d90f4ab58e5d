-- Report reminders and calendar feeds.
--
-- report_reminders records each reminder of a report as it is sent: the
-- worker inserts the row first (ON CONFLICT DO NOTHING) and writes the
-- notifications only when its insert won, in the same transaction, so
-- several servers sharing the database, or one restarted, send each
-- reminder once. kind is due_30, due_7 or overdue; seq numbers the weeks
-- of an overdue report (0 for the first week) and is 0 otherwise. due_on
-- is the due date the reminder was about: a rescheduled report is reminded
-- afresh.
--
-- users.calendar_token becomes calendar_token_hash: it holds the SHA-256
-- (hex) of the secret in the user's calendar feed address, never the
-- secret. No feed was ever issued under the old name, so values are reset.

-- +goose Up

CREATE TABLE report_reminders (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    due_on    TEXT NOT NULL CHECK (date(due_on) IS due_on),
    kind      TEXT NOT NULL CHECK (kind IN ('due_30', 'due_7', 'overdue')),
    seq       INTEGER NOT NULL DEFAULT 0 CHECK (seq >= 0),
    sent_at   DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    PRIMARY KEY (report_id, due_on, kind, seq)
);

ALTER TABLE users RENAME COLUMN calendar_token TO calendar_token_hash;
UPDATE users SET calendar_token_hash = NULL WHERE calendar_token_hash IS NOT NULL;

-- +goose Down

UPDATE users SET calendar_token_hash = NULL WHERE calendar_token_hash IS NOT NULL;
ALTER TABLE users RENAME COLUMN calendar_token_hash TO calendar_token;

DROP TABLE report_reminders;
