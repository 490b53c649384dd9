#!/usr/bin/env bash
# Search at scale, side by side in one run: pressroom, bare tantivy, Xapian
# and Lucene on the same generated corpus and query set.
#
#   scripts/bench/run.sh 100000          # N documents (generated once, then reused)
#
# Needs: cargo; Debian packages python3-xapian, liblucene8-java, a JDK (javac),
# and optionally hyperfine (apt-get install -y python3-xapian liblucene8-java hyperfine).
# Environment: SEED (42), BUDGET_MB (200, the CLI's index budget), REPS (20
# rounds over the query set), QPS_SECS (5), SKIP_BUILD=1 to reuse the
# release binaries, ENGINES (default "pressroom tantivy tantivy-heap xapian
# lucene"; tantivy-heap is bare tantivy again with the writer memory
# pressroom's memory plan gave its writer, so after pressroom),
# TOTALS (topk, the default: every engine counts up to 10,000, as the CLI
# does by default; exact: every engine counts every match), QUERIES_ONLY=1 to time queries on the indexes an
# earlier run left in benches/data/work-N (no indexing figures), REUSE_STORE=1
# to keep pressroom's store from an earlier run and time only its index build.
#
# Each run's raw results (run.txt, one JSON report per engine, the CLI's
# cold-start timing, compare.py's table.md) go to benches/runs/<UTC date and
# time>-N/, a folder meant to be committed: BENCHMARKS.md quotes these tables.
# Corpora and indexes stay in benches/data/ (git-ignored).
set -euo pipefail

N=${1:?usage: run.sh N}
SEED=${SEED:-42}
BUDGET_MB=${BUDGET_MB:-200}
REPS=${REPS:-20}
QPS_SECS=${QPS_SECS:-5}
ENGINES=${ENGINES:-"pressroom tantivy tantivy-heap xapian lucene"}
TOTALS=${TOTALS:-topk}
QO_RS=(); QO_PY=(); QO_JAVA=()
if [[ -n "${QUERIES_ONLY:-}" ]]; then
    QO_RS=(--queries-only); QO_PY=(--queries-only); QO_JAVA=(--queries-only true)
fi

cd "$(dirname "$0")/../.."
DATA=benches/data
CORPUS=$DATA/corpus-$N-s$SEED.jsonl
WORK=$DATA/work-$N
OUT=benches/runs/$(date -u +%Y-%m-%dT%H-%MZ)-$N
QUERIES=scripts/bench/queries.tsv
# Two runs of one size started in the same minute keep apart.
[[ -e $OUT ]] && OUT=$OUT-$(date -u +%S)s
mkdir -p "$WORK" "$OUT"

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# Write back what the last engine left dirty, then wait (up to 3 minutes)
# until the disk has been quiet for 10 s: the share of time some task
# stalled on I/O (Linux PSI, avg10) below 1%. The host keeps writing long
# after `sync` returns: a 100k import right after the 1M imports took 27
# and 37 s, against 7.7-7.9 s on a quiet disk (7 s alone and 22 s right
# after a run, before `sync` was added).
settle_disk() {
    sync
    [[ -r /proc/pressure/io ]] || return 0
    local waited=0 stall
    while (( waited < 180 )); do
        stall=$(awk '/^some/ { split($2, a, "="); print int(a[2]) }' /proc/pressure/io)
        if (( stall < 1 )); then
            (( waited > 0 )) && log "waited ${waited} s for a quiet disk"
            return 0
        fi
        sleep 5; waited=$((waited + 5))
    done
    log "disk still busy after ${waited} s (I/O stall ${stall}%); going on"
}

if [[ -z "${SKIP_BUILD:-}" ]]; then
    log "building release binaries"
    cargo build --release -q -p pressroom-benches -p pressroom-cli --bins ||
        { log "the CLI does not build: benches only, no cold-start timing"; cargo build --release -q -p pressroom-benches --bins; }
fi
BIN=target/release

if [[ ! -s $CORPUS ]]; then
    log "generating $N documents (seed $SEED)"
    $BIN/gen_corpus --docs "$N" --seed "$SEED" --out "$CORPUS"
fi

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "corpus: $CORPUS ($(du -h "$CORPUS" | cut -f1))"
    echo "nproc: $(nproc)"
    echo "cpu: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)"
    echo "memory: $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)"
    echo "totals: $TOTALS${QUERIES_ONLY:+ (queries only, indexes reused)}${REUSE_STORE:+ (pressroom store reused: import not timed)}"
    echo "load at start: $(uptime)"
    # The checkout is shared: record what the binaries were built from.
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "uncommitted changes under crates/ and benches/: $(git status --short crates benches 2>/dev/null | tr '\n' ' ')"
} > "$OUT/run.txt"

