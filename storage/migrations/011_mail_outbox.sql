-- E-mail notifications: each account's address (NULL: the account gets no e-mail) and the outbox,
-- one row per message. The dedupe key is unique: the same event never makes two messages.
ALTER TABLE users ADD COLUMN email VARCHAR;
CREATE TABLE mail_outbox (
    id UUID PRIMARY KEY,
    dedupe_key VARCHAR NOT NULL UNIQUE,  -- the event, e.g. action_overdue:<action id>:<due date>
    recipient_id UUID,                   -- the account
    recipient VARCHAR NOT NULL,          -- its address when the message was queued
    subject VARCHAR NOT NULL,
    body VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,               -- action_assigned | action_overdue | case_opened | case_overdue |
                                         -- plan_behind | acknowledgement_pending | digest | test
    state VARCHAR NOT NULL,              -- held (waits for the daily digest) | queued | sent | failed
                                         -- (permanently) | in_digest (sent inside a digest)
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,  -- also the claim: a sender moves it past its own attempt
    last_error VARCHAR,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    digest_id UUID                       -- the digest that carried a held message
);
