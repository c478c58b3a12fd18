#!/usr/bin/env bash
# Guards against hangs and crashes when the daemon is unreachable, and against one client's garbage taking glrender down for everyone.
. "$(dirname "$0")/lib.sh"

need_cmd glxinfo mesa-utils
need_built scene
start_xvfb

# 1. Nothing listens: glxinfo must fail fast (10 s) and say so in one line
# naming the address, not hang or crash.
unreachable() { # TAG ADDRESS
	local tag=$1 addr=$2 rc t0 t1 n
	t0=$(date +%s)
	timeout -k 2 10 env DISPLAY="$E2E_DISPLAY" LD_LIBRARY_PATH="$E2E_LIBDIR" \
		${E2E_PRELOAD:+LD_PRELOAD="$E2E_PRELOAD"} FAKEGL_SERVER="$addr" glxinfo -B >"$E2E_TMP/$tag.out" 2>"$E2E_TMP/$tag.err"
	rc=$?
	t1=$(date +%s)
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		fail "$tag: glxinfo with FAKEGL_SERVER=$addr still ran after 10 s"
	fi
	[ "$rc" -ne 0 ] || fail "$tag: glxinfo with FAKEGL_SERVER=$addr exited 0"
	if [ "$rc" -gt 128 ]; then
		show_tail "$tag stderr" "$E2E_TMP/$tag.err"
		fail "$tag: glxinfo died of signal $((rc - 128)) instead of exiting with an error"
	fi
	n=$(grep -c 'fakegl:' "$E2E_TMP/$tag.err")
	if [ "$n" -ne 1 ] || ! grep 'fakegl:' "$E2E_TMP/$tag.err" | grep -qF "$addr"; then
		show_tail "$tag stderr" "$E2E_TMP/$tag.err"
		fail "$tag: expected exactly one 'fakegl:' line naming $addr on stderr, found $n"
	fi
	log "$tag: status $rc after $((t1 - t0)) s: $(grep 'fakegl:' "$E2E_TMP/$tag.err")"
}
unreachable unix-missing "unix:$E2E_TMP/nobody-listens.sock"
unreachable tcp-closed "tcp:127.0.0.1:$(free_tcp_port)"

# 2. A client that sends garbage is dropped alone; glrender keeps serving.
start_glrender
garbage() { # runs in the background too; never blocks more than ~5 s
	"$E2E_PY" - "$E2E_TMP/glrender.sock" <<'PY'
import os, socket, struct, sys
path = sys.argv[1]
payloads = [
    os.urandom(4096),                                   # noise
    b'\0' * 4096,                                       # zeros
    b'\xff' * 4096,                                     # all ones: huge lengths
    struct.pack('<I', 0x314c4746) + os.urandom(1020),   # the magic, then noise
    struct.pack('<III', 0x314c4746, 99, 0xffffffff),    # a future version, cut short
    b'',                                                # connect and hang up
]
for data in payloads:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        s.connect(path)
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        while s.recv(65536):   # until glrender drops us (or 5 s pass)
            pass
    except OSError:
        pass                   # a reset or a timeout is a fine answer to garbage
    finally:
        s.close()
PY
}
garbage
glrender_alive "after garbage from a client"

run_native native "$E2E_BIN/scene" --out-gl "$E2E_TMP/native.ppm" || run_failed native $?
run_fakegl after "$E2E_BIN/scene" --out-gl "$E2E_TMP/after.ppm" || run_failed after $?
"$E2E_PY" "$E2E_HERE/compare.py" "$E2E_TMP/native.ppm" "$E2E_TMP/after.ppm" ||
	fail "the scene after the garbage differs from native"

# the same while garbage arrives on other connections
garbage &
junk=$!
run_fakegl during "$E2E_BIN/scene" --out-gl "$E2E_TMP/during.ppm" || run_failed during $?
wait "$junk"
"$E2E_PY" "$E2E_HERE/compare.py" "$E2E_TMP/native.ppm" "$E2E_TMP/during.ppm" ||
	fail "the scene drawn while another client sent garbage differs from native"
glrender_alive "after the last run"
log "glrender survived garbage and kept serving; $E2E_STATS"
