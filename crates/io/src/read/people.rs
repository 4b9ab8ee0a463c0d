//! Units, staff and assignments from sheets, and back to tables for export
//! (export → import gives the same records).

use super::rows::{ColumnSpec, Parsed, col, date, label, read_rows, table, text};
use super::{Problem, Sheet};
use crate::import::{RecordKind, store_parsed};
use jinzai_domain::access::Permission;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::assignment::Assignment;
use jinzai_domain::people::codes::{
    Coded, EMPLOYMENT_TYPES, GENDERS, HIRING_ROUTES, JOB_FAMILIES, JOB_GRADES, LEAVING_REASONS,
    ROTATION_CLASSES, STAFF_STATUSES,
};
use jinzai_domain::people::event::{EVENT_KINDS, PARTNER_TYPES, PersonnelEvent, check_events};
use jinzai_domain::people::search_key;
use jinzai_domain::people::staff::{Staff, check_staff};
use jinzai_domain::people::unit::{UnitVersion, check_units};
use jinzai_domain::report::{Table, Value};

/// The people module's kinds of records in files.
pub const KINDS: &[RecordKind] = &[
    RecordKind {
        name: "units",
        module: "people",
        permission: Permission::ImportPeople,
        columns: UNIT_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_units(sheet), async move |r| {
                store.import_units(r, opts).await
            }))
        },
        export: |store| Box::pin(async move { Ok(units_table(&store.units().await?)) }),
    },
    RecordKind {
        name: "staff",
        module: "people",
        permission: Permission::ImportPeople,
        columns: STAFF_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_staff(sheet), async move |r| {
                store.import_staff(r, opts).await
            }))
        },
        export: |store| Box::pin(async move { Ok(staff_table(&store.all_staff().await?)) }),
    },
    RecordKind {
        name: "assignments",
        module: "people",
        permission: Permission::ImportPeople,
        columns: ASSIGNMENT_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(async move {
                let parsed = read_assignments(sheet);
                let rows = parsed.as_ref().map(|p| p.rows.clone()).unwrap_or_default();
                store_parsed(parsed, async |r| {
                    store.import_assignments(r, &rows, opts).await
                })
                .await
            })
        },
        export: |store| {
            Box::pin(async move { Ok(assignments_table(&store.all_assignments().await?)) })
        },
    },
    RecordKind {
        name: "events",
        module: "people",
        permission: Permission::ImportPeople,
        columns: EVENT_COLUMNS,
        import: |store, sheet, opts| {
            Box::pin(store_parsed(read_events(sheet), async move |r| {
                store.import_events(r, opts).await
            }))
        },
        export: |store| {
            Box::pin(async move { Ok(events_table(&store.events(None, None, None).await?)) })
        },
    },
];

pub const UNIT_COLUMNS: &[ColumnSpec] = &[
    col("code", &["組織コード", "unit_code", "code"], true),
    col("name", &["組織名", "name"], true).name(),
    col("kana", &["組織名カナ", "フリガナ", "kana"], false).name(),
    col(
        "parent",
        &["上位組織コード", "parent_code", "parent"],
        false,
    ),
    col(
        "rotation",
        &["部門区分", "rotation_class", "rotation"],
        true,
    ),
    col("valid_from", &["開始日", "valid_from"], true),
    col("valid_to", &["終了日", "valid_to"], false),
];

pub const STAFF_COLUMNS: &[ColumnSpec] = &[
    col("number", &["職員番号", "staff_number", "number"], true),
    col("name", &["氏名", "name"], true).name(),
    col("kana", &["フリガナ", "ふりがな", "カナ", "kana"], true).name(),
    col("gender", &["性別", "gender"], false),
    col("birth_date", &["生年月日", "birth_date"], false),
    col("hire_date", &["採用日", "採用年月日", "hire_date"], true),
    col("hiring_route", &["採用区分", "hiring_route"], true),
    col(
        "employment_type",
        &["任用形態", "職員区分", "employment_type"],
        true,
    ),
    col("job_family", &["職種", "job_family"], false),
    col("job_grade", &["職層", "職級", "job_grade"], false),
    col("qualifications", &["資格", "qualifications"], false),
    col("status", &["在職状況", "状態", "status"], true),
    col("leaving_date", &["退職日", "leaving_date"], false),
    col("leaving_reason", &["退職理由", "leaving_reason"], false),
];

