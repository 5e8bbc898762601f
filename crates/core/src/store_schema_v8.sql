-- v8: what changed, for windows showing the data. Every write to links, bills or settings (from
-- this process or another one on the same file, such as billkeep-cli) bumps its kind's version;
-- the app compares them on a short timer and reloads only what moved.
CREATE TABLE changes (
    kind    TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO changes (kind, version) VALUES ('links', 0), ('bills', 0), ('settings', 0);
CREATE TRIGGER links_inserted AFTER INSERT ON links BEGIN UPDATE changes SET version = version + 1 WHERE kind = 'links'; END;
CREATE TRIGGER links_updated AFTER UPDATE ON links BEGIN UPDATE changes SET version = version + 1 WHERE kind = 'links'; END;
CREATE TRIGGER links_deleted AFTER DELETE ON links BEGIN UPDATE changes SET version = version + 1 WHERE kind = 'links'; END;
CREATE TRIGGER bills_inserted AFTER INSERT ON bills BEGIN UPDATE changes SET version = version + 1 WHERE kind = 'bills'; END;
CREATE TRIGGER bills_updated AFTER UPDATE ON bills BEGIN UPDATE changes SET version = version + 1 WHERE kind = 'bills'; END;
CREATE TRIGGER bills_deleted AFTER DELETE ON bills BEGIN UPDATE changes SET version = version + 1 WHERE kind = 'bills'; END;
CREATE TRIGGER settings_inserted AFTER INSERT ON settings BEGIN UPDATE changes SET version = version + 1 WHERE kind = 'settings'; END;
CREATE TRIGGER settings_updated AFTER UPDATE ON settings BEGIN UPDATE changes SET version = version + 1 WHERE kind = 'settings'; END;
CREATE TRIGGER settings_deleted AFTER DELETE ON settings BEGIN UPDATE changes SET version = version + 1 WHERE kind = 'settings'; END;
