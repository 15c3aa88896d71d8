//! Sign-up, sign-in, refresh, sign-out and devices (sync.md "Endpoints").
//!
//! Invariants:
//! - Passwords are Argon2id PHC strings (the app's parameters); sign-in failures are counted per
//!   email in the database, so every instance enforces one limit.
//! - Refresh tokens rotate on every use. The previous token answers its (derived) successor again
//!   while the successor is unused and within [`REFRESH_GRACE_MS`]; any other reuse revokes the
//!   device, whose tokens then all stop working.
//! - A request's scope is its access token's; the device behind the token must not be revoked.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::Json;
use trainmate_api::sync::{
    Device, ErrorBody, RefreshRequest, SignInRequest, SignUpRequest, Tokens,
};
use trainmate_core::password::check_password;
use trainmate_core::validate::{normalize_email, normalize_person_name, FieldError, Rule};
use uuid::Uuid;

use crate::error::{ApiError, Body};
use crate::storage::{AccountRow, DeviceRow, RefreshRow, Storage, StorageError, Tx};
use crate::tokens::{
    new_refresh_token, token_hash, Claims, TokenError, ACCESS_TTL_S, REFRESH_GRACE_MS,
    REFRESH_TTL_MS,
};
use crate::AppState;

/// Failed sign-ins allowed before the wait starts.
pub const FREE_FAILURES: i64 = 5;
/// The wait after the first failure beyond the free ones; doubles with each further failure.
pub const FIRST_LOCK_MS: i64 = 30_000;
/// The longest wait, so a stranger cannot lock a trainer out for long (domain.md).
pub const MAX_LOCK_MS: i64 = 15 * 60_000;

/// How long sign-in stays closed after `failures` failures (0 while below the free ones).
pub fn lock_ms(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(20) as u32;
    FIRST_LOCK_MS
        .saturating_mul(1 << doublings)
        .min(MAX_LOCK_MS)
}

fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|error| {
            tracing::error!(%error, "password hashing failed");
            ApiError::internal()
        })
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends one verification's time, so an unknown email answers as slowly as a wrong password.
fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash_password("not a real password 1!").unwrap_or_default());
    let _ = verify_password(password, phc);
}

fn device_name(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        Err(FieldError::new("device_name", Rule::Required))
    } else if name.chars().count() > 100 {
        Err(FieldError::new("device_name", Rule::TooLong))
    } else {
        Ok(name.to_owned())
    }
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("invalid_credentials", "The email or password is not right.")
}

/// A new access token and refresh token for a signed-in device.
fn issue<T: Tx + ?Sized>(
    state: &AppState<impl Storage>,
    tx: &mut T,
    account: &AccountRow,
    device: &DeviceRow,
    refresh_token: String,
    now: i64,
) -> Result<Tokens, ApiError> {
    tx.insert_refresh(&RefreshRow {
        token_hash: token_hash(&refresh_token),
        device: device.id,
        created_at: now,
        expires_at: now + REFRESH_TTL_MS,
        rotated_at: None,
        successor_hash: None,
    })?;
    tokens_for(state, account, device, refresh_token, now)
}

fn tokens_for(
    state: &AppState<impl Storage>,
    account: &AccountRow,
    device: &DeviceRow,
    refresh_token: String,
    now: i64,
) -> Result<Tokens, ApiError> {
    let claims = Claims {
        sub: account.id.clone(),
        trainer: account.trainer_id.clone(),
        dev: device.id,
        did: device.device_id.clone(),
        iat: now / 1000,
        exp: now / 1000 + ACCESS_TTL_S as i64,
    };
    let access_token = state.keys.access_token(&claims).map_err(|error| {
        tracing::error!(%error, "signing an access token failed");
        ApiError::internal()
    })?;
    let parse = |id: &str| Uuid::parse_str(id).map_err(|_| ApiError::internal());
    Ok(Tokens {
        access_token,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TTL_S,
        refresh_token,
        account_id: parse(&account.id)?,
        trainer_id: parse(&account.trainer_id)?,
        device_id: parse(&device.device_id)?,
    })
}

