//! The keys people type to name a record: 職員番号 (staff numbers) and
//! 組織コード (unit codes). Read once where they are typed, imported or
//! sent — NFKC-folded (so `０１２３` is `0123`), trimmed, checked — and
//! held as an [`Id`] from then on, so no later layer compares a full-width
//! number with a half-width one.

use crate::i18n::{Language, Message};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::hash::Hash;
use std::marker::PhantomData;
use std::ops::Deref;
use unicode_normalization::UnicodeNormalization;

/// What one kind of key allows.
pub trait IdRule: Copy + Eq + Ord + Hash + fmt::Debug {
    /// The schema's name in the OpenAPI document.
    const NAME: &'static str;
    /// The longest key, in characters.
    const MAX: usize;
    /// The same rule as a regular expression, for API clients.
    const PATTERN: &'static str;
    const DESCRIPTION: &'static str;
    /// The catalogue message for a key that breaks the rule; it takes the
    /// key as its argument [`IdRule::ARG`].
    const BAD: &'static str;
    const ARG: &'static str;
    /// May a key contain `c` (after NFKC)?
    fn allowed(c: char) -> bool;
}

/// 職員番号: letters, digits and hyphens, 20 at most; leading zeros kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StaffNumberRule {}

impl IdRule for StaffNumberRule {
    const NAME: &'static str = "StaffNumber";
    const MAX: usize = 20;
    const PATTERN: &'static str = "^[A-Za-z0-9-]{1,20}$";
    const DESCRIPTION: &'static str = "職員番号 (staff number): letters, digits and hyphens, 20 at most; full-width input is folded";
    const BAD: &'static str = "people_staff_number_bad";
    const ARG: &'static str = "number";
    fn allowed(c: char) -> bool {
        c.is_ascii_alphanumeric() || c == '-'
    }
}

/// 組織コード: letters, digits, hyphens and underscores, 20 at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitCodeRule {}

impl IdRule for UnitCodeRule {
    const NAME: &'static str = "UnitCode";
    const MAX: usize = 20;
    const PATTERN: &'static str = "^[A-Za-z0-9_-]{1,20}$";
    const DESCRIPTION: &'static str = "組織コード (unit code): letters, digits, hyphens and underscores, 20 at most; full-width input is folded";
    const BAD: &'static str = "people_unit_code_bad";
    const ARG: &'static str = "code";
    fn allowed(c: char) -> bool {
        c.is_ascii_alphanumeric() || c == '-' || c == '_'
    }
}

/// A key of kind `R`, checked.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id<R>(String, PhantomData<R>);

pub type StaffNumber = Id<StaffNumberRule>;
pub type UnitCode = Id<UnitCodeRule>;

impl<R: IdRule> Id<R> {
    /// A key as typed: NFKC-folded and trimmed, then checked against `R`.
    pub fn parse(input: &str) -> Result<Id<R>, Message> {
        // ASCII is its own NFKC form: most keys skip the normaliser.
        let folded: String = if input.is_ascii() {
            input.trim().to_owned()
        } else {
            input.nfkc().collect::<String>().trim().to_owned()
        };
        let count = folded.chars().count();
        if count == 0 || count > R::MAX || !folded.chars().all(R::allowed) {
            return Err(Message::new(R::BAD).arg(R::ARG, input));
        }
        Ok(Id(folded, PhantomData))
    }

