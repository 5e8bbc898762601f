-- v4: a link belongs to the exact origin it was made on (see origin.rs). Its token is sent only
-- there, and two origins may hand out the same link id, so the uniqueness moves from
-- (environment, link_id) to (origin, link_id). SQLite cannot change a constraint in place: the
-- table is rebuilt (migrations run with foreign keys off, so the bills that reference it stay).
CREATE TABLE links_v4 (
    id                 INTEGER PRIMARY KEY,
    environment        TEXT NOT NULL,
    -- 'embedded', or the normalized base URL (https://sandbox.api.billerapi.com/).
    origin             TEXT NOT NULL,
    link_id            TEXT NOT NULL,
    biller_id          TEXT NOT NULL,
    biller_name        TEXT NOT NULL,
    account_mask       TEXT NOT NULL,
    account_name       TEXT NOT NULL DEFAULT '',
    consents           TEXT NOT NULL DEFAULT 'bills',
    status             TEXT NOT NULL,
    status_code        TEXT,
    status_message     TEXT,
    rate_limited_until INTEGER,
    -- XChaCha20-Poly1305, bound to this row's id and the key version (see vault/seal.rs).
    sealed_token       BLOB,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    last_synced_at     INTEGER,
    UNIQUE (origin, link_id)
);

-- Existing links were made on their environment's origin; a custom one on the custom URL of the
-- time (the only one the app ever had), normalized as origin.rs does (a path ends in '/').
CREATE TEMP VIEW legacy_custom_origin AS
    SELECT CASE WHEN substr(value, -1) = '/' THEN value ELSE value || '/' END AS origin
    FROM settings WHERE key = 'custom_url';

INSERT INTO links_v4 (id, environment, origin, link_id, biller_id, biller_name, account_mask,
        account_name, consents, status, status_code, status_message, rate_limited_until,
        sealed_token, created_at, updated_at, last_synced_at)
    SELECT id, environment,
        CASE environment
            WHEN 'embedded' THEN 'embedded'
            WHEN 'sandbox' THEN 'https://sandbox.api.billerapi.com/'
            WHEN 'production' THEN 'https://api.billerapi.com/'
            ELSE COALESCE((SELECT origin FROM legacy_custom_origin), 'custom:unknown')
        END,
        link_id, biller_id, biller_name, account_mask, account_name, consents, status,
        status_code, status_message, rate_limited_until, sealed_token, created_at, updated_at,
        last_synced_at
    FROM links;

DROP TABLE links;
ALTER TABLE links_v4 RENAME TO links;
CREATE INDEX links_by_environment ON links(environment, id);

-- A crash marker names the origin whose account list may hold the lost link.
ALTER TABLE pending_links ADD COLUMN origin TEXT;
UPDATE pending_links SET origin = CASE environment
    WHEN 'embedded' THEN 'embedded'
    WHEN 'sandbox' THEN 'https://sandbox.api.billerapi.com/'
    WHEN 'production' THEN 'https://api.billerapi.com/'
    ELSE (SELECT origin FROM legacy_custom_origin)
END;

-- Client ids are filed per origin: the custom one under its URL.
INSERT OR IGNORE INTO settings (key, value)
    SELECT 'client_id.custom:' || (SELECT origin FROM legacy_custom_origin), value
    FROM settings WHERE key = 'client_id.custom'
        AND EXISTS (SELECT 1 FROM legacy_custom_origin);
DELETE FROM settings WHERE key = 'client_id.custom' AND EXISTS (SELECT 1 FROM legacy_custom_origin);

DROP VIEW legacy_custom_origin;
