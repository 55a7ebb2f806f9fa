//! Partner-API routes for the dashboard (owned by the dashboard work; empty until then).

use axum::Router;

use crate::http::AppState;

/// The dashboard's routes, merged into the relay's router. The partner key is in
/// `state.partner.key` ([`crate::secret::Secret`]); it must never reach a response or a log.
pub fn router(state: AppState) -> Router<AppState> {
    let _ = state;
    Router::new()
}
