#!/usr/bin/env bash
# Guards against a slow frame path: frames/s and MB/s of clear-and-swap, and swap-to-window latency, through fakegl beside the system's libGL, alternating, at two window sizes (issue 6).
# shellcheck source=../e2e/lib.sh
. "$(dirname "$0")/../e2e/lib.sh"

bin=$FAKEGL_BUILD/tests/bench/bench-frame
[ -x "$bin" ] || skip "not built: $bin"
need_built
start_xvfb
start_glrender
seconds=${BENCH_FRAME_SECONDS:-3}

for size in 400x300 1024x768; do
	for round in 1 2; do
		run_native "native-$size-$round" "$bin" -s "$seconds" -g "$size" -l native ||
			run_failed "native-$size-$round" $?
		cat "$E2E_TMP/native-$size-$round.out"
		run_fakegl "fakegl-$size-$round" "$bin" -s "$seconds" -g "$size" -l fakegl ||
			run_failed "fakegl-$size-$round" $?
		cat "$E2E_TMP/fakegl-$size-$round.out"
		log "fakegl $size: $E2E_STATS"
	done
done
glrender_alive
