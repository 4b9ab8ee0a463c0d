//! People's pages: the staff list, a staff member's career, the
//! organisation and its units, the rotation view.

mod people;
mod rotation;

use crate::http::Routes;
use jinzai_domain::access::Permission::*;

/// The route table, one route a line.
#[rustfmt::skip]
pub fn routes() -> Routes {
    Routes::new("")
        .get("/staff", ReadPeople, people::staff_list)
        .get("/staff/{number}", ReadPeople, people::staff_page)
        .get("/units", ReadOrganisation, people::units)
        .get("/units/{code}", ReadOrganisation, people::unit_page)
        .get("/rotation", AnalysePeople, rotation::page)
}
