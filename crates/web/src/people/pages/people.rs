//! Staff list (search, filters, 五十音順), a staff member's career, the
//! organisation as of a date, and a unit with its history and members.

use crate::SharedState;
use crate::auth::{Who, read_staff, visible_members};
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, code_label, coded_label, nav, render};
use crate::i18n::Lang;
use crate::view::date_label;
use askama::Template;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use jinzai_domain::access::{Decision, decide};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::{
    CodeList, EMPLOYMENT_TYPES, GENDERS, HIRING_ROUTES, JOB_FAMILIES, JOB_GRADES, LEAVING_REASONS,
    ROTATION_CLASSES, STAFF_STATUSES,
};
use jinzai_domain::people::event::PARTNER_TYPES;
use jinzai_domain::people::unit::{UnitVersion, as_of};
use jinzai_service::people::{PAGE_SIZE, StaffListQuery, on_date};
use serde::Deserialize;

/// Navigation for people pages: in the demo every record is sample data.
fn people_nav(state: &SharedState, lang: Lang, active: &'static str, back: String) -> Nav {
    Nav {
        sample: state.demo,
        ..nav(lang, None, active, back)
    }
}

fn options(list: &CodeList, selected: Option<&str>, lang: Lang) -> Vec<(String, String, bool)> {
    list.items
        .iter()
        .map(|(c, _, _)| {
            (
                (*c).to_owned(),
                code_label(list, c, lang),
                selected == Some(*c),
            )
        })
        .collect()
}

/// The unit name in force on `on` (or the latest), for display.
pub fn unit_name(units: &[UnitVersion], code: &str, on: NaiveDate) -> String {
    units
        .iter()
        .filter(|u| u.code == code)
        .min_by_key(|u| if u.valid_on(on) { 0 } else { 1 })
        .map_or_else(|| code.to_owned(), |u| u.name.clone())
}

pub struct StaffLine {
    pub number: String,
    pub name: String,
    pub kana: String,
    pub unit: String,
    pub employment_type: String,
    pub job_grade: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "people/staff_list.html")]
pub struct StaffListPage {
    pub nav: Nav,
    pub q: String,
    pub on: String,
    pub units: Vec<(String, String, bool)>,
    pub employment_types: Vec<(String, String, bool)>,
    pub job_grades: Vec<(String, String, bool)>,
    pub rows: Vec<StaffLine>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub prev_href: String,
    pub next_href: String,
}

pub async fn staff_list(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<StaffListQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let on = on_date(q.on.as_deref(), state.clock()).map_err(fail)?;
    let (rows, total) = state
        .store
        .staff_list(&q.to_store(&who, on, PAGE_SIZE))
        .await
        .map_err(|e| fail(e.into()))?;
    let units = state.store.units().await.map_err(|e| fail(e.into()))?;
    let page = q.page.unwrap_or(1).max(1);
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let href = |p: i64| {
        let params = [
            ("q", q.q.clone().unwrap_or_default()),
            ("unit", q.unit.clone().unwrap_or_default()),
            (
                "employment_type",
                q.employment_type.clone().unwrap_or_default(),
            ),
            ("job_grade", q.job_grade.clone().unwrap_or_default()),
            ("on", on.to_string()),
            ("page", p.to_string()),
        ];
        format!(
            "/staff?{}",
            serde_urlencoded::to_string(params).unwrap_or_default()
        )
    };
    let mut current: Vec<&UnitVersion> = as_of(&units, on);
    current.sort_by(|a, b| a.code.cmp(&b.code));
    let lines = rows
        .into_iter()
        .map(|r| StaffLine {
            unit: r
                .unit_code
                .as_deref()
                .map(|c| unit_name(&units, c, on))
                .unwrap_or_default(),
            employment_type: code_label(&EMPLOYMENT_TYPES, &r.employment_type, lang),
            job_grade: r
                .job_grade
                .as_deref()
                .map(|g| code_label(&JOB_GRADES, g, lang))
                .unwrap_or_default(),
            status: code_label(&STAFF_STATUSES, &r.status, lang),
            number: r.number.into_string(),
            name: r.name,
            kana: r.kana,
        })
        .collect();
    let page_view = StaffListPage {
        nav: people_nav(&state, lang, "staff", href(page)),
        q: q.q.clone().unwrap_or_default(),
        on: on.to_string(),
        units: current
            .iter()
            .map(|u| {
                (
                    u.code.to_string(),
                    u.name.clone(),
                    q.unit.as_deref() == Some(u.code.as_str()),
                )
            })
            .collect(),
        employment_types: options(&EMPLOYMENT_TYPES, q.employment_type.as_deref(), lang),
        job_grades: options(&JOB_GRADES, q.job_grade.as_deref(), lang),
        rows: lines,
        total,
        page,
        pages,
        prev_href: if page > 1 {
            href(page - 1)
        } else {
            String::new()
        },
        next_href: if page < pages {
            href(page + 1)
        } else {
            String::new()
        },
    };
    render(&page_view, lang)
}

