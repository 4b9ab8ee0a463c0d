//! The yearly progress round's use cases, shared by pages, the API and the
//! command line: who owns each measure, opening a round, writing an entry
//! in it, and the steps submit → return / confirm → approve.

use crate::Failure;
use crate::plan::Loaded;
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::UnitCode;
use jinzai_domain::plan::Node;
use jinzai_domain::progress::{self, FieldError, ProgressInput, Revision};
use jinzai_domain::round::{
    Capacity, CellState, Owners, RoundDates, RoundKind, Step, capacities, check_step,
    missing_for_submit,
};
use jinzai_store::round::{NewOwners, OwnerSet, Round, RoundCell, RoundEvent, StepWrite};
use jinzai_store::{Store, StoreError, StoredPlan};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use strum::VariantArray;

/// Where a measure's owners come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OwnerSource {
    /// Assigned by HR (the newest assignment).
    Assigned,
    /// Read from the plan file's 担当課 (a unit's code or name today).
    PlanFile,
}

/// The owners of a plan's measures as in force now.
#[derive(Debug, Default)]
pub struct Ownership {
    assigned: HashMap<String, OwnerSet>,
    from_plan: HashMap<String, Owners>,
}

impl Ownership {
    /// The measure's owners, and where they come from.
    pub fn of(&self, node: &str) -> Option<(&Owners, OwnerSource)> {
        self.assigned
            .get(node)
            .map(|s| (&s.owners, OwnerSource::Assigned))
            .or_else(|| self.from_plan.get(node).map(|o| (o, OwnerSource::PlanFile)))
    }

    pub fn owners(&self, node: &str) -> Option<&Owners> {
        self.of(node).map(|(o, _)| o)
    }

    /// The assignment HR made (with when, by whom, the accounts' units then).
    pub fn assigned(&self, node: &str) -> Option<&OwnerSet> {
        self.assigned.get(node)
    }
}

/// The owners in force for every measure of the loaded plan: HR's newest
/// assignment, else the plan file's 担当課 where they name units that
/// exist today (by code or by name; the first is accountable).
pub async fn ownership(store: &Store, stored: &StoredPlan) -> Result<Ownership, Failure> {
    let assigned = store
        .current_owners(stored.id)
        .await?
        .into_iter()
        .map(|s| (s.node_code.clone(), s))
        .collect();
    let today = store.clock().today();
    let units = store.units().await?;
    let today_units: Vec<_> = units.iter().filter(|u| u.valid_on(today)).collect();
    let resolve = |text: &str| {
        let text = text.trim();
        today_units
            .iter()
            .find(|u| u.code.as_str() == text || u.name == text)
            .map(|u| u.code.clone())
    };
    let mut from_plan = HashMap::new();
    for m in stored.plan.measures() {
        let mut codes = m.owners.iter().filter_map(|o| resolve(o));
        if let Some(accountable) = codes.next() {
            let owners = Owners {
                accountable,
                contributors: codes.collect(),
                accounts: Vec::new(),
            }
            .normalised();
            from_plan.insert(m.code.clone(), owners);
        }
    }
    Ok(Ownership {
        assigned,
        from_plan,
    })
}

/// Owners as typed (a form, a JSON body, a CSV row): unit codes and logins.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OwnersInput {
    /// The measure's code (施策番号).
    pub node: String,
    /// 担当課: one unit code.
    pub accountable: String,
    /// 関係課: unit codes.
    #[serde(default)]
    pub contributors: Vec<String>,
    /// 担当者: account logins.
    #[serde(default)]
    pub accounts: Vec<String>,
}

