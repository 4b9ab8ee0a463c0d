//! Personnel evaluation's use cases, shared by pages, the API and the CLI:
//! the scheme, opening a year's periods, the evaluators' chains (who may
//! see which) and the evaluator-training exceptions HR watches.

pub mod distribution;
pub mod progress;
pub mod sheet;
pub mod talks;

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::evaluation::{Chain, ChainRole, Scheme};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::progress::FieldError;
use jinzai_store::evaluation::latest_on;
use jinzai_store::{ImportOptions, ImportSummary, Store};
use serde::Serialize;

/// Checks a scheme, every problem at its field.
pub fn check_scheme(scheme: &Scheme) -> Result<(), Failure> {
    let problems = scheme.check();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::Invalid(
            problems
                .into_iter()
                .map(|p| FieldError::new(p.field, "invalid", p.message))
                .collect(),
        ))
    }
}

/// Sets the scheme after checking it.
pub async fn set_scheme(store: &Store, scheme: &Scheme, actor: &str) -> Result<(), Failure> {
    check_scheme(scheme)?;
    store.set_evaluation_scheme(scheme, actor).await?;
    Ok(())
}

/// Chains entered as a list (the API's body, a page's form): all or
/// nothing, problems named `chains[i].field`.
pub async fn save_chains(
    store: &Store,
    list: &[Chain],
    who: &Principal,
    dry_run: bool,
) -> Result<ImportSummary, Failure> {
    let actor = who.actor();
    let entered = serde_json::to_value(list).unwrap_or_default();
    let opts = ImportOptions {
        entered: Some(&entered),
        ..ImportOptions::by(&actor, "entry").with_dry_run(dry_run)
    };
    match store.import_chains(list, opts).await {
        Ok(s) => Ok(s),
        Err(jinzai_store::StoreError::Records(problems)) => Err(Failure::Invalid(
            problems
                .iter()
                .map(|p| {
                    FieldError::new(
                        format!("chains[{}].{}", p.index, p.field),
                        "invalid",
                        p.message.clone(),
                    )
                })
                .collect(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The chains of a year `who` may see: HR every one; anyone else the ones
/// they are evaluated under or hold a place in.
pub async fn visible_chains(
    store: &Store,
    year: FiscalYear,
    who: &Principal,
    evaluatee: Option<&str>,
) -> Result<Vec<Chain>, Failure> {
    let list = match (who.has(Role::Hr), evaluatee) {
        (true, Some(e)) => store.chains_of(year, e).await?,
        (true, None) => store.chains(year).await?,
        (false, _) => {
            let Some(me) = &who.staff_number else {
                return Ok(Vec::new());
            };
            let mut mine = store.chains_with(year, me.as_str()).await?;
            mine.extend(store.chains_of(year, me.as_str()).await?);
            mine.sort_by(|a, b| (&a.evaluatee, a.from).cmp(&(&b.evaluatee, b.from)));
            mine.dedup();
            mine.retain(|c| evaluatee.is_none_or(|e| c.evaluatee.as_str() == e));
            mine
        }
    };
    Ok(list)
}

/// An evaluator (一次・二次) without evaluator training within the
/// scheme's years before their chain starts.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingException {
    pub evaluatee: StaffNumber,
    pub role: ChainRole,
    pub evaluator: StaffNumber,
    pub from: NaiveDate,
    /// Their latest evaluator training before the chain starts.
    pub last_training: Option<NaiveDate>,
    /// HR's reason, when the exception was made knowingly.
    pub reason: Option<String>,
}

/// A year's evaluators without recent evaluator training, chain by chain
/// (each chain in force at some time of the year).
pub async fn training_exceptions(
    store: &Store,
    year: FiscalYear,
) -> Result<Vec<TrainingException>, Failure> {
    let scheme = store.evaluation_scheme().await?;
    let trained = store.evaluator_training().await?;
    let chains = store.chains(year).await?;
    let last = |n: &StaffNumber, on: NaiveDate| latest_on(&trained, n, on);
    let mut out = Vec::new();
    for c in &chains {
        for role in c.untrained(scheme.training_years, &last) {
            let Some(evaluator) = c.member(role) else {
                continue;
            };
            out.push(TrainingException {
                evaluatee: c.evaluatee.clone(),
                role,
                evaluator: evaluator.clone(),
                from: c.from,
                last_training: last(evaluator, c.from),
                reason: c.training_exception.clone(),
            });
        }
    }
    Ok(out)
}

/// The year a page opens on: the current fiscal year, or the latest one
/// before it whose periods are open (the records may end earlier).
pub async fn latest_year(
    store: &Store,
    clock: jinzai_domain::Clock,
) -> Result<FiscalYear, Failure> {
    let now = clock.fiscal_year();
    let open = store.evaluation_periods(None).await?;
    Ok(open
        .iter()
        .map(|p| p.period.fiscal_year)
        .filter(|y| *y <= now.0)
        .max()
        .map_or(now, FiscalYear))
}

/// Opens a year's periods (HR).
pub async fn open_year(
    store: &Store,
    year: FiscalYear,
    actor: &str,
) -> Result<Vec<jinzai_store::evaluation::StoredPeriod>, Failure> {
    if year.start().is_none() {
        return Err(Failure::BadRequest {
            code: "bad_year",
            message: Message::new("fiscal_year_implausible").arg("year", year.0),
        });
    }
    Ok(store.open_evaluation_year(year, actor).await?)
}
