#!/usr/bin/env python3
"""gls_png.py — guards against replayed frames that differ from what the app showed:
compares the PNG snapshots of `glstream replay --snapshot-dir` with a screenshot (PPM)
exactly, pixel for pixel. Reads the 8-bit RGB, unfiltered PNGs glstream writes. Stdlib.

    gls_png.py all SHOT.ppm FRAME.png...       every frame equals the shot
    gls_png.py any SHOT.ppm FRAME.png...       at least one does (prints which)

Exit 0 when so, 1 when not, 2 when a file cannot be read.
"""
import os
import struct
import sys
import zlib

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ppm  # noqa: E402


def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('%s: not a PNG' % path)
    pos, idat, w, h = 8, [], 0, 0
    while pos + 12 <= len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b'IHDR':
            w, h, depth, color = struct.unpack('>IIBB', body[:10])
            if depth != 8 or color != 2:
                raise ValueError('%s: not 8-bit RGB' % path)
        elif kind == b'IDAT':
            idat.append(body)
    raw = zlib.decompress(b''.join(idat))
    stride = 3 * w + 1
    if len(raw) != stride * h:
        raise ValueError('%s: %d bytes of pixels, expected %d' % (path, len(raw), stride * h))
    rows = []
    for y in range(h):
        if raw[y * stride] != 0:
            raise ValueError('%s: row %d is filtered' % (path, y))
        rows.append(raw[y * stride + 1:(y + 1) * stride])
    return w, h, b''.join(rows)


def main(argv):
    if len(argv) < 4 or argv[1] not in ('all', 'any'):
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    try:
        shot = ppm.read(argv[2])
        want = (shot.width, shot.height, bytes(shot.rgb))
        same = []
        for p in argv[3:]:
            w, h, rgb = read_png(p)
            same.append((w, h, rgb) == want)
    except (OSError, ValueError) as e:
        print('gls_png.py: %s' % e, file=sys.stderr)
        return 2
    if argv[1] == 'all':
        bad = [p for p, s in zip(argv[3:], same) if not s]
        for p in bad[:5]:
            print('gls_png.py: %s differs from %s' % (p, argv[2]), file=sys.stderr)
        return 1 if bad else 0
    hits = [p for p, s in zip(argv[3:], same) if s]
    if not hits:
        print('gls_png.py: none of %d frames equals %s' % (len(same), argv[2]), file=sys.stderr)
        return 1
    print(os.path.basename(hits[0]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
