//! Outreach lectures (出前講座) in files: the catalogue, and requests with
//! their decision and delivery (earlier years' paper records, another
//! system's) — HR's, read back as exported.

use super::rows::{ColumnSpec, Parsed, col, date, label, number, read_rows, table, text};
use super::{Problem, Sheet};
use crate::import::{RecordKind, store_refused};
use jinzai_domain::access::Permission;
use jinzai_domain::i18n::Message;
use jinzai_domain::outreach::{Decision, Delivery, Lecture, Record, Request, SOURCES, Source};
use jinzai_domain::people::codes::Coded;
use jinzai_domain::report::{Table, Value};
use jinzai_store::outreach::{Requests, StoredLecture, StoredRequest};

/// The outreach module's kinds of records in files.
pub const KINDS: &[RecordKind] = &[
    RecordKind {
        name: "outreach_lectures",
        module: "outreach",
        permission: Permission::ImportPeople,
        columns: LECTURE_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_refused(
                read_lectures(sheet),
                ("lectures", LECTURE_COLUMNS),
                async move |l| store.import_outreach(l, &[], opts).await,
            ))
        },
        export: |store| {
            Box::pin(async move { Ok(lectures_table(&store.outreach_lectures(false).await?)) })
        },
    },
    RecordKind {
        name: "outreach_requests",
        module: "outreach",
        permission: Permission::ImportPeople,
        columns: REQUEST_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_refused(
                read_requests(sheet),
                ("records", REQUEST_COLUMNS),
                async move |r| store.import_outreach(&[], r, opts).await,
            ))
        },
        export: |store| {
            Box::pin(async move {
                Ok(requests_table(
                    &store.outreach_requests(Requests::All).await?,
                ))
            })
        },
    },
];

pub const LECTURE_COLUMNS: &[ColumnSpec] = &[
    col("code", &["講座番号", "code"], true),
    col("title", &["講座名", "title"], true),
    col(
        "unit_code",
        &["担当課コード", "組織コード", "unit_code"],
        true,
    ),
    col("minutes", &["所要時間（分）", "所要時間", "minutes"], true),
    col("audience", &["対象", "audience"], false),
    col("active", &["受付中", "active"], false),
    col("summary", &["内容", "summary"], false).note(),
];

/// The catalogue: one row per lecture (a lecture of the same number is
/// changed). 受付中: ○ offered, empty withdrawn.
pub fn read_lectures(sheet: &Sheet) -> Result<Parsed<Lecture>, Vec<Problem>> {
    read_rows(sheet, LECTURE_COLUMNS, |r| {
        let minutes = r.int_req("minutes");
        Some(Lecture {
            code: r.req("code"),
            title: r.req("title"),
            unit_code: r.req("unit_code"),
            summary: r.opt("summary").unwrap_or_default(),
            minutes: u32::try_from(minutes).unwrap_or(u32::MAX),
            audience: r.opt("audience").unwrap_or_default(),
            active: r.flag("active"),
        })
    })
}

fn flag(yes: bool) -> Value {
    if yes { text("○") } else { Value::Empty }
}

pub fn lectures_table(list: &[StoredLecture]) -> Table {
    let rows = list
        .iter()
        .map(|s| {
            let l = &s.lecture;
            vec![
                text(&l.code),
                text(&l.title),
                text(&l.unit_code),
                number(Some(l.minutes)),
                text(&l.audience),
                flag(l.active),
                text(&l.summary),
            ]
        })
        .collect();
    table(
        "出前講座メニュー",
        LECTURE_COLUMNS,
        rows,
        list.iter().map(|s| s.lecture.code.clone()).collect(),
    )
}

pub const REQUEST_COLUMNS: &[ColumnSpec] = &[
    col("lecture_code", &["講座番号", "lecture_code"], true),
    col("group_name", &["団体名", "group_name"], true).name(),
    col(
        "contact_name",
        &["連絡担当者", "代表者", "contact_name"],
        true,
    )
    .name(),
    col("contact_phone", &["電話番号", "contact_phone"], false),
    col("contact_email", &["メールアドレス", "contact_email"], false),
    col("requested_on", &["申込日", "requested_on"], true),
    col("wished_on", &["希望日", "wished_on"], true),
    col("wished_time", &["希望時間帯", "wished_time"], false),
    col("venue", &["会場", "venue"], false),
    col(
        "expected_audience",
        &["予定人数", "expected_audience"],
        true,
    ),
    col("source", &["受付", "source"], false),
    col("decision", &["決定", "decision"], false),
    col("decided_on", &["決定日", "decided_on"], false),
    col("note", &["条件・理由", "note"], false).note(),
    col("delivered_on", &["実施日", "delivered_on"], false),
    col("audience", &["受講者数", "audience"], false),
    col("lecturers", &["講師", "lecturers"], false),
    col("feedback", &["実施報告", "feedback"], false).note(),
];

