#!/usr/bin/env bash
# Guards against a forwarded libGL that reports another renderer, version or any limit than the host GL it forwards to.
. "$(dirname "$0")/lib.sh"

need_cmd glxinfo mesa-utils
need_built
start_xvfb
start_glrender

run_native native-B glxinfo -B || run_failed native-B $?
run_fakegl fakegl-B glxinfo -B || run_failed fakegl-B $?

# The identity lines: what glGetString gives in the compatibility and core contexts.
identity() {
	grep -E '^OpenGL (vendor|renderer|version|shading language version|core profile version|core profile shading language version) string:' "$1"
}
identity "$E2E_TMP/native-B.out" >"$E2E_TMP/native-B.id"
identity "$E2E_TMP/fakegl-B.out" >"$E2E_TMP/fakegl-B.id"
grep -q '^OpenGL renderer string:' "$E2E_TMP/native-B.id" ||
	fail "native glxinfo -B printed no renderer string (is GLX missing on Xvfb?)"
if ! diff -u "$E2E_TMP/native-B.id" "$E2E_TMP/fakegl-B.id" >"$E2E_TMP/B.diff"; then
	sed 's/^/    /' "$E2E_TMP/B.diff" >&2
	fail "glxinfo -B: identity strings differ (- native, + forwarded)"
fi
log "same identity: $(grep 'renderer string' "$E2E_TMP/native-B.id")"

run_native native-l glxinfo -l || run_failed native-l $?
run_fakegl fakegl-l glxinfo -l || run_failed fakegl-l $?

# Every block under an "… limits:" heading, each line prefixed with its heading so
# that a difference says which profile it is in.
limits() {
	awk '/^[^ ].*limits:$/ { head = $0; next }
	     /^[^ ]/ { head = "" }
	     head != "" && NF { print head " " $0 }' "$1"
}
limits "$E2E_TMP/native-l.out" >"$E2E_TMP/native-l.lim"
limits "$E2E_TMP/fakegl-l.out" >"$E2E_TMP/fakegl-l.lim"
n=$(grep -c 'GL_MAX_' "$E2E_TMP/native-l.lim")
[ "$n" -gt 10 ] || fail "native glxinfo -l printed only $n GL_MAX_ limit lines"
if ! diff -u "$E2E_TMP/native-l.lim" "$E2E_TMP/fakegl-l.lim" >"$E2E_TMP/l.diff"; then
	head -n 200 "$E2E_TMP/l.diff" | sed 's/^/    /' >&2
	fail "glxinfo -l: limits differ (- native, + forwarded; $(grep -c '^[-+][^-+]' "$E2E_TMP/l.diff") lines)"
fi
log "same $(wc -l <"$E2E_TMP/native-l.lim") limit lines; $E2E_STATS"
glrender_alive
