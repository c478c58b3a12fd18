#!/usr/bin/env python3
"""capture.py — guards against fuzz seeds drifting from what guests really send: a unix
socket proxy between a guest and glrender that saves each connection's bytes from the
guest (the hello cut off: the decoder target does its own) as one seed file.

    capture.py LISTEN_PATH GLRENDER_PATH OUT_PREFIX [MAX_BYTES]

Runs until killed (SIGTERM); each connection becomes OUT_PREFIX-N.bin, cut at MAX_BYTES
(default 65536) on a command boundary so that seeds stay small."""
import os
import selectors
import signal
import socket
import struct
import sys


def cut(data, limit):
    """The longest prefix of whole commands within limit bytes (after the hello)."""
    if len(data) < 4:
        return b''
    hello = 4 + struct.unpack_from('<I', data)[0]
    body = data[hello:]
    pos = 0
    while pos + 4 <= len(body):
        h = struct.unpack_from('<I', body, pos)[0]
        size = (h >> 16) * 4
        if size == 0:
            if pos + 8 > len(body):
                break
            size = struct.unpack_from('<I', body, pos + 4)[0]
        if size < 4 or pos + size > len(body) or pos + size > limit:
            break
        pos += size
    return body[:pos]


def main():
    listen, upstream, prefix = sys.argv[1:4]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 65536
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(listen):
        os.unlink(listen)
    srv.bind(listen)
    srv.listen(16)
    sel = selectors.DefaultSelector()
    sel.register(srv, selectors.EVENT_READ)
    conns = {}  # socket -> (peer socket, index or None, bytes from the guest)
    count = [0]

    def save(i, data):
        with open('%s-%d.bin' % (prefix, i), 'wb') as f:
            f.write(cut(bytes(data), limit))

    def finish(*_):
        for s, (peer, i, data) in list(conns.items()):
            if i is not None:
                save(i, data)
        sys.exit(0)
    signal.signal(signal.SIGTERM, finish)
    while True:
        for key, _ in sel.select():
            s = key.fileobj
            if s is srv:
                guest, _ = srv.accept()
                host = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                host.connect(upstream)
                data = bytearray()
                conns[guest] = (host, count[0], data)
                conns[host] = (guest, None, data)
                count[0] += 1
                sel.register(guest, selectors.EVENT_READ)
                sel.register(host, selectors.EVENT_READ)
                continue
            peer, i, data = conns[s]
            try:
                chunk = s.recv(1 << 20)
            except OSError:
                chunk = b''
            if chunk:
                if i is not None:
                    data += chunk
                peer.sendall(chunk)
                continue
            for x in (s, peer):
                sel.unregister(x)
                x.close()
            guest_side = s if i is not None else peer
            idx = conns[guest_side][1]
            save(idx, conns[guest_side][2])
            del conns[s], conns[peer]


if __name__ == '__main__':
    main()
