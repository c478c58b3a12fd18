#!/usr/bin/env bash
# Guards against an alpha-less window whose forwarded alpha (held by glrender in a host surface with alpha) differs from native in any read, blend, query or mask (tests/e2e/alpha.c).
. "$(dirname "$0")/lib.sh"

need_built alpha
start_xvfb
start_glrender
alpha=$E2E_BIN/alpha

compared=0
for mode in single ms; do
	arg=
	[ "$mode" = ms ] && arg=ms
	run_native "native-$mode" "$alpha" $arg
	rc=$?
	if [ "$rc" -eq 77 ] && [ "$mode" = ms ]; then
		log "no multisampled visual natively: ms not compared"
		continue
	fi
	[ "$rc" -eq 0 ] || run_failed "native-$mode" "$rc"
	run_fakegl "fakegl-$mode" "$alpha" $arg || run_failed "fakegl-$mode" $?
	lines=$(wc -l <"$E2E_TMP/native-$mode.out")
	[ "$lines" -ge 20 ] || fail "native $mode: only $lines lines of output"
	if ! diff -u "$E2E_TMP/native-$mode.out" "$E2E_TMP/fakegl-$mode.out" >"$E2E_TMP/diff-$mode" 2>&1; then
		show_tail "native (-) against forwarded (+), $mode" "$E2E_TMP/diff-$mode" 80
		fail "forwarded alpha differs from native ($mode)"
	fi
	compared=$((compared + 1))
	log "$mode: forwarded identical to native ($lines lines)"
done
[ "$compared" -ge 1 ] || fail "nothing compared"
log "$E2E_STATS"
glrender_alive
