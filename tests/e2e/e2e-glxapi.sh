#!/usr/bin/env bash
# Guards against GLX that works only for glxgears: glxapi checks contexts of every version, profile and flag (and GLX's errors), glXGetProcAddress for every GL command of the registry, pbuffers, pixmaps, front-buffer and single-buffered drawing reaching X, glXCopySubBufferMESA, glXCopyContext, resizes, glXUseXFont, swap-interval pacing, renderer queries and contexts across threads, through fakegl.
# It checks itself against what GLX specifies (the native GLX of Xvfb lacks several of
# these extensions, so there is no native run to compare with).
. "$(dirname "$0")/lib.sh"

need_built glxapi
GL_XML=${FAKEGL_GL_XML:-/usr/share/khronos-api/gl.xml}
[ -r "$GL_XML" ] || skip "no $GL_XML (Debian package khronos-api)"
"$E2E_PY" "$E2E_HERE/gl-commands.py" "$GL_XML" >"$E2E_TMP/commands.txt" ||
	fail "gl-commands.py could not read $GL_XML"
start_xvfb
start_glrender

# 100 Hz: swap interval 2 holds 10 frames to at least 0.2 s.
run_fakegl glxapi env FAKEGL_REFRESH_HZ=100 "$E2E_BIN/glxapi" "$E2E_TMP/commands.txt" ||
	run_failed glxapi $?
grep -q '^glxapi: [0-9]* checks, 0 failed$' "$E2E_TMP/glxapi.out" ||
	fail "glxapi did not report its checks: $(tail -n 1 "$E2E_TMP/glxapi.out")"
glrender_alive "after glxapi"
log "pass: $(tail -n 1 "$E2E_TMP/glxapi.out"); $E2E_STATS"
