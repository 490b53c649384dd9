#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain, idempotently:
# a Python virtualenv (.venv/) with the tools some tests call, and headless
# Chromium with its WebDriver for the web workspace's browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if [ -s scripts/test-requirements.txt ]; then
    .venv/bin/pip install --quiet -r scripts/test-requirements.txt
fi

# crates/server/tests/browser.rs drives Debian's chromium through
# chromedriver. Installed only when missing, and only as root (CI); a
# developer without them sees the browser test SKIP.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
    else
        echo "setup-test-env: chromium/chromedriver missing and not root: the browser test will SKIP" >&2
    fi
fi
