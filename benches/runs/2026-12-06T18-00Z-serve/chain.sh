#!/bin/bash
# After the dense conjunctions: in-process queries at 1M (with and without
# facets), then the server under load at 1M and at 100k, on the homes the
# scale runs left, with nothing else running.
#   REPO=<checkout with release builds> OUT=<this folder> bash chain.sh
set -u
cd $REPO
B=target/release
log() { echo "[$(date -u +%H:%M:%S)] $*"; }
M=benches/data/work-1000000/pressroom
log "1M queries, facets"
$B/bench_pressroom --corpus benches/data/corpus-1000000-s42.jsonl --home $M --queries-only --facets --reps 20 --qps-secs 5 > $OUT/facets-1m.json 2> $OUT/facets-1m.log
log "1M queries, hits"
$B/bench_pressroom --corpus benches/data/corpus-1000000-s42.jsonl --home $M --queries-only --reps 20 --qps-secs 5 > $OUT/queries-1m.json 2> $OUT/queries-1m.log
load() { # home label
  local home=$1 label=$2
  $B/pressroom --home "$home" serve --addr 127.0.0.1:8090 > $OUT/serve-$label.log 2>&1 &
  local pid=$!
  sleep 3
  curl -s "http://127.0.0.1:8090/api/search?q=torture" > /dev/null
  log "load $label (full answers)"
  cargo bench -q -p pressroom-server --bench load -- --url http://127.0.0.1:8090 --secs 20 > $OUT/load-$label.txt 2>&1
  log "load $label (hits only)"
  cargo bench -q -p pressroom-server --bench load -- --url http://127.0.0.1:8090 --secs 20 --hits-only > $OUT/load-$label-hits.txt 2>&1
  grep -E "VmRSS|VmHWM|RssAnon|RssFile" /proc/$pid/status > $OUT/mem-$label.txt
  kill $pid; wait $pid 2>/dev/null
}
load $M 1m
load benches/data/work-100000/pressroom 100k
log "chain done"
