//! Women's advancement (女性活躍推進法): the figures every local government
//! publishes as a 特定事業主, computed from the records, with small groups
//! withheld, beside the city's own targets in the national format
//! (目標項目 / 数値目標(時期) / 最新値(時期) / 目標設定時最新値(時期)).
//!
//! The records of its own are the ones the figures need and no other
//! module keeps: a child's birth (the denominator of leave take-up),
//! family leave (育児休業, 配偶者出産休暇, 育児参加のための休暇) and each
//! person's pay over a fiscal year. Hires, staff, grades and exam
//! applications come from the people and exams modules.
//!
//! Definitions (each item's `definition` says the same on the page):
//! - shares of women are of people whose gender is recorded or not — the
//!   denominator is everyone counted;
//! - "staff" are the people in service on the fiscal year's last day, with
//!   the grade and employment type in force that day;
//! - take-up rates follow the national survey: people who began a leave in
//!   the year (the first leave for that child) over people with a child
//!   born in the year, so a rate may pass 100 %;
//! - the pay gap is women's average pay as a share of men's, an average
//!   being the year's pay over the person-years paid (months / 12), split
//!   by the employment type in force on the last day served in the year.

use crate::fiscal::FiscalYear;
use crate::grade::fmt_num;
use crate::i18n::Message;
use crate::people::StaffNumber;
use crate::people::codes::{CodeList, HIRING_ROUTES, JOB_GRADES};
use crate::people::staff::Staff;
use crate::report::{Column, Table, Value};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The kinds of family leave.
pub const LEAVE_KINDS: CodeList = CodeList {
    name: "family leave kind",
    items: &[
        ("childcare", "育児休業", "Childcare leave"),
        (
            "spouse_birth",
            "配偶者出産休暇",
            "Leave for a spouse's childbirth",
        ),
        (
            "participation",
            "育児参加のための休暇",
            "Leave to take part in childcare",
        ),
    ],
};

/// Employment types of 任期の定めのない常勤職員 (the pay gap's second line);
/// every other type is その他の職員.
pub const PERMANENT_TYPES: [&str; 2] = ["regular", "skilled_labour"];

/// The default minimum group size: a figure about fewer people is withheld.
pub const DEFAULT_MIN_GROUP: u32 = 10;
/// The longest 取組内容 kept with a target.
pub const ACTIONS_LIMIT: usize = 2000;
/// The most a year's pay may be (a typo guard: ¥100 million).
pub const PAY_LIMIT: i64 = 100_000_000;
/// The most overtime a year may hold (a typo guard: 3,000 hours).
pub const OVERTIME_LIMIT: u32 = 3000;
/// The most annual leave a year may grant (20 days and 20 carried over).
pub const LEAVE_LIMIT: f64 = 40.0;

/// A child's birth (出生), as HR learns it from the dependant notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildBirth {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub staff_number: StaffNumber,
    pub born_on: NaiveDate,
}

/// A stretch of family leave for a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyLeave {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub staff_number: StaffNumber,
    /// A code of [`LEAVE_KINDS`].
    pub kind: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The birth the leave is for (a recorded [`ChildBirth`]).
    pub child_born_on: NaiveDate,
}

/// A person's pay in a fiscal year (給与総支給額: salary, allowances and
/// bonuses), with the months paid; and, when the attendance system gives
/// them, the year's overtime and annual leave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnualPay {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub staff_number: StaffNumber,
    pub fiscal_year: i32,
    /// Yen.
    pub amount: i64,
    /// 1 to 12.
    pub months: u8,
    /// 超過勤務時間: hours of overtime over the year.
    #[serde(default)]
    pub overtime_hours: Option<u32>,
    /// 年次休暇: days granted for the year (carried-over days included).
    #[serde(default)]
    pub leave_granted: Option<f64>,
    /// 年次休暇: days taken in the year (half days as 0.5).
    #[serde(default)]
    pub leave_taken: Option<f64>,
}

fn in_service(person: &Staff, from: NaiveDate, to: NaiveDate) -> bool {
    person.hire_date <= to && person.leaving_date.is_none_or(|l| l >= from)
}

impl ChildBirth {
    /// The problems with a birth of `person`, by field.
    pub fn check(&self, person: &Staff) -> Vec<(&'static str, Message)> {
        let mut out = Vec::new();
        if !in_service(person, self.born_on, self.born_on) {
            out.push((
                "born_on",
                Message::new("women_birth_out_of_service").arg("on", self.born_on),
            ));
        }
        out
    }
}

impl FamilyLeave {
    /// The problems with a leave of `person`, whose recorded births are
    /// `births`, by field.
    pub fn check(&self, person: &Staff, births: &[NaiveDate]) -> Vec<(&'static str, Message)> {
        let mut out = Vec::new();
        if !LEAVE_KINDS.has(&self.kind) {
            out.push((
                "kind",
                Message::new("women_leave_kind_unknown")
                    .arg("kind", &self.kind)
                    .arg("known", LEAVE_KINDS.choices()),
            ));
        }
        if self.to < self.from {
            out.push((
                "to",
                Message::new("women_leave_ends_before").arg("from", self.from),
            ));
        }
        if !in_service(person, self.from, self.from) || !in_service(person, self.to, self.to) {
            out.push((
                "from",
                Message::new("women_leave_out_of_service")
                    .arg("hired", person.hire_date)
                    .arg(
                        "left",
                        person
                            .leaving_date
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                    ),
            ));
        }
        if !births.contains(&self.child_born_on) {
            out.push((
                "child_born_on",
                Message::new("women_leave_no_birth").arg("on", self.child_born_on),
            ));
        } else if self.kind == "childcare" && self.from < self.child_born_on {
            out.push((
                "from",
                Message::new("women_childcare_before_birth").arg("on", self.child_born_on),
            ));
        }
        out
    }
}

