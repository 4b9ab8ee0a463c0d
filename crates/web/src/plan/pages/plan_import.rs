//! Uploading a plan file: check it (every problem as FILE:LINE:COL) or
//! import it (a changed plan becomes a new version).

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinzai_domain::plan::parse_plan;
use jinzai_store::ImportOutcome;

#[derive(Template, Default)]
#[template(path = "plan/plan_import.html")]
pub struct ImportPage {
    pub nav: Nav,
    pub by: String,
    pub problems: Vec<String>,
    /// A message after a successful check or import.
    pub result: String,
    pub plan_link: Option<(String, String)>,
}

pub async fn form(lang: Lang) -> PageResult {
    let page = ImportPage {
        nav: nav(lang, None, "plans", "/plans/import".into()),
        ..ImportPage::default()
    };
    render(&page, lang)
}

pub async fn submit(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let up = crate::http::upload::read(multipart, "plan.toml")
        .await
        .map_err(fail)?;
    let by = up.field("by").trim().to_owned();
    let import = up.field("action") == "import";
    let mut page = ImportPage {
        nav: nav(lang, None, "plans", "/plans/import".into()),
        by: by.clone(),
        ..ImportPage::default()
    };
    let name = if up.file_name.is_empty() {
        "plan.toml".to_owned()
    } else {
        up.file_name.clone()
    };
    let problems = |page: &mut ImportPage, lines: Vec<String>| -> Result<Response, PageError> {
        page.problems = lines;
        Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page, lang)?).into_response())
    };
    if up.content.is_empty() {
        return problems(&mut page, vec![lang.t("choose_file").to_owned()]);
    }
    let content = up.content.into_bytes().map_err(|e| PageError(e, lang))?;
    let text = match String::from_utf8(content) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            return problems(
                &mut page,
                vec![format!(
                    "{name}: not UTF-8 text (invalid byte at offset {offset})"
                )],
            );
        }
    };
    let plan = match parse_plan(&text) {
        Ok(plan) => plan,
        Err(e) => {
            return problems(
                &mut page,
                e.diagnostics
                    .iter()
                    .map(|d| format!("{name}:{}", d.text(lang.language())))
                    .collect(),
            );
        }
    };
    if !import {
        page.result = format!(
            "{}: {} — {} ({})",
            name,
            lang.t("check_ok"),
            plan.title,
            plan.code
        );
        return Ok(render(&page, lang)?.into_response());
    }
    if by.is_empty() {
        return problems(
            &mut page,
            vec![format!("{}: {}", lang.t("imported_by"), lang.t("required"))],
        );
    }
    let outcome = state
        .store
        .import_plan(&plan, &text, &by, &who.actor())
        .await
        .map_err(|e| fail(e.into()))?;
    page.result = match outcome {
        ImportOutcome::Created(v) => {
            format!("{} ({} {v})", lang.t("import_created"), lang.t("version"))
        }
        ImportOutcome::NewVersion(v) => format!(
            "{} ({} {v})",
            lang.t("import_new_version"),
            lang.t("version")
        ),
        ImportOutcome::Unchanged(v) => {
            format!("{} ({} {v})", lang.t("import_unchanged"), lang.t("version"))
        }
    };
    page.plan_link = Some((format!("/plans/{}", plan.code), plan.title.clone()));
    Ok(render(&page, lang)?.into_response())
}
