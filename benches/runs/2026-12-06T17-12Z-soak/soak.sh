#!/bin/bash
# Ten minutes of load at 8 clients on a copy of the 1M home while five
# imports of 5,000 files and five index updates run in other processes.
#   REPO=<checkout> OUT=<this folder> HOME_COPY=<copy of work-1000000/pressroom> EXTRA=<folder of 0..4>
# EXTRA/0..4 held 5,000 files each: `gen_corpus --docs 25000 --seed 7`, split
# in five, each written by scripts/bench/corpus_to_files.py.
set -u
cd $REPO
B=target/release
log() { echo "[$(date -u +%H:%M:%S)] $*"; }
H=$HOME_COPY
$B/pressroom --home $H serve --addr 127.0.0.1:8091 > $OUT/serve-soak.log 2>&1 &
SPID=$!
sleep 3; curl -s "http://127.0.0.1:8091/api/search?q=torture" > /dev/null
( while kill -0 $SPID 2>/dev/null; do
    echo "$(date -u +%H:%M:%S) $(grep -E 'VmRSS|RssAnon|RssFile' /proc/$SPID/status | tr -s ' \t' ' ' | tr '\n' ' ')"
    sleep 10
  done ) > $OUT/soak-mem.txt &
MPID=$!
( sleep 60
  for part in 0 1 2 3 4; do
    log "import $part"
    $B/pressroom --home $H import $EXTRA/$part --jobs 1 > $OUT/soak-import-$part.log 2>&1
    $B/pressroom --home $H index > $OUT/soak-index-$part.log 2>&1
  done; log "writers done" ) > $OUT/soak-writers.log 2>&1 &
WPID=$!
log "load"
cargo bench -q -p pressroom-server --bench load -- --url http://127.0.0.1:8091 --secs 600 --clients 8 > $OUT/load-soak.txt 2>&1
curl -s "http://127.0.0.1:8091/api/stats" > $OUT/soak-stats.json
kill $SPID; wait $SPID 2>/dev/null; kill $MPID 2>/dev/null
wait $WPID
log "soak done"
