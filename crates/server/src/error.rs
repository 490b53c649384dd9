//! Errors as the API answers them: a JSON body with a message and the
//! status that says whose fault it was.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request itself is wrong: a malformed or oversize parameter, a
    /// query the query language rejects.
    #[error("{0}")]
    BadRequest(String),
    /// No document, pair or page under that name.
    #[error("{0}")]
    NotFound(String),
    /// The store or index does not exist yet (nothing imported or indexed).
    #[error("{0}")]
    Unavailable(String),
    /// The request did not finish within the server's deadline.
    #[error(
        "the request took longer than the server allows ({0:?}); try again, or narrow the query"
    )]
    Timeout(std::time::Duration),
    /// Anything else: the server's fault, logged and reported without detail
    /// beyond the message.
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unavailable(_) | ApiError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<pressroom_store::StoreError> for ApiError {
    fn from(err: pressroom_store::StoreError) -> Self {
        match err {
            pressroom_store::StoreError::NotFound(_)
            | pressroom_store::StoreError::Ambiguous { .. } => ApiError::NotFound(err.to_string()),
            other => ApiError::Internal(format!("store: {other}")),
        }
    }
}

impl From<pressroom_search::SearchError> for ApiError {
    fn from(err: pressroom_search::SearchError) -> Self {
        match err {
            pressroom_search::SearchError::InvalidQuery(message) => ApiError::BadRequest(message),
            pressroom_search::SearchError::Missing(_)
            | pressroom_search::SearchError::SchemaMismatch { .. }
            | pressroom_search::SearchError::Corrupt { .. } => {
                ApiError::Unavailable(err.to_string())
            }
            other => ApiError::Internal(format!("search: {other}")),
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(err: tokio::task::JoinError) -> Self {
        ApiError::Internal(format!("worker failed: {err}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() && status != StatusCode::SERVICE_UNAVAILABLE {
            eprintln!("error: {self}");
        }
        let body = json!({"error": {"status": status.as_u16(), "message": self.to_string()}});
        (status, axum::Json(body)).into_response()
    }
}
