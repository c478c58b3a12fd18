#!/usr/bin/env bash
# Guards against GL calls that the forwarder gets wrong: piglit's OpenGL 1.x–4.x tests must pass through fakegl as they pass natively on the same host.
#
# Runs `piglit run -p glx -t FILTER PROFILE` twice under one Xvfb, natively and through
# our libGL and glrender, then compare.py checks: forwarded passes >= 99% of native
# passes, no forwarded crash where native passes, every other difference listed in
# expectations.txt (and no line there stale). Arguments: BUILD_DIR SOURCE_DIR.
#
# Environment:
#   FAKEGL_PIGLIT_FILTER    piglit -t regex (default 'spec@!opengl [1-4]\.')
#   FAKEGL_PIGLIT_PROFILE   piglit profile (default quick_gl)
#   FAKEGL_PIGLIT_JOBS      tests run at once (piglit -j; default: the CPUs)
#   FAKEGL_PIGLIT_TIMEOUT   seconds one test may run (default 120; 600 in a sanitizer build)
#   FAKEGL_PIGLIT_OUT       keep the results in this folder (native/, forwarded/)
#   FAKEGL_PIGLIT_NATIVE    reuse this folder of native results instead of running them
#   FAKEGL_PIGLIT_WRITE_EXPECTATIONS  also write this run's differences to this file
#   FAKEGL_PIGLIT_EXPECTATIONS  the expectations file (default expectations.txt here)
#   FAKEGL_PIGLIT_RATIO     forwarded passes needed, as a fraction of native (default 0.99)
. "$(dirname "$0")/../e2e/lib.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
FILTER=${FAKEGL_PIGLIT_FILTER:-'spec@!opengl [1-4]\.'}
PROFILE=${FAKEGL_PIGLIT_PROFILE:-quick_gl}
JOBS=${FAKEGL_PIGLIT_JOBS:-$(nproc 2>/dev/null || echo 2)}
TIMEOUT=${FAKEGL_PIGLIT_TIMEOUT:-120}
SANITIZE_EXPECTATIONS=$(dirname "$0")/expectations-sanitize.txt
OUT=${FAKEGL_PIGLIT_OUT:-$E2E_TMP}
EXPECTATIONS=${FAKEGL_PIGLIT_EXPECTATIONS:-$HERE/expectations.txt}
RATIO=${FAKEGL_PIGLIT_RATIO:-0.99}

need_cmd piglit piglit
need_built
# A sanitizer build (tools/test.sh --sanitize with FAKEGL_CONFORMANCE=1): every test is
# several times slower, and the tests of expectations-sanitize.txt are left out of both
# runs: memory errors of piglit's own, which ASan sees once our library reads the memory
# the test hands to GL (natively Mesa reads it unchecked).
EXCLUDE=()
if [ -n "$E2E_SANITIZE" ]; then
	TIMEOUT=${FAKEGL_PIGLIT_TIMEOUT:-600}
	while read -r name _; do
		case $name in '' | '#'*) continue ;; esac
		EXCLUDE+=(-x "^$(printf '%s' "$name" | sed 's/[][\\.^$*+?(){}|]/\\&/g')\$")
	done <"$SANITIZE_EXPECTATIONS" || fail "cannot read $SANITIZE_EXPECTATIONS"
	log "sanitizer build: leaving out $((${#EXCLUDE[@]} / 2)) tests (expectations-sanitize.txt)"
fi
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || fail "FAKEGL_PIGLIT_JOBS must be a positive number, not '$JOBS'"
mkdir -p "$OUT" || fail "cannot create $OUT"
start_xvfb

# glrender under a supervisor that restarts it when it dies, so that one crash does not
# turn every later test into a failure and the comparison still ranks every cause; each
# death is marked in its log, and fails the test (glrender must survive its clients).
E2E_SERVER=unix:$E2E_TMP/glrender.sock
GLR_LOG=$E2E_TMP/glrender.log
GLR_DEATH='*** piglit.sh: glrender exited'
(
	child=
	trap '[ -z "$child" ] || { kill -TERM "$child"; wait "$child"; }; exit 0' TERM
	while :; do
		env -u DISPLAY "$E2E_GLRENDER" --listen "$E2E_SERVER" >>"$GLR_LOG" 2>&1 &
		child=$!
		wait "$child"
		echo "$GLR_DEATH with status $?, restarted" >>"$GLR_LOG"
		sleep 0.2
	done
) &
E2E_PIDS+=($!)
for ((i = 0; i < 100; i++)); do
	[ -S "$E2E_TMP/glrender.sock" ] && break
	sleep 0.1
done
[ -S "$E2E_TMP/glrender.sock" ] || fail "glrender did not create $E2E_TMP/glrender.sock within 10 s"