pub const ASSIGNMENT_COLUMNS: &[ColumnSpec] = &[
    col("staff_number", &["職員番号", "staff_number"], true),
    col("unit_code", &["組織コード", "unit_code"], true),
    col("post", &["役職", "post"], false).name(),
    col("start", &["開始日", "発令日", "start"], true),
    col("end", &["終了日", "end"], false),
    col("primary", &["区分", "primary"], false),
];

pub const EVENT_COLUMNS: &[ColumnSpec] = &[
    col("staff_number", &["職員番号", "staff_number"], true),
    col("kind", &["種別", "発令種別", "kind"], true),
    col("date", &["発令日", "date"], true),
    col("end", &["終了日", "end"], false),
    col("voluntary", &["希望", "voluntary"], false),
    col("partner_type", &["相手先区分", "partner_type"], false),
    col("partner", &["相手先", "partner"], false),
    col("from_grade", &["発令前職層", "from_grade"], false),
    col("to_grade", &["発令後職層", "to_grade"], false),
    col("note", &["備考", "note"], false).note(),
];

pub fn read_units(sheet: &Sheet) -> Result<Parsed<UnitVersion>, Vec<Problem>> {
    let parsed = read_rows(sheet, UNIT_COLUMNS, |r| {
        Some(UnitVersion {
            code: r.id_req("code"),
            name: r.req("name"),
            kana: r.opt("kana").unwrap_or_default(),
            parent: r.id_opt("parent"),
            rotation: r.code_req("rotation", &ROTATION_CLASSES),
            valid_from: r.date_req("valid_from"),
            valid_to: r.date_opt("valid_to"),
        })
    })?;
    let problems = check_units(&parsed.records);
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(parsed.place_all(problems))
    }
}

