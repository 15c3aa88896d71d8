//! Access tokens (HS256 JWTs, short-lived) and refresh tokens (opaque, stored as SHA-256).
//!
//! One secret signs both: from configuration, or generated once and kept in the database
//! (`server_meta`), so restarts and every instance sharing the database accept the same tokens.
//!
//! A refresh token's successor is derived from it — `HMAC(secret, "refresh/" ‖ token)` — instead
//! of stored: presenting the previous token again inside the grace window answers the very same
//! successor without the server ever keeping a usable token (sync.md "Endpoints").

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Access tokens live this long.
pub const ACCESS_TTL_S: u64 = 15 * 60;
/// Refresh tokens expire after this long unused.
pub const REFRESH_TTL_MS: i64 = 60 * 24 * 60 * 60 * 1000;
/// The previous refresh token still answers its successor for this long, while the successor is
/// unused (a lost response must not sign a device out).
pub const REFRESH_GRACE_MS: i64 = 5 * 60 * 1000;
/// The shortest secret accepted from configuration.
pub const MIN_SECRET_BYTES: usize = 32;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    /// Account id.
    pub sub: String,
    /// The trainer scope this token may read and write.
    pub trainer: String,
    /// The server's device row.
    pub dev: i64,
    /// The device's own id.
    pub did: String,
    pub iat: i64,
    /// Seconds since the epoch.
    pub exp: i64,
}

pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    secret: Vec<u8>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    Invalid,
    Expired,
}

impl Keys {
    pub fn new(secret: &[u8]) -> Keys {
        Keys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            secret: secret.to_vec(),
        }
    }

    pub fn access_token(&self, claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
    }

    /// The claims of a token this server signed, if it has not expired at `now_ms` (the
    /// server's clock, not the library's, so tests can move time).
    pub fn verify(&self, token: &str, now_ms: i64) -> Result<Claims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| TokenError::Invalid)?;
        if data.claims.exp * 1000 <= now_ms {
            return Err(TokenError::Expired);
        }
        Ok(data.claims)
    }

    /// The successor of a refresh token (see the module docs).
    pub fn successor(&self, token: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.secret)
            .expect("HMAC accepts keys of any length");
        mac.update(b"refresh/");
        mac.update(token.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

/// A fresh random refresh token (256 bits).
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A fresh random signing secret, as stored in the database.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// How a refresh token is stored: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "a".into(),
            trainer: "t".into(),
            dev: 1,
            did: "d".into(),
            iat: 0,
            exp,
        }
    }

    #[test]
    fn access_tokens_expire_by_the_given_clock_and_need_the_same_secret() {
        let keys = Keys::new(b"0123456789abcdef0123456789abcdef");
        let token = keys.access_token(&claims(1_000)).expect("signs");
        assert_eq!(keys.verify(&token, 999_999), Ok(claims(1_000)));
        assert_eq!(keys.verify(&token, 1_000_000), Err(TokenError::Expired));
        let other = Keys::new(b"another secret of thirty-two b..");
        assert_eq!(other.verify(&token, 0), Err(TokenError::Invalid));
        assert_eq!(keys.verify("not.a.token", 0), Err(TokenError::Invalid));
    }

    #[test]
    fn successors_are_deterministic_and_secret_dependent() {
        let keys = Keys::new(b"0123456789abcdef0123456789abcdef");
        let other = Keys::new(b"another secret of thirty-two b..");
        assert_eq!(keys.successor("t1"), keys.successor("t1"));
        assert_ne!(keys.successor("t1"), keys.successor("t2"));
        assert_ne!(keys.successor("t1"), other.successor("t1"));
        // SHA-256("abc"), a published test vector.
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
