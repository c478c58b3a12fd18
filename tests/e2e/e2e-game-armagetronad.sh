#!/usr/bin/env bash
# Guards against a real game (Armagetron Advanced: SDL 1.2, fixed-function GL, text, textures, glReadPixels screenshots) failing through fakegl: a recorded session plays back frame by frame, natively and forwarded; same frame count, two in-game screenshots compared, our libGL loaded.
#
# games/armagetronad.aarec is a debug recording (armagetronad --record) of a first start:
# language, setup and welcome screens, then a local game against the AI with two turns
# and two screenshot keys (Print), made by games/record-demos.sh. --playback with
# --benchmark renders exactly the recorded frames and exits at the end. The colours
# of the players are drawn at random on each run (not recorded), so up to 2% of the
# pixels of a screenshot may differ from native.
. "$(dirname "$0")/lib.sh"
# No sound here (no sound card; ALSA fails anyway): SDL's dummy audio driver, natively
# and forwarded alike. (With libasan preloaded, tools/test.sh --sanitize, SDL's
# PulseAudio start-up hangs in glibc's gettext lock: google/sanitizers#1270.)
export SDL_AUDIODRIVER=dummy

need_built
game=/usr/games/armagetronad
[ -x "$game" ] || skip "$game not found (Debian package armagetronad)"
need_cmd convert imagemagick
rec=$E2E_HERE/games/armagetronad.aarec
E2E_TIMEOUT=${E2E_GAME_TIMEOUT:-150}
start_xvfb
start_glrender

play() { # TAG: directories of its own, so that nothing carries over between runs
	local d=$E2E_TMP/$1-home
	mkdir -p "$d/config" "$d/var" "$d/data"
	printf '%s\n' --userconfigdir "$d/config" --vardir "$d/var" --userdatadir "$d/data" \
		--playback "$rec" --benchmark
}

# shellcheck disable=SC2046 # play prints one argument per line, none with blanks
run_native native env HOME="$E2E_TMP/native-home" "$game" -w $(play native) ||
	run_failed native $?
# shellcheck disable=SC2046
run_fakegl fakegl env HOME="$E2E_TMP/fakegl-home" "$game" -w $(play fakegl) ||
	run_failed fakegl $?

# "1103 frames in 10.4 seconds: 106 fps."
frames() { sed -n 's/^\([0-9][0-9]*\) frames in .*/\1/p' "$E2E_TMP/$1.out" "$E2E_TMP/$1.err" | head -n 1; }
native_frames=$(frames native)
fakegl_frames=$(frames fakegl)
[ -n "$native_frames" ] && [ "$native_frames" -gt 100 ] || {
	show_tail "native stdout" "$E2E_TMP/native.out"
	fail "the native playback reported no frame count (or fewer than 100 frames)"
}
[ "$fakegl_frames" = "$native_frames" ] ||
	fail "forwarded playback rendered ${fakegl_frames:-no} frames, natively $native_frames"
[ "$(stat_value frames)" -eq "$native_frames" ] ||
	fail "the game rendered $native_frames frames but $(stat_value frames) came back: $E2E_STATS"

n=0
for shot in "$E2E_TMP"/native-home/data/screenshot/screenshot_*.png; do
	[ -e "$shot" ] || break
	name=$(basename "$shot" .png)
	other=$E2E_TMP/fakegl-home/data/screenshot/$name.png
	[ -e "$other" ] || fail "the forwarded playback wrote no $name.png"
	convert "$shot" "$E2E_TMP/native-$name.ppm" && convert "$other" "$E2E_TMP/fakegl-$name.ppm" ||
		fail "convert could not read $name.png"
	# 640x480: 2% is 6144 pixels
	"$E2E_PY" "$E2E_HERE/compare.py" --max-differ=6144 "$E2E_TMP/native-$name.ppm" \
		"$E2E_TMP/fakegl-$name.ppm" >&2 || fail "$name differs from native"
	n=$((n + 1))
done
[ "$n" -eq 2 ] || fail "expected 2 screenshots from the recording, the native run wrote $n"
glrender_alive
log "pass: $fakegl_frames frames as natively, $n screenshots compared; $E2E_STATS"
