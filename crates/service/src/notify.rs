//! Reminders and notices of the progress round: who is told what, when.
//!
//! Each person gets one digest listing only their entries still to write:
//! before the due date (−10, −3, −1 working days), on it, and every 3
//! working days after it; the 所属長 is told at +3 and HR at +10; an entry
//! returned is told at once. Every notice goes to the inbox; when the
//! account has an address, the same text goes to the outbox for e-mail, in
//! the same transaction. Each occasion has an idempotency key, so a run
//! repeated, or resumed after downtime, adds nothing twice.

use crate::Failure;
use crate::round::{self, Ownership};
use jinzai_domain::FiscalYear;
use jinzai_domain::access::Role;
use jinzai_domain::i18n::{Language, Message};
use jinzai_domain::people::UnitCode;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::round::remind::{NoticeKind, Schedule};
use jinzai_domain::round::{CELL_STATES, CellState, ROUND_KINDS, Step};
use jinzai_store::accounts::UserInfo;
use jinzai_store::round::{Mail, NewNotice, Round, RoundCell};
use jinzai_store::{Store, StoredPlan};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// How a run is told to work.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub schedule: Schedule,
    /// Where links in e-mails point (`https://jinzai.city.example.lg.jp`);
    /// empty: paths only.
    pub base_url: String,
}

/// One entry a notice lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeItem {
    pub node: String,
    pub title: String,
    pub state: CellState,
    pub reason: Option<String>,
    /// The entry form's path.
    pub href: String,
}

/// What a notice says, as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payload {
    pub plan: String,
    pub plan_title: String,
    pub fiscal_year: i32,
    pub round_kind: String,
    pub due_on: String,
    /// Open working days past the due date (negative: before it).
    pub late_days: i64,
    pub items: Vec<NoticeItem>,
}

/// The accounts and organisation a run works with.
struct People {
    users: Vec<UserInfo>,
    /// Unit → its parent, today.
    parents: HashMap<String, Option<String>>,
}

impl People {
    async fn load(store: &Store) -> Result<People, Failure> {
        let today = store.clock().today();
        let users = store
            .users()
            .await?
            .into_iter()
            .filter(|u| !u.disabled)
            .collect();
        let parents = store
            .units()
            .await?
            .into_iter()
            .filter(|u| u.valid_on(today))
            .map(|u| {
                (
                    u.code.as_str().to_owned(),
                    u.parent.map(UnitCode::into_string),
                )
            })
            .collect();
        Ok(People { users, parents })
    }

    fn by_login(&self, login: &str) -> Option<&UserInfo> {
        self.users.iter().find(|u| u.login == login)
    }

    /// The 所属長 of `unit`: the accounts heading it, else those heading
    /// the nearest unit above it.
    fn heads_of(&self, unit: &str) -> Vec<&UserInfo> {
        let mut at = Some(unit.to_owned());
        for _ in 0..16 {
            let Some(u) = at else { break };
            let heads: Vec<&UserInfo> = self
                .users
                .iter()
                .filter(|x| {
                    x.grants.iter().any(|g| {
                        g.role == Role::Manager && g.unit.as_ref().is_some_and(|h| h.as_str() == u)
                    })
                })
                .collect();
            if !heads.is_empty() {
                return heads;
            }
            at = self.parents.get(&u).cloned().flatten();
        }
        Vec::new()
    }

    fn parent_of(&self, unit: &str) -> Option<String> {
        self.parents.get(unit).cloned().flatten()
    }

    fn hr(&self) -> Vec<&UserInfo> {
        self.users
            .iter()
            .filter(|u| u.grants.iter().any(|g| g.role == Role::Hr))
            .collect()
    }
}

/// Who writes a measure's entry and is reminded: its named accounts, else
/// the accountable division's 所属長.
fn writers<'a>(people: &'a People, ownership: &Ownership, node: &str) -> Vec<&'a UserInfo> {
    let Some(o) = ownership.owners(node) else {
        return Vec::new();
    };
    let named: Vec<&UserInfo> = o
        .accounts
        .iter()
        .filter_map(|l| people.by_login(l))
        .collect();
    if named.is_empty() {
        people.heads_of(o.accountable.as_str())
    } else {
        named
    }
}