/// Splits a list typed in one field: commas, 、, ・, spaces or new lines.
pub fn split_list(raw: &str) -> Vec<String> {
    raw.split([',', '、', '・', ' ', '\u{3000}', '\n', '\r', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Checks owners as typed against the plan, today's units and the
/// accounts; each problem names its field by its row's pattern
/// (`owners[3].{field}`, `{field}-1-1-2`), so rows are told apart.
/// Nothing is stored here.
pub async fn check_owners(
    store: &Store,
    loaded: &Loaded,
    list: &[(String, OwnersInput)],
) -> Result<Vec<NewOwners>, Failure> {
    let today = store.clock().today();
    let units = store.units().await?;
    let exists = |u: &UnitCode| units.iter().any(|v| v.code == *u && v.valid_on(today));
    let users = store.users().await?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (prefix, input) in list {
        let field = |name: &str| prefix.replace("{field}", name);
        let node = input.node.trim();
        match loaded.plan().node(node) {
            Some(n) if loaded.plan().is_leaf(&n.code) => {}
            Some(_) => errors.push(FieldError::new(
                field("node"),
                "not_a_measure",
                Message::new("plan_not_a_measure").arg("item", node),
            )),
            None => errors.push(FieldError::new(
                field("node"),
                "unknown",
                Message::new("plan_no_node").arg("item", node),
            )),
        }
        let mut unit = |name: &str, raw: &str| -> Option<UnitCode> {
            match UnitCode::parse(raw) {
                Ok(u) if exists(&u) => Some(u),
                Ok(u) => {
                    errors.push(FieldError::new(
                        field(name),
                        "unknown_unit",
                        Message::new("round_unknown_unit").arg("unit", u.as_str()),
                    ));
                    None
                }
                Err(m) => {
                    errors.push(FieldError::new(field(name), "invalid", m));
                    None
                }
            }
        };
        let accountable = if input.accountable.trim().is_empty() {
            None
        } else {
            unit("accountable", &input.accountable)
        };
        let contributors: Vec<UnitCode> = input
            .contributors
            .iter()
            .filter_map(|c| unit("contributors", c))
            .collect();
        if input.accountable.trim().is_empty() {
            errors.push(FieldError::new(
                field("accountable"),
                "required",
                Message::new("round_accountable_required"),
            ));
        }
        let mut units_then = Vec::new();
        let mut accounts = Vec::new();
        for login in input.accounts.iter().map(|a| a.trim()) {
            match users.iter().find(|u| u.login == login && !u.disabled) {
                Some(u) => {
                    let then = match &u.staff_number {
                        Some(n) => store
                            .staff_units_on(n.as_str(), today)
                            .await?
                            .into_iter()
                            .next(),
                        None => None,
                    };
                    accounts.push(u.login.clone());
                    units_then.push(then);
                }
                None => errors.push(FieldError::new(
                    field("accounts"),
                    "unknown_account",
                    Message::new("round_unknown_account").arg("login", login),
                )),
            }
        }
        if let Some(accountable) = accountable {
            let owners = Owners {
                accountable,
                contributors,
                accounts,
            }
            .normalised();
            // Keep each account's unit beside it after repeats were dropped.
            let units_then = owners
                .accounts
                .iter()
                .map(|a| {
                    input
                        .accounts
                        .iter()
                        .map(|x| x.trim())
                        .zip(units_then.iter())
                        .find(|(x, _)| x == a)
                        .and_then(|(_, u)| u.clone())
                })
                .collect();
            out.push(NewOwners {
                node_code: node.to_owned(),
                owners,
                units_then,
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Failure::Invalid(errors))
    }
}

/// Checks and stores owner assignments, all or nothing; returns how many
/// measures changed.
pub async fn assign(
    store: &Store,
    loaded: &Loaded,
    actor: &str,
    list: &[(String, OwnersInput)],
    source: &str,
) -> Result<usize, Failure> {
    let checked = check_owners(store, loaded, list).await?;
    Ok(store
        .assign_owners(
            (loaded.stored.id, &loaded.plan().code),
            &checked,
            source,
            actor,
        )
        .await?)
}

/// A named account whose person has moved since being assigned: HR
/// reassigns the measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerMoved {
    pub node: String,
    pub login: String,
    pub unit_then: String,
    /// The person's units today (empty: no longer serving).
    pub units_now: Vec<String>,
}

/// Named accounts on the plan's measures whose person is no longer in the
/// unit they were in when assigned.
pub async fn owners_moved(
    store: &Store,
    ownership: &Ownership,
) -> Result<Vec<OwnerMoved>, Failure> {
    let today = store.clock().today();
    let users = store.users().await?;
    let mut out = Vec::new();
    let mut sets: Vec<_> = ownership.assigned.values().collect();
    sets.sort_by(|a, b| a.node_code.cmp(&b.node_code));
    for set in sets {
        for (login, then) in set.owners.accounts.iter().zip(&set.units_then) {
            let (Some(then), Some(number)) = (
                then,
                users
                    .iter()
                    .find(|u| &u.login == login)
                    .and_then(|u| u.staff_number.as_ref()),
            ) else {
                continue;
            };
            let now = store.staff_units_on(number.as_str(), today).await?;
            if !now.contains(then) {
                out.push(OwnerMoved {
                    node: set.node_code.clone(),
                    login: login.clone(),
                    unit_then: then.clone(),
                    units_now: now,
                });
            }
        }
    }
    Ok(out)
}

/// The round entries of `year` go into: its 年度末実績報告 once opened,
/// else its 中間報告, else none (the year is kept without a round).
pub fn working_round(rounds: &[Round], year: FiscalYear) -> Option<&Round> {
    let of_year = |k: RoundKind| {
        rounds
            .iter()
            .find(|r| r.fiscal_year == year.0 && r.kind == k)
    };
    of_year(RoundKind::YearEnd).or_else(|| of_year(RoundKind::Interim))
}

/// What HR types to open a round.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OpenRound {
    pub fiscal_year: i32,
    pub kind: RoundKind,
    #[serde(flatten)]
    pub dates: RoundDates,
}

/// Opens a round: the year is in the plan and not locked, the dates run in
/// order, no round of that kind exists for the year. Every measure of the
/// plan gets a cell.
pub async fn open(
    store: &Store,
    loaded: &Loaded,
    who: &Principal,
    o: &OpenRound,
) -> Result<Round, Failure> {
    let year = loaded
        .year_param(Some(o.fiscal_year))?
        .unwrap_or(FiscalYear(o.fiscal_year));
    let errors = o.dates.check();
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    let measures: Vec<String> = loaded.plan().measures().map(|m| m.code.clone()).collect();
    Ok(store
        .open_round(
            (loaded.stored.id, &loaded.plan().code),
            (year, o.kind),
            o.dates,
            &measures,
            &who.actor(),
        )
        .await?)
}

/// Changes the dates of the year's round (a later due date, say): the
/// year not locked, the dates in order. Audited with the old dates.
pub async fn change_dates(
    store: &Store,
    loaded: &Loaded,
    who: &Principal,
    year: FiscalYear,
    dates: RoundDates,
) -> Result<Round, Failure> {
    let rounds = store.rounds(loaded.stored.id).await?;
    let round = working_round(&rounds, year).cloned().ok_or_else(|| {
        Failure::NotFound(Message::new("round_none").arg("year", year.label_ja()))
    })?;
    if loaded.is_locked(year) {
        return Err(StoreError::YearLocked {
            plan: loaded.plan().code.clone(),
            year: year.0,
        }
        .into());
    }
    let errors = dates.check();
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    store
        .set_round_dates((&round, &loaded.plan().code), dates, &who.actor())
        .await?;
    Ok(Round { dates, ..round })
}

/// Reads the three dates of a round form (西暦 or 和暦), each error at its
/// field.
pub fn read_dates(
    opens_on: &str,
    due_on: &str,
    review_by: &str,
) -> Result<RoundDates, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut day = |field: &'static str, raw: &str| -> NaiveDate {
        match crate::form::required_day(field, raw, Message::new("round_date_required")) {
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                NaiveDate::MIN
            }
        }
    };
    let dates = RoundDates {
        opens_on: day("opens_on", opens_on),
        due_on: day("due_on", due_on),
        review_by: day("review_by", review_by),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let order = dates.check();
    if order.is_empty() {
        Ok(dates)
    } else {
        Err(order)
    }
}

/// One measure's year as its owner and reviewers see it: the round's cell,
/// its steps, what `who` may do.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CellWork {
    pub round: Option<Round>,
    pub cell: Option<RoundCell>,
    /// The steps taken, oldest first (with return reasons).
    pub events: Vec<RoundEvent>,
    pub capacities: Vec<Capacity>,
    /// The steps `who` may take now.
    pub steps: Vec<Step>,
    /// Whether `who` may write the entry now.
    pub may_write: bool,
    /// Whether `who` may see entries not yet approved.
    pub sees_drafts: bool,
}

