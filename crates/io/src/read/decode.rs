//! Decoding CSV bytes: UTF-8 (BOM or not) or CP932, detected or forced; an
//! undecodable byte is reported with its offset.

use super::InputEncoding;
use jinzai_domain::i18n::Message;
use std::io::{Read, Seek, SeekFrom};

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

/// The bytes read at a time.
const CHUNK: usize = 64 * 1024;

/// What a source turned out to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// UTF-8, starting after a byte-order mark if there is one.
    Utf8 {
        skip: u64,
    },
    Cp932,
}

/// Decides how to read `src`: a BOM means UTF-8; otherwise (detecting)
/// UTF-8 if every byte is, found by reading it through once, else CP932.
/// A forced UTF-8 file is read through too, to name the first bad byte
/// before anything else is read. Leaves `src` at its start.
pub fn resolve<R: Read + Seek>(
    src: &mut R,
    encoding: InputEncoding,
) -> std::io::Result<Result<Text, DecodeError>> {
    src.seek(SeekFrom::Start(0))?;
    let mut head = [0u8; 3];
    let n = read_up_to(src, &mut head)?;
    let skip = if head[..n] == *BOM { 3 } else { 0 };
    let outcome = match encoding {
        InputEncoding::Cp932 => Ok(Text::Cp932),
        InputEncoding::Detect if skip == 3 => Ok(Text::Utf8 { skip }),
        InputEncoding::Utf8 | InputEncoding::Detect => {
            src.seek(SeekFrom::Start(skip))?;
            match first_non_utf8(src)? {
                None => Ok(Text::Utf8 { skip }),
                Some(_) if encoding == InputEncoding::Detect => Ok(Text::Cp932),
                Some(offset) => Err(DecodeError::NotUtf8 {
                    offset: usize::try_from(offset).unwrap_or(usize::MAX),
                }),
            }
        }
    };
    src.seek(SeekFrom::Start(0))?;
    Ok(outcome)
}

/// Fills as much of `buf` as the source has.
fn read_up_to<R: Read>(src: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match src.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// The offset (from where `src` stands) of the first byte that is not
/// UTF-8, reading chunk by chunk.
fn first_non_utf8<R: Read>(src: &mut R) -> std::io::Result<Option<u64>> {
    let mut buf = vec![0u8; CHUNK + 4];
    let mut carry = 0;
    let mut offset: u64 = 0;
    loop {
        let n = src.read(&mut buf[carry..])?;
        let len = carry + n;
        match std::str::from_utf8(&buf[..len]) {
            Ok(_) if n == 0 => return Ok(None),
            Ok(_) => {
                offset += len as u64;
                carry = 0;
            }
            Err(e) => {
                let good = e.valid_up_to();
                // A character cut by the chunk's end is read with the next.
                if e.error_len().is_none() && n != 0 {
                    buf.copy_within(good..len, 0);
                    carry = len - good;
                    offset += good as u64;
                } else {
                    return Ok(Some(offset + good as u64));
                }
            }
        }
    }
}

/// The text of `src` (at its start) as UTF-8 bytes, decoded as it is read.
pub fn text_reader<'a, R: Read + Seek + 'a>(
    mut src: R,
    text: Text,
) -> std::io::Result<Box<dyn Read + 'a>> {
    Ok(match text {
        Text::Utf8 { skip } => {
            src.seek(SeekFrom::Start(skip))?;
            Box::new(src)
        }
        Text::Cp932 => Box::new(Cp932Reader::new(src)),
    })
}

/// Decodes CP932 as it is read, a chunk at a time; a byte that is not
/// CP932 is an error carrying [`DecodeError::NotCp932`] with its offset.
struct Cp932Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    /// Decoded text not yet handed out, from `pos`.
    output: Vec<u8>,
    pos: usize,
    /// Bytes of the source decoded so far.
    consumed: usize,
    done: bool,
}

impl<R: Read> Cp932Reader<R> {
    fn new(inner: R) -> Self {
        Cp932Reader {
            inner,
            decoder: encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling(),
            input: vec![0; CHUNK],
            output: Vec::new(),
            pos: 0,
            consumed: 0,
            done: false,
        }
    }

    /// Decodes the next chunk into `output`.
    fn refill(&mut self) -> std::io::Result<()> {
        let n = self.inner.read(&mut self.input)?;
        let last = n == 0;
        let room = self
            .decoder
            .max_utf8_buffer_length_without_replacement(n)
            .unwrap_or(n * 3 + 16);
        self.output.clear();
        self.output.resize(room, 0);
        self.pos = 0;
        let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
            &self.input[..n],
            &mut self.output,
            last,
        );
        self.output.truncate(written);
        self.consumed += read;
        if let encoding_rs::DecoderResult::Malformed(bad, after) = result {
            let offset = self.consumed - usize::from(bad) - usize::from(after);
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                DecodeError::NotCp932 { offset },
            ));
        }
        self.done = last;
        Ok(())
    }
}

impl<R: Read> Read for Cp932Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.output.len() {
            if self.done {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = out.len().min(self.output.len() - self.pos);
        out[..n].copy_from_slice(&self.output[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The whole text of `bytes` (for small inputs and tests).
pub fn decode(bytes: &[u8], encoding: InputEncoding) -> Result<String, DecodeError> {
    let mut src = std::io::Cursor::new(bytes);
    let text = match resolve(&mut src, encoding) {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => return Err(e),
        Err(_) => return Err(DecodeError::NotUtf8 { offset: 0 }),
    };
    let mut out = String::new();
    let read = text_reader(src, text).and_then(|mut r| r.read_to_string(&mut out));
    match read {
        Ok(_) => Ok(out),
        Err(e) => Err(e
            .into_inner()
            .and_then(|inner| inner.downcast::<DecodeError>().ok())
            .map_or(DecodeError::NotCp932 { offset: 0 }, |d| *d)),
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

    #[test]
    fn long_texts_decode_across_chunks_and_name_far_offsets() {
        let text = "職員番号,氏名\n".to_owned() + &"100001,髙橋 ｶﾅ 𠮷\n".repeat(20_000);
        assert_eq!(
            decode(text.as_bytes(), InputEncoding::Detect).as_deref(),
            Ok(text.as_str())
        );
        let cp = text.replace('𠮷', "吉");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&cp);
        assert_eq!(
            decode(&sjis, InputEncoding::Detect).as_deref(),
            Ok(cp.as_str())
        );
        let mut bad = text.clone().into_bytes();
        let at = bad.len() - 5;
        bad[at] = 0xFF;
        assert_eq!(
            decode(&bad, InputEncoding::Utf8),
            Err(DecodeError::NotUtf8 { offset: at })
        );
        let mut bad = sjis.into_owned();
        let at = bad.len() - 4;
        bad[at] = 0x82;
        bad[at + 1] = 0x20;
        assert_eq!(
            decode(&bad, InputEncoding::Cp932),
            Err(DecodeError::NotCp932 { offset: at })
        );
    }
}
