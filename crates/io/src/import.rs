//! Importing an HR file into the store: read the sheet, check every row,
//! then write all records in one transaction — or nothing, with every
//! problem placed as row and column. Used by the CLI and the web upload.

use crate::read::people as sheets;
use crate::read::rows::Parsed;
use crate::read::training;
use crate::read::{InputEncoding, Problem, read_sheet};
use jinzai_store::{ImportError, ImportOptions, ImportSummary, Store, StoreError};

/// The kinds of HR records files carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Units,
    Staff,
    Assignments,
    Events,
    Courses,
    Sessions,
    Participations,
    OjtPlans,
    SelfDevelopment,
    Needs,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Units,
        Kind::Staff,
        Kind::Assignments,
        Kind::Events,
        Kind::Courses,
        Kind::Sessions,
        Kind::Participations,
        Kind::OjtPlans,
        Kind::SelfDevelopment,
        Kind::Needs,
    ];

    /// The name [`Kind::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Units => "units",
            Kind::Staff => "staff",
            Kind::Assignments => "assignments",
            Kind::Events => "events",
            Kind::Courses => "courses",
            Kind::Sessions => "sessions",
            Kind::Participations => "participations",
            Kind::OjtPlans => "ojt_plans",
            Kind::SelfDevelopment => "self_development",
            Kind::Needs => "training_needs",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// What importing a file did.
#[derive(Debug)]
pub enum Outcome {
    Done(ImportSummary),
    Problems(Vec<Problem>),
}

async fn store_parsed<T>(
    parsed: Parsed<T>,
    write: impl AsyncFnOnce(&[T]) -> Result<ImportSummary, ImportError>,
) -> Result<Outcome, StoreError> {
    match write(&parsed.records).await {
        Ok(summary) => Ok(Outcome::Done(summary)),
        Err(ImportError::Invalid(problems)) => Ok(Outcome::Problems(parsed.place_all(problems))),
        Err(ImportError::Store(e)) => Err(e),
    }
}

/// Reads, checks and stores a file's records of `kind`.
pub async fn import_bytes(
    store: &Store,
    kind: Kind,
    bytes: &[u8],
    encoding: InputEncoding,
    opts: ImportOptions<'_>,
) -> Result<Outcome, StoreError> {
    let sheet = match read_sheet(bytes, encoding) {
        Ok(s) => s,
        Err(p) => return Ok(Outcome::Problems(vec![p])),
    };
    match kind {
        Kind::Events => match sheets::read_events(&sheet) {
            Err(p) => Ok(Outcome::Problems(p)),
            Ok(parsed) => store_parsed(parsed, async |r| store.import_events(r, opts).await).await,
        },
        Kind::Units => match sheets::read_units(&sheet) {
            Err(p) => Ok(Outcome::Problems(p)),
            Ok(parsed) => store_parsed(parsed, async |r| store.import_units(r, opts).await).await,
        },
        Kind::Staff => match sheets::read_staff(&sheet) {
            Err(p) => Ok(Outcome::Problems(p)),
            Ok(parsed) => store_parsed(parsed, async |r| store.import_staff(r, opts).await).await,
        },
        Kind::Courses => match training::read_courses(&sheet) {
            Err(p) => Ok(Outcome::Problems(p)),
            Ok(parsed) => store_parsed(parsed, async |r| store.import_courses(r, opts).await).await,
        },
        Kind::Sessions => match training::read_sessions(&sheet) {
            Err(p) => Ok(Outcome::Problems(p)),
            Ok(parsed) => {
                store_parsed(parsed, async |r| store.import_sessions(r, opts).await).await
            }
        },
        Kind::Participations => match training::read_participations(&sheet) {
            Err(p) => Ok(Outcome::Problems(p)),
            Ok(parsed) => {
                store_parsed(parsed, async |r| store.import_participations(r, opts).await).await
            }
        },
        Kind::OjtPlans => match training::read_ojt_plans(&sheet) {
            Err(p) => Ok(Outcome::Problems(p)),
            Ok(parsed) => {
                store_parsed(parsed, async |r| store.import_ojt_plans(r, opts).await).await
            }
        },
        Kind::SelfDevelopment => match training::read_self_development(&sheet) {
            Err(p) => Ok(Outcome::Problems(p)),
            Ok(parsed) => {
                store_parsed(parsed, async |r| {
                    store.import_self_development(r, opts).await
                })
                .await
            }
        },
        Kind::Needs => match training::read_needs(&sheet) {
            Err(p) => Ok(Outcome::Problems(p)),
            Ok(parsed) => store_parsed(parsed, async |r| store.import_needs(r, opts).await).await,
        },
        Kind::Assignments => match sheets::read_assignments(&sheet) {
            Err(p) => Ok(Outcome::Problems(p)),
            Ok(parsed) => {
                let labels = parsed.row_labels();
                store_parsed(parsed, async |r| {
                    store.import_assignments(r, &labels, opts).await
                })
                .await
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn kind_names_read_back() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.name()), Some(k));
        }
    }
}
