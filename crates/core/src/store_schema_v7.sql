-- v7: reminders by rule. A bill is announced once per rule (each lead time "lead:N", "overdue",
-- "anomaly"), across restarts; notified_bills (one announcement per bill) becomes rule
-- "lead:any", which stands for every lead time.
CREATE TABLE reminders_sent (
    link_row INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    bill_id  TEXT NOT NULL,
    rule     TEXT NOT NULL,
    sent_at  INTEGER NOT NULL,
    PRIMARY KEY (link_row, bill_id, rule)
);
INSERT INTO reminders_sent (link_row, bill_id, rule, sent_at)
    SELECT link_row, bill_id, 'lead:any', notified_at FROM notified_bills;
DROP TABLE notified_bills;
