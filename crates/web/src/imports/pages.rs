//! Uploading HR and training files: the same checks and
//! all-or-nothing rule as `jinzai import`, problems as FILE:ROW:COL.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::extract::Query;
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinzai_domain::access::Principal;
use jinzai_domain::i18n::Message;
use jinzai_io::import::{Outcome, import_from};
use jinzai_io::read::InputEncoding;

#[derive(Template, Default)]
#[template(path = "imports/hr_import.html")]
pub struct HrImportPage {
    pub nav: Nav,
    pub kind: String,
    /// (name, label) of every kind of records a file may hold.
    pub kinds: Vec<(&'static str, &'static str)>,
    /// Each kind's label and columns (header, required), as a file has them.
    pub layouts: Vec<(&'static str, Vec<(&'static str, bool)>)>,
    /// Whether the reader imports HR files (the staff sheet's 基準日).
    pub staff_sheet: bool,
    pub problems: Vec<String>,
    pub result: String,
    /// The staff sheet's 基準日 as typed.
    pub as_of: String,
}

fn kinds(lang: Lang, who: &Principal) -> Vec<(&'static str, &'static str)> {
    super::kinds_for(who)
        .map(|k| (k.name(), lang.t(&format!("kind_{}", k.name()))))
        .collect()
}

/// The columns of every kind `who` may import.
fn layouts(lang: Lang, who: &Principal) -> Vec<(&'static str, Vec<(&'static str, bool)>)> {
    super::kinds_for(who)
        .map(|k| {
            let cols = k
                .columns()
                .iter()
                .map(|c| (c.names[0], c.required))
                .collect();
            (lang.t(&format!("kind_{}", k.name())), cols)
        })
        .collect()
}

#[derive(serde::Deserialize)]
pub struct FormQuery {
    kind: Option<String>,
}

/// The form, with the kind asked for (`?kind=health_stress`) or the first
/// the reader may import chosen.
pub async fn form(Who(who): Who, lang: Lang, Query(q): Query<FormQuery>) -> PageResult {
    let kinds = kinds(lang, &who);
    let kind = q
        .kind
        .filter(|k| kinds.iter().any(|(n, _)| n == k))
        .or_else(|| kinds.first().map(|(n, _)| (*n).to_owned()))
        .unwrap_or_default();
    render(
        &HrImportPage {
            nav: nav(lang, None, "import", "/import".into()),
            staff_sheet: who.has(jinzai_domain::access::Role::Hr),
            layouts: layouts(lang, &who),
            kind,
            kinds,
            ..Default::default()
        },
        lang,
    )
}

pub async fn submit(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let up = crate::http::upload::read(multipart, "upload.csv")
        .await
        .map_err(fail)?;
    let kind = up.field("kind").to_owned();
    let encoding = match up.field("encoding") {
        "" => "auto".to_owned(),
        e => e.to_owned(),
    };
    let dry_run = up.has("dry_run");
    let as_of = up.field("as_of").to_owned();
    let (name, bytes) = (up.file_name, up.content);
    let mut page = HrImportPage {
        nav: nav(lang, None, "import", "/import".into()),
        kind: kind.clone(),
        kinds: kinds(lang, &who),
        layouts: layouts(lang, &who),
        staff_sheet: who.has(jinzai_domain::access::Role::Hr),
        as_of: as_of.clone(),
        ..Default::default()
    };
    let as_of = jinzai_service::people::on_date(Some(&as_of), state.clock()).map_err(fail)?;
    let k = super::kind_for(&who, &kind).map_err(fail)?;
    let Some(enc) = InputEncoding::parse(&encoding) else {
        return Err(fail(Failure::BadRequest {
            code: "unknown_encoding",
            message: Message::new("imports_unknown_encoding").arg("encoding", encoding),
        }));
    };
    if bytes.is_empty() {
        page.problems = vec![lang.t("choose_file").to_owned()];
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page, lang)?).into_response());
    }
    let file = bytes.into_reader().map_err(|e| {
        fail(Failure::Internal(
            Message::new("internal_detail").arg("detail", e),
        ))
    })?;
    match import_from(
        &state.store,
        k,
        file,
        enc,
        jinzai_store::ImportOptions::by(&who.actor(), &name)
            .with_dry_run(dry_run)
            .with_as_of(Some(as_of)),
    )
    .await
    .map_err(|e| fail(e.into()))?
    {
        Outcome::Problems(problems) => {
            page.problems = problems
                .iter()
                .map(|p| format!("{name}:{}:{}: {}", p.row, p.col, lang.say(&p.message)))
                .collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page, lang)?).into_response())
        }
        Outcome::Done(s) => {
            if !dry_run {
                jinzai_service::people::warm_rotation(&state.store);
            }
            page.result = format!(
                "{name}: {} {} · {} {} · {} {}{}",
                lang.t("created"),
                s.created,
                lang.t("updated"),
                s.updated,
                lang.t("unchanged"),
                s.unchanged,
                if dry_run { lang.t("dry_run_note") } else { "" }
            );
            Ok(render(&page, lang)?.into_response())
        }
    }
}
