//! The health key and what it seals. Health records' results and notes are
//! kept as XChaCha20-Poly1305 ciphertexts: a version byte, a random 24-byte
//! nonce, then the sealed bytes with their tag. The associated data names
//! the table and column, so a value moved to another column fails to open.
//! The key (32 random bytes, 64 hex digits in its file) never enters the
//! database: a check value sealed with it (`health_store`) tells at start
//! whether the key given is the one the records were sealed with.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// The format of a sealed value (its first byte).
const VERSION: u8 = 1;
const NONCE: usize = 24;

/// What the check value says when opened with the right key.
pub(crate) const CHECK_TEXT: &[u8] = b"jinzai health store";
pub(crate) const CHECK_AAD: &str = "health_store.key_check";

/// The health key: 32 random bytes.
#[derive(Clone)]
pub struct HealthKey(std::sync::Arc<[u8; 32]>);

impl std::fmt::Debug for HealthKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HealthKey(…)")
    }
}

impl HealthKey {
    /// A new random key.
    pub fn generate() -> Result<HealthKey, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes)?;
        Ok(HealthKey(std::sync::Arc::new(bytes)))
    }

    /// A key from its file's text (64 hex digits, surrounding white space
    /// ignored).
    pub fn from_hex(text: &str) -> Option<HealthKey> {
        let bytes: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
        Some(HealthKey(std::sync::Arc::new(bytes)))
    }

    /// The text of its file.
    pub fn to_hex(&self) -> String {
        hex::encode(*self.0)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.as_slice().into())
    }

    /// `plain` sealed for column `aad` (`table.column`).
    pub(crate) fn seal(&self, aad: &str, plain: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut nonce = [0u8; NONCE];
        getrandom::getrandom(&mut nonce).map_err(|_| SealError)?;
        let sealed = self
            .cipher()
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| SealError)?;
        let mut out = Vec::with_capacity(1 + NONCE + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The plain bytes of a value sealed for `aad`; an error when this key
    /// did not seal it, or it was changed (never garbage).
    pub(crate) fn open(&self, aad: &str, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        if sealed.len() < 1 + NONCE || sealed[0] != VERSION {
            return Err(SealError);
        }
        let (nonce, body) = sealed[1..].split_at(NONCE);
        self.cipher()
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| SealError)
    }
}

/// A value that does not open with the key (another key sealed it, or it
/// was altered), or the system's random source failed while sealing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealError;

/// Whether health records can be read and written.
#[derive(Debug, Clone, Default)]
pub enum HealthAccess {
    /// No key was given at start: the health store is locked.
    #[default]
    NoKey,
    /// The key given does not open the store's check value.
    WrongKey,
    Open(HealthKey),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_with_their_key_and_column_only() {
        let key = HealthKey::generate().unwrap_or_else(|e| panic!("{e}"));
        let other = HealthKey::generate().unwrap_or_else(|e| panic!("{e}"));
        let sealed = key
            .seal("t.note", "要精密検査".as_bytes())
            .unwrap_or_else(|_| panic!("seal"));
        assert!(!sealed.windows(3).any(|w| w == &"要".as_bytes()[..3]));
        assert_eq!(
            key.open("t.note", &sealed).ok().as_deref(),
            Some("要精密検査".as_bytes())
        );
        assert_eq!(other.open("t.note", &sealed), Err(SealError));
        assert_eq!(key.open("t.other", &sealed), Err(SealError));
        let mut altered = sealed.clone();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        assert_eq!(key.open("t.note", &altered), Err(SealError));
        // Two seals of the same text differ (a fresh nonce each time).
        assert_ne!(key.seal("t.note", b"x").ok(), key.seal("t.note", b"x").ok());
        let hex = key.to_hex();
        assert_eq!(hex.len(), 64);
        assert!(HealthKey::from_hex(&format!(" {hex}\n")).is_some());
        assert!(HealthKey::from_hex("abc").is_none());
    }
}
