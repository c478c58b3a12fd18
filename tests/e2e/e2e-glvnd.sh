#!/usr/bin/env bash
# Guards against GLVND routing that misses fakegl: a program linked to libOpenGL + libGLX draws through libGLX_fakegl.so.0 (__GLX_VENDOR_LIBRARY_NAME=fakegl) exactly as natively, and fakegl-run routes it too.
. "$(dirname "$0")/lib.sh"

need_built glvnd-app
vendor_dir=$FAKEGL_BUILD/libfakegl/glvnd
[ -e "$vendor_dir/libGLX_fakegl.so.0" ] || skip "not built: $vendor_dir/libGLX_fakegl.so.0 (needs libglvnd-core-dev)"
app=$E2E_BIN/glvnd-app
# the point of the test: the program must not be linked to any libGL.so.1
# (ldd's output taken whole first: under pipefail, grep -q leaving early made ldd die
# of SIGPIPE and the check fail, which skipped this test in one full run)
libs=$(ldd "$app") || fail "ldd $app failed"
if grep -q 'libGL\.so' <<<"$libs"; then fail "$app is linked to libGL.so.1: $(grep libGL <<<"$libs")"; fi
grep -q 'libGLX\.so\.0' <<<"$libs" || skip "$app is not linked to GLVND's libGLX.so.0"
start_xvfb
start_glrender

run_native native "$app" || run_failed native $?
grep -q 'loaded: .*libGLX_fakegl' "$E2E_TMP/native.out" && fail "native run loaded fakegl"

# GLVND's own mechanism: only the vendor's folder on the path (it holds no libGL.so.1,
# and none of the aliases that run_fakegl's folder has).
timeout -k 5 "$E2E_TIMEOUT" env DISPLAY="$E2E_DISPLAY" \
	LD_LIBRARY_PATH="$vendor_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
	${E2E_PRELOAD:+LD_PRELOAD="$E2E_PRELOAD"} __GLX_VENDOR_LIBRARY_NAME=fakegl \
	FAKEGL_SERVER="$E2E_SERVER" FAKEGL_STATS=1 "$app" >"$E2E_TMP/vendor.out" 2>"$E2E_TMP/vendor.err" ||
	run_failed vendor $?
require_stats vendor
grep -q '^loaded: .*/libGLX_fakegl\.so\.0$' "$E2E_TMP/vendor.out" || {
	show_tail "vendor stdout" "$E2E_TMP/vendor.out"
	fail "libGLX_fakegl.so.0 was not loaded"
}
# what the program drew and read back, without the list of loaded libraries
diff <(grep -v '^loaded:' "$E2E_TMP/native.out" | grep -v '^renderer:') \
	<(grep -v '^loaded:' "$E2E_TMP/vendor.out" | grep -v '^renderer:') >"$E2E_TMP/diff" || {
	show_tail diff "$E2E_TMP/diff"
	fail "through the GLVND vendor the pixels differ from native"
}
[ "$(stat_value frames)" -ge 2 ] || fail "expected at least 2 frames back (3 swaps): $E2E_STATS"
log "GLVND vendor: identical pixels; $(grep '^renderer:' "$E2E_TMP/vendor.out"); $E2E_STATS"

# fakegl-run, every mode: the program must reach fakegl each time.
for mode in auto libgl glvnd; do
	FAKEGL_LIBDIR=$E2E_LIBDIR timeout -k 5 "$E2E_TIMEOUT" "$FAKEGL_SRC/tools/fakegl-run" \
		--mode "$mode" --server "$E2E_SERVER" --stats -- "$app" \
		>"$E2E_TMP/run-$mode.out" 2>"$E2E_TMP/run-$mode.err" || run_failed "run-$mode" $?
	require_stats "run-$mode"
	grep -q '^loaded: .*fakegl\|^loaded: '"$E2E_LIBDIR" "$E2E_TMP/run-$mode.out" || {
		show_tail "run-$mode stdout" "$E2E_TMP/run-$mode.out"
		fail "fakegl-run --mode $mode: our library was not among the loaded ones"
	}
	diff <(grep '^pixel' "$E2E_TMP/native.out") <(grep '^pixel' "$E2E_TMP/run-$mode.out") >/dev/null ||
		fail "fakegl-run --mode $mode: pixels differ from native"
	log "fakegl-run --mode $mode: identical; $(grep '^loaded: .*\(fakegl\|GL\.so\)' "$E2E_TMP/run-$mode.out" | tr '\n' ' ')"
done
glrender_alive
