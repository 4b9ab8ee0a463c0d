//! Amounts of money: whole yen (円), never negative — costs of courses,
//! subsidies. Read once where they are typed or imported; the rest of the
//! code holds a [`Yen`].

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount in whole yen, 0 or more.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Yen(i64);

/// In the OpenAPI document: an integer from 0 to [`Yen::MAX`].
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Yen {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(0))
            .description(Some("An amount in whole yen (円), 0 or more"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Yen {}

impl Yen {
    /// The largest amount read from typed text: just under a trillion yen
    /// (larger ones are typing mistakes; stored ones are kept as they are).
    pub const MAX: i64 = 999_999_999_999;

    /// `n` yen, when n ≥ 0.
    pub fn new(n: i64) -> Option<Yen> {
        (n >= 0).then_some(Yen(n))
    }

    /// The amount, as stored.
    pub fn get(self) -> i64 {
        self.0
    }

    /// An amount as people type it: `12000`, `12,000`, `１２，０００`,
    /// `12,000円`, `¥12,000`. None for anything else (a fraction, a minus).
    pub fn parse(text: &str) -> Option<Yen> {
        let bare = text
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('円');
        crate::progress::parse_number(bare)
            .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= Self::MAX as f64)
            .and_then(|n| Yen::new(n as i64))
    }

    /// The sum (held at the largest integer rather than overflowing).
    pub fn total(amounts: impl IntoIterator<Item = Yen>) -> Yen {
        Yen(amounts
            .into_iter()
            .fold(0_i64, |sum, y| sum.saturating_add(y.0)))
    }
}

impl TryFrom<i64> for Yen {
    type Error = String;

    fn try_from(n: i64) -> Result<Yen, String> {
        Yen::new(n).ok_or_else(|| format!("{n} is not an amount of yen (0 or more)"))
    }
}

impl From<Yen> for i64 {
    fn from(y: Yen) -> i64 {
        y.0
    }
}

/// With thousands separators: `12,000`.
impl fmt::Display for Yen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_people_type_them() {
        for typed in [
            "12000",
            "12,000",
            "１２，０００",
            "12,000円",
            "¥12,000",
            " ￥12000 ",
        ] {
            assert_eq!(Yen::parse(typed), Yen::new(12000), "{typed}");
        }
        for bad in ["-1", "1.5", "abc", "", "1e15", "千円"] {
            assert_eq!(Yen::parse(bad), None, "{bad}");
        }
        assert_eq!(Yen::new(-1), None);
        assert_eq!(
            Yen::new(1_234_567).map(|y| y.to_string()).as_deref(),
            Some("1,234,567")
        );
        assert_eq!(Yen::new(0).map(|y| y.to_string()).as_deref(), Some("0"));
    }

    #[test]
    fn json_refuses_a_negative_amount() {
        assert_eq!(serde_json::from_str::<Yen>("3000").ok(), Yen::new(3000));
        assert!(serde_json::from_str::<Yen>("-5").is_err());
        assert_eq!(
            serde_json::to_string(&Yen::new(7)).ok().as_deref(),
            Some("7")
        );
    }

    #[test]
    fn totals_hold_at_the_maximum() {
        let big = Yen::new(i64::MAX).unwrap_or_default();
        assert_eq!(Yen::total([big, big]).get(), i64::MAX);
        assert_eq!(
            Yen::parse("1000000000000"),
            None,
            "typed amounts are bounded"
        );
        assert_eq!(
            Yen::total(Yen::new(5).into_iter().chain(Yen::new(7))).get(),
            12
        );
    }
}