pub struct CareerLine {
    pub period: String,
    pub unit: String,
    pub unit_code: String,
    pub rotation: String,
    pub post: String,
    pub kind: String,
    pub years: String,
}

/// A stretch of job grade and employment type.
pub struct GradeLine {
    pub period: String,
    pub employment_type: String,
    pub job_grade: String,
    pub source: String,
}

pub struct EventLine {
    pub date: String,
    pub kind: String,
    pub detail: String,
}

/// A module's section on the staff page, filled for this person.
pub struct PanelView {
    pub id: &'static str,
    pub title: &'static str,
    pub columns: &'static [(&'static str, bool)],
    pub rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "people/staff_page.html")]
pub struct StaffPage {
    pub nav: Nav,
    pub name: String,
    pub kana: String,
    pub facts: Vec<(String, String)>,
    pub career: Vec<CareerLine>,
    pub grades: Vec<GradeLine>,
    pub events: Vec<EventLine>,
    /// The sections other modules add (training taken, …).
    pub panels: Vec<PanelView>,
}

pub async fn staff_page(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(number): Path<String>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    read_staff(&state, &who, &number).await.map_err(fail)?;
    let (s, assignments) = state
        .store
        .staff_member(&number)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| {
            fail(Failure::NotFound(
                Message::new("people_no_staff_member").arg("number", &number),
            ))
        })?;
    let units = state.store.units().await.map_err(|e| fail(e.into()))?;
    let today = state.clock().today();
    let label = |k: &str| lang.t(k).to_owned();
    let mut facts = vec![
        (label("staff_number"), s.number.to_string()),
        (label("hire_date"), date_label(s.hire_date, lang)),
        (
            label("hiring_route"),
            code_label(&HIRING_ROUTES, &s.hiring_route, lang),
        ),
        (
            label("employment_type"),
            code_label(&EMPLOYMENT_TYPES, &s.employment_type, lang),
        ),
        (
            label("job_grade"),
            s.job_grade
                .as_deref()
                .map(|g| code_label(&JOB_GRADES, g, lang))
                .unwrap_or_default(),
        ),
        (
            label("staff_status"),
            code_label(&STAFF_STATUSES, &s.status, lang),
        ),
    ];
    if let Some(f) = &s.job_family {
        facts.push((label("job_family"), code_label(&JOB_FAMILIES, f, lang)));
    }
    if let Some(g) = &s.gender {
        facts.push((label("gender"), code_label(&GENDERS, g, lang)));
    }
    if let Some(b) = s.birth_date {
        facts.push((label("birth_date"), date_label(b, lang)));
    }
    if !s.qualifications.is_empty() {
        facts.push((label("qualifications"), s.qualifications.join("、")));
    }
    if let Some(l) = s.leaving_date {
        let reason = s
            .leaving_reason
            .as_deref()
            .map(|r| format!("（{}）", code_label(&LEAVING_REASONS, r, lang)))
            .unwrap_or_default();
        facts.push((
            label("leaving_date"),
            format!("{}{reason}", date_label(l, lang)),
        ));
    }
    let career = assignments
        .iter()
        .map(|a| {
            let unit = units
                .iter()
                .find(|u| u.code == a.unit_code && u.valid_on(a.start));
            let days = a.days_until(s.leaving_date.unwrap_or(today).min(today));
            CareerLine {
                period: format!(
                    "{} – {}",
                    a.start,
                    a.end
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| lang.t("present").to_owned())
                ),
                unit: unit.map_or_else(|| a.unit_code.to_string(), |u| u.name.clone()),
                unit_code: a.unit_code.to_string(),
                rotation: unit
                    .map(|u| code_label(&ROTATION_CLASSES, &u.rotation, lang))
                    .unwrap_or_default(),
                post: a.post.clone().unwrap_or_default(),
                kind: lang
                    .t(if a.primary {
                        "primary_post"
                    } else {
                        "concurrent_post"
                    })
                    .to_owned(),
                years: format!("{:.1}", days.max(0) as f64 / 365.25),
            }
        })
        .collect();
    let grades = state
        .store
        .grades_of(&number)
        .await
        .map_err(|e| fail(e.into()))?
        .iter()
        .map(|t| GradeLine {
            period: format!(
                "{} – {}",
                date_label(t.from, lang),
                t.until
                    .and_then(|u| u.pred_opt())
                    .map(|u| date_label(u, lang))
                    .unwrap_or_else(|| lang.t("present").to_owned())
            ),
            employment_type: code_label(&EMPLOYMENT_TYPES, &t.employment_type, lang),
            job_grade: t
                .job_grade
                .as_deref()
                .map(|g| code_label(&JOB_GRADES, g, lang))
                .unwrap_or_default(),
            source: coded_label(t.source, lang),
        })
        .collect();
    let events = state
        .store
        .events_of(&number)
        .await
        .map_err(|e| fail(e.into()))?
        .iter()
        .map(|e| {
            let mut detail = Vec::new();
            if let (Some(f), Some(t)) = (&e.from_grade, &e.to_grade) {
                detail.push(format!(
                    "{} → {}",
                    code_label(&JOB_GRADES, f, lang),
                    code_label(&JOB_GRADES, t, lang)
                ));
            } else if let Some(t) = &e.to_grade {
                detail.push(code_label(&JOB_GRADES, t, lang));
            }
            if e.voluntary {
                detail.push(lang.t("voluntary").to_owned());
            }
            if let Some(p) = &e.partner {
                let ty = e
                    .partner_type
                    .as_deref()
                    .map(|t| format!("{}・", code_label(&PARTNER_TYPES, t, lang)))
                    .unwrap_or_default();
                detail.push(format!("{}: {ty}{p}", lang.t("partner")));
            }
            if let Some(end) = e.end {
                detail.push(format!("〜{end}"));
            }
            if let Some(n) = &e.note {
                detail.push(n.clone());
            }
            EventLine {
                date: date_label(e.date, lang),
                kind: coded_label(e.kind, lang),
                detail: detail.join(" / "),
            }
        })
        .collect();
    let mut panels = Vec::new();
    for module in crate::modules::all() {
        for panel in module.staff_panels {
            if decide(&who, panel.permission) != Decision::Allow {
                continue;
            }
            let rows = (panel.rows)(&state, &number, lang).await.map_err(fail)?;
            panels.push(PanelView {
                id: panel.id,
                title: panel.title,
                columns: panel.columns,
                rows,
            });
        }
    }
    let page = StaffPage {
        nav: people_nav(&state, lang, "staff", format!("/staff/{number}")),
        events,
        grades,
        panels,
        name: s.name.clone(),
        kana: s.kana.clone(),
        facts,
        career,
    };
    render(&page, lang)
}

