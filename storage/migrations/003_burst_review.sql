-- 003: a moderator's review of ratings flagged as part of a burst (many sends from one kiosk or
-- one client address within a minute). A flagged rating counts in no figure until approved;
-- a rejected one stays stored, never counted.
ALTER TABLE client_ratings ADD COLUMN burst_review VARCHAR;          -- NULL (waiting) | approved | rejected
ALTER TABLE client_ratings ADD COLUMN burst_reviewed_by UUID;
ALTER TABLE client_ratings ADD COLUMN burst_reviewed_at TIMESTAMP;
