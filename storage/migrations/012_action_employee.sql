-- 012: an improvement action may be for one employee (raised from that employee's observation or
-- conversation); NULL: for the department. The service checks the employee belongs to it.
ALTER TABLE improvement_actions ADD COLUMN employee_id UUID;