/// A cell as those outside the work on it see it: its state, not who
/// handled it or why it was returned.
fn without_people(mut c: RoundCell) -> RoundCell {
    c.reason = None;
    c.submitted_by = None;
    c.confirmed_by = None;
    c
}

/// Whether someone acting in `caps` sees drafts and entries under review.
fn sees_drafts(caps: &[Capacity]) -> bool {
    !caps.is_empty()
}

/// The round work on one measure's year for `who`.
pub async fn cell_work(
    store: &Store,
    loaded: &Loaded,
    ownership: &Ownership,
    who: &Principal,
    node: &Node,
    year: FiscalYear,
) -> Result<CellWork, Failure> {
    let caps = capacities(who, ownership.owners(&node.code));
    let rounds = store.rounds(loaded.stored.id).await?;
    let round = working_round(&rounds, year).cloned();
    let locked = loaded.is_locked(year);
    let (cell, events) = match &round {
        Some(r) => (
            store.round_cell(r.id, &node.code).await?,
            store.round_events(r.id, Some(&node.code)).await?,
        ),
        None => (None, Vec::new()),
    };
    let steps = match &cell {
        Some(c) if !locked => Step::VARIANTS
            .iter()
            .copied()
            .filter(|&s| s != Step::Save && s.allowed(&caps) && c.state.after(s).is_some())
            .collect(),
        _ => Vec::new(),
    };
    let may_write =
        !locked && Step::Save.allowed(&caps) && cell.as_ref().is_none_or(|c| c.state.editable());
    let sees = sees_drafts(&caps);
    let cell = cell.map(|c| if sees { c } else { without_people(c) });
    Ok(CellWork {
        round,
        sees_drafts: sees,
        events: if sees { events } else { Vec::new() },
        cell,
        capacities: caps,
        steps,
        may_write,
    })
}