impl AnnualPay {
    /// The problems with a year's pay of `person`, by field.
    pub fn check(&self, person: &Staff) -> Vec<(&'static str, Message)> {
        let mut out = Vec::new();
        let year = FiscalYear(self.fiscal_year);
        if !(1900..=2200).contains(&self.fiscal_year) {
            out.push((
                "fiscal_year",
                Message::new("women_pay_year_bad").arg("year", self.fiscal_year),
            ));
        } else if let (Some(from), Some(to)) = (year.start(), year.end())
            && !in_service(person, from, to)
        {
            out.push((
                "fiscal_year",
                Message::new("women_pay_out_of_service").arg("year", year.label_ja()),
            ));
        }
        if !(0..=PAY_LIMIT).contains(&self.amount) {
            out.push((
                "amount",
                Message::new("women_pay_amount_bad").arg("limit", PAY_LIMIT),
            ));
        }
        if !(1..=12).contains(&self.months) {
            out.push(("months", Message::new("women_pay_months_bad")));
        }
        if self.overtime_hours.is_some_and(|h| h > OVERTIME_LIMIT) {
            out.push((
                "overtime_hours",
                Message::new("women_overtime_bad").arg("limit", OVERTIME_LIMIT),
            ));
        }
        let days = |d: f64| d.is_finite() && (0.0..=LEAVE_LIMIT).contains(&d);
        if self.leave_granted.is_some_and(|d| !days(d)) {
            out.push((
                "leave_granted",
                Message::new("women_leave_days_bad").arg("limit", LEAVE_LIMIT),
            ));
        }
        match (self.leave_granted, self.leave_taken) {
            (_, Some(t)) if !days(t) => out.push((
                "leave_taken",
                Message::new("women_leave_days_bad").arg("limit", LEAVE_LIMIT),
            )),
            (None, Some(_)) => {
                out.push(("leave_granted", Message::new("women_leave_granted_missing")))
            }
            (Some(g), Some(t)) if t > g => out.push((
                "leave_taken",
                Message::new("women_leave_taken_over").arg("granted", g),
            )),
            _ => {}
        }
        out
    }
}

/// A city's target for one line of the table (行動計画の数値目標).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WomenTarget))]
pub struct Target {
    /// An item code of [`ITEMS`].
    pub item: String,
    /// A group of the item (e.g. `managers`, `male`).
    pub group: String,
    /// In the item's unit (% or years).
    pub value: f64,
    /// The fiscal year by which it is to be reached.
    pub year: i32,
    /// The fiscal year whose figure was the latest when the target was set.
    pub baseline_year: Option<i32>,
    /// 取組内容.
    pub actions: Option<String>,
}

impl Target {
    /// The problems with a target, by form field.
    pub fn check(&self) -> Vec<(&'static str, Message)> {
        let mut out = Vec::new();
        match item(&self.item) {
            None => out.push((
                "item",
                Message::new("women_item_unknown").arg("item", &self.item),
            )),
            Some(i) if !i.groups().iter().any(|(g, _, _)| *g == self.group) => out.push((
                "group",
                Message::new("women_group_unknown")
                    .arg("group", &self.group)
                    .arg("item", i.label_ja),
            )),
            Some(i) => {
                let max = if i.unit == Unit::Percent {
                    1000.0
                } else {
                    100.0
                };
                if !self.value.is_finite() || self.value < 0.0 || self.value > max {
                    out.push(("value", Message::new("women_target_value_bad")));
                }
            }
        }
        if !(1900..=2200).contains(&self.year) {
            out.push(("year", Message::new("women_target_year_bad")));
        }
        if let Some(b) = self.baseline_year
            && !(1900..=self.year).contains(&b)
        {
            out.push(("baseline_year", Message::new("women_baseline_year_bad")));
        }
        if self
            .actions
            .as_ref()
            .is_some_and(|a| a.chars().count() > ACTIONS_LIMIT)
        {
            out.push((
                "actions",
                Message::new("women_actions_too_long").arg("limit", ACTIONS_LIMIT),
            ));
        }
        out
    }
}

/// What an item's figures are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Years,
    People,
    Hours,
}

impl Unit {
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Years => "年",
            Unit::People => "人",
            Unit::Hours => "時間",
        }
    }
}

/// One item of the publication table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Item {
    pub code: &'static str,
    pub label_ja: &'static str,
    pub label_en: &'static str,
    pub unit: Unit,
    pub definition_ja: &'static str,
}

const GENDER_GROUPS: &[(&str, &str, &str)] =
    &[("female", "女性", "Women"), ("male", "男性", "Men")];

