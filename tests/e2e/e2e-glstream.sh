#!/usr/bin/env bash
# Guards against recordings that do not replay to the very pixels the app showed, a dump that drifts from its golden file, and a trace reader that crashes or says nothing on damaged input.
. "$(dirname "$0")/lib.sh"

GLSTREAM=$FAKEGL_BUILD/tools/glstream
[ -x "$GLSTREAM" ] || skip "not built: $GLSTREAM"
need_built scene xwin
start_xvfb
mkdir -p "$E2E_TMP/host"
start_glrender --record "$E2E_TMP/host"
scene=$E2E_BIN/scene
gls() { "$GLSTREAM" "$@"; }
png_cmp() { "$E2E_PY" "$E2E_HERE/gls_png.py" "$@"; }

# --- the test scene, recorded by the guest (through fakegl-run --record) and the host
FAKEGL_LIBDIR=$E2E_LIBDIR timeout -k 5 "$E2E_TIMEOUT" env DISPLAY="$E2E_DISPLAY" \
	${E2E_PRELOAD:+LD_PRELOAD="$E2E_PRELOAD"} "$FAKEGL_SRC/tools/fakegl-run" \
	--server "$E2E_SERVER" --stats --record "$E2E_TMP/scene.gls" -- \
	"$scene" --out-x "$E2E_TMP/live-x.ppm" >"$E2E_TMP/scene.out" 2>"$E2E_TMP/scene.err" ||
	run_failed scene $?
require_stats scene
[ -s "$E2E_TMP/scene.gls" ] || fail "fakegl-run --record wrote no trace"
gls info "$E2E_TMP/scene.gls" >"$E2E_TMP/info.txt" 2>&1 || {
	show_tail info "$E2E_TMP/info.txt"
	fail "glstream info failed on a fresh recording"
}
calls=$(awk '$1 == "calls:" { print $2 }' "$E2E_TMP/info.txt")
frames=$(awk '$1 == "frames:" { print $2 }' "$E2E_TMP/info.txt")
[ "$calls" = "$(stat_value calls)" ] ||
	fail "the trace holds $calls calls, the library sent $(stat_value calls)"
[ "$frames" = "$(stat_value frames)" ] ||
	fail "the trace holds $frames frames, the library showed $(stat_value frames)"
grep -q '^index: *at the end' "$E2E_TMP/info.txt" || fail "no index at the end of the trace"
log "recorded the scene: $calls calls, $frames frames"

# every replayed frame is the frame the window showed (the scene draws the same each time)
gls replay "$E2E_TMP/scene.gls" --snapshot-dir "$E2E_TMP/snap" 2>"$E2E_TMP/replay.err" || {
	show_tail replay "$E2E_TMP/replay.err"
	fail "glstream replay failed"
}
shots=("$E2E_TMP"/snap/frame-*.png)
[ "${#shots[@]}" -eq "$frames" ] || fail "replay wrote ${#shots[@]} snapshots for $frames frames"
png_cmp all "$E2E_TMP/live-x.ppm" "${shots[@]}" || fail "a replayed frame differs from the live window"
log "replayed: ${#shots[@]} frames identical to the live window"

# --snapshot picks frames; --benchmark reports a rate; --server replays on glrender
gls replay "$E2E_TMP/scene.gls" --snapshot 1 --snapshot-dir "$E2E_TMP/one" --benchmark \
	--loop 3 >"$E2E_TMP/bench.out" 2>"$E2E_TMP/bench.err" || {
	show_tail replay "$E2E_TMP/bench.err"
	fail "glstream replay --benchmark --loop 3 failed"
}
[ "$(ls "$E2E_TMP/one")" = "frame-000001.png" ] || fail "--snapshot 1 wrote: $(ls "$E2E_TMP/one")"
grep -Eq "^glstream: replayed $((3 * frames)) frames in [0-9.]+ s: [0-9.]+ fps" "$E2E_TMP/bench.out" ||
	fail "unexpected --benchmark output: $(cat "$E2E_TMP/bench.out")"
gls replay "$E2E_TMP/scene.gls" --server "$E2E_SERVER" --snapshot-dir "$E2E_TMP/remote" \
	2>"$E2E_TMP/remote.err" || {
	show_tail replay "$E2E_TMP/remote.err"
	fail "glstream replay --server failed"
}
png_cmp all "$E2E_TMP/live-x.ppm" "$E2E_TMP"/remote/frame-*.png ||
	fail "a frame replayed on glrender differs from the live window"
log "replay --loop, --snapshot, --benchmark, --server: $(cat "$E2E_TMP/bench.out")"

# --- dump against the golden file (X ids vary with the X server: masked)
mask() { sed -E 's/0x[0-9a-f]{5,}/XID/g'; }
gls dump "$E2E_TMP/scene.gls" | mask >"$E2E_TMP/scene.dump" || fail "glstream dump failed"
golden=$E2E_HERE/scene.dump.golden
if [ -n "${GLSTREAM_UPDATE_GOLDEN:-}" ]; then
	cp "$E2E_TMP/scene.dump" "$golden"
	log "updated $golden"
