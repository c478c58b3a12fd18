#!/usr/bin/env bash
# Guards against a hostile or dying guest hurting glrender or its other clients: hostile streams (truncated, oversized, unknown opcodes, wrong names, out-of-range draws), --max-memory, a hundred garbage clients beside a real program, killed clients giving their memory back, the socket's mode, SIGTERM.
. "$(dirname "$0")/../e2e/lib.sh"

need_built scene
start_xvfb
# glibc keeps freed memory in per-thread arenas (one client, one thread): few arenas, so
# that RSS tells what glrender holds
export MALLOC_ARENA_MAX=2
start_glrender --max-memory 64M
sock=${E2E_SERVER#unix:}
client() { timeout -k 2 60 "$E2E_PY" "$FAKEGL_SRC/tests/fault/hostile-client.py" "$sock" "$@"; }
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$E2E_GLRENDER_PID/status"; }

# 1. Only its owner may connect to the unix socket.
mode=$(stat -c %a "$sock")
[ "$mode" = 600 ] || fail "the unix socket has mode $mode, not 600"
log "socket mode $mode"

# 2. Every hostile stream: dropped with a protocol error or refused with a GL error.
client streams >"$E2E_TMP/streams.out" 2>&1 || {
	show_tail streams "$E2E_TMP/streams.out" 40
	fail "a hostile stream got no answer"
}
sed 's/^/    /' "$E2E_TMP/streams.out" >&2
grep -q '^array-no-data .*glGetError 0x0502' "$E2E_TMP/streams.out" ||
	fail "a draw of an array with no data was not refused with GL_INVALID_OPERATION"
grep -q '^array-past-data .*glGetError 0x0502' "$E2E_TMP/streams.out" ||
	fail "a draw past the vertices sent was not refused with GL_INVALID_OPERATION"
grep -q '^readpixels-no-pbo .*dropped' "$E2E_TMP/streams.out" ||
	fail "glReadPixels into an offset with no pack buffer was not refused"
glrender_alive "after the hostile streams"

# 2b. Frame buffers: only a memfd sealed against shrinking, as large as said, is written
# (a guest that shrank one under glrender's map would kill it with SIGBUS).
client fds >"$E2E_TMP/fds.out" 2>&1 || {
	cat "$E2E_TMP/fds.out" >&2
	fail "glrender wrote a frame where it must not, or not where it should"
}
sed 's/^/    /' "$E2E_TMP/fds.out" >&2
glrender_alive "after the hostile frame buffers"

# 3. --max-memory: GL_OUT_OF_MEMORY, then the client goes on.
client oom >"$E2E_TMP/oom.out" 2>&1 || { cat "$E2E_TMP/oom.out" >&2; fail "no GL_OUT_OF_MEMORY over --max-memory"; }
log "$(cat "$E2E_TMP/oom.out")"
grep -q 'max-memory' "$E2E_TMP/glrender.log" || fail "no log line for the client over --max-memory"

# 4. A real program renders right while a hundred garbage clients come and go.
run_native native "$E2E_BIN/scene" --out-gl "$E2E_TMP/native.ppm" || run_failed native $?
client garbage 100 &
junk=$!
run_fakegl during "$E2E_BIN/scene" --out-gl "$E2E_TMP/during.ppm" || run_failed during $?
wait "$junk"
"$E2E_PY" "$FAKEGL_SRC/tests/e2e/compare.py" "$E2E_TMP/native.ppm" "$E2E_TMP/during.ppm" ||
	fail "the scene drawn beside 100 garbage clients differs from native"
glrender_alive "after 100 garbage clients"

# 5. Clients killed at any point give back what they held: glrender's memory returns to
# its level (within 32 MiB: llvmpipe keeps caches) after 12 killed clients, 6 of them
# holding an 8 MiB buffer.
kill_clients() { # N: N scenes and N allocating clients, each killed at some point
	local i p
	for ((i = 0; i < $1; i++)); do
		fakegl_exec "kill$i" "$E2E_BIN/scene" --out-gl "$E2E_TMP/kill.ppm" &
	p=$!
	sleep "0.$((RANDOM % 6 + 1))"
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	client hold 30 >/dev/null 2>&1 &
	p=$!
	sleep 0.4
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	done
	sleep 1
}
kill_clients 2 # the level: driver caches and arenas filled once
before=$(rss)
kill_clients 6
after=$(rss)
log "glrender RSS: ${before} kB before 12 killed clients, ${after} kB after"
[ "$after" -le $((before + 32768)) ] ||
	fail "glrender's memory grew by $(((after - before) / 1024)) MiB over 12 killed clients"
glrender_alive "after killed clients"

# 6. SIGTERM: glrender exits cleanly, removing its socket.
kill -TERM "$E2E_GLRENDER_PID"
for ((i = 0; i < 50; i++)); do kill -0 "$E2E_GLRENDER_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$E2E_GLRENDER_PID" 2>/dev/null && fail "glrender still runs 5 s after SIGTERM"
wait "$E2E_GLRENDER_PID"
rc=$?
[ "$rc" -eq 0 ] || fail "glrender exited with status $rc on SIGTERM"
[ ! -e "$sock" ] || fail "glrender left its socket behind"
log "SIGTERM: exited 0, socket removed"
