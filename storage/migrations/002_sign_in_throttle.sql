-- Sign-in attempts, the state behind throttling: failures are counted per client address and
-- login (and per address, per login), never per account alone, so nobody can lock a colleague
-- out. Rows older than 90 days are removed as new attempts arrive. Never holds a password.
CREATE TABLE sign_in_attempts (
    id UUID PRIMARY KEY,
    attempted_at TIMESTAMP NOT NULL,
    login VARCHAR NOT NULL,     -- as typed, normalised; also logins that do not exist
    client VARCHAR NOT NULL,    -- the client's address (see accounts/throttle.py)
    outcome VARCHAR NOT NULL    -- success | failure | throttled; failure until the password is checked
);
-- users.failed_attempts and users.locked_until (the old per-account lock) are no longer used;
-- DuckDB cannot drop columns of a table with a UNIQUE constraint, so they stay, unread.
