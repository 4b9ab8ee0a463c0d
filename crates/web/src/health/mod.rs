//! Health (職員の健康管理): a year's figures (HR and the health role), the
//! check-ups and consultations of a year and of a person with their forms
//! (the health role alone; every read audited).

mod api;
mod leak_pages;
mod pages;
mod return_pages;
mod stress_pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("health", "/health", "nav_health", HealthFigures)
            .in_group(crate::http::RECORDS_MENU),
        NavEntry::new(
            "returns_team",
            "/health/returns/team",
            "nav_returns_team",
            SharedReturns,
        )
        .in_group(crate::http::RECORDS_MENU),
        NavEntry::new("leaks", "/admin/leaks", "nav_leaks", LeakReports)
            .in_group(crate::http::ADMIN_MENU),
    ],
    ..WebModule::named("health")
};

#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/health", HealthFigures, pages::index)
        .post("/health/checkups", HealthRecords, pages::add_checkup)
        .post("/health/consultations", HealthRecords, pages::add_consultation)
        .get("/health/staff/{number}", HealthRecords, pages::person)
        .get("/health/find", HealthRecords, pages::find)
        .get("/health/committee", HealthCommittee, pages::committee)
        .post("/health/committee", HealthCommittee, pages::save_meeting)
        .get("/admin/leaks", LeakReports, leak_pages::index)
        .post("/admin/leaks", LeakReports, leak_pages::record)
        .post("/admin/leaks/{id}/reports", LeakReports, leak_pages::report)
        .get("/health/stress", HealthFigures, stress_pages::index)
        .post("/health/stress/results", HealthRecords, stress_pages::record)
        .post("/health/stress/method", HealthCommittee, stress_pages::method)
        .post("/health/stress/release", HealthRecords, stress_pages::release)
        .get("/health/returns", HealthRecords, return_pages::index)
        .post("/health/returns", HealthRecords, return_pages::open)
        .get("/health/returns/team", SharedReturns, return_pages::team)
        .get("/health/returns/{id}", HealthRecords, return_pages::case)
        .post("/health/returns/{id}", HealthRecords, return_pages::record)
}

fn api_routes() -> Routes {
    use utoipa_axum::routes;
    Routes::new(crate::http::API_PREFIX)
        .api(HealthFigures, routes!(api::status))
        .api(HealthFigures, routes!(api::figures))
        .api(HealthRecords, routes!(api::checkups, api::put_checkup))
        .api(
            HealthRecords,
            routes!(api::consultations, api::add_consultation),
        )
        .api(
            HealthRecords,
            routes!(api::consultation, api::correct_consultation),
        )
        .api(HealthRecords, routes!(api::person))
        .api(HealthCommittee, routes!(api::committee, api::add_meeting))
        .api(HealthCommittee, routes!(api::correct_meeting))
        .api(HealthRecords, routes!(api::returns, api::open_return))
        .api(HealthRecords, routes!(api::return_case))
        .api(HealthRecords, routes!(api::record_return_step))
        .api(SharedReturns, routes!(api::shared_returns))
        .api(HealthFigures, routes!(api::stress_year))
        .api(HealthFigures, routes!(api::stress_group))
        .api(
            HealthRecords,
            routes!(api::stress_results, api::put_stress_result),
        )
        .api(HealthCommittee, routes!(api::put_stress_method))
        .api(HealthRecords, routes!(api::release_stress))
        .api(LeakReports, routes!(api::leaks, api::record_leak))
        .api(LeakReports, routes!(api::leak_report))
}

/// A health page that can show a refused form: the problems and the
/// values as typed.
pub(crate) trait Refusable: askama::Template {
    fn refuse(&mut self, errors: Vec<String>, form: std::collections::HashMap<String, String>);
}

/// After a form: to `done` when it was taken; the page again (422) with
/// what was refused (field names from `module`'s labels) and the values as
/// typed; any other failure as its error page.
pub(crate) async fn after_form<P, Fut>(
    (lang, module): (crate::i18n::Lang, &str),
    pairs: Vec<(String, String)>,
    result: Result<(), crate::error::Failure>,
    done: String,
    page: impl FnOnce() -> Fut,
) -> Result<axum::response::Response, crate::error::PageError>
where
    P: Refusable,
    Fut: std::future::Future<Output = Result<P, crate::error::Failure>>,
{
    use crate::error::{Failure, PageError};
    use axum::response::IntoResponse;
    match result {
        Ok(()) => Ok(axum::response::Redirect::to(&done).into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut p = page().await.map_err(|e| PageError(e, lang))?;
            p.refuse(
                crate::i18n::field_lines(lang, module, &form_fields(errors)),
                pairs.into_iter().collect(),
            );
            crate::http::refused_page(&p, lang)
        }
        Err(e) => Err(PageError(e, lang)),
    }
}

/// Fields as the forms name them: `scores.demand` → `demand`,
/// `affected[2]` → `affected` (the message says which value).
fn form_fields(
    errors: Vec<jinzai_domain::progress::FieldError>,
) -> Vec<jinzai_domain::progress::FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            let last = e.field.rsplit('.').next().unwrap_or_default();
            let plain = last.split('[').next().unwrap_or_default().to_owned();
            e.field = plain.into();
            e
        })
        .collect()
}

/// The year asked for (1900–2200), else the latest of `years` up to
/// `this` (else `this`).
pub(crate) fn pick_year(asked: Option<i32>, years: &[i32], this: i32) -> i32 {
    asked
        .filter(|y| (1900..=2200).contains(y))
        .or_else(|| years.iter().copied().rfind(|y| *y <= this))
        .unwrap_or(this)
}

/// The years a selector offers, newest first: from the first of `years`
/// (or `back` years ago, whichever is earlier) to this one, and `shown`.
pub(crate) fn year_choices(
    lang: crate::i18n::Lang,
    years: &[i32],
    (this, shown, back): (i32, i32, i32),
) -> Vec<(i32, String)> {
    let first = years.first().map_or(this - back, |y| (*y).min(this - back));
    (first.min(shown)..=this.max(shown))
        .rev()
        .map(|y| (y, lang.year(jinzai_domain::FiscalYear(y))))
        .collect()
}
