//! jinzai's use cases, each written once: pages, the JSON API and the
//! command line all call them. They take typed inputs (or the fields of a
//! form or payload, read here once), the store and the clock, and return
//! typed results or a [`Failure`] whose messages are read in the reader's
//! language by whoever shows them.

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod demotion;
pub mod evaluation;
pub mod exams;
mod failure;
pub mod form;
pub mod health;
pub mod home;
pub mod mail;
pub mod notify;
pub mod outreach;
pub mod people;
pub mod plan;
pub mod postings;
pub mod public;
pub mod round;
pub mod self_report;
pub mod talent;
pub mod training;
pub mod women;

pub use failure::Failure;
