-- Client cases: a client who wants an answer (asked on the rating form, or a complaint made on
-- paper or by phone and entered by staff). Deliberately no link to the client's rating: the
-- rating stays anonymous. Contact data are deleted by the retention run after closure plus a set
-- period (contact_deleted_at says when); the case itself stays, without them.
CREATE TABLE client_cases (
    id UUID PRIMARY KEY,
    origin VARCHAR NOT NULL,          -- form | paper | phone
    department_id UUID,               -- NULL: no department chosen, management answers
    request VARCHAR NOT NULL,         -- what the client asks about, in their words
    contact_name VARCHAR,
    contact_email VARCHAR,
    contact_phone VARCHAR,            -- at least one of e-mail and phone until deletion
    consent_version VARCHAR,          -- the consent text the client accepted (form)
    language VARCHAR NOT NULL,        -- the client's language (pl | en | uk)
    status VARCHAR NOT NULL,          -- open | closed
    due_date DATE NOT NULL,
    reply VARCHAR,                    -- the answer given to the client
    replied_on DATE,
    replied_by VARCHAR,
    created_by VARCHAR NOT NULL,      -- 'client' for the form, else the staff login
    created_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    contact_deleted_at TIMESTAMP
);
