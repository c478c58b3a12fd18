#!/usr/bin/env bash
# bench-record.sh — what recording costs: glxgears and glmark2 through fakegl with and
# without FAKEGL_RECORD (frame rate ratio, trace bytes per frame), and glxgears natively
# with and without `apitrace trace` (Debian apitrace), each ratio printed.
#
#   tools/bench-record.sh [BUILD_DIR] [ROUNDS]     (defaults: build, 5)
#
# Starts its own Xvfb (-displayfd) and glrender. On a shared, noisy machine a mean of
# separate runs says little, so each round runs A B B A back to back (A: not recording,
# B: recording) and yields one paired ratio (B1+B2)/(A1+A2): load that changes slowly
# weighs on both sides alike, and a trend within the round cancels. The median of the
# rounds' ratios is the result; the lowest and highest are printed beside it.
# glxgears: its second 5-second report (11 s a run); glmark2: its score over
# GLMARK2_SCENES (default build,texture,shading,bump,pulsar at 3 s each, 400x300).
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd) || exit 1
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
# --no-isolate: one glrender process, whose CPU time is read around each run
env -u DISPLAY "$build/glrender/glrender" --no-isolate --listen "unix:$tmp/gr.sock" \
	>"$tmp/gr.log" 2>&1 &
pids+=($!)
gr=$!
for ((i = 0; i < 100; i++)); do [ -S "$tmp/gr.sock" ] && break; sleep 0.1; done

