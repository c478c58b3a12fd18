#!/usr/bin/env bash
# Guards against a forwarder that cannot keep an animated app running: glxgears must draw frames, report a frame rate and show red, green and blue gears in its X window.
. "$(dirname "$0")/lib.sh"

need_cmd glxgears mesa-utils
need_built xwin
start_xvfb
start_glrender

E2E_TIMEOUT=40 # bounded even if the Escape key below is ignored
fakegl_exec gears glxgears &
gears=$!

"$E2E_BIN/xwin" wait glxgears 15 >/dev/null 2>"$E2E_TMP/xwin.err" || {
	kill "$gears" 2>/dev/null
	wait "$gears"
	show_tail "xwin" "$E2E_TMP/xwin.err"
	run_failed gears 1
}
# glxgears prints "N frames in 5.0 seconds = X FPS" every 5 s
for ((i = 0; i < 150; i++)); do
	grep -q 'frames in' "$E2E_TMP/gears.out" && break
	kill -0 "$gears" 2>/dev/null || break
	sleep 0.1
done
"$E2E_BIN/xwin" shot glxgears "$E2E_TMP/gears.ppm" 2>"$E2E_TMP/xwin.err" ||
	show_tail "xwin" "$E2E_TMP/xwin.err"
# Escape ends glxgears through its own event loop: a clean exit, so the library's
# exit handler prints the stats line (a signal would skip it).
"$E2E_BIN/xwin" key glxgears Escape 2>>"$E2E_TMP/xwin.err"
wait "$gears"
rc=$?
[ "$rc" -eq 0 ] || run_failed gears "$rc"
require_stats gears

fps=$(grep -m1 'frames in' "$E2E_TMP/gears.out")
[ -n "$fps" ] || fail "glxgears printed no frame rate within 15 s: $(head -c 300 "$E2E_TMP/gears.out")"
if ! [[ "$fps" =~ ^([0-9]+)\ frames ]] || [ "${BASH_REMATCH[1]}" -eq 0 ]; then
	fail "glxgears drew no frames: $fps"
fi
frames=$(stat_value frames)
[ "$frames" -gt 0 ] || fail "stats report no frames: $E2E_STATS"

[ -s "$E2E_TMP/gears.ppm" ] || fail "no screenshot of the glxgears window"
"$E2E_PY" "$E2E_HERE/ppm.py" has-colors "$E2E_TMP/gears.ppm" 50 ||
	fail "the glxgears window does not show red, green and blue gears"
log "$fps; $E2E_STATS"
glrender_alive
