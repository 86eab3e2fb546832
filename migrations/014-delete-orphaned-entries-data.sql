DELETE FROM entries_data WHERE id NOT IN (SELECT id FROM entries);

DELETE FROM downloads WHERE entry_id NOT IN (SELECT id FROM entries);

UPDATE entries
SET guest_link_id = NULL
WHERE guest_link_id IS NOT NULL
    AND guest_link_id NOT IN (SELECT id FROM guest_links);
