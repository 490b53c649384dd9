#!/bin/sh
# Print the python of trafilatura's virtualenv (benches/trafilatura/.venv),
# creating it on first use (needs PyPI access once).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >&2
    # justext, used by trafilatura, imports lxml.html.clean, now a separate package.
    "$venv/bin/pip" install --quiet "trafilatura>=2,<3" lxml_html_clean >&2
fi
echo "$venv/bin/python"
