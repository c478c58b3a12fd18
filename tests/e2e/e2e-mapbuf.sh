#!/usr/bin/env bash
# Guards against forwarded buffer maps that differ from native GL in any byte read, kept, written or drawn (tests/e2e/mapbuf.c).
. "$(dirname "$0")/lib.sh"

need_built mapbuf
start_xvfb
start_glrender
mapbuf=$E2E_BIN/mapbuf

run_native native "$mapbuf" || run_failed native $?
lines=$(wc -l <"$E2E_TMP/native.out")
[ "$lines" -ge 35 ] || fail "native: only $lines lines of output"

run_fakegl fakegl "$mapbuf" || run_failed fakegl $?
if ! diff -u "$E2E_TMP/native.out" "$E2E_TMP/fakegl.out" >"$E2E_TMP/diff" 2>&1; then
	show_tail "native (-) against forwarded (+)" "$E2E_TMP/diff" 80
	fail "forwarded buffer maps differ from native"
fi
log "forwarded maps identical to native ($lines lines); $E2E_STATS"
glrender_alive
