//! Forms that carry a file (multipart): the file and the other fields,
//! read once for every upload page.

use crate::error::Failure;
use axum::extract::Multipart;
use jinzai_domain::i18n::Message;
use std::collections::HashMap;

/// The largest file an import takes: enough for a Tokyo-scale staff or
/// assignment file. Uploads are spooled (to disk beyond
/// [`SPOOL_IN_MEMORY`]), never held whole as a request body.
pub const IMPORT_LIMIT: usize = 256 * 1024 * 1024;

/// An upload smaller than this stays in memory.
const SPOOL_IN_MEMORY: usize = 4 * 1024 * 1024;

/// A spooled file: in memory while small, a temporary file beyond.
#[derive(Debug)]
pub struct Spooled {
    file: tempfile::SpooledTempFile,
    len: usize,
}

impl Spooled {
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes received.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The file to read from its start.
    pub fn into_reader(mut self) -> std::io::Result<tempfile::SpooledTempFile> {
        use std::io::Seek;
        self.file.rewind()?;
        Ok(self.file)
    }

    /// The whole file (for small ones: a plan, an owners list).
    pub fn into_bytes(self) -> Result<Vec<u8>, Failure> {
        use std::io::Read;
        let mut bytes = Vec::with_capacity(self.len);
        self.into_reader()
            .and_then(|mut r| r.read_to_end(&mut bytes))
            .map_err(spool_failed)?;
        Ok(bytes)
    }
}

fn spool_failed(e: std::io::Error) -> Failure {
    Failure::Internal(Message::new("internal_detail").arg("detail", e))
}

fn too_large() -> Failure {
    Failure::BadRequest {
        code: "file_too_large",
        message: Message::new("upload_too_large").arg("limit", IMPORT_LIMIT / 1024 / 1024),
    }
}

/// Writes a stream of chunks to a spooled file, refusing more than
/// [`IMPORT_LIMIT`] bytes.
pub async fn spool<S, E>(chunks: S) -> Result<Spooled, Failure>
where
    S: futures_util::Stream<Item = Result<axum::body::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    spool_at_most(chunks, IMPORT_LIMIT).await
}

async fn spool_at_most<S, E>(mut chunks: S, limit: usize) -> Result<Spooled, Failure>
where
    S: futures_util::Stream<Item = Result<axum::body::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    use futures_util::StreamExt;
    use std::io::Write;
    let mut out = Spooled {
        file: tempfile::SpooledTempFile::new(SPOOL_IN_MEMORY),
        len: 0,
    };
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|e| {
            if e.to_string().contains("length limit exceeded") {
                too_large()
            } else {
                Failure::BadRequest {
                    code: "bad_upload",
                    message: Message::new("bad_upload").arg("detail", e.to_string()),
                }
            }
        })?;
        out.len += chunk.len();
        if out.len > limit {
            return Err(too_large());
        }
        out.file.write_all(&chunk).map_err(spool_failed)?;
    }
    Ok(out)
}

/// An uploaded form: the file (name and content) and the other fields.
#[derive(Debug)]
pub struct Upload {
    pub file_name: String,
    /// The file's type as the browser declared it.
    pub content_type: Option<String>,
    pub content: Spooled,
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

/// Reads a multipart form whose file field is `file` (spooled, at most
/// [`IMPORT_LIMIT`]); a file sent without a name is called `default_name`.
pub async fn read(mut multipart: Multipart, default_name: &str) -> Result<Upload, Failure> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            return too_large();
        }
        Failure::BadRequest {
            code: "bad_upload",
            message: Message::new("bad_upload").arg("detail", e),
        }
    };
    let mut up = Upload {
        file_name: String::new(),
        content_type: None,
        content: Spooled {
            file: tempfile::SpooledTempFile::new(SPOOL_IN_MEMORY),
            len: 0,
        },
        fields: HashMap::new(),
    };
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            up.file_name = field.file_name().unwrap_or(default_name).to_owned();
            up.content_type = field.content_type().map(str::to_owned);
            up.content = spool(field).await?;
        } else {
            let text = field.text().await.map_err(bad)?;
            up.fields.insert(name, text);
        }
    }
    Ok(up)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(
        n: usize,
    ) -> impl futures_util::Stream<Item = Result<axum::body::Bytes, String>> + Unpin {
        futures_util::stream::iter(
            (0..n).map(|i| Ok(axum::body::Bytes::from(vec![b'a' + i as u8; 4]))),
        )
    }

    #[tokio::test]
    async fn a_file_over_the_limit_is_refused_saying_the_limit() {
        let Ok(up) = spool_at_most(chunks(3), 12).await else {
            panic!("12 bytes fit");
        };
        assert_eq!(up.into_bytes().ok().as_deref(), Some(&b"aaaabbbbcccc"[..]));
        let Err(Failure::BadRequest { code, message }) = spool_at_most(chunks(4), 12).await else {
            panic!("16 bytes do not");
        };
        assert_eq!(code, "file_too_large");
        assert!(
            message
                .render(jinzai_domain::i18n::Language::Ja)
                .contains("256 MiB")
        );
    }
}