# piglit_run NAME [PIGLIT OPTIONS…] — run the profile into $OUT/NAME with the
# environment in RUN_ENV; prints how long it took. piglit's programs run without
# meson's MALLOC_PERTURB_ (glrender keeps it): with it glibc's calloc writes every byte
# it returns, so max-texture-size's calloc(16 GiB) for GL_TEXTURE_3D data, which nothing
# reads (GL refuses the texture first), became 16 GB resident, natively as forwarded;
# beside streaming-texture-leak (4.9 GB, natively too) at the same time, that was the
# 24 GiB CI machine's memory, and the OOM killer took the test.
RUN_ENV=()
piglit_run() {
	local name=$1 t0 rc
	shift
	t0=$(date +%s)
	env -u MALLOC_PERTURB_ DISPLAY="$E2E_DISPLAY" "${RUN_ENV[@]}" \
		piglit run -p glx --timeout "$TIMEOUT" -l dummy -o "$@" "$PROFILE" "$OUT/$name" \
		>"$E2E_TMP/$name.log" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || {
		show_tail "piglit $name" "$E2E_TMP/$name.log"
		fail "piglit run ($name) exited with status $rc"
	}
	log "$name: $(($(date +%s) - t0)) s"
}

log "piglit -t '$FILTER' $PROFILE, $JOBS at once, results in $OUT"
if [ -n "${FAKEGL_PIGLIT_NATIVE:-}" ]; then
	NATIVE=$FAKEGL_PIGLIT_NATIVE
	log "native: reusing $NATIVE"
else
	NATIVE=$OUT/native
	piglit_run native -t "$FILTER" "${EXCLUDE[@]}" -j "$JOBS"
fi
RUN_ENV=(LD_LIBRARY_PATH="$E2E_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	${E2E_PRELOAD:+LD_PRELOAD="$E2E_PRELOAD"} FAKEGL_SERVER="$E2E_SERVER" FAKEGL_STATS=1)
piglit_run forwarded -t "$FILTER" "${EXCLUDE[@]}" -j "$JOBS"
FORWARDED=("$OUT/forwarded")

# When a test kills glrender, the tests that run beside it or start before it is back
# fail for no fault of their own: rerun those that never reached it together, then
# each of those that lost it alone (so that each suspect meets a healthy glrender).
wait_glrender() {
	local i
	sleep 0.5 # let a death that is under way show in the log
	for ((i = 0; i < 100; i++)); do
		[ -S "$E2E_TMP/glrender.sock" ] && [[ "$(tail -n 1 "$GLR_LOG")" != "$GLR_DEATH"* ]] &&
			return 0
		sleep 0.1
	done
}
for try in 1 2; do
	"$E2E_PY" "$HERE/compare.py" --list-retry "$NATIVE" "$EXPECTATIONS" \
		"${FORWARDED[@]}" >"$E2E_TMP/retry$try.txt" || fail "compare.py --list-retry failed"
	[ -s "$E2E_TMP/retry$try.txt" ] || break
	sed -n 's/^unreachable\t//p' "$E2E_TMP/retry$try.txt" >"$E2E_TMP/retry$try-unreachable.txt"
	if [ -s "$E2E_TMP/retry$try-unreachable.txt" ]; then
		log "rerunning $(wc -l <"$E2E_TMP/retry$try-unreachable.txt") tests that found glrender gone"
		wait_glrender
		piglit_run "retry$try" --test-list "$E2E_TMP/retry$try-unreachable.txt" -j 1
		FORWARDED+=("$OUT/retry$try")
	fi
	i=0
	while IFS= read -r name; do
		i=$((i + 1))
		printf '%s\n' "$name" >"$E2E_TMP/retry$try-lost$i.txt"
		log "rerunning alone, as it lost glrender: $name"
		wait_glrender
		piglit_run "retry$try-lost$i" --test-list "$E2E_TMP/retry$try-lost$i.txt" -j 1
		FORWARDED+=("$OUT/retry$try-lost$i")
	done < <(sed -n 's/^lost\t//p' "$E2E_TMP/retry$try.txt")
done
cp "$GLR_LOG" "$OUT/glrender.log" 2>/dev/null

"$E2E_PY" "$HERE/compare.py" --ratio "$RATIO" "$NATIVE" "$EXPECTATIONS" "${FORWARDED[@]}" \
	${FAKEGL_PIGLIT_WRITE_EXPECTATIONS:+--write-expectations "$FAKEGL_PIGLIT_WRITE_EXPECTATIONS"}
rc=$?

# Each death of glrender, with the clients connected then (one of them killed it).
deaths=$(awk -v mark="$GLR_DEATH" '
	/client connected: / { up[$NF] = 1 }
	/client disconnected: / { delete up[$NF] }
	index($0, mark) == 1 { s = ""; for (c in up) s = s " " c; print $0 "; clients:" s; n++; delete up }
	END { exit n == 0 }' "$GLR_LOG") && {
	printf '%s\n' "$deaths" | sed 's/^/    /' >&2
	fail "glrender died $(printf '%s\n' "$deaths" | wc -l) times during the forwarded run (above)"
}
[ "$rc" -eq 0 ] || fail "forwarded piglit results differ from native beyond expectations.txt (above)"
log "pass"
