-- Sandbox state. Secrets are stored only as SHA-256 hashes; times are unix seconds.
CREATE TABLE clients (
    client_id   TEXT PRIMARY KEY,
    secret_hash BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);

-- A link token and the Connect session it drives.
CREATE TABLE link_tokens (
    link_token_id   TEXT PRIMARY KEY,
    token_hash      BLOB NOT NULL UNIQUE,
    client_id       TEXT NOT NULL REFERENCES clients(client_id),
    client_user_id  TEXT NOT NULL,
    consents        TEXT NOT NULL,
    redirect_uri    TEXT,
    biller_id       TEXT,
    account_link_id TEXT,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    -- session progress: credentials, mfa, discover, select, consent, done
    step            TEXT NOT NULL DEFAULT 'credentials',
    session_biller  TEXT,
    account_number  TEXT,
    mfa_attempts    INTEGER NOT NULL DEFAULT 0,
    accounts_json   TEXT,
    selected_account TEXT
);

CREATE TABLE public_tokens (
    token_hash    BLOB PRIMARY KEY,
    client_id     TEXT NOT NULL REFERENCES clients(client_id),
    link_token_id TEXT NOT NULL REFERENCES link_tokens(link_token_id),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    exchanged_at  INTEGER,
    link_id       TEXT
);

CREATE TABLE links (
    link_id        TEXT PRIMARY KEY,
    client_id      TEXT NOT NULL REFERENCES clients(client_id),
    client_user_id TEXT NOT NULL,
    biller_id      TEXT NOT NULL,
    account_number TEXT NOT NULL,
    account_mask   TEXT NOT NULL,
    account_name   TEXT NOT NULL,
    consents       TEXT NOT NULL,
    status         TEXT NOT NULL,
    error_code     TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    last_synced_at INTEGER,
    removed_at     INTEGER
);
CREATE INDEX links_by_client ON links(client_id, created_at);

CREATE TABLE access_tokens (
    token_hash BLOB PRIMARY KEY,
    link_id    TEXT NOT NULL REFERENCES links(link_id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE TABLE bills (
    id             TEXT PRIMARY KEY,
    link_id        TEXT NOT NULL REFERENCES links(link_id),
    seq            INTEGER NOT NULL,
    statement_date TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    amount         INTEGER NOT NULL,
    currency       TEXT NOT NULL,
    status         TEXT NOT NULL,
    description    TEXT,
    auto_pay       INTEGER NOT NULL,
    line_items     TEXT NOT NULL,
    source         TEXT NOT NULL,
    UNIQUE (link_id, seq)
);
CREATE INDEX bills_by_link ON bills(link_id, due_date, id);

CREATE TABLE syncs (
    id            TEXT PRIMARY KEY,
    link_id       TEXT NOT NULL REFERENCES links(link_id),
    status        TEXT NOT NULL,
    bills_found   INTEGER,
    bills_updated INTEGER,
    error         TEXT,
    started_at    INTEGER,
    completed_at  INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE INDEX syncs_by_link ON syncs(link_id, created_at);
