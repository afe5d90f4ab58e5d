-- Puente's initial schema (SQLite). The PostgreSQL twin in ../postgres has
-- the same tables, columns and CHECK lists; models/schema_test.go proves
-- both agree with the Go models.
--
-- SQLite spellings of the shared conventions: ids are INTEGER PRIMARY KEY;
-- times are DATETIME holding UTC text 'YYYY-MM-DD HH:MM:SS.fff+00:00' (the
-- declared type DATETIME is what makes the driver return time.Time); civil
-- dates are 'YYYY-MM-DD' TEXT checked with date(); booleans are 0/1
-- INTEGERs; money is INTEGER minor units with an ISO 4217 currency; every
-- enum column CHECKs its values. Owned child rows cascade with their
-- parent; references to reference data and to users RESTRICT (users are
-- deactivated, not deleted). Foreign keys need PRAGMA foreign_keys=ON,
-- which models.SQLiteDSN sets.

-- +goose Up

-- Reference data ------------------------------------------------------------

CREATE TABLE countries (
    iso2                TEXT NOT NULL PRIMARY KEY CHECK (iso2 GLOB '[A-Z][A-Z]'),
    iso3                TEXT NOT NULL UNIQUE CHECK (iso3 GLOB '[A-Z][A-Z][A-Z]'),
    name_en             TEXT NOT NULL,
    name_es             TEXT NOT NULL,
    name_pt             TEXT NOT NULL,
    name_zh             TEXT NOT NULL,
    lac                 INTEGER NOT NULL DEFAULT 1 CHECK (lac IN (0, 1)),
    subregion           TEXT NOT NULL CHECK (subregion IN ('south_america', 'central_america', 'caribbean', 'north_america', 'east_asia')),
    sovereign           INTEGER NOT NULL DEFAULT 1 CHECK (sovereign IN (0, 1)),
    -- no foreign key: administering states (GB, FR, NL, US) are not in the table
    administering_iso2  TEXT CHECK (administering_iso2 GLOB '[A-Z][A-Z]'),
    prc_relations_since INTEGER CHECK (prc_relations_since BETWEEN 1949 AND 2200),
    -- only Latin American and Caribbean countries have a cooperation tier
    tier                TEXT CHECK (tier IN ('established', 'developing', 'exploratory')),
    priority            INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    updated_at          DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    CHECK (lac = 0 OR tier IS NOT NULL)
);

CREATE TABLE indicators (
    code        TEXT NOT NULL PRIMARY KEY,
    unit        TEXT NOT NULL,
    source_kind TEXT NOT NULL
);

CREATE TABLE country_indicators (
    id             INTEGER PRIMARY KEY,
    -- NULL: Latin America and the Caribbean as a whole
    country_iso2   TEXT REFERENCES countries (iso2) ON DELETE CASCADE,
    indicator_code TEXT NOT NULL REFERENCES indicators (code) ON DELETE CASCADE,
    year           INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    value          REAL NOT NULL,
    source         TEXT NOT NULL,
    note           TEXT
);
CREATE UNIQUE INDEX country_indicators_country_indicator_year_key
    ON country_indicators ((COALESCE(country_iso2, '')), indicator_code, year);
CREATE INDEX country_indicators_indicator_year_idx ON country_indicators (indicator_code, year);

CREATE TABLE disciplines (
    code        TEXT NOT NULL PRIMARY KEY,
    parent_code TEXT REFERENCES disciplines (code) ON DELETE RESTRICT,
    level       INTEGER NOT NULL CHECK (level IN (1, 2)),
    position    INTEGER NOT NULL,
    name_en     TEXT NOT NULL,
    name_es     TEXT NOT NULL,
    name_pt     TEXT NOT NULL,
    name_zh     TEXT NOT NULL,
    CHECK ((level = 1 AND parent_code IS NULL) OR (level = 2 AND parent_code IS NOT NULL))
);
CREATE INDEX disciplines_parent_code_idx ON disciplines (parent_code);

