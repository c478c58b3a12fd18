#!/usr/bin/env python3
"""hostile.py — guards against the hostile streams that once reached the driver: writes
them as fuzz regression inputs (tests/fuzz/regress/decoder, replayed by meson test) and,
imported, gives the fault tests (tests/fault) the same commands to send to a live glrender.

Each stream is what a guest sends after its handshake; the decoder target first makes a
compatibility context current on a 64×64 drawable (context 1, drawable 1).

    hostile.py OUT_DIR      writes one NAME.bin per stream"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OPCODES = {}
with open(os.path.join(HERE, '..', '..', 'wire', 'opcodes.txt')) as f:
    for line in f:
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit():
            OPCODES[parts[1]] = int(parts[0])

PTR_NULL, PTR_OFFSET = 0xffffffff, 0xfffffffe
GL_TRIANGLES, GL_POINTS, GL_FLOAT = 4, 0, 0x1406
GL_VERTEX_ARRAY, GL_COLOR_ARRAY = 0x8074, 0x8076
GL_UNSIGNED_SHORT, GL_UNSIGNED_INT, GL_RGBA, GL_UNSIGNED_BYTE = 0x1403, 0x1405, 0x1908, 0x1401
GL_TEXTURE_2D, GL_ARRAY_BUFFER = 0x0DE1, 0x8892


def cmd(name, *words, data=b''):
    """One command: header, 32-bit words (ints or bytes already packed), then data."""
    body = b''.join(w if isinstance(w, bytes) else struct.pack('<I', w & 0xffffffff)
                    for w in words) + data + b'\0' * (-len(data) % 4)
    op = OPCODES[name] if isinstance(name, str) else name
    return struct.pack('<I', op | ((len(body) + 4) // 4) << 16) + body


def u64(v):
    return struct.pack('<Q', v)


def client_arrays(slot, size, typ, stride, first, data):
    return cmd('fglClientArrays', 1, slot, size, typ, 0, stride, first, len(data), data=data)


TRI = struct.pack('<9f', -1, -1, 0, 1, -1, 0, 0, 1, 0)

STREAMS = {
    # an enabled array never given any data: llvmpipe read through NULL
    'array-no-data': cmd('glEnableClientState', GL_VERTEX_ARRAY) +
    cmd('glDrawArrays', GL_TRIANGLES, 0, 3),
    # the same with a generic attribute
    'attrib-no-data': cmd('glEnableVertexAttribArray', 0) +
    cmd('glVertexAttribPointer', 0, 3, GL_FLOAT, 0, 0, PTR_NULL) +
    cmd('glDrawArrays', GL_TRIANGLES, 0, 3),
    # three vertices sent, a million drawn
    'array-past-data': cmd('glEnableClientState', GL_VERTEX_ARRAY) +
    client_arrays(0, 3, GL_FLOAT, 0, 0, TRI) + cmd('glDrawArrays', GL_POINTS, 0, 1000000),
    # indices beyond the vertices sent
    'indices-past-data': cmd('glEnableClientState', GL_VERTEX_ARRAY) +
    client_arrays(0, 3, GL_FLOAT, 0, 0, TRI) +
    cmd('glDrawElements', GL_POINTS, 3, GL_UNSIGNED_INT, 12,
        data=struct.pack('<3I', 0, 1, 4000000)),
    # data sent, then the pointer moved to NULL and the array drawn
    'array-old-data': cmd('glEnableClientState', GL_VERTEX_ARRAY) +
    client_arrays(0, 3, GL_FLOAT, 0, 0, TRI) +
    cmd('glVertexPointer', 3, GL_FLOAT, 0, PTR_NULL) + cmd('glDrawArrays', GL_TRIANGLES, 0, 3),
    # a buffer offset with no buffer bound: an address in glrender
    'offset-no-buffer': cmd('glEnableClientState', GL_VERTEX_ARRAY) +
    cmd('glVertexPointer', 3, GL_FLOAT, 0, PTR_OFFSET, u64(0x7fff00001000)) +
    cmd('glDrawArrays', GL_TRIANGLES, 0, 3),
    # a pixel-pack offset with no pack buffer: glReadPixels would write anywhere
    'readpixels-no-pbo': cmd('glReadPixels', 0, 0, 4, 4, GL_RGBA, GL_UNSIGNED_BYTE, PTR_OFFSET,
                             u64(0x7fff00001000)),
    # texture data from an unpack offset with no unpack buffer
    'teximage-no-pbo': cmd('glTexImage2D', GL_TEXTURE_2D, 0, GL_RGBA, 4, 4, 0, GL_RGBA,
                           GL_UNSIGNED_BYTE, PTR_OFFSET, u64(0x1000)),
    # indices at an offset with no element buffer
    'indices-no-buffer': cmd('glDrawElements', GL_POINTS, 3, GL_UNSIGNED_INT, PTR_OFFSET,
                             u64(0x1000)),
    # a pointer GL keeps, given as bytes in the command (freed with the command)
    'pointer-into-command': cmd('glEnableClientState', GL_VERTEX_ARRAY) +
    cmd('glVertexPointer', 3, GL_FLOAT, 0, len(TRI), data=TRI) +
    cmd('glDrawArrays', GL_TRIANGLES, 0, 3),
    # sizes: negative, huge, overflowing
    'huge-texture': cmd('glTexImage2D', GL_TEXTURE_2D, 0, GL_RGBA, 65536, 65536, 0, GL_RGBA,
                        GL_UNSIGNED_BYTE, PTR_NULL),
    'huge-buffer': cmd('glBindBuffer', GL_ARRAY_BUFFER, 5) +
    cmd('glBufferData', GL_ARRAY_BUFFER, u64(1 << 40), PTR_NULL, 0x88E4),
    'negative-count': cmd('glDrawElements', GL_POINTS, -4, GL_UNSIGNED_INT, 0),
    'huge-drawable': cmd('glXMakeCurrent', 1, 2, 2, 1 << 20, 1 << 20, 1 << 20, 1 << 20,
                         8, 8, 8, 8, 24, 8, 0, 1),
    'unknown-opcode': cmd(60000, 1, 2, 3),
    'truncated': cmd('glClear', 0x4000)[:6],
    'short-command': struct.pack('<I', OPCODES['glTexImage2D'] | 2 << 16) + b'\0' * 4,
    'long-form-lies': struct.pack('<II', OPCODES['glClear'], 0xfffffff0),
    'wrong-context': cmd('glXMakeCurrent', 77, 1, 1, 64, 64, 64, 64, 8, 8, 8, 8, 24, 8, 0, 1),
    'wrong-names': cmd('glBindTexture', GL_TEXTURE_2D, 0xdeadbeef) +
    cmd('glDeleteTextures', 2, 8, data=struct.pack('<2I', 0xffffffff, 12345)),
    # display lists are numbered by the guest (glrender/lists.c): a block Mesa would run out
    # of memory making, one past 0xffffffff, and numbers other than the driver's while a
    # list compiles (owed until glEndList)
    'lists-huge-range': cmd('glGenLists', 0x7fffffff, u64(1)),
    'lists-past-top': cmd('glGenLists', 16, u64(0xfffffff8)),
    'lists-other-numbers': cmd('glNewList', 5, 0x1300) + cmd('glGenLists', 4, u64(100)) +
    cmd('glIsList', 101) + cmd('glDeleteLists', 102, 1) + cmd('glEndList') +
    cmd('glIsList', 102) + cmd('glCallList', 103) + cmd('glGenLists', 2, u64(0)),
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in STREAMS.items():
        with open(os.path.join(out, name + '.bin'), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
