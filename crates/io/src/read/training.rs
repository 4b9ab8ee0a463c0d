//! Training records from sheets — the catalogue, sessions, participation
//! lists (the training institute's yearly roster, say), OJT plans,
//! self-development support and the needs survey — and back to tables.

use super::rows::{
    ColumnSpec, Parsed, checked, col, date, fiscal_year, label, number, opt_text, read_rows, table,
    text,
};
use super::{Problem, Sheet};
use crate::import::{RecordKind, store_parsed};
use jinzai_domain::access::Permission;
use jinzai_domain::i18n::Message;
use jinzai_domain::money::Yen;
use jinzai_domain::people::codes::{Coded, EMPLOYMENT_TYPES, JOB_GRADES};
use jinzai_domain::report::{Table, Value};
use jinzai_domain::training::support::{
    NeedRequest, OjtPlan, SELF_DEVELOPMENT_KINDS, SELF_DEVELOPMENT_STATUSES, SelfDevelopment,
    check_needs, check_ojt_plans, check_self_development,
};
use jinzai_domain::training::{
    Course, PARTICIPATION_STATUSES, Participation, TRAINING_CATEGORIES, TRAINING_TOPICS,
    TrainingSession, check_courses, check_participations, check_sessions,
};

/// The training module's kinds of records in files.
pub const KINDS: &[RecordKind] = &[
    RecordKind {
        name: "courses",
        module: "training",
        permission: Permission::ImportPeople,
        columns: COURSE_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_courses(sheet), async move |r| {
                store.import_courses(r, opts).await
            }))
        },
        export: |store| Box::pin(async move { Ok(courses_table(&store.courses().await?)) }),
    },
    RecordKind {
        name: "sessions",
        module: "training",
        permission: Permission::ImportPeople,
        columns: SESSION_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_sessions(sheet), async move |r| {
                store.import_sessions(r, opts).await
            }))
        },
        export: |store| {
            Box::pin(async move {
                let rows = store.sessions(None, None).await?;
                let list: Vec<TrainingSession> = rows.into_iter().map(|r| r.session).collect();
                Ok(sessions_table(&list))
            })
        },
    },
    RecordKind {
        name: "participations",
        module: "training",
        permission: Permission::ImportPeople,
        columns: PARTICIPATION_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_participations(sheet), async move |r| {
                store.import_participations(r, opts).await
            }))
        },
        export: |store| {
            Box::pin(async move { Ok(participations_table(&store.participations().await?)) })
        },
    },
    RecordKind {
        name: "ojt_plans",
        module: "training",
        permission: Permission::ImportPeople,
        columns: OJT_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_ojt_plans(sheet), async move |r| {
                store.import_ojt_plans(r, opts).await
            }))
        },
        export: |store| Box::pin(async move { Ok(ojt_plans_table(&store.all_ojt_plans().await?)) }),
    },
    RecordKind {
        name: "self_development",
        module: "training",
        permission: Permission::ImportPeople,
        columns: SELF_DEVELOPMENT_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_self_development(sheet), async move |r| {
                store.import_self_development(r, opts).await
            }))
        },
        export: |store| {
            Box::pin(
                async move { Ok(self_development_table(&store.all_self_development().await?)) },
            )
        },
    },
    RecordKind {
        name: "training_needs",
        module: "training",
        permission: Permission::ImportPeople,
        columns: NEEDS_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_needs(sheet), async move |r| {
                store.import_needs(r, opts).await
            }))
        },
        export: |store| Box::pin(async move { Ok(needs_table(&store.all_needs().await?)) }),
    },
];

pub const COURSE_COLUMNS: &[ColumnSpec] = &[
    col("code", &["研修コード", "course_code", "code"], true),
    col("title", &["研修名", "title"], true),
    col("category", &["研修区分", "category"], true),
    col("provider", &["実施機関", "provider"], false),
    col("topics", &["分野", "topics"], false),
    col("audience_types", &["対象任用形態", "audience_types"], false),
    col("audience_grades", &["対象職層", "audience_grades"], false),
    col("hours", &["時間数", "hours"], false),
    col("cost", &["費用", "cost"], false),
    col("note", &["備考", "note"], false).note(),
];

pub const SESSION_COLUMNS: &[ColumnSpec] = &[
    col("course_code", &["研修コード", "course_code"], true),
    col("start", &["開始日", "start"], true),
    col("end", &["終了日", "end"], false),
    col("place", &["会場", "place"], false),
    col("capacity", &["定員", "capacity"], false),
    col("unit_code", &["実施組織コード", "unit_code"], false),
    col("note", &["備考", "note"], false).note(),
];