const TIER_GROUPS: &[(&str, &str, &str)] = &[
    ("kakaricho", "係長相当職", "Subsection chief level"),
    ("kacho_hosa", "課長補佐相当職", "Deputy section chief level"),
    ("kacho", "課長相当職", "Section chief level"),
    ("bucho", "部長相当職", "Director level"),
    (
        "managers",
        "管理職（課長相当職以上）",
        "Managers (section chief and above)",
    ),
];

const PAY_GROUPS: &[(&str, &str, &str)] = &[
    ("all", "全職員", "All staff"),
    (
        "permanent",
        "任期の定めのない常勤職員",
        "Permanent full-time staff",
    ),
    ("other", "その他の職員", "Other staff"),
];

const TOTAL: (&str, &str, &str) = ("total", "全体", "All");

impl Item {
    /// The item's groups (lines): code, Japanese and English label. Hires
    /// and exam applicants are split by route and level at run time too;
    /// these are the groups a target may name.
    pub fn groups(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        match self.code {
            "hires_women" => std::iter::once(TOTAL)
                .chain(
                    HIRING_ROUTES
                        .items
                        .iter()
                        .filter(|(c, _, _)| *c != "reemployment")
                        .copied(),
                )
                .collect(),
            "staff_women" => vec![TOTAL],
            "tier_women" => TIER_GROUPS.to_vec(),
            "applicants_women" => std::iter::once(TOTAL)
                .chain(JOB_GRADES.items.iter().copied())
                .collect(),
            "service_years" | "retention" | "childcare_leave" | "mid_career_hires" => {
                GENDER_GROUPS.to_vec()
            }
            "spouse_birth_leave" => vec![
                ("either", "いずれかを取得", "Either leave"),
                ("spouse_birth", "配偶者出産休暇", "Spouse's childbirth"),
                (
                    "participation",
                    "育児参加のための休暇",
                    "Childcare participation",
                ),
            ],
            "pay_gap" => PAY_GROUPS.to_vec(),
            "overtime" | "annual_leave" => std::iter::once(TOTAL)
                .chain(GENDER_GROUPS.iter().copied())
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn label(&self, english: bool) -> &'static str {
        if english {
            self.label_en
        } else {
            self.label_ja
        }
    }
}

/// The publication items, in the national order.
pub const ITEMS: &[Item] = &[
    Item {
        code: "hires_women",
        label_ja: "採用した職員に占める女性職員の割合",
        label_en: "Women's share of hires",
        unit: Unit::Percent,
        definition_ja: "年度内に採用された職員（再任用を除く）のうち女性の割合。採用区分別にも示す。",
    },
    Item {
        code: "staff_women",
        label_ja: "職員に占める女性職員の割合",
        label_en: "Women's share of staff",
        unit: Unit::Percent,
        definition_ja: "年度末日に在職する職員のうち女性の割合。",
    },
    Item {
        code: "tier_women",
        label_ja: "各役職段階にある職員に占める女性職員の割合",
        label_en: "Women's share of each grade tier",
        unit: Unit::Percent,
        definition_ja: "年度末日に在職し、その日の職層が各役職段階にある職員のうち女性の割合（係長＝係長相当職、課長補佐、課長、部長。管理職は課長相当職以上）。",
    },
    Item {
        code: "applicants_women",
        label_ja: "昇任試験受験者に占める女性職員の割合",
        label_en: "Women's share of promotion-exam applicants",
        unit: Unit::Percent,
        definition_ja: "年度の昇任試験・選考に申し込んだ職員（取下げを除く）のうち女性の割合。試験区分別にも示す。",
    },
    Item {
        code: "service_years",
        label_ja: "男女別の平均勤続年数",
        label_en: "Average years of service by gender",
        unit: Unit::Years,
        definition_ja: "年度末日に在職する任期の定めのない常勤職員（一般職・技能労務職）の、採用日から年度末日までの平均年数（365.25日を1年とする）。",
    },
    Item {
        code: "retention",
        label_ja: "採用後10年前後の継続任用割合（男女別）",
        label_en: "Still employed about 10 years after hire, by gender",
        unit: Unit::Percent,
        definition_ja: "11年度前・10年度前・9年度前に任期の定めのない常勤職員として採用された職員（再任用を除く）のうち、年度末日に在職する者の割合。",
    },
    Item {
        code: "childcare_leave",
        label_ja: "男女別の育児休業取得率",
        label_en: "Childcare leave take-up by gender",
        unit: Unit::Percent,
        definition_ja: "年度内に新たに育児休業を始めた職員（その子について最初の育児休業）の数を、年度内に子が生まれた職員の数で割ったもの（国の調査と同じ定義のため100％を超えることがある）。",
    },
    Item {
        code: "spouse_birth_leave",
        label_ja: "男性職員の配偶者出産休暇及び育児参加のための休暇の取得率",
        label_en: "Men's leave for a spouse's childbirth and for childcare",
        unit: Unit::Percent,
        definition_ja: "年度内にその休暇を取り始めた男性職員の数を、年度内に子が生まれた男性職員の数で割ったもの。",
    },
    Item {
        code: "pay_gap",
        label_ja: "職員の給与の男女の差異",
        label_en: "Pay gap between women and men",
        unit: Unit::Percent,
        definition_ja: "女性の平均給与額を男性の平均給与額で割ったもの。平均給与額は年度の給与総支給額を支給月数の計÷12（人員数）で割ったもの。職員区分は年度内の最後の在職日の任用形態による。",
    },
    Item {
        code: "mid_career_hires",
        label_ja: "中途採用の男女別の実績",
        label_en: "Mid-career hires by gender",
        unit: Unit::People,
        definition_ja: "年度内に採用区分「民間等経験者」で採用された職員の数。",
    },
    Item {
        code: "overtime",
        label_ja: "職員一人当たりの各月ごとの超過勤務時間",
        label_en: "Overtime per person per month",
        unit: Unit::Hours,
        definition_ja: "年度の超過勤務時間の計を、超過勤務時間の記録がある職員の支給月数の計で割ったもの（一人一月当たり）。",
    },
    Item {
        code: "annual_leave",
        label_ja: "年次休暇の取得率",
        label_en: "Annual leave taken",
        unit: Unit::Percent,
        definition_ja: "年度の年次休暇の取得日数の計を付与日数の計で割ったもの（記録がある職員について）。",
    },
];

/// The item of `code`.
pub fn item(code: &str) -> Option<&'static Item> {
    ITEMS.iter().find(|i| i.code == code)
}