/// The 所属長 told when a measure is late: the accountable division's
/// heads who are not its writers already, else the heads above them.
fn escalation_heads<'a>(
    people: &'a People,
    ownership: &Ownership,
    node: &str,
) -> Vec<&'a UserInfo> {
    let Some(o) = ownership.owners(node) else {
        return Vec::new();
    };
    let writing: Vec<String> = writers(people, ownership, node)
        .iter()
        .map(|u| u.login.clone())
        .collect();
    let heads: Vec<&UserInfo> = people
        .heads_of(o.accountable.as_str())
        .into_iter()
        .filter(|u| !writing.contains(&u.login))
        .collect();
    if !heads.is_empty() {
        return heads;
    }
    people
        .parent_of(o.accountable.as_str())
        .map(|p| {
            people
                .heads_of(&p)
                .into_iter()
                .filter(|u| !writing.contains(&u.login))
                .collect()
        })
        .unwrap_or_default()
}

fn item(plan: &StoredPlan, round: &Round, c: &RoundCell) -> NoticeItem {
    NoticeItem {
        node: c.node_code.clone(),
        title: plan
            .plan
            .node(&c.node_code)
            .map(|n| n.display_title())
            .unwrap_or_default(),
        state: c.state,
        reason: c.reason.clone(),
        href: format!(
            "/plans/{}/nodes/{}/progress/{}",
            plan.plan.code, c.node_code, round.fiscal_year
        ),
    }
}

/// The round as a title: 平成25年度 年度末実績報告.
fn round_title(p: &Payload, lang: Language) -> String {
    let kind = if lang == Language::En {
        ROUND_KINDS.label_en(&p.round_kind)
    } else {
        ROUND_KINDS.label(&p.round_kind)
    };
    let year = FiscalYear(p.fiscal_year);
    let year = if lang == Language::En {
        format!("FY{}", year.0)
    } else {
        year.label_ja()
    };
    format!("{year} {kind}")
}

/// A notice's subject and text in `lang` (e-mails are sent in Japanese).
pub fn render(
    kind: NoticeKind,
    p: &Payload,
    name: &str,
    base_url: &str,
    lang: Language,
) -> (String, String) {
    let round = round_title(p, lang);
    let count = p.items.len();
    let when = if p.late_days < 0 {
        Message::new("round_days_left").arg("n", -p.late_days)
    } else if p.late_days == 0 {
        Message::new("mail_due_today")
    } else {
        Message::new("round_days_over").arg("n", p.late_days)
    };
    let (subject, intro) = match kind {
        NoticeKind::Reminder => (
            Message::new("mail_subject_reminder")
                .arg("round", &round)
                .arg("due", &p.due_on)
                .arg("count", count),
            Message::new("mail_reminder_intro")
                .arg("due", &p.due_on)
                .arg("when", when.render(lang)),
        ),
        NoticeKind::Escalation => (
            Message::new("mail_subject_escalation")
                .arg("round", &round)
                .arg("count", count),
            Message::new("mail_escalation_intro").arg("days", p.late_days),
        ),
        NoticeKind::Returned => (
            Message::new("mail_subject_returned")
                .arg("round", &round)
                .arg("item", p.items.first().map_or("", |i| i.node.as_str())),
            Message::new("mail_returned_intro"),
        ),
    };
    let mut body = format!(
        "{}\n\n{}\n{}\n\n",
        Message::new("mail_greeting").arg("name", name).render(lang),
        p.plan_title,
        intro.render(lang)
    );
    for i in &p.items {
        let state = if lang == Language::En {
            CELL_STATES.label_en(i.state.code())
        } else {
            CELL_STATES.label(i.state.code())
        };
        body.push_str(&format!("・{} {}（{state}）\n", i.node, i.title));
        if let Some(r) = i.reason.as_deref().filter(|r| !r.is_empty()) {
            body.push_str(&format!(
                "  {}\n",
                Message::new("mail_item_reason")
                    .arg("reason", r)
                    .render(lang)
            ));
        }
        body.push_str(&format!("  {base_url}{}\n", i.href));
    }
    body.push('\n');
    body.push_str(&Message::new("mail_footer").render(lang));
    body.push('\n');
    (subject.render(lang), body)
}

