-- 005: a client's overall rating is stored at the first tap (a client who taps and walks away is
-- counted); the send completes the same row. completed_at is the moment of the send: NULL while
-- only the tap is stored. Every earlier row was stored by its send, so it is complete.
ALTER TABLE client_ratings ADD COLUMN completed_at TIMESTAMP;
UPDATE client_ratings SET completed_at = created_at;
