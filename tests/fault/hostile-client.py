#!/usr/bin/env python3
"""hostile-client.py — guards against one client's hostile stream hurting glrender or
another client: connects to a live glrender as a guest would, makes a context current, then
sends hostile streams (tests/fuzz/hostile.py) or garbage.

    hostile-client.py SOCKET streams          every hostile stream, one connection each;
                                             exits 1 when glrender hangs up on none of the
                                             protocol errors or answers wrongly
    hostile-client.py SOCKET garbage N        N connections of noise, in parallel
    hostile-client.py SOCKET oom              over --max-memory: glGetError must answer
                                             GL_OUT_OF_MEMORY, and the client stays
    hostile-client.py SOCKET hold SECONDS     a client that fills an 8 MiB buffer, then waits
    hostile-client.py SOCKET fds              frame buffers (fglShmBuffer): a sealed memfd is
                                             written, every other descriptor refused"""
import fcntl
import mmap
import os
import random
import re
import socket
import struct
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fuzz'))
import hostile  # noqa: E402

MAGIC = 0x314c4746
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'wire',
                       'wire.h')) as f:
    VERSION = int(re.search(r'#define WIRE_VERSION (\d+)u', f.read()).group(1))


def hello(session):
    name = b'hostile'
    body = struct.pack('<IIIIIII', MAGIC, VERSION, session & 0xffffffff, session >> 32, os.getpid(),
                       0, len(name)) + name + b'\0' * (-len(name) % 4) + struct.pack('<I', 0)
    return struct.pack('<I', len(body)) + body


def connect(path, session):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    s.sendall(hello(session))
    ans = b''
    while len(ans) < 16:
        chunk = s.recv(16 - len(ans))
        if not chunk:
            raise OSError('glrender closed the connection during the handshake')
        ans += chunk
    magic, _, status, tlen = struct.unpack('<IIII', ans)
    if magic != MAGIC or status != 0:
        raise OSError('handshake refused (status %d)' % status)
    s.recv((tlen + 3) & ~3) if tlen else None
    return s


SETUP = (hostile.cmd('glXCreateContext', 1, 0, 0, 0, 0, 0, 0) +
         hostile.cmd('glXMakeCurrent', 1, 1, 1, 64, 64, 64, 64, 8, 8, 8, 8, 24, 8, 0, 1))


def read_messages(s):
    """Every message until glrender closes (or 5 s of silence): [(type, payload)]."""
    data = b''
    s.settimeout(5)
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    out, pos = [], 0
    while pos + 4 <= len(data):
        h = struct.unpack_from('<I', data, pos)[0]
        size, hb = (h >> 16) * 4, 4
        if size == 0:
            size, hb = struct.unpack_from('<I', data, pos + 4)[0], 8
        out.append((h & 0xffff, data[pos + hb:pos + size]))
        pos += size
    return out


def streams(path):
    ok = True
    for i, (name, data) in enumerate(hostile.STREAMS.items()):
        s = connect(path, 1000 + i)
        # then glGetError (a round trip): a refused draw says GL_INVALID_OPERATION
        s.sendall(SETUP + data + hostile.cmd('glGetError'))
        s.shutdown(socket.SHUT_WR)
        msgs = read_messages(s)
        s.close()
        errors = [p.split(b'\0')[0].decode() for t, p in msgs if t == 3]
        replies = [struct.unpack_from('<I', p)[0] for t, p in msgs if t == 1 and len(p) >= 4]
        what = ('dropped: ' + errors[0]) if errors else (
            'glGetError 0x%04x' % replies[-1] if replies else 'closed, no answer')
        print('%-22s %s' % (name, what))
        if not errors and not replies:
            ok = False
    return ok


def garbage(path, n):
    def one(i):
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(8)
            s.connect(path)
            if i % 3 == 0:  # noise instead of a hello
                s.sendall(os.urandom(random.randint(0, 8192)))
            else:           # a valid session, then noise or a hostile stream
                s.close()
                s = connect(path, 5000 + i)
                streams_ = list(hostile.STREAMS.values())
                tail = (os.urandom(random.randint(1, 4096)) if i % 3 == 1
                        else random.choice(streams_))
                s.sendall(SETUP + tail)
            s.shutdown(socket.SHUT_WR)
            read_messages(s)
        except OSError:
            pass
        finally:
            s.close()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return True


