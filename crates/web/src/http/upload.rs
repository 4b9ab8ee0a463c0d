//! Forms that carry a file (multipart): the file and the other fields,
//! read once for every upload page.

use crate::error::Failure;
use axum::extract::Multipart;
use jinzai_domain::i18n::Message;
use std::collections::HashMap;

/// An uploaded form: the file (name and bytes) and the other fields.
#[derive(Debug, Default)]
pub struct Upload {
    pub file_name: String,
    pub content: Vec<u8>,
    fields: HashMap<String, String>,
}

impl Upload {
    /// A text field as sent ("" when absent).
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    /// Whether the form sent the field at all (a checkbox).
    pub fn has(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }
}

/// Reads a multipart form whose file field is `file`; a file sent without
/// a name is called `default_name`.
pub async fn read(mut multipart: Multipart, default_name: &str) -> Result<Upload, Failure> {
    let bad = |e: axum::extract::multipart::MultipartError| Failure::BadRequest {
        code: "bad_upload",
        message: Message::new("bad_upload").arg("detail", e),
    };
    let mut up = Upload::default();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            up.file_name = field.file_name().unwrap_or(default_name).to_owned();
            up.content = field.bytes().await.map_err(bad)?.to_vec();
        } else {
            let text = field.text().await.map_err(bad)?;
            up.fields.insert(name, text);
        }
    }
    Ok(up)
}
