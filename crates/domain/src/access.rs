//! Who may do what: the roles, the permissions routes require, and the
//! scopes that queries apply. One policy, asked by every page, API route,
//! export and CLI command; nothing else decides access.

use crate::people::{StaffNumber, UnitCode};
use serde::{Deserialize, Serialize};

/// A role an account holds. A person may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::VariantArray, strum::IntoStaticStr, strum::EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    /// システム管理者: accounts, tokens, the audit log. No personal records
    /// by this role alone.
    Admin,
    /// 人事担当: every personnel record, imports, progress, year locks.
    Hr,
    /// 健康管理担当: health records (check-ups, consultations) and the
    /// safety and health committee; staff identities.
    Health,
    /// 所属長: their units and the staff assigned to them, as of today.
    Manager,
    /// 職員: themselves.
    Staff,
    /// 閲覧者 (e.g. the reform HQ): plans and progress, no personal records.
    Viewer,
    /// 承認者 (行財政改革推進本部): approves the measures' entries of a
    /// round after HR has checked them. No personal records.
    Approver,
}

impl Role {
    /// Every role, in the order of the roles × resources table.
    pub const ALL: &'static [Role] = <Role as strum::VariantArray>::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The role a code (`hr`) or Japanese label (`人事担当`) names.
    pub fn from_code(code: &str) -> Option<Role> {
        code.parse()
            .ok()
            .or_else(|| Role::ALL.iter().copied().find(|r| r.label_ja() == code))
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Role::Admin => "システム管理者",
            Role::Hr => "人事担当",
            Role::Health => "健康管理担当",
            Role::Manager => "所属長",
            Role::Staff => "職員",
            Role::Viewer => "閲覧者",
            Role::Approver => "承認者",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Hr => "HR",
            Role::Health => "Health staff",
            Role::Manager => "Division head",
            Role::Staff => "Staff member",
            Role::Viewer => "Viewer",
            Role::Approver => "Approver",
        }
    }
}

/// A role held, with the unit a 所属長 heads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grant {
    pub role: Role,
    /// The headed unit (所属長 only; its sub-units are included).
    pub unit: Option<UnitCode>,
}

/// Who is asking: a signed-in person (or API token), or nobody.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Principal {
    pub user_id: Option<i64>,
    pub login: String,
    pub display_name: String,
    pub grants: Vec<Grant>,
    /// The staff record the account belongs to.
    pub staff_number: Option<StaffNumber>,
    /// Units a 所属長 may see as of today (headed units and their sub-units),
    /// resolved when the request starts.
    pub managed_units: Vec<UnitCode>,
}

impl Principal {
    pub fn anonymous() -> Principal {
        Principal::default()
    }

    pub fn is_signed_in(&self) -> bool {
        self.user_id.is_some()
    }

