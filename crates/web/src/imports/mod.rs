//! HR imports (データ取込): one page and one API route for every import
//! kind the record modules register (`jinzai_io::import::Kind`).

mod api;
mod pages;

use crate::http::{NavEntry, Routes, WebModule};
use jinzai_domain::access::Permission::*;
use jinzai_domain::access::Principal;
use jinzai_domain::i18n::Message;
use jinzai_io::import::Kind;
use jinzai_service::Failure;

pub const MODULE: WebModule = WebModule {
    pages: page_routes,
    api: api_routes,
    nav: &[
        NavEntry::new("import", "/import", "nav_import", ImportFiles)
            .in_group(crate::http::ADMIN_MENU),
    ],
    ..WebModule::named("imports")
};

/// The route table, one route a line.
#[rustfmt::skip]
fn page_routes() -> Routes {
    Routes::new("")
        .get("/import", ImportFiles, pages::form)
        .post("/import", ImportFiles, pages::submit)
}

fn api_routes() -> Routes {
    Routes::new(crate::http::API_PREFIX).api(ImportFiles, utoipa_axum::routes!(api::import))
}

/// The kind named `name`, if `who` may import it: HR files for HR, the
/// health records for the health role (each kind names its permission).
fn kind_for(who: &Principal, name: &str) -> Result<Kind, Failure> {
    let kind = Kind::parse(name)
        .ok_or_else(|| Failure::NotFound(Message::new("imports_unknown_kind").arg("kind", name)))?;
    if kind.allowed(who) {
        Ok(kind)
    } else {
        Err(Failure::Forbidden(
            Message::new("imports_kind_forbidden").arg("kind", name),
        ))
    }
}

/// The kinds `who` may import, in the modules' order.
fn kinds_for(who: &Principal) -> impl Iterator<Item = Kind> + '_ {
    Kind::all().filter(|k| k.allowed(who))
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use jinzai_io::import::Kind;

    #[test]
    fn every_kind_has_a_label_in_both_languages() {
        for k in Kind::all() {
            for lang in [Lang::Ja, Lang::En] {
                assert_ne!(lang.t(&format!("kind_{}", k.name())), "?", "{k:?}");
            }
        }
    }
}
