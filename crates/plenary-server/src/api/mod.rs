//! The HTTP API.
pub struct AppState;
pub struct ServeConfig;
pub fn router(_state: AppState) -> axum::Router {
    axum::Router::new()
}
pub async fn serve(_config: ServeConfig) -> Result<(), crate::ServerError> {
    Ok(())
}