CREATE TABLE priority_areas (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    name_en         TEXT NOT NULL,
    name_es         TEXT NOT NULL,
    name_pt         TEXT NOT NULL,
    name_zh         TEXT NOT NULL,
    description_en  TEXT,
    description_es  TEXT,
    description_pt  TEXT,
    description_zh  TEXT,
    target_share_bp INTEGER NOT NULL CHECK (target_share_bp BETWEEN 0 AND 10000),
    position        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE priority_area_disciplines (
    priority_area_id INTEGER NOT NULL REFERENCES priority_areas (id) ON DELETE CASCADE,
    discipline_code  TEXT NOT NULL REFERENCES disciplines (code) ON DELETE CASCADE,
    PRIMARY KEY (priority_area_id, discipline_code)
);
CREATE INDEX priority_area_disciplines_discipline_idx ON priority_area_disciplines (discipline_code);

CREATE TABLE settings (
    "key" TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE institutions (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    name_local    TEXT,
    country_iso2  TEXT NOT NULL REFERENCES countries (iso2) ON DELETE RESTRICT,
    type          TEXT NOT NULL CHECK (type IN ('university', 'research_institute', 'government_agency', 'think_tank', 'company', 'international_organisation', 'academy')),
    ror_id        TEXT UNIQUE,
    own_institute INTEGER NOT NULL DEFAULT 0 CHECK (own_institute IN (0, 1)),
    parent_id     INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    created_at    DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'))
);
CREATE INDEX institutions_country_iso2_idx ON institutions (country_iso2);
CREATE INDEX institutions_own_institute_idx ON institutions (own_institute);
CREATE INDEX institutions_parent_id_idx ON institutions (parent_id);

-- Users and sign-in ---------------------------------------------------------

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
    name              TEXT NOT NULL,
    password_hash     TEXT,
    email_verified_at DATETIME,
    institution_id    INTEGER REFERENCES institutions (id) ON DELETE SET NULL,
    country_iso2      TEXT REFERENCES countries (iso2) ON DELETE RESTRICT,
    career_level      TEXT CHECK (career_level IN ('student_or_young_researcher', 'senior_scientist', 'research_manager_official')),
    locale            TEXT NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'es', 'pt', 'zh')),
    time_zone         TEXT NOT NULL DEFAULT 'UTC',
    orcid             TEXT,
    totp_secret       TEXT,
    totp_enabled      INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    calendar_token    TEXT UNIQUE,
    created_at        DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    updated_at        DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    last_login_at     DATETIME
);
CREATE INDEX users_institution_id_idx ON users (institution_id);
CREATE INDEX users_country_iso2_idx ON users (country_iso2);

CREATE TABLE user_roles (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('applicant', 'reviewer', 'officer', 'director', 'admin')),
    granted_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role_idx ON user_roles (role);

CREATE TABLE sessions (
    id           TEXT NOT NULL PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    last_seen_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    expires_at   DATETIME NOT NULL,
    revoked_at   DATETIME,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE user_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'invite')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    expires_at DATETIME NOT NULL,
    used_at    DATETIME
);
CREATE INDEX user_tokens_user_id_idx ON user_tokens (user_id, purpose);

-- Funding: channels, calls, rubrics ----------------------------------------

CREATE TABLE funding_channels (
    id                  INTEGER PRIMARY KEY,
    slug                TEXT NOT NULL UNIQUE,
    name_en             TEXT NOT NULL,
    name_es             TEXT NOT NULL,
    name_pt             TEXT NOT NULL,
    name_zh             TEXT NOT NULL,
    sponsor             TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('talent_programme', 'bilateral_fund', 'platform_construction', 'thematic_fund', 'other')),
    annual_budget_minor INTEGER NOT NULL CHECK (annual_budget_minor >= 0),
    currency            TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
    stable_multiyear    INTEGER NOT NULL DEFAULT 0 CHECK (stable_multiyear IN (0, 1)),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'))
);

