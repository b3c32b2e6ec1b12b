#!/usr/bin/env bash
# Dump throughput of qari against GNU FriBidi on the same ~10 MB Arabic
# Markdown books, side by side: the generated book (bench/gen_book.py) and a
# fully vowelled classical corpus (gen_book.py ... vowelled), each with qari
# on all cores and on one thread (--threads 1). Median of N alternating
# runs (default 7); one comparison line per figure (qari, fribidi, ratio,
# target), then qari's peak RSS per input format against the file's size.
# CPU seconds (user + system; medians, or hyperfine's means) are printed too: on a loaded machine
# they move less than the wall-clock times the ratio is taken from. Timed
# by hyperfine when it is there (installed from Debian if it can be).
# QARI=path/to/qari measures that binary instead of building this one.
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
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 bench/gen_book.py "$dir/book.md" "$mb"
python3 bench/gen_book.py "$dir/vowelled.md" "$mb" vowelled
if [ -n "${QARI:-}" ]; then
    qari=$QARI
else
    cargo build --release --quiet
    # Honour CARGO_TARGET_DIR, as cargo does.
    qari="${CARGO_TARGET_DIR:-target}/release/qari"
fi
cores=$(nproc)
now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "load before: $(uptime | sed 's/.*load average/load average/')"
printf '%-28s %25s %25s %7s %8s\n' "figure (width 80, $runs runs)" "qari: wall, MB/s, CPU" \
    "fribidi: wall, MB/s, CPU" "ratio" "target"
# timed COMMAND...: runs COMMAND, appends its wall-clock and CPU seconds to
# the arrays named by $walls and $cpus.
timed() {
    local t0 t1 user sys
    t0=$(now)
    /usr/bin/time -f '%U %S' -o "$dir/time" "$@" >/dev/null
    t1=$(now)
    read -r user sys <"$dir/time"
    eval "$walls+=(\"$(calc "$t1 - $t0")\"); $cpus+=(\"$(calc "$user + $sys")\")"
}
# compare NAME FILE THREADS TARGET: qari and fribidi, medians. With
# hyperfine (Debian package hyperfine) each is timed from spawn to exit
# by hyperfine itself (2 warm-up runs, then RUNS); without it, alternating
# runs timed around /usr/bin/time, whose own cost (a few ms a run) weighs
# more on the faster program and so lowers the ratio.
compare() {
    if command -v hyperfine >/dev/null; then
        compare_hyperfine "$@"
        return
    fi
    local name=$1 file=$2 threads=$3 target=$4 bytes q qc f fc
    local q_w=() q_c=() f_w=() f_c=()
    bytes=$(stat -c %s "$file")
    for _ in $(seq "$runs"); do
        walls=q_w cpus=q_c timed "$qari" --dump --width 80 --threads "$threads" "$file"
        walls=f_w cpus=f_c timed fribidi --width 80 "$file"
    done
    q=$(median "${q_w[@]}"); qc=$(median "${q_c[@]}")
    f=$(median "${f_w[@]}"); fc=$(median "${f_c[@]}")
    printf '%-28s %7.3f s %4.0f MB/s %5.2f s %7.3f s %4.0f MB/s %5.2f s %6.2fx %8s\n' "$name" \
        "$q" "$(calc "$bytes / 1000000 / $q")" "$qc" "$f" "$(calc "$bytes / 1000000 / $f")" "$fc" \
        "$(calc "$f / $q")" "$target"
}
compare_hyperfine() {
    local name=$1 file=$2 threads=$3 target=$4
    hyperfine -N -w 2 -r "$runs" --output=null --export-json "$dir/hf.json" \
        "$qari --dump --width 80 --threads $threads $file" "fribidi --width 80 $file" >/dev/null 2>&1
    python3 - "$dir/hf.json" "$name" "$target" "$(stat -c %s "$file")" <<'PY'
import json, statistics, sys
runs = json.load(open(sys.argv[1]))["results"]
name, target, size = sys.argv[2], sys.argv[3], int(sys.argv[4])
def fig(r):
    wall = statistics.median(r["times"])
    # hyperfine keeps the CPU times as means.
    cpu = r["user"] + r["system"]
    return wall, size / 1e6 / wall, cpu
(q, qm, qc), (f, fm, fc) = fig(runs[0]), fig(runs[1])
print("%-28s %7.3f s %4.0f MB/s %5.2f s %7.3f s %4.0f MB/s %5.2f s %6.2fx %8s"
      % (name, q, qm, qc, f, fm, fc, f / q, target))
PY
}
if ! command -v hyperfine >/dev/null; then
    echo "hyperfine is missing; installing it (else: timed around /usr/bin/time)"
    { apt-get install -y -qq hyperfine; } >/dev/null 2>&1 || true
fi
compare "book, all cores ($cores)" "$dir/book.md" "$cores" ">= 3x"
compare "book, 1 thread" "$dir/book.md" 1 ">= 1.5x"
compare "vowelled, all cores ($cores)" "$dir/vowelled.md" "$cores" ">= 3x"
compare "vowelled, 1 thread" "$dir/vowelled.md" 1 ">= 1.5x"
echo "load after: $(uptime | sed 's/.*load average/load average/')"
# Peak RSS of the dump per input format, against the file's size: the
# book as Markdown, as HTML (one <p> per paragraph) and as EPUB (target for
# Markdown: <= 3x the file).
python3 bench/md_to_html.py "$dir/book.md" "$dir/book.html"
python3 bench/md_to_epub.py "$dir/book.md" "$dir/book.epub" >/dev/null
rss() {
    local file=$1 kb bytes
    kb=$( { /usr/bin/time -f %M "$qari" --dump --width 80 "$file" >/dev/null; } 2>&1 )
    bytes=$(stat -c %s "$file")
    printf 'peak RSS %-13s %7s KB  %5.2fx the file (%s bytes)\n' "$(basename "$file"):" "$kb" \
        "$(calc "$kb * 1024 / $bytes")" "$bytes"
}
for f in book.md vowelled.md book.html book.epub; do rss "$dir/$f"; done
