//! Any text as a plan file: a plan or located problems, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(plan) = jinzai_domain::plan::parse_plan(text) {
        let _ = serde_json::to_string(&plan.tree());
    }
});
