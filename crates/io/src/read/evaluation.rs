//! Evaluation records from sheets — the evaluators' chains and past
//! results — and back to tables.

use super::rows::{
    ColumnSpec, Parsed, col, date, fiscal_year, label, number, opt_text, read_rows, table, text,
};
use super::{Problem, Sheet};
use crate::import::{RecordKind, store_parsed};
use jinzai_domain::access::Permission;
use jinzai_domain::evaluation::interview::{INTERVIEW_KINDS, Interview, InterviewKind};
use jinzai_domain::evaluation::sheet::SheetResult;
use jinzai_domain::evaluation::{
    Chain, EVALUATION_KINDS, EvaluationKind, PERIOD_TERMS, PeriodTerm,
};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::report::Table;

/// The evaluation module's kinds of records in files.
pub const KINDS: &[RecordKind] = &[
    RecordKind {
        name: "evaluation_chains",
        module: "evaluation",
        permission: Permission::ImportPeople,
        columns: CHAIN_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_chains(sheet), async move |r| {
                store.import_chains(r, opts).await
            }))
        },
        export: |store| Box::pin(async move { Ok(chains_table(&store.all_chains().await?)) }),
    },
    RecordKind {
        name: "interviews",
        module: "evaluation",
        permission: Permission::ImportPeople,
        columns: INTERVIEW_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_interviews(sheet), async move |r| {
                store.record_interviews(r, opts).await
            }))
        },
        export: |store| {
            Box::pin(async move { Ok(interviews_table(&store.all_interviews().await?)) })
        },
    },
    RecordKind {
        name: "evaluation_results",
        module: "evaluation",
        permission: Permission::ImportPeople,
        columns: RESULT_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_results(sheet), async move |r| {
                store.import_results(r, opts).await
            }))
        },
        export: |store| Box::pin(async move { Ok(results_table(&store.all_results().await?)) }),
    },
];

pub const INTERVIEW_COLUMNS: &[ColumnSpec] = &[
    col("staff_number", &["職員番号", "staff_number"], true),
    col("kind", &["種類", "面談の種類", "kind"], true),
    col("held_on", &["面談日", "held_on"], true),
    col("interviewer", &["面談者", "interviewer"], true),
    col("attendees", &["同席者", "attendees"], false),
    col("note", &["記録", "note"], false).note(),
];

/// Talks (面談): one row per staff member, kind and day.
pub fn read_interviews(sheet: &Sheet) -> Result<Parsed<Interview>, Vec<Problem>> {
    read_rows(sheet, INTERVIEW_COLUMNS, |r| {
        let staff_number = r.id_req("staff_number");
        let kind = r.coded_req::<InterviewKind>("kind");
        let held_on = r.date_req("held_on");
        let interviewer = r.id_req("interviewer");
        Some(Interview {
            staff_number,
            kind: kind?,
            held_on,
            interviewer,
            attendees: r.opt("attendees"),
            note: r.opt("note"),
        })
    })
}

pub fn interviews_table(list: &[Interview]) -> Table {
    let rows = list
        .iter()
        .map(|t| {
            vec![
                text(&t.staff_number),
                label(&INTERVIEW_KINDS, Some(t.kind.code())),
                date(Some(t.held_on)),
                text(&t.interviewer),
                opt_text(&t.attendees),
                opt_text(&t.note),
            ]
        })
        .collect();
    table(
        "面談",
        INTERVIEW_COLUMNS,
        rows,
        list.iter().map(|t| t.staff_number.to_string()).collect(),
    )
}

pub const RESULT_COLUMNS: &[ColumnSpec] = &[
    col("fiscal_year", &["年度", "fiscal_year"], true),
    col("kind", &["評価の種類", "種類", "kind"], true),
    col("term", &["区分", "期間", "term"], true),
    col("evaluatee", &["職員番号", "evaluatee"], true),
    col("band", &["評価", "評価結果", "band"], true),
    col("disclosed_on", &["開示日", "disclosed_on"], false),
];

