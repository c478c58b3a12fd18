#!/usr/bin/env bash
# record-demos.sh — guards against recordings nobody can remake: plays the two games of
# the e2e-game-* tests under an X server with xdotool (Debian package xdotool) and
# writes the recordings they replay. Run by hand, natively or through fakegl-run:
#
#   DISPLAY=:N tests/e2e/games/record-demos.sh OUTDIR
#
# writes OUTDIR/armagetronad.aarec and OUTDIR/neverball-easy.nbr. Timing is by the
# clock, so each recording differs a little; the tests only need one that plays.
set -eu
out=$(cd "${1:?usage: record-demos.sh OUTDIR}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
k() { xdotool key "$1"; }

# Armagetron Advanced, first start: language, setup, welcome (Return each), the local
# game: turn right, screenshot (Print), two turns left, screenshot.
mkdir -p "$work/aa/config" "$work/aa/var" "$work/aa/data"
/usr/games/armagetronad -w --userconfigdir "$work/aa/config" --vardir "$work/aa/var" \
	--userdatadir "$work/aa/data" --record "$out/armagetronad.aarec" &
pid=$!
sleep 3
xdotool mousemove 320 240
k Return; sleep 1; k Return; sleep 1; k Return; sleep 3.5
k Right; sleep 1; k Print; sleep 1; k Left; sleep 0.6; k Left; sleep 0.6; k Print; sleep 0.5
kill "$pid"
wait "$pid" || true

# Neverball, the first easy level: start, roll forward 4 s and left 1.5 s, pause, Quit.
HOME=$work/nb /usr/games/neverball -l map-easy/easy.sol &
pid=$!
sleep 5
xdotool mousemove 640 512
k Return; sleep 2.5
xdotool keydown Up; sleep 4; xdotool keyup Up
xdotool keydown Left; sleep 1.5; xdotool keyup Left; sleep 0.5
k Escape; sleep 1; k Right; sleep 0.3; k Right; sleep 0.3; k Return; sleep 2
kill "$pid" 2>/dev/null || true
wait "$pid" || true
cp "$work/nb/.neverball/Replays/Last.nbr" "$out/neverball-easy.nbr"
