-- The training register: workplace training held (szkolenie stanowiskowe) and requests for
-- external training (wniosek o szkolenie), one row per employee. No foreign keys: DuckDB
-- restricts updates of referenced rows. The retention run deletes rows older than its cutoff,
-- as it deletes periodic conversations.
CREATE TABLE training_records (
    id UUID PRIMARY KEY,
    kind VARCHAR NOT NULL,            -- workplace | request
    employee_id UUID NOT NULL,
    standard_ids VARCHAR[] NOT NULL,  -- the handbook's standards (ids), at least one
    topic VARCHAR NOT NULL,
    notes VARCHAR,
    on_date DATE NOT NULL,            -- workplace: the day it was held; request: the day it was made
    held_by UUID,                     -- workplace: the account that held it
    status VARCHAR NOT NULL,          -- workplace: held; request: requested | held | rejected
    decided_on DATE,                  -- request: the day the external training was held, or rejected
    rejection_reason VARCHAR,
    action_id UUID,                   -- an improvement action this training serves
    conversation_id UUID,             -- a periodic conversation ...
    goal_index INTEGER,               -- ... and the goal in it (index in its goals list)
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
