#!/usr/bin/env bash
# Guards against a real benchmark failing through fakegl: glmark2's output validation gives the same verdicts as native, its whole default benchmark (every scene, 0.5 s each) completes without errors through fakegl-run, and every frame of every default scene, drawn on a clock that moves per frame, is the native one to the pixel, with no GL error.
. "$(dirname "$0")/lib.sh"

need_cmd glmark2 glmark2-x11
need_built libglmark2-shim.so
start_xvfb
start_glrender
size=160x120
run_glmark2() { # TAG ARGS… — through fakegl-run (glmark2 dlopen()s libGL.so.1)
	local tag=$1
	shift
	timeout -k 5 "$E2E_TIMEOUT" env DISPLAY="$E2E_DISPLAY" FAKEGL_LIBDIR="$E2E_LIBDIR" \
		${E2E_PRELOAD:+LD_PRELOAD="$E2E_PRELOAD"} "$FAKEGL_SRC/tools/fakegl-run" \
		--server "$E2E_SERVER" --stats -- glmark2 -s "$size" "$@" \
		>"$E2E_TMP/$tag.out" 2>"$E2E_TMP/$tag.err"
}
no_errors() { # TAG
	if grep -iE 'error|failed|unsupported' "$E2E_TMP/$1.out" "$E2E_TMP/$1.err" |
		grep -v 'swap interval\|GLX_EXT_swap_control\|glmark2-shim: scenes=' >"$E2E_TMP/$1.errors"; then
		show_tail "$1 errors" "$E2E_TMP/$1.errors"
		fail "$1: glmark2 reported errors"
	fi
}

# 1. --validate: every default scene draws a few frames and checks its pixels
run_native native-validate glmark2 -s "$size" --validate || run_failed native-validate $?
run_glmark2 validate --validate || run_failed validate $?
require_stats validate
no_errors validate
grep 'Validation:' "$E2E_TMP/native-validate.out" >"$E2E_TMP/native.verdicts"
grep 'Validation:' "$E2E_TMP/validate.out" >"$E2E_TMP/fakegl.verdicts"
scenes=$(wc -l <"$E2E_TMP/native.verdicts")
[ "$scenes" -ge 20 ] || fail "native glmark2 --validate ran only $scenes scenes"
diff "$E2E_TMP/native.verdicts" "$E2E_TMP/fakegl.verdicts" >"$E2E_TMP/diff" || {
	show_tail "verdicts (native < > fakegl)" "$E2E_TMP/diff"
	fail "glmark2 --validate verdicts differ from native"
}
log "--validate: $scenes scenes, $(grep -c Success "$E2E_TMP/fakegl.verdicts") Success, as natively"

# 2. the whole default benchmark, each scene shortened to 0.5 s
E2E_TIMEOUT=300
run_glmark2 bench -b :duration=0.5 || run_failed bench $?
require_stats bench
no_errors bench
ran=$(grep -c 'FPS: [0-9]' "$E2E_TMP/bench.out")
[ "$ran" -eq "$scenes" ] || fail "the benchmark ran $ran scenes, the default list has $scenes"
grep -q 'glmark2 Score: [0-9]' "$E2E_TMP/bench.out" || fail "no glmark2 score"
[ "$(stat_value frames)" -ge "$scenes" ] || fail "only $(stat_value frames) frames came back: $E2E_STATS"
log "default benchmark: $ran scenes, $(grep -o 'glmark2 Score: [0-9]*' "$E2E_TMP/bench.out"); $E2E_STATS"

# 3. every frame of every default scene against native. glmark2 animates by the clock;
# libglmark2-shim.so (glmark2-shim.c) gives it one that moves 0.1 s per swap, so each
# 0.5 s scene draws 6 frames, the same ones on every run; it reads each frame back before
# the swap (sSS-fFF.ppm) and prints every glGetError() that is not GL_NO_ERROR. llvmpipe
# is deterministic on one machine (two native runs give the same bytes), so the frames
# must be equal exactly.
shim=$E2E_BIN/libglmark2-shim.so
run_shim() { # TAG ENV… — glmark2's default benchmark with the shim, frames into $E2E_TMP/TAG
	local tag=$1
	shift
	mkdir -p "$E2E_TMP/$tag" || fail "mkdir $E2E_TMP/$tag"
	timeout -k 5 "$E2E_TIMEOUT" env DISPLAY="$E2E_DISPLAY" GLMARK2_SHIM_OUT="$E2E_TMP/$tag" \
		GLMARK2_SHIM_STEP_US=100000 "$@" glmark2 -s "$size" -b :duration=0.5 \
		>"$E2E_TMP/$tag.out" 2>"$E2E_TMP/$tag.err"
}
shim_summary() { # TAG — the shim's last line: scenes=N frames=N written=N errors=N
	grep '^glmark2-shim: scenes=' "$E2E_TMP/$1.err" | tail -n 1
}
run_shim native-frames LD_PRELOAD="${E2E_PRELOAD:+$E2E_PRELOAD:}$shim" || run_failed native-frames $?
run_shim frames LD_LIBRARY_PATH="$E2E_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
	LD_PRELOAD="${E2E_PRELOAD:+$E2E_PRELOAD:}$shim" FAKEGL_SERVER="$E2E_SERVER" FAKEGL_STATS=1 ||
	run_failed frames $?