    /// A key already in shape: read back from the store, where only parsed
    /// keys are written (older rows are kept as they are rather than
    /// refused), or built by code in the rule's shape (the generator).
    pub fn stored(key: String) -> Id<R> {
        Id(key, PhantomData)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl<R> Deref for Id<R> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<R> AsRef<str> for Id<R> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// So that maps keyed by [`Id`] are looked up with a `&str`.
impl<R> Borrow<str> for Id<R> {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl<R> fmt::Display for Id<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<R> fmt::Debug for Id<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl<R> PartialEq<str> for Id<R> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl<R> PartialEq<&str> for Id<R> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl<R> PartialEq<String> for Id<R> {
    fn eq(&self, other: &String) -> bool {
        self.0 == *other
    }
}

impl<R> From<Id<R>> for String {
    fn from(id: Id<R>) -> String {
        id.0
    }
}

/// A key written in the code itself (fixtures, the demo): only a
/// `&'static str` converts, so text that arrives at run time must go
/// through [`Id::parse`].
impl<R: IdRule> From<&'static str> for Id<R> {
    fn from(key: &'static str) -> Id<R> {
        debug_assert!(
            Id::<R>::parse(key).is_ok_and(|p| p.0 == key),
            "{key:?} is not a {}",
            R::NAME
        );
        Id(key.to_owned(), PhantomData)
    }
}

impl<R: IdRule> std::str::FromStr for Id<R> {
    type Err = Message;
    fn from_str(s: &str) -> Result<Id<R>, Message> {
        Id::parse(s)
    }
}

impl<R> Serialize for Id<R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A key sent in JSON is read like a typed one: a bad key is refused (422,
/// naming the field) before any use case sees it.
impl<'de, R: IdRule> Deserialize<'de> for Id<R> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Id<R>, D::Error> {
        let text = String::deserialize(d)?;
        Id::parse(&text).map_err(|m| serde::de::Error::custom(m.render(Language::En)))
    }
}

/// Stored as text on both engines; read back with [`Id::stored`].
#[cfg(feature = "sqlx")]
impl<R, DB: sqlx::Database> sqlx::Type<DB> for Id<R>
where
    String: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as sqlx::Type<DB>>::type_info()
    }
    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as sqlx::Type<DB>>::compatible(ty)
    }
}

#[cfg(feature = "sqlx")]
impl<'q, R, DB: sqlx::Database> sqlx::Encode<'q, DB> for Id<R>
where
    String: sqlx::Encode<'q, DB>,
{
    fn encode_by_ref(
        &self,
        buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        self.0.encode_by_ref(buf)
    }
}

#[cfg(feature = "sqlx")]
impl<'r, R, DB: sqlx::Database> sqlx::Decode<'r, DB> for Id<R>
where
    String: sqlx::Decode<'r, DB>,
{
    fn decode(
        value: <DB as sqlx::Database>::ValueRef<'r>,
    ) -> Result<Id<R>, sqlx::error::BoxDynError> {
        Ok(Id(
            <String as sqlx::Decode<'r, DB>>::decode(value)?,
            PhantomData,
        ))
    }
}

#[cfg(feature = "openapi")]
impl<R: IdRule> utoipa::PartialSchema for Id<R> {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(R::MAX))
            .description(Some(R::DESCRIPTION))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl<R: IdRule> utoipa::ToSchema for Id<R> {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(R::NAME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_folded_once_and_checked() {
        let n = StaffNumber::parse(" ０１２３４５ ").map(Id::into_string);
        assert_eq!(n.as_deref(), Ok("012345"), "full-width digits fold");
        assert_eq!(
            UnitCode::parse("Ｋ０１＿a").map(Id::into_string).as_deref(),
            Ok("K01_a")
        );
        for bad in ["", "  ", "12 34", "職員1", "1234567890123456789012", "a_b"] {
            let m = StaffNumber::parse(bad).err();
            assert_eq!(
                m.as_ref().map(|m| m.key),
                Some("people_staff_number_bad"),
                "{bad:?}"
            );
        }
        assert!(UnitCode::parse("K 01").is_err());
        assert!(UnitCode::parse("人事課").is_err());
    }

    #[test]
    fn json_reads_keys_as_typed_and_refuses_bad_ones() {
        let n: StaffNumber = serde_json::from_str("\"１００００１\"").unwrap_or_else(|e| {
            panic!("{e}");
        });
        assert_eq!(n, "100001");
        assert_eq!(
            serde_json::to_string(&n).ok().as_deref(),
            Some("\"100001\"")
        );
        let bad = serde_json::from_str::<StaffNumber>("\"a b\"");
        assert!(bad.is_err_and(|e| e.to_string().contains("a b")));
    }

    #[test]
    fn maps_keyed_by_ids_are_looked_up_by_text() {
        let mut m = std::collections::HashMap::new();
        m.insert(StaffNumber::stored("100001".into()), 1);
        assert_eq!(m.get("100001"), Some(&1));
    }
}
