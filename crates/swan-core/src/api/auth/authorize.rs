use crate::{ArgValue, Host, SwanError};

crate::options! {
    /// `swan.authorize`'s options.
    pub struct AuthorizeOptions { scope: "scope" }
}

/// `swan.authorize({scope})`: the same state machine a protected API runs, without the API.
pub async fn authorize(host: &Host, app: &str, scope: ArgValue<'_>) -> Result<(), SwanError> {
    let scope = scope.required_string("scope")?;
    host.authorization().require(app, scope).await?;
    Ok(())
}
