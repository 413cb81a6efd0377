#!/usr/bin/env bash
# Times alis batch on a generated file of ROWS rows (default 1 000 000) against a
# program that only reads the same file with encoding/csv, in one run.
#   bash testdata/gen/bench.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/alis" ./cmd/alis
go build -o "$tmp/csvread" ./testdata/gen/csvread
"$tmp/alis" gen --rows "$rows" > "$tmp/avtaler.csv"
echo "file: $(du -h "$tmp/avtaler.csv" | cut -f1), $(nproc) cores, $(go version | cut -d' ' -f3)"
go run ./testdata/gen/bench -alis "$tmp/alis" -baseline "$tmp/csvread" -file "$tmp/avtaler.csv" -rows "$rows"
