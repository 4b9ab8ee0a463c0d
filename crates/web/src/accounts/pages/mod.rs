//! Account pages.

pub(crate) mod account;
pub(crate) mod admin;