/// Who may see what of a measure's revisions: every revision for its
/// owners and reviewers, else only the ones that count (approved, or
/// recorded in a year without a round).
pub async fn visible_history(
    store: &Store,
    loaded: &Loaded,
    work_of: impl Fn(FiscalYear) -> bool,
    node: &str,
    year: Option<FiscalYear>,
) -> Result<Vec<Revision>, Failure> {
    let history = store.progress_history(loaded.stored.id, node, year).await?;
    let rounds = store.rounds(loaded.stored.id).await?;
    let mut approved: HashMap<i32, Vec<i64>> = HashMap::new();
    for r in &rounds {
        for e in store.round_events(r.id, Some(node)).await? {
            if e.step == Step::Approve {
                approved
                    .entry(r.fiscal_year)
                    .or_default()
                    .extend(e.revision);
            }
        }
    }
    Ok(history
        .into_iter()
        .filter(|rev| {
            let y = FiscalYear(rev.fiscal_year);
            work_of(y)
                || !rounds.iter().any(|r| r.fiscal_year == y.0)
                || approved
                    .get(&y.0)
                    .is_some_and(|a| a.contains(&rev.revision))
        })
        .collect())
}

/// Whether `who` sees drafts of `node` (owners, contributors, HR, the
/// approver).
pub fn sees_drafts_of(who: &Principal, ownership: &Ownership, node: &str) -> bool {
    sees_drafts(&capacities(who, ownership.owners(node)))
}

