# lib.sh — guards against end-to-end tests that collide, leak processes or pass without
# our libGL loaded: the shared set-up of the tests in this folder. Source it; it reads
# the build and source folders from the arguments (BUILD_DIR SOURCE_DIR, as meson
# passes them) or from FAKEGL_BUILD / FAKEGL_SRC.
#
# Exit codes: 0 pass, 1 fail, 77 skip (meson's convention).
# shellcheck shell=bash

set -u -o pipefail

E2E_NAME=$(basename "$0" .sh)
E2E_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FAKEGL_SRC=$(cd "${2:-${FAKEGL_SRC:-$E2E_HERE/../..}}" && pwd)
FAKEGL_BUILD=${1:-${FAKEGL_BUILD:-$FAKEGL_SRC/build}}
if [ -d "$FAKEGL_BUILD" ]; then FAKEGL_BUILD=$(cd "$FAKEGL_BUILD" && pwd); fi
export FAKEGL_SRC FAKEGL_BUILD

E2E_LIBDIR=$FAKEGL_BUILD/libfakegl
# meson test puts the folders of built libraries (ours: libGL.so.1) on LD_LIBRARY_PATH;
# the native runs must get the system's libGL, so drop every folder of the build.
E2E_KEEP_LD=
E2E_GLRENDER_ENV=()
E2E_SANITIZE= # 1 in a sanitizer build (need_built)
IFS=: read -r -a e2e_ld_parts <<<"${LD_LIBRARY_PATH:-}"
for e2e_part in "${e2e_ld_parts[@]}"; do
	case "$e2e_part" in "$FAKEGL_BUILD"*|"") ;; *) E2E_KEEP_LD=${E2E_KEEP_LD:+$E2E_KEEP_LD:}$e2e_part ;; esac
done
if [ -n "$E2E_KEEP_LD" ]; then export LD_LIBRARY_PATH=$E2E_KEEP_LD; else unset LD_LIBRARY_PATH; fi
unset e2e_ld_parts e2e_part
E2E_GLRENDER=$FAKEGL_BUILD/glrender/glrender
E2E_BIN=$FAKEGL_BUILD/tests/e2e
E2E_PY=${PYTHON:-python3}
# How long one program may run before it counts as hung (seconds).
E2E_TIMEOUT=${E2E_TIMEOUT:-60}

E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/fakegl-$E2E_NAME.XXXXXX") || exit 1
E2E_PIDS=()
E2E_DISPLAY=
E2E_SERVER=
E2E_PRELOAD=

log() { printf '%s: %s\n' "$E2E_NAME" "$*" >&2; }
skip() {
	log "SKIP: $*"
	exit 77
}
fail() {
	log "FAIL: $*"
	exit 1
}

# Print the tail of a file to stderr, indented, under a title (for failure reports).
show_tail() { # TITLE FILE [LINES]
	[ -s "$2" ] || return 0
	printf '%s: --- %s (%s) ---\n' "$E2E_NAME" "$1" "$2" >&2
	tail -n "${3:-40}" "$2" | sed 's/^/    /' >&2
}

e2e_cleanup() {
	local rc=$? pid
	trap - EXIT INT TERM
	for pid in "${E2E_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${E2E_PIDS[@]}"; do
		# bounded: a daemon that ignores TERM gets KILL after 3 s
		for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
		show_tail glrender "$E2E_TMP/glrender.log"
		show_tail Xvfb "$E2E_TMP/xvfb.log" 10
	fi
	if [ -n "${E2E_KEEP:-}" ]; then
		log "kept $E2E_TMP"
	else
		rm -rf "$E2E_TMP"
	fi
	exit "$rc"
}
trap e2e_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_cmd() { # CMD [PACKAGE]
	command -v "$1" >/dev/null 2>&1 || skip "$1 not found (Debian package ${2:-$1})"
}

# The built pieces: our libGL, glrender, and the helpers under tests/e2e.
need_built() {
	[ -e "$E2E_LIBDIR/libGL.so.1" ] || skip "not built: $E2E_LIBDIR/libGL.so.1"
	[ -x "$E2E_GLRENDER" ] || skip "not built: $E2E_GLRENDER"
	local b
	for b in "$@"; do
		[ -x "$E2E_BIN/$b" ] || skip "not built: $E2E_BIN/$b"
	done
	# A sanitizer build (tools/test.sh --sanitize): programs not built with ASan
	# (glxinfo, glxgears) need its runtime preloaded to load our libGL; leaks of
	# Mesa and of those programs are not ours to report.
	E2E_PRELOAD=$(ldd "$E2E_LIBDIR/libGL.so.1" 2>/dev/null | awk '/libasan\.so/ { print $3; exit }')
	# clang (tools/test.sh --fuzz) links the runtime into each program instead, so no
	# libasan.so shows: the build's own options say it is a sanitizer build
	if [ -n "$E2E_PRELOAD" ] || "$E2E_PY" -c 'import json, sys
o = {x["name"]: x["value"] for x in json.load(open(sys.argv[1]))}
sys.exit(o.get("b_sanitize", "none") in ("none", ""))' \
		"$FAKEGL_BUILD/meson-info/intro-buildoptions.json" 2>/dev/null; then
		export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0:suppressions=$E2E_HERE/asan.supp"
		E2E_SANITIZE=1
	fi
}

