#!/usr/bin/env bash
# demo.sh — see fakegl work: builds it, starts glrender and (without a $DISPLAY) Xvfb,
# runs glxgears through the forwarder for 10 s, prints its frame rate and the stats
# line, saves a screenshot to build/demo.png, and stops everything it started.
set -u -o pipefail
cd "$(dirname "$0")/.." || exit 1
root=$PWD
# shellcheck source=tools/lib-install.sh
. tools/lib-install.sh

seconds=${DEMO_SECONDS:-10}
fakegl_install "${FAKEGL_PACKAGES[@]}" || exit 1
fakegl_build build || exit 1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fakegl-demo.XXXXXX") || exit 1
pids=()
cleanup() {
	local pid
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [ -t 1 ]; then
	say() { printf '\033[1mdemo:\033[0m %s\n' "$*"; }
else
	say() { printf 'demo: %s\n' "$*"; }
fi

# glrender, on a unix socket of our own
server=unix:$tmp/glrender.sock
env -u DISPLAY build/glrender/glrender --listen "$server" >"$tmp/glrender.log" 2>&1 &
pids+=($!)
for ((i = 0; i < 100; i++)); do
	[ -S "$tmp/glrender.sock" ] && break
	kill -0 "${pids[-1]}" 2>/dev/null || break
	sleep 0.1
done
if ! [ -S "$tmp/glrender.sock" ]; then
	cat "$tmp/glrender.log" >&2
	echo "demo: glrender did not start" >&2
	exit 1
fi
say "glrender listening on $server"

# an X server: the user's, else Xvfb
if [ -z "${DISPLAY:-}" ]; then
	mkfifo "$tmp/displayfd"
	Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$tmp/displayfd" \
		>"$tmp/xvfb.log" 2>&1 &
	pids+=($!)
	read -r -t 20 n <"$tmp/displayfd" || true
	[[ "${n:-}" =~ ^[0-9]+$ ]] || {
		cat "$tmp/xvfb.log" >&2
		echo "demo: Xvfb did not start" >&2
		exit 1
	}
	export DISPLAY=:$n
	say "no \$DISPLAY: started Xvfb on $DISPLAY"
fi

say "running glxgears through fakegl for $seconds s…"
tools/fakegl-run --server "$server" --stats -- glxgears >"$tmp/gears.out" 2>"$tmp/gears.err" &
gears=$!
pids+=("$gears")
sleep "$seconds"

# the screenshot: what the X server shows in the glxgears window
shot=build/tests/e2e/xwin
if [ -x "$shot" ] && "$shot" shot glxgears "$tmp/demo.ppm" 2>/dev/null &&
	python3 tests/e2e/ppm.py png "$tmp/demo.ppm" build/demo.png; then
	say "screenshot of the glxgears window: $root/build/demo.png"
elif command -v import >/dev/null && import -window root build/demo.png 2>/dev/null; then
	say "screenshot of the screen: $root/build/demo.png"
else
	say "no screenshot (neither build/tests/e2e/xwin nor ImageMagick's import worked)"
fi

# Escape makes glxgears quit by itself, so that the stats line gets printed
if [ -x "$shot" ]; then
	"$shot" key glxgears Escape 2>/dev/null
else
	kill -INT "$gears" 2>/dev/null
fi
for ((i = 0; i < 50; i++)); do
	kill -0 "$gears" 2>/dev/null || break
	sleep 0.1
done
kill "$gears" 2>/dev/null
wait "$gears"
rc=$?

echo
grep 'frames in' "$tmp/gears.out" || say "glxgears printed no frame rate"
grep '^fakegl-stats:' "$tmp/gears.err" || say "no fakegl-stats line"
if [ "$rc" -ne 0 ]; then
	say "glxgears exited with status $rc; its stderr and glrender's log:"
	tail -n 20 "$tmp/gears.err" "$tmp/glrender.log" >&2
	exit 1
fi
