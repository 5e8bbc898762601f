-- Idempotency keys: the first answer to a POST with a key, replayed for 24 hours. `status` is NULL
-- while that first request is still running.
CREATE TABLE idempotency_keys (
    caller       TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  BLOB NOT NULL,
    status       INTEGER,
    content_type TEXT,
    body         BLOB,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (caller, key)
);

-- Requests to link: a client asks one of its users to link through a shareable Connect page.
CREATE TABLE link_requests (
    id             TEXT PRIMARY KEY,
    client_id      TEXT NOT NULL REFERENCES clients(client_id),
    client_user_id TEXT NOT NULL,
    biller_id      TEXT,
    status         TEXT NOT NULL,
    link_token_id  TEXT NOT NULL REFERENCES link_tokens(link_token_id),
    -- The session page's link token, so its URL works; the page is the user's to open.
    session_token  TEXT NOT NULL,
    metadata       TEXT,
    -- Filled when the user completes Connect, until the client exchanges it.
    public_token   TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX link_requests_by_client ON link_requests(client_id, created_at);
CREATE INDEX link_requests_by_token ON link_requests(link_token_id);
