-- Bills already announced by an OS notification: each bill is announced once.
CREATE TABLE notified_bills (
    link_row    INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    bill_id     TEXT NOT NULL,
    notified_at INTEGER NOT NULL,
    PRIMARY KEY (link_row, bill_id)
);
