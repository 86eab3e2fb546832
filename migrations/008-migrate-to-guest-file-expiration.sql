-- Guest links gain a separate lifetime for the files uploaded through them. Rows
-- left NULL (and 'NEVER', which one upstream version wrote) mean "no limit".
ALTER TABLE guest_links RENAME COLUMN expiration_time TO url_expiration_time;

ALTER TABLE guest_links ADD COLUMN file_expiration_time TEXT;