/// Builds a notice for `user` (with its e-mail when the account has one).
fn notice(
    (key, kind): (String, NoticeKind),
    user: &UserInfo,
    (plan, round): (&StoredPlan, &Round),
    payload: &Payload,
    base_url: &str,
) -> NewNotice {
    let name = if user.display_name.is_empty() {
        &user.login
    } else {
        &user.display_name
    };
    NewNotice {
        key,
        user_id: user.id,
        login: user.login.clone(),
        kind,
        plan_id: plan.id,
        round_id: Some(round.id),
        payload: serde_json::to_value(payload).unwrap_or_default(),
        mail: user.email.as_ref().map(|to| {
            let (subject, body) = render(kind, payload, name, base_url, Language::Ja);
            Mail {
                recipient: to.clone(),
                subject,
                body,
            }
        }),
    }
}

/// Groups items by recipient login, keeping the plan's order.
fn digest<'a>(
    cells: &[&RoundCell],
    recipients: impl Fn(&str) -> Vec<&'a UserInfo>,
) -> BTreeMap<String, (&'a UserInfo, Vec<String>)> {
    let mut out: BTreeMap<String, (&UserInfo, Vec<String>)> = BTreeMap::new();
    for c in cells {
        for u in recipients(&c.node_code) {
            out.entry(u.login.clone())
                .or_insert_with(|| (u, Vec::new()))
                .1
                .push(c.node_code.clone());
        }
    }
    out
}

