//! `pressroom serve`: the web workspace and the JSON API, one process over
//! the same store and index the CLI uses.
//!
//! Read-only by construction: the store is opened with SQLite's read-only
//! flag and the index through a reader; only `GET` (and `HEAD`) routes
//! exist. The index is reopened when another process commits to it (its
//! `meta.json` changes), so `pressroom import` + `index` in another
//! terminal show up without a restart.
//!
//! Every input is bounded (`params`), every request has a deadline and the
//! number served at once is capped; pages are rendered by auto-escaping
//! templates, and the Content-Security-Policy allows no inline script, so a
//! document's text can never run as code.

mod api;
mod error;
mod i18n;
mod pages;
mod params;
mod state;

pub use error::ApiError;
pub use params::{MAX_DEPTH, MAX_LIMIT, MAX_QUERY_CHARS};
pub use state::{AppState, ServerConfig};

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// The Content-Security-Policy: scripts and styles only from the served
/// assets (never inline), no plugins, no framing, forms only to us.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The application: every route, the request deadline, the concurrency
/// cap and the hardening headers.
pub fn router(state: Arc<AppState>) -> Router {
    let timeout = state.config.request_timeout;
    let concurrency = state.config.max_concurrent_requests.max(1);
    let api = Router::new()
        .route("/search", get(api::search))
        .route("/documents/{id}", get(api::document))
        .route("/pairs", get(api::pairs))
        .route("/pairs/{a}/{b}", get(api::alignment))
        .route("/stats", get(api::stats))
        .route("/export", get(api::export))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found);
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    Router::new()
        .route("/", get(pages::search))
        .route("/documents/{id}", get(pages::document))
        .route("/pairs", get(pages::pairs))
        .route("/pairs/{a}/{b}", get(pages::pair))
        .route("/stats", get(pages::stats))
        .route("/assets/{name}", get(pages::asset))
        .nest("/api", api)
        .fallback(pages::not_found)
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(header(
                    header::CONTENT_SECURITY_POLICY,
                    CONTENT_SECURITY_POLICY,
                ))
                .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .layer(header(header::X_FRAME_OPTIONS, "DENY"))
                .layer(header(header::REFERRER_POLICY, "no-referrer"))
                .layer(header(
                    HeaderName::from_static("cross-origin-opener-policy"),
                    "same-origin",
                ))
                .layer(HandleErrorLayer::new(
                    move |_: tower::BoxError| async move {
                        ApiError::Timeout(timeout).into_response()
                    },
                ))
                .timeout(timeout)
                // Global: `Router::layer` wraps each route on its own, and
                // a per-service limit would cap each route separately.
                .layer(GlobalConcurrencyLimitLayer::new(concurrency)),
        )
}

/// Serve on `listener` until the process is stopped (Ctrl-C or SIGTERM),
/// checking the index for new commits in the background.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: ServerConfig,
) -> Result<(), ServerError> {
    let state = Arc::new(AppState::new(config));
    let watcher = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(state.config.reload_interval);
            loop {
                tick.tick().await;
                let state = state.clone();
                let was_open = state.has_index();
                match tokio::task::spawn_blocking(move || state.reload_index()).await {
                    Ok(Ok(true)) if was_open => eprintln!("the index changed: reopened it"),
                    Ok(Err(ApiError::Internal(message))) => {
                        eprintln!("reopening the index: {message}")
                    }
                    _ => {}
                }
            }
        })
    };
    let result = axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await;
    watcher.abort();
    Ok(result?)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// Bind `addr` and serve, on a runtime of its own: what the `pressroom`
/// binary calls. `on_ready` gets the bound address (the port chosen when
/// `addr` asks for port 0) before the first request is accepted.
pub fn serve_blocking(
    addr: SocketAddr,
    config: ServerConfig,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind { addr, source })?;
        on_ready(listener.local_addr()?);
        serve(listener, config).await
    })
}
