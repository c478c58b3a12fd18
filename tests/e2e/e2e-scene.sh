#!/usr/bin/env bash
# Guards against any pixel difference between the scene drawn natively and through fakegl, in glReadPixels and in the X window.
. "$(dirname "$0")/lib.sh"

need_built scene
start_xvfb
start_glrender
scene=$E2E_BIN/scene
cmp_ppm() { "$E2E_PY" "$E2E_HERE/compare.py" "$@"; }

run_native native "$scene" --out-gl "$E2E_TMP/native-gl.ppm" --out-x "$E2E_TMP/native-x.ppm" ||
	run_failed native $?
# the native run is the reference: it must be sane by itself
cmp_ppm "$E2E_TMP/native-gl.ppm" "$E2E_TMP/native-x.ppm" >/dev/null ||
	fail "native: the window differs from glReadPixels (is Xvfb's GLX broken?)"

run_fakegl fakegl "$scene" --out-gl "$E2E_TMP/fakegl-gl.ppm" --out-x "$E2E_TMP/fakegl-x.ppm" ||
	run_failed fakegl $?
status=0
cmp_ppm "$E2E_TMP/native-gl.ppm" "$E2E_TMP/fakegl-gl.ppm" || {
	log "glReadPixels differs (expected: native, got: forwarded)"
	status=1
}
cmp_ppm "$E2E_TMP/native-x.ppm" "$E2E_TMP/fakegl-x.ppm" || {
	log "the X window differs (expected: native, got: forwarded)"
	status=1
}
frames=$(stat_value frames)
[ "$frames" -ge 2 ] || {
	log "stats report $frames frames, the scene swaps at least twice: $E2E_STATS"
	status=1
}
[ "$status" -eq 0 ] || {
	show_tail "fakegl stderr" "$E2E_TMP/fakegl.err" 20
	fail "forwarded scene differs from native"
}
log "forwarded scene identical; $E2E_STATS"
# On a unix socket the host writes frames into the guest's shared memory (present.c)
grep -q "scene\[[0-9]*\]#0: drawable 0x[0-9a-f]*: frames into the guest's shared memory" \
	"$E2E_TMP/glrender.log" || fail "frames did not go through shared memory on a unix socket"

# The frames on the socket instead (tcp, vsock, FAKEGL_SHM_FRAMES=0): the same window.
FAKEGL_SHM_FRAMES=0 run_fakegl fakegl-sock "$scene" --out-x "$E2E_TMP/fakegl-sx.ppm" ||
	run_failed fakegl-sock $?
cmp_ppm "$E2E_TMP/native-x.ppm" "$E2E_TMP/fakegl-sx.ppm" ||
	fail "with frames on the socket, the X window differs from native"
log "frames on the socket: identical"

# A window resized while the context is current: the host drawable must follow.
run_native native-resize "$scene" --resize 301x157 --out-gl "$E2E_TMP/native-rs.ppm" \
	--out-x "$E2E_TMP/native-rsx.ppm" || run_failed native-resize $?
run_fakegl fakegl-resize "$scene" --resize 301x157 --out-gl "$E2E_TMP/fakegl-rs.ppm" \
	--out-x "$E2E_TMP/fakegl-rsx.ppm" || run_failed fakegl-resize $?
cmp_ppm "$E2E_TMP/native-rs.ppm" "$E2E_TMP/fakegl-rs.ppm" ||
	fail "after a resize, glReadPixels differs from native"
cmp_ppm "$E2E_TMP/native-rsx.ppm" "$E2E_TMP/fakegl-rsx.ppm" ||
	fail "after a resize, the X window differs from native"
log "resized scene (253x191 -> 301x157) identical"

# The launcher: the same run through tools/fakegl-run.
FAKEGL_LIBDIR=$E2E_LIBDIR timeout -k 5 "$E2E_TIMEOUT" "$FAKEGL_SRC/tools/fakegl-run" \
	--server "$E2E_SERVER" --stats -- "$scene" --out-gl "$E2E_TMP/run-gl.ppm" \
	>"$E2E_TMP/run.out" 2>"$E2E_TMP/run.err" || run_failed run $?
require_stats run
cmp_ppm "$E2E_TMP/native-gl.ppm" "$E2E_TMP/run-gl.ppm" || fail "fakegl-run: scene differs"
log "fakegl-run: identical; $E2E_STATS"
glrender_alive