# CPU time is steadier than frame rates under load: each forwarded glxgears run also
# writes TAG.cpu, "PROGRAM HOST": the CPU microseconds per frame of the program (its
# recorder thread included) and of glrender over the run, frames from glxgears' reports.
hz=$(getconf CLK_TCK)
gr_ms() { awk -v hz="$hz" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$gr/stat"; }
TIMEFORMAT='%3U %3S'
# gears TAG ENV… — glxgears for 11 s (SIGINT: recorders finish their files); prints
# the FPS of its second report (the first includes the start-up).
gears() {
	local tag=$1 h0 h1
	shift
	h0=$(gr_ms)
	{ time env "$@" timeout -s INT -k 10 11 glxgears >"$tmp/$tag.out" 2>"$tmp/$tag.err"; } \
		2>"$tmp/$tag.time"
	h1=$(gr_ms)
	awk -v h="$((h1 - h0))" 'NR == FNR { ms = ($1 + $2) * 1000; next }
		/frames in/ { f += $1 } END { if (f) printf "%.1f %.1f", ms * 1000 / f, h * 1000 / f }' \
		"$tmp/$tag.time" "$tmp/$tag.out" >"$tmp/$tag.cpu"
	awk '/frames in/ { n++; if (n == 2) { print $(NF - 1); exit } }' "$tmp/$tag.out" | grep . ||
		die "$tag: glxgears printed no second report ($(tail -n 1 "$tmp/$tag.err"))"
}
# traced TAG — glxgears natively under apitrace, as gears does
traced() {
	timeout -s INT -k 10 11 apitrace trace -o "$tmp/$1.trace" glxgears >"$tmp/$1.out" \
		2>"$tmp/$1.err"
	awk '/frames in/ { n++; if (n == 2) { print $(NF - 1); exit } }' "$tmp/$1.out" | grep . ||
		die "$1: glxgears under apitrace printed no second report"
}
scenes=${GLMARK2_SCENES:-build,texture,shading,bump,pulsar}
# mark TAG ENV… — glmark2's score over the scenes, 400x300
mark() {
	local tag=$1 s args=()
	shift
	for s in ${scenes//,/ }; do args+=(-b "$s:duration=3"); done
	env "$@" timeout -k 10 120 glmark2 -s 400x300 "${args[@]}" >"$tmp/$tag.out" 2>"$tmp/$tag.err"
	awk '/glmark2 Score:/ { print $NF; exit }' "$tmp/$tag.out" | grep . ||
		die "$tag: glmark2 printed no score ($(tail -n 1 "$tmp/$tag.err"))"
}
fake=(LD_LIBRARY_PATH="$build/libfakegl" FAKEGL_SERVER="unix:$tmp/gr.sock")
rounds=${ROUNDS:-${2:-5}}
pair() { awk -v a1="$1" -v b1="$2" -v b2="$3" -v a2="$4" 'BEGIN { printf "%.3f", (b1 + b2) / (a1 + a2) }'; }
gears_r=() cpu_a=() cpu_b=() cpu_h=() native_r=() mark_r=() gears_fps=() rec_fps=() mark_a=() mark_b=()
for ((r = 1; r <= rounds; r++)); do
	echo "bench-record: round $r of $rounds…" >&2
	a1=$(gears "plain$r-1" "${fake[@]}") || exit 1
	b1=$(gears "rec$r-1" "${fake[@]}" FAKEGL_RECORD="$tmp/gears$r.gls") || exit 1
	b2=$(gears "rec$r-2" "${fake[@]}" FAKEGL_RECORD="$tmp/gears$r-2.gls") || exit 1
	a2=$(gears "plain$r-2" "${fake[@]}") || exit 1
	gears_r+=("$(pair "$a1" "$b1" "$b2" "$a2")") gears_fps+=("$a1" "$a2") rec_fps+=("$b1" "$b2")
	for t in plain"$r"-1 plain"$r"-2; do read -r p h <"$tmp/$t.cpu"; cpu_a+=("$p") cpu_h+=("$h"); done
	for t in rec"$r"-1 rec"$r"-2; do read -r p h <"$tmp/$t.cpu"; cpu_b+=("$p"); done
	a1=$(gears "native$r-1") || exit 1
	b1=$(traced "apitrace$r-1") || exit 1
	b2=$(traced "apitrace$r-2") || exit 1
	a2=$(gears "native$r-2") || exit 1
	native_r+=("$(pair "$a1" "$b1" "$b2" "$a2")")
	rm -f "$tmp"/apitrace"$r"-2.trace "$tmp"/gears"$r"-2.gls
	if command -v glmark2 >/dev/null; then
		a1=$(mark "mplain$r-1" "${fake[@]}") || exit 1
		b1=$(mark "mrec$r-1" "${fake[@]}" FAKEGL_RECORD="$tmp/mark$r.gls") || exit 1
		b2=$(mark "mrec$r-2" "${fake[@]}" FAKEGL_RECORD="$tmp/mark$r-2.gls") || exit 1
		a2=$(mark "mplain$r-2" "${fake[@]}") || exit 1
		mark_r+=("$(pair "$a1" "$b1" "$b2" "$a2")") mark_a+=("$a1" "$a2") mark_b+=("$b1" "$b2")
		rm -f "$tmp"/mark*.gls
	fi
done
# med V… — "median (lowest–highest)" of the values
med() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f (%.3f-%.3f)", m, v[1], v[NR] }'; }
medv() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
gls_frames=$("$build/tools/glstream" info "$tmp/gears1.gls" | awk '$1 == "frames:" { print $2 }')
gls_size=$(stat -c %s "$tmp/gears1.gls")
api_size=$(stat -c %s "$tmp/apitrace1-1.trace")
api_frames=$(apitrace dump "$tmp/apitrace1-1.trace" 2>/dev/null | grep -c 'glXSwapBuffers')
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
gls_pf=$(ratio "$gls_size" "$gls_frames")
api_pf=$(ratio "$api_size" "$api_frames")
echo "bench-record: $rounds rounds of A B B A, $(date -u '+%F %H:%M') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  glxgears fakegl: $(medv "${gears_fps[@]}") fps, recording $(medv "${rec_fps[@]}") fps (medians)"
echo "  glxgears recording / not     $(med "${gears_r[@]}")"
pa=$(medv "${cpu_a[@]}") pb=$(medv "${cpu_b[@]}") ph=$(medv "${cpu_h[@]}")
echo "  glxgears CPU per frame: program $pa µs, recording $pb µs; glrender $ph µs (medians)"
echo "  glxgears recording's CPU per frame: $(awk -v a="$pa" -v b="$pb" -v h="$ph" 'BEGIN { printf "%+.1f µs, %.1f%% of a forwarded frame'"'"'s CPU (program + glrender)", b - a, (b - a) * 100 / (a + h) }')"
echo "  glxgears apitrace / native   $(med "${native_r[@]}")"
if [ "${#mark_r[@]}" -gt 0 ]; then
	echo "  glmark2 ($scenes) fakegl: score $(medv "${mark_a[@]}"), recording $(medv "${mark_b[@]}") (medians)"
	echo "  glmark2 recording / not      $(med "${mark_r[@]}")"
fi
echo "  .gls trace        $gls_size bytes, $gls_frames frames: $gls_pf bytes/frame"
echo "  apitrace trace    $api_size bytes, $api_frames frames: $api_pf bytes/frame"
echo "  size ratio        $(ratio "$gls_pf" "$api_pf") (.gls / apitrace, per frame)"