CREATE TABLE channel_project_types (
    channel_id   INTEGER NOT NULL REFERENCES funding_channels (id) ON DELETE CASCADE,
    project_type TEXT NOT NULL CHECK (project_type IN ('talent_exchange', 'joint_lab', 'platform', 'research_project', 'technology_transfer', 'dialogue')),
    PRIMARY KEY (channel_id, project_type)
);

CREATE TABLE calls (
    id                      INTEGER PRIMARY KEY,
    channel_id              INTEGER NOT NULL REFERENCES funding_channels (id) ON DELETE RESTRICT,
    code                    TEXT NOT NULL UNIQUE,
    title_en                TEXT,
    title_es                TEXT,
    title_pt                TEXT,
    title_zh                TEXT,
    body_en                 TEXT,
    body_es                 TEXT,
    body_pt                 TEXT,
    body_zh                 TEXT,
    opens_at                DATETIME NOT NULL,
    closes_at               DATETIME NOT NULL,
    time_zone               TEXT NOT NULL DEFAULT 'UTC',
    budget_cap_minor        INTEGER NOT NULL CHECK (budget_cap_minor >= 0),
    currency                TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
    min_reviews             INTEGER NOT NULL CHECK (min_reviews >= 1),
    report_frequency_months INTEGER NOT NULL CHECK (report_frequency_months IN (3, 6, 12)),
    status                  TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
    created_by              INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    created_at              DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    updated_at              DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    published_at            DATETIME,
    version                 INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (COALESCE(NULLIF(title_en, ''), NULLIF(title_es, ''), NULLIF(title_pt, ''), NULLIF(title_zh, '')) IS NOT NULL),
    CHECK (julianday(closes_at) > julianday(opens_at))
);
CREATE INDEX calls_channel_id_idx ON calls (channel_id);
CREATE INDEX calls_status_closes_at_idx ON calls (status, closes_at);
CREATE INDEX calls_created_by_idx ON calls (created_by);

CREATE TABLE call_project_types (
    call_id      INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    project_type TEXT NOT NULL CHECK (project_type IN ('talent_exchange', 'joint_lab', 'platform', 'research_project', 'technology_transfer', 'dialogue')),
    PRIMARY KEY (call_id, project_type)
);

CREATE TABLE call_countries (
    call_id      INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    country_iso2 TEXT NOT NULL REFERENCES countries (iso2) ON DELETE RESTRICT,
    PRIMARY KEY (call_id, country_iso2)
);
CREATE INDEX call_countries_country_iso2_idx ON call_countries (country_iso2);

CREATE TABLE call_disciplines (
    call_id         INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    discipline_code TEXT NOT NULL REFERENCES disciplines (code) ON DELETE RESTRICT,
    PRIMARY KEY (call_id, discipline_code)
);
CREATE INDEX call_disciplines_discipline_code_idx ON call_disciplines (discipline_code);

CREATE TABLE rubric_criteria (
    id          INTEGER PRIMARY KEY,
    call_id     INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name_en     TEXT,
    name_es     TEXT,
    name_pt     TEXT,
    name_zh     TEXT,
    guidance_en TEXT,
    guidance_es TEXT,
    guidance_pt TEXT,
    guidance_zh TEXT,
    weight      INTEGER NOT NULL CHECK (weight > 0),
    CHECK (COALESCE(NULLIF(name_en, ''), NULLIF(name_es, ''), NULLIF(name_pt, ''), NULLIF(name_zh, '')) IS NOT NULL)
);
CREATE INDEX rubric_criteria_call_id_idx ON rubric_criteria (call_id, position);

-- Projects ------------------------------------------------------------------

