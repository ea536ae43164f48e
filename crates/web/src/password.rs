//! Passwords: hashed with argon2id (RustCrypto's `argon2`, OWASP's recommended parameters, its
//! defaults) into a PHC string the store keeps; never stored or logged as typed.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Shortest and longest password accepted. Long passphrases are welcome; the upper bound only
/// keeps one request from costing the server a hash of megabytes.
const SHORTEST: usize = 10;
const LONGEST: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("パスワードは{SHORTEST}文字以上にしてください (password-too-short)")]
    TooShort,
    #[error("パスワードは{LONGEST}文字以内にしてください (password-too-long)")]
    TooLong,
    #[error("パスワードとアカウント名を同じにはできません (password-is-name)")]
    SameAsName,
    #[error("パスワードを処理できませんでした: {0} (password-hash)")]
    Hash(String),
}

/// Refuses a password too short, too long, or equal to the account's name.
pub fn check_new_password(name: &str, password: &str) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if n < SHORTEST {
        Err(PasswordError::TooShort)
    } else if n > LONGEST {
        Err(PasswordError::TooLong)
    } else if password == name {
        Err(PasswordError::SameAsName)
    } else {
        Ok(())
    }
}

/// The argon2id PHC string of `password` with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| PasswordError::Hash(e.to_string()))?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| PasswordError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` is the one `hash` was made from. A hash that cannot be read matches
/// nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    if password.chars().count() > LONGEST {
        return false;
    }
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash that matches no password, verified when the account named does not exist, so that a
/// wrong name takes as long as a wrong password (no enumeration by timing).
pub fn decoy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c2hpbmNob2t1ZGVjb3k$W1SG0wDbO4V3w1n3CzLr8AaXgJ1J7wv5p4A1aX1iN7o"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hash = hash_password("ながれやま2024!").expect("hashed");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("ながれやま2024!", &hash));
        assert!(!verify_password("ながれやま2024?", &hash));
        assert_ne!(
            hash,
            hash_password("ながれやま2024!").expect("hashed"),
            "salted"
        );
        assert!(!verify_password("anything", "not a hash"));
        assert!(!verify_password("anything", decoy_hash()));
        assert!(
            PasswordHash::new(decoy_hash()).is_ok(),
            "the decoy is a real hash"
        );
    }

    #[test]
    fn new_passwords_are_checked() {
        assert_eq!(
            check_new_password("a", "short"),
            Err(PasswordError::TooShort)
        );
        assert_eq!(
            check_new_password("a", &"x".repeat(257)),
            Err(PasswordError::TooLong)
        );
        assert_eq!(
            check_new_password("tanaka1234", "tanaka1234"),
            Err(PasswordError::SameAsName)
        );
        assert_eq!(
            check_new_password("tanaka", "子育て支援のための合言葉"),
            Ok(())
        );
    }
}
