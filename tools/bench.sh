#!/usr/bin/env bash
# bench.sh — measures the forwarder against native GL on the same machine: runs each
# macro benchmark (glxgears, glmark2 scenes, the e2e scene looped) natively and through
# fakegl in one run,
# under a private Xvfb and glrender, and prints the forwarded/native ratio with the
# per-frame cost from FAKEGL_STATS (issue 6). Everything it starts is stopped at exit.
#
#   tools/bench.sh [--quick] [--only NAME] [--scenes A,B] [--repeat N] [--md] [--build DIR]
#
#   --quick        about 2 s per glmark2 scene instead of 5
#   --only NAME    run one benchmark: glxgears, glmark2, glmark2:SCENE, or scene
#   --repeat N     run the whole set N times (native and forwarded alternate each time)
#   --scenes LIST  the glmark2 scenes to run (comma separated; default: all of issue 6)
#   --md           print a Markdown table for BENCHMARKS.md, with the machine and command
#   --build DIR    the build folder (default: build); compiled first when it exists
#
# Exit status: 0 when every benchmark ran both ways, 1 when one failed, 77 when a
# required program is missing.
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmdline="tools/bench.sh${*:+ $*}"

# What the benchmarks need beyond the packages of the build and tests
# (tools/lib-install.sh: FAKEGL_PACKAGES).
BENCH_PACKAGES=(glmark2-x11 mesa-utils xvfb)
GLMARK2_SCENES=(build texture shading bump effect2d pulsar desktop buffer ideas jellyfish terrain)

quick=0 only="" scenes="" md=0 repeat=1 build=$root/build
usage() { sed -n '/^#   tools/,/^#   --build/s/^# \{0,1\}//p' "$0"; }
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1 ;;
	--md) md=1 ;;
	--only) only=${2:?--only needs a NAME}; shift ;;
	--only=*) only=${1#*=} ;;
	--scenes) scenes=${2:?--scenes needs a list}; shift ;;
	--scenes=*) scenes=${1#*=} ;;
	--repeat) repeat=${2:?--repeat needs a number}; shift ;;
	--repeat=*) repeat=${1#*=} ;;
	--build) build=${2:?--build needs a folder}; shift ;;
	--build=*) build=${1#*=} ;;
	-h | --help) usage; exit 0 ;;
	*) echo "bench: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
	shift
