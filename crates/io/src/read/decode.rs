//! Decoding CSV bytes: UTF-8 (BOM or not) or CP932, detected or forced; an
//! undecodable byte is reported with its offset.

use super::InputEncoding;
use jinzai_domain::i18n::Message;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error(
        "UTF-8 として読めないバイトがあります（{offset} バイト目）。CP932 なら --encoding cp932 を指定してください"
    )]
    NotUtf8 { offset: usize },
    #[error("CP932（Shift_JIS）として読めないバイトがあります（{offset} バイト目）")]
    NotCp932 { offset: usize },
}

impl DecodeError {
    /// What to tell the person who sent the file.
    pub fn message(&self) -> Message {
        match self {
            DecodeError::NotUtf8 { offset } => {
                Message::new("imports_not_utf8").arg("offset", offset)
            }
            DecodeError::NotCp932 { offset } => {
                Message::new("imports_not_cp932").arg("offset", offset)
            }
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn decode(bytes: &[u8], encoding: InputEncoding) -> Result<String, DecodeError> {
    let utf8 = |b: &[u8]| {
        std::str::from_utf8(b)
            .map(str::to_owned)
            .map_err(|e| DecodeError::NotUtf8 {
                offset: e.valid_up_to(),
            })
    };
    match encoding {
        InputEncoding::Utf8 => utf8(bytes.strip_prefix(BOM).unwrap_or(bytes)),
        InputEncoding::Cp932 => cp932(bytes),
        InputEncoding::Detect => match bytes.strip_prefix(BOM) {
            Some(rest) => utf8(rest),
            None => utf8(bytes).or_else(|_| cp932(bytes)),
        },
    }
}

fn cp932(bytes: &[u8]) -> Result<String, DecodeError> {
    let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let mut read_total = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[read_total..], &mut out, true);
        read_total += read;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(out),
            encoding_rs::DecoderResult::OutputFull => out.reserve(bytes.len()),
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                return Err(DecodeError::NotCp932 {
                    offset: read_total - usize::from(bad) - usize::from(after),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_bom_utf8_and_cp932() {
        assert_eq!(
            decode(b"\xEF\xBB\xBF\xE9\xAB\x99", InputEncoding::Detect).as_deref(),
            Ok("髙")
        );
        assert_eq!(
            decode("髙橋".as_bytes(), InputEncoding::Detect).as_deref(),
            Ok("髙橋")
        );
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("職員番号,髙橋,ｶﾅ");
        assert_eq!(
            decode(&sjis, InputEncoding::Detect).as_deref(),
            Ok("職員番号,髙橋,ｶﾅ")
        );
    }

    #[test]
    fn names_the_offset_of_a_bad_byte() {
        assert_eq!(
            decode(b"ab\xFFcd", InputEncoding::Utf8),
            Err(DecodeError::NotUtf8 { offset: 2 })
        );
        // 0x82 0x20 is not a CP932 character.
        assert_eq!(
            decode(b"abc\x82\x20", InputEncoding::Cp932),
            Err(DecodeError::NotCp932 { offset: 3 })
        );
        assert!(decode(b"abc\x82\x20", InputEncoding::Detect).is_err());
    }
}
