-- History of deleted files, left behind by upstream versions before 1.5.0.
DELETE FROM downloads WHERE entry_id NOT IN (SELECT id FROM entries);
