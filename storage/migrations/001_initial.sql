-- 001: the initial schema.
-- Timestamps are naive local office time (Europe/Warsaw): every user is in one office and
-- the dashboards group by local hour and day. No foreign keys: DuckDB restricts updates of
-- rows referenced by one, so integrity is kept by the repositories instead.

CREATE TABLE settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE departments (
    id UUID PRIMARY KEY,
    code VARCHAR NOT NULL UNIQUE,
    name VARCHAR NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE employees (
    id UUID PRIMARY KEY,
    department_id UUID NOT NULL,
    first_name VARCHAR NOT NULL,
    last_name VARCHAR NOT NULL,
    position VARCHAR,
    email VARCHAR,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    anonymised BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id UUID PRIMARY KEY,
    login VARCHAR NOT NULL UNIQUE,
    password_hash VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    display_name VARCHAR NOT NULL,
    employee_id UUID,
    language VARCHAR NOT NULL DEFAULT 'pl',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);

-- Departments a supervisor may observe (and that scope their employee lists).
CREATE TABLE user_departments (
    user_id UUID NOT NULL,
    department_id UUID NOT NULL,
    PRIMARY KEY (user_id, department_id)
);

-- Login sessions; the browser holds the token in an HttpOnly cookie, the table its hash.
CREATE TABLE sessions (
    token_hash VARCHAR PRIMARY KEY,
    user_id UUID NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT FALSE
);

-- One-time tickets that the /auth/session route exchanges for the session cookie.
CREATE TABLE login_tickets (
    ticket_hash VARCHAR PRIMARY KEY,
    token VARCHAR NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE observations (
    id UUID PRIMARY KEY,
    status VARCHAR NOT NULL,               -- draft | sent | deleted
    kind VARCHAR NOT NULL,                 -- in_person | phone | premises
    department_id UUID NOT NULL,
    employee_id UUID,                      -- none for a premises audit
    observer_id UUID NOT NULL,
    observed_at TIMESTAMP NOT NULL,
    modules VARCHAR NOT NULL DEFAULT '',   -- comma-separated difficult-situation modules
    handbook_version VARCHAR NOT NULL,
    calibration_of UUID,                   -- the observation this one independently repeats
    notes_good VARCHAR,
    notes_improve VARCHAR,
    employee_acknowledged BOOLEAN,         -- had the employee acknowledged this handbook version
    score DOUBLE,
    met_weight DOUBLE,
    not_met_weight DOUBLE,
    n_met INTEGER,
    n_not_met INTEGER,
    n_not_applicable INTEGER,
    n_not_observed INTEGER,
    n_critical INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    deleted_at TIMESTAMP,
    delete_reason VARCHAR
);

-- One row per item the observation asked: the item ids used stay with the observation.
CREATE TABLE observation_answers (
    observation_id UUID NOT NULL,
    item_id VARCHAR NOT NULL,
    standard_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    weight DOUBLE NOT NULL,
    critical BOOLEAN NOT NULL,
    answer VARCHAR,                        -- tak | nie | nie_dotyczy | nie_zaobserwowano | NULL
    comment VARCHAR,
    PRIMARY KEY (observation_id, item_id)
);

CREATE TABLE observation_standard_scores (
    observation_id UUID NOT NULL,
    standard_id VARCHAR NOT NULL,
    met_weight DOUBLE NOT NULL,
    not_met_weight DOUBLE NOT NULL,
    n_met INTEGER NOT NULL,
    n_not_met INTEGER NOT NULL,
    n_not_applicable INTEGER NOT NULL,
    n_not_observed INTEGER NOT NULL,
    score DOUBLE,
    PRIMARY KEY (observation_id, standard_id)
);

CREATE TABLE observation_comments (
    id UUID PRIMARY KEY,
    observation_id UUID NOT NULL,
    author_id UUID NOT NULL,
    body VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE kiosks (
    id UUID PRIMARY KEY,
    name VARCHAR NOT NULL,
    department_id UUID,
    token_hash VARCHAR NOT NULL UNIQUE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE client_ratings (
    id UUID PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    channel VARCHAR NOT NULL,              -- kiosk | qr
    kiosk_id UUID,
    department_id UUID,
    language VARCHAR NOT NULL,
    overall INTEGER NOT NULL,
    rating_time INTEGER,
    rating_manner INTEGER,
    rating_conditions INTEGER,
    rating_forms INTEGER,
    rating_information INTEGER,
    settled VARCHAR,                       -- yes | no | partly | NULL
    comment VARCHAR,                       -- scrubbed of personal data before storage
    comment_status VARCHAR NOT NULL DEFAULT 'none',  -- none | pending | approved | hidden
    moderation_reason VARCHAR,
    moderated_by UUID,
    moderated_at TIMESTAMP,
    burst BOOLEAN NOT NULL DEFAULT FALSE   -- flagged for review, never deleted
);

CREATE TABLE acknowledgements (
    id UUID PRIMARY KEY,
    employee_id UUID NOT NULL,
    handbook_version VARCHAR NOT NULL,
    acknowledged_on DATE NOT NULL,
    method VARCHAR NOT NULL,               -- self | paper
    recorded_by UUID,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (employee_id, handbook_version)
);

CREATE TABLE conversations (
    id UUID PRIMARY KEY,
    employee_id UUID NOT NULL,
    supervisor_id UUID NOT NULL,
    held_on DATE NOT NULL,
    goals VARCHAR NOT NULL,                -- JSON list of {standard_id, text}
    goal_assessments VARCHAR NOT NULL,     -- JSON list of {goal, result}
    training_needs VARCHAR,
    notes VARCHAR,
    next_on DATE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE audit_log (
    id UUID PRIMARY KEY,
    happened_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    entity_id VARCHAR,
    before VARCHAR,                        -- JSON
    after VARCHAR                          -- JSON
);
