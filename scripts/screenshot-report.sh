#!/usr/bin/env bash
# Renders a run report (or any local HTML page) in headless Chromium and saves a PNG screenshot:
#   scripts/screenshot-report.sh /tmp/gridata-demo-x/reports/<run id>.html /tmp/report.png
# Needs Debian's chromium package (apt-get install chromium); no network is used.
set -euo pipefail
page="$(realpath "$1")"
png="$2"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size=1300,1100 --screenshot="$png" "file://$page" >/dev/null 2>&1
echo "$png"
