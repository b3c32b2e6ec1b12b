#!/usr/bin/env bash
# shoot.sh — photograph qari in real terminal emulators (the real-terminal rig).
#
#   tests/terminals/shoot.sh [--out DIR] [--size COLSxROWS] [--terminals "xterm vte …"]
#                            [--shots "open section search doctor"] [--bin PATH]
#                            [-- EXTRA QARI ARGS…]
#
# Terminals: xterm, vte (lxterminal: the widget of GNOME Terminal, Tilix, xfce4-terminal),
# mlterm, konsole, kitty, alacritty, and tmux-vte (tmux running inside lxterminal).
# Shots, each a fresh qari on the bundled article (fresh XDG_STATE_HOME, so no resume):
#   open     Tab Return: the FAQ pane focused and its first answer opened
#   section  ]: the next section at the top, the navigator following
#   search   / الأمن Return: a search with its hits highlighted
#   doctor   qari --doctor: what qari detected and decided
#   dump     qari --dump --width 70: the plain dump, printed to the terminal
# Writes DIR/TERMINAL-SHOT.png (default DIR: target/terminal-shots) and DIR/versions.txt.
# Everything it needs comes from Debian (installed when missing; root and apt):
#   xvfb x11-apps xdotool imagemagick fonts-dejavu-core + the terminals.
# CI has no X display and does not run this: look at every picture yourself.
# The pty guard tests (tests/terminal_uba.rs) are what CI checks instead.
set -euo pipefail

die() { echo "shoot: $*" >&2; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/target/terminal-shots size=120x35 bin=$root/target/release/qari
terminals="xterm vte mlterm konsole kitty alacritty tmux-vte"
shots="open section search doctor"
while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2;;
        --size) size=$2; shift 2;;
        --terminals) terminals=$2; shift 2;;
        --shots) shots=$2; shift 2;;
        --bin) bin=$2; shift 2;;
        --) shift; break;;
        *) die "unknown option $1 (see the header of $0)";;
    esac
done
extra=("$@")
cols=${size%x*} rows=${size#*x}
[ -x "$bin" ] || die "no qari at $bin: cargo build --release first, or --bin PATH"
mkdir -p "$out"

need() {  # command → Debian package, pairs
    local missing=()
    while [ $# -gt 0 ]; do command -v "$1" >/dev/null 2>&1 || missing+=("$2"); shift 2; done
    [ ${#missing[@]} -eq 0 ] && return 0
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
        { apt-get update -q >/dev/null 2>&1 &&
          apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; } ||
        die "could not install ${missing[*]}"
}
need Xvfb xvfb xwd x11-apps xdotool xdotool convert imagemagick fc-list fontconfig dbus-launch dbus-x11
fc-list | grep -qi 'DejaVu Sans Mono' || need zzz-none fonts-dejavu-core
for t in $terminals; do
    case $t in
        xterm) need xterm xterm;;
        vte) need lxterminal lxterminal;;
        tmux-vte) need lxterminal lxterminal tmux tmux;;
        mlterm) need mlterm mlterm;;
        konsole) need konsole konsole;;
        kitty) need kitty kitty;;
        alacritty) need alacritty alacritty;;
        *) die "unknown terminal $t";;
    esac
done

# One virtual display for every shot.
for n in $(seq 90 130); do [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] || break; done
export DISPLAY=:$n
Xvfb "$DISPLAY" -screen 0 1920x1200x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
export LIBGL_ALWAYS_SOFTWARE=1 XDG_RUNTIME_DIR=/tmp/qari-shoot-runtime
mkdir -p "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"

# Versions, as the packages give them.
{
    echo "# terminals photographed by tests/terminals/shoot.sh on $(date -u +%F)"
    for t in $terminals; do
        case $t in
            vte) p="lxterminal libvte-2.91-0";; tmux-vte) p="tmux libvte-2.91-0";;
            *) p=$t;;
        esac
        for pkg in $p; do
            printf '%s\t%s\t%s\n' "$t" "$pkg" "$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || echo '?')"
        done
    done
} > "$out/versions.txt"

