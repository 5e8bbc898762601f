-- v5: a sync asks BillerAPI to refresh first. Two times per link: when Billkeep last checked
-- (whatever came of it), and when BillerAPI itself last synced the account ("data as of").
-- `last_synced_at` stays the last successful sync.
ALTER TABLE links ADD COLUMN last_checked_at INTEGER;
ALTER TABLE links ADD COLUMN remote_synced_at INTEGER;
