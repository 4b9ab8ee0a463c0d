//! People and organisation: staff and their careers, units over time,
//! personnel events and the rotation view.

mod api;
mod pages;

use crate::http::{NavEntry, WebModule};
use jinzai_domain::access::Permission::*;

pub const MODULE: WebModule = WebModule {
    pages: pages::routes,
    api: api::routes,
    nav: &[
        NavEntry::new("staff", "/staff", "nav_staff", ReadPeople)
            .in_group(crate::http::RECORDS_MENU),
        NavEntry::new("units", "/units", "nav_units", ReadOrganisation)
            .in_group(crate::http::RECORDS_MENU),
        NavEntry::new("rotation", "/rotation", "nav_rotation", AnalysePeople)
            .in_group(crate::http::RECORDS_MENU),
    ],
    ..WebModule::named("people")
};
