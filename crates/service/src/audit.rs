//! The audit log's shared reading: the filters of the page, the API and the download.

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::i18n::Message;
use jinzai_store::AuditQuery;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct AuditForm {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub record_type: String,
    #[serde(default)]
    pub record_key: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    pub page: Option<i64>,
}

pub const AUDIT_PAGE: i64 = 100;

impl AuditForm {
    pub fn query(&self, limit: i64) -> Result<AuditQuery, Failure> {
        let day = |s: &str, field: &'static str| -> Result<Option<NaiveDate>, Failure> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            jinzai_domain::date::parse_date(s)
                .map(Some)
                .map_err(|_| Failure::BadRequest {
                    code: "bad_date",
                    message: Message::new("audit_bad_date")
                        .arg("field", field)
                        .arg("text", s),
                })
        };
        Ok(AuditQuery {
            actor: self.actor.trim().to_owned(),
            record_type: self.record_type.trim().to_owned(),
            record_key: self.record_key.trim().to_owned(),
            from: day(&self.from, "from")?,
            to: day(&self.to, "to")?,
            limit,
            offset: (self.page.unwrap_or(1).max(1) - 1) * limit,
        })
    }
}
