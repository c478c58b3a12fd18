#!/usr/bin/env bash
# Guards against an installation that shadows the system's libGL or lacks a piece: meson install --destdir into a temporary folder, then the layout, the exports, the systemd unit and every program's --help.
#   install-test.sh BUILD_DIR SOURCE_DIR
set -u -o pipefail
build=$(cd "$1" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fakegl-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
	printf 'install-test: FAIL: %s\n' "$*" >&2
	fails=$((fails + 1))
}
log() { printf 'install-test: %s\n' "$*" >&2; }

root=$tmp/root
meson install -C "$build" --no-rebuild --destdir "$root" >"$tmp/install.log" 2>&1 || {
	tail -n 30 "$tmp/install.log" >&2
	echo "install-test: FAIL: meson install --destdir failed" >&2
	exit 1
}
# prefix, bindir, libdir as configured
eval "$(meson introspect --buildoptions "$build" | python3 -c '
import json, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
for k in ("prefix", "bindir", "libdir"):
    print("%s=%s" % (k, o[k]))')"
case $libdir in /*) ;; *) libdir=$prefix/$libdir ;; esac
case $bindir in /*) ;; *) bindir=$prefix/$bindir ;; esac
private=$root$libdir/fakegl

# libGL.so.1 only in the private folder; the GLVND aliases are the same file.
[ -e "$private/libGL.so.1" ] || fail "no $libdir/fakegl/libGL.so.1"
nm -D --defined-only "$private/libGL.so.1" 2>/dev/null | grep -q ' T glXCreateContext$' ||
	fail "$libdir/fakegl/libGL.so.1 does not export glXCreateContext"
for alias in libGLX.so.0 libOpenGL.so.0; do
	[ "$private/$alias" -ef "$private/libGL.so.1" ] || fail "$libdir/fakegl/$alias is not libGL.so.1"
done
outside=$(find "$root" \( -name 'libGL.so*' -o -name 'libGLX.so*' -o -name 'libOpenGL.so*' \) \
	-not -path "$private/*" | sed "s|^$root||")
[ -z "$outside" ] || fail "installed outside $libdir/fakegl, over the system's GL: $outside"

# the GLVND vendor library, when built: in the loader's path, exporting __glx_Main alone
if [ -e "$build/libfakegl/glvnd/libGLX_fakegl.so.0" ]; then
	vendor=$root$libdir/libGLX_fakegl.so.0
	if [ -e "$vendor" ]; then
		exports=$(nm -D --defined-only "$vendor" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | tr '\n' ' ')
		[ "$exports" = "__glx_Main " ] || fail "libGLX_fakegl.so.0 exports more than __glx_Main: $exports"
	else
		fail "no $libdir/libGLX_fakegl.so.0"
	fi
fi

# programs on the PATH, each with --help
progs=(glrender fakegl-run)
[ ! -e "$build/tools/glstream" ] || progs+=(glstream)
for p in "${progs[@]}"; do
	exe=$root$bindir/$p
	if [ ! -x "$exe" ]; then
		fail "no $bindir/$p"
		continue
	fi
	out=$(LD_LIBRARY_PATH="$private" "$exe" --help 2>&1)
	rc=$?
	[ "$rc" -eq 0 ] || fail "$p --help exited with $rc: $out"
	grep -qi 'usage' <<<"$out" || fail "$p --help prints no usage: $out"
done

# the installed launcher finds the installed libraries, not the build tree's
if [ -x "$root$bindir/fakegl-run" ]; then
	env -u FAKEGL_LIBDIR "$root$bindir/fakegl-run" --verbose --mode libgl -- true 2>"$tmp/run.err" ||
		fail "installed fakegl-run failed: $(cat "$tmp/run.err")"
	grep -q "LD_LIBRARY_PATH=$private[:[:space:]]" "$tmp/run.err" ||
		fail "installed fakegl-run does not use $libdir/fakegl: $(cat "$tmp/run.err")"
fi

# the systemd unit: runs the installed glrender, sandboxed
unit=$root$prefix/lib/systemd/system/glrender.service
if [ -e "$unit" ]; then
	grep -q "^ExecStart=$bindir/glrender " "$unit" || fail "glrender.service does not start $bindir/glrender"
	for key in DynamicUser=yes NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes \
		PrivateTmp=yes CapabilityBoundingSet=; do
		grep -qx "$key" "$unit" || fail "glrender.service lacks $key"
	done
	if command -v systemd-analyze >/dev/null 2>&1; then
		# verify a copy that points at the glrender installed under the destdir
		sed "s|^ExecStart=$bindir/|ExecStart=$root$bindir/|" "$unit" >"$tmp/glrender.service"
		# it exits 0 on settings it ignores: any word from it is a failure
		SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$tmp/glrender.service" \
			>"$tmp/verify.log" 2>&1 && [ ! -s "$tmp/verify.log" ] ||
			fail "systemd-analyze verify: $(cat "$tmp/verify.log")"
	fi
else
	fail "no $prefix/lib/systemd/system/glrender.service"
fi

[ "$fails" -eq 0 ] || exit 1
log "installed into $root: $(cd "$root" && find . -type f -o -type l | sort | tr '\n' ' ')"
