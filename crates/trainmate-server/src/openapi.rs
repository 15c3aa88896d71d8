//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` attributes and the wire
//! types of `trainmate_api::sync` (their schemas derive from the same structs serde uses), served
//! at `/v1/openapi.json`; and `/v1/docs`, a self-contained page that reads it and lets a person
//! try every endpoint. The page is one HTML file compiled into the binary — no script or style
//! from anywhere else — so the docs work on a server with no internet access.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{Html, IntoResponse};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "TrainMate sync server",
        description = "Accounts, devices and push/pull of one trainer's scope. Every error \
                       answers an `ErrorBody` with a stable `code`. Bodies may be gzip-compressed \
                       (`Content-Encoding: gzip`); answers are when asked (`Accept-Encoding`)."
    ),
    paths(
        crate::health,
        crate::accounts::sign_up,
        crate::accounts::sign_in,
        crate::accounts::refresh,
        crate::accounts::sign_out,
        crate::accounts::list_devices,
        crate::accounts::revoke_device,
        crate::sync::push,
        crate::sync::pull,
        crate::sync::bump_epoch,
        document,
        docs_page,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "accounts", description = "Sign-up, sign-in, token refresh, devices"),
        (name = "sync", description = "Push and pull of the trainer's scope (sync.md)"),
        (name = "docs", description = "This document and its page"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "The `access_token` of sign-up, sign-in or refresh (15 minutes).",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document as JSON, built once.
pub fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut doc = ApiDoc::openapi();
        doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
        doc.to_json().unwrap_or_else(|_| "{}".to_owned())
    })
}

/// This API's OpenAPI document.
#[utoipa::path(get, path = "/v1/openapi.json", tag = "docs",
    responses(
        (status = 200, description = "The OpenAPI document", content_type = "application/json"),
        (status = 415, description = "An unknown Content-Encoding", body = trainmate_api::sync::ErrorBody),
    ))]
pub async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document_json(),
    )
}

/// A page that shows this document and sends requests from the browser; works offline.
#[utoipa::path(get, path = "/v1/docs", tag = "docs",
    responses(
        (status = 200, description = "The page", content_type = "text/html"),
        (status = 415, description = "An unknown Content-Encoding", body = trainmate_api::sync::ErrorBody),
    ))]
pub async fn docs_page() -> impl IntoResponse {
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
             connect-src 'self'",
        )],
        Html(include_str!("docs.html")),
    )
}
