#!/usr/bin/env bash
# Guards against SDL2 programs failing through fakegl or routing around it (SDL_VIDEODRIVER=x11, no EGL): a 3.3 core context, a resize, pixels checked and compared with native, our libGL loaded.
. "$(dirname "$0")/lib.sh"

need_built sdl-app
app=$E2E_BIN/sdl-app
start_xvfb
start_glrender
# SDL2 falls back to EGL when X fails: x11 only, and no EGL library may be loaded
export SDL_VIDEODRIVER=x11

run_native native "$app" || run_failed native $?
# SDL2 dlopen()s libGL.so.1: through fakegl-run it must be ours
timeout -k 5 "$E2E_TIMEOUT" env DISPLAY="$E2E_DISPLAY" FAKEGL_LIBDIR="$E2E_LIBDIR" \
	${E2E_PRELOAD:+LD_PRELOAD="$E2E_PRELOAD"} "$FAKEGL_SRC/tools/fakegl-run" \
	--server "$E2E_SERVER" --stats -- "$app" >"$E2E_TMP/fakegl.out" 2>"$E2E_TMP/fakegl.err" ||
	run_failed fakegl $?
require_stats fakegl
grep -q "^loaded: $E2E_LIBDIR/" "$E2E_TMP/fakegl.out" || {
	show_tail "fakegl stdout" "$E2E_TMP/fakegl.out"
	fail "SDL2 did not load our libGL.so.1"
}
grep -q '^loaded: .*libEGL' "$E2E_TMP/fakegl.out" && fail "SDL2 loaded libEGL: it went around fakegl"
grep -qx 'driver: x11' "$E2E_TMP/fakegl.out" || fail "SDL2 did not use its x11 driver"
diff <(grep -v '^loaded:' "$E2E_TMP/native.out") <(grep -v '^loaded:' "$E2E_TMP/fakegl.out") \
	>"$E2E_TMP/diff" || {
	show_tail diff "$E2E_TMP/diff"
	fail "forwarded output differs from native"
}
[ "$(stat_value frames)" -ge 4 ] || fail "expected at least 4 frames back (6 swaps): $E2E_STATS"
log "$(grep -c pixel "$E2E_TMP/fakegl.out") pixels identical to native in 2 sizes; $E2E_STATS"
glrender_alive
