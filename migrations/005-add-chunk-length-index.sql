-- Lets SUM(LENGTH(chunk)) come from the index instead of reading every blob.
CREATE INDEX idx_entries_data_length ON entries_data (id, LENGTH(chunk));
