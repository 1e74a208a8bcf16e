-- 006: answers given together. A supervisor may answer the rest of a standard (or of the whole
-- observation) with one deliberate tap; those answers keep the moment of that tap, so the
-- observation's detail shows which answers were set together and which one by one.
-- NULL: answered one by one (and every answer stored before this migration).
ALTER TABLE observation_answers ADD COLUMN set_together_at TIMESTAMP;