/// 承認 / 不承認 as written.
const DECISIONS: jinzai_domain::people::codes::CodeList = jinzai_domain::people::codes::CodeList {
    name: "outreach decision",
    items: &[
        ("approved", "承認", "Approved"),
        ("declined", "不承認", "Declined"),
    ],
};

/// Requests of earlier years: one row each, with the decision and the
/// delivery when there were (a request of the same lecture, group, day
/// asked and day wished replaces the stored one). 受付: 公開ページ or
/// 電話・窓口 (by default); lecturers: staff numbers separated by spaces
/// or 、.
pub fn read_requests(sheet: &Sheet) -> Result<Parsed<Record>, Vec<Problem>> {
    read_rows(sheet, REQUEST_COLUMNS, |r| {
        let requested_on = r.date_req("requested_on");
        let wished_on = r.date_req("wished_on");
        let expected = r.int_req("expected_audience");
        let source = match r.code_opt("source", &SOURCES) {
            Some(c) => Source::from_code(&c),
            None => Some(Source::Staff),
        };
        let decision = r.code_opt("decision", &DECISIONS);
        let decided_on = r.date_opt("decided_on");
        let delivered_on = r.date_opt("delivered_on");
        let audience = r.int_opt("audience");
        let mut lecturers = Vec::new();
        for part in r
            .opt("lecturers")
            .unwrap_or_default()
            .split(['、', ',', ' ', '　', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match jinzai_domain::people::StaffNumber::parse(part) {
                Ok(n) => lecturers.push(n),
                Err(m) => r.fail("lecturers", m),
            }
        }
        let decision = match (decision, decided_on) {
            (None, None) => None,
            (Some(d), Some(on)) => Some(Decision {
                approved: d == "approved",
                decided_on: on,
                note: r.opt("note").unwrap_or_default(),
            }),
            (None, Some(_)) => {
                r.fail("decision", Message::new("outreach_required"));
                None
            }
            (Some(_), None) => {
                r.fail("decided_on", Message::new("outreach_required"));
                None
            }
        };
        let feedback = r.opt("feedback").unwrap_or_default();
        let delivery = delivered_on.map(|on| Delivery {
            delivered_on: on,
            audience: u32::try_from(audience.unwrap_or(0)).unwrap_or(0),
            feedback,
            lecturers,
        });
        Some(Record {
            request: Request {
                lecture_code: r.req("lecture_code"),
                group_name: r.req("group_name"),
                contact_name: r.req("contact_name"),
                contact_phone: r.opt("contact_phone").unwrap_or_default(),
                contact_email: r.opt("contact_email").unwrap_or_default(),
                wished_on: Some(wished_on),
                wished_time: r.opt("wished_time").unwrap_or_default(),
                venue: r.opt("venue").unwrap_or_default(),
                expected_audience: u32::try_from(expected).unwrap_or(u32::MAX),
                purpose: String::new(),
                not_for_profit: true,
            },
            source: source?,
            requested_on,
            decision,
            delivery,
        })
    })
}

pub fn requests_table(list: &[StoredRequest]) -> Table {
    let rows = list
        .iter()
        .map(|s| {
            let q = &s.request;
            let decided = s.decided_on.map(|_| {
                if matches!(s.status, jinzai_domain::outreach::Status::Declined) {
                    "declined"
                } else {
                    "approved"
                }
            });
            vec![
                text(&q.lecture_code),
                text(&q.group_name),
                text(&q.contact_name),
                text(&q.contact_phone),
                text(&q.contact_email),
                date(Some(s.requested_on)),
                date(q.wished_on),
                text(&q.wished_time),
                text(&q.venue),
                number(Some(q.expected_audience)),
                label(&SOURCES, Some(s.source.code())),
                label(&DECISIONS, decided),
                date(s.decided_on),
                text(&s.decision_note),
                date(s.delivered_on),
                number(s.audience),
                text(
                    &s.lecturers
                        .iter()
                        .map(|l| l.staff_number.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                text(&s.feedback),
            ]
        })
        .collect();
    table(
        "出前講座の申込み・実施",
        REQUEST_COLUMNS,
        rows,
        list.iter().map(|s| s.id.to_string()).collect(),
    )
}
