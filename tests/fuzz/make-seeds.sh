#!/usr/bin/env bash
# Guards against seed corpora that no longer match the protocol: records what the e2e
# programs (scene, mapbuf) send glrender, through capture.py, into tests/fuzz/seeds/decoder,
# and writes the handshake seeds. Run it after a protocol change:
#   tests/fuzz/make-seeds.sh BUILD_DIR [SOURCE_DIR]
. "$(cd "$(dirname "$0")/../e2e" && pwd)/lib.sh" "$1" "${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
out=$FAKEGL_SRC/tests/fuzz/seeds
need_built scene mapbuf
start_xvfb
start_glrender
proxy=$E2E_TMP/proxy.sock
"$E2E_PY" "$FAKEGL_SRC/tests/fuzz/capture.py" "$proxy" "${E2E_SERVER#unix:}" "$E2E_TMP/seed" 16384 &
E2E_PIDS+=($!)
for ((i = 0; i < 50; i++)); do [ -S "$proxy" ] && break; sleep 0.1; done
E2E_SERVER=unix:$proxy
run_fakegl scene "$E2E_BIN/scene" --out-gl "$E2E_TMP/scene.ppm" || run_failed scene $?
run_fakegl mapbuf "$E2E_BIN/mapbuf" || run_failed mapbuf $?
sleep 0.5
mkdir -p "$out/decoder" "$out/handshake"
n=0
for f in "$E2E_TMP"/seed-*.bin; do
	[ -s "$f" ] || continue
	cp "$f" "$out/decoder/e2e-$n.bin"
	n=$((n + 1))
done
# handshake seeds: a good hello, one with a token, a future version
"$E2E_PY" - "$out/handshake" <<'PY'
import struct, sys
def hello(version=1, name=b'glxgears', token=b''):
    pad = lambda b: b + b'\0' * (-len(b) % 4)
    body = struct.pack('<IIIIIII', 0x314c4746, version, 7, 0, 1234, 0, len(name)) + pad(name)
    body += struct.pack('<I', len(token)) + pad(token)
    return struct.pack('<I', len(body)) + body
for name, data in [('good', hello()), ('token', hello(token=b'fuzz-token')),
                   ('version', hello(version=2)),
                   ('answer', struct.pack('<IIII', 0x314c4746, 1, 3, 5) + b'busy\0\0\0\0')]:
    open('%s/%s.bin' % (sys.argv[1], name), 'wb').write(data)
PY
log "wrote $n decoder seeds and 4 handshake seeds under $out ($(du -sh "$out" | cut -f1))"