/// A count of women (and men) among a group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Share {
    pub women: u64,
    pub men: u64,
    /// Everyone, whatever their recorded gender.
    pub all: u64,
}

impl Share {
    /// Counts one person of `gender`.
    pub fn add(&mut self, gender: Option<&str>, n: u64) {
        match gender {
            Some("female") => self.women += n,
            Some("male") => self.men += n,
            _ => {}
        }
        self.all += n;
    }

    fn plus(self, o: Share) -> Share {
        Share {
            women: self.women + o.women,
            men: self.men + o.men,
            all: self.all + o.all,
        }
    }
}

/// Per gender: female, male (other genders are in shares' totals only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ByGender<T> {
    pub female: T,
    pub male: T,
}

impl<T> ByGender<T> {
    pub fn get_mut(&mut self, gender: Option<&str>) -> Option<&mut T> {
        match gender {
            Some("female") => Some(&mut self.female),
            Some("male") => Some(&mut self.male),
            _ => None,
        }
    }
}

/// A rate: people who did over people who could.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Rate {
    pub did: u64,
    pub of: u64,
}

/// Pay of one gender in one category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PaySum {
    /// Yen.
    pub amount: i64,
    pub months: i64,
    pub people: u64,
}

/// The counts one fiscal year's figures are made from, as the store
/// counts them (and the tests count them again from the records).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub year: i32,
    /// Hires by 採用区分 (without re-employment).
    pub hires: BTreeMap<String, Share>,
    pub staff: Share,
    /// Staff at the year's end by job grade.
    pub grades: BTreeMap<String, Share>,
    /// Exam applicants by level.
    pub applicants: BTreeMap<String, Share>,
    /// Permanent staff at the year's end: days of service summed, people.
    pub service: ByGender<(i64, u64)>,
    pub retention: ByGender<Rate>,
    pub childcare: ByGender<Rate>,
    /// Men: spouse-birth leave, participation leave, either.
    pub spouse_birth: Rate,
    pub participation: Rate,
    pub either: Rate,
    /// By category: `permanent`, `other`.
    pub pay: BTreeMap<String, ByGender<PaySum>>,
    /// Overtime and annual leave by gender (`female`, `male`, `` for
    /// unrecorded).
    pub attendance: BTreeMap<String, Attendance>,
}

/// The year's overtime and annual leave of a group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Attendance {
    /// Overtime hours, the months paid of those with overtime recorded,
    /// and those people.
    pub overtime_hours: i64,
    pub overtime_months: i64,
    pub overtime_people: u64,
    /// Annual leave days granted and taken, and the people recorded.
    pub leave_granted: f64,
    pub leave_taken: f64,
    pub leave_people: u64,
}

impl Attendance {
    /// Adds one person's year.
    pub fn add(&mut self, p: &AnnualPay) {
        if let Some(h) = p.overtime_hours {
            self.overtime_hours += i64::from(h);
            self.overtime_months += i64::from(p.months);
            self.overtime_people += 1;
        }
        if let (Some(g), Some(t)) = (p.leave_granted, p.leave_taken) {
            self.leave_granted += g;
            self.leave_taken += t;
            self.leave_people += 1;
        }
    }

    fn plus(self, o: Attendance) -> Attendance {
        Attendance {
            overtime_hours: self.overtime_hours + o.overtime_hours,
            overtime_months: self.overtime_months + o.overtime_months,
            overtime_people: self.overtime_people + o.overtime_people,
            leave_granted: self.leave_granted + o.leave_granted,
            leave_taken: self.leave_taken + o.leave_taken,
            leave_people: self.leave_people + o.leave_people,
        }
    }
}

/// A figure as published.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WomenFigure))]
#[serde(tag = "state", content = "value", rename_all = "snake_case")]
pub enum Figure {
    Shown(#[serde(serialize_with = "crate::json::whole")] f64),
    /// About fewer people than the minimum group.
    Withheld,
    /// Nobody to count.
    None,
}

impl Figure {
    pub fn value(self) -> Option<f64> {
        match self {
            Figure::Shown(v) => Some(v),
            _ => None,
        }
    }

