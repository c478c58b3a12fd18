#!/usr/bin/env bash
# bench-record.sh — what recording costs: glxgears through fakegl with and without
# FAKEGL_RECORD (frame rate ratio, trace bytes per frame), and the same program natively
# with and without `apitrace trace` (Debian apitrace), each ratio printed.
#
#   tools/bench-record.sh [BUILD_DIR] [SECONDS]     (defaults: build, 10)
#
# Starts its own Xvfb (-displayfd) and glrender; runs are interleaved (A B A B) so
# that a noisy machine weighs on both sides alike; ROUNDS=N (default 3).
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd) || exit 1
secs=${2:-10}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-record.XXXXXX") || exit 1
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
die() { echo "bench-record: $*" >&2; exit 1; }
for c in Xvfb glxgears apitrace; do
	command -v "$c" >/dev/null || die "$c not found (Debian: xvfb, mesa-utils, apitrace)"
done
if [ ! -x "$build/glrender/glrender" ] || [ ! -e "$build/libfakegl/libGL.so.1" ] ||
	[ ! -x "$build/tools/glstream" ]; then
	die "build $build first (meson compile -C $build)"
fi

mkfifo "$tmp/dfd"
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$tmp/dfd" >"$tmp/xvfb.log" 2>&1 &
pids+=($!)
read -r -t 20 n <"$tmp/dfd" || die "Xvfb did not start"
export DISPLAY=:$n
env -u DISPLAY "$build/glrender/glrender" --listen "unix:$tmp/gr.sock" >"$tmp/gr.log" 2>&1 &
pids+=($!)
for ((i = 0; i < 100; i++)); do [ -S "$tmp/gr.sock" ] && break; sleep 0.1; done

# run TAG ENV… — glxgears for $secs s (SIGINT: recorders finish their files)
run() {
	local tag=$1
	shift
	env "$@" timeout -s INT -k 10 "$secs" glxgears >"$tmp/$tag.out" 2>"$tmp/$tag.err"
}
fake=(LD_LIBRARY_PATH="$build/libfakegl" FAKEGL_SERVER="unix:$tmp/gr.sock")
rounds=${ROUNDS:-3}
for ((round = 1; round <= rounds; round++)); do
	run "plain$round" "${fake[@]}"
	run "rec$round" "${fake[@]}" FAKEGL_RECORD="$tmp/gears$round.gls"
	run "native$round"
	timeout -s INT -k 10 "$secs" apitrace trace -o "$tmp/gears$round.trace" glxgears \
		>"$tmp/apitrace$round.out" 2>"$tmp/apitrace$round.err"
done
# mean TAG: the mean frame rate of the rounds of TAG
mean() { cat "$tmp/$1"[0-9]*.out | awk '/frames in/ { s += $(NF - 1); n++ } END { if (n) printf "%.1f", s / n; else print 0 }'; }
plain=$(mean plain)
rec=$(mean rec)
native=$(mean native)
api=$(mean apitrace)
gls_frames=$("$build/tools/glstream" info "$tmp/gears1.gls" | awk '$1 == "frames:" { print $2 }')
gls_size=$(stat -c %s "$tmp/gears1.gls")
api_size=$(stat -c %s "$tmp/gears1.trace")
api_frames=$(apitrace dump "$tmp/gears1.trace" 2>/dev/null | grep -c 'glXSwapBuffers')
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
gls_pf=$(ratio "$gls_size" "$gls_frames")
api_pf=$(ratio "$api_size" "$api_frames")
echo "bench-record: glxgears, $secs s a run, $rounds rounds interleaved, $(date -u +%F), $(nproc) cores"
echo "  fakegl            $plain fps"
echo "  fakegl recording  $rec fps   ratio $(ratio "$rec" "$plain") (recording / not)"
echo "  native            $native fps"
echo "  native apitrace   $api fps   ratio $(ratio "$api" "$native") (apitrace / not)"
echo "  .gls trace        $gls_size bytes, $gls_frames frames: $gls_pf bytes/frame"
echo "  apitrace trace    $api_size bytes, $api_frames frames: $api_pf bytes/frame"
echo "  size ratio        $(ratio "$gls_pf" "$api_pf") (.gls / apitrace, per frame)"