reports=()
for engine in $ENGINES; do
    settle_disk
    log "$engine: indexing $N documents, then queries"
    case $engine in
    pressroom)
        # The index is built by the CLI (`pressroom index --rebuild`, its own
        # memory budget) when it was built; else in the bench process.
        CLI_ARG=()
        [[ -x $BIN/pressroom ]] && CLI_ARG=(--cli "$BIN/pressroom")
        [[ -n "${REUSE_STORE:-}" ]] && CLI_ARG+=(--reuse-store)
        $BIN/bench_pressroom --corpus "$CORPUS" --home "$WORK/pressroom" --queries "$QUERIES" \
            --budget-mb "$BUDGET_MB" --reps "$REPS" --qps-secs "$QPS_SECS" --totals "$TOTALS" \
            "${QO_RS[@]}" "${CLI_ARG[@]}" > "$OUT/pressroom.json"
        # Cold start: a new process each time (page cache warm), to the first result.
        CLI=( "$BIN/pressroom" search torture --home "$WORK/pressroom" )
        if [[ ! -x $BIN/pressroom ]]; then
            log "no $BIN/pressroom: CLI cold start not measured"
        elif command -v hyperfine > /dev/null; then
            hyperfine -N --warmup 1 --runs 20 --export-json "$OUT/cli.json" "${CLI[*]}" > "$OUT/cli.txt"
            CLI_MS=$(python3 -c "import json; print(json.load(open('$OUT/cli.json'))['results'][0]['mean'] * 1000)")
        else
            start=$(date +%s%N)
            for _ in $(seq 20); do "${CLI[@]}" > /dev/null; done
            CLI_MS=$(( ($(date +%s%N) - start) / 20000000 ))
        fi
        echo "cli cold start mean ms: ${CLI_MS:-not measured}" >> "$OUT/run.txt"
        ;;
    tantivy)
        $BIN/bench_tantivy --corpus "$CORPUS" --dir "$WORK/tantivy" --queries "$QUERIES" \
            --budget-mb "$BUDGET_MB" --reps "$REPS" --qps-secs "$QPS_SECS" --totals "$TOTALS" \
            "${QO_RS[@]}" > "$OUT/tantivy.json"
        ;;
    tantivy-heap)
        # The floor with pressroom's writer memory instead of the whole
        # budget: pressroom keeps its process within the budget and gives
        # the rest to its queue, key memo and store reads, while bare
        # tantivy given the budget as writer memory goes over it.
        HEAP=$(python3 -c "import json; print(json.load(open('$OUT/pressroom.json')).get('writer_heap_mb') or '')" 2>/dev/null || true)
        if [[ -z $HEAP ]]; then
            log "tantivy-heap: no writer memory in pressroom's report (run pressroom first): skipped"
            continue
        fi
        $BIN/bench_tantivy --corpus "$CORPUS" --dir "$WORK/tantivy-heap" --queries "$QUERIES" \
            --budget-mb "$HEAP" --label "tantivy, ${HEAP} MB writer" --reps "$REPS" \
            --qps-secs "$QPS_SECS" --totals "$TOTALS" "${QO_RS[@]}" > "$OUT/tantivy-heap.json"
        ;;
    xapian)
        # Debian's python3: python3-xapian is installed for it, not for a pyenv one.
        /usr/bin/python3 scripts/bench/xapian_bench.py --corpus "$CORPUS" --dir "$WORK/xapian" \
            --queries "$QUERIES" --reps "$REPS" --qps-secs "$QPS_SECS" --totals "$TOTALS" \
            "${QO_PY[@]}" > "$OUT/xapian.json"
        ;;
    lucene)
        CP="$(ls /usr/share/java/lucene-core-8*.jar /usr/share/java/lucene-analyzers-common-8*.jar | paste -sd:)"
        mkdir -p "$DATA/lucene-classes"
        javac -d "$DATA/lucene-classes" -cp "$CP" scripts/bench/LuceneBench.java
        java -Xmx1g -cp "$DATA/lucene-classes:$CP" LuceneBench --corpus "$CORPUS" --dir "$WORK/lucene" \
            --queries "$QUERIES" --budget-mb "$BUDGET_MB" --reps "$REPS" --qps-secs "$QPS_SECS" \
            --totals "$TOTALS" "${QO_JAVA[@]}" > "$OUT/lucene.json"
        ;;
    *) echo "unknown engine $engine" >&2; exit 2 ;;
    esac
    reports+=("$OUT/$engine.json")
done
echo "load at end: $(uptime)" >> "$OUT/run.txt"

cat "$OUT/run.txt"
echo
python3 scripts/bench/compare.py --budget-mb "$BUDGET_MB" ${CLI_MS:+--cli-ms "$CLI_MS"} "${reports[@]}" | tee "$OUT/table.md"
log "results in $OUT"
