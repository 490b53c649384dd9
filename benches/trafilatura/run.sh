#!/bin/sh
# Time trafilatura 2.x on an extraction benchmark folder.
# Usage: run.sh DIR [ROUNDS]. Creates a virtualenv under benches/trafilatura/.venv
# on first use (needs PyPI access once).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >&2
    # justext, used by trafilatura, imports lxml.html.clean, now a separate package.
    "$venv/bin/pip" install --quiet "trafilatura>=2,<3" lxml_html_clean >&2
fi
exec "$venv/bin/python" "$here/extract_speed.py" "$@"
