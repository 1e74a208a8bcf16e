-- Satisfaction survey campaigns: a named period with a target number of client answers, overall
-- and per department. Ratings are never tied to a campaign: a campaign only names a period, and
-- its progress counts the ratings of its dates. No foreign keys: DuckDB restricts updates of
-- referenced rows (a department renamed or deactivated keeps its targets).
CREATE TABLE survey_campaigns (
    id UUID PRIMARY KEY,
    name VARCHAR NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,            -- inclusive
    margin DOUBLE NOT NULL,            -- 0.05 = ±5 pp
    confidence DOUBLE NOT NULL,        -- 0.95
    yearly_clients INTEGER,            -- the office's clients a year, for the finite-population correction
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The target answers of each department in a campaign; the campaign's total is their sum.
CREATE TABLE survey_campaign_targets (
    campaign_id UUID NOT NULL,
    department_id UUID NOT NULL,
    target INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, department_id)
);
