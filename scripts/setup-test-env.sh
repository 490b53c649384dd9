#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain, idempotently:
# a Python virtualenv (.venv/) with the tools some tests call.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if [ -s scripts/test-requirements.txt ]; then
    .venv/bin/pip install --quiet -r scripts/test-requirements.txt
fi
