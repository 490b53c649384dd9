#!/bin/sh
# Build a fuzz target with libFuzzer and run it: what `cargo fuzz run` does,
# without installing cargo-fuzz. Needs a nightly toolchain
# (`rustup toolchain install nightly`).
#
#   scripts/fuzz.sh parse parse_html_deep 1800     # crate, target, seconds
#   scripts/fuzz.sh warc read_warc 600              # also: search search_query,
#                                                   # fetch discover, align align_export
#
# Each crate's targets live in crates/<crate>/fuzz/, with their dictionary
# in its dicts/ (dicts/<target>.dict, else the folder's one dictionary).
# Crashes, hangs (30 s an input) and inputs over 2 GB of memory are written
# to artifacts/; the corpus it grows stays in corpus/<target>/ (both
# git-ignored) and seeds the next run.
set -eu
crate=${1:?crate: parse, warc, search, fetch or align}
target=${2:?fuzz target, in crates/$1/fuzz/fuzz_targets/}
secs=${3:-1800}
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$root/crates/$crate/fuzz/fuzz_targets/$target.rs" ]; then
    echo "fuzz.sh: no target $target in crates/$crate/fuzz; the targets are:" >&2
    (cd "$root/crates" && ls */fuzz/fuzz_targets/*.rs | sed 's|/fuzz/fuzz_targets/| |; s|\.rs$||; s|^|  |') >&2
    exit 2
fi
cd "$root/crates/$crate/fuzz"
dict=dicts/$target.dict
[ -f "$dict" ] || dict=$(ls dicts/*.dict | head -n 1)
RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks" \
    cargo +nightly build --release --bin "$target" --target x86_64-unknown-linux-gnu
mkdir -p "corpus/$target" artifacts
exec "target/x86_64-unknown-linux-gnu/release/$target" -dict="$dict" \
    -max_total_time="$secs" -len_control=0 -max_len=16384 -timeout=30 -rss_limit_mb=2048 \
    -artifact_prefix=artifacts/ -print_final_stats=1 "corpus/$target"
