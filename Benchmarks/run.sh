#!/usr/bin/env bash
# The benchmark's one command: release build, dialog and pyte if missing, ten years of generated
# history, then every figure next to dialog's or the machine's floor, measured in this run.
#   bash Benchmarks/run.sh [--reps 30]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dialog >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dialog; }
python3 -c 'import pyte' >/dev/null 2>&1 || python3 -m pip install -q pyte
# The kiosk as deployed (README: the Swift runtime linked in, every module's functions in sections of their
# own for the linker to lay out), and as `swift build -c release` gives it.
swift build -c release --product fabrique --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -function-sections \
    -Xcc -ffunction-sections --scratch-path .build-static >/dev/null
swift build -c release --product fabrique >/dev/null
swift build -c release --product fabrique-bench >/dev/null
data=$(mktemp -d /tmp/fabrique-bench-XXXXXX)
trap 'rm -rf "$data"' EXIT
# The kiosk links FoundationEssentials only (no Foundation, no ICU: 50 MB of code and data, 4 MB of
# resident pages at each start); a use of full Foundation anywhere in the program brings them back.
foundation=$(nm .build-static/release/fabrique 2>/dev/null | grep -c '10Foundation\|icu_' || true)
echo "kiosk binary: $(du -m .build-static/release/fabrique | cut -f1) MB, symbols of full Foundation or ICU: $foundation"
# The functions a visit runs, laid out together by the linker (Package.swift); a list grown stale shows here
# (Benchmarks/hot_functions.py makes it again).
hot=$(grep -o '"\.text\.[^"]*"' Linking/hot-functions.ld | tr -d '"' | sort -u)
listed=$(echo "$hot" | wc -l)
present=$(nm --defined-only .build-static/release/fabrique | awk '{print ".text." $3}' | sort -u \
    | comm -12 - <(echo "$hot") | wc -l)
echo "hot functions listed: $listed, in the binary: $present"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(swift --version 2>&1 | head -1)"
python3 Benchmarks/bench.py --fabrique .build-static/release/fabrique --fabrique-dynamic .build/release/fabrique \
    --data "$data" --json benchmark-results.json "$@"