/// The notices one round calls for today.
async fn round_notices(
    store: &Store,
    (plan, round): (&StoredPlan, &Round),
    (people, ownership): (&People, &Ownership),
    opts: &Options,
) -> Result<Vec<NewNotice>, Failure> {
    let calendar = store.work_calendar().await?;
    let today = store.clock().today();
    let due = round.dates.due_on;
    let cells = store.round_cells(round.id).await?;
    let by_node: HashMap<&str, &RoundCell> =
        cells.iter().map(|c| (c.node_code.as_str(), c)).collect();
    let order: HashMap<&str, usize> = plan
        .plan
        .measures()
        .enumerate()
        .map(|(i, m)| (m.code.as_str(), i))
        .collect();
    let mut open: Vec<&RoundCell> = cells.iter().filter(|c| c.state.with_owner()).collect();
    open.sort_by_key(|c| {
        order
            .get(c.node_code.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    });
    let late_days = calendar.open_days_between(due, today);
    let payload_of = |nodes: &[String]| Payload {
        plan: plan.plan.code.clone(),
        plan_title: plan.plan.title.clone(),
        fiscal_year: round.fiscal_year,
        round_kind: round.kind.code().to_owned(),
        due_on: due.to_string(),
        late_days,
        items: nodes
            .iter()
            .filter_map(|n| by_node.get(n.as_str()))
            .map(|c| item(plan, round, c))
            .collect(),
    };
    let mut out = Vec::new();
    let mut push = |key: String, kind, user: &UserInfo, nodes: &[String]| {
        out.push(notice(
            (key, kind),
            user,
            (plan, round),
            &payload_of(nodes),
            &opts.base_url,
        ));
    };
    let s = &opts.schedule;
    if today >= round.dates.opens_on
        && let Some(slot) = s.reminder_slot(&calendar, due, today)
    {
        for (login, (user, nodes)) in digest(&open, |n| writers(people, ownership, n)) {
            push(
                format!("remind:{}:{slot}:{login}", round.id),
                NoticeKind::Reminder,
                user,
                &nodes,
            );
        }
    }
    if s.head_escalated(&calendar, due, today) {
        for (login, (user, nodes)) in digest(&open, |n| escalation_heads(people, ownership, n)) {
            push(
                format!("escalate-head:{}:{login}", round.id),
                NoticeKind::Escalation,
                user,
                &nodes,
            );
        }
    }
    if s.hr_escalated(&calendar, due, today) && !open.is_empty() {
        let nodes: Vec<String> = open.iter().map(|c| c.node_code.clone()).collect();
        for user in people.hr() {
            push(
                format!("escalate-hr:{}:{}", round.id, user.login),
                NoticeKind::Escalation,
                user,
                &nodes,
            );
        }
    }
    // Returned entries still returned: told at once by the step itself;
    // a run catches one that was not (the key is the same).
    for e in store.round_events(round.id, None).await? {
        if e.step != Step::Return {
            continue;
        }
        if by_node
            .get(e.node_code.as_str())
            .is_none_or(|c| c.state != CellState::Returned)
        {
            continue;
        }
        for user in writers(people, ownership, &e.node_code) {
            push(
                returned_key(round, &e.node_code, &e.at, &user.login),
                NoticeKind::Returned,
                user,
                std::slice::from_ref(&e.node_code),
            );
        }
    }
    Ok(out)
}

fn returned_key(round: &Round, node: &str, at: &str, login: &str) -> String {
    format!("returned:{}:{node}:{at}:{login}", round.id)
}

/// The notices every open round (its year not locked) calls for today
/// and that were not added yet.
pub async fn due_notices(store: &Store, opts: &Options) -> Result<Vec<NewNotice>, Failure> {
    let people = People::load(store).await?;
    let mut out = Vec::new();
    for summary in store.list_plans().await? {
        let plan = store.load_plan(&summary.code, None).await?;
        let locks = store.year_locks(plan.id).await?;
        let rounds = store.rounds(plan.id).await?;
        if rounds.is_empty() {
            continue;
        }
        let ownership = round::ownership(store, &plan).await?;
        // Only the round a year's entries go into: an interim round is
        // over once the year-end one is opened.
        for r in rounds.iter().filter(|r| {
            !locks.iter().any(|l| l.fiscal_year == r.fiscal_year)
                && round::working_round(&rounds, FiscalYear(r.fiscal_year)).map(|w| w.id)
                    == Some(r.id)
        }) {
            out.extend(round_notices(store, (&plan, r), (&people, &ownership), opts).await?);
        }
    }
    let keys: Vec<String> = out.iter().map(|n| n.key.clone()).collect();
    let existing = store.existing_notice_keys(&keys).await?;
    out.retain(|n| !existing.contains(&n.key));
    Ok(out)
}

/// Adds the notices due today (and their e-mails to the outbox); returns
/// their keys.
pub async fn remind(store: &Store, opts: &Options, actor: &str) -> Result<Vec<String>, Failure> {
    let list = due_notices(store, opts).await?;
    Ok(store.add_notices(&list, actor).await?)
}

/// Tells a returned entry's writers at once (called by the step).
pub async fn returned_now(
    store: &Store,
    plan: &StoredPlan,
    (round, cell): (&Round, &RoundCell),
    opts: &Options,
    actor: &str,
) -> Result<(), Failure> {
    let people = People::load(store).await?;
    let ownership = round::ownership(store, plan).await?;
    let calendar = store.work_calendar().await?;
    let payload = Payload {
        plan: plan.plan.code.clone(),
        plan_title: plan.plan.title.clone(),
        fiscal_year: round.fiscal_year,
        round_kind: round.kind.code().to_owned(),
        due_on: round.dates.due_on.to_string(),
        late_days: calendar.open_days_between(round.dates.due_on, store.clock().today()),
        items: vec![item(plan, round, cell)],
    };
    let list: Vec<NewNotice> = writers(&people, &ownership, &cell.node_code)
        .into_iter()
        .map(|user| {
            notice(
                (
                    returned_key(round, &cell.node_code, &cell.updated_at, &user.login),
                    NoticeKind::Returned,
                ),
                user,
                (plan, round),
                &payload,
                &opts.base_url,
            )
        })
        .collect();
    store.add_notices(&list, actor).await?;
    Ok(())
}