/// Creates an account and signs its first device in.
#[utoipa::path(post, path = "/v1/auth/signup", tag = "accounts",
    request_body = trainmate_api::sync::SignUpRequest,
    responses(
        (status = 201, description = "Created and signed in", body = Tokens),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 409, description = "`email_taken` or `trainer_taken`", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON, or an unknown Content-Encoding", body = ErrorBody),
        (status = 422, description = "`invalid` (see `fields`) or `invalid_body`", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub async fn sign_up<S: Storage>(
    State(state): State<AppState<S>>,
    Body(request): Body<SignUpRequest>,
) -> Result<(StatusCode, Json<Tokens>), ApiError> {
    let mut errors = Vec::new();
    let email = normalize_email("email", &request.email).map_err(|e| errors.push(e));
    let name = normalize_person_name("name", &request.name).map_err(|e| errors.push(e));
    let device = device_name(&request.device_name).map_err(|e| errors.push(e));
    errors.extend(
        check_password(&request.password, &request.password)
            .into_iter()
            .filter(|e| e.field == "password"),
    );
    let (Ok(email), Ok(name), Ok(device_name), true) = (email, name, device, errors.is_empty())
    else {
        return Err(ApiError::invalid(errors));
    };
    let app = state.clone();
    let tokens = state
        .blocking(move |store| {
            let password_hash = hash_password(&request.password)?;
            let now = app.clock.now_ms();
            let account = AccountRow {
                id: Uuid::now_v7().to_string(),
                email_key: email.to_lowercase(),
                email,
                name,
                password_hash,
                trainer_id: request.trainer_id.unwrap_or_else(Uuid::now_v7).to_string(),
                created_at: now,
            };
            store.write(|tx| {
                tx.insert_account(&account).map_err(|e| match e {
                    StorageError::Conflict("email") => ApiError::new(
                        StatusCode::CONFLICT,
                        "email_taken",
                        "An account with this email exists; sign in instead.",
                    ),
                    StorageError::Conflict(_) => ApiError::new(
                        StatusCode::CONFLICT,
                        "trainer_taken",
                        "This trainer is already linked to another account.",
                    ),
                    other => other.into(),
                })?;
                let device = tx.sign_in_device(
                    &account.id,
                    &request.device_id.to_string(),
                    &device_name,
                    now,
                )?;
                issue(&app, tx, &account, &device, new_refresh_token(), now)
            })
        })
        .await?;
    Ok((StatusCode::CREATED, Json(tokens)))
}

/// Signs a device in (email, password, device id and name). Five failures per email, then a
/// wait doubling from 30 s to 15 min (429 with Retry-After).
#[utoipa::path(post, path = "/v1/auth/login", tag = "accounts",
    request_body = trainmate_api::sync::SignInRequest,
    responses(
        (status = 200, description = "Signed in", body = Tokens),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`wrong_credentials`", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON, or an unknown Content-Encoding", body = ErrorBody),
        (status = 422, description = "`invalid` or `invalid_body`", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`; see Retry-After", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub async fn sign_in<S: Storage>(
    State(state): State<AppState<S>>,
    Body(request): Body<SignInRequest>,
) -> Result<Json<Tokens>, ApiError> {
    let device_name = device_name(&request.device_name).map_err(|e| ApiError::invalid(vec![e]))?;
    let email_key = request.email.trim().to_lowercase();
    let app = state.clone();
    let tokens = state
        .blocking(move |store| {
            let now = app.clock.now_ms();
            // The attempt counts as a failure before the password is checked, so parallel
            // guesses cannot all slip in before the first failure is written; a success clears
            // the count again.
            let account = store.write(|tx| {
                if let Some((count, last)) = tx.sign_in_failures(&email_key)? {
                    let open_at = last + lock_ms(count);
                    if open_at > now {
                        let mut error = ApiError::new(
                            StatusCode::TOO_MANY_REQUESTS,
                            "too_many_attempts",
                            "Too many failed sign-ins for this email; wait, then try again.",
                        );
                        error.retry_after_s = Some(((open_at - now + 999) / 1000) as u64);
                        return Ok(Err(error));
                    }
                }
                tx.record_sign_in_failure(&email_key, now)?;
                Ok::<_, ApiError>(Ok(tx.account_by_email_key(&email_key)?))
            })??;
            let verified = match &account {
                Some(account) => verify_password(&request.password, &account.password_hash),
                None => {
                    verify_nothing(&request.password);
                    false
                }
            };
            let account = match account {
                Some(account) if verified => account,
                _ => return Err(invalid_credentials()),
            };
            store.write(|tx| {
                tx.clear_sign_in_failures(&email_key)?;
                let device = tx.sign_in_device(
                    &account.id,
                    &request.device_id.to_string(),
                    &device_name,
                    now,
                )?;
                issue(&app, tx, &account, &device, new_refresh_token(), now)
            })
        })
        .await?;
    Ok(Json(tokens))
}

/// Exchanges a refresh token for new tokens (rotation; a replay within the grace window answers
/// the same successor; an older token revokes the device).
#[utoipa::path(post, path = "/v1/auth/refresh", tag = "accounts",
    request_body = trainmate_api::sync::RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = Tokens),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`invalid_refresh_token`, `refresh_token_reused`, `device_revoked`", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON, or an unknown Content-Encoding", body = ErrorBody),
        (status = 422, description = "`invalid_body`", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub async fn refresh<S: Storage>(
    State(state): State<AppState<S>>,
    Body(request): Body<RefreshRequest>,
) -> Result<Json<Tokens>, ApiError> {
    let app = state.clone();
    let tokens = state
        .blocking(move |store| {
            let now = app.clock.now_ms();
            let presented = request.refresh_token;
            // The write commits even when the answer is an error: reuse detection must revoke.
            store.write(|tx| {
                let invalid = || {
                    ApiError::unauthorized(
                        "invalid_refresh_token",
                        "This refresh token is not valid; sign in again.",
                    )
                };
                let Some(row) = tx.refresh(&token_hash(&presented))? else {
                    return Ok(Err(invalid()));
                };
                let Some(device) = tx.device(row.device)?.filter(|d| d.revoked_at.is_none()) else {
                    return Ok(Err(device_revoked()));
                };
                let Some(account) = tx.account_by_id(&device.account_id)? else {
                    return Ok(Err(invalid()));
                };
                if row.expires_at <= now {
                    return Ok(Err(ApiError::unauthorized(
                        "refresh_token_expired",
                        "This refresh token has expired; sign in again.",
                    )));
                }
                let successor = app.keys.successor(&presented);
                let successor_hash = token_hash(&successor);
                match (row.rotated_at, row.successor_hash.as_deref()) {
                    (None, _) => {
                        tx.mark_rotated(&row.token_hash, now, &successor_hash)?;
                        issue(&app, tx, &account, &device, successor, now).map(Ok)
                    }
                    (Some(rotated_at), Some(stored)) if stored == successor_hash => {
                        let successor_unused = tx
                            .refresh(&successor_hash)?
                            .is_some_and(|s| s.rotated_at.is_none());
                        if successor_unused && now - rotated_at <= REFRESH_GRACE_MS {
                            // A lost response: answer the same successor again.
                            tokens_for(&app, &account, &device, successor, now).map(Ok)
                        } else {
                            tx.revoke_device(device.id, now)?;
                            tracing::warn!(device = device.id, "refresh token reused; revoked");
                            Ok(Err(ApiError::unauthorized(
                                "refresh_token_reused",
                                "This refresh token was used before; the device was signed out \
                                 for safety. Sign in again.",
                            )))
                        }
                    }
                    _ => Ok(Err(invalid())),
                }
            })?
        })
        .await?;
    Ok(Json(tokens))
}

fn device_revoked() -> ApiError {
    ApiError::unauthorized(
        "device_revoked",
        "This device was signed out; sign in again.",
    )
}

/// The account and device behind a request's access token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account_id: String,
    pub trainer_id: String,
    pub device: DeviceRow,
}

impl<S: Storage> FromRequestParts<AppState<S>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState<S>,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            // The scheme is case-insensitive (RFC 9110).
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token)
            .ok_or_else(|| {
                ApiError::unauthorized(
                    "unauthorized",
                    "Send an access token: Authorization: Bearer <token>.",
                )
            })?;
        let claims = state
            .keys
            .verify(token.trim(), state.clock.now_ms())
            .map_err(|e| match e {
                TokenError::Expired => ApiError::unauthorized(
                    "token_expired",
                    "The access token has expired; refresh it.",
                ),
                TokenError::Invalid => {
                    ApiError::unauthorized("unauthorized", "The access token is not valid.")
                }
            })?;
        let device = state
            .blocking(move |store| Ok(store.read(|tx| tx.device(claims.dev))?))
            .await?
            .filter(|d| d.revoked_at.is_none() && d.account_id == claims.sub)
            .ok_or_else(device_revoked)?;
        Ok(Caller {
            account_id: claims.sub,
            trainer_id: claims.trainer,
            device,
        })
    }
}

/// Signs the calling device out (revokes it).
#[utoipa::path(post, path = "/v1/auth/logout", tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "No, an expired or an invalid token; a revoked device", body = ErrorBody),
        (status = 415, description = "An unknown Content-Encoding", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub async fn sign_out<S: Storage>(
    State(state): State<AppState<S>>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    let app = state.clone();
    state
        .blocking(move |store| {
            store.write(|tx| {
                tx.revoke_device(caller.device.id, app.clock.now_ms())
                    .map_err(ApiError::from)
            })
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The account's devices.
#[utoipa::path(get, path = "/v1/devices", tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The devices", body = Vec<Device>),
        (status = 401, description = "No, an expired or an invalid token; a revoked device", body = ErrorBody),
        (status = 415, description = "An unknown Content-Encoding", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub async fn list_devices<S: Storage>(
    State(state): State<AppState<S>>,
    caller: Caller,
) -> Result<Json<Vec<Device>>, ApiError> {
    let account_id = caller.account_id.clone();
    let rows = state
        .blocking(move |store| Ok(store.read(|tx| tx.devices_of(&account_id))?))
        .await?;
    rows.into_iter()
        .map(|d| {
            Ok(Device {
                device_id: Uuid::parse_str(&d.device_id).map_err(|_| ApiError::internal())?,
                current: d.id == caller.device.id,
                name: d.name,
                created_at: d.created_at,
                last_seen_at: d.last_seen_at,
                revoked: d.revoked_at.is_some(),
            })
        })
        .collect::<Result<_, _>>()
        .map(Json)
}

/// Revokes one of the account's devices (its tokens stop working; its data stays).
#[utoipa::path(delete, path = "/v1/devices/{device_id}", tag = "accounts",
    security(("bearer" = [])),
    params(("device_id" = String, Path, description = "The device's own id (a UUID)")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "A path that is not valid UTF-8", body = ErrorBody),
        (status = 401, description = "No, an expired or an invalid token; a revoked device", body = ErrorBody),
        (status = 404, description = "`device_not_found`", body = ErrorBody),
        (status = 415, description = "An unknown Content-Encoding", body = ErrorBody),
        (status = 500, description = "`internal`", body = ErrorBody),
    ))]
pub async fn revoke_device<S: Storage>(
    State(state): State<AppState<S>>,
    caller: Caller,
    Path(device_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "device_not_found",
            "No such device on this account.",
        )
    };
    let device_id = Uuid::parse_str(&device_id)
        .map_err(|_| not_found())?
        .to_string();
    let app = state.clone();
    state
        .blocking(move |store| {
            store.write(|tx| {
                let device = tx
                    .devices_of(&caller.account_id)?
                    .into_iter()
                    .find(|d| d.device_id == device_id)
                    .ok_or_else(not_found)?;
                tx.revoke_device(device.id, app.clock.now_ms())?;
                Ok(())
            })
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_the_sixth_failure_up_to_fifteen_minutes() {
        assert_eq!(lock_ms(0), 0);
        assert_eq!(lock_ms(4), 0);
        assert_eq!(lock_ms(5), 30_000);
        assert_eq!(lock_ms(6), 60_000);
        assert_eq!(lock_ms(9), 480_000);
        assert_eq!(lock_ms(10), 900_000);
        assert_eq!(lock_ms(1_000), 900_000);
    }
}
