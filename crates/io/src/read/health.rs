//! Health records in files — check-ups, consultations, return-to-work
//! steps and stress-check results — imported and exported by the health
//! role alone (`Permission::HealthRecords`). Writing them needs the health
//! key; an export opens every record and is an audited read.

use super::rows::{ColumnSpec, Parsed, Row, col, date, label, number, read_rows, table, text};
use super::{Problem, Sheet};
use crate::import::RecordKind;
use chrono::NaiveDate;
use jinzai_domain::access::Permission;
use jinzai_domain::date::parse_date;
use jinzai_domain::health::returns::{
    Case, Entry, MAX_FOLLOW_UP_MONTHS, RETURN_STEPS, Stage, Step,
};
use jinzai_domain::health::stress::{Record, Scores};
use jinzai_domain::health::{
    CONSULTATION_KINDS, COUNSELLORS, Checkup, Consultation, OUTCOMES, Outcome,
};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::report::{Table, Value};
use jinzai_store::health::Of;
use jinzai_store::health::returns::Cases;
use std::collections::HashMap;

/// Who an export is audited as.
const EXPORT_ACTOR: &str = "jinzai:export";

/// The health module's kinds of records in files.
pub const KINDS: &[RecordKind] = &[
    RecordKind {
        name: "health_checkups",
        module: "health",
        permission: Permission::HealthRecords,
        columns: CHECKUP_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(crate::import::store_refused(
                read_checkups(sheet),
                ("checkups", CHECKUP_COLUMNS),
                async move |r| store.import_health(r, &[], opts).await,
            ))
        },
        export: |store| {
            Box::pin(async move {
                Ok(checkups_table(
                    &store.checkups(Of::All, EXPORT_ACTOR).await?,
                ))
            })
        },
    },
    RecordKind {
        name: "health_consultations",
        module: "health",
        permission: Permission::HealthRecords,
        columns: CONSULTATION_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(crate::import::store_refused(
                read_consultations(sheet),
                ("consultations", CONSULTATION_COLUMNS),
                async move |r| store.import_health(&[], r, opts).await,
            ))
        },
        export: |store| {
            Box::pin(async move {
                Ok(consultations_table(
                    &store.consultations(Of::All, EXPORT_ACTOR).await?,
                ))
            })
        },
    },
    RecordKind {
        name: "health_returns",
        module: "health",
        permission: Permission::HealthRecords,
        columns: RETURN_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(async move {
                let today = store.clock().today();
                crate::import::store_refused(
                    read_returns(sheet, today),
                    ("returns", RETURN_COLUMNS),
                    async move |r| store.import_returns(r, opts).await,
                )
                .await
            })
        },
        export: |store| {
            Box::pin(async move {
                let cases = store.return_cases(Cases::All, EXPORT_ACTOR).await?;
                Ok(returns_table(
                    &cases.into_iter().map(|c| c.case).collect::<Vec<_>>(),
                ))
            })
        },
    },
    RecordKind {
        name: "health_stress",
        module: "health",
        permission: Permission::HealthRecords,
        columns: STRESS_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(crate::import::store_refused(
                read_stress(sheet),
                ("results", STRESS_COLUMNS),
                async move |r| store.import_stress(r, opts).await,
            ))
        },
        export: |store| {
            Box::pin(async move {
                let list = store.stress_results(Of::All, EXPORT_ACTOR).await?;
                Ok(stress_table(
                    &list.into_iter().map(|s| s.result).collect::<Vec<_>>(),
                ))
            })
        },
    },
];

pub const CHECKUP_COLUMNS: &[ColumnSpec] = &[
    col("fiscal_year", &["年度", "fiscal_year"], true),
    col("staff_number", &["職員番号", "staff_number"], true),
    col("attended_on", &["受診日", "attended_on"], false),
    col("outcome", &["判定", "判定区分", "outcome"], false),
    col(
        "follow_up_done",
        &["事後措置済", "精密検査等の確認", "follow_up_done"],
        false,
    ),
    col("note", &["記録", "備考", "note"], false).note(),
];