def oom(path):
    s = connect(path, 9000)
    big = hostile.cmd('glTexImage2D', 0x0DE1, 0, 0x1908, 8192, 8192, 0, 0x1908, 0x1401,
                      hostile.PTR_NULL)  # 256 MiB
    # an extension's name for an allocation counts too (256 MiB of multisampled RGBA8)
    rb = (hostile.cmd('glBindRenderbuffer', 0x8D41, 5) +
          hostile.cmd('glRenderbufferStorageMultisampleEXT', 0x8D41, 4, 0x8058, 4096, 4096))
    s.sendall(SETUP + big + hostile.cmd('glGetError') + hostile.cmd('glGetError') +
              rb + hostile.cmd('glGetError') + hostile.cmd('glGetError'))
    s.shutdown(socket.SHUT_WR)
    replies = [struct.unpack_from('<I', p)[0] for t, p in read_messages(s) if t == 1]
    s.close()
    replies = replies[1:]  # the first answers glXCreateContext
    print('glGetError after a texture and a renderbuffer over --max-memory: %s'
          % ['0x%04x' % r for r in replies])
    return replies == [0x0505, 0, 0x0505, 0]


def hold(path, seconds):
    s = connect(path, 9100 + os.getpid())
    size = 8 << 20  # a buffer with its bytes: memory the driver really holds (RSS)
    buf = (hostile.cmd('glBindBuffer', 0x8892, 7) +
           hostile.cmd('glBufferData', 0x8892, hostile.u64(size), size, 0x88E4,
                       data=b'\x5a' * size))
    s.sendall(SETUP + buf + hostile.cmd('glFinish'))
    threading.Event().wait(float(seconds))
    return True


def memfd(size, seals):
    fd = os.memfd_create('hostile', os.MFD_ALLOW_SEALING)
    os.ftruncate(fd, size)
    if seals:
        fcntl.fcntl(fd, fcntl.F_ADD_SEALS, seals)
    return fd


def fds(path):
    """Frame buffers of a 64x64 drawable: which descriptors glrender writes frames into."""
    size = 64 * 64 * 4
    shrink = fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SEAL
    cases = {  # name: (descriptors, what the swap must give: 5 in memory, 2 on the socket)
        'sealed memfd': (lambda: [memfd(size, shrink) for _ in range(3)], 5),
        'not sealed': (lambda: [memfd(size, 0) for _ in range(3)], 2),
        'sealed, grow only': (lambda: [memfd(size, fcntl.F_SEAL_GROW) for _ in range(3)], 2),
        'sealed, too small': (lambda: [memfd(size - 4, shrink) for _ in range(3)], 2),
        'a pipe': (lambda: list(os.pipe()) + [memfd(size, shrink)], 2),
        'no descriptor': (lambda: [], 2),
    }
    clear = (hostile.cmd('glClearColor', struct.pack('<ffff', 1.0, 0.5, 0.0, 1.0)) +
             hostile.cmd('glClear', 0x4000))
    ok = True
    for i, (name, (make, want)) in enumerate(cases.items()):
        s = connect(path, 9200 + i)
        s.sendall(SETUP)
        given = make()
        attach = b''.join(hostile.cmd('fglShmBuffer', 1, k, size) for k in range(3))
        socket.send_fds(s, [attach], given) if given else s.sendall(attach)
        s.sendall(clear + hostile.cmd('glXSwapBuffers', 1))
        s.shutdown(socket.SHUT_WR)
        msgs = read_messages(s)
        s.close()
        frames = [(t, p) for t, p in msgs if t in (2, 5)]
        got = frames[0][0] if frames else None
        pixel = None
        if got == 5:  # the first buffer holds it: B,G,R,A
            slot = struct.unpack_from('<5I', frames[0][1])[4]
            with mmap.mmap(given[slot], size, prot=mmap.PROT_READ) as m:
                pixel = tuple(m[0:4])
        elif got == 2:
            pixel = tuple(frames[0][1][16:20])
        for fd in given:
            os.close(fd)
        right = got == want and pixel == (0, 128, 255, 255)
        print('%-18s %s, pixel %s%s' % (name, {5: 'in shared memory', 2: 'on the socket'}.get(
            got, 'no frame'), pixel, '' if right else ' (wrong)'))
        ok &= right
    # a slot that does not exist, and more descriptors than any command takes: dropped
    for name, words, count in (('slot 3', (1, 3, size), 1), ('13 descriptors', (1, 0, size), 13)):
        s = connect(path, 9300 + count)
        s.sendall(SETUP)
        given = [memfd(size, shrink) for _ in range(count)]
        socket.send_fds(s, [hostile.cmd('fglShmBuffer', *words)], given)
        s.shutdown(socket.SHUT_WR)
        errors = [p.split(b'\0')[0].decode() for t, p in read_messages(s) if t == 3]
        s.close()
        for fd in given:
            os.close(fd)
        print('%-18s %s' % (name, ('dropped: ' + errors[0]) if errors else 'not dropped (wrong)'))
        ok &= bool(errors)
    return ok


def main():
    path, mode = sys.argv[1], sys.argv[2]
    ok = {'streams': lambda: streams(path), 'garbage': lambda: garbage(path, int(sys.argv[3])),
          'oom': lambda: oom(path), 'hold': lambda: hold(path, sys.argv[3]),
          'fds': lambda: fds(path)}[mode]()
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
