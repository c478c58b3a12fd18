#!/usr/bin/env bash
# Guards against a slow guest encoder: calls/s of result-less immediate-mode calls through fakegl (issue 6: at least 100 million per second), beside the same calls on the system's libGL.
# shellcheck source=../e2e/lib.sh
. "$(dirname "$0")/../e2e/lib.sh"

bin=$FAKEGL_BUILD/tests/bench/bench-encode
[ -x "$bin" ] || skip "not built: $bin"
need_built
start_xvfb
start_glrender
millions=${BENCH_ENCODE_MCALLS:-5}

run_native native "$bin" -n "$millions" -l native || run_failed native $?
cat "$E2E_TMP/native.out"
run_fakegl fakegl "$bin" -n "$millions" -l fakegl || run_failed fakegl $?
cat "$E2E_TMP/fakegl.out"
log "fakegl: $E2E_STATS"
glrender_alive
