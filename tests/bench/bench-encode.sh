#!/usr/bin/env bash
# Guards against a slow guest encoder: calls/s of result-less calls through fakegl (issue 6: at least 100 million per second), to a host that discards them (the encoder alone) and to a real glrender (the whole pipe), beside the same calls on the system's libGL.
# shellcheck source=../e2e/lib.sh
. "$(dirname "$0")/../e2e/lib.sh"

bin=$FAKEGL_BUILD/tests/bench/bench-encode
sink=$FAKEGL_BUILD/tests/bench/bench-sink
ops=$FAKEGL_BUILD/tests/bench/gl-ops.list
[ -x "$bin" ] || skip "not built: $bin"
if [ ! -x "$sink" ] || [ ! -f "$ops" ]; then skip "not built: $sink, $ops"; fi
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

# The encoder alone: the same calls to a host that discards them.
"$sink" --listen "unix:$E2E_TMP/sink.sock" --ops "$ops" >"$E2E_TMP/sink.log" 2>&1 &
E2E_PIDS+=($!)
for ((i = 0; i < 100; i++)); do [ -S "$E2E_TMP/sink.sock" ] && break; sleep 0.1; done
[ -S "$E2E_TMP/sink.sock" ] || { show_tail sink "$E2E_TMP/sink.log"; fail "bench-sink did not start"; }
E2E_SERVER=unix:$E2E_TMP/sink.sock # read by run_fakegl (lib.sh)
export E2E_SERVER
run_fakegl sink "$bin" -n "$millions" -l sink || run_failed sink $?
cat "$E2E_TMP/sink.out"
log "sink: $E2E_STATS"