    /// As printed: `12.5%`, `秘匿`, `―`.
    pub fn display(self, unit: Unit) -> String {
        match self {
            Figure::Shown(v) => format!("{}{}", fmt_num(v), unit.suffix()),
            Figure::Withheld => "秘匿".to_owned(),
            Figure::None => "―".to_owned(),
        }
    }
}

/// One line of the table: an item's group in a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WomenLine))]
pub struct Line {
    pub item: String,
    pub group: String,
    pub group_ja: String,
    pub group_en: String,
    pub figure: Figure,
    /// What it is made of, as printed (`女性 3 / 12人`); empty when
    /// withheld.
    pub basis: String,
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A percentage of `n` over `d`, withheld when `d` is under `min`.
fn percent(n: u64, d: u64, min: u64) -> Figure {
    if d == 0 {
        Figure::None
    } else if d < min {
        Figure::Withheld
    } else {
        Figure::Shown(round1(n as f64 * 100.0 / d as f64))
    }
}

/// The lines of year `c`, each figure withheld when made from fewer than
/// `min_group` people.
pub fn lines(c: &Counts, min_group: u32) -> Vec<Line> {
    let min = u64::from(min_group.max(1));
    let mut out = Vec::new();
    let mut push = |item: &str, (g, ja, en): (&str, &str, &str), figure: Figure, basis: String| {
        let basis = if matches!(figure, Figure::Shown(_)) {
            basis
        } else {
            String::new()
        };
        out.push(Line {
            item: item.to_owned(),
            group: g.to_owned(),
            group_ja: ja.to_owned(),
            group_en: en.to_owned(),
            figure,
            basis,
        });
    };
    let share = |s: Share| {
        (
            percent(s.women, s.all, min),
            format!("女性 {} / {}人", s.women, s.all),
        )
    };
    let total = |m: &BTreeMap<String, Share>| m.values().fold(Share::default(), |a, s| a.plus(*s));
    // Hires: the total, then each route with hires.
    let (f, b) = share(total(&c.hires));
    push("hires_women", TOTAL, f, b);
    for g in item("hires_women").map(Item::groups).unwrap_or_default() {
        if let Some(s) = c.hires.get(g.0) {
            let (f, b) = share(*s);
            push("hires_women", g, f, b);
        }
    }
    let (f, b) = share(c.staff);
    push("staff_women", TOTAL, f, b);
    for g in TIER_GROUPS {
        let s = if g.0 == "managers" {
            c.grades
                .iter()
                .filter(|(k, _)| matches!(k.as_str(), "kacho" | "bucho"))
                .fold(Share::default(), |a, (_, s)| a.plus(*s))
        } else {
            c.grades.get(g.0).copied().unwrap_or_default()
        };
        let (f, b) = share(s);
        push("tier_women", *g, f, b);
    }
    let (f, b) = share(total(&c.applicants));
    push("applicants_women", TOTAL, f, b);
    for g in JOB_GRADES.items {
        if let Some(s) = c.applicants.get(g.0) {
            let (f, b) = share(*s);
            push("applicants_women", *g, f, b);
        }
    }
    for (g, (days, n)) in [
        (GENDER_GROUPS[0], c.service.female),
        (GENDER_GROUPS[1], c.service.male),
    ] {
        let f = if n == 0 {
            Figure::None
        } else if n < min {
            Figure::Withheld
        } else {
            Figure::Shown(round1(days as f64 / 365.25 / n as f64))
        };
        push("service_years", g, f, format!("{n}人"));
    }
    for (item, rates) in [("retention", c.retention), ("childcare_leave", c.childcare)] {
        for (g, r) in [
            (GENDER_GROUPS[0], rates.female),
            (GENDER_GROUPS[1], rates.male),
        ] {
            push(
                item,
                g,
                percent(r.did, r.of, min),
                format!("{} / {}人", r.did, r.of),
            );
        }
    }
    let men = item("spouse_birth_leave")
        .map(Item::groups)
        .unwrap_or_default();
    for (g, r) in men
        .into_iter()
        .zip([c.either, c.spouse_birth, c.participation])
    {
        push(
            "spouse_birth_leave",
            g,
            percent(r.did, r.of, min),
            format!("{} / {}人", r.did, r.of),
        );
    }
    for g in PAY_GROUPS {
        let sum = |pick: fn(&ByGender<PaySum>) -> PaySum| {
            c.pay
                .iter()
                .filter(|(k, _)| g.0 == "all" || k.as_str() == g.0)
                .map(|(_, v)| pick(v))
                .fold(PaySum::default(), |a, p| PaySum {
                    amount: a.amount + p.amount,
                    months: a.months + p.months,
                    people: a.people + p.people,
                })
        };
        let (w, m) = (sum(|b| b.female), sum(|b| b.male));
        let f = if w.people == 0 || m.people == 0 || w.months == 0 || m.months == 0 {
            Figure::None
        } else if w.people < min || m.people < min {
            Figure::Withheld
        } else {
            let avg = |p: PaySum| p.amount as f64 * 12.0 / p.months as f64;
            Figure::Shown(round1(avg(w) * 100.0 / avg(m)))
        };
        push(
            "pay_gap",
            *g,
            f,
            format!("女性 {}人・男性 {}人", w.people, m.people),
        );
    }
    let mid = c.hires.get("mid_career").copied().unwrap_or_default();
    for (g, n) in [(GENDER_GROUPS[0], mid.women), (GENDER_GROUPS[1], mid.men)] {
        // Hires are public appointments: their numbers are not withheld.
        push(
            "mid_career_hires",
            g,
            Figure::Shown(n as f64),
            format!("{n}人"),
        );
    }
    let groups: Vec<_> = item("overtime")
        .map(Item::groups)
        .unwrap_or_default()
        .into_iter()
        .map(|g| {
            let a = if g.0 == "total" {
                c.attendance
                    .values()
                    .fold(Attendance::default(), |a, b| a.plus(*b))
            } else {
                c.attendance.get(g.0).copied().unwrap_or_default()
            };
            (g, a)
        })
        .collect();
    for &(g, a) in &groups {
        let f = if a.overtime_people == 0 || a.overtime_months == 0 {
            Figure::None
        } else if a.overtime_people < min {
            Figure::Withheld
        } else {
            Figure::Shown(round1(a.overtime_hours as f64 / a.overtime_months as f64))
        };
        push("overtime", g, f, format!("{}人", a.overtime_people));
    }
    for &(g, a) in &groups {
        let f = if a.leave_people == 0 || a.leave_granted <= 0.0 {
            Figure::None
        } else if a.leave_people < min {
            Figure::Withheld
        } else {
            Figure::Shown(round1(a.leave_taken * 100.0 / a.leave_granted))
        };
        let avg = if a.leave_people == 0 {
            0.0
        } else {
            round1(a.leave_taken / a.leave_people as f64)
        };
        push(
            "annual_leave",
            g,
            f,
            format!("平均 {}日・{}人", fmt_num(avg), a.leave_people),
        );
    }
    out
}

/// A line's figure as printed with its year: `12.5%（令和6年度）`.
fn dated(line: Option<&Line>, unit: Unit, year: i32) -> String {
    match line {
        Some(l) => format!(
            "{}（{}）",
            l.figure.display(unit),
            FiscalYear(year).label_ja()
        ),
        None => String::new(),
    }
}

fn find<'a>(lines: &'a [Line], item: &str, group: &str) -> Option<&'a Line> {
    lines.iter().find(|l| l.item == item && l.group == group)
}