# Start Xvfb on a display number it picks itself (-displayfd: no collisions with
# parallel tests or a desktop). Sets and exports DISPLAY / E2E_DISPLAY. Native runs
# need its GLX extension (Mesa, llvmpipe); our libGL needs none.
start_xvfb() {
	need_cmd Xvfb xvfb
	local fifo=$E2E_TMP/displayfd n=
	mkfifo "$fifo" || fail "mkfifo $fifo"
	Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset \
		3>"$fifo" >"$E2E_TMP/xvfb.log" 2>&1 &
	E2E_PIDS+=($!)
	# the read returns when Xvfb writes the number, or at EOF if it dies
	read -r -t 20 n <"$fifo" || true
	[[ "$n" =~ ^[0-9]+$ ]] || {
		show_tail Xvfb "$E2E_TMP/xvfb.log"
		fail "Xvfb did not start (no display number within 20 s)"
	}
	E2E_DISPLAY=:$n
	export DISPLAY=$E2E_DISPLAY
}

# Start glrender listening on a unix socket in the temporary folder; wait (bounded)
# until the socket exists. Sets E2E_SERVER (the FAKEGL_SERVER address). Extra
# arguments go to glrender. glrender gets no DISPLAY: it renders through EGL (unless
# E2E_GLRENDER_ENV, an array of NAME=VALUE, gives it one).
start_glrender() {
	local sock=$E2E_TMP/glrender.sock i
	E2E_SERVER=unix:$sock
	env -u DISPLAY "${E2E_GLRENDER_ENV[@]}" "$E2E_GLRENDER" --listen "$E2E_SERVER" "$@" \
		>>"$E2E_TMP/glrender.log" 2>&1 &
	E2E_GLRENDER_PID=$!
	E2E_PIDS+=("$E2E_GLRENDER_PID")
	for ((i = 0; i < 100; i++)); do
		[ -S "$sock" ] && return 0
		kill -0 "$E2E_GLRENDER_PID" 2>/dev/null || {
			wait "$E2E_GLRENDER_PID"
			fail "glrender exited (status $?) before listening on $E2E_SERVER"
		}
		sleep 0.1
	done
	fail "glrender did not create $sock within 10 s"
}

# Stop glrender (SIGTERM; it must exit 0 within 10 s), e.g. to start another.
stop_glrender() {
	local i
	kill -TERM "$E2E_GLRENDER_PID" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		kill -0 "$E2E_GLRENDER_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$E2E_GLRENDER_PID" 2>/dev/null && fail "glrender did not stop within 10 s of SIGTERM"
	wait "$E2E_GLRENDER_PID" || fail "glrender exited with status $? on SIGTERM"
	rm -f "$E2E_TMP/glrender.sock"
}

# Fail unless glrender is still running (it must survive whatever its clients did).
glrender_alive() {
	kill -0 "$E2E_GLRENDER_PID" 2>/dev/null && return 0
	wait "$E2E_GLRENDER_PID"
	fail "glrender died (status $?)${1:+ $1}"
}

# run_native TAG CMD ARGS… — run CMD on the system's libGL under our Xvfb.
# stdout/stderr go to $E2E_TMP/TAG.out / TAG.err; returns CMD's status.
run_native() {
	local tag=$1
	shift
	timeout -k 5 "$E2E_TIMEOUT" env DISPLAY="$E2E_DISPLAY" "$@" \
		>"$E2E_TMP/$tag.out" 2>"$E2E_TMP/$tag.err"
}

# run_fakegl TAG CMD ARGS… — the same through our libGL and glrender, with
# FAKEGL_STATS=1. Returns CMD's status, but fails the test when the stats line is
# missing from stderr: then our library was not loaded (or did not exit cleanly).
# Sets E2E_STATS to that line.
run_fakegl() {
	local rc
	fakegl_exec "$@"
	rc=$?
	require_stats "$1"
	return "$rc"
}

# fakegl_exec TAG CMD ARGS… — run_fakegl without the check, for programs run in the
# background (then call require_stats TAG after waiting for it).
fakegl_exec() {
	local tag=$1
	shift
	timeout -k 5 "$E2E_TIMEOUT" env DISPLAY="$E2E_DISPLAY" \
		LD_LIBRARY_PATH="$E2E_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
		${E2E_PRELOAD:+LD_PRELOAD="$E2E_PRELOAD"} \
		FAKEGL_SERVER="$E2E_SERVER" FAKEGL_STATS=1 "$@" \
		>"$E2E_TMP/$tag.out" 2>"$E2E_TMP/$tag.err"
}

# Fail unless TAG.err holds exactly one well-formed fakegl-stats line.
require_stats() { # TAG
	local err=$E2E_TMP/$1.err n
	n=$(grep -c '^fakegl-stats:' "$err")
	if [ "$n" -ne 1 ]; then
		show_tail "$1 stderr" "$err"
		fail "$1: expected one 'fakegl-stats:' line on stderr, found $n: our libGL was not loaded or did not exit cleanly"
	fi
	E2E_STATS=$(grep '^fakegl-stats:' "$err")
	[[ "$E2E_STATS" =~ ^fakegl-stats:\ frames=[0-9]+\ calls=[0-9]+\ bytes=[0-9]+\ flushes=[0-9]+\ roundtrips=[0-9]+$ ]] ||
		fail "$1: malformed stats line: $E2E_STATS"
}

# stat_value NAME — a number from the last stats line (frames, calls, …).
stat_value() {
	local v=${E2E_STATS#* "$1"=}
	printf '%s\n' "${v%% *}"
}

# Fail with TAG's output when a run failed. Usage: run_fakegl t cmd || run_failed t $?
run_failed() { # TAG STATUS
	show_tail "$1 stdout" "$E2E_TMP/$1.out" 20
	show_tail "$1 stderr" "$E2E_TMP/$1.err" 40
	[ "$2" -eq 124 ] && fail "$1 timed out after ${E2E_TIMEOUT} s"
	fail "$1 exited with status $2"
}

# A TCP port on 127.0.0.1 where nothing listens (just now).
free_tcp_port() {
	"$E2E_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
