#!/bin/bash
# 100k all engines, load at 100k, 1M (pressroom, tantivy, lucene), load at 1M,
# then ten minutes of load at 8 clients while imports and index updates run.
#
# As run for BENCHMARKS.md: REPO is a checkout with release builds, OUT this
# folder; $OUT/extra/0..4 held 5,000 files each, written by
# `gen_corpus --docs 25000 --seed 7` and scripts/bench/corpus_to_files.py.
set -u
cd $REPO
B=target/release
log() { echo "[$(date -u +%H:%M:%S)] $*"; }
load() { # home label
  local home=$1 label=$2
  $B/pressroom --home "$home" serve --addr 127.0.0.1:8090 > $OUT/serve-$label.log 2>&1 &
  local pid=$!
  sleep 3
  curl -s "http://127.0.0.1:8090/api/search?q=torture" > /dev/null   # opens the index
  log "load $label (full answers)"
  cargo bench -q -p pressroom-server --bench load -- --url http://127.0.0.1:8090 --secs 20 > $OUT/load-$label.txt 2>&1
  log "load $label (hits only)"
  cargo bench -q -p pressroom-server --bench load -- --url http://127.0.0.1:8090 --secs 20 --hits-only > $OUT/load-$label-hits.txt 2>&1
  grep -E "VmRSS|VmHWM|RssAnon|RssFile" /proc/$pid/status > $OUT/mem-$label.txt
  kill $pid; wait $pid 2>/dev/null
}
log "100k, all engines"
SKIP_BUILD=1 scripts/bench/run.sh 100000 > $OUT/run-100k.log 2>&1
load benches/data/work-100000/pressroom 100k
log "1M: pressroom, tantivy, lucene"
SKIP_BUILD=1 ENGINES="pressroom tantivy lucene" scripts/bench/run.sh 1000000 > $OUT/run-1m.log 2>&1
load benches/data/work-1000000/pressroom 1m
log "10 minutes at 8 clients while an import and index updates run"
H=benches/data/work-1000000/pressroom
$B/pressroom --home $H serve --addr 127.0.0.1:8090 > $OUT/serve-soak.log 2>&1 &
SPID=$!
sleep 3; curl -s "http://127.0.0.1:8090/api/search?q=torture" > /dev/null
( while kill -0 $SPID 2>/dev/null; do
    echo "$(date -u +%H:%M:%S) $(grep -E 'VmRSS|RssAnon|RssFile' /proc/$SPID/status | tr -s ' \t' ' ' | tr '\n' ' ')"
    sleep 10
  done ) > $OUT/soak-mem.txt &
MPID=$!
( for part in 0 1 2 3 4; do
    $B/pressroom --home $H import $OUT/extra/$part --jobs 1 > $OUT/soak-import-$part.log 2>&1
    $B/pressroom --home $H index > $OUT/soak-index-$part.log 2>&1
  done; echo done > $OUT/soak-writers-done ) &
WPID=$!
cargo bench -q -p pressroom-server --bench load -- --url http://127.0.0.1:8090 --secs 600 --clients 8 > $OUT/load-soak.txt 2>&1
curl -s "http://127.0.0.1:8090/api/stats" > $OUT/soak-stats.json
kill $SPID; wait $SPID 2>/dev/null; kill $MPID 2>/dev/null
wait $WPID
log "chain done"
