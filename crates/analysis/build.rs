//! Compiles the Russian lemma table (`data/lemmas-ru.tsv.gz`) into an FST
//! map (form → lemma) and a blob of the lemmas, both included in the binary.
//!
//! Why at build time: a hash map built at run time costs tens of MB of heap
//! and a pause on the first Russian word of every process; the FST is a few MB
//! of read-only data in the binary's own pages (file-backed, shared, free to
//! evict), ready without any work.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::PathBuf;

fn main() {
    let source = "data/lemmas-ru.tsv.gz";
    println!("cargo::rerun-if-changed={source}");
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(source).expect("lemma table present"))
        .read_to_string(&mut text)
        .expect("lemma table is gzip'd UTF-8");

    // Lemmas one after another; a form's value is its lemma's offset and
    // length in this blob. A form listed under several lemmas keeps the last
    // (the table's order decides, as it always has).
    let mut lemmas = String::with_capacity(1 << 20);
    let mut forms: BTreeMap<&str, u64> = BTreeMap::new();
    for line in text.lines() {
        let Some((lemma, list)) = line.split_once('\t') else {
            continue;
        };
        let value = pack(lemmas.len(), lemma.len());
        lemmas.push_str(lemma);
        for form in list.split(' ').filter(|f| !f.is_empty()) {
            forms.insert(form, value);
        }
    }

    let file = std::fs::File::create(out.join("lemma-forms.fst")).expect("OUT_DIR writable");
    let mut builder = fst::MapBuilder::new(std::io::BufWriter::new(file)).expect("fst header");
    for (form, value) in forms {
        builder
            .insert(form, value)
            .expect("forms are sorted and unique");
    }
    builder.finish().expect("fst written");
    std::fs::File::create(out.join("lemmas.txt"))
        .and_then(|mut f| f.write_all(lemmas.as_bytes()))
        .expect("OUT_DIR writable");
}

/// Offset in the high bits, length (bytes, < 256) in the low eight.
fn pack(offset: usize, len: usize) -> u64 {
    assert!(len < 256, "lemma longer than 255 bytes");
    ((offset as u64) << 8) | len as u64
}
