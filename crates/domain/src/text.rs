//! What a text field may hold, checked before anything reaches a database
//! (so that both engines answer the same): a length per kind of field, and
//! no control characters (NUL, which PostgreSQL cannot store; escape
//! sequences; a byte-order mark U+FEFF pasted inside a name).
//!
//! | kind | for | at most |
//! |---|---|---|
//! | [`TextKind::Name`] | names and readings of people and units, posts, codes | 100 characters, one line |
//! | [`TextKind::Line`] | titles, places, providers, other one-line fields | 200 characters, one line |
//! | [`TextKind::Note`] | notes, comments, achievements, reasons | 4,000 characters; line breaks and tabs allowed |
//!
//! Any text a request brings (a form field, a JSON string) is held to the
//! `Note` rule at least; files are read column by column with the column's
//! kind.

use crate::i18n::Message;

/// A kind of text field and its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Name,
    Line,
    Note,
}

impl TextKind {
    /// The most characters a value may have.
    pub const fn max_chars(self) -> usize {
        match self {
            TextKind::Name => 100,
            TextKind::Line => 200,
            TextKind::Note => 4_000,
        }
    }

    /// Whether line breaks and tabs are allowed.
    pub const fn multiline(self) -> bool {
        matches!(self, TextKind::Note)
    }
}

/// Whether `c` may never appear in any text: control characters other than
/// tab, line feed and carriage return, the byte-order mark and the Unicode
/// noncharacters U+FFFE and U+FFFF.
pub fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// The first character of `text` that no field accepts.
pub fn first_forbidden(text: &str) -> Option<char> {
    text.chars().find(|c| forbidden(*c))
}

/// Checks `text` against `kind`'s rule; the message names the character
/// (as U+XXXX) or the length.
pub fn check(text: &str, kind: TextKind) -> Result<(), Message> {
    // Most cells are short printable ASCII (numbers, codes, dates): one
    // pass over the bytes settles them.
    if text.len() <= kind.max_chars() && text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Ok(());
    }
    let mut n = 0usize;
    for c in text.chars() {
        if forbidden(c) || (!kind.multiline() && matches!(c, '\t' | '\n' | '\r')) {
            return Err(
                Message::new("text_bad_character").arg("code", format!("U+{:04X}", u32::from(c)))
            );
        }
        n += 1;
    }
    if n > kind.max_chars() {
        return Err(Message::new("text_too_long")
            .arg("max", kind.max_chars())
            .arg("length", n));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str, kind: TextKind) -> String {
        check(text, kind)
            .err()
            .map(|m| m.render(crate::i18n::Language::Ja))
            .unwrap_or_default()
    }

    #[test]
    fn control_characters_and_the_bom_are_refused_everywhere() {
        for (text, code) in [
            ("山田\u{0}太郎", "U+0000"),
            ("山田\u{feff}太郎", "U+FEFF"),
            ("a\u{1b}[31m", "U+001B"),
            ("x\u{7f}", "U+007F"),
            ("x\u{85}", "U+0085"),
        ] {
            for kind in [TextKind::Name, TextKind::Line, TextKind::Note] {
                assert!(refused(text, kind).contains(code), "{text:?} {kind:?}");
            }
        }
        assert!(refused("一行目\n二行目", TextKind::Name).contains("U+000A"));
        assert_eq!(check("一行目\r\n二行目\tと", TextKind::Note), Ok(()));
        assert_eq!(check("髙橋 𠮷野 ①", TextKind::Name), Ok(()));
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        assert_eq!(check(&"あ".repeat(100), TextKind::Name), Ok(()));
        assert!(refused(&"あ".repeat(101), TextKind::Name).contains("100"));
        assert_eq!(check(&"x".repeat(4_000), TextKind::Note), Ok(()));
        assert!(
            refused(&"x".repeat(4_001), TextKind::Note).contains("4,001")
                || refused(&"x".repeat(4_001), TextKind::Note).contains("4001")
        );
    }
}
