-- Version 8: a new case can be the same matter as a caller's earlier open case. The link points
-- from the later case to the earlier one; the index lists the later cases of a case.
ALTER TABLE complaints ADD COLUMN linked_case_id INTEGER REFERENCES complaints(id);
CREATE INDEX complaints_by_linked_case ON complaints(linked_case_id) WHERE linked_case_id IS NOT NULL;
-- The intake form also finds a caller's earlier contacts by name when no number is given.
CREATE INDEX complaints_by_complainant ON complaints(complainant, received_at);
CREATE INDEX callbacks_by_party_name ON callbacks(party_name, due_at);
