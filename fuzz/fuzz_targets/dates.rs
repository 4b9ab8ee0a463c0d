//! Any text as a date (西暦 or 和暦): a date or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = jinzai_domain::date::parse_date(text);
});