CREATE TABLE projects (
    id                      INTEGER PRIMARY KEY,
    code                    TEXT NOT NULL UNIQUE,
    -- NULL for initiatives that predate calls
    call_id                 INTEGER REFERENCES calls (id) ON DELETE RESTRICT,
    channel_id              INTEGER NOT NULL REFERENCES funding_channels (id) ON DELETE RESTRICT,
    type                    TEXT NOT NULL CHECK (type IN ('talent_exchange', 'joint_lab', 'platform', 'research_project', 'technology_transfer', 'dialogue')),
    state                   TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'in_review', 'review_complete', 'revision_requested', 'approved', 'active', 'suspended', 'completed', 'terminated', 'rejected', 'withdrawn', 'screened_out')),
    version                 INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    lang                    TEXT NOT NULL CHECK (lang IN ('en', 'es', 'pt', 'zh')),
    title_en                TEXT,
    title_es                TEXT,
    title_pt                TEXT,
    title_zh                TEXT,
    summary_en              TEXT,
    summary_es              TEXT,
    summary_pt              TEXT,
    summary_zh              TEXT,
    pi_user_id              INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    officer_id              INTEGER REFERENCES users (id) ON DELETE RESTRICT,
    host_institution_id     INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    priority_area_id        INTEGER REFERENCES priority_areas (id) ON DELETE RESTRICT,
    -- copies of the lead project_countries row and the primary
    -- project_disciplines row, for filters and summaries without joins
    lead_country_iso2       TEXT REFERENCES countries (iso2) ON DELETE RESTRICT,
    primary_discipline_code TEXT REFERENCES disciplines (code) ON DELETE RESTRICT,
    currency                TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
    requested_minor         INTEGER NOT NULL DEFAULT 0 CHECK (requested_minor >= 0),
    awarded_minor           INTEGER CHECK (awarded_minor >= 0),
    disbursed_minor         INTEGER NOT NULL DEFAULT 0 CHECK (disbursed_minor >= 0),
    year                    INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    planned_start           TEXT CHECK (date(planned_start) IS planned_start),
    planned_end             TEXT CHECK (date(planned_end) IS planned_end),
    actual_start            TEXT CHECK (date(actual_start) IS actual_start),
    actual_end              TEXT CHECK (date(actual_end) IS actual_end),
    submitted_at            DATETIME,
    decided_at              DATETIME,
    state_changed_at        DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    outcome_rating          INTEGER CHECK (outcome_rating BETWEEN 1 AND 5),
    closing_remarks         TEXT,
    created_at              DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    updated_at              DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    CHECK (COALESCE(NULLIF(title_en, ''), NULLIF(title_es, ''), NULLIF(title_pt, ''), NULLIF(title_zh, '')) IS NOT NULL),
    CHECK (planned_end >= planned_start),
    CHECK (actual_end >= actual_start)
);
CREATE INDEX projects_state_year_idx ON projects (state, year);
CREATE INDEX projects_type_idx ON projects (type);
CREATE INDEX projects_channel_id_idx ON projects (channel_id);
CREATE INDEX projects_call_id_state_idx ON projects (call_id, state);
CREATE INDEX projects_lead_country_iso2_idx ON projects (lead_country_iso2);
CREATE INDEX projects_primary_discipline_code_idx ON projects (primary_discipline_code);
CREATE INDEX projects_priority_area_id_idx ON projects (priority_area_id);
CREATE INDEX projects_year_idx ON projects (year);
CREATE INDEX projects_pi_user_id_idx ON projects (pi_user_id);
CREATE INDEX projects_officer_id_idx ON projects (officer_id);
CREATE INDEX projects_host_institution_id_idx ON projects (host_institution_id);

-- Type details: optional in the database because a draft exists before its
-- form is filled in; completeness is checked on submit.

CREATE TABLE talent_exchange_details (
    project_id          INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    career_level        TEXT CHECK (career_level IN ('student_or_young_researcher', 'senior_scientist', 'research_manager_official')),
    direction           TEXT CHECK (direction IN ('to_china', 'to_latin_america')),
    host_institution_id INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    months              INTEGER CHECK (months BETWEEN 1 AND 60),
    stipend_minor       INTEGER CHECK (stipend_minor >= 0)
);
CREATE INDEX talent_exchange_details_level_direction_idx ON talent_exchange_details (career_level, direction);

