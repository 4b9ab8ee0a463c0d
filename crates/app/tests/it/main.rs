//! jinzai's integration tests: one binary (link time), every test against a
//! real server on a free port. The database is a temporary SQLite file, or a
//! fresh PostgreSQL schema when JINZAI_TEST_DATABASE_URL is set.

// A test binary reports failures by panicking.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod access;
mod api;
mod calendar;
mod cli;
mod clock;
mod demotion;
mod evaluation;
mod exams;
mod hardening;
mod health;
mod health_files;
mod indicators;
mod outreach;
mod own_words;
mod pages;
mod people;
mod postings;
mod remind;
mod round;
mod self_report;
mod support;
mod talent;
mod training;
mod women;
