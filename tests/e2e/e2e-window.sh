#!/usr/bin/env bash
# Guards against glrender --window (the VMGL viewer mode) showing nothing, something else than the guest's window, or windows that outlive their guest.
#
# glrender runs with a display of its own here (the same Xvfb as the guest, another
# client of it): the test scene loops through the forwarder; the host window titled
# "glrender: scene" must hold exactly what the scene's own window holds, at its size, and
# go when the scene exits. Both isolation modes: the windows belong to the worker
# process of the guest, or to glrender itself with --no-isolate.
. "$(dirname "$0")/lib.sh"

need_built scene xwin
"$E2E_GLRENDER" --help | grep -q -- --window || fail "glrender --help does not list --window"
start_xvfb
scene=$E2E_BIN/scene
xwin=$E2E_BIN/xwin
cmp_ppm() { "$E2E_PY" "$E2E_HERE/compare.py" "$@"; }

# A glrender without a display says so once and exits non-zero.
env -u DISPLAY "$E2E_GLRENDER" --window --listen "unix:$E2E_TMP/nodisplay.sock" \
	>"$E2E_TMP/nodisplay.out" 2>&1 && fail "glrender --window without a display started"
grep -q "built without GLFW" "$E2E_TMP/nodisplay.out" &&
	skip "glrender was built without GLFW (Debian package libglfw3-dev)"
grep -q "cannot open the host display" "$E2E_TMP/nodisplay.out" || {
	show_tail "glrender --window without DISPLAY" "$E2E_TMP/nodisplay.out"
	fail "glrender --window without a display did not say why it stopped"
}

for mode in isolate no-isolate; do
	extra=()
	[ "$mode" = no-isolate ] && extra=(--no-isolate)
	E2E_GLRENDER_ENV=(DISPLAY="$E2E_DISPLAY")
	start_glrender --window "${extra[@]}"
	E2E_TIMEOUT=60 fakegl_exec "$mode" "$scene" --size 240x180 --out-x "$E2E_TMP/$mode-x.ppm" \
		--loop 4 &
	pid=$!
	"$xwin" wait "glrender: scene" 20 >/dev/null || {
		show_tail glrender "$E2E_TMP/glrender.log"
		fail "$mode: no host window 'glrender: scene' appeared"
	}
	# the scene draws the same frame over and over: the last shot is compared
	sleep 1
	"$xwin" shot "glrender: scene" "$E2E_TMP/$mode-host.ppm" || fail "$mode: no shot of the host window"
	wait "$pid" || run_failed "$mode" $?
	require_stats "$mode"
	cmp_ppm "$E2E_TMP/$mode-x.ppm" "$E2E_TMP/$mode-host.ppm" ||
		fail "$mode: the host window differs from the guest's window (expected: guest, got: host)"
	"$xwin" gone "glrender: scene" 10 ||
		fail "$mode: the host window stayed after the guest exited"
	glrender_alive
	stop_glrender
	log "$mode: host window identical to the guest's, gone with it; $E2E_STATS"
done
log "pass"
