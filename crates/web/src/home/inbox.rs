//! お知らせ: each account's notices (reminders, late entries, returns),
//! shown in the reader's language; the same text went by e-mail when the
//! account has an address.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{ApiError, Failure, PageError};
use crate::http::extract::Path;
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::Principal;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::round::remind::NOTICE_KINDS;
use jinzai_service::notify::Payload;
use jinzai_store::round::Notice;
use serde::Serialize;
use utoipa::ToSchema;

/// A notice as listed.
pub struct NoticeLine {
    pub id: i64,
    pub kind_code: String,
    pub kind: String,
    pub subject: String,
    pub when: String,
    pub unread: bool,
    /// (label, href)
    pub items: Vec<(String, String)>,
}

fn line(n: &Notice, who: &Principal, lang: Lang) -> NoticeLine {
    let subject = serde_json::from_value::<Payload>(n.payload.clone())
        .map(|p| {
            let (subject, _) = jinzai_service::notify::render(
                n.kind,
                &p,
                &jinzai_service::round::author_name(who),
                "",
                lang.language(),
            );
            (subject, p.items)
        })
        .unwrap_or_default();
    NoticeLine {
        id: n.id,
        kind_code: n.kind.code().to_owned(),
        kind: lang
            .pick(
                NOTICE_KINDS.label(n.kind.code()),
                NOTICE_KINDS.label_en(n.kind.code()),
            )
            .to_owned(),
        subject: subject.0,
        when: crate::view::when(&n.created_at),
        unread: n.read_at.is_none(),
        items: subject
            .1
            .into_iter()
            .map(|i| (format!("{} {}", i.node, i.title), i.href))
            .collect(),
    }
}

fn user_id(who: &Principal) -> Result<i64, Failure> {
    // API tokens and sessions both name an account.
    who.user_id
        .ok_or_else(|| Failure::Unauthorized(Message::new("sign_in")))
}

/// The newest `limit` notices and the unread count as shown.
pub async fn latest(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    limit: i64,
) -> Result<(Vec<NoticeLine>, String), Failure> {
    let id = user_id(who)?;
    let list = state.store.notices(id, limit).await?;
    let unread = state.store.unread_notices(id).await?;
    Ok((
        list.iter().map(|n| line(n, who, lang)).collect(),
        if unread > 0 {
            lang.say(&Message::new("inbox_new").arg("count", unread))
        } else {
            String::new()
        },
    ))
}

#[derive(Template)]
#[template(path = "home/inbox.html")]
pub struct InboxPage {
    pub nav: Nav,
    pub notices: Vec<NoticeLine>,
    pub unread: String,
}

pub async fn page(State(state): State<SharedState>, Who(who): Who, lang: Lang) -> PageResult {
    let (notices, unread) = latest(&state, &who, lang, 200)
        .await
        .map_err(|e| PageError(e, lang))?;
    render(
        &InboxPage {
            nav: nav(lang, None, "home", "/inbox".into()),
            notices,
            unread,
        },
        lang,
    )
}

pub async fn read(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let user = user_id(&who).map_err(fail)?;
    if !state
        .store
        .mark_notice_read(user, id)
        .await
        .map_err(|e| fail(e.into()))?
    {
        return Err(fail(Failure::NotFound(Message::new("inbox_no_notice"))));
    }
    Ok(Redirect::to("/inbox").into_response())
}

/// An account's notices, newest first.
#[derive(Serialize, ToSchema)]
pub struct Inbox {
    unread: i64,
    notices: Vec<Notice>,
}

#[utoipa::path(get, path = "/api/v1/inbox", tag = "rounds",
    responses((status = 200, description = "The caller's notices (newest first, at most 200) and how many are unread; each payload lists the entries it is about", body = Inbox)))]
pub async fn api_list(
    State(state): State<SharedState>,
    Who(who): Who,
) -> Result<Json<Inbox>, ApiError> {
    let id = user_id(&who)?;
    Ok(Json(Inbox {
        unread: state.store.unread_notices(id).await?,
        notices: state.store.notices(id, 200).await?,
    }))
}

/// A notice after the call.
#[derive(Serialize, ToSchema)]
pub struct NoticeRead {
    id: i64,
    read: bool,
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/read", tag = "rounds",
    params(("id" = i64, Path)),
    responses((status = 200, description = "Marked read", body = NoticeRead),
        (status = 404, description = "Not one of the caller's notices")))]
pub async fn api_read(
    State(state): State<SharedState>,
    Who(who): Who,
    Path(id): Path<i64>,
) -> Result<Json<NoticeRead>, ApiError> {
    let user = user_id(&who)?;
    if !state.store.mark_notice_read(user, id).await? {
        return Err(ApiError(Failure::NotFound(Message::new("inbox_no_notice"))));
    }
    Ok(Json(NoticeRead { id, read: true }))
}
