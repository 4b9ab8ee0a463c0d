//! Every text jinzai shows, in Japanese and English: message catalogues,
//! one Fluent file per module and language (`locales/ja/<module>.ftl`,
//! `locales/en/<module>.ftl`), compiled into the binary by
//! `fluent-templates`.
//!
//! Fluent was chosen over `rust-i18n` for its message syntax: arguments,
//! plurals and selectors are written in the catalogue, by translators, not
//! in code. The domain, the store and the file readers describe a problem
//! as a [`Message`] (a key and its arguments); only the edges — pages, the
//! API, the command line — turn it into words, in the reader's language.
//! Tests fail when a key is missing in either language or is defined twice.

use crate::people::codes::CodeList;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{LazyLock, RwLock};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "ja",
        // Arguments are inserted as they are: no Unicode isolation marks
        // around them (pages set their own direction; CSV must stay clean).
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static JA: LanguageIdentifier = langid!("ja");
static EN: LanguageIdentifier = langid!("en");

/// A language of the catalogues: Japanese first, English available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    Ja,
    En,
}

impl Language {
    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Language::Ja => &JA,
            Language::En => &EN,
        }
    }

    /// The language a locale setting names (`en_US.UTF-8`, `ja`, …):
    /// English for `en…`, Japanese otherwise.
    pub fn from_locale(locale: &str) -> Language {
        if locale.trim().to_ascii_lowercase().starts_with("en") {
            Language::En
        } else {
            Language::Ja
        }
    }
}

/// Messages without arguments, looked up once per key and language and
/// kept for the life of the process (a few hundred short strings), so that
/// [`text`] hands out `&'static str` as templates expect.
static PLAIN: LazyLock<RwLock<HashMap<(Language, String), &'static str>>> =
    LazyLock::new(RwLock::default);

/// The text of message `key`; "?" if no catalogue has it.
pub fn text(lang: Language, key: &str) -> &'static str {
    let cache_key = (lang, key.to_owned());
    if let Some(found) = PLAIN.read().ok().and_then(|m| m.get(&cache_key).copied()) {
        return found;
    }
    let found: &'static str = match LOCALES.try_lookup(lang.id(), key) {
        Some(t) => Box::leak(t.into_boxed_str()),
        None => "?",
    };
    if let Ok(mut m) = PLAIN.write() {
        m.insert(cache_key, found);
    }
    found
}

