#!/usr/bin/env bash
# screenshots.sh — the README's pictures: qari in xterm (DejaVu Sans Mono) on
# a virtual display, photographed with xwd and made small with ImageMagick.
#
#   docs/screenshots.sh [--bin PATH] [--out DIR]
#
# Writes DIR/reader.png (120×35: the bundled article, the navigator on the
# right and the first FAQ answer open), DIR/narrow.png (60×20),
# DIR/search.png (a search with its matches highlighted) and DIR/table.png
# (tests/fixtures/table.md). DIR defaults to docs/, PATH to the release
# binary (cargo build --release first). Each qari starts with empty
# XDG_STATE_HOME and XDG_CONFIG_HOME, so the pictures do not depend on what
# was read before. Needs the Debian packages xvfb x11-apps xdotool xterm
# imagemagick fonts-dejavu-core (installed when missing, as root).
# Look at every picture before committing it: joined letters, words right
# to left, the navigator on the right. For more terminals, see
# tests/terminals/shoot.sh.
set -euo pipefail

die() { echo "screenshots: $*" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${CARGO_TARGET_DIR:-$root/target}/release/qari out=$root/docs
while [ $# -gt 0 ]; do
    case $1 in
        --bin) bin=$2; shift 2;;
        --out) out=$2; shift 2;;
        *) die "unknown option $1 (see the header of $0)";;
    esac
done
case $bin in /*) ;; *) bin=$PWD/$bin;; esac
[ -x "$bin" ] || die "no qari at $bin: cargo build --release first, or --bin PATH"
mkdir -p "$out"

need() {  # pairs: command, Debian package
    local missing=()
    while [ $# -gt 0 ]; do command -v "$1" >/dev/null 2>&1 || missing+=("$2"); shift 2; done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]} (apt-get install them, or run as root)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y -q --no-install-recommends "${missing[@]}" ||
      { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; }; } \
        >/dev/null 2>&1 || die "could not install ${missing[*]}"
}
need Xvfb xvfb xwd x11-apps xdotool xdotool xterm xterm convert imagemagick fc-list fontconfig
fc-list | grep -qi 'DejaVu Sans Mono' || need no-such-command fonts-dejavu-core

# One virtual display for all the shots.
for n in $(seq 140 180); do [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] || break; done
export DISPLAY=:$n
Xvfb "$DISPLAY" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
scratch=$(mktemp -d /tmp/qari-screenshots-XXXXXX)
trap 'kill "$xvfb_pid" 2>/dev/null || true; rm -rf "$scratch"' EXIT
for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
[ -S "/tmp/.X11-unix/X$n" ] || die "Xvfb did not start on $DISPLAY"

# shot NAME COLSxROWS "KEYS" QARI-ARGS… — one xterm, keys sent with
# xdotool (type:TEXT types TEXT), one PNG.
shot() {
    local name=$1 size=$2 keys=$3; shift 3
    local home=$scratch/$name
    mkdir -p "$home/state" "$home/config"
    local script
    script="cd $(printf '%q' "$root") && XDG_STATE_HOME=$home/state XDG_CONFIG_HOME=$home/config"
    script+=" $(printf '%q ' "$bin" "$@"); sleep 600"
    # xterm does no bidi of its own: qari's app mode, as most users see it.
    setsid xterm -fa 'DejaVu Sans Mono' -fs 12 -bg '#1d1f21' -fg '#d0d0d0' \
        -geometry "${size%x*}x${size#*x}" -title "qari $name" -e bash -c "$script" \
        >/dev/null 2>&1 &
    local tpid=$! win=""
    for _ in $(seq 100); do
        win=$(xdotool search --onlyvisible --name "^qari $name\$" 2>/dev/null | head -1 || true)
        [ -n "$win" ] && break
        sleep 0.1
    done
    [ -n "$win" ] || { kill -- -"$tpid" 2>/dev/null; die "no xterm window for $name"; }
    sleep 2
    xdotool windowfocus --sync "$win" 2>/dev/null || true
    local k
    for k in $keys; do
        case $k in
            type:*) xdotool type --delay 200 "${k#type:}";;
            *) xdotool key --clearmodifiers "$k";;
        esac
        sleep 0.5
    done
    sleep 1
    xwd -silent -id "$win" | convert xwd:- -strip -define png:exclude-chunks=date,time +dither -colors 64 \
        "$out/$name.png"
    kill -- -"$tpid" 2>/dev/null || true
    echo "$out/$name.png ($size, $(($(stat -c %s "$out/$name.png") / 1024)) KB)"
}

shot reader 120x35 "Tab Return"
shot narrow 60x20 ""
shot search 100x30 "slash type:التعاون Return"
# xdotool types Arabic through a remapped key, which can drop a letter: the
# current match (magenta in the dark theme) shows that the word arrived.
magenta=$(convert "$out/search.png" -fuzz 10% -fill black +opaque '#ff00ff' -format '%[fx:mean>0]' info:)
[ "$magenta" = 1 ] || echo "screenshots: search.png shows no match; run again" >&2
shot table 100x30 "" tests/fixtures/table.md
