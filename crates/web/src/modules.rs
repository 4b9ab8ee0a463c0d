//! Every module of the web layer, in the order of the navigation. A new
//! module adds one line here (see docs/modules.md).

use crate::http::WebModule;

pub fn all() -> [WebModule; 20] {
    [
        crate::home::MODULE,
        crate::plan::MODULE,
        crate::people::MODULE,
        crate::training::MODULE,
        crate::evaluation::MODULE,
        crate::self_report::MODULE,
        crate::exams::MODULE,
        crate::demotion::MODULE,
        crate::postings::MODULE,
        crate::talent::MODULE,
        crate::women::MODULE,
        crate::health::MODULE,
        crate::outreach::MODULE,
        crate::imports::MODULE,
        crate::accounts::MODULE,
        crate::audit::MODULE,
        crate::calendar::MODULE,
        crate::round::MODULE,
        crate::public::MODULE,
        crate::site::MODULE,
    ]
}