/// The table of one year's figures: item, group, figure, basis and the
/// item's definition.
pub fn lines_table(year: i32, lines: &[Line]) -> Table {
    let rows = lines
        .iter()
        .map(|l| {
            let it = item(&l.item);
            let unit = it.map_or(Unit::Percent, |i| i.unit);
            vec![
                Value::Text(it.map_or(&l.item[..], |i| i.label_ja).to_owned()),
                Value::Text(l.group_ja.clone()),
                match l.figure {
                    Figure::Shown(v) => Value::Number(v),
                    other => Value::Text(other.display(unit)),
                },
                Value::Text(unit.suffix().to_owned()),
                if l.basis.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(l.basis.clone())
                },
                Value::Text(it.map_or("", |i| i.definition_ja).to_owned()),
            ]
        })
        .collect();
    Table {
        title: format!("女性の活躍に関する情報（{}）", FiscalYear(year).label_ja()),
        columns: [
            ("item", "項目"),
            ("group", "区分"),
            ("value", "値"),
            ("unit", "単位"),
            ("basis", "内訳"),
            ("definition", "定義"),
        ]
        .into_iter()
        .map(|(k, l)| Column::new(k, l))
        .collect(),
        rows,
        row_codes: lines
            .iter()
            .map(|l| format!("{}:{}", l.item, l.group))
            .collect(),
    }
}