/// Check-ups: one row per person and year (a row: the person was due).
pub fn read_checkups(sheet: &Sheet) -> Result<Parsed<Checkup>, Vec<Problem>> {
    read_rows(sheet, CHECKUP_COLUMNS, |r| {
        let fiscal_year = r.fiscal_year_req("fiscal_year");
        let staff_number = r.id_req("staff_number");
        let attended_on = r.date_opt("attended_on");
        let outcome = r
            .code_opt("outcome", &OUTCOMES)
            .and_then(|c| Outcome::from_code(&c));
        let follow_up_done = r.flag("follow_up_done");
        let note = r.opt("note").unwrap_or_default();
        Some(Checkup {
            staff_number,
            fiscal_year: fiscal_year?,
            attended_on,
            outcome,
            follow_up_done,
            note,
        })
    })
}

fn flag(yes: bool) -> Value {
    if yes { text("○") } else { Value::Empty }
}

pub fn checkups_table(list: &[jinzai_store::health::StoredCheckup]) -> Table {
    let rows = list
        .iter()
        .map(|s| {
            let c = &s.checkup;
            vec![
                number(Some(c.fiscal_year)),
                text(&c.staff_number),
                date(c.attended_on),
                label(&OUTCOMES, c.outcome.map(Coded::code)),
                flag(c.follow_up_done),
                text(&c.note),
            ]
        })
        .collect();
    table(
        "健康診断",
        CHECKUP_COLUMNS,
        rows,
        list.iter()
            .map(|s| s.checkup.staff_number.to_string())
            .collect(),
    )
}

pub const CONSULTATION_COLUMNS: &[ColumnSpec] = &[
    col("held_on", &["相談日", "held_on"], true),
    col("staff_number", &["職員番号", "staff_number"], true),
    col("counsellor", &["相談先", "相談者", "counsellor"], true),
    col("kind", &["種別", "相談の種別", "kind"], true),
    col("note", &["内容", "記録", "note"], false).note(),
    col(
        "follow_up",
        &["今後の対応", "フォローアップ", "follow_up"],
        false,
    )
    .note(),
];

/// Consultations: one row each (one a day with each counsellor).
pub fn read_consultations(sheet: &Sheet) -> Result<Parsed<Consultation>, Vec<Problem>> {
    read_rows(sheet, CONSULTATION_COLUMNS, |r| {
        let held_on = r.date_req("held_on");
        let staff_number = r.id_req("staff_number");
        let counsellor = r.coded_req("counsellor");
        let kind = r.coded_req("kind");
        Some(Consultation {
            staff_number,
            held_on,
            counsellor: counsellor?,
            kind: kind?,
            note: r.opt("note").unwrap_or_default(),
            follow_up: r.opt("follow_up").unwrap_or_default(),
        })
    })
}

pub fn consultations_table(list: &[jinzai_store::health::StoredConsultation]) -> Table {
    let rows = list
        .iter()
        .map(|s| {
            let c = &s.consultation;
            vec![
                date(Some(c.held_on)),
                text(&c.staff_number),
                label(&COUNSELLORS, Some(c.counsellor.code())),
                label(&CONSULTATION_KINDS, Some(c.kind.code())),
                text(&c.note),
                text(&c.follow_up),
            ]
        })
        .collect();
    table(
        "健康相談",
        CONSULTATION_COLUMNS,
        rows,
        list.iter()
            .map(|s| s.consultation.staff_number.to_string())
            .collect(),
    )
}

pub const RETURN_COLUMNS: &[ColumnSpec] = &[
    col("staff_number", &["職員番号", "staff_number"], true),
    col("leave_from", &["休業開始日", "leave_from"], true),
    col("step", &["ステップ", "step"], true),
    col("on", &["日付", "実施日", "on"], false),
    col("leave_until", &["休業終了見込日", "leave_until"], false),
    col(
        "planned_return_on",
        &["復職予定日", "planned_return_on"],
        false,
    ),
    col("stages", &["試し出勤", "stages"], false).note(),
    col("returned_on", &["復職日", "returned_on"], false),
    col("limits", &["就業上の配慮", "limits"], false).note(),
    col(
        "shared_limits",
        &["所属長に伝える配慮", "shared_limits"],
        false,
    )
    .note(),
    col(
        "follow_up_months",
        &[
            "フォローアップ（月）",
            "フォローアップ月",
            "follow_up_months",
        ],
        false,
    ),
    col("note", &["記録", "note"], false).note(),
];

