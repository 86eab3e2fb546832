-- Empty strings used to stand for "no guest link" and broke the foreign key.
UPDATE entries SET guest_link_id = NULL WHERE guest_link_id = '';