done
case "$only" in
"" | glxgears | glmark2 | scene) ;;
glmark2:*) scenes=${only#glmark2:}; only=glmark2 ;;
*) echo "bench: --only takes glxgears, glmark2, glmark2:SCENE or scene, not '$only'" >&2; exit 2 ;;
esac
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --repeat takes a positive number" >&2; exit 2; }
if [ -n "$scenes" ]; then IFS=, read -r -a GLMARK2_SCENES <<<"$scenes"; fi
scene_seconds=5
[ "$quick" -eq 1 ] && scene_seconds=2
case "$build" in /*) ;; *) build=$PWD/$build ;; esac

# shellcheck source=SCRIPTDIR/lib-install.sh
. "$root/tools/lib-install.sh"
need_install=0
for p in glmark2:glmark2-x11 glxgears:mesa-utils Xvfb:xvfb; do
	command -v "${p%%:*}" >/dev/null 2>&1 || need_install=1
done
if [ "$need_install" -eq 1 ]; then
	fakegl_install "${BENCH_PACKAGES[@]}" || exit 1
fi
if [ -f "$build/build.ninja" ]; then
	meson compile -C "$build" >&2 || exit 1
else
	fakegl_build "$build" >&2 || exit 1
fi

# The shared set-up of the end-to-end tests: Xvfb, glrender, native and forwarded runs,
# cleanup of everything started (an EXIT trap).
# shellcheck source=SCRIPTDIR/../tests/e2e/lib.sh
. "$root/tests/e2e/lib.sh" "$build" "$root"
need_built xwin scene
start_xvfb
# shellcheck disable=SC2119 # glrender gets no arguments of ours
start_glrender
xwin=$E2E_BIN/xwin

status=0
rows=() # name|native|forwarded|unit|stats
say() { printf 'bench: %s\n' "$*" >&2; }

# per_frame STAT [DECIMALS] — STAT of the last forwarded run divided by its frames.
per_frame() {
	local frames v
	frames=$(stat_value frames)
	v=$(stat_value "$1")
	awk -v v="$v" -v f="$frames" -v d="${2:-1}" \
		'BEGIN { if (f > 0) printf "%.*f", d, v / f; else print "-" }'
}
# stats_cols TAG — calls|bytes|roundtrips per frame of forwarded run TAG (whose checks
# ran in a subshell: read its stats line again here).
stats_cols() {
	E2E_STATS=$(grep '^fakegl-stats:' "$E2E_TMP/$1.err")
	printf '%s|%s|%s' "$(per_frame calls)" "$(per_frame bytes)" "$(per_frame roundtrips 3)"
}

# gears MODE — run glxgears (MODE native or fakegl) until its second report, then end
# it with Escape (a clean exit: the stats line is printed at exit). Prints the FPS.
gears() {
	local mode=$1 tag=gears-$1 pid i rc
	E2E_TIMEOUT=40
	if [ "$mode" = native ]; then
		run_native "$tag" glxgears &
	else
		fakegl_exec "$tag" glxgears &
	fi
	pid=$!
	"$xwin" wait glxgears 15 >/dev/null 2>"$E2E_TMP/xwin.err" || show_tail xwin "$E2E_TMP/xwin.err"
	# "N frames in 5.0 seconds = X FPS" every 5 s; the first includes the start-up
	for ((i = 0; i < 250; i++)); do
		[ "$(grep -c 'frames in' "$E2E_TMP/$tag.out")" -ge 2 ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	"$xwin" key glxgears Escape 2>>"$E2E_TMP/xwin.err"
	wait "$pid"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		show_tail "$tag stderr" "$E2E_TMP/$tag.err" 20
		return 1
	fi
	[ "$mode" = native ] || require_stats "$tag"
	awk '/frames in/ { n++; if (n == 2) { print $(NF - 1); exit } }' "$E2E_TMP/$tag.out"
}

bench_glxgears() {
	local n f
	say "glxgears: native…"
	n=$(gears native) || n=
	say "glxgears: forwarded…"
	if f=$(gears fakegl) && [ -n "$f" ]; then
		rows+=("glxgears|${n:-failed}|$f|FPS|$(stats_cols gears-fakegl)")
	else
		rows+=("glxgears|${n:-failed}|failed|FPS|-|-|-")
		status=1
	fi
	[ -n "$n" ] || status=1
}

# glmark2 MODE SCENE — one scene at 400x300; prints its FPS.
glmark2_scene() {
	local mode=$1 scene=$2 tag=glmark2-$2-$1
	local args=(glmark2 -s 400x300 -b "$scene:duration=$scene_seconds")
	E2E_TIMEOUT=$((scene_seconds * 4 + 30))
	if [ "$mode" = native ]; then
		run_native "$tag" "${args[@]}" || { show_tail "$tag" "$E2E_TMP/$tag.err" 10; return 1; }
	else
		fakegl_exec "$tag" "${args[@]}" || { show_tail "$tag" "$E2E_TMP/$tag.err" 10; return 1; }
		require_stats "$tag"
	fi
	# "[build] use-vbo=false: FPS: 385 FrameTime: 2.600 ms"
	awk '/FPS:/ { for (i = 1; i < NF; i++) if ($i == "FPS:") { print $(i + 1); exit } }' \
		"$E2E_TMP/$tag.out" | grep .
}

bench_glmark2() {
	local s n f sum_n=0 sum_f=0 k=0
	for s in "${GLMARK2_SCENES[@]}"; do
		say "glmark2 $s: native, forwarded (${scene_seconds} s each)…"
		n=$(glmark2_scene native "$s") || n=
		if f=$(glmark2_scene fakegl "$s"); then
			rows+=("glmark2 $s|${n:-failed}|$f|FPS|$(stats_cols "glmark2-$s-fakegl")")
		else
			rows+=("glmark2 $s|${n:-failed}|failed|FPS|-|-|-")
			f=
		fi
		if [ -n "$n" ] && [ -n "$f" ]; then
			sum_n=$((sum_n + n)) sum_f=$((sum_f + f)) k=$((k + 1))
		else
			status=1
		fi
	done
	# glmark2's score is the mean FPS of its scenes; here over those that ran both ways
	[ "$k" -gt 1 ] && rows+=("glmark2 score ($k scenes)|$((sum_n / k))|$((sum_f / k))|FPS|-|-|-")
}

# scene MODE — the walking skeleton's scene (tests/e2e/scene.c, issue 2) at its own size,
# drawn and swapped for scene_seconds after its checks; prints the FPS.
scene_run() {
	local mode=$1 tag=scene-$1
	E2E_TIMEOUT=$((scene_seconds * 3 + 30))
	if [ "$mode" = native ]; then
		run_native "$tag" "$E2E_BIN/scene" --loop "$scene_seconds" ||
			{ show_tail "$tag" "$E2E_TMP/$tag.err" 10; return 1; }
	else
		fakegl_exec "$tag" "$E2E_BIN/scene" --loop "$scene_seconds" ||
			{ show_tail "$tag" "$E2E_TMP/$tag.err" 10; return 1; }
		require_stats "$tag"
	fi
	# "scene: 1234 frames in 5.00 seconds = 246.8 FPS"
	awk '/^scene: .* FPS$/ { print $(NF - 1); exit }' "$E2E_TMP/$tag.out" | grep .
}

bench_scene() {
	local n f
	say "e2e scene looped: native, forwarded (${scene_seconds} s each)…"
	n=$(scene_run native) || n=
	if f=$(scene_run fakegl); then
		rows+=("e2e scene|${n:-failed}|$f|FPS|$(stats_cols scene-fakegl)")
	else
		rows+=("e2e scene|${n:-failed}|failed|FPS|-|-|-")
		status=1
	fi
	[ -n "$n" ] || status=1
}

for ((round = 1; round <= repeat; round++)); do
	[ "$repeat" -gt 1 ] && say "round $round of $repeat"
	[ -z "$only" ] || [ "$only" = glxgears ] && bench_glxgears
	[ -z "$only" ] || [ "$only" = glmark2 ] && bench_glmark2
	[ -z "$only" ] || [ "$only" = scene ] && bench_scene
done

ratio() { awk -v n="$1" -v f="$2" 'BEGIN { if (n + 0 > 0 && f ~ /^[0-9.]+$/) printf "%.0f%%", 100 * f / n; else print "-" }'; }

if [ "$md" -eq 1 ]; then
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	mesa=$(glxinfo -B 2>/dev/null | awk -F': ' '/OpenGL version string/ { print $2; exit }')
	renderer=$(glxinfo -B 2>/dev/null | awk -F': ' '/OpenGL renderer string/ { print $2; exit }')
	printf -- '- machine: %s CPUs, %s\n' "$(nproc)" "${cpu:-unknown CPU}"
	printf -- '- GL: %s, %s (native and glrender)\n' "${renderer:-unknown}" "${mesa:-unknown}"
	printf -- '- date: %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
	commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || commit=unknown
	git -C "$root" --no-optional-locks diff --quiet HEAD 2>/dev/null ||
		commit="$commit with uncommitted changes"
	printf -- '- commit: %s\n' "$commit"
	printf -- '- command: %s\n\n' "\`$cmdline\`"
	printf '| benchmark | native | forwarded | forwarded/native | calls/frame | bytes/frame | roundtrips/frame |\n'
	printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
	for r in "${rows[@]}"; do
		IFS='|' read -r name n f unit c b rt <<<"$r"
		printf '| %s | %s %s | %s %s | %s | %s | %s | %s |\n' "$name" "$n" "$unit" "$f" "$unit" \
			"$(ratio "$n" "$f")" "$c" "$b" "$rt"
	done
else
	printf '%-26s %10s %10s %7s %12s %12s %12s\n' benchmark native forwarded ratio \
		calls/frame bytes/frame rt/frame
	for r in "${rows[@]}"; do
		IFS='|' read -r name n f unit c b rt <<<"$r"
		printf '%-26s %10s %10s %7s %12s %12s %12s\n' "$name" "$n" "$f" "$(ratio "$n" "$f")" \
			"$c" "$b" "$rt"
	done
fi
glrender_alive "after the benchmarks"
exit "$status"
