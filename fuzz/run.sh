#!/usr/bin/env bash
# Fuzzes each of qari's targets in turn for SECONDS_PER_TARGET (default 600),
# one process at a time, and prints per target: executions, exec/s,
# coverage, features, corpus size and crashes. Exits 1 if any target
# crashed (or timed out, or ran out of memory); the input is saved under
# fuzz/artifacts/TARGET/.
#
#   fuzz/run.sh [SECONDS_PER_TARGET]          all targets
#   FUZZ_TARGETS="engine" fuzz/run.sh 60      some of them
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer's instrumentation
# and AddressSanitizer take nightly-only compiler flags; RUSTC_BOOTSTRAP=1
# lets the stable toolchain accept them, so no nightly is needed.
set -uo pipefail
cd "$(dirname "$0")/.."

secs="${1:-600}"
if ! [[ "$secs" =~ ^[0-9]+$ ]] || [ "$secs" -eq 0 ]; then
    echo "usage: fuzz/run.sh [SECONDS_PER_TARGET]" >&2
    exit 2
fi
read -r -a targets <<<"${FUZZ_TARGETS:-engine import_json import_markdown import_plain import_epub import_html}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz/run.sh: cargo-fuzz is missing: cargo install cargo-fuzz" >&2
    exit 2
fi

# -a: debug assertions on, so overflow and internal invariants are checked.
# ASan is cargo-fuzz's default sanitizer.
for t in "${targets[@]}"; do
    cargo fuzz build -a "$t" || exit 2
done

triple="$(rustc -vV | sed -n 's/^host: //p')"
bin_dir="$PWD/fuzz/target/$triple/release"
failed=0
summary=()
for t in "${targets[@]}"; do
    corpus="$PWD/fuzz/corpus/$t"
    seeds="$PWD/fuzz/seeds/$t"
    artifacts="$PWD/fuzz/artifacts/$t"
    logs="$PWD/fuzz/artifacts/logs"
    mkdir -p "$corpus" "$artifacts" "$logs"
    before="$(find "$artifacts" -type f | wc -l)"
    log="$logs/$t.log"
    echo "== $t: ${secs}s" >&2
    start="$(date +%s)"
    # -jobs=1 -workers=1: one fuzzing process, never more (shared machine).
    # libFuzzer then writes the job's log to fuzz-0.log in the working
    # directory, so run from the log directory. The seeds are read, new
    # inputs go to the corpus. -timeout=30: an input slower than that is a
    # hang worth reporting (quadratic layout, say). Not less: under
    # ASan a page's first import compiles the readability regexes, seconds
    # on a busy machine.
    (cd "$logs" && "$bin_dir/$t" -jobs=1 -workers=1 \
        -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" \
        "$corpus" "$seeds") >"$log" 2>&1
    rc=$?
    elapsed=$(($(date +%s) - start))
    after="$(find "$artifacts" -type f | wc -l)"
    crashes=$((after - before))
    [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes="? (exit $rc)"
    [ "$rc" -ne 0 ] && failed=1
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
    # The last status line: "#N DONE cov: C ft: F corp: U/SIZE ...".
    status="$(grep -E '^#[0-9]+' "$log" | tail -1)"
    cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")"
    ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")"
    corp="$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$status")"
    line="$(printf '%-16s %6ss  execs %-10s exec/s %-6s cov %-6s ft %-7s corpus %-12s crashes %s' \
        "$t" "$elapsed" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes")"
    echo "$line"
    summary+=("$line")
    if [ "$rc" -ne 0 ]; then
        grep -E -A3 'panicked at|ERROR: libFuzzer|ERROR: AddressSanitizer|Test unit written' "$log" | head -20 >&2
    fi
done

echo
echo "summary (log: fuzz/artifacts/logs/TARGET.log):"
printf '%s\n' "${summary[@]}"
exit "$failed"
