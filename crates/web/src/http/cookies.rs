//! Every cookie jinzai reads or sets, through `axum-extra`'s cookie jar:
//! the session, the sign-in form's double-submit token and the language.
//! All are HttpOnly and SameSite=Strict; the session is Secure when
//! jinzai is served over TLS.

use crate::auth::AuthSettings;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

/// The session cookie (its value is the secret; the database holds a hash).
pub const SESSION: &str = "jinzai_session";
/// The sign-in form's double-submit cookie (before there is a session).
pub const LOGIN_CSRF: &str = "jinzai_login_csrf";
/// The language chosen (`ja` or `en`).
pub const LANG: &str = "lang";
/// The public outreach form's fresh value, which its token is bound to.
pub const OUTREACH_FORM: &str = "jinzai_outreach_form";

/// The value of cookie `name` in a request's headers.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(name)
        .map(|c| c.value().to_owned())
}

fn strict(name: &'static str, value: String, path: &'static str) -> Cookie<'static> {
    Cookie::build((name, value))
        .path(path)
        .http_only(true)
        .same_site(SameSite::Strict)
        .build()
}

/// The session cookie carrying `secret`.
pub fn session(secret: &str, settings: &AuthSettings) -> Cookie<'static> {
    let mut c = strict(SESSION, secret.to_owned(), "/");
    c.set_secure(settings.secure_cookies);
    c
}

/// The sign-in form's token, sent back only to `/login`.
pub fn login_csrf(token: &str) -> Cookie<'static> {
    strict(LOGIN_CSRF, token.to_owned(), "/login")
}

/// The outreach form's value, sent back only to the outreach pages.
pub fn outreach_form(value: &str) -> Cookie<'static> {
    strict(OUTREACH_FORM, value.to_owned(), "/public/outreach")
}

/// The language cookie, kept for a year.
pub fn lang(code: &str) -> Cookie<'static> {
    let mut c = strict(LANG, code.to_owned(), "/");
    c.set_max_age(time::Duration::days(365));
    c
}

/// A cookie that removes `name` (set on `path`).
pub fn removal(name: &'static str, path: &'static str) -> Cookie<'static> {
    let mut c = strict(name, String::new(), path);
    c.set_max_age(time::Duration::ZERO);
    c
}

/// Adds `Set-Cookie` for each cookie to a response.
pub fn set(mut res: Response, cookies: &[Cookie<'_>]) -> Response {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c.encoded().to_string()) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Does this response start a session (a new session cookie, not a
/// removal)?
pub fn starts_session(res: &Response) -> bool {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| Cookie::parse(v.to_owned()).ok())
        .any(|c| c.name() == SESSION && !c.value().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_strict_and_http_only() {
        let s = session("abc", &AuthSettings::default()).to_string();
        assert!(s.starts_with("jinzai_session=abc;"), "{s}");
        assert!(s.contains("HttpOnly") && s.contains("SameSite=Strict") && s.contains("Path=/"));
        assert!(!s.contains("Secure"));
        let secure = AuthSettings {
            secure_cookies: true,
            ..AuthSettings::default()
        };
        assert!(session("abc", &secure).to_string().contains("Secure"));
        let gone = removal(SESSION, "/").to_string();
        assert!(
            gone.starts_with("jinzai_session=;") && gone.contains("Max-Age=0"),
            "{gone}"
        );
        assert!(login_csrf("t").to_string().contains("Path=/login"));
        assert!(lang("en").to_string().contains("Max-Age=31536000"));

        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("lang=en; jinzai_session=s3cret"),
        );
        assert_eq!(read(&headers, SESSION).as_deref(), Some("s3cret"));
        assert_eq!(read(&headers, LANG).as_deref(), Some("en"));
        assert_eq!(read(&headers, LOGIN_CSRF), None);
    }
}
