-- Improvement actions (działania doskonalące / korygujące): a finding turned into work that
-- someone owns, with a deadline. No foreign keys: DuckDB restricts updates of referenced rows.
CREATE TABLE improvement_actions (
    id UUID PRIMARY KEY,
    title VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    source_kind VARCHAR NOT NULL,  -- observation_item | heatmap_cell | client_comment | conversation_goal | other
    source_ref VARCHAR,            -- the source's id(s); for a heat-map cell the period
    department_id UUID NOT NULL,
    standard_id VARCHAR,
    item_id VARCHAR,
    owner_id UUID NOT NULL,        -- an account (supervisor or management)
    due_date DATE NOT NULL,
    status VARCHAR NOT NULL,       -- open | in_progress | closed | cancelled
    closing_note VARCHAR,          -- the closing note, or the reason of a cancellation
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP
);
