//! Any bytes as an HR file (CSV in any encoding, or xlsx): every importer
//! must answer with records or placed problems, never panic.
#![no_main]

use jinzai_io::read::people::{read_assignments, read_events, read_staff, read_units};
use jinzai_io::read::{InputEncoding, read_sheet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for encoding in [
        InputEncoding::Detect,
        InputEncoding::Utf8,
        InputEncoding::Cp932,
    ] {
        if let Ok(sheet) = read_sheet(data, encoding) {
            let _ = read_units(&sheet);
            let _ = read_staff(&sheet);
            let _ = read_assignments(&sheet);
            let _ = read_events(&sheet);
        }
    }
});