pub const PARTICIPATION_COLUMNS: &[ColumnSpec] = &[
    col("staff_number", &["職員番号", "staff_number"], true),
    col("course_code", &["研修コード", "course_code"], true),
    col("start", &["開始日", "start"], true),
    col("status", &["受講状況", "状況", "status"], true),
    col("result", &["結果", "result"], false),
    col("certificate", &["修了証", "certificate"], false),
    col("satisfaction", &["満足度", "satisfaction"], false),
    col("comment", &["感想", "comment"], false).note(),
];

pub const OJT_COLUMNS: &[ColumnSpec] = &[
    col("unit_code", &["組織コード", "unit_code"], true),
    col("fiscal_year", &["年度", "fiscal_year"], true),
    col("theme", &["テーマ", "theme"], true).note(),
    col("planned_sessions", &["計画回数", "planned_sessions"], true),
    col("note", &["備考", "note"], false).note(),
];

pub const SELF_DEVELOPMENT_COLUMNS: &[ColumnSpec] = &[
    col("staff_number", &["職員番号", "staff_number"], true),
    col("kind", &["種別", "kind"], true),
    col("title", &["講座・資格名", "title"], true),
    col("applied", &["申請日", "applied"], true),
    col("status", &["状況", "status"], true),
    col("subsidy", &["助成額", "subsidy"], false),
    col("completed", &["修了日", "completed"], false),
    col("qualification", &["取得資格", "qualification"], false),
    col("note", &["備考", "note"], false).note(),
];

pub const NEEDS_COLUMNS: &[ColumnSpec] = &[
    col("fiscal_year", &["年度", "fiscal_year"], true),
    col("staff_number", &["職員番号", "staff_number"], false),
    col("topic", &["分野", "topic"], true),
    col("request", &["要望", "request"], false).note(),
];

pub fn read_courses(sheet: &Sheet) -> Result<Parsed<Course>, Vec<Problem>> {
    let parsed = read_rows(sheet, COURSE_COLUMNS, |r| {
        // Every column read (in order) before a missing category ends the
        // row, so that all of its problems are told.
        let (code, title) = (r.req("code"), r.req("title"));
        let category = r.coded_req("category");
        let provider = r.opt("provider");
        let topics = r.codes("topics", &TRAINING_TOPICS);
        let audience_types = r.codes("audience_types", &EMPLOYMENT_TYPES);
        let audience_grades = r.codes("audience_grades", &JOB_GRADES);
        let hours = r.num_opt("hours");
        let cost = r.yen_opt("cost");
        Some(Course {
            code,
            title,
            category: category?,
            provider,
            topics,
            audience_types,
            audience_grades,
            hours,
            cost,
            note: r.opt("note"),
        })
    })?;
    checked(parsed, check_courses)
}

pub fn read_sessions(sheet: &Sheet) -> Result<Parsed<TrainingSession>, Vec<Problem>> {
    let parsed = read_rows(sheet, SESSION_COLUMNS, |r| {
        let capacity = r.int_opt("capacity");
        let capacity = match capacity.map(u32::try_from) {
            Some(Err(_)) => {
                r.fail("capacity", Message::new("training_session_capacity_range"));
                None
            }
            Some(Ok(c)) => Some(c),
            None => None,
        };
        Some(TrainingSession {
            course_code: r.req("course_code"),
            start: r.date_req("start"),
            end: r.date_opt("end"),
            place: r.opt("place"),
            capacity,
            unit_code: r.id_opt("unit_code"),
            note: r.opt("note"),
        })
    })?;
    checked(parsed, check_sessions)
}

pub fn read_participations(sheet: &Sheet) -> Result<Parsed<Participation>, Vec<Problem>> {
    let parsed = read_rows(sheet, PARTICIPATION_COLUMNS, |r| {
        let satisfaction = match r.int_opt("satisfaction").map(u8::try_from) {
            Some(Ok(s)) => Some(s),
            Some(Err(_)) => {
                r.fail("satisfaction", Message::new("training_satisfaction_range"));
                None
            }
            None => None,
        };
        Some(Participation {
            staff_number: r.id_req("staff_number"),
            course_code: r.req("course_code"),
            start: r.date_req("start"),
            // (Read in column order, so that problems are told in it.)
            status: r.coded_req("status")?,
            result: r.opt("result"),
            certificate: r.opt("certificate"),
            satisfaction,
            comment: r.opt("comment"),
        })
    })?;
    checked(parsed, check_participations)
}

pub fn read_ojt_plans(sheet: &Sheet) -> Result<Parsed<OjtPlan>, Vec<Problem>> {
    let parsed = read_rows(sheet, OJT_COLUMNS, |r| {
        let year = r.req("fiscal_year");
        let fiscal_year = fiscal_year(&year).unwrap_or_else(|| {
            if !year.is_empty() {
                r.fail(
                    "fiscal_year",
                    Message::new("training_fiscal_year_unreadable").arg("year", year),
                );
            }
            0
        });
        let planned = r.int_req("planned_sessions");
        Some(OjtPlan {
            unit_code: r.id_req("unit_code"),
            fiscal_year,
            theme: r.req("theme"),
            planned_sessions: u32::try_from(planned).unwrap_or(0),
            note: r.opt("note"),
        })
    })?;
    checked(parsed, check_ojt_plans)
}

