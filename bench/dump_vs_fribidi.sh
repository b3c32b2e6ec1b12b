#!/usr/bin/env bash
# Dump throughput of qari against GNU FriBidi on the same ~10 MB Arabic
# Markdown book, side by side: median of N alternating runs (default 7),
# MB/s for each, qari's peak RSS, and a final ratio line.
# Usage: bench/dump_vs_fribidi.sh [RUNS] [MEGABYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
mb=${2:-10}
if ! command -v fribidi >/dev/null; then
    echo "fribidi is missing; installing libfribidi-bin"
    { apt-get update -qq && apt-get install -y -qq libfribidi-bin; } >/dev/null 2>&1 ||
        { echo "install fribidi (Debian package libfribidi-bin)"; exit 2; }
fi
book=$(mktemp --suffix=.md)
trap 'rm -f "$book"' EXIT
python3 bench/gen_book.py "$book" "$mb"
cargo build --release --quiet
# Honour CARGO_TARGET_DIR, as cargo does.
qari="${CARGO_TARGET_DIR:-target}/release/qari"
bytes=$(stat -c %s "$book")
qari_t=() fri_t=()
now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
for _ in $(seq "$runs"); do
    t0=$(now); "$qari" --dump --width 80 "$book" >/dev/null; t1=$(now)
    fribidi --width 80 "$book" >/dev/null; t2=$(now)
    qari_t+=("$(calc "$t1 - $t0")"); fri_t+=("$(calc "$t2 - $t1")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
q=$(median "${qari_t[@]}"); f=$(median "${fri_t[@]}")
rss=$( { /usr/bin/time -f %M "$qari" --dump --width 80 "$book" >/dev/null; } 2>&1 )
mbs() { calc "$bytes / 1000000 / $1"; }
printf 'input: %s bytes of Arabic Markdown, %s runs each, width 80\n' "$bytes" "$runs"
printf 'qari --dump:   median %.3f s  %.1f MB/s  peak RSS %s KB (%.2fx the file)\n' "$q" "$(mbs "$q")" "$rss" "$(calc "$rss * 1024 / $bytes")"
printf 'fribidi:       median %.3f s  %.1f MB/s\n' "$f" "$(mbs "$f")"
printf 'ratio: qari throughput / fribidi throughput = %.2f (target >= 2)\n' "$(calc "$f / $q")"
