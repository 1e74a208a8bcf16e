-- The observation plan: per department and quarter, how many observations of each kind every
-- employee is to have (for a premises audit, which has no employee: how many for the department).
CREATE TABLE observation_plan (
    department_id UUID NOT NULL,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,        -- 1..4
    kind VARCHAR NOT NULL,           -- in_person | phone | premises
    per_employee INTEGER NOT NULL,   -- 0 removes the kind from the plan
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (department_id, year, quarter, kind)
);
