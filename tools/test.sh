#!/usr/bin/env bash
# test.sh — install what is missing, build, run every test (unit, round trip, e2e).
#   tools/test.sh [--sanitize | --no-conformance | --fuzz] [MESON TEST ARGS…]
# --sanitize builds in build-asan with AddressSanitizer and UBSan; --fuzz builds the
# libFuzzer targets with clang in build-fuzz (ASan, UBSan) and runs each 30 s
# (FAKEGL_FUZZ_SECONDS). In CI (CI=true) warnings are errors. FAKEGL_BUILD_DIR names
# another build folder. Exits with meson test's status.
set -u -o pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tools/lib-install.sh
. tools/lib-install.sh

build=build
setup=()
slow=()
case ${1:-} in
-h | --help)
	sed -n '2,7s/^# \{0,1\}//p' "$0"
	exit 0
	;;
--sanitize)
	build='build-asan'
	setup+=('-Db_sanitize=address,undefined' '-Db_lundef=false')
	slow=(--timeout-multiplier 3)
	shift
	;;
--no-conformance)
	export FAKEGL_CONFORMANCE=0
	shift
	;;
--conformance) # the default; kept for old command lines
	shift
	;;
--fuzz)
	fakegl_install "${FAKEGL_FUZZ_PACKAGES[@]}" || exit 1
	build='build-fuzz'
	export CC=clang
	setup+=('-Dfuzz=true' "-Dfuzz_seconds=${FAKEGL_FUZZ_SECONDS:-30}"
		'-Db_sanitize=address,undefined' '-Db_lundef=false')
	shift
	set -- --suite fuzz --suite fault "$@"
	;;
esac
[ "${CI:-}" != true ] || setup+=(-Dwerror=true)

fakegl_install "${FAKEGL_PACKAGES[@]}" || exit 1
# The piglit conformance suites (issue 3: about 10 minutes on 2 cores) run by default,
# CI included, now that a driver fault takes down one guest's worker and not glrender
# (glrender/isolate.c); --no-conformance or FAKEGL_CONFORMANCE=0 leaves them out. The
# sanitizer and fuzz builds leave them out: piglit's thousands of processes would each
# need libasan preloaded (tests/conformance/README.md).
conformance=(--no-suite conformance)
case $build in build-asan | build-fuzz) FAKEGL_CONFORMANCE=${FAKEGL_CONFORMANCE:-0} ;; esac
if [ "${FAKEGL_CONFORMANCE:-1}" = 1 ]; then
	fakegl_install "${FAKEGL_CONFORMANCE_PACKAGES[@]}" || exit 1
	conformance=()
fi
build=${FAKEGL_BUILD_DIR:-$build} # after the mode's choices above, which go by its name
fakegl_build "$build" "${setup[@]}" || exit 1
# the end-to-end tests are not parallel (each starts its own Xvfb and glrender); the
# sanitizer build (slow) runs everything several times slower
exec meson test -C "$build" --print-errorlogs --num-processes 2 "${slow[@]}" "${conformance[@]}" "$@"
