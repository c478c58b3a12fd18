#!/usr/bin/env bash
# Guards against GL 4.x calls that write other bytes forwarded than natively, debug messages that never reach the app's callback, answers that name glrender's objects instead of the app's, display-list numbers other than native's, and refused extensions that stay visible (tests/e2e/calls.c).
. "$(dirname "$0")/lib.sh"

need_built calls
start_xvfb
start_glrender
calls=$E2E_BIN/calls

run_native native "$calls" || run_failed native $?
lines=$(grep -vc '^#' "$E2E_TMP/native.out")
[ "$lines" -ge 35 ] || fail "native: only $lines lines of output"
grep -q '^debug: .*marker from the app' "$E2E_TMP/native.out" ||
	fail "native: the debug callback saw no message; the comparison would prove nothing"

run_fakegl fakegl "$calls" || run_failed fakegl $?
grep -v '^#' "$E2E_TMP/native.out" >"$E2E_TMP/native.cmp"
grep -v '^#' "$E2E_TMP/fakegl.out" >"$E2E_TMP/fakegl.cmp"
if ! diff -u "$E2E_TMP/native.cmp" "$E2E_TMP/fakegl.cmp" >"$E2E_TMP/diff" 2>&1; then
	show_tail "native (-) against forwarded (+)" "$E2E_TMP/diff" 80
	fail "forwarded calls differ from native"
fi
grep -q '^# GL_EXT_memory_object_fd: hidden' "$E2E_TMP/fakegl.out" ||
	fail "forwarded: GL_EXT_memory_object_fd is offered although fakegl refuses it"
log "forwarded calls identical to native ($lines lines); $(grep '^# extensions' "$E2E_TMP/native.out" | tr -d '#') natively, $(grep '^# extensions' "$E2E_TMP/fakegl.out" | tr -d '#') forwarded; $E2E_STATS"
glrender_alive
