#!/usr/bin/env bash
# Guards against fuzz findings slipping into CI: runs one libFuzzer target for a short
# while over its seeds and regression inputs; a crash fails the test and is kept.
#   fuzz-run.sh TARGET_EXE SOURCE_FUZZ_DIR NAME SECONDS [LIBFUZZER ARGS…]
# Longer runs: see tests/fuzz/README.md.
set -u -o pipefail
exe=$1 src=$2 name=$3 seconds=$4
shift 4
[ -x "$exe" ] || { echo "fuzz-$name: not built: $exe" >&2; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/fakegl-fuzz-$name.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/crashes"
for d in "$src/seeds/$name" "$src/regress/$name"; do
	[ -d "$d" ] && cp -r "$d/." "$work/corpus/"
done
# Mesa's own allocations outlive an input (caches): leaks are checked by the fault tests.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
dict=()
[ -f "$src/$name.dict" ] && dict=("-dict=$src/$name.dict")
"$exe" "$work/corpus" -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
	-artifact_prefix="$work/crashes/" -print_final_stats=1 "${dict[@]}" "$@" 2>&1 | tail -n 60
rc=$?
if compgen -G "$work/crashes/*" >/dev/null; then
	keep=${MESON_BUILD_ROOT:-.}/fuzz-crashes-$name
	mkdir -p "$keep"
	cp "$work"/crashes/* "$keep/"
	echo "fuzz-$name: FAIL: crash inputs kept in $keep; once fixed, add them to tests/fuzz/regress/$name/" >&2
	exit 1
fi
[ "$rc" -eq 0 ] || { echo "fuzz-$name: FAIL: the fuzzer exited with status $rc" >&2; exit 1; }
echo "fuzz-$name: ran ${seconds} s clean" >&2
