//! jinzai's domain: the plan tree, fiscal years and 和暦, grade scales,
//! progress rules and roll-ups. Pure: no I/O, no database, no HTTP.

pub mod access;
pub mod calendar;
pub mod clock;
pub mod date;
pub mod demotion;
pub mod evaluation;
pub mod exams;
pub mod fiscal;
pub mod grade;
pub mod health;
pub mod i18n;
pub mod indicator;
pub mod json;
pub mod money;
pub mod outreach;
pub mod people;
pub mod plan;
pub mod postings;
pub mod progress;
pub mod report;
pub mod rollup;
pub mod round;
pub mod self_report;
pub mod talent;
pub mod text;
pub mod training;
pub mod tree;
pub mod women;

pub use clock::Clock;
pub use fiscal::FiscalYear;
pub use plan::Plan;
