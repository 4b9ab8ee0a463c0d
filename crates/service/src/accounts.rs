//! Account use cases that pages and the API share.

use jinzai_domain::access::Grant;
use jinzai_domain::i18n::Message;
use jinzai_store::Store;
use jinzai_store::StoreError;
use jinzai_store::accounts::{NewUser, parse_grant};

/// Parses "hr, manager:K01" into grants.
pub fn parse_grants(text: &str) -> Result<Vec<Grant>, StoreError> {
    text.split([',', '、', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(parse_grant)
        .collect()
}

/// Creates an account from its roles text; shared by the page and the API.
pub async fn create_account(
    store: &Store,
    actor: &str,
    user: NewUser,
    roles: &str,
) -> Result<(i64, NewUser), StoreError> {
    let user = NewUser {
        grants: parse_grants(roles)?,
        staff_number: user.staff_number.filter(|s| !s.trim().is_empty()),
        ..user
    };
    let id = store.create_user(&user, actor).await?;
    Ok((id, user))
}

/// Issues a token for `login`'s `role`; the secret is shown once.
pub async fn issue(
    store: &Store,
    actor: &str,
    login: &str,
    role: &str,
    name: &str,
) -> Result<(i64, String), StoreError> {
    let user = store.user_by_login(login.trim()).await?.ok_or_else(|| {
        StoreError::refused(
            "login",
            "invalid",
            Message::new("accounts_login_unknown").arg("login", login),
        )
    })?;
    let role = jinzai_store::accounts::parse_role(role, "role")?;
    store.issue_token(user.id, role, name, actor).await
}

/// Sets the address an account's notices are also e-mailed to, as typed
/// (blank: none, the inbox only). A malformed address is refused naming
/// the field `email`.
pub async fn set_email(
    store: &Store,
    user_id: i64,
    raw: &str,
    actor: &str,
) -> Result<Option<String>, crate::Failure> {
    let address = raw.trim();
    if !address.is_empty() && !crate::mail::valid_address(address) {
        return Err(crate::Failure::Invalid(vec![
            jinzai_domain::progress::FieldError::new(
                "email",
                "invalid",
                Message::new("accounts_bad_email").arg("email", address),
            ),
        ]));
    }
    let email = (!address.is_empty()).then(|| address.to_owned());
    store.set_email(user_id, email.as_deref(), actor).await?;
    Ok(email)
}