# shot TERMINAL NAME "KEYS" COMMAND… — one terminal window, keys, one PNG.
shot() {
    local term=$1 name=$2 keys=$3; shift 3
    local state; state=$(mktemp -d /tmp/qari-shoot-state-XXXXXX)
    local inner; inner=$(printf '%q ' "$@")
    local script="cd $(printf '%q' "$root"); export XDG_STATE_HOME=$state; $inner; echo \"[exit \$?]\"; sleep 600"
    local bus=(dbus-run-session --)
    local log; log=$(mktemp /tmp/qari-shoot-XXXXXX.log)
    case $term in
        xterm) setsid xterm -fa 'DejaVu Sans Mono' -fs 12 -geometry "${cols}x${rows}" -e bash -c "$script" ;;
        vte) setsid "${bus[@]}" lxterminal --no-remote --geometry="${cols}x${rows}" -e bash -c "$script" ;;
        tmux-vte)
            local tscript="cd $(printf '%q' "$root"); tmux -L qari-shoot -f /dev/null new-session bash -c $(printf '%q' "$script")"
            setsid "${bus[@]}" lxterminal --no-remote --geometry="${cols}x${rows}" -e bash -c "$tscript" ;;
        mlterm) setsid mlterm -geometry "${cols}x${rows}" --fontsize 15 -e bash -c "$script" ;;
        konsole) setsid "${bus[@]}" konsole --nofork --hide-menubar --hide-tabbar \
            -p "TerminalColumns=$cols" -p "TerminalRows=$rows" -e bash -c "$script" ;;
        kitty) setsid kitty -o remember_window_size=no -o initial_window_width="${cols}c" -o initial_window_height="${rows}c" \
            bash -c "$script" ;;
        alacritty) setsid alacritty -o "window.dimensions.columns=$cols" \
            -o "window.dimensions.lines=$rows" -e bash -c "$script" ;;
    esac >>"$log" 2>&1 &
    local tpid=$!
    local win=""
    for _ in $(seq 200); do
        for p in $(pgrep -g "$tpid" 2>/dev/null); do
            local w; w=$(xdotool search --onlyvisible --pid "$p" 2>/dev/null | tail -1 || true)
            [ -n "$w" ] && win=$w
        done
        [ -n "$win" ] && break
        sleep 0.1
    done
    [ -n "$win" ] || win=$(xdotool search --onlyvisible --name '.' 2>/dev/null | tail -1 || true)
    if [ -z "$win" ]; then
        echo "shoot: no window for $term (log: $log)" >&2
        kill -- -"$tpid" 2>/dev/null || true
        return 1
    fi
    sleep 3
    if [ -n "$keys" ]; then
        xdotool windowfocus --sync "$win" 2>/dev/null || true
        local k
        for k in $keys; do
            case $k in
                type:*) xdotool type --delay 80 "${k#type:}";;
                *) xdotool key --clearmodifiers "$k";;
            esac
            sleep 0.6
        done
        sleep 0.8
    fi
    xwd -silent -id "$win" | convert xwd:- "$out/$term-$name.png"
    echo "$out/$term-$name.png"
    kill -- -"$tpid" 2>/dev/null || kill "$tpid" 2>/dev/null || true
    [ "$term" = tmux-vte ] && { tmux -L qari-shoot kill-server 2>/dev/null || true; }
    sleep 0.5
    rm -rf "$state" "$log"
}

for t in $terminals; do
    for s in $shots; do
        case $s in
            open) shot "$t" open "Tab Return" "$bin" "${extra[@]}" ;;
            section) shot "$t" section "bracketright" "$bin" "${extra[@]}" ;;
            search) shot "$t" search "slash type:الأمن Return" "$bin" "${extra[@]}" ;;
            doctor) shot "$t" doctor "" "$bin" --doctor "${extra[@]}" ;;
            dump) shot "$t" dump "" "$bin" --dump --width 70 "${extra[@]}" ;;
            *) die "unknown shot $s";;
        esac
    done
done