CREATE TABLE joint_lab_details (
    project_id             INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    lab_name               TEXT NOT NULL DEFAULT '',
    partner_institution_id INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    co_directors           TEXT NOT NULL DEFAULT '',
    facilities             TEXT NOT NULL DEFAULT '',
    research_lines         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE platform_details (
    project_id               INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    site_country_iso2        TEXT REFERENCES countries (iso2) ON DELETE RESTRICT,
    phase                    INTEGER CHECK (phase >= 1),
    facilities               TEXT NOT NULL DEFAULT '',
    international_org_status INTEGER NOT NULL DEFAULT 0 CHECK (international_org_status IN (0, 1))
);

CREATE TABLE research_project_details (
    project_id       INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    work_packages    TEXT NOT NULL DEFAULT '',
    expected_outputs TEXT NOT NULL DEFAULT ''
);

CREATE TABLE technology_transfer_details (
    project_id           INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    deliverables         TEXT NOT NULL DEFAULT '',
    contract_value_minor INTEGER CHECK (contract_value_minor >= 0),
    delivery_milestones  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE dialogue_details (
    project_id   INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    format       TEXT CHECK (format IN ('conference', 'workshop', 'roundtable', 'training', 'delegation_visit')),
    participants TEXT NOT NULL DEFAULT '',
    starts_on    TEXT CHECK (date(starts_on) IS starts_on),
    ends_on      TEXT CHECK (date(ends_on) IS ends_on),
    CHECK (ends_on >= starts_on)
);

CREATE TABLE project_countries (
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    country_iso2 TEXT NOT NULL REFERENCES countries (iso2) ON DELETE RESTRICT,
    lead         INTEGER NOT NULL DEFAULT 0 CHECK (lead IN (0, 1)),
    PRIMARY KEY (project_id, country_iso2)
);
CREATE UNIQUE INDEX project_countries_one_lead_key ON project_countries (project_id) WHERE lead;
CREATE INDEX project_countries_country_iso2_idx ON project_countries (country_iso2, project_id);

CREATE TABLE project_disciplines (
    project_id      INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    discipline_code TEXT NOT NULL REFERENCES disciplines (code) ON DELETE RESTRICT,
    is_primary      INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    PRIMARY KEY (project_id, discipline_code)
);
CREATE UNIQUE INDEX project_disciplines_one_primary_key ON project_disciplines (project_id) WHERE is_primary;
CREATE INDEX project_disciplines_discipline_code_idx ON project_disciplines (discipline_code, project_id);

CREATE TABLE project_institutions (
    project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    institution_id INTEGER NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    role           TEXT NOT NULL CHECK (role IN ('partner', 'host')),
    PRIMARY KEY (project_id, institution_id)
);
CREATE INDEX project_institutions_institution_id_idx ON project_institutions (institution_id, project_id);

CREATE TABLE budget_lines (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    category     TEXT NOT NULL CHECK (category IN ('travel', 'stipends', 'equipment', 'consumables', 'events', 'other')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    note         TEXT,
    UNIQUE (project_id, category)
);

-- Reports come before attachments and outputs, which point at them.
CREATE TABLE reports (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('progress', 'final')),
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    period_start   TEXT CHECK (date(period_start) IS period_start),
    period_end     TEXT CHECK (date(period_end) IS period_end),
    due_on         TEXT NOT NULL CHECK (date(due_on) IS due_on),
    status         TEXT NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'submitted', 'accepted', 'revision_requested')),
    narrative      TEXT,
    submitted_at   DATETIME,
    reviewed_at    DATETIME,
    reviewed_by    INTEGER REFERENCES users (id) ON DELETE RESTRICT,
    review_comment TEXT,
    version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at     DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    updated_at     DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    UNIQUE (project_id, kind, seq),
    CHECK (period_end >= period_start)
);
CREATE INDEX reports_status_due_on_idx ON reports (status, due_on);
CREATE INDEX reports_reviewed_by_idx ON reports (reviewed_by);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    report_id    INTEGER REFERENCES reports (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('cv', 'proposal', 'budget', 'letter', 'report', 'other')),
    filename     TEXT NOT NULL,
    storage_key  TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    uploaded_by  INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    created_at   DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'))
);
CREATE INDEX attachments_project_id_idx ON attachments (project_id, kind);
CREATE INDEX attachments_report_id_idx ON attachments (report_id);
CREATE INDEX attachments_uploaded_by_idx ON attachments (uploaded_by);

