//! Reading stored rows back into domain values, shared by every module's
//! store: a list of `FromRow` rows into records, a stored code into its
//! enum, a stored amount into yen.

use crate::{Result, StoreError};
use jinzai_domain::money::Yen;
use jinzai_domain::people::codes::Coded;

/// Reads rows of `R` into records of `T` (a stored row's `TryFrom`).
pub(crate) fn records<R, T>(rows: Vec<R>) -> Result<Vec<T>>
where
    T: TryFrom<R, Error = StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}

/// A stored code read back as its enumeration.
pub(crate) fn coded<T: Coded>(code: &str) -> Result<T> {
    T::from_code(code)
        .ok_or_else(|| StoreError::Corrupt(format!("{:?} is not a {}", code, T::LIST.name)))
}

/// A stored amount read back as yen.
pub(crate) fn yen(n: i64) -> Result<Yen> {
    Yen::new(n).ok_or_else(|| StoreError::Corrupt(format!("{n} is not an amount of yen")))
}