/// Writes an entry (a new revision). 記入者 is the signed-in account, who
/// must be an owner, a contributor or HR (recorded as writing on the
/// owner's behalf). In a year with a round the cell must be open to its
/// owner (未着手, 作成中, 差戻し).
pub async fn record(
    store: &Store,
    loaded: &Loaded,
    who: &Principal,
    node: &Node,
    year: FiscalYear,
    input: &ProgressInput,
    base_revision: Option<i64>,
) -> Result<Revision, Failure> {
    let ownership = ownership(store, &loaded.stored).await?;
    let caps = capacities(who, ownership.owners(&node.code));
    if !Step::Save.allowed(&caps) {
        return Err(Failure::Forbidden(Message::new("plan_progress_not_yours")));
    }
    let mut input = input.clone();
    input.author = author_name(who);
    let computed = loaded.computed_actual(&node.code, year);
    let entry = progress::validate(loaded.plan(), node, year, &input, computed)
        .map_err(Failure::Invalid)?;
    let cell = loaded.cell(&node.code, year);
    let rounds = store.rounds(loaded.stored.id).await?;
    let Some(round) = working_round(&rounds, year) else {
        return Ok(store
            .record_progress(cell, &entry, base_revision, false, &who.actor())
            .await?);
    };
    let state = store
        .round_cell(round.id, &node.code)
        .await?
        .map_or(CellState::NotStarted, |c| c.state);
    let to =
        check_step(state, Step::Save, &caps, "", false).map_err(|e| Failure::Locked(e.message))?;
    let write = StepWrite {
        step: Step::Save,
        from: state,
        to,
        actor: &who.actor(),
        actor_name: &author_name(who),
        on_behalf: on_behalf(&caps),
        reason: None,
    };
    Ok(store
        .save_in_round((round, cell), &entry, base_revision, &write)
        .await?)
}

/// The name written as 記入者 / 確認者: the account's display name.
pub fn author_name(who: &Principal) -> String {
    if who.display_name.trim().is_empty() {
        who.actor()
    } else {
        who.display_name.clone()
    }
}

/// HR writing or submitting for the owner division (代理入力).
fn on_behalf(caps: &[Capacity]) -> bool {
    caps.contains(&Capacity::Reviewer)
        && !caps.contains(&Capacity::Owner)
        && !caps.contains(&Capacity::Contributor)
}

/// Takes a step on a measure's cell in the year's round (submit, return,
/// confirm, approve, exclude, reopen). Refused with the reason named: not
/// this person's step, the wrong state, no reason, the author confirming
/// or approving their own entry, an incomplete entry submitted (each
/// missing field named), a locked year.
pub async fn take_step(
    store: &Store,
    loaded: &Loaded,
    who: &Principal,
    (node, year): (&Node, FiscalYear),
    (step, reason): (Step, &str),
    notify: &crate::notify::Options,
) -> Result<RoundCell, Failure> {
    if step == Step::Save {
        return Err(Failure::BadRequest {
            code: "save_is_a_write",
            message: Message::new("round_save_is_a_write"),
        });
    }
    let rounds = store.rounds(loaded.stored.id).await?;
    let round = working_round(&rounds, year).ok_or_else(|| {
        Failure::NotFound(Message::new("round_none").arg("year", year.label_ja()))
    })?;
    if loaded.is_locked(year) {
        return Err(StoreError::YearLocked {
            plan: loaded.plan().code.clone(),
            year: year.0,
        }
        .into());
    }
    let cell = store
        .round_cell(round.id, &node.code)
        .await?
        .ok_or_else(|| Failure::NotFound(Message::new("round_no_cell").arg("item", &node.code)))?;
    let ownership = ownership(store, &loaded.stored).await?;
    let caps = capacities(who, ownership.owners(&node.code));
    let latest = store
        .latest_revision(loaded.stored.id, &node.code, year)
        .await?;
    let me = who.actor();
    let wrote_it = latest
        .as_ref()
        .is_some_and(|r| r.recorded_by.as_deref() == Some(me.as_str()))
        || cell.submitted_by.as_deref() == Some(me.as_str())
        || (step == Step::Approve && cell.confirmed_by.as_deref() == Some(me.as_str()));
    let to = check_step(cell.state, step, &caps, reason, wrote_it).map_err(|e| {
        if e.code == "not_yours" {
            Failure::Forbidden(e.message)
        } else {
            Failure::Invalid(vec![e])
        }
    })?;
    if step == Step::Submit {
        let missing =
            missing_for_submit(loaded.plan(), node, year, latest.as_ref().map(|r| &r.entry));
        if !missing.is_empty() {
            return Err(Failure::Invalid(missing));
        }
    }
    let write = StepWrite {
        step,
        from: cell.state,
        to,
        actor: &me,
        actor_name: &author_name(who),
        on_behalf: step == Step::Submit && on_behalf(&caps),
        reason: Some(reason),
    };
    let after = store
        .take_step((round, &loaded.plan().code, &node.code), &write)
        .await?;
    if step == Step::Return {
        // The owner is told at once; a failure here is caught by the next
        // reminder run (same key), so the step stands.
        if let Err(e) =
            crate::notify::returned_now(store, &loaded.stored, (round, &after), notify, &me).await
        {
            tracing::warn!(error = ?e, "the return was not notified yet");
        }
    }
    Ok(after)
}