/// Results: a band per evaluatee and period (past years a city loads).
pub fn read_results(sheet: &Sheet) -> Result<Parsed<SheetResult>, Vec<Problem>> {
    read_rows(sheet, RESULT_COLUMNS, |r| {
        let year = r.req("fiscal_year");
        let fy = fiscal_year(&year);
        if fy.is_none() && !year.is_empty() {
            r.fail(
                "fiscal_year",
                Message::new("training_fiscal_year_unreadable").arg("year", year),
            );
        }
        let kind = r.coded_req::<EvaluationKind>("kind");
        let term = r.coded_req::<PeriodTerm>("term");
        let evaluatee = r.id_req("evaluatee");
        let band = r.req("band");
        let disclosed_on = r.date_opt("disclosed_on");
        Some(SheetResult {
            fiscal_year: fy?,
            kind: kind?,
            term: term?,
            evaluatee,
            band,
            disclosed_on,
        })
    })
}

pub fn results_table(list: &[SheetResult]) -> Table {
    let rows = list
        .iter()
        .map(|s| {
            vec![
                number(Some(s.fiscal_year)),
                label(&EVALUATION_KINDS, Some(s.kind.code())),
                label(&PERIOD_TERMS, Some(s.term.code())),
                text(&s.evaluatee),
                text(&s.band),
                date(s.disclosed_on),
            ]
        })
        .collect();
    table(
        "評価結果",
        RESULT_COLUMNS,
        rows,
        list.iter().map(|s| s.evaluatee.to_string()).collect(),
    )
}

pub const CHAIN_COLUMNS: &[ColumnSpec] = &[
    col("fiscal_year", &["年度", "fiscal_year"], true),
    col("evaluatee", &["職員番号", "被評価者", "evaluatee"], true),
    col("first", &["一次評価者", "first"], true),
    col("second", &["二次評価者", "second"], false),
    col("adjuster", &["調整者", "adjuster"], false),
    col("confirmer", &["確認者", "実施権者", "confirmer"], false),
    col("from", &["開始日", "from"], false),
    col(
        "training_exception",
        &["研修例外の理由", "training_exception"],
        false,
    ),
];

/// Chains: one row per evaluatee and start day (開始日: the fiscal year's
/// 1 April when empty).
pub fn read_chains(sheet: &Sheet) -> Result<Parsed<Chain>, Vec<Problem>> {
    read_rows(sheet, CHAIN_COLUMNS, |r| {
        let year = r.req("fiscal_year");
        let fy = fiscal_year(&year);
        if fy.is_none() && !year.is_empty() {
            r.fail(
                "fiscal_year",
                Message::new("training_fiscal_year_unreadable").arg("year", year),
            );
        }
        let evaluatee = r.id_req("evaluatee");
        let first = r.id_req("first");
        let second = r.id_opt("second");
        let adjuster = r.id_opt("adjuster");
        let confirmer = r.id_opt("confirmer");
        let from = r.date_opt("from");
        let fy = fy?;
        Some(Chain {
            fiscal_year: fy,
            evaluatee,
            first,
            second,
            adjuster,
            confirmer,
            from: from.or_else(|| jinzai_domain::FiscalYear(fy).start())?,
            until: None,
            training_exception: r.opt("training_exception"),
        })
    })
}

pub fn chains_table(list: &[Chain]) -> Table {
    let rows = list
        .iter()
        .map(|c| {
            vec![
                number(Some(c.fiscal_year)),
                text(&c.evaluatee),
                text(&c.first),
                opt_text(&c.second),
                opt_text(&c.adjuster),
                opt_text(&c.confirmer),
                date(Some(c.from)),
                opt_text(&c.training_exception),
            ]
        })
        .collect();
    table(
        "評価者",
        CHAIN_COLUMNS,
        rows,
        list.iter().map(|c| c.evaluatee.to_string()).collect(),
    )
}