/// The word a file uses for closing a case.
const CLOSE: &str = "close";

/// A step as written: its code or label (`judgement`, `第2ステップ …`),
/// its number (`2`, `第2ステップ`), or 終結 / close.
fn read_step(r: &mut Row<'_>) -> Option<String> {
    let written = r.req("step");
    if written.is_empty() {
        return None;
    }
    if let Some(code) = RETURN_STEPS.parse(&written) {
        return Some(code.to_owned());
    }
    let key = jinzai_domain::people::search_key(&written);
    if ["close", "終結", "終了", "中止"].contains(&key.as_str()) {
        return Some(CLOSE.to_owned());
    }
    let digits: String = key
        .trim_start_matches('第')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if let Some(step) = digits.parse::<u8>().ok().and_then(|n| {
        <Step as strum::VariantArray>::VARIANTS
            .iter()
            .find(|s| s.number() == n)
    }) {
        return Some(step.code().to_owned());
    }
    r.fail(
        "step",
        Message::new("return_import_step_unknown").arg("text", written),
    );
    None
}

/// 試し出勤 stages as written: `2027-01-05〜2027-01-09 通勤訓練`, one a
/// line (or separated by ;).
fn read_stages(r: &mut Row<'_>) -> Vec<Stage> {
    let Some(cell) = r.opt("stages") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for part in cell
        .split(['\n', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let stage = part.split_once(['〜', '～', '~']).and_then(|(from, rest)| {
            let rest = rest.trim();
            let (to, what) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            Some(Stage {
                from: parse_date(from.trim()).ok()?,
                to: parse_date(to).ok()?,
                what: what.trim().to_owned(),
            })
        });
        match stage {
            Some(s) => out.push(s),
            None => r.fail(
                "stages",
                Message::new("return_import_stage_unreadable").arg("text", part),
            ),
        }
    }
    out
}

fn write_stages(stages: &[Stage]) -> String {
    stages
        .iter()
        .map(|s| {
            format!("{}〜{} {}", s.from, s.to, s.what)
                .trim_end()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Months after return, as written: `1, 3, 6` (full-width allowed).
fn read_months(r: &mut Row<'_>) -> Option<Vec<u32>> {
    let cell = r.opt("follow_up_months")?;
    let key = jinzai_domain::people::search_key(&cell);
    let mut out = Vec::new();
    for part in key
        .split(['、', ',', ';', '・', ' '])
        .map(|p| {
            p.trim()
                .trim_end_matches("か月")
                .trim_end_matches("ヶ月")
                .trim_end_matches('月')
        })
        .filter(|p| !p.is_empty())
    {
        match part.parse::<u32>() {
            Ok(n) if (1..=MAX_FOLLOW_UP_MONTHS).contains(&n) => out.push(n),
            _ => r.fail(
                "follow_up_months",
                Message::new("return_import_months_unreadable")
                    .arg("text", part)
                    .arg("max", MAX_FOLLOW_UP_MONTHS),
            ),
        }
    }
    Some(out)
}

/// One row of a return-to-work sheet: a step of the case of a person's
/// leave from a day.
#[derive(Debug, Clone)]
pub struct StepRow {
    pub staff_number: StaffNumber,
    pub leave_from: NaiveDate,
    pub entry: Entry,
}

/// The rank a step is replayed in (the case closed last).
fn rank(step: &str) -> u8 {
    Step::from_code(step).map_or(6, Step::number)
}

/// Return-to-work cases, one row per step recorded. The rows of a case
/// (same person, same first day of leave) are replayed in the order of
/// the steps as the health staff would record them, each checked as on
/// screen (`today` bounds the days held): a problem is placed at the
/// row and column of the step it is about; nothing is read when one is.
pub fn read_returns(sheet: &Sheet, today: NaiveDate) -> Result<Parsed<Case>, Vec<Problem>> {
    let rows = read_rows(sheet, RETURN_COLUMNS, |r| {
        let staff_number = r.id_req("staff_number");
        let leave_from = r.date_req("leave_from");
        let step = read_step(r);
        let on = r.date_opt("on");
        let leave_until = r.date_opt("leave_until");
        let planned_return_on = r.date_opt("planned_return_on");
        let stages = read_stages(r);
        let returned_on = r.date_opt("returned_on");
        let follow_up_months = read_months(r);
        let step = step?;
        // The leave's day is the case's first day.
        let on = if step == "leave" {
            if on.is_some_and(|d| d != leave_from) {
                r.fail(
                    "on",
                    Message::new("return_import_leave_day").arg("day", leave_from.to_string()),
                );
            }
            Some(leave_from)
        } else {
            on
        };
        Some(StepRow {
            staff_number,
            leave_from,
            entry: Entry {
                step,
                on,
                leave_until,
                planned_return_on,
                stages,
                returned_on,
                limits: r.opt("limits").unwrap_or_default(),
                shared_limits: r.opt("shared_limits").unwrap_or_default(),
                follow_up_months,
                note: r.opt("note").unwrap_or_default(),
            },
        })
    })?;
    // Rows by case, in the order cases first appear.
    let mut order: Vec<(StaffNumber, NaiveDate)> = Vec::new();
    let mut by_case: HashMap<(StaffNumber, NaiveDate), Vec<usize>> = HashMap::new();
    for (i, s) in rows.records.iter().enumerate() {
        let key = (s.staff_number.clone(), s.leave_from);
        by_case
            .entry(key.clone())
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .push(i);
    }
    let mut problems = Vec::new();
    let mut cases = Parsed {
        records: Vec::new(),
        rows: Vec::new(),
        columns: rows.columns.clone(),
    };
    for key in order {
        let mut list = by_case.remove(&key).unwrap_or_default();
        list.sort_by_key(|&i| {
            let e = &rows.records[i].entry;
            (rank(&e.step), e.on)
        });
        let at = |i: usize, field: &str, message: Message| {
            let field = field.split(['.', '[']).next().unwrap_or(field);
            rows.problem(i, field, message)
        };
        let first = list[0];
        let mut case = match Case::open(key.0.clone(), &rows.records[first].entry, today) {
            Ok(c) => c,
            Err(errors) => {
                problems.extend(errors.into_iter().map(|e| at(first, &e.field, e.message)));
                continue;
            }
        };
        let mut done: Vec<&str> = Vec::new();
        let mut failed = false;
        for &i in &list[1..] {
            let e = &rows.records[i].entry;
            if e.step != "follow_up" && done.contains(&e.step.as_str()) {
                problems.push(at(
                    i,
                    "step",
                    Message::new("return_import_step_twice")
                        .arg("step", RETURN_STEPS.label(&e.step)),
                ));
                failed = true;
                break;
            }
            done.push(&e.step);
            if let Err(errors) = case.apply(e, today) {
                problems.extend(errors.into_iter().map(|x| at(i, &x.field, x.message)));
                failed = true;
                break;
            }
        }
        if !failed {
            cases.records.push(case);
            cases.rows.push(rows.rows[first]);
        }
    }
    if problems.is_empty() {
        Ok(cases)
    } else {
        Err(problems)
    }
}

/// Cases as rows of steps (as [`read_returns`] reads them).
pub fn returns_table(list: &[Case]) -> Table {
    let mut rows = Vec::new();
    let mut codes = Vec::new();
    for c in list {
        let base = |step: &str, on: NaiveDate, note: &str| {
            let mut row = vec![Value::Empty; RETURN_COLUMNS.len()];
            row[0] = text(&c.staff_number);
            row[1] = date(Some(c.leave_from));
            row[2] = text(if step == CLOSE {
                "終結"
            } else {
                RETURN_STEPS.label(step)
            });
            row[3] = date(Some(on));
            row[11] = text(note);
            row
        };
        let mut row = base("leave", c.leave_from, &c.leave_note);
        row[4] = date(c.leave_until);
        rows.push(row);
        if let Some(j) = &c.judgement {
            rows.push(base("judgement", j.on, &j.note));
        }
        if let Some(p) = &c.plan {
            let mut row = base("plan", p.on, &p.note);
            row[5] = date(Some(p.planned_return_on));
            row[6] = text(&write_stages(&p.stages));
            rows.push(row);
        }
        if let Some(d) = &c.decision {
            let mut row = base("decision", d.on, &d.note);
            row[7] = date(Some(d.returned_on));
            row[8] = text(&d.limits);
            row[9] = text(&d.shared_limits);
            row[10] = text(
                &d.follow_up_months
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            rows.push(row);
        }
        for f in &c.follow_ups {
            rows.push(base("follow_up", f.on, &f.note));
        }
        if let Some(x) = &c.closed {
            rows.push(base(CLOSE, x.on, &x.note));
        }
        codes.resize(rows.len(), c.staff_number.to_string());
    }
    table("職場復帰支援", RETURN_COLUMNS, rows, codes)
}

pub const STRESS_COLUMNS: &[ColumnSpec] = &[
    col("fiscal_year", &["年度", "fiscal_year"], true),
    col("staff_number", &["職員番号", "staff_number"], true),
    col("taken_on", &["受検日", "taken_on"], false),
    col("demand", &["仕事の量的負担", "demand"], false),
    col("control", &["仕事のコントロール", "control"], false),
    col("supervisor", &["上司の支援", "supervisor"], false),
    col("coworker", &["同僚の支援", "coworker"], false),
    col("high_stress", &["高ストレス者", "high_stress"], false),
    col(
        "interview_offered_on",
        &["面接指導の勧奨日", "interview_offered_on"],
        false,
    ),
    col(
        "interview_requested",
        &["面接指導の申出", "interview_requested"],
        false,
    ),
    col(
        "interview_held_on",
        &["面接指導の実施日", "interview_held_on"],
        false,
    ),
    col("note", &["記録", "note"], false).note(),
];

const SCALES: [&str; 4] = ["demand", "control", "supervisor", "coworker"];

/// Stress-check results: one row per person and year (a row: the person
/// was due). The four scales are given all together or not at all.
pub fn read_stress(sheet: &Sheet) -> Result<Parsed<Record>, Vec<Problem>> {
    read_rows(sheet, STRESS_COLUMNS, |r| {
        let fiscal_year = r.fiscal_year_req("fiscal_year");
        let staff_number = r.id_req("staff_number");
        let taken_on = r.date_opt("taken_on");
        let mut values = [None; 4];
        for (v, field) in values.iter_mut().zip(SCALES) {
            *v = r.int_opt(field).map(|n| u8::try_from(n).unwrap_or(u8::MAX));
        }
        let given = values.iter().filter(|v| v.is_some()).count();
        if given != 0 && given != SCALES.len() {
            let missing = SCALES
                .iter()
                .zip(values)
                .find_map(|(f, v)| v.is_none().then_some(*f))
                .unwrap_or("demand");
            r.fail(missing, Message::new("stress_import_scales_all"));
        }
        let scores = match values {
            [
                Some(demand),
                Some(control),
                Some(supervisor),
                Some(coworker),
            ] => Some(Scores {
                demand,
                control,
                supervisor,
                coworker,
            }),
            _ => None,
        };
        Some(Record {
            staff_number,
            fiscal_year: fiscal_year?,
            taken_on,
            scores,
            high_stress: r.flag("high_stress"),
            interview_offered_on: r.date_opt("interview_offered_on"),
            interview_requested: r.flag("interview_requested"),
            interview_held_on: r.date_opt("interview_held_on"),
            note: r.opt("note").unwrap_or_default(),
        })
    })
}

pub fn stress_table(list: &[Record]) -> Table {
    let rows = list
        .iter()
        .map(|s| {
            let score = |f: fn(&Scores) -> u8| number(s.scores.as_ref().map(f));
            vec![
                number(Some(s.fiscal_year)),
                text(&s.staff_number),
                date(s.taken_on),
                score(|x| x.demand),
                score(|x| x.control),
                score(|x| x.supervisor),
                score(|x| x.coworker),
                flag(s.high_stress),
                date(s.interview_offered_on),
                flag(s.interview_requested),
                date(s.interview_held_on),
                text(&s.note),
            ]
        })
        .collect();
    table(
        "ストレスチェック",
        STRESS_COLUMNS,
        rows,
        list.iter().map(|s| s.staff_number.to_string()).collect(),
    )
}