/// A measure's cell and its place in the round's table.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CellRow {
    pub node: String,
    pub title: String,
    pub state: CellState,
    pub accountable: Option<String>,
    /// The accountable division's name today.
    pub accountable_name: Option<String>,
    pub reason: Option<String>,
    pub updated_at: String,
}

/// A round with its cells and the count per state.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundView {
    pub round: Round,
    pub cells: Vec<CellRow>,
    /// (state, count), in the states' order, zeros included.
    pub counts: Vec<(CellState, usize)>,
    /// Measures neither approved nor 対象外.
    pub unsettled: usize,
    /// Open working days from today to the due date (negative: overdue).
    pub open_days_to_due: i64,
}

/// A round's table: every measure's state, owner and last reason.
///
/// The reasons of returns and exclusions are shown to those who work on
/// the measure (owners, contributors, HR, the approver) and to the command
/// line (`who` none); others see the state only.
pub async fn view(
    store: &Store,
    plan: &jinzai_domain::Plan,
    ownership: &Ownership,
    round: Round,
    who: Option<&Principal>,
) -> Result<RoundView, Failure> {
    let cells = store.round_cells(round.id).await?;
    let mut counts: Vec<(CellState, usize)> = CellState::VARIANTS.iter().map(|&s| (s, 0)).collect();
    for c in &cells {
        if let Some(n) = counts.iter_mut().find(|(s, _)| *s == c.state) {
            n.1 += 1;
        }
    }
    let unsettled = cells.iter().filter(|c| !c.state.settled()).count();
    let today = store.clock().today();
    let units = store.units().await?;
    let name_of = |code: &str| {
        units
            .iter()
            .find(|u| u.code.as_str() == code && u.valid_on(today))
            .map(|u| u.name.clone())
    };
    let order: HashMap<&str, usize> = plan
        .measures()
        .enumerate()
        .map(|(i, m)| (m.code.as_str(), i))
        .collect();
    let mut rows: Vec<CellRow> = cells
        .into_iter()
        .map(|c| CellRow {
            title: plan
                .node(&c.node_code)
                .map(|n| n.display_title())
                .unwrap_or_default(),
            accountable_name: ownership
                .owners(&c.node_code)
                .and_then(|o| name_of(o.accountable.as_str())),
            accountable: ownership
                .owners(&c.node_code)
                .map(|o| o.accountable.as_str().to_owned()),
            reason: c.reason.filter(|_| {
                who.is_none_or(|w| sees_drafts(&capacities(w, ownership.owners(&c.node_code))))
            }),
            node: c.node_code,
            state: c.state,
            updated_at: c.updated_at,
        })
        .collect();
    rows.sort_by_key(|r| order.get(r.node.as_str()).copied().unwrap_or(usize::MAX));
    let calendar = store.work_calendar().await?;
    let due = round.dates.due_on;
    let open_days_to_due = if due >= today {
        calendar.open_days_between(today, due)
    } else {
        -calendar.open_days_between(due, today)
    };
    Ok(RoundView {
        round,
        cells: rows,
        counts,
        unsettled,
        open_days_to_due,
    })
}

/// Whether `who` may take part in rounds at all (a role that writes,
/// reviews or approves).
pub fn takes_part(who: &Principal) -> bool {
    [Role::Hr, Role::Manager, Role::Staff, Role::Approver]
        .iter()
        .any(|&r| who.has(r))
}

/// The columns of an owners file, by the names a header may use.
const OWNER_COLUMNS: [(&str, &[&str]); 4] = [
    (
        "node",
        &["施策番号", "施策", "番号", "取組", "node", "measure"],
    ),
    ("accountable", &["担当課", "担当課コード", "accountable"]),
    ("contributors", &["関係課", "関係課コード", "contributors"]),
    ("accounts", &["担当者", "担当者ログイン", "accounts"]),
];

