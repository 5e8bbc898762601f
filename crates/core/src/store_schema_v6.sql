-- v6: requests to link this installation made, so a completed one is collected (its public token
-- exchanged, the link stored) once, by whichever of the app and the CLI sees it first.
CREATE TABLE link_requests (
    id         TEXT NOT NULL,
    origin     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    -- The local link it became, once collected.
    link_row   INTEGER REFERENCES links(id) ON DELETE SET NULL,
    collected  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (origin, id)
);