require_stats frames
no_errors frames
native_sum=$(shim_summary native-frames)
fakegl_sum=$(shim_summary frames)
[ -n "$native_sum" ] || fail "native: the shim was not loaded or glmark2 opened no libGL (no summary line)"
[ -n "$fakegl_sum" ] || fail "forwarded: the shim was not loaded or glmark2 opened no libGL (no summary line)"
# the scenes in order, natively: the shim's scene N is the Nth (glmark2's first context,
# made before the first scene, is its scene 0 and draws nothing)
grep -o '^\[[a-z0-9-]*\] .*: FPS: ' "$E2E_TMP/native-frames.out" | sed 's/: FPS: $//' >"$E2E_TMP/scenes.txt"
nscenes=$(wc -l <"$E2E_TMP/scenes.txt")
[ "$nscenes" -eq "$scenes" ] || fail "native: $nscenes scenes ran with the shim, the default list has $scenes"
# on the fake clock the FPS lines are exact too: the same scenes, the same frame counts
grep 'FPS: ' "$E2E_TMP/native-frames.out" >"$E2E_TMP/native-fps.txt"
grep 'FPS: ' "$E2E_TMP/frames.out" >"$E2E_TMP/fakegl-fps.txt"
diff "$E2E_TMP/native-fps.txt" "$E2E_TMP/fakegl-fps.txt" >"$E2E_TMP/fps.diff" || {
	show_tail "scene results (native < > forwarded)" "$E2E_TMP/fps.diff"
	fail "the scenes or their frame counts differ from native"
}
# GL errors: none forwarded (and the same as native, which has none either)
grep 'GL error' "$E2E_TMP/frames.err" >"$E2E_TMP/fakegl-glerrors.txt"
grep 'GL error' "$E2E_TMP/native-frames.err" >"$E2E_TMP/native-glerrors.txt"
[ -s "$E2E_TMP/native-glerrors.txt" ] && log "native glmark2 raised $(wc -l <"$E2E_TMP/native-glerrors.txt") GL errors"
[ -s "$E2E_TMP/fakegl-glerrors.txt" ] && {
	show_tail "forwarded GL errors" "$E2E_TMP/fakegl-glerrors.txt"
	fail "glmark2 through fakegl raised $(wc -l <"$E2E_TMP/fakegl-glerrors.txt") GL errors (native: $(wc -l <"$E2E_TMP/native-glerrors.txt"))"
}
# and glrender saw none either (a protocol error or a refused call is logged there)
if grep -iE 'error|refus|protocol' "$E2E_TMP/glrender.log" >"$E2E_TMP/glrender-errors.txt"; then
	show_tail "glrender errors" "$E2E_TMP/glrender-errors.txt"
	fail "glrender logged errors during glmark2"
fi
# the frames: the same files, byte for byte
(cd "$E2E_TMP/native-frames" && ls) >"$E2E_TMP/native-files.txt"
(cd "$E2E_TMP/frames" && ls) >"$E2E_TMP/fakegl-files.txt"
nframes=$(wc -l <"$E2E_TMP/native-files.txt")
[ "$nframes" -ge $((nscenes * 2)) ] || fail "native: only $nframes frames for $nscenes scenes: $native_sum"
diff "$E2E_TMP/native-files.txt" "$E2E_TMP/fakegl-files.txt" >"$E2E_TMP/files.diff" || {
	show_tail "frames (native < > forwarded)" "$E2E_TMP/files.diff"
	fail "forwarded glmark2 drew other frames than native ($native_sum; forwarded $fakegl_sum)"
}
bad=0
while IFS= read -r f; do
	cmp -s "$E2E_TMP/native-frames/$f" "$E2E_TMP/frames/$f" && continue
	n=${f#s}
	n=$((10#${n%%-*}))
	log "$f (scene $n: $(sed -n "${n}p" "$E2E_TMP/scenes.txt")) differs from native:"
	"$E2E_PY" "$E2E_HERE/compare.py" --allow-uniform --max-report=3 \
		"$E2E_TMP/native-frames/$f" "$E2E_TMP/frames/$f" >&2
	bad=$((bad + 1))
done <"$E2E_TMP/native-files.txt"
[ "$bad" -eq 0 ] || fail "$bad of $nframes frames differ from native"
log "frame by frame: $nscenes scenes, $nframes frames identical to native, no GL error; $E2E_STATS"
glrender_alive