fn folded(s: &str) -> String {
    jinzai_domain::people::search_key(s)
}

/// Reads an owners file (CSV in UTF-8 or CP932, or xlsx): a header naming
/// 施策番号 and 担当課 (関係課 and 担当者 optional, several separated by
/// spaces or ・), then one measure a row. Problems name `row:column`.
pub fn read_owners(
    bytes: &[u8],
    encoding: jinzai_io::read::InputEncoding,
) -> Result<OwnersFile, Failure> {
    let place = |row: usize, col: usize, message: Message| {
        FieldError::new(format!("{row}:{col}"), "invalid", message)
    };
    let sheet = jinzai_io::read::read_sheet(bytes, encoding)
        .map_err(|p| Failure::Invalid(vec![place(p.row, p.col, p.message)]))?;
    let mut cols: HashMap<&'static str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (i, h) in sheet.header.iter().enumerate() {
        let key = folded(h);
        match OWNER_COLUMNS
            .iter()
            .find(|(_, names)| names.iter().any(|n| folded(n) == key))
        {
            Some((name, _)) => {
                cols.insert(name, i);
            }
            None if h.trim().is_empty() => {}
            None => errors.push(place(
                1,
                i + 1,
                Message::new("round_owners_unknown_column").arg("column", h.trim()),
            )),
        }
    }
    for required in ["node", "accountable"] {
        if !cols.contains_key(required) {
            errors.push(place(
                1,
                1,
                Message::new("round_owners_missing_column").arg("column", required),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    let cell = |row: &[String], name: &str| {
        cols.get(name)
            .and_then(|&c| row.get(c))
            .cloned()
            .unwrap_or_default()
    };
    let rows = sheet
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, r)| {
            // The pattern names the row; the column is put in after the check.
            (
                format!("{}:{{field}}", i + 2),
                OwnersInput {
                    node: cell(r, "node"),
                    accountable: cell(r, "accountable"),
                    contributors: split_list(&cell(r, "contributors")),
                    accounts: split_list(&cell(r, "accounts")),
                },
            )
        })
        .collect();
    Ok(OwnersFile {
        rows,
        columns: cols,
    })
}

/// An owners file as read: its rows (each with its `row:{field}` place)
/// and where each column is.
#[derive(Debug)]
pub struct OwnersFile {
    pub rows: Vec<(String, OwnersInput)>,
    columns: HashMap<&'static str, usize>,
}

impl OwnersFile {
    /// A checked row's error field `5:accountable` as `5:2` (row:column).
    fn place(&self, mut e: FieldError) -> FieldError {
        if let Some((row, name)) = e.field.split_once(':') {
            let col = self.columns.get(name).map_or(1, |c| c + 1);
            e.field = format!("{row}:{col}").into();
        }
        e
    }
}

/// Imports an owners file, all or nothing: each problem at `row:column`.
/// Returns how many measures changed (a dry run stores nothing and says
/// how many would).
pub async fn import_owners(
    store: &Store,
    loaded: &Loaded,
    actor: &str,
    (bytes, encoding): (&[u8], jinzai_io::read::InputEncoding),
    source: &str,
    dry_run: bool,
) -> Result<usize, Failure> {
    let file = read_owners(bytes, encoding)?;
    let checked = check_owners(store, loaded, &file.rows)
        .await
        .map_err(|f| match f {
            Failure::Invalid(errors) => {
                Failure::Invalid(errors.into_iter().map(|e| file.place(e)).collect())
            }
            other => other,
        })?;
    if dry_run {
        let current = store.current_owners(loaded.stored.id).await?;
        return Ok(checked
            .iter()
            .filter(|n| {
                !current
                    .iter()
                    .any(|c| c.node_code == n.node_code && c.owners == n.owners)
            })
            .count());
    }
    Ok(store
        .assign_owners(
            (loaded.stored.id, &loaded.plan().code),
            &checked,
            source,
            actor,
        )
        .await?)
}
