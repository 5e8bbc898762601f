//! Secrets and identifiers: random tokens with the documented prefixes, their hashes, and
//! constant-time comparison.

use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// 128 bits of randomness per token or id.
const RANDOM_BYTES: usize = 16;

/// A new random value with a prefix, e.g. `at_sandbox_3f9c…` (32 hex digits).
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; RANDOM_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// The SHA-256 of a secret: what the store keeps instead of the secret itself.
pub fn hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Compares two hashes in constant time.
pub fn hashes_equal(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// The first hex digits of a value's hash: enough to tell values apart in a log, useless to an attacker.
pub fn fingerprint(secret: &str) -> String {
    hex::encode(&hash(secret)[..4])
}

/// Link token prefix.
pub const LINK_TOKEN: &str = "lt_sandbox_";
/// Link token id prefix.
pub const LINK_TOKEN_ID: &str = "ltid_";
/// Public token prefix.
pub const PUBLIC_TOKEN: &str = "pt_sandbox_";
/// Access token prefix.
pub const ACCESS_TOKEN: &str = "at_sandbox_";
/// Account link id prefix.
pub const LINK_ID: &str = "sb_link_";
/// Sync record id prefix.
pub const SYNC_ID: &str = "sync_";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_their_prefix_and_128_random_bits() {
        let a = generate(ACCESS_TOKEN);
        let b = generate(ACCESS_TOKEN);
        assert!(a.starts_with("at_sandbox_"));
        assert_eq!(a.len(), "at_sandbox_".len() + 32);
        assert_ne!(a, b);
    }

    #[test]
    fn hashes_compare_equal_only_for_the_same_secret() {
        assert!(hashes_equal(&hash("bb_test_x"), &hash("bb_test_x")));
        assert!(!hashes_equal(&hash("bb_test_x"), &hash("bb_test_y")));
        assert!(!hashes_equal(&hash("a"), &[0u8; 4]));
    }
}