#[derive(Deserialize, Default)]
pub struct OnQuery {
    pub on: Option<String>,
}

pub struct UnitLine {
    pub code: String,
    pub name: String,
    pub depth: usize,
    pub rotation: String,
    pub since: String,
}

#[derive(Template)]
#[template(path = "people/units.html")]
pub struct UnitsPage {
    pub nav: Nav,
    pub on: String,
    pub on_label: String,
    pub units: Vec<UnitLine>,
}

/// Units in force on a date, parents before children.
pub fn unit_tree(units: &[UnitVersion], on: NaiveDate) -> Vec<(usize, &UnitVersion)> {
    let current = as_of(units, on);
    let mut out = Vec::new();
    fn walk<'a>(
        current: &[&'a UnitVersion],
        parent: Option<&str>,
        depth: usize,
        out: &mut Vec<(usize, &'a UnitVersion)>,
    ) {
        let mut children: Vec<&&UnitVersion> = current
            .iter()
            .filter(|u| match parent {
                None => u
                    .parent
                    .as_deref()
                    .is_none_or(|p| !current.iter().any(|c| c.code == p)),
                Some(p) => u.parent.as_deref() == Some(p),
            })
            .collect();
        children.sort_by(|a, b| a.code.cmp(&b.code));
        for c in children {
            out.push((depth, *c));
            if depth < 16 {
                walk(current, Some(&c.code), depth + 1, out);
            }
        }
    }
    walk(&current, None, 0, &mut out);
    out
}

pub async fn units(
    State(state): State<SharedState>,
    lang: Lang,
    Query(q): Query<OnQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let on = on_date(q.on.as_deref(), state.clock()).map_err(fail)?;
    let all = state.store.units().await.map_err(|e| fail(e.into()))?;
    let lines = unit_tree(&all, on)
        .into_iter()
        .map(|(depth, u)| UnitLine {
            code: u.code.to_string(),
            name: u.name.clone(),
            depth: depth.min(4),
            rotation: code_label(&ROTATION_CLASSES, &u.rotation, lang),
            since: u.valid_from.to_string(),
        })
        .collect();
    let page = UnitsPage {
        nav: people_nav(&state, lang, "units", format!("/units?on={on}")),
        on: on.to_string(),
        on_label: date_label(on, lang),
        units: lines,
    };
    render(&page, lang)
}

pub struct VersionLine {
    pub period: String,
    pub name: String,
    pub kana: String,
    pub parent: String,
    pub rotation: String,
}

pub struct MemberLine {
    pub number: String,
    pub name: String,
    pub post: String,
    pub kind: String,
    pub since: String,
}

#[derive(Template)]
#[template(path = "people/unit_page.html")]
pub struct UnitPage {
    pub nav: Nav,
    pub code: String,
    pub name: String,
    pub on: String,
    pub on_label: String,
    pub versions: Vec<VersionLine>,
    pub members: Vec<MemberLine>,
    /// The asker may not see this unit's members (the list is not loaded).
    pub members_hidden: bool,
}

pub async fn unit_page(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(code): Path<String>,
    Query(q): Query<OnQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let on = on_date(q.on.as_deref(), state.clock()).map_err(fail)?;
    let all = state.store.units().await.map_err(|e| fail(e.into()))?;
    let versions: Vec<&UnitVersion> = all.iter().filter(|u| u.code == code).collect();
    if versions.is_empty() {
        return Err(fail(Failure::NotFound(
            Message::new("people_no_unit").arg("code", code),
        )));
    }
    let members = visible_members(&state, &who, &code, on)
        .await
        .map_err(fail)?;
    let members_hidden = members.is_none();
    let members = members.unwrap_or_default();
    let page = UnitPage {
        members_hidden,
        nav: people_nav(&state, lang, "units", format!("/units/{code}?on={on}")),
        name: unit_name(&all, &code, on),
        on: on.to_string(),
        on_label: date_label(on, lang),
        versions: versions
            .iter()
            .map(|v| VersionLine {
                period: format!(
                    "{} – {}",
                    v.valid_from,
                    v.valid_to
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| lang.t("present").to_owned())
                ),
                name: v.name.clone(),
                kana: v.kana.clone(),
                parent: v
                    .parent
                    .as_deref()
                    .map(|p| unit_name(&all, p, v.valid_from))
                    .unwrap_or_default(),
                rotation: code_label(&ROTATION_CLASSES, &v.rotation, lang),
            })
            .collect(),
        members: members
            .iter()
            .map(|(s, a)| MemberLine {
                number: s.number.to_string(),
                name: s.name.clone(),
                post: a.post.clone().unwrap_or_default(),
                kind: lang
                    .t(if a.primary {
                        "primary_post"
                    } else {
                        "concurrent_post"
                    })
                    .to_owned(),
                since: a.start.to_string(),
            })
            .collect(),
        code,
    };
    render(&page, lang)
}
