//! UI language: Japanese first, English available (cookie `lang`).
//!
//! Every UI text lives in a message catalogue, one Fluent file per module
//! and language (`locales/ja/<module>.ftl`, `locales/en/<module>.ftl`),
//! compiled into the binary by `fluent-templates`. Fluent was chosen over
//! `rust-i18n` for its message syntax: arguments, plurals and selectors
//! are written in the catalogue, by translators, not in code. A test fails
//! when a key is missing in either language or a template names an
//! unknown key.

use fluent_templates::{LanguageIdentifier, Loader, langid};
use jinzai_domain::FiscalYear;
use std::collections::HashMap;
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

/// Messages without arguments, looked up once per key and language and
/// kept for the life of the process (a few hundred short strings), so that
/// `t` hands out `&'static str` as the templates expect.
static PLAIN: LazyLock<RwLock<HashMap<(Lang, String), &'static str>>> =
    LazyLock::new(RwLock::default);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }

    /// The UI string for `key`; "?" if no catalogue has it (a test keeps
    /// every key used by the templates in the catalogues).
    pub fn t(self, key: &str) -> &'static str {
        let cache_key = (self, key.to_owned());
        if let Some(found) = PLAIN.read().ok().and_then(|m| m.get(&cache_key).copied()) {
            return found;
        }
        let text: &'static str = match LOCALES.try_lookup(self.id(), key) {
            Some(text) => Box::leak(text.into_boxed_str()),
            None => "?",
        };
        if let Ok(mut m) = PLAIN.write() {
            m.insert(cache_key, text);
        }
        text
    }

    /// The message `key` with its arguments filled in (`{ $year }` in the
    /// catalogue); `key` itself if no catalogue has it.
    pub fn message(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<
            std::borrow::Cow<'static, str>,
            fluent_templates::fluent_bundle::FluentValue,
        > = args
            .iter()
            .map(|(k, v)| ((*k).into(), v.clone().into()))
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &args)
            .unwrap_or_else(|| key.to_owned())
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

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast::Entry;
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(files(&path, ext));
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
        out.sort();
        out
    }

    /// Each catalogue file's message ids, by file name, for one language.
    fn catalogue(lang: &str) -> BTreeMap<String, Vec<String>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        files(&dir, "ftl")
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let resource = fluent_syntax::parser::parse(text.as_str())
                    .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
                let ids = resource
                    .body
                    .iter()
                    .filter_map(|e| match e {
                        Entry::Message(m) => Some(m.id.name.to_owned()),
                        _ => None,
                    })
                    .collect();
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                (name.unwrap_or_default(), ids)
            })
            .collect()
    }

    #[test]
    fn every_key_is_in_both_languages_once() {
        let (ja, en) = (catalogue("ja"), catalogue("en"));
        assert!(ja.len() >= 8, "one catalogue per module: {:?}", ja.keys());
        assert_eq!(
            ja.keys().collect::<Vec<_>>(),
            en.keys().collect::<Vec<_>>(),
            "the same catalogue files in both languages"
        );
        let mut seen = BTreeSet::new();
        for (file, ids) in &ja {
            let theirs: BTreeSet<&String> = en[file].iter().collect();
            let ours: BTreeSet<&String> = ids.iter().collect();
            assert_eq!(ours, theirs, "{file}: keys differ between ja and en");
            for id in ids {
                assert!(seen.insert(id.clone()), "{id} is defined twice ({file})");
                for lang in [Lang::Ja, Lang::En] {
                    let text = lang.t(id);
                    assert!(!text.is_empty() && text != "?", "{id} in {lang:?}");
                }
            }
        }
        assert_eq!(Lang::Ja.t("nav_plans"), "計画一覧");
        assert_eq!(Lang::En.t("nav_plans"), "Plans");
        assert_eq!(Lang::En.t("computed_mark"), " (computed from records)");
        assert_eq!(Lang::Ja.t("no such key"), "?");
    }

    #[test]
    fn every_key_used_in_templates_exists() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let keys: BTreeSet<String> = catalogue("ja").into_values().flatten().collect();
        let templates = files(&dir, "html");
        assert!(templates.len() > 30, "templates in every module's folder");
        for path in templates {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for part in text.split("t(\"").skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                assert!(
                    keys.contains(key),
                    "{}: unknown key {key:?}",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn arguments_are_filled_in() {
        // No catalogue message takes arguments yet: an unknown key comes
        // back as itself, and a known one without arguments ignores them.
        assert_eq!(
            Lang::En.message("nav_plans", &[("year", "2013".into())]),
            "Plans"
        );
        assert_eq!(Lang::En.message("missing_key", &[]), "missing_key");
    }
}