    pub fn has(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// The name written in the audit log and in 記入者.
    pub fn actor(&self) -> String {
        if self.is_signed_in() {
            self.login.clone()
        } else {
            "anonymous".to_owned()
        }
    }

    pub fn roles(&self) -> Vec<Role> {
        let mut r: Vec<Role> = self.grants.iter().map(|g| g.role).collect();
        r.sort();
        r.dedup();
        r
    }
}

/// What a route requires before its handler runs. Finer checks (which staff
/// member, which measure) happen in the handler through the scope functions
/// below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, strum::VariantArray)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Anyone, signed in or not: the login page, assets, the language switch.
    Public,
    /// Any signed-in person: their own account, sign-out.
    SignedIn,
    /// Plans, progress, reports and the dashboard.
    ReadPlans,
    /// Importing a plan version.
    ImportPlans,
    /// Recording progress (HR any measure; a 所属長 the measures their
    /// division owns, an account the measures it is named on — checked per
    /// measure).
    RecordProgress,
    /// Opening a progress round, its dates, and assigning measures' owners.
    ManageRounds,
    /// Taking a step on a round's cell (submit, return, confirm, approve):
    /// which steps, on which measures, is checked per cell by capacity.
    RoundSteps,
    /// Locking and unlocking a fiscal year.
    LockYears,
    /// Publishing a year's progress to the public page, and withdrawing it.
    PublishProgress,
    /// Staff lists and pages, scoped by [`staff_scope`].
    ReadPeople,
    /// The organisation chart (no personal data).
    ReadOrganisation,
    /// Analyses and lists over all staff: rotation, personnel events.
    AnalysePeople,
    /// The import page and route (データ取込): HR and the health role,
    /// each offered only the kinds of records its permission names.
    ImportFiles,
    /// Importing HR files (every kind but the health records').
    ImportPeople,
    /// The training catalogue, sessions and summaries (no names).
    ReadTraining,
    /// Rosters, attendance entry and training imports (names: HR).
    ManageTraining,
    /// Self-development support: one's own applications (HR: everyone's,
    /// and the decisions) — checked per application.
    ApplySelfDevelopment,
    /// A unit's OJT plan and the sessions held under it (HR any unit; a
    /// 所属長 their units — checked per unit).
    PlanOjt,
    /// Accounts, roles, tokens.
    ManageAccounts,
    /// The audit log.
    ReadAudit,
    /// The city's own closures (臨時閉庁日) in the working-day calendar.
    ManageCalendar,
    /// Personnel evaluation as a participant: one's own sheet, and the
    /// sheets one evaluates (checked per record by the chain). Never the
    /// health role, never another division's 所属長.
    ReadEvaluation,
    /// The evaluation scheme, a year's periods, the evaluators' chains and
    /// the training exceptions (HR).
    ManageEvaluation,
    /// 自己申告: one's own report; a 所属長 their members' status only; HR
    /// and the window's named readers every report (checked per record).
    SelfReport,
    /// Opening a year's self-report window and naming its readers (HR).
    ManageSelfReports,
    /// 昇任試験: the exams of a year, one's own eligibility, application
    /// and result (checked per record: HR everyone's).
    Exams,
    /// Setting exams, recording sittings and marks, the funnel (HR).
    ManageExams,
    /// 希望降任: one's own requests; HR and the window's named reviewers
    /// every request and the decisions (checked per record). Never the
    /// health role; a 所属長 only as a person asking for themselves.
    Demotion,
    /// Opening a year's demotion window, naming its reviewers, making due
    /// demotions take effect (HR).
    ManageDemotion,
    /// 職員公募: the year's postings, one's own applications; a 所属長 their
    /// members' applications when the posting allows (checked per record).
    Postings,
    /// Posting, reading every application, selecting (HR).
    ManagePostings,
    /// Naming specialists and ending their designations; the city's list
    /// of specialist fields (HR).
    ManageTalent,
    /// Women's advancement: births, family leave, targets, the minimum
    /// group size, publishing a year to citizens (HR).
    ManageWomen,
    /// Health records of individuals: check-ups, consultations (the health
    /// role alone; every read audited).
    HealthRecords,
    /// A year's health figures: counts per unit (HR sees units of at least
    /// ten people; the health role every unit).
    HealthFigures,
    /// The safety and health committee's meetings (HR and the health
    /// role: they keep the minutes).
    HealthCommittee,
    /// The records behind an indicator's number: HR, or the health role
    /// for health records (checked per metric).
    IndicatorRecords,
    /// A 所属長's view of their members' returns to work: days and the
    /// work limits the health staff chose to share.
    SharedReturns,
    /// 出前講座: the requests, their decisions and deliveries, the
    /// catalogue (HR every one; a 所属長 their departments' lectures —
    /// checked per record).
    Outreach,
    /// The catalogue of outreach lectures and the rules for requests (HR).
    ManageOutreach,
    /// Recording a suspected leak of health records and its two reports
    /// (速報, 確報): the administrator.
    LeakReports,
}

impl Permission {
    /// Every permission.
    pub const ALL: &'static [Permission] = <Permission as strum::VariantArray>::VARIANTS;

