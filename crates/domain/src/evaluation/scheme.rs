//! The city's evaluation scheme (評価制度): its rating scale, the items and
//! weights of its 能力評価 sheet, how 業績評価 periods run, the complaint
//! window, the evaluator-training rule and the publication rules. Kept as
//! data: a city writes its own words.

use crate::i18n::Message;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A rating band of the scale (S, A, B …), highest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// What a rating stores and files name: `S`.
    pub code: String,
    /// How pages show it: `S（特に優秀）`.
    pub label: String,
    /// Its points when item ratings are weighed into an overall one.
    pub points: f64,
    /// The lowest weighted mean of points that gives this band overall.
    pub from: f64,
    /// The share of evaluatees the city aims at in this band, in percent
    /// (大阪市: 5/20/60/10/5), shown beside the published distribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_share: Option<f64>,
}

/// An item of the 能力評価 sheet, with its weight (the weights add up to
/// 100).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SheetItem {
    pub code: String,
    pub title: String,
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// The scale, highest band first.
    pub bands: Vec<Band>,
    /// The 能力評価 sheet's items. 業績評価 rates the goals set at each
    /// evaluatee's 期首面談, weighted as agreed there.
    pub ability_items: Vec<SheetItem>,
    /// 業績評価 per half-year (上期・下期) rather than for the year.
    pub performance_half_yearly: bool,
    /// Days after 開示 (counted from the next day) a complaint may be filed.
    pub complaint_days: u32,
    /// Count those days on working days only (閉庁日 left out).
    pub complaint_working_days: bool,
    /// Published figures withhold any cell of fewer people than this.
    pub min_cell: u32,
    /// An evaluator (一次・二次) must have taken evaluator training within
    /// this many years before their chain starts.
    pub training_years: u32,
}

impl Default for Scheme {
    /// The scheme jinzai ships (`default-scheme.toml`; a unit test keeps it
    /// readable and usable: were it not, this would be an empty scheme that
    /// every check refuses).
    fn default() -> Self {
        toml::from_str(include_str!("default-scheme.toml")).unwrap_or(Scheme {
            bands: Vec::new(),
            ability_items: Vec::new(),
            performance_half_yearly: true,
            complaint_days: 0,
            complaint_working_days: false,
            min_cell: 0,
            training_years: 0,
        })
    }
}

/// A problem with a scheme, at its field (`bands[2].from`).
#[derive(Debug, Clone, PartialEq)]
pub struct SchemeProblem {
    pub field: String,
    pub message: Message,
}

impl Scheme {
    /// The band of a code.
    pub fn band(&self, code: &str) -> Option<&Band> {
        self.bands.iter().find(|b| b.code == code)
    }

    /// The overall band of a weighted mean of points.
    pub fn band_of(&self, mean: f64) -> Option<&Band> {
        self.bands.iter().find(|b| mean >= b.from)
    }

    /// Every problem, at its field; none for a usable scheme.
    pub fn check(&self) -> Vec<SchemeProblem> {
        let mut out = Vec::new();
        let mut p = |field: String, key: &'static str| {
            out.push(SchemeProblem {
                field,
                message: Message::new(key),
            })
        };
        if self.bands.len() < 2 {
            p("bands".into(), "evaluation_scheme_few_bands");
        }
        let mut codes = HashSet::new();
        for (i, b) in self.bands.iter().enumerate() {
            if b.code.trim().is_empty() || b.code.contains(',') {
                p(format!("bands[{i}].code"), "evaluation_scheme_band_code");
            } else if !codes.insert(b.code.as_str()) {
                p(format!("bands[{i}].code"), "evaluation_scheme_band_twice");
            }
            if b.label.trim().is_empty() {
                p(
                    format!("bands[{i}].label"),
                    "evaluation_scheme_label_missing",
                );
            }
            if let Some(prev) = i.checked_sub(1).and_then(|j| self.bands.get(j))
                && (b.points >= prev.points || b.from >= prev.from)
            {
                p(
                    format!("bands[{i}].points"),
                    "evaluation_scheme_bands_order",
                );
            }
            if b.target_share.is_some_and(|s| !(0.0..=100.0).contains(&s)) {
                p(
                    format!("bands[{i}].target_share"),
                    "evaluation_scheme_share_range",
                );
            }
        }
        if self.bands.last().is_some_and(|b| b.from > 0.0) {
            p(
                format!("bands[{}].from", self.bands.len().saturating_sub(1)),
                "evaluation_scheme_lowest_from",
            );
        }
        let shares: Vec<f64> = self.bands.iter().filter_map(|b| b.target_share).collect();
        if !shares.is_empty()
            && (shares.len() != self.bands.len()
                || (shares.iter().sum::<f64>() - 100.0).abs() > 0.05)
        {
            p("bands".into(), "evaluation_scheme_shares_total");
        }
        if self.ability_items.is_empty() {
            p("ability_items".into(), "evaluation_scheme_no_items");
        }
        let mut items = HashSet::new();
        for (i, it) in self.ability_items.iter().enumerate() {
            if it.code.trim().is_empty() || !items.insert(it.code.as_str()) {
                p(
                    format!("ability_items[{i}].code"),
                    "evaluation_scheme_item_code",
                );
            }
            if it.title.trim().is_empty() {
                p(
                    format!("ability_items[{i}].title"),
                    "evaluation_scheme_label_missing",
                );
            }
            if it.weight == 0 {
                p(
                    format!("ability_items[{i}].weight"),
                    "evaluation_scheme_weight_zero",
                );
            }
        }
        if !self.ability_items.is_empty()
            && self.ability_items.iter().map(|i| i.weight).sum::<u32>() != 100
        {
            p("ability_items".into(), "evaluation_scheme_weights_total");
        }
        if self.complaint_days == 0 {
            p("complaint_days".into(), "evaluation_scheme_complaint_days");
        }
        if self.min_cell == 0 {
            p("min_cell".into(), "evaluation_scheme_min_cell");
        }
        if self.training_years == 0 {
            p("training_years".into(), "evaluation_scheme_training_years");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scheme_reads_and_is_usable() {
        let s = Scheme::default();
        assert_eq!(s.check(), vec![]);
        assert_eq!(s.bands.len(), 5);
        assert_eq!(s.band_of(3.4).map(|b| b.code.as_str()), Some("B"));
        assert_eq!(s.band_of(4.5).map(|b| b.code.as_str()), Some("S"));
        assert_eq!(s.band_of(0.2).map(|b| b.code.as_str()), Some("D"));
    }

    #[test]
    fn problems_name_their_field() {
        let mut s = Scheme::default();
        s.bands[1].points = 9.0;
        s.bands[2].code = "S".into();
        s.ability_items[0].weight = 10;
        s.bands[0].target_share = Some(5.0);
        s.min_cell = 0;
        let fields: Vec<String> = s.check().into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "bands[1].points",
                "bands[2].code",
                "bands",
                "ability_items",
                "min_cell"
            ]
        );
    }
}