/// Message `key` with its arguments (`{ $name }` in the catalogue) filled
/// in; the key itself if no catalogue has it.
pub fn format(lang: Language, key: &str, args: &[(&'static str, String)]) -> String {
    if args.is_empty() {
        let t = text(lang, key);
        return if t == "?" {
            key.to_owned()
        } else {
            t.to_owned()
        };
    }
    let args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
        .collect();
    LOCALES
        .try_lookup_with_args(lang.id(), key, &args)
        .unwrap_or_else(|| key.to_owned())
}

/// Something to tell a person, said once for every language: the key of
/// its text in the catalogues and the values its text names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// A value a message names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is (a number, a date, what someone typed).
    Text(String),
    /// A code of a code list, shown as its label in the reader's language.
    Label(&'static CodeList, String),
    /// A value written differently in each language (a date, an era's
    /// name): Japanese, English.
    Each(String, String),
}

impl Arg {
    fn render(&self, lang: Language) -> String {
        match (self, lang) {
            (Arg::Text(t), _) => t.clone(),
            (Arg::Label(list, code), Language::Ja) => list.label(code).to_owned(),
            (Arg::Label(list, code), Language::En) => list.label_en(code).to_owned(),
            (Arg::Each(ja, _), Language::Ja) => ja.clone(),
            (Arg::Each(_, en), Language::En) => en.clone(),
        }
    }
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// The message with argument `name` set to `value`.
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Message {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// The message with argument `name` set to the label of `code` in
    /// `list` (read in the reader's language).
    pub fn label(mut self, name: &'static str, list: &'static CodeList, code: &str) -> Message {
        self.args.push((name, Arg::Label(list, code.to_owned())));
        self
    }

    /// The message with argument `name` set to the labels of every value
    /// of `list` (what may be chosen), in the reader's language.
    pub fn choices(self, name: &'static str, list: &'static CodeList) -> Message {
        self.each(name, list.choices(), list.choices_en())
    }

    /// The message with argument `name` written `ja` in Japanese and `en`
    /// in English (dates, era names).
    pub fn each(
        mut self,
        name: &'static str,
        ja: impl Into<String>,
        en: impl Into<String>,
    ) -> Message {
        self.args.push((name, Arg::Each(ja.into(), en.into())));
        self
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Language) -> String {
        let args: Vec<(&'static str, String)> = self
            .args
            .iter()
            .map(|(k, v)| (*k, v.render(lang)))
            .collect();
        format(lang, self.key, &args)
    }
}

/// In Japanese, the product's first language (logs, tests).
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::Ja))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    fn files(dir: &Path) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        out.sort();
        out
    }

    /// Each catalogue file's messages with the variables they use, by file
    /// name, for one language.
    fn catalogue(lang: &str) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        files(&dir)
            .into_iter()
            .map(|path| {
                let source = std::fs::read_to_string(&path).unwrap_or_default();
                let resource = fluent_syntax::parser::parse(source.as_str())
                    .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
                let mut messages = BTreeMap::new();
                for entry in &resource.body {
                    if let Entry::Message(m) = entry {
                        let mut vars = BTreeSet::new();
                        for element in m.value.iter().flat_map(|v| v.elements.iter()) {
                            if let PatternElement::Placeable {
                                expression:
                                    Expression::Inline(InlineExpression::VariableReference { id }),
                            } = element
                            {
                                vars.insert(id.name.to_owned());
                            }
                        }
                        let fresh = messages.insert(m.id.name.to_owned(), vars).is_none();
                        assert!(fresh, "{}: {} twice", path.display(), m.id.name);
                    }
                }
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                (name.unwrap_or_default(), messages)
            })
            .collect()
    }

    #[test]
    fn every_key_is_in_both_languages_once_with_the_same_arguments() {
        let (ja, en) = (catalogue("ja"), catalogue("en"));
        assert!(ja.len() >= 8, "one catalogue per module: {:?}", ja.keys());
        assert_eq!(
            ja.keys().collect::<Vec<_>>(),
            en.keys().collect::<Vec<_>>(),
            "the same catalogue files in both languages"
        );
        let mut seen = BTreeSet::new();
        for (file, messages) in &ja {
            let theirs = &en[file];
            assert_eq!(
                messages.keys().collect::<Vec<_>>(),
                theirs.keys().collect::<Vec<_>>(),
                "{file}: keys differ between ja and en"
            );
            for (key, vars) in messages {
                assert_eq!(
                    vars, &theirs[key],
                    "{file}: {key} names other arguments in en"
                );
                assert!(seen.insert(key.clone()), "{key} is defined twice ({file})");
                if vars.is_empty() {
                    for lang in [Language::Ja, Language::En] {
                        let t = text(lang, key);
                        assert!(!t.is_empty() && t != "?", "{key} in {lang:?}");
                    }
                }
            }
        }
        assert_eq!(text(Language::Ja, "nav_plans"), "計画一覧");
        assert_eq!(text(Language::En, "nav_plans"), "Plans");
        assert_eq!(
            text(Language::En, "computed_mark"),
            " (computed from records)"
        );
        assert_eq!(text(Language::Ja, "no such key"), "?");
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Every key the code names — `Message::new("…")`, `.t("…")`,
    /// `NavEntry::new(…, "…", …)` labels — is in the catalogues (a missing
    /// key would show as itself).
    #[test]
    fn every_key_named_in_the_code_exists() {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        rust_files(&crates, &mut files);
        assert!(files.len() > 100, "{} files", files.len());
        let keys: BTreeSet<String> = catalogue("ja")
            .into_values()
            .flat_map(BTreeMap::into_keys)
            .collect();
        let mut named = 0;
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for marker in ["Message::new(\"", ".t(\""] {
                for part in text.split(marker).skip(1) {
                    let key = part.split('"').next().unwrap_or_default();
                    if key.is_empty() || key.contains(' ') || key == "missing_key" || key == "…" {
                        continue; // a test of the unknown-key fallback
                    }
                    named += 1;
                    assert!(keys.contains(key), "{}: no message {key:?}", path.display());
                }
            }
        }
        assert!(named > 200, "{named} keys named");
    }

    #[test]
    fn a_message_reads_in_each_language_with_its_arguments() {
        let m = Message::new("field_bad_count").arg("value", "ゼロ");
        assert_eq!(
            m.render(Language::Ja),
            "「ゼロ」は1以上の整数で入力してください"
        );
        assert_eq!(
            m.render(Language::En),
            "\"ゼロ\" must be a whole number from 1"
        );
        assert_eq!(m.to_string(), m.render(Language::Ja));
        assert_eq!(
            Message::new("missing_key").render(Language::En),
            "missing_key"
        );
        let step = Message::new("training_status_step_refused")
            .label(
                "from",
                &crate::training::support::SELF_DEVELOPMENT_STATUSES,
                "completed",
            )
            .label(
                "to",
                &crate::training::support::SELF_DEVELOPMENT_STATUSES,
                "applied",
            );
        assert_eq!(
            step.render(Language::Ja),
            "修了 から 申請 には進められません"
        );
        assert_eq!(
            step.render(Language::En),
            "an application that is Completed cannot become Applied"
        );
        assert_eq!(Language::from_locale("en_US.UTF-8"), Language::En);
        assert_eq!(Language::from_locale("ja_JP.UTF-8"), Language::Ja);
        assert_eq!(Language::from_locale(""), Language::Ja);
    }
}