    /// The roles granted this permission (the roles × resources table).
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Permission::Public | Permission::SignedIn => {
                &[Admin, Hr, Health, Manager, Staff, Viewer, Approver]
            }
            Permission::ReadPlans | Permission::ReadOrganisation | Permission::ReadTraining => {
                &[Admin, Hr, Health, Manager, Staff, Viewer, Approver]
            }
            Permission::ImportPlans => &[Admin, Hr],
            Permission::RecordProgress
            | Permission::ReadEvaluation
            | Permission::SelfReport
            | Permission::Exams
            | Permission::Demotion
            | Permission::Postings => &[Hr, Manager, Staff],
            Permission::ManageRounds => &[Hr],
            Permission::RoundSteps => &[Hr, Manager, Staff, Approver],
            Permission::LockYears | Permission::PublishProgress => &[Hr],
            // The health staff read people's identity through the health
            // pages only (number and name), not the staff records.
            Permission::ReadPeople => &[Hr, Manager, Staff],
            Permission::ApplySelfDevelopment => &[Hr, Health, Manager, Staff],
            Permission::PlanOjt => &[Hr, Manager],
            Permission::AnalysePeople
            | Permission::ImportPeople
            | Permission::ManageTraining
            | Permission::ManageCalendar
            | Permission::ManageEvaluation
            | Permission::ManageSelfReports
            | Permission::ManageExams
            | Permission::ManageDemotion
            | Permission::ManagePostings
            | Permission::ManageTalent
            | Permission::ManageWomen => &[Hr],
            Permission::ManageAccounts | Permission::ReadAudit => &[Admin],
            Permission::HealthRecords => &[Health],
            Permission::ImportFiles => &[Hr, Health],
            Permission::HealthFigures
            | Permission::HealthCommittee
            | Permission::IndicatorRecords => &[Hr, Health],
            Permission::SharedReturns => &[Manager],
            Permission::LeakReports => &[Admin],
            Permission::Outreach => &[Hr, Manager],
            Permission::ManageOutreach => &[Hr],
        }
    }
}

/// The policy's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Nobody is signed in: sign in first.
    SignIn,
    /// Signed in, but no role of theirs allows it.
    Deny,
}

/// May `who` use a route that requires `permission`?
pub fn decide(who: &Principal, permission: Permission) -> Decision {
    if permission == Permission::Public {
        return Decision::Allow;
    }
    if !who.is_signed_in() {
        return Decision::SignIn;
    }
    if who
        .grants
        .iter()
        .any(|g| permission.roles().contains(&g.role))
    {
        Decision::Allow
    } else {
        Decision::Deny
    }
}

/// Which staff records a person may read. Queries apply it: a 所属長's list
/// never loads other units' rows. The default is nobody: a query that
/// forgets its scope finds nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum StaffScope {
    All,
    /// Staff whose assignment today (primary or concurrent) is in these
    /// units, and the person themselves.
    Units {
        units: Vec<UnitCode>,
        own: Option<StaffNumber>,
    },
    /// Only this staff member.
    Only(StaffNumber),
    #[default]
    Nobody,
}

impl StaffScope {
    /// Whether a staff member with `number`, assigned today to `units`, is
    /// inside the scope.
    pub fn covers(&self, number: &str, units_today: &[String]) -> bool {
        match self {
            StaffScope::All => true,
            StaffScope::Units { units, own } => {
                own.as_deref() == Some(number)
                    || units_today
                        .iter()
                        .any(|u| units.iter().any(|mine| mine == u.as_str()))
            }
            StaffScope::Only(n) => n == number,
            StaffScope::Nobody => false,
        }
    }
}

/// The widest staff scope among a person's roles.
pub fn staff_scope(who: &Principal) -> StaffScope {
    if who.has(Role::Hr) {
        return StaffScope::All;
    }
    if who.has(Role::Manager) {
        return StaffScope::Units {
            units: who.managed_units.clone(),
            own: who.staff_number.clone(),
        };
    }
    match (&who.staff_number, who.has(Role::Staff)) {
        (Some(n), true) => StaffScope::Only(n.clone()),
        _ => StaffScope::Nobody,
    }
}

