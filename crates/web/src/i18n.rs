//! The request's language: Japanese first, English available (cookie
//! `lang`). Texts come from the catalogues of `jinzai_domain::i18n`.

use jinzai_domain::FiscalYear;
use jinzai_domain::i18n::{self, Language, Message};
use jinzai_domain::people::codes::CodeList;
use jinzai_domain::progress::FieldError;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, strum::EnumString, strum::IntoStaticStr,
)]
#[strum(serialize_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn from_code(s: &str) -> Option<Lang> {
        s.parse().ok()
    }

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    /// The catalogues' language.
    pub fn language(self) -> Language {
        match self {
            Lang::Ja => Language::Ja,
            Lang::En => Language::En,
        }
    }

    /// The UI string for `key`; "?" if no catalogue has it (a test keeps
    /// every key used by the templates in the catalogues).
    pub fn t(self, key: &str) -> &'static str {
        i18n::text(self.language(), key)
    }

    /// A message from the domain, the store or a file reader, in this
    /// language.
    pub fn say(self, m: &Message) -> String {
        m.render(self.language())
    }

    /// Every field's problem, one sentence after another.
    pub fn say_all(self, errors: &[FieldError]) -> String {
        errors
            .iter()
            .map(|e| self.say(&e.message))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Each field's problem, in this language (an error summary's lines).
    pub fn say_each(self, errors: &[FieldError]) -> Vec<String> {
        errors.iter().map(|e| self.say(&e.message)).collect()
    }

    /// A code list's label for `code`, in this language.
    pub fn label(self, list: &CodeList, code: &str) -> String {
        self.pick(list.label(code), list.label_en(code)).to_owned()
    }

    /// A code list as (code, label) choices for a select, in this language.
    pub fn choices(self, list: &CodeList) -> Vec<(&'static str, String)> {
        list.items
            .iter()
            .map(|(c, ja, en)| (*c, self.pick(ja, en).to_owned()))
            .collect()
    }

    /// "平成23年度 (2011)" or "FY2011 (Heisei 23)".
    pub fn year(self, y: FiscalYear) -> String {
        match self {
            Lang::Ja => y.label_ja_full(),
            Lang::En => y.label_en(),
        }
    }

    /// Picks the Japanese or English message of a domain error.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// The catalogue text of `key`, or `fallback` when the catalogue has none
/// (keys made at run time, such as a filter's name).
pub fn text_or(lang: Lang, key: &str, fallback: &str) -> String {
    match i18n::text(lang.language(), key) {
        "?" => fallback.to_owned(),
        found => found.to_owned(),
    }
}

/// A form's refused fields as lines "label: what is wrong", each field's
/// label read from the catalogue as `<module>_<field>` (the field's own
/// name when there is none).
pub fn field_lines(lang: Lang, module: &str, errors: &[FieldError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let name = text_or(lang, &format!("{module}_{}", e.field), &e.field);
            format!("{name}: {}", lang.say(&e.message))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn templates(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(templates(&path));
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(path);
            }
        }
        out
    }

    #[test]
    fn every_key_used_in_templates_exists() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let all = templates(&dir);
        assert!(all.len() > 30, "templates in every module's folder");
        for path in all {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for part in text.split("t(\"").skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                for lang in [Lang::Ja, Lang::En] {
                    assert_ne!(lang.t(key), "?", "{}: unknown key {key:?}", path.display());
                }
            }
        }
    }

    #[test]
    fn templates_keep_to_200_characters_a_line() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for path in templates(&dir) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (i, line) in text.lines().enumerate() {
                let n = line.chars().count();
                assert!(n <= 200, "{}:{}: {n} characters", path.display(), i + 1);
            }
        }
    }

    #[test]
    fn the_request_language_reads_the_catalogues() {
        assert_eq!(Lang::Ja.t("nav_plans"), "計画一覧");
        assert_eq!(Lang::En.t("nav_plans"), "Plans");
        let m = Message::new("field_bad_count").arg("value", "0");
        assert_eq!(Lang::En.say(&m), "\"0\" must be a whole number from 1");
    }
}
