#!/usr/bin/env bash
# The part of bench/startup/run that needs the session bus, keyring and display.
set -euo pipefail
export BILLKEEP_KEYRING_SERVICE="dev.billkeep.bench.$$"
seed="$PWD/target/bench-seed"
rm -rf "$seed" && mkdir -p "$seed"
target/release/billkeep-cli --data-dir "$seed" links >/dev/null
python3 bench/startup/seed.py "$seed" 200 50 >&2
# Two years of monthly bills per link, for the views that draw them (chart, calendar).
views="$PWD/target/bench-seed-24"
rm -rf "$views" && mkdir -p "$views"
target/release/billkeep-cli --data-dir "$views" links >/dev/null
python3 bench/startup/seed.py "$views" 200 24 >&2
python3 bench/startup/measure.py "$@" \
  billkeep=target/release/billkeep \
  "billkeep-10k=target/release/billkeep:$seed" \
  hello-shell=target/release/hello-shell
BILLKEEP_E2E_APP=target/release/billkeep node bench/startup/render.mjs "$seed" 10 list
BILLKEEP_E2E_APP=target/release/billkeep node bench/startup/render.mjs "$views" 20 views
