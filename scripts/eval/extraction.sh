#!/usr/bin/env bash
# Extraction scored on every extraction set of the evaluation data, each part
# in one table with trafilatura and the set's own peers: what BENCHMARKS.md's
# extraction tables quote.
#
#   scripts/eval/extraction.sh [EVAL_DIR]     # default: ../shared/eval
#
# trafilatura's output on each set is written once, by
# benches/trafilatura/peer_output.py in the virtualenv of
# benches/trafilatura/venv.sh, to benches/data/extraction-peers/SET/
# (git-ignored: the evaluation folders are read-only), beside copies of the
# set's own peer-output/*.json. The first run takes longer: trafilatura took 2
# to 37 minutes for the three newer sets, by host. Later runs reuse the outputs;
# delete that folder after upgrading trafilatura (and extraction-views/ too,
# or after changing how pages are parsed or decoded).
#
# Each part's table (`pressroom eval extraction --data SET --split PART
# --peers ...`) goes to benches/runs/<UTC date and time>-extraction/SET-PART.txt.
# Each whole set is also scored in four views of its pages, each taking one
# kind of template help away (`eval::View`): without class and id names,
# without landmarks (sectioning elements as div), with paragraphs as line
# breaks, and with paragraphs as plain divs. A view's pages are written once,
# as `eval::View` shows them, to benches/data/extraction-views/VIEW/SET/;
# trafilatura is run on those, and both are scored there (SET-all-VIEW.txt).
set -euo pipefail

cd "$(dirname "$0")/../.."
EVAL=${1:-../shared/eval}
PEERS=benches/data/extraction-peers
VIEWS=benches/data/extraction-views
OUT=benches/runs/$(date -u +%Y-%m-%dT%H-%MZ)-extraction
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

[[ -d $EVAL ]] || { echo "no evaluation data at $EVAL" >&2; exit 2; }
cargo build --release -q -p pressroom-cli
cargo build --release -q -p pressroom-parse --example view_folder
python=$(benches/trafilatura/venv.sh)
mkdir -p "$OUT"

# The parts each set is reported in: the scrapinghub and trafilatura sets
# keep a third of their sites apart (and are scored whole beside the view
# without names); wcxb-dev and readability are scored whole.
declare -A PARTS=(
    [extraction]="tune holdout all"
    [extraction-wcxb-dev]="all"
    [extraction-trafilatura]="tune holdout all"
    [extraction-readability]="all"
)
for set in extraction extraction-wcxb-dev extraction-trafilatura extraction-readability; do
    data=$EVAL/$set
    if [[ ! -d $data ]]; then
        log "no $data: skipped"
        continue
    fi
    peers=$PEERS/$set
    mkdir -p "$peers"
    if [[ -d $data/peer-output ]]; then
        cp "$data"/peer-output/*.json "$peers"/
    fi
    if [[ ! -s $peers/trafilatura.json ]]; then
        log "$set: trafilatura's output (once)"
        "$python" benches/trafilatura/peer_output.py "$data" "$peers/trafilatura.json.part"
        mv "$peers/trafilatura.json.part" "$peers/trafilatura.json"
    fi
    for part in ${PARTS[$set]}; do
        log "$set, $part"
        target/release/pressroom eval extraction --data "$data" --split "$part" --peers "$peers" \
            > "$OUT/$set-$part.txt"
    done
    for view in without-names without-landmarks paragraphs-as-breaks paragraphs-as-divs; do
        pages=$VIEWS/$view/$set
        if [[ ! -s $pages/peers/trafilatura.json ]]; then
            log "$set: pages $view, and trafilatura's output on them (once)"
            target/release/examples/view_folder --view "$view" --data "$data" --out "$pages"
            mkdir -p "$pages/peers"
            "$python" benches/trafilatura/peer_output.py "$pages" "$pages/peers/trafilatura.json.part"
            mv "$pages/peers/trafilatura.json.part" "$pages/peers/trafilatura.json"
        fi
        log "$set, all, $view"
        target/release/pressroom eval extraction --data "$pages" --split all \
            --peers "$pages/peers" > "$OUT/$set-all-$view.txt"
    done
done
git rev-parse --short HEAD > "$OUT/commit.txt"
log "results in $OUT"
