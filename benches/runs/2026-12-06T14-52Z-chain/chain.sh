#!/bin/bash
# This stop's measurements, in order, on a quiet machine: release build;
# 1M pressroom/tantivy/Lucene; 1M queries as the server answers them
# (facets); the server under load at 1M (full answers, hits only); 100k
# all five engines; extraction speed against trafilatura.
#   REPO=<checkout> OUT=<this folder> bash chain.sh
set -u
cd $REPO
B=target/release
log() { echo "[$(date -u +%H:%M:%S)] $*"; }
log "release build"
cargo build --release -q -p pressroom-benches -p pressroom-cli --bins
cargo bench -q -p pressroom-server --bench load --no-run
log "1M: pressroom, tantivy, lucene"
SKIP_BUILD=1 ENGINES="pressroom tantivy lucene" scripts/bench/run.sh 1000000 > $OUT/run-1m.log 2>&1
H=benches/data/work-1000000/pressroom
log "1M queries with facets"
$B/bench_pressroom --corpus benches/data/corpus-1000000-s42.jsonl --home $H --queries-only --facets --reps 20 --qps-secs 5 > $OUT/facets-1m.json 2> $OUT/facets-1m.log
log "load at 1M"
$B/pressroom --home $H serve --addr 127.0.0.1:8090 > $OUT/serve-1m.log 2>&1 &
pid=$!
sleep 3
curl -s "http://127.0.0.1:8090/api/search?q=torture" > /dev/null
cargo bench -q -p pressroom-server --bench load -- --url http://127.0.0.1:8090 --secs 20 > $OUT/load-1m.txt 2>&1
cargo bench -q -p pressroom-server --bench load -- --url http://127.0.0.1:8090 --secs 20 --hits-only > $OUT/load-1m-hits.txt 2>&1
grep -E "VmRSS|VmHWM|RssAnon|RssFile" /proc/$pid/status > $OUT/mem-1m.txt
kill $pid; wait $pid 2>/dev/null
log "100k, all engines"
SKIP_BUILD=1 scripts/bench/run.sh 100000 > $OUT/run-100k.log 2>&1
log "extraction speed"
$B/bench_extraction --rounds 3 > $OUT/extraction-speed.txt 2>&1
log "chain done"
