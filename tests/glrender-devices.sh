#!/usr/bin/env bash
# Guards against glrender --list-devices / --egl-device going wrong: the list names each EGL device with a renderer string, the marked default and an index both start glrender, and a device that does not exist is refused with one clear line.
#   glrender-devices.sh BUILD_DIR SOURCE_DIR
set -u -o pipefail
glrender=$1/glrender/glrender
[ -x "$glrender" ] || { echo "glrender-devices: SKIP: not built: $glrender" >&2; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fakegl-devices.XXXXXX") || exit 1
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() {
	echo "glrender-devices: FAIL: $*" >&2
	exit 1
}

env -u DISPLAY timeout 60 "$glrender" --list-devices >"$tmp/list" 2>"$tmp/err" ||
	fail "--list-devices exited with $?: $(cat "$tmp/err")"
cat "$tmp/list" >&2
if grep -q '^no EGL device' "$tmp/list"; then
	echo "glrender-devices: SKIP: no EGL devices here" >&2
	exit 77
fi
# lines: INDEX[*] <tab> PATH|software [RENDER-NODE] <tab> RENDERER, OpenGL VERSION
grep -qP '^[0-9]+\*?\t\S.*\t.+, OpenGL [0-9]' "$tmp/list" || fail "no device line with a renderer string"
[ "$(grep -cP '^[0-9]+\*\t' "$tmp/list")" -eq 1 ] || fail "not exactly one default device (*)"
default=$(grep -oP '^[0-9]+(?=\*\t)' "$tmp/list")

# glrender starts on the default device by index, and says which one it uses
sock=$tmp/g.sock
env -u DISPLAY "$glrender" --egl-device "$default" --listen "unix:$sock" >"$tmp/run.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || fail "glrender --egl-device $default did not start: $(cat "$tmp/run.log")"
grep -q "EGL device $default " "$tmp/run.log" || fail "glrender does not say it uses device $default: $(cat "$tmp/run.log")"
kill "$pid"
wait "$pid" 2>/dev/null
pid=

# a device that is not there: one line, non-zero status
if env -u DISPLAY timeout 60 "$glrender" --egl-device 99 --listen "unix:$tmp/h.sock" >"$tmp/bad.out" 2>&1; then
	fail "glrender --egl-device 99 started"
fi
[ "$(wc -l <"$tmp/bad.out")" -eq 1 ] && grep -q '99' "$tmp/bad.out" ||
	fail "glrender --egl-device 99: expected one line naming the device, got: $(cat "$tmp/bad.out")"
echo "glrender-devices: default device $default; refused: $(cat "$tmp/bad.out")" >&2
