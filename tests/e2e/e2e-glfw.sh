#!/usr/bin/env bash
# Guards against GLFW programs failing through fakegl: two windows, 4.5 core contexts of one share group, a worker thread uploading through a hidden shared context, a resize; pixels checked and compared with native, our libGL loaded.
. "$(dirname "$0")/lib.sh"

need_built glfw-app
app=$E2E_BIN/glfw-app
start_xvfb
start_glrender

run_native native "$app" || run_failed native $?
# GLFW and libepoxy dlopen() libGL.so.1: through fakegl-run it must be ours
timeout -k 5 "$E2E_TIMEOUT" env DISPLAY="$E2E_DISPLAY" FAKEGL_LIBDIR="$E2E_LIBDIR" \
	${E2E_PRELOAD:+LD_PRELOAD="$E2E_PRELOAD"} "$FAKEGL_SRC/tools/fakegl-run" \
	--server "$E2E_SERVER" --stats -- "$app" >"$E2E_TMP/fakegl.out" 2>"$E2E_TMP/fakegl.err" ||
	run_failed fakegl $?
require_stats fakegl
grep -q "^loaded: $E2E_LIBDIR/" "$E2E_TMP/fakegl.out" || {
	show_tail "fakegl stdout" "$E2E_TMP/fakegl.out"
	fail "GLFW did not load our libGL.so.1"
}
diff <(grep -v '^loaded:' "$E2E_TMP/native.out") <(grep -v '^loaded:' "$E2E_TMP/fakegl.out") \
	>"$E2E_TMP/diff" || {
	show_tail diff "$E2E_TMP/diff"
	fail "forwarded output differs from native"
}
[ "$(stat_value frames)" -ge 4 ] || fail "expected at least 4 frames back: $E2E_STATS"
log "$(grep -c pixel "$E2E_TMP/fakegl.out") pixels identical to native in 2 windows and 3 sizes; $E2E_STATS"
glrender_alive
