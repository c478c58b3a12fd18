#!/usr/bin/env bash
# Guards against a slow host decoder: glrender's command loop and generated decoders against a GL of no-ops, calls/s by argument shape (issue 6: at least 50 million simple calls per second).
bin=${1:?build folder}/tests/bench/bench-decode
[ -x "$bin" ] || { echo "bench-decode: SKIP: not built: $bin" >&2; exit 77; }
exec "$bin" -s "${BENCH_DECODE_SECONDS:-1}"
