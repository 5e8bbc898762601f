//! Deriving a passphrase vault's key: Argon2id with parameters stored beside the vault, so they
//! can be raised for new vaults without locking anyone out of an old one.

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::Zeroizing;

use super::seal::DataKey;
use crate::Error;

/// Argon2id parameters: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory, KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes.
    pub lanes: u32,
}

impl KdfParams {
    /// What new vaults use (and what vaults made before the parameters were stored used):
    /// 64 MiB, 3 passes, 1 lane (OWASP's first choice).
    pub const CURRENT: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        lanes: 1,
    };

    /// The form kept in `meta`: `argon2id;v=19;m=65536;t=3;p=1`.
    pub fn encode(&self) -> String {
        format!(
            "argon2id;v=19;m={};t={};p={}",
            self.memory_kib, self.iterations, self.lanes
        )
    }

    /// Reads [`KdfParams::encode`]'s form; anything else is a damaged vault record.
    pub fn decode(text: &str) -> Result<Self, Error> {
        let bad = || Error::Damaged(format!("key derivation parameters {text:?}"));
        let mut parts = text.split(';');
        if parts.next() != Some("argon2id") || parts.next() != Some("v=19") {
            return Err(bad());
        }
        let mut field = |name: &str| -> Result<u32, Error> {
            parts
                .next()
                .and_then(|p| p.strip_prefix(name))
                .and_then(|v| v.parse().ok())
                .ok_or_else(bad)
        };
        let params = KdfParams {
            memory_kib: field("m=")?,
            iterations: field("t=")?,
            lanes: field("p=")?,
        };
        Params::new(params.memory_kib, params.iterations, params.lanes, Some(32))
            .map_err(|_| bad())?;
        Ok(params)
    }

    /// Derives a key of `version` from a passphrase and salt.
    pub fn derive(&self, passphrase: &str, salt: &[u8], version: u32) -> Result<DataKey, Error> {
        let params = Params::new(self.memory_kib, self.iterations, self.lanes, Some(32))
            .map_err(|e| Error::Invalid(e.to_string()))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut bytes = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(passphrase.as_bytes(), salt, bytes.as_mut())
            .map_err(|e| Error::Invalid(e.to_string()))?;
        Ok(DataKey::from_bytes(*bytes, version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_round_trip_and_garbage_is_refused() {
        let p = KdfParams::CURRENT;
        assert_eq!(KdfParams::decode(&p.encode()).unwrap(), p);
        for bad in [
            "",
            "argon2id;v=19;m=x;t=3;p=1",
            "scrypt;v=19;m=1;t=1;p=1",
            "argon2id;v=19;m=1;t=0;p=1",
        ] {
            assert!(KdfParams::decode(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn stored_parameters_decide_the_key() {
        let weak = KdfParams {
            memory_kib: 8,
            iterations: 1,
            lanes: 1,
        };
        let a = weak
            .derive("correct horse battery", b"0123456789abcdef", 1)
            .unwrap();
        let b = weak
            .derive("correct horse battery", b"0123456789abcdef", 1)
            .unwrap();
        assert_eq!(a.bytes(), b.bytes());
        let c = KdfParams {
            iterations: 2,
            ..weak
        }
        .derive("correct horse battery", b"0123456789abcdef", 1)
        .unwrap();
        assert_ne!(a.bytes(), c.bytes());
    }
}
