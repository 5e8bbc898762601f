-- Client secrets of a passphrase vault: with no keyring to hold them, they are sealed with the
-- vault key (like access tokens) and bound to their name. Keyring vaults leave this table empty.
CREATE TABLE sealed_secrets (
    name   TEXT PRIMARY KEY,
    sealed BLOB NOT NULL
);
