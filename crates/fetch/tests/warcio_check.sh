#!/usr/bin/env bash
# Crawl a generated loopback site twice (the second run yields 304 revisits)
# with the real crawler, then have warcio (PyPI) read the WARC files back
# and verify their digests. Needs python3 with venv and access to PyPI.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
venv="${WARCIO_VENV:-$root/target/warcio-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "warcio>=1.7"
fi
# The workspace's test build (which CI has just run) includes the binary;
# `cargo build -p pressroom-fetch` alone would unify features differently
# and recompile half the dependencies.
cargo test --workspace --locked --no-run --quiet
bin="$root/target/debug/pressroom-crawl-fixture"
work="$(mktemp -d)"
origin_file="$work/origin"
"$bin" serve 50 > "$origin_file" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$origin_file" ] && break; sleep 0.1; done
origin="$(cat "$origin_file")"
"$bin" "$work/store.sqlite" "$work/warc" "$origin"
"$bin" "$work/store.sqlite" "$work/warc" "$origin"
"$venv/bin/python" "$root/crates/fetch/tests/warcio_check.py" "$work"/warc/*.warc.gz