pub fn read_self_development(sheet: &Sheet) -> Result<Parsed<SelfDevelopment>, Vec<Problem>> {
    let parsed = read_rows(sheet, SELF_DEVELOPMENT_COLUMNS, |r| {
        // Every column read (in order) before a missing value ends the row,
        // so that all of its problems are told.
        let staff_number = r.id_req("staff_number");
        let kind = r.coded_req("kind");
        let title = r.req("title");
        let applied = r.date_req("applied");
        let status = r.coded_req("status");
        let subsidy = r.yen_opt("subsidy");
        let completed = r.date_opt("completed");
        Some(SelfDevelopment {
            staff_number,
            kind: kind?,
            title,
            applied,
            status: status?,
            subsidy,
            completed,
            qualification: r.opt("qualification"),
            note: r.opt("note"),
        })
    })?;
    checked(parsed, check_self_development)
}

pub fn read_needs(sheet: &Sheet) -> Result<Parsed<NeedRequest>, Vec<Problem>> {
    let parsed = read_rows(sheet, NEEDS_COLUMNS, |r| {
        let year = r.req("fiscal_year");
        let fiscal_year = fiscal_year(&year).unwrap_or_else(|| {
            if !year.is_empty() {
                r.fail(
                    "fiscal_year",
                    Message::new("training_fiscal_year_unreadable").arg("year", year),
                );
            }
            0
        });
        Some(NeedRequest {
            fiscal_year,
            staff_number: r.id_opt("staff_number"),
            topic: r.code_req("topic", &TRAINING_TOPICS),
            request: r.opt("request"),
        })
    })?;
    checked(parsed, check_needs)
}

fn labels(list: &jinzai_domain::people::codes::CodeList, codes: &[String]) -> Value {
    text(
        &codes
            .iter()
            .map(|c| list.label(c))
            .collect::<Vec<_>>()
            .join("、"),
    )
}

pub fn courses_table(list: &[Course]) -> Table {
    let rows = list
        .iter()
        .map(|c| {
            vec![
                text(&c.code),
                text(&c.title),
                label(&TRAINING_CATEGORIES, Some(c.category.code())),
                opt_text(&c.provider),
                labels(&TRAINING_TOPICS, &c.topics),
                labels(&EMPLOYMENT_TYPES, &c.audience_types),
                labels(&JOB_GRADES, &c.audience_grades),
                number(c.hours),
                number(c.cost.map(Yen::get)),
                opt_text(&c.note),
            ]
        })
        .collect();
    table(
        "研修",
        COURSE_COLUMNS,
        rows,
        list.iter().map(|c| c.code.to_string()).collect(),
    )
}

pub fn sessions_table(list: &[TrainingSession]) -> Table {
    let rows = list
        .iter()
        .map(|s| {
            vec![
                text(&s.course_code),
                date(Some(s.start)),
                date(s.end),
                opt_text(&s.place),
                number(s.capacity),
                opt_text(&s.unit_code),
                opt_text(&s.note),
            ]
        })
        .collect();
    table(
        "研修の実施回",
        SESSION_COLUMNS,
        rows,
        list.iter().map(|s| s.course_code.clone()).collect(),
    )
}

pub fn participations_table(list: &[Participation]) -> Table {
    let rows = list
        .iter()
        .map(|p| {
            vec![
                text(&p.staff_number),
                text(&p.course_code),
                date(Some(p.start)),
                label(&PARTICIPATION_STATUSES, Some(p.status.code())),
                opt_text(&p.result),
                opt_text(&p.certificate),
                number(p.satisfaction),
                opt_text(&p.comment),
            ]
        })
        .collect();
    table(
        "受講",
        PARTICIPATION_COLUMNS,
        rows,
        list.iter().map(|p| p.staff_number.to_string()).collect(),
    )
}

pub fn ojt_plans_table(list: &[OjtPlan]) -> Table {
    let rows = list
        .iter()
        .map(|o| {
            vec![
                text(&o.unit_code),
                number(Some(o.fiscal_year)),
                text(&o.theme),
                number(Some(o.planned_sessions)),
                opt_text(&o.note),
            ]
        })
        .collect();
    table(
        "職場研修計画",
        OJT_COLUMNS,
        rows,
        list.iter().map(|o| o.unit_code.to_string()).collect(),
    )
}

