//! Sealing access tokens: XChaCha20-Poly1305 with a random 192-bit nonce and associated data that
//! binds each ciphertext to its link row and key version.
//!
//! Sealed layout: `0x01` (format) ‖ key version (u32 LE) ‖ nonce (24) ‖ ciphertext ‖ tag (16).

use chacha20poly1305::aead::{Aead, KeyInit, OsRng, Payload};
use chacha20poly1305::{AeadCore, XChaCha20Poly1305, XNonce};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::Error;

const FORMAT: u8 = 1;
const HEADER: usize = 1 + 4 + 24;

/// A 256-bit data key. Wiped from memory on drop; never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DataKey {
    bytes: [u8; 32],
    #[zeroize(skip)]
    version: u32,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataKey(v{}, <redacted>)", self.version)
    }
}

impl DataKey {
    /// A fresh random key.
    pub fn generate(version: u32) -> Self {
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&key);
        Self { bytes, version }
    }

    /// A key from its bytes.
    pub fn from_bytes(bytes: [u8; 32], version: u32) -> Self {
        Self { bytes, version }
    }

    /// The raw bytes (to store in the keyring).
    pub fn bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// Its version, part of every ciphertext's associated data.
    pub fn version(&self) -> u32 {
        self.version
    }
}

fn associated_data(purpose: &str, row: &str, version: u32) -> Vec<u8> {
    format!("billkeep/{purpose}/v1|{row}|{version}").into_bytes()
}

/// Seals `plaintext` for `row` (e.g. the link's local id) under `key`.
pub fn seal(key: &DataKey, purpose: &str, row: &str, plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new((&key.bytes).into());
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let aad = associated_data(purpose, row, key.version);
    let sealed = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad: &aad,
            },
        )
        // Encryption fails only for messages over 256 GiB.
        .unwrap_or_default();
    let mut out = Vec::with_capacity(HEADER + sealed.len());
    out.push(FORMAT);
    out.extend_from_slice(&key.version.to_le_bytes());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

/// The key version a sealed value was made with.
pub fn key_version(sealed: &[u8]) -> Option<u32> {
    (sealed.len() > HEADER && sealed[0] == FORMAT)
        .then(|| u32::from_le_bytes([sealed[1], sealed[2], sealed[3], sealed[4]]))
}

/// Opens a value sealed for `row`; fails for another row, another key, or any change.
pub fn open(
    key: &DataKey,
    purpose: &str,
    row: &str,
    sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Error> {
    if key_version(sealed) != Some(key.version) {
        return Err(Error::Unseal);
    }
    let cipher = XChaCha20Poly1305::new((&key.bytes).into());
    let nonce = XNonce::from_slice(&sealed[5..HEADER]);
    let aad = associated_data(purpose, row, key.version);
    cipher
        .decrypt(
            nonce,
            Payload {
                msg: &sealed[HEADER..],
                aad: &aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| Error::Unseal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_token_opens_only_for_its_row_key_and_version() {
        let key = DataKey::generate(1);
        let sealed = seal(&key, "access-token", "7", b"at_sandbox_secret");
        assert_eq!(
            open(&key, "access-token", "7", &sealed).unwrap().as_slice(),
            b"at_sandbox_secret"
        );
        assert!(
            matches!(open(&key, "access-token", "8", &sealed), Err(Error::Unseal)),
            "moved to another row"
        );
        assert!(
            matches!(
                open(&DataKey::generate(1), "access-token", "7", &sealed),
                Err(Error::Unseal)
            ),
            "another key"
        );
        let other_version = DataKey::from_bytes(*key.bytes(), 2);
        assert!(
            matches!(
                open(&other_version, "access-token", "7", &sealed),
                Err(Error::Unseal)
            ),
            "another version"
        );
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(matches!(
            open(&key, "access-token", "7", &tampered),
            Err(Error::Unseal)
        ));
        assert!(matches!(
            open(&key, "access-token", "7", &sealed[..10]),
            Err(Error::Unseal)
        ));
    }

    #[test]
    fn every_seal_uses_a_fresh_nonce() {
        let key = DataKey::generate(1);
        let a = seal(&key, "access-token", "1", b"same");
        let b = seal(&key, "access-token", "1", b"same");
        assert_ne!(a, b);
        assert_eq!(key_version(&a), Some(1));
        assert!(!format!("{key:?}").contains(&format!("{:?}", key.bytes())));
    }

    /// XChaCha20-Poly1305 known-answer vector (draft-irtf-cfrg-xchacha, section A.3.1), through
    /// the same crate and call this module uses.
    #[test]
    fn xchacha20poly1305_matches_the_published_vector() {
        let key: [u8; 32] =
            hex::decode("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f")
                .unwrap()
                .try_into()
                .unwrap();
        let nonce = hex::decode("404142434445464748494a4b4c4d4e4f5051525354555657").unwrap();
        let aad = hex::decode("50515253c0c1c2c3c4c5c6c7").unwrap();
        let plaintext = b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
        let cipher = XChaCha20Poly1305::new(&key.into());
        let out = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .unwrap();
        let expected_tag = "c0875924c1c7987947deafd8780acf49";
        assert_eq!(hex::encode(&out[out.len() - 16..]), expected_tag);
        assert_eq!(hex::encode(&out[..16]), "bd6d179d3e83d43b9576579493c0e939");
    }
}