pub fn read_staff(sheet: &Sheet) -> Result<Parsed<Staff>, Vec<Problem>> {
    let parsed = read_rows(sheet, STAFF_COLUMNS, |r| {
        Some(Staff {
            number: r.id_req("number"),
            name: r.req("name"),
            kana: r.req("kana"),
            gender: r.code_opt("gender", &GENDERS),
            birth_date: r.date_opt("birth_date"),
            hire_date: r.date_req("hire_date"),
            hiring_route: r.code_req("hiring_route", &HIRING_ROUTES),
            employment_type: r.code_req("employment_type", &EMPLOYMENT_TYPES),
            job_family: r.code_opt("job_family", &JOB_FAMILIES),
            job_grade: r.code_opt("job_grade", &JOB_GRADES),
            qualifications: r
                .opt("qualifications")
                .map(|q| {
                    q.split(['、', ',', ';', '・'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            status: r.code_req("status", &STAFF_STATUSES),
            leaving_date: r.date_opt("leaving_date"),
            leaving_reason: r.code_opt("leaving_reason", &LEAVING_REASONS),
        })
    })?;
    let problems = check_staff(&parsed.records);
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(parsed.place_all(problems))
    }
}

pub fn read_assignments(sheet: &Sheet) -> Result<Parsed<Assignment>, Vec<Problem>> {
    read_rows(sheet, ASSIGNMENT_COLUMNS, |r| {
        let primary = match r.opt("primary").map(|s| search_key(&s)) {
            None => true,
            Some(k) if ["主", "本務", "primary", "1", "true"].contains(&k.as_str()) => true,
            Some(k) if ["兼務", "兼", "secondary", "0", "false"].contains(&k.as_str()) => false,
            Some(k) => {
                r.fail(
                    "primary",
                    Message::new("people_assignment_primary_unknown").arg("value", k),
                );
                true
            }
        };
        Some(Assignment {
            staff_number: r.id_req("staff_number"),
            unit_code: r.id_req("unit_code"),
            post: r.opt("post"),
            start: r.date_req("start"),
            end: r.date_opt("end"),
            primary,
        })
    })
    // Overlaps are checked by the store, together with the stored
    // assignments, so that every problem of the file is reported at once.
}

pub fn read_events(sheet: &Sheet) -> Result<Parsed<PersonnelEvent>, Vec<Problem>> {
    let parsed = read_rows(sheet, EVENT_COLUMNS, |r| {
        let voluntary = match r.opt("voluntary").map(|s| search_key(&s)) {
            None => false,
            Some(k) if ["希望", "1", "true", "yes", "○"].contains(&k.as_str()) => true,
            Some(k) if ["0", "false", "no"].contains(&k.as_str()) => false,
            Some(k) => {
                r.fail(
                    "voluntary",
                    Message::new("people_event_voluntary_bad").arg("value", k),
                );
                false
            }
        };
        // Every column read (in order) before a missing kind ends the row.
        let staff_number = r.id_req("staff_number");
        let kind = r.coded_req("kind");
        let date = r.date_req("date");
        let end = r.date_opt("end");
        let partner_type = r.code_opt("partner_type", &PARTNER_TYPES);
        let partner = r.opt("partner");
        let from_grade = r.code_opt("from_grade", &JOB_GRADES);
        let to_grade = r.code_opt("to_grade", &JOB_GRADES);
        Some(PersonnelEvent {
            staff_number,
            kind: kind?,
            date,
            end,
            voluntary,
            partner_type,
            partner,
            from_grade,
            to_grade,
            note: r.opt("note"),
        })
    })?;
    let problems = check_events(&parsed.records);
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(parsed.place_all(problems))
    }
}

pub fn events_table(list: &[PersonnelEvent]) -> Table {
    let rows = list
        .iter()
        .map(|e| {
            vec![
                text(&e.staff_number),
                label(&EVENT_KINDS, Some(e.kind.code())),
                date(Some(e.date)),
                date(e.end),
                text(if e.voluntary { "希望" } else { "" }),
                label(&PARTNER_TYPES, e.partner_type.as_deref()),
                e.partner.as_deref().map_or(Value::Empty, text),
                label(&JOB_GRADES, e.from_grade.as_deref()),
                label(&JOB_GRADES, e.to_grade.as_deref()),
                e.note.as_deref().map_or(Value::Empty, text),
            ]
        })
        .collect();
    table(
        "人事発令",
        EVENT_COLUMNS,
        rows,
        list.iter().map(|e| e.staff_number.to_string()).collect(),
    )
}

pub fn units_table(units: &[UnitVersion]) -> Table {
    let rows = units
        .iter()
        .map(|u| {
            vec![
                text(&u.code),
                text(&u.name),
                text(&u.kana),
                u.parent.as_deref().map_or(Value::Empty, text),
                label(&ROTATION_CLASSES, Some(&u.rotation)),
                date(Some(u.valid_from)),
                date(u.valid_to),
            ]
        })
        .collect();
    table(
        "組織",
        UNIT_COLUMNS,
        rows,
        units.iter().map(|u| u.code.to_string()).collect(),
    )
}

pub fn staff_table(staff: &[Staff]) -> Table {
    let rows = staff
        .iter()
        .map(|s| {
            vec![
                text(&s.number),
                text(&s.name),
                text(&s.kana),
                label(&GENDERS, s.gender.as_deref()),
                date(s.birth_date),
                date(Some(s.hire_date)),
                label(&HIRING_ROUTES, Some(&s.hiring_route)),
                label(&EMPLOYMENT_TYPES, Some(&s.employment_type)),
                label(&JOB_FAMILIES, s.job_family.as_deref()),
                label(&JOB_GRADES, s.job_grade.as_deref()),
                text(&s.qualifications.join("、")),
                label(&STAFF_STATUSES, Some(&s.status)),
                date(s.leaving_date),
                label(&LEAVING_REASONS, s.leaving_reason.as_deref()),
            ]
        })
        .collect();
    table(
        "職員",
        STAFF_COLUMNS,
        rows,
        staff.iter().map(|s| s.number.to_string()).collect(),
    )
}

pub fn assignments_table(list: &[Assignment]) -> Table {
    let rows = list
        .iter()
        .map(|a| {
            vec![
                text(&a.staff_number),
                text(&a.unit_code),
                a.post.as_deref().map_or(Value::Empty, text),
                date(Some(a.start)),
                date(a.end),
                text(if a.primary { "本務" } else { "兼務" }),
            ]
        })
        .collect();
    table(
        "配属",
        ASSIGNMENT_COLUMNS,
        rows,
        list.iter().map(|a| a.staff_number.to_string()).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{InputEncoding, read_sheet};
    use crate::{Encoding, Format, export};
    use chrono::NaiveDate;

    fn sheet(csv: &str) -> Sheet {
        read_sheet(csv.as_bytes(), InputEncoding::Detect).unwrap()
    }

    const STAFF: &str = "職員番号,氏名,フリガナ,性別,生年月日,採用日,採用区分,任用形態,職層,資格,在職状況,退職日,退職理由
00123,髙橋 太郎,ﾀｶﾊｼ ﾀﾛｳ,男性,S55.5.1,H15.4.1,新卒,一般職,主任,社会福祉士、保健師,在職,,
00124,山﨑 花子,ヤマサキ ハナコ,女性,1985/1/8,２０１０年４月１日,民間等経験者,一般職,係長,,退職,令和元年5月31日,定年前早期退職
";

    #[test]
    fn staff_read_with_wareki_and_full_width_and_names_kept() {
        let p = read_staff(&sheet(STAFF)).unwrap();
        assert_eq!(p.records.len(), 2);
        let s = &p.records[0];
        assert_eq!(
            (s.name.as_str(), s.kana.as_str()),
            ("髙橋 太郎", "ﾀｶﾊｼ ﾀﾛｳ")
        );
        assert_eq!(s.hire_date, NaiveDate::from_ymd_opt(2003, 4, 1).unwrap());
        assert_eq!(s.qualifications, ["社会福祉士", "保健師"]);
        assert_eq!(s.employment_type, "regular");
        let t = &p.records[1];
        assert_eq!(t.leaving_date, NaiveDate::from_ymd_opt(2019, 5, 31));
        assert_eq!(t.leaving_reason.as_deref(), Some("early_retirement"));
        assert_eq!(p.rows, [2, 3]);
    }

    #[test]
    fn large_sheets_read_in_chunks_keep_the_file_order() {
        // Over the parallel threshold, with blank rows and bad rows spread
        // across the chunks.
        let mut csv = String::from("職員番号,組織コード,開始日,区分\n");
        for i in 0..50_000 {
            match i {
                7 | 25_001 => csv.push_str(",,,\n"),
                13 => csv.push_str("00013,U1,2020-02-30,本務\n"),
                49_990 => csv.push_str("49990,U1,2020-04-01,たぶん\n"),
                _ => csv.push_str(&format!("{i:05},U{},2020-04-01,兼務\n", i % 7)),
            }
        }
        let problems = read_assignments(&sheet(&csv)).unwrap_err();
        let places: Vec<_> = problems.iter().map(|p| (p.row, p.col)).collect();
        assert_eq!(places, [(15, 3), (49_992, 4)]);
        let good = csv
            .lines()
            .enumerate()
            .filter(|(i, _)| ![15, 49_992].contains(&(i + 1)))
            .map(|(_, l)| format!("{l}\n"))
            .collect::<String>();
        let parsed = read_assignments(&sheet(&good)).unwrap();
        assert_eq!(parsed.records.len(), 50_000 - 4);
        assert_eq!(parsed.rows[..8], [2, 3, 4, 5, 6, 7, 8, 10]);
        assert!(parsed.rows.windows(2).all(|w| w[0] < w[1]));
        let at = |n: usize| &parsed.records[parsed.rows.iter().position(|r| *r == n).unwrap()];
        // Line 15 was taken out: line 40,002 now holds i = 40,001.
        assert_eq!(at(40_002).staff_number.as_str(), "40001");
        assert_eq!(at(40_002).unit_code.as_str(), format!("U{}", 40_001 % 7));
        assert!(!at(40_002).primary);
    }

    #[test]
    fn every_problem_names_row_and_column() {
        let bad = "職員番号,氏名,フリガナ,採用日,採用区分,任用形態,在職状況,好きな色
00123,髙橋,タカハシ,平成32年4月1日,新卒,正社員,在職,赤
00123,,タカハシ,R2.4.1,新卒,一般職,在職,青
";
        let problems = read_staff(&sheet(bad)).unwrap_err();
        let places: Vec<_> = problems.iter().map(|p| (p.row, p.col)).collect();
        assert_eq!(
            places,
            [(1, 8)],
            "an unknown column stops the file first: {problems:?}"
        );
        let bad = bad
            .replace(",好きな色", "")
            .replace(",赤", "")
            .replace(",青", "");
        let problems = read_staff(&sheet(&bad)).unwrap_err();
        let rendered = crate::read::render("staff.csv", &problems);
        assert!(
            rendered.contains("staff.csv:2:4: 「平成32年4月1日」は存在しない和暦です"),
            "{rendered}"
        );
        assert!(
            rendered.contains("staff.csv:2:6: 「正社員」は"),
            "{rendered}"
        );
        assert!(
            rendered.contains("staff.csv:3:2: 「氏名」が空です"),
            "{rendered}"
        );
    }

    #[test]
    fn duplicates_and_overlaps_are_placed() {
        let dup = format!("{STAFF}00123,別人,ベツジン,,,2020-04-01,新卒,一般職,,,在職,,\n");
        let problems = read_staff(&sheet(&dup)).unwrap_err();
        assert_eq!((problems[0].row, problems[0].col), (4, 1));
        assert!(problems[0].message.to_string().contains("重複"));
        let a = "職員番号,組織コード,役職,開始日,終了日,区分
1,K1,,2010-04-01,2013-03-31,本務
1,K2,,2013-03-01,,本務
1,K3,,2012-04-01,,兼務
";
        // Overlaps are the store's to find (with stored assignments); reading keeps the rows.
        let parsed = read_assignments(&sheet(a)).unwrap();
        assert_eq!(parsed.rows, [2, 3, 4]);
        assert!(!parsed.records[2].primary);
    }

    #[test]
    fn export_then_import_gives_the_same_records_in_csv_cp932_and_xlsx() {
        let original = read_staff(&sheet(STAFF)).unwrap().records;
        for (format, encoding) in [
            (Format::Csv, Encoding::Utf8Bom),
            (Format::Csv, Encoding::Cp932),
            (Format::Xlsx, Encoding::Utf8Bom),
        ] {
            let bytes = export(&staff_table(&original), format, encoding).unwrap();
            let again = read_staff(&read_sheet(&bytes, InputEncoding::Detect).unwrap())
                .unwrap()
                .records;
            assert_eq!(again, original, "{format:?} {encoding:?}");
        }
        let units = "組織コード,組織名,組織名カナ,上位組織コード,部門区分,開始日,終了日
B1,総務部,ソウムブ,,管理,2010-04-01,
K1,職員課,ショクインカ,B1,管理,2010-04-01,2015-03-31
K1,人事課,ジンジカ,B1,管理,2015-04-01,
";
        let u = read_units(&sheet(units)).unwrap().records;
        let bytes = export(&units_table(&u), Format::Csv, Encoding::Utf8Bom).unwrap();
        let events = "職員番号,種別,発令日,終了日,希望,相手先区分,相手先,発令前職層,発令後職層,備考
00123,人事交流（派遣）,H24.4.1,H26.3.31,,東京都,東京都総務局,,,
00124,降任,R2.4.1,,希望,,,係長,主任,病気療養のため
";
        let e = read_events(&sheet(events)).unwrap().records;
        assert!(e[1].voluntary && e[0].partner_type.as_deref() == Some("tokyo_metro"));
        let ebytes = export(&events_table(&e), Format::Csv, Encoding::Cp932).unwrap();
        assert_eq!(
            read_events(&read_sheet(&ebytes, InputEncoding::Detect).unwrap())
                .unwrap()
                .records,
            e
        );
        assert_eq!(
            read_units(&read_sheet(&bytes, InputEncoding::Detect).unwrap())
                .unwrap()
                .records,
            u
        );
    }
}
