#!/usr/bin/env bash
# Guards against slow synchronous calls: the round-trip time of glGetError through fakegl to a real glrender, over a unix socket and over tcp (issue 6: at most 20 us over unix).
# shellcheck source=../e2e/lib.sh
. "$(dirname "$0")/../e2e/lib.sh"

bin=$FAKEGL_BUILD/tests/bench/bench-roundtrip
[ -x "$bin" ] || skip "not built: $bin"
need_built
start_xvfb
port=$(free_tcp_port) || fail "no free tcp port"
start_glrender --listen "tcp:127.0.0.1:$port"
unix_server=$E2E_SERVER
n=${BENCH_ROUNDTRIPS:-20000}

for transport in unix tcp; do
	if [ "$transport" = unix ]; then E2E_SERVER=$unix_server; else E2E_SERVER=tcp:127.0.0.1:$port; fi
	run_fakegl "rt-$transport" "$bin" -n "$n" -l "$transport" || run_failed "rt-$transport" $?
	cat "$E2E_TMP/rt-$transport.out"
	log "$transport: $E2E_STATS"
done
glrender_alive