-- Review ----------------------------------------------------------------------

CREATE TABLE review_assignments (
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
CREATE INDEX review_assignments_reviewer_status_idx ON review_assignments (reviewer_id, status);
CREATE INDEX review_assignments_assigned_by_idx ON review_assignments (assigned_by);

CREATE TABLE reviews (
    id                   INTEGER PRIMARY KEY,
    assignment_id        INTEGER NOT NULL UNIQUE REFERENCES review_assignments (id) ON DELETE CASCADE,
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

CREATE TABLE review_scores (
    review_id    INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES rubric_criteria (id) ON DELETE RESTRICT,
    score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (review_id, criterion_id)
);
CREATE INDEX review_scores_criterion_id_idx ON review_scores (criterion_id);

-- Decision, agreement, payments ---------------------------------------------

CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    decision    TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'request_revision')),
    director_id INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    award_minor INTEGER CHECK (award_minor >= 0),
    conditions  TEXT,
    comment     TEXT,
    decided_at  DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    CHECK (decision <> 'approve' OR award_minor IS NOT NULL)
);
CREATE INDEX decisions_project_id_idx ON decisions (project_id, decided_at);
CREATE INDEX decisions_director_id_idx ON decisions (director_id);

CREATE TABLE agreements (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL UNIQUE REFERENCES projects (id) ON DELETE CASCADE,
    signed_on   TEXT NOT NULL CHECK (date(signed_on) IS signed_on),
    starts_on   TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    ends_on     TEXT NOT NULL CHECK (date(ends_on) IS ends_on),
    conditions  TEXT,
    recorded_by INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    created_at  DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    CHECK (ends_on > starts_on)
);
CREATE INDEX agreements_recorded_by_idx ON agreements (recorded_by);

CREATE TABLE tranches (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    planned_on   TEXT NOT NULL CHECK (date(planned_on) IS planned_on),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    status       TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'paid', 'cancelled')),
    paid_on      TEXT CHECK (date(paid_on) IS paid_on),
    updated_at   DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    UNIQUE (agreement_id, seq),
    CHECK ((status = 'paid') = (paid_on IS NOT NULL))
);
CREATE INDEX tranches_project_id_status_idx ON tranches (project_id, status);
CREATE INDEX tranches_status_planned_on_idx ON tranches (status, planned_on);

-- Report content --------------------------------------------------------------

CREATE TABLE report_spending (
    report_id    INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    category     TEXT NOT NULL CHECK (category IN ('travel', 'stipends', 'equipment', 'consumables', 'events', 'other')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    PRIMARY KEY (report_id, category)
);

CREATE TABLE outputs (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    report_id    INTEGER REFERENCES reports (id) ON DELETE SET NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('publication', 'trained_people', 'event', 'patent', 'dataset', 'deliverable')),
    title        TEXT NOT NULL,
    doi          TEXT CHECK (doi = lower(doi) AND doi LIKE '10.%/%'),
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    venue        TEXT,
    coauthored   INTEGER NOT NULL DEFAULT 0 CHECK (coauthored IN (0, 1)),
    career_level TEXT CHECK (career_level IN ('student_or_young_researcher', 'senior_scientist', 'research_manager_official')),
    direction    TEXT CHECK (direction IN ('to_china', 'to_latin_america')),
    people_count INTEGER CHECK (people_count >= 1),
    description  TEXT,
    url          TEXT,
    created_at   DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'))
);
CREATE UNIQUE INDEX outputs_project_doi_key ON outputs (project_id, doi) WHERE doi IS NOT NULL;
CREATE INDEX outputs_project_id_kind_idx ON outputs (project_id, kind);
CREATE INDEX outputs_kind_year_idx ON outputs (kind, year);
CREATE INDEX outputs_report_id_idx ON outputs (report_id);