/// May `who` keep `unit`'s records (its OJT plan and sessions)? HR any
/// unit; a 所属長 the units they head and their sub-units.
pub fn may_manage_unit(who: &Principal, unit: &str) -> bool {
    who.has(Role::Hr) || (who.has(Role::Manager) && who.managed_units.iter().any(|u| u == unit))
}

/// May `who` write a unit's OJT plan for fiscal year `year`? HR any year; a
/// 所属長 this year's and next year's, so a past year's plan (and whether
/// it was carried out) is not rewritten after the fact.
pub fn may_plan_ojt_for(who: &Principal, year: i32, this_year: i32) -> bool {
    who.has(Role::Hr) || (this_year..=this_year + 1).contains(&year)
}

/// May `who` record an OJT session held in fiscal year `year`? Nobody
/// records one held after today; a 所属長 only this year's or last year's
/// (late entries after 31 March), HR any year.
pub fn may_record_ojt_held(who: &Principal, year: i32, this_year: i32) -> bool {
    who.has(Role::Hr) || (this_year - 1..=this_year).contains(&year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(grants: &[Role]) -> Principal {
        Principal {
            user_id: Some(1),
            login: "u".into(),
            grants: grants
                .iter()
                .map(|&role| Grant { role, unit: None })
                .collect(),
            ..Principal::default()
        }
    }

    #[test]
    fn nobody_signed_in_reaches_only_public_routes() {
        let anon = Principal::anonymous();
        for &p in Permission::ALL {
            let expected = if p == Permission::Public {
                Decision::Allow
            } else {
                Decision::SignIn
            };
            assert_eq!(decide(&anon, p), expected, "{p:?}");
        }
    }

    #[test]
    fn roles_combine_and_each_permission_has_its_roles() {
        assert_eq!(
            decide(&who(&[Role::Viewer]), Permission::ReadPeople),
            Decision::Deny
        );
        assert_eq!(
            decide(&who(&[Role::Admin]), Permission::ReadPeople),
            Decision::Deny
        );
        assert_eq!(
            decide(&who(&[Role::Admin, Role::Hr]), Permission::ReadPeople),
            Decision::Allow
        );
        assert_eq!(
            decide(&who(&[Role::Hr]), Permission::ReadAudit),
            Decision::Deny
        );
        for &p in Permission::ALL {
            assert!(!p.roles().is_empty(), "{p:?}");
        }
    }

    #[test]
    fn staff_scopes_narrow_to_units_and_to_oneself() {
        assert_eq!(staff_scope(&who(&[Role::Hr])), StaffScope::All);
        assert_eq!(staff_scope(&who(&[Role::Viewer])), StaffScope::Nobody);
        let mut me = who(&[Role::Staff]);
        me.staff_number = Some("00123".into());
        assert_eq!(staff_scope(&me), StaffScope::Only("00123".into()));
        let mut head = who(&[Role::Manager, Role::Staff]);
        head.staff_number = Some("00900".into());
        head.managed_units = vec!["K01".into(), "K0101".into()];
        let scope = staff_scope(&head);
        assert!(scope.covers("00124", &["K0101".into()]));
        assert!(!scope.covers("00125", &["K02".into()]));
        assert!(scope.covers("00900", &[]));
        assert!(may_manage_unit(&head, "K0101"));
        assert!(!may_manage_unit(&head, "K02"));
        assert!(!may_manage_unit(&me, "K01"));
        assert!(may_manage_unit(&who(&[Role::Hr]), "K02"));
        assert!(may_plan_ojt_for(&head, 2026, 2026) && may_plan_ojt_for(&head, 2027, 2026));
        assert!(!may_plan_ojt_for(&head, 2025, 2026));
        assert!(may_plan_ojt_for(&who(&[Role::Hr]), 2013, 2026));
        assert!(may_record_ojt_held(&head, 2025, 2026) && !may_record_ojt_held(&head, 2024, 2026));
        assert!(may_record_ojt_held(&who(&[Role::Hr]), 2013, 2026));
    }

    #[test]
    fn role_codes_and_japanese_labels_both_parse() {
        for &r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
            assert_eq!(Role::from_code(r.label_ja()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }
}
