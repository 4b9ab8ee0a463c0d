//! jinzai's integration tests: one binary (link time), every test against a
//! real server on a free port. The database is a temporary SQLite file, or a
//! fresh PostgreSQL schema when JINZAI_TEST_DATABASE_URL is set.

mod api;
mod cli;
mod pages;
mod support;
