//! Who owns each measure: assignments kept with their history.

use crate::audit::AuditEvent;
use crate::conn::BeginWrite;
use crate::{Result, Store, StoreError, on_pool};
use jinzai_domain::people::UnitCode;
use jinzai_domain::round::Owners;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where an assignment was made.
pub const OWNER_SOURCES: [&str; 4] = ["screen", "api", "csv", "cli"];

/// One assignment of a measure's owners, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerSet {
    pub node_code: String,
    pub owners: Owners,
    /// Each named account's unit when it was assigned (its primary
    /// assignment that day), in the order of `owners.accounts`.
    pub units_then: Vec<Option<String>>,
    pub assigned_at: String,
    pub assigned_by: String,
    /// screen, api, csv or cli.
    pub source: String,
}

/// A new assignment to store.
#[derive(Debug, Clone)]
pub struct NewOwners {
    pub node_code: String,
    pub owners: Owners,
    pub units_then: Vec<Option<String>>,
}

#[derive(sqlx::FromRow)]
struct SetRow {
    id: i64,
    node_code: String,
    accountable: String,
    assigned_at: String,
    assigned_by: String,
    source: String,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    set_id: i64,
    kind: String,
    value: String,
    unit_then: Option<String>,
}

fn assemble(sets: Vec<SetRow>, members: Vec<MemberRow>) -> Vec<OwnerSet> {
    let mut by_set: BTreeMap<i64, Vec<MemberRow>> = BTreeMap::new();
    for m in members {
        by_set.entry(m.set_id).or_default().push(m);
    }
    sets.into_iter()
        .map(|s| {
            let mut owners = Owners {
                accountable: UnitCode::stored(s.accountable),
                contributors: Vec::new(),
                accounts: Vec::new(),
            };
            let mut units_then = Vec::new();
            for m in by_set.remove(&s.id).unwrap_or_default() {
                if m.kind == "contributor" {
                    owners.contributors.push(UnitCode::stored(m.value));
                } else {
                    owners.accounts.push(m.value);
                    units_then.push(m.unit_then);
                }
            }
            OwnerSet {
                node_code: s.node_code,
                owners,
                units_then,
                assigned_at: s.assigned_at,
                assigned_by: s.assigned_by,
                source: s.source,
            }
        })
        .collect()
}

const SET_COLUMNS: &str =
    "s.id, s.node_code, s.accountable, s.assigned_at, s.assigned_by, s.source";

impl Store {
    /// The assignment in force for every measure of a plan that has one.
    pub async fn current_owners(&self, plan_id: i64) -> Result<Vec<OwnerSet>> {
        let newest = "s.id = (SELECT MAX(x.id) FROM measure_owner_sets x
                        WHERE x.plan_id = s.plan_id AND x.node_code = s.node_code)";
        self.owner_sets(plan_id, newest, None).await
    }

    /// Every assignment of one measure, newest first.
    pub async fn owner_history(&self, plan_id: i64, node: &str) -> Result<Vec<OwnerSet>> {
        let mut sets = self
            .owner_sets(plan_id, "s.node_code = $2", Some(node))
            .await?;
        sets.reverse();
        Ok(sets)
    }

    async fn owner_sets(
        &self,
        plan_id: i64,
        condition: &str,
        node: Option<&str>,
    ) -> Result<Vec<OwnerSet>> {
        let sets_sql = format!(
            "SELECT {SET_COLUMNS} FROM measure_owner_sets s WHERE s.plan_id = $1 AND {condition} ORDER BY s.node_code, s.id"
        );
        let members_sql = format!(
            "SELECT m.set_id, m.kind, m.value, m.unit_then FROM measure_owner_members m
               JOIN measure_owner_sets s ON s.id = m.set_id
              WHERE s.plan_id = $1 AND {condition} ORDER BY m.set_id, m.position"
        );
        let (sets, members): (Vec<SetRow>, Vec<MemberRow>) = on_pool!(self, |pool| {
            let mut q = sqlx::query_as(&sets_sql).bind(plan_id);
            let mut m = sqlx::query_as(&members_sql).bind(plan_id);
            if let Some(n) = node {
                q = q.bind(n);
                m = m.bind(n);
            }
            (q.fetch_all(pool).await?, m.fetch_all(pool).await?)
        });
        Ok(assemble(sets, members))
    }

    /// Stores new assignments (checked by the caller) in one transaction,
    /// each audited; a measure whose owners are unchanged is left alone.
    /// Returns how many measures changed.
    pub async fn assign_owners(
        &self,
        (plan_id, plan_code): (i64, &str),
        list: &[NewOwners],
        source: &str,
        actor: &str,
    ) -> Result<usize> {
        if !OWNER_SOURCES.contains(&source) {
            return Err(StoreError::Corrupt(format!("owner source {source}")));
        }
        let current: BTreeMap<String, OwnerSet> = self
            .current_owners(plan_id)
            .await?
            .into_iter()
            .map(|s| (s.node_code.clone(), s))
            .collect();
        let now = self.now();
        let mut changed = 0;
        on_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            for n in list {
                let old = current.get(&n.node_code);
                if old.is_some_and(|o| o.owners == n.owners) {
                    continue;
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO measure_owner_sets (plan_id, node_code, accountable, assigned_at, assigned_by, source)
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(plan_id)
                .bind(&n.node_code)
                .bind(&n.owners.accountable)
                .bind(&now)
                .bind(actor)
                .bind(source)
                .fetch_one(&mut *tx)
                .await?;
                let members = n
                    .owners
                    .contributors
                    .iter()
                    .map(|u| ("contributor", u.as_str(), None))
                    .chain(n.owners.accounts.iter().enumerate().map(|(i, a)| {
                        (
                            "account",
                            a.as_str(),
                            n.units_then.get(i).cloned().flatten(),
                        )
                    }));
                for (position, (kind, value, unit_then)) in members.enumerate() {
                    sqlx::query(
                        "INSERT INTO measure_owner_members (set_id, kind, value, unit_then, position)
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(kind)
                    .bind(value)
                    .bind(unit_then)
                    .bind(i64::try_from(position).unwrap_or(i64::MAX))
                    .execute(&mut *tx)
                    .await?;
                }
                crate::audit::append(
                    self,
                    (&mut *tx).into(),
                    &AuditEvent {
                        actor,
                        action: "assign",
                        record_type: "measure_owners",
                        record_key: &format!("{plan_code}/{}", n.node_code),
                        detail: serde_json::json!({
                            "old": old.map(|o| &o.owners),
                            "new": &n.owners,
                            "source": source,
                        }),
                    },
                )
                .await?;
                changed += 1;
            }
            tx.commit().await?;
        });
        Ok(changed)
    }
}
