//! `read_warc()` on arbitrary archives: the bytes as a plain `.warc`, as a
//! `.warc.gz` that is not gzip, and gzipped into a well-formed `.warc.gz`.
//! Every record may be an error; reading must end, never panic, and keep
//! memory within the reader's bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pressroom_warc::read_warc;
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

fn dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
        .path()
}

fn read_all(name: &str, bytes: &[u8]) {
    let path = dir().join(name);
    std::fs::write(&path, bytes).expect("writing the input");
    for record in read_warc(&path) {
        if let Ok(response) = record {
            // The parts a later import reads.
            let _ = response.header("content-type");
            let _ = response.body.len();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    read_all("input.warc", data);
    read_all("raw.warc.gz", data);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).expect("gzip in memory");
    read_all("input.warc.gz", &gz.finish().expect("gzip in memory"));
});
