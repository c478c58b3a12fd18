#!/usr/bin/env bash
# Guards against a GPU open to anyone: glrender refuses to listen beyond loopback without a token, and guests without the right token are turned away with one clear line.
. "$(dirname "$0")/lib.sh"

need_cmd glxinfo mesa-utils
need_built scene
start_xvfb

port=$(free_tcp_port)
# 1. No token, an address reachable from outside: glrender must refuse to start.
env -u DISPLAY "$E2E_GLRENDER" --listen "tcp:0.0.0.0:$port" >"$E2E_TMP/open.out" 2>&1 &
pid=$!
E2E_PIDS+=("$pid")
for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then fail "glrender listens on tcp:0.0.0.0:$port without a token"; fi
wait "$pid"
rc=$?
[ "$rc" -ne 0 ] || fail "glrender exited 0 when refusing to listen"
grep -q 'token-file' "$E2E_TMP/open.out" || fail "glrender's refusal does not name --token-file"
log "no token: glrender refused (status $rc): $(head -1 "$E2E_TMP/open.out")"

# 2. With a token: the right one renders the scene, a wrong or missing one is refused.
printf 'e2e-%s\n' "$RANDOM$RANDOM" >"$E2E_TMP/token"
chmod 600 "$E2E_TMP/token"
start_glrender --token-file "$E2E_TMP/token"
run_native native "$E2E_BIN/scene" --out-gl "$E2E_TMP/native.ppm" || run_failed native $?
FAKEGL_TOKEN_FILE=$E2E_TMP/token run_fakegl good "$E2E_BIN/scene" --out-gl "$E2E_TMP/good.ppm" ||
	run_failed good $?
"$E2E_PY" "$E2E_HERE/compare.py" "$E2E_TMP/native.ppm" "$E2E_TMP/good.ppm" ||
	fail "the scene with the right token differs from native"
refused() { # TAG [ENV…]
	local tag=$1
	shift
	timeout -k 2 10 env DISPLAY="$E2E_DISPLAY" LD_LIBRARY_PATH="$E2E_LIBDIR" "$@" \
		${E2E_PRELOAD:+LD_PRELOAD="$E2E_PRELOAD"} FAKEGL_SERVER="$E2E_SERVER" glxinfo -B \
		>"$E2E_TMP/$tag.out" 2>"$E2E_TMP/$tag.err"
	local rc=$?
	[ "$rc" -ne 0 ] && [ "$rc" -lt 124 ] || fail "$tag: glxinfo exited with status $rc"
	[ "$(grep -c 'fakegl:.*token' "$E2E_TMP/$tag.err")" -eq 1 ] || {
		show_tail "$tag stderr" "$E2E_TMP/$tag.err"
		fail "$tag: expected one 'fakegl:' line about the token"
	}
	log "$tag: $(grep 'fakegl:' "$E2E_TMP/$tag.err")"
}
refused wrong-token FAKEGL_TOKEN=not-the-token
refused no-token
glrender_alive
log "token rules hold"
