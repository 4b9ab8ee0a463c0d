//! Numbers in JSON as people read them: a whole number is written as an
//! integer (`"fiscal_year": 2015`, `"target": 140`), not `2015.0`; a
//! fraction stays a fraction. Put on a field with
//! `#[serde(serialize_with = "crate::json::whole")]` (or `whole_opt`).
//! Reading is unchanged: an integer reads into an `f64` as it is.

use serde::Serializer;

/// Integers exactly representable in an `f64` (±2⁵³).
const EXACT: f64 = 9_007_199_254_740_992.0;

pub fn whole<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() <= EXACT {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

pub fn whole_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => whole(v, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize)]
    struct T {
        #[serde(serialize_with = "super::whole")]
        a: f64,
        #[serde(serialize_with = "super::whole_opt")]
        b: Option<f64>,
        #[serde(serialize_with = "super::whole_opt")]
        c: Option<f64>,
    }

    #[test]
    fn whole_numbers_are_integers_and_fractions_stay() {
        let t = T {
            a: 2015.0,
            b: Some(12.5),
            c: None,
        };
        assert_eq!(
            serde_json::to_string(&t).ok().as_deref(),
            Some(r#"{"a":2015,"b":12.5,"c":null}"#)
        );
        let big = T {
            a: 1e300,
            b: Some(-3.0),
            c: Some(f64::NAN),
        };
        let text = serde_json::to_string(&big).unwrap_or_default();
        assert_eq!(
            text, r#"{"a":1e+300,"b":-3,"c":null}"#,
            "NaN is null in JSON"
        );
    }
}