pub fn self_development_table(list: &[SelfDevelopment]) -> Table {
    let rows = list
        .iter()
        .map(|s| {
            vec![
                text(&s.staff_number),
                label(&SELF_DEVELOPMENT_KINDS, Some(s.kind.code())),
                text(&s.title),
                date(Some(s.applied)),
                label(&SELF_DEVELOPMENT_STATUSES, Some(s.status.code())),
                number(s.subsidy.map(Yen::get)),
                date(s.completed),
                opt_text(&s.qualification),
                opt_text(&s.note),
            ]
        })
        .collect();
    table(
        "自己啓発支援",
        SELF_DEVELOPMENT_COLUMNS,
        rows,
        list.iter().map(|s| s.staff_number.to_string()).collect(),
    )
}

pub fn needs_table(list: &[NeedRequest]) -> Table {
    let rows = list
        .iter()
        .map(|n| {
            vec![
                number(Some(n.fiscal_year)),
                opt_text(&n.staff_number),
                label(&TRAINING_TOPICS, Some(&n.topic)),
                opt_text(&n.request),
            ]
        })
        .collect();
    table(
        "研修ニーズ調査",
        NEEDS_COLUMNS,
        rows,
        list.iter()
            .map(|n| n.staff_number.as_deref().unwrap_or_default().to_owned())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{InputEncoding, read_sheet};
    use crate::{Encoding, Format, export};

    fn sheet(csv: &str) -> Sheet {
        read_sheet(csv.as_bytes(), InputEncoding::Detect).unwrap()
    }

    #[test]
    fn catalogue_and_roster_read_labels_and_round_trip_through_cp932() {
        let courses = "研修コード,研修名,研修区分,実施機関,分野,対象任用形態,対象職層,時間数,費用
T01,評価者研修,庁内研修,,評価者研修、接遇,,係長・課長,３時間,\"1,000\"
";
        let c = read_courses(&sheet(courses)).unwrap().records;
        assert_eq!(c[0].topics, ["evaluator", "customer_service"]);
        assert_eq!(c[0].audience_grades, ["kakaricho", "kacho"]);
        assert_eq!((c[0].hours, c[0].cost), (Some(3.0), Yen::new(1000)));
        let bytes = export(&courses_table(&c), Format::Csv, Encoding::Cp932).unwrap();
        let again = read_courses(&read_sheet(&bytes, InputEncoding::Detect).unwrap()).unwrap();
        assert_eq!(again.records, c);

        let roster = "職員番号,研修コード,開始日,受講状況,満足度,修了証
00123,T01,H24.6.1,修了,5,第1号
00124,T01,2012/6/1,受講,,
";
        let p = read_participations(&sheet(roster)).unwrap().records;
        assert_eq!(p[0].status.code(), "completed");
        assert_eq!(p[0].start, p[1].start);
        let bytes = export(&participations_table(&p), Format::Csv, Encoding::Utf8Bom).unwrap();
        let again =
            read_participations(&read_sheet(&bytes, InputEncoding::Detect).unwrap()).unwrap();
        assert_eq!(again.records, p);
    }

    #[test]
    fn a_row_tells_every_problem_even_with_an_unknown_category() {
        let courses = "研修コード,研修名,研修区分,分野,費用\nC1,接遇,パーティー,cooking,-5\n";
        let places: Vec<_> = read_courses(&sheet(courses))
            .unwrap_err()
            .iter()
            .map(|p| (p.row, p.col))
            .collect();
        assert_eq!(places, [(2, 3), (2, 4), (2, 5)]);
    }

    #[test]
    fn problems_name_row_and_column() {
        let roster = "職員番号,研修コード,開始日,受講状況,満足度
00123,T01,2012/6/1,受講,7
00124,T01,2012/13/1,出席,
";
        let places: Vec<_> = read_participations(&sheet(roster))
            .unwrap_err()
            .iter()
            .map(|p| (p.row, p.col))
            .collect();
        assert_eq!(places, [(3, 3), (3, 4)], "row-level problems first");
        let roster = "職員番号,研修コード,開始日,受講状況,満足度
00123,T01,2012/6/1,欠席,4
";
        let p = read_participations(&sheet(roster)).unwrap_err();
        assert_eq!((p[0].row, p[0].col), (2, 5), "{p:?}");
        let ojt = "組織コード,年度,テーマ,計画回数
110,平成24年度,窓口,2
120,2012,窓口,x
";
        let p = read_ojt_plans(&sheet(ojt)).unwrap_err();
        assert_eq!((p[0].row, p[0].col), (3, 4), "{p:?}");
        let ok = read_ojt_plans(&sheet(
            "組織コード,年度,テーマ,計画回数\n110,平成24年度,窓口,2\n",
        ));
        assert_eq!(ok.unwrap().records[0].fiscal_year, 2012);
    }
}
