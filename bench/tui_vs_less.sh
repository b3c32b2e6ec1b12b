#!/usr/bin/env bash
# The reader (TUI) against `less`, both in a pseudo-terminal (120x35,
# TERM=xterm-256color), on the same ~10 MB Arabic Markdown book and on a
# ~10 KB one: time from spawn to the first complete frame, per-key latency
# (j, PgDn, `]`, mouse wheel, G, g: median, p95 and the first press), resize
# (first frame at the new size, then `j` at once; and resize with `j` written
# together, to the screen showing j's view), peak RSS (VmHWM), each
# with its target, and final ratio lines. The measuring is done by
# examples/tui_bench.rs (see its header for how a complete frame is told).
# Usage: bench/tui_vs_less.sh [MEGABYTES] [RUNS]
# FIRST=1 measures only the first frames, qari's and less's runs taking
# turns (quick, and steadier against the machine's load).
# EPUB=1 also measures the book as an EPUB, HTML=1 as one HTML page (see
# the end).
# CODE=1 makes both books code-heavy (a highlighted block after every other
# paragraph; see gen_book.py).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-10}
runs=${2:-5}
if ! command -v less >/dev/null; then
    echo "less is missing; installing it"
    apt-get install -y less >/dev/null || { echo "install less"; exit 2; }
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
code=${CODE:+code}
python3 bench/gen_book.py "$dir/book.md" "$mb" $code
python3 bench/gen_book.py "$dir/small.md" 0.01 $code
cargo build --release --quiet
cargo build --release --quiet --example tui_bench
target=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)
printf 'targets: first frame <= 60 ms; j, PgDn, ], wheel <= 2 ms; G <= 50 ms;\n'
printf '         frame cost (j, %s MB / 10 KB) within 20%%; peak RSS < 4x the file;\n' "$mb"
printf '         issue #15: first frame <= 20 ms and <= 3x less, 200 j <= 1.5x less\n'
printf 'less: %s\n' "$(less --version | head -n 1)"
"$target/release/examples/tui_bench" --qari "$target/release/qari" --runs "$runs" \
    ${FIRST:+--first-frames} --small "$dir/small.md" "$dir/book.md"

# The same book as an EPUB (bench/md_to_epub.py: ~200 chapter files): the
# reader on it, without less (which cannot read a zip). Issue #14's bars:
# first frame <= 2x the Markdown book's above, G / ] <= 50 ms, peak RSS <= 3x
# the book's text.
if [ -n "${EPUB:-}" ]; then
    python3 bench/md_to_epub.py "$dir/book.md" "$dir/book.epub"
    printf 'EPUB: the same text (%s bytes of Markdown) as %s bytes of EPUB\n' \
        "$(stat -c %s "$dir/book.md")" "$(stat -c %s "$dir/book.epub")"
    "$target/release/examples/tui_bench" --qari "$target/release/qari" --runs "$runs" \
        --no-less "$dir/book.epub"
fi
# The same book as one HTML page (a <p> per paragraph in an <article>, as
# bench/dump_vs_fribidi.sh makes it): the reader on it, without less (which
# would show the markup). Issue #15's bar: peak RSS <= 3x the file.
if [ -n "${HTML:-}" ]; then
    python3 bench/md_to_html.py "$dir/book.md" "$dir/book.html"
    printf 'HTML: the same text as one page of %s bytes\n' "$(stat -c %s "$dir/book.html")"
    "$target/release/examples/tui_bench" --qari "$target/release/qari" --runs "$runs" \
        --no-less "$dir/book.html"
fi