CREATE TABLE output_countries (
    output_id    INTEGER NOT NULL REFERENCES outputs (id) ON DELETE CASCADE,
    country_iso2 TEXT NOT NULL REFERENCES countries (iso2) ON DELETE RESTRICT,
    PRIMARY KEY (output_id, country_iso2)
);
CREATE INDEX output_countries_country_iso2_idx ON output_countries (country_iso2, output_id);

-- Audit, notifications, mail -----------------------------------------------

-- Append-only. actor_id has no ON DELETE action: SET NULL would need an
-- UPDATE, which the trigger refuses, so users who have acted are deactivated,
-- never deleted. project_id and entity_id are deliberately not foreign keys:
-- the history of a deleted draft outlives it.
CREATE TABLE audit_entries (
    id         INTEGER PRIMARY KEY,
    at         DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    actor_id   INTEGER REFERENCES users (id),
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    project_id INTEGER,
    from_state TEXT,
    to_state   TEXT,
    comment    TEXT,
    ip         TEXT,
    request_id TEXT,
    meta       TEXT
);
CREATE INDEX audit_entries_project_id_at_idx ON audit_entries (project_id, at);
CREATE INDEX audit_entries_actor_id_at_idx ON audit_entries (actor_id, at);
CREATE INDEX audit_entries_action_at_idx ON audit_entries (action, at);

-- +goose StatementBegin
CREATE TRIGGER audit_entries_no_update
BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only: UPDATE refused');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_entries_no_delete
BEFORE DELETE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only: DELETE refused');
END;
-- +goose StatementEnd

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    project_id  INTEGER REFERENCES projects (id) ON DELETE CASCADE,
    message_key TEXT NOT NULL,
    params      TEXT NOT NULL DEFAULT '{}',
    created_at  DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    read_at     DATETIME
);
CREATE INDEX notifications_user_id_read_at_idx ON notifications (user_id, read_at);
CREATE INDEX notifications_project_id_idx ON notifications (project_id);

CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    to_address      TEXT NOT NULL,
    to_name         TEXT NOT NULL DEFAULT '',
    locale          TEXT NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'es', 'pt', 'zh')),
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    last_error      TEXT,
    dedupe_key      TEXT UNIQUE,
    created_at      DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')),
    sent_at         DATETIME
);
CREATE INDEX mail_outbox_status_next_attempt_at_idx ON mail_outbox (status, next_attempt_at);

-- +goose Down
DROP TABLE mail_outbox;
DROP TABLE notifications;
DROP TRIGGER audit_entries_no_delete;
DROP TRIGGER audit_entries_no_update;
DROP TABLE audit_entries;
DROP TABLE output_countries;
DROP TABLE outputs;
DROP TABLE report_spending;
DROP TABLE tranches;
DROP TABLE agreements;
DROP TABLE decisions;
DROP TABLE review_scores;
DROP TABLE reviews;
DROP TABLE review_assignments;
DROP TABLE attachments;
DROP TABLE reports;
DROP TABLE budget_lines;
DROP TABLE project_institutions;
DROP TABLE project_disciplines;
DROP TABLE project_countries;
DROP TABLE dialogue_details;
DROP TABLE technology_transfer_details;
DROP TABLE research_project_details;
DROP TABLE platform_details;
DROP TABLE joint_lab_details;
DROP TABLE talent_exchange_details;
DROP TABLE projects;
DROP TABLE rubric_criteria;
DROP TABLE call_disciplines;
DROP TABLE call_countries;
DROP TABLE call_project_types;
DROP TABLE calls;
DROP TABLE channel_project_types;
DROP TABLE funding_channels;
DROP TABLE user_tokens;
DROP TABLE sessions;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE institutions;
DROP TABLE settings;
DROP TABLE priority_area_disciplines;
DROP TABLE priority_areas;
DROP TABLE disciplines;
DROP TABLE country_indicators;
DROP TABLE indicators;
DROP TABLE countries;