/// The targets in the national format: 目標項目 / 数値目標(時期) /
/// 最新値(時期) / 目標設定時最新値(時期) / 取組内容. `latest` is the year
/// of the latest figures and `by_year` holds each year's lines (the
/// latest and each target's baseline year).
pub fn targets_table(targets: &[Target], latest: i32, by_year: &BTreeMap<i32, Vec<Line>>) -> Table {
    let rows = targets
        .iter()
        .map(|t| {
            let it = item(&t.item);
            let unit = it.map_or(Unit::Percent, |i| i.unit);
            let group = it
                .and_then(|i| i.groups().into_iter().find(|g| g.0 == t.group))
                .map_or(t.group.clone(), |g| g.1.to_owned());
            let now = by_year
                .get(&latest)
                .and_then(|l| find(l, &t.item, &t.group));
            let base = t.baseline_year.map(|y| {
                dated(
                    by_year.get(&y).and_then(|l| find(l, &t.item, &t.group)),
                    unit,
                    y,
                )
            });
            vec![
                Value::Text(format!(
                    "{}（{group}）",
                    it.map_or(&t.item[..], |i| i.label_ja)
                )),
                Value::Text(format!(
                    "{}{}（{}）",
                    fmt_num(t.value),
                    unit.suffix(),
                    FiscalYear(t.year).label_ja()
                )),
                Value::Text(dated(now, unit, latest)),
                base.map_or(Value::Empty, Value::Text),
                t.actions
                    .as_ref()
                    .map_or(Value::Empty, |a| Value::Text(a.clone())),
            ]
        })
        .collect();
    Table {
        title: "女性の職業生活における活躍の推進に関する数値目標".to_owned(),
        columns: [
            ("item", "目標項目"),
            ("target", "数値目標（時期）"),
            ("latest", "最新値（時期）"),
            ("baseline", "目標設定時最新値（時期）"),
            ("actions", "取組内容"),
        ]
        .into_iter()
        .map(|(k, l)| Column::new(k, l))
        .collect(),
        rows,
        row_codes: targets
            .iter()
            .map(|t| format!("{}:{}", t.item, t.group))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(women: u64, men: u64) -> Share {
        Share {
            women,
            men,
            all: women + men,
        }
    }

    fn figure(lines: &[Line], item: &str, group: &str) -> Figure {
        find(lines, item, group).map(|l| l.figure).unwrap()
    }

    #[test]
    fn shares_are_withheld_under_the_minimum_group() {
        let mut c = Counts {
            year: 2024,
            staff: share(30, 70),
            ..Counts::default()
        };
        c.grades.insert("kacho".into(), share(1, 6));
        c.grades.insert("bucho".into(), share(0, 4));
        c.grades.insert("kakaricho".into(), share(3, 9));
        let l = lines(&c, 10);
        assert_eq!(figure(&l, "staff_women", "total"), Figure::Shown(30.0));
        assert_eq!(figure(&l, "tier_women", "kacho"), Figure::Withheld);
        assert_eq!(figure(&l, "tier_women", "bucho"), Figure::Withheld);
        // 管理職 is 課長 and 部長 together: 1 of 11.
        assert_eq!(figure(&l, "tier_women", "managers"), Figure::Shown(9.1));
        assert_eq!(figure(&l, "tier_women", "kakaricho"), Figure::Shown(25.0));
        assert_eq!(figure(&l, "tier_women", "kacho_hosa"), Figure::None);
        let withheld = find(&l, "tier_women", "kacho").unwrap();
        assert!(withheld.basis.is_empty(), "a withheld line shows no basis");
        // With a minimum of 1 nothing is withheld.
        assert_eq!(
            figure(&lines(&c, 1), "tier_women", "kacho"),
            Figure::Shown(14.3)
        );
    }

    #[test]
    fn take_up_years_and_pay_gap() {
        let mut c = Counts::default();
        c.childcare.female = Rate { did: 12, of: 11 };
        c.childcare.male = Rate { did: 3, of: 20 };
        c.either = Rate { did: 14, of: 20 };
        c.service.female = (365 * 10 * 10 + 3, 10);
        c.service.male = (365 * 20 * 5, 5);
        let pay = ByGender {
            female: PaySum {
                amount: 4_000_000 * 10 + 2_000_000,
                months: 12 * 10 + 6,
                people: 11,
            },
            male: PaySum {
                amount: 5_000_000 * 12,
                months: 12 * 12,
                people: 12,
            },
        };
        c.pay.insert("permanent".into(), pay);
        let l = lines(&c, 10);
        // The national definition lets a rate pass 100 %.
        assert_eq!(
            figure(&l, "childcare_leave", "female"),
            Figure::Shown(109.1)
        );
        assert_eq!(figure(&l, "childcare_leave", "male"), Figure::Shown(15.0));
        assert_eq!(
            figure(&l, "spouse_birth_leave", "either"),
            Figure::Shown(70.0)
        );
        assert_eq!(figure(&l, "service_years", "female"), Figure::Shown(10.0));
        assert_eq!(figure(&l, "service_years", "male"), Figure::Withheld);
        // Women: 42,000,000 over 126 months = 4,000,000 a year; men 5,000,000.
        assert_eq!(figure(&l, "pay_gap", "permanent"), Figure::Shown(80.0));
        assert_eq!(figure(&l, "pay_gap", "all"), Figure::Shown(80.0));
        assert_eq!(figure(&l, "pay_gap", "other"), Figure::None);
    }

    #[test]
    fn the_national_format_reads_the_latest_and_the_baseline() {
        let mut c = Counts {
            staff: share(40, 60),
            ..Counts::default()
        };
        let mut by_year = BTreeMap::new();
        by_year.insert(2024, lines(&c, 10));
        c.staff = share(30, 70);
        by_year.insert(2020, lines(&c, 10));
        let t = Target {
            item: "staff_women".into(),
            group: "total".into(),
            value: 45.0,
            year: 2027,
            baseline_year: Some(2020),
            actions: Some("採用説明会で女性職員が説明する".into()),
        };
        assert!(t.check().is_empty());
        let table = targets_table(&[t], 2024, &by_year);
        let row: Vec<String> = table.rows[0].iter().map(Value::display).collect();
        assert_eq!(row[0], "職員に占める女性職員の割合（全体）");
        assert_eq!(row[1], "45%（令和9年度）");
        assert_eq!(row[2], "40%（令和6年度）");
        assert_eq!(row[3], "30%（令和2年度）");
    }

    #[test]
    fn targets_and_records_are_checked() {
        let t = Target {
            item: "tier_women".into(),
            group: "nobody".into(),
            value: -1.0,
            year: 2027,
            baseline_year: Some(2030),
            actions: None,
        };
        let fields = |t: &Target| t.check().into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(&t), ["group", "baseline_year"]);
        let t = Target {
            group: "managers".into(),
            baseline_year: None,
            actions: Some("あ".repeat(ACTIONS_LIMIT + 1)),
            ..t
        };
        assert_eq!(fields(&t), ["value", "actions"]);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn person() -> Staff {
        Staff {
            number: "00100".into(),
            name: "清瀬 花子".into(),
            kana: "キヨセ ハナコ".into(),
            gender: Some("female".into()),
            birth_date: None,
            hire_date: d(2010, 4, 1),
            hiring_route: "new_graduate".into(),
            employment_type: "regular".into(),
            job_family: None,
            job_grade: Some("shunin".into()),
            qualifications: vec![],
            status: "left".into(),
            leaving_date: Some(d(2024, 3, 31)),
            leaving_reason: None,
        }
    }

    #[test]
    fn leave_birth_and_pay_records_are_checked() {
        let p = person();
        let fields =
            |v: Vec<(&'static str, Message)>| v.into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        let born = d(2020, 6, 1);
        assert!(
            ChildBirth {
                staff_number: "00100".into(),
                born_on: born
            }
            .check(&p)
            .is_empty()
        );
        assert_eq!(
            fields(
                ChildBirth {
                    staff_number: "00100".into(),
                    born_on: d(2009, 6, 1)
                }
                .check(&p)
            ),
            ["born_on"]
        );
        let leave = FamilyLeave {
            staff_number: "00100".into(),
            kind: "childcare".into(),
            from: d(2020, 7, 27),
            to: d(2021, 5, 31),
            child_born_on: born,
        };
        assert!(leave.check(&p, &[born]).is_empty());
        assert_eq!(fields(leave.check(&p, &[])), ["child_born_on"]);
        let early = FamilyLeave {
            from: d(2020, 5, 1),
            ..leave.clone()
        };
        assert_eq!(fields(early.check(&p, &[born])), ["from"]);
        // A spouse-birth leave may begin before the birth.
        let spouse = FamilyLeave {
            kind: "spouse_birth".into(),
            ..early
        };
        assert!(spouse.check(&p, &[born]).is_empty());
        let bad = FamilyLeave {
            kind: "holiday".into(),
            to: d(2020, 7, 1),
            ..leave.clone()
        };
        assert_eq!(fields(bad.check(&p, &[born])), ["kind", "to"]);
        let after = FamilyLeave {
            to: d(2024, 5, 31),
            ..leave
        };
        assert_eq!(fields(after.check(&p, &[born])), ["from"]);
        let pay = AnnualPay {
            staff_number: "00100".into(),
            fiscal_year: 2023,
            amount: 5_000_000,
            months: 12,
            overtime_hours: Some(120),
            leave_granted: Some(20.0),
            leave_taken: Some(12.5),
        };
        assert!(pay.check(&p).is_empty());
        let bad = AnnualPay {
            fiscal_year: 2024,
            amount: -1,
            months: 13,
            ..pay.clone()
        };
        assert_eq!(fields(bad.check(&p)), ["fiscal_year", "amount", "months"]);
        // Overtime past the guard, more leave taken than granted; leave
        // taken with nothing granted.
        let bad = AnnualPay {
            overtime_hours: Some(5000),
            leave_taken: Some(21.0),
            ..pay.clone()
        };
        assert_eq!(fields(bad.check(&p)), ["overtime_hours", "leave_taken"]);
        let bad = AnnualPay {
            leave_granted: None,
            ..pay
        };
        assert_eq!(fields(bad.check(&p)), ["leave_granted"]);
    }

    #[test]
    fn overtime_and_annual_leave_are_averaged_and_withheld() {
        let mut c = Counts::default();
        let year = |n: u8, h: u32, g: f64, t: f64| AnnualPay {
            staff_number: "1".into(),
            fiscal_year: 2024,
            amount: 1,
            months: n,
            overtime_hours: Some(h),
            leave_granted: Some(g),
            leave_taken: Some(t),
        };
        let women = c.attendance.entry("female".into()).or_default();
        for _ in 0..10 {
            women.add(&year(12, 120, 20.0, 15.0));
        }
        // Half a year, and one without any attendance recorded.
        women.add(&year(6, 93, 10.0, 2.5));
        women.add(&AnnualPay {
            overtime_hours: None,
            leave_granted: None,
            leave_taken: None,
            ..year(12, 0, 0.0, 0.0)
        });
        c.attendance
            .entry("male".into())
            .or_default()
            .add(&year(12, 240, 20.0, 5.0));
        let l = lines(&c, 10);
        // (1200 + 93) / 126 months; (150 + 2.5) / 210 days.
        assert_eq!(figure(&l, "overtime", "female"), Figure::Shown(10.3));
        assert_eq!(figure(&l, "annual_leave", "female"), Figure::Shown(72.6));
        assert_eq!(figure(&l, "overtime", "male"), Figure::Withheld);
        assert_eq!(figure(&l, "annual_leave", "male"), Figure::Withheld);
        // The total: 1533 / 138; 157.5 / 230.
        assert_eq!(figure(&l, "overtime", "total"), Figure::Shown(11.1));
        assert_eq!(figure(&l, "annual_leave", "total"), Figure::Shown(68.5));
        let basis = &l
            .iter()
            .find(|x| x.item == "annual_leave" && x.group == "female")
            .unwrap()
            .basis;
        assert_eq!(basis, "平均 13.9日・11人");
    }
}