fi
diff -u "$golden" "$E2E_TMP/scene.dump" >"$E2E_TMP/dump.diff" || {
	show_tail "dump diff" "$E2E_TMP/dump.diff" 40
	fail "glstream dump differs from $golden (GLSTREAM_UPDATE_GOLDEN=1 rewrites it)"
}
# a range of frames and of calls; stats as a table
swap=$(grep -m1 -n 'glXSwapBuffers' "$E2E_TMP/scene.dump" | cut -d: -f1)
first=$(gls dump "$E2E_TMP/scene.gls" --frames 1 | head -1 | cut -d' ' -f1)
[ "$first" = "$(sed -n "$((swap + 2))p" "$E2E_TMP/scene.dump" | cut -d' ' -f1)" ] ||
	fail "dump --frames 1 starts at call $first, not after the first swap"
[ "$(gls dump "$E2E_TMP/scene.gls" --calls 5-9 | cut -d' ' -f1 | tr '\n' ' ')" = "5 6 7 8 9 " ] ||
	fail "dump --calls 5-9 does not print calls 5 to 9"
gls stats "$E2E_TMP/scene.gls" >"$E2E_TMP/stats.txt" || fail "glstream stats failed"
grep -Eq "^total +$calls " "$E2E_TMP/stats.txt" || fail "stats total is not $calls calls"
log "dump identical to the golden file; ranges and stats agree"

# --- the host's recording of the same client holds the same commands
host=("$E2E_TMP"/host/scene-*-0.gls)
[ -s "${host[0]}" ] || fail "glrender --record wrote nothing in $E2E_TMP/host"
gls dump "${host[0]}" | mask | cmp -s - "$E2E_TMP/scene.dump" ||
	fail "glrender --record's trace differs from the guest's"
log "glrender --record: the same $calls calls"

# --- glxgears: the frame in the window when it was shot is one of the replayed frames
if command -v glxgears >/dev/null 2>&1; then
	E2E_TIMEOUT=40
	FAKEGL_RECORD=$E2E_TMP/gears.gls fakegl_exec gears glxgears &
	gears=$!
	"$E2E_BIN/xwin" wait glxgears 15 >/dev/null 2>"$E2E_TMP/xwin.err" || {
		kill "$gears" 2>/dev/null
		wait "$gears"
		run_failed gears 1
	}
	sleep 1
	"$E2E_BIN/xwin" shot glxgears "$E2E_TMP/gears.ppm" 2>>"$E2E_TMP/xwin.err"
	"$E2E_BIN/xwin" key glxgears Escape 2>>"$E2E_TMP/xwin.err"
	wait "$gears" || run_failed gears $?
	require_stats gears
	gls replay "$E2E_TMP/gears.gls" --snapshot-dir "$E2E_TMP/gsnap" 2>"$E2E_TMP/greplay.err" || {
		show_tail replay "$E2E_TMP/greplay.err"
		fail "glstream replay of glxgears failed"
	}
	hit=$(png_cmp any "$E2E_TMP/gears.ppm" "$E2E_TMP"/gsnap/frame-*.png) ||
		fail "the glxgears window showed a frame that the replay did not draw"
	log "glxgears: the window's frame is $hit of $(stat_value frames) replayed"
else
	log "glxgears not found (mesa-utils): its part skipped"
fi

# --- damaged input: one line on stderr, a non-zero exit, no crash
damaged() { # NAME FILE COMMAND…
	local name=$1 file=$2 rc lines
	shift 2
	gls "$@" "$file" >/dev/null 2>"$E2E_TMP/$name.err"
	rc=$?
	lines=$(wc -l <"$E2E_TMP/$name.err")
	{ [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && [ "$lines" -eq 1 ]; } || {
		show_tail "$name" "$E2E_TMP/$name.err"
		fail "$name: glstream $* exited $rc with $lines lines on stderr (expected 1 and non-zero)"
	}
	grep -q "^glstream: $file: " "$E2E_TMP/$name.err" || fail "$name: message does not name the file"
}
src=$E2E_TMP/scene.gls
size=$(stat -c %s "$src")
head -c $((size / 2)) "$src" >"$E2E_TMP/truncated.gls"
head -c 12 "$src" >"$E2E_TMP/header.gls"
: >"$E2E_TMP/empty.gls"
cp "$src" "$E2E_TMP/flipped.gls"
printf '\xff\xfe\xfd\xfc' | dd of="$E2E_TMP/flipped.gls" bs=1 seek=$((size / 3)) conv=notrunc 2>/dev/null
cp "$src" "$E2E_TMP/version.gls"
printf '\x09' | dd of="$E2E_TMP/version.gls" bs=1 seek=8 conv=notrunc 2>/dev/null
cp "$src" "$E2E_TMP/protocol.gls"
printf '\x63' | dd of="$E2E_TMP/protocol.gls" bs=1 seek=12 conv=notrunc 2>/dev/null
for f in truncated header empty flipped version protocol; do
	for c in dump info stats replay; do
		damaged "$f-$c" "$E2E_TMP/$f.gls" "$c"
	done
done
grep -q 'format version 9' "$E2E_TMP/version-dump.err" || fail "wrong version: $(cat "$E2E_TMP/version-dump.err")"
grep -q 'truncated' "$E2E_TMP/truncated-dump.err" || fail "truncated: $(cat "$E2E_TMP/truncated-dump.err")"
log "damaged traces: one line and a non-zero exit each"
glrender_alive
