#!/usr/bin/env bash
# Times alis on generated files of ROWS rows (default 1 000 000), each piece
# of work against its baseline in the same run: batch against a program that
# only reads the file with encoding/csv; the same rows with employment
# columns (a register of employment periods) against them without; a
# workbook read, a workbook written,
# --allocate, compare and report against the same batch on CSV; calc against
# /bin/true. Prints a row each, with the ratio of the medians.
#   bash testdata/gen/bench.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/alis" ./cmd/alis
go build -o "$tmp/csvread" ./testdata/gen/csvread
"$tmp/alis" gen --rows "$rows" -o "$tmp/avtaler.csv"
"$tmp/alis" gen --rows "$rows" -o "$tmp/avtaler.xlsx"
"$tmp/alis" gen --rows "$rows" --employment -o "$tmp/register.csv"
echo "files: $(du -h "$tmp/avtaler.csv" | cut -f1) CSV, $(du -h "$tmp/avtaler.xlsx" | cut -f1) workbook; $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d)"
go run ./testdata/gen/bench -alis "$tmp/alis" -baseline "$tmp/csvread" -csv "$tmp/avtaler.csv" -xlsx "$tmp/avtaler.xlsx" -register "$tmp/register.csv" -rows "$rows" -tmp "$tmp"
