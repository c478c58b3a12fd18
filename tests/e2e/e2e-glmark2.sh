#!/usr/bin/env bash
# Guards against a real benchmark failing through fakegl: glmark2's output validation gives the same verdicts as native, and its whole default benchmark (every scene, 0.5 s each) completes without errors, through fakegl-run.
. "$(dirname "$0")/lib.sh"

need_cmd glmark2 glmark2-x11
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
		grep -v 'swap interval\|GLX_EXT_swap_control' >"$E2E_TMP/$1.errors"; then
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
glrender_alive
