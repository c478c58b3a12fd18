#!/usr/bin/env bash
# Guards against glrender --record filling the host's disk: over --max-trace a client's recording stops at a whole command with a log line, the file stays readable and within the limit, and the client goes on rendering.
. "$(dirname "$0")/../e2e/lib.sh"

need_built scene
glstream=$FAKEGL_BUILD/tools/glstream
[ -x "$glstream" ] || skip "not built: $glstream"
start_xvfb
mkdir -p "$E2E_TMP/rec"
limit=$((256 * 1024))
start_glrender --record "$E2E_TMP/rec" --max-trace "$limit"

run_fakegl loop "$E2E_BIN/scene" --loop 2 || run_failed loop $?
sent=$(stat_value bytes)
log "the app sent $sent bytes, frames=$(stat_value frames); --max-trace $limit"
# the test must be able to fail: the app has to send more than the limit
[ "$sent" -gt $((2 * limit)) ] || fail "the app sent only $sent bytes: the limit was not reached"
grep -q 'scene.*recording stopped at [0-9]* bytes (--max-trace' "$E2E_TMP/glrender.log" ||
	fail "no log line for the recording stopped at --max-trace"
traces=("$E2E_TMP"/rec/scene-*.gls)
trace=${traces[0]}
[ -f "$trace" ] || fail "glrender --record wrote no trace of the app"
size=$(stat -c %s "$trace")
# the limit counts stream bytes; the file (compressed, plus its index) is no larger
[ "$size" -le "$limit" ] || fail "the trace holds $size bytes, over --max-trace $limit"
"$glstream" info "$trace" >"$E2E_TMP/info.out" 2>&1 || {
	cat "$E2E_TMP/info.out" >&2
	fail "the trace stopped at --max-trace is not readable"
}
# every command of it is whole: dump reads them all
"$glstream" dump "$trace" >/dev/null 2>"$E2E_TMP/dump.err" || {
	cat "$E2E_TMP/dump.err" >&2
	fail "glstream dump fails on the trace stopped at --max-trace"
}
log "trace stopped at $size bytes on disk; glstream info and dump read it"
glrender_alive "after the recording stopped"
