#!/bin/sh
# Time trafilatura 2.x on an extraction benchmark folder.
# Usage: run.sh DIR [ROUNDS]. Creates a virtualenv under benches/trafilatura/.venv
# on first use (needs PyPI access once).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
python=$("$here/venv.sh")
exec "$python" "$here/extract_speed.py" "$@"
