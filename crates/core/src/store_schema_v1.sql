-- Billkeep's local database. Times are unix seconds; dates YYYY-MM-DD; amounts minor units.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE links (
    id                 INTEGER PRIMARY KEY,
    environment        TEXT NOT NULL,
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
    UNIQUE (environment, link_id)
);

CREATE TABLE bills (
    link_row       INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    bill_id        TEXT NOT NULL,
    biller_id      TEXT NOT NULL,
    biller_name    TEXT NOT NULL,
    account_number TEXT NOT NULL,
    amount         INTEGER NOT NULL,
    currency       TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    status         TEXT NOT NULL,
    statement_date TEXT NOT NULL,
    description    TEXT,
    auto_pay       INTEGER NOT NULL,
    line_items     TEXT NOT NULL,
    fetched_at     INTEGER NOT NULL,
    PRIMARY KEY (link_row, bill_id)
);
CREATE INDEX bills_by_due ON bills(due_date);

CREATE TABLE connect_events (
    id         INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    event      TEXT NOT NULL,
    metadata   TEXT NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX connect_events_by_session ON connect_events(session_id, id);

-- A link being completed: written before the exchange, removed with the link's commit. Left over
-- after a crash, it makes the next start reconcile against the API's list of links.
CREATE TABLE pending_links (
    id          INTEGER PRIMARY KEY,
    environment TEXT NOT NULL,
    started_at  INTEGER NOT NULL
);
