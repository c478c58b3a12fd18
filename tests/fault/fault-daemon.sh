#!/usr/bin/env bash
# Guards against glrender going away under a running app without a clear word: on SIGTERM each client's commands are finished, the app is told "glrender is shutting down" (one line, exit 1), glrender exits 0 and the app's recording is complete; a killed glrender gives the app one "lost glrender" line and exit 1; a new glrender on the same socket serves the next app.
. "$(dirname "$0")/../e2e/lib.sh"

need_built scene
glstream=$FAKEGL_BUILD/tools/glstream
[ -x "$glstream" ] || skip "not built: $glstream"
start_xvfb

# until glrender's log holds PATTERN COUNT times (bounded: 30 s)
wait_log() { # PATTERN COUNT
	local i
	for ((i = 0; i < 300; i++)); do
		[ "$(grep -c -- "$1" "$E2E_TMP/glrender.log")" -ge "$2" ] && return 0
		sleep 0.1
	done
	fail "glrender's log never showed '$1' $2 times"
}

# wait (bounded: 10 s) for glrender to exit; its status in $daemon_rc
wait_daemon() {
	local i
	for ((i = 0; i < 100; i++)); do kill -0 "$E2E_GLRENDER_PID" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$E2E_GLRENDER_PID" 2>/dev/null && fail "glrender still runs 10 s after $1"
	wait "$E2E_GLRENDER_PID"
	daemon_rc=$?
}

# the app TAG (pid $2) ended with status 1 and said one line on stderr matching $3
app_said_one_line() { # TAG PID PATTERN
	local rc n
	wait "$2"
	rc=$?
	[ "$rc" -ne 124 ] || fail "$1: the app hung after glrender went away (killed after ${E2E_TIMEOUT} s)"
	[ "$rc" -eq 1 ] || { show_tail "$1 stderr" "$E2E_TMP/$1.err"; fail "$1: the app exited with status $rc, not 1"; }
	n=$(grep -c . "$E2E_TMP/$1.err")
	[ "$n" -eq 1 ] || { show_tail "$1 stderr" "$E2E_TMP/$1.err"; fail "$1: $n lines on the app's stderr, not one"; }
	grep -Eq -- "$3" "$E2E_TMP/$1.err" || { show_tail "$1 stderr" "$E2E_TMP/$1.err"; fail "$1: the app's line does not match '$3'"; }
	log "$1: exit 1, '$(cat "$E2E_TMP/$1.err")'"
}

# start_glrender returns once the socket file exists: after a killed glrender that is the
# stale one, so wait for the new glrender's "listening" line too.
started=0
restart_glrender() {
	start_glrender "$@"
	wait_log 'listening on' $((started += 1))
}

connected=0 told=0
# Steps 1 and 2 in both modes: a worker process per guest (the default) and one process.
for mode in isolated --no-isolate; do
	args=()
	[ "$mode" = isolated ] || args=("$mode")
	rm -rf "$E2E_TMP/rec" && mkdir -p "$E2E_TMP/rec"

	# 1. SIGTERM while an app renders: the app's commands finished, the app told, exit 0.
	restart_glrender --record "$E2E_TMP/rec" "${args[@]}"
	fakegl_exec "term-$mode" "$E2E_BIN/scene" --loop 60 &
	app=$!
	wait_log 'client connected: scene' $((connected += 1))
	sleep 1
	kill -TERM "$E2E_GLRENDER_PID"
	wait_daemon SIGTERM
	[ "$daemon_rc" -eq 0 ] || fail "$mode: glrender exited with status $daemon_rc on SIGTERM"
	[ "$(grep -c 'scene.*told it glrender is shutting down' "$E2E_TMP/glrender.log")" -eq $((told += 1)) ] ||
		fail "$mode: glrender did not tell the app it was shutting down"
	app_said_one_line "term-$mode" "$app" '^fakegl: .*glrender is shutting down$'
	# the recording was closed by the client's own thread: a complete trace, indexed
	traces=("$E2E_TMP"/rec/scene-*.gls)
	trace=${traces[0]}
	[ -f "$trace" ] || fail "$mode: glrender --record wrote no trace of the app"
	"$glstream" info "$trace" >"$E2E_TMP/info.out" 2>&1 || {
		cat "$E2E_TMP/info.out" >&2
		fail "$mode: the recording of the app drained at SIGTERM is damaged"
	}
	grep -q 'truncated\|no index' "$E2E_TMP/info.out" && {
		cat "$E2E_TMP/info.out" >&2
		fail "$mode: the recording was cut off"
	}
	log "$mode: SIGTERM: glrender exited 0; $(grep -m1 -i 'frames' "$E2E_TMP/info.out" | tr -s ' ')"

	# 2. glrender killed while an app renders: one line, exit 1, no hang. Isolated, the
	# app is served by a worker process of glrender's: both are killed, as a crash of
	# the worker would take the app's connection.
	restart_glrender "${args[@]}"
	fakegl_exec "killed-$mode" "$E2E_BIN/scene" --loop 60 &
	app=$!
	wait_log 'client connected: scene' $((connected += 1))
	sleep 1
	workers=$(cat /proc/"$E2E_GLRENDER_PID"/task/*/children 2>/dev/null)
	# shellcheck disable=SC2086 # one word per worker
	kill -KILL "$E2E_GLRENDER_PID" $workers
	log "$mode: killed glrender $E2E_GLRENDER_PID and its workers: ${workers:-none}"
	wait "$E2E_GLRENDER_PID" 2>/dev/null
	app_said_one_line "killed-$mode" "$app" "^fakegl: lost glrender at $E2E_SERVER while [a-z ]+: "
done

# 3. A new glrender on the same socket (the killed one left its file) serves the next
# app, which draws as natively: nothing of the old one is needed.
restart_glrender
run_native native "$E2E_BIN/scene" --out-gl "$E2E_TMP/native.ppm" || run_failed native $?
run_fakegl again "$E2E_BIN/scene" --out-gl "$E2E_TMP/again.ppm" || run_failed again $?
"$E2E_PY" "$FAKEGL_SRC/tests/e2e/compare.py" "$E2E_TMP/native.ppm" "$E2E_TMP/again.ppm" ||
	fail "the scene drawn by a restarted glrender differs from native"
log "restarted glrender: the next app draws as natively"
