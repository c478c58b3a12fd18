#!/usr/bin/env python3
"""ppm.py — guards against tests that pass on blank or unreadable images: reads and
writes the binary PPM (P6) and PAM (P7) files the end-to-end tests produce, checks
that an image holds given colors, and converts one to PNG. Python 3 stdlib only.

    ppm.py info FILE                  width, height, distinct colors
    ppm.py has-colors FILE [MIN]      fail unless red, green and blue pixels exist
                                      (at least MIN of each, default 20)
    ppm.py png IN.ppm OUT.png         convert
"""
import struct
import sys
import zlib


class Image:
    def __init__(self, width, height, rgb):
        self.width, self.height, self.rgb = width, height, rgb  # rgb: bytes, top-down

    def pixel(self, x, y):
        i = 3 * (y * self.width + x)
        return tuple(self.rgb[i:i + 3])

    def pixels(self):
        rgb = self.rgb
        for i in range(0, len(rgb), 3):
            yield rgb[i], rgb[i + 1], rgb[i + 2]


def _tokens(data, pos, count):
    """Read count whitespace-separated header tokens (comments allowed)."""
    out = []
    while len(out) < count:
        while pos < len(data) and data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            while pos < len(data) and data[pos:pos + 1] not in (b'\n', b'\r'):
                pos += 1
            continue
        start = pos
        while pos < len(data) and not data[pos:pos + 1].isspace():
            pos += 1
        if start == pos:
            raise ValueError('truncated header')
        out.append(data[start:pos])
    return out, pos + 1  # exactly one whitespace byte ends the header


def read(path):
    with open(path, 'rb') as f:
        data = f.read()
    magic = data[:2]
    if magic == b'P6':
        (w, h, maxval), pos = _tokens(data, 2, 3)
        w, h, maxval = int(w), int(h), int(maxval)
        if maxval != 255:
            raise ValueError('%s: maxval %d, only 255 is supported' % (path, maxval))
        rgb = data[pos:pos + 3 * w * h]
        depth = 3
    elif magic == b'P7':
        fields, pos = {}, data.index(b'\n') + 1
        while True:
            end = data.index(b'\n', pos)
            line = data[pos:end].decode('ascii').strip()
            pos = end + 1
            if line == 'ENDHDR':
                break
            if line and not line.startswith('#'):
                k, v = line.split(None, 1)
                fields[k] = v
        w, h, depth = int(fields['WIDTH']), int(fields['HEIGHT']), int(fields['DEPTH'])
        if int(fields.get('MAXVAL', 255)) != 255 or depth not in (3, 4):
            raise ValueError('%s: only 8-bit RGB/RGBA PAM is supported' % path)
        raw = data[pos:pos + depth * w * h]
        if len(raw) == depth * w * h and depth == 4:
            rgb = bytearray(3 * w * h)
            rgb[0::3], rgb[1::3], rgb[2::3] = raw[0::4], raw[1::4], raw[2::4]
            rgb = bytes(rgb)
        else:
            rgb = raw
        depth = 3 if len(raw) == depth * w * h else depth
    else:
        raise ValueError('%s: not a binary PPM/PAM file (magic %r)' % (path, magic))
    if len(rgb) != 3 * w * h:
        raise ValueError('%s: %d bytes of pixels, %dx%d needs %d'
                         % (path, len(rgb), w, h, 3 * w * h))
    return Image(w, h, rgb)


def write(path, img):
    with open(path, 'wb') as f:
        f.write(b'P6\n%d %d\n255\n' % (img.width, img.height))
        f.write(img.rgb)


def write_png(path, img):
    def chunk(kind, body):
        c = struct.pack('>I', len(body)) + kind + body
        return c + struct.pack('>I', zlib.crc32(kind + body) & 0xffffffff)
    stride = 3 * img.width
    raw = b''.join(b'\0' + img.rgb[y * stride:(y + 1) * stride] for y in range(img.height))
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n')
        f.write(chunk(b'IHDR', struct.pack('>IIBBBBB', img.width, img.height, 8, 2, 0, 0, 0)))
        f.write(chunk(b'IDAT', zlib.compress(raw, 6)))
        f.write(chunk(b'IEND', b''))


def dominant_counts(img):
    """Pixels that are clearly red, green or blue: one channel above 60 and at
    least twice each of the other two (lit gears are shades, not pure colors)."""
    counts = {'red': 0, 'green': 0, 'blue': 0}
    names = ('red', 'green', 'blue')
    for px in img.pixels():
        for c in range(3):
            v = px[c]
            if v > 60 and all(v >= 2 * px[o] for o in range(3) if o != c):
                counts[names[c]] += 1
                break
    return counts


def distinct_colors(img, limit=1 << 20):
    seen = set()
    for px in img.pixels():
        seen.add(px)
        if len(seen) >= limit:
            break
    return len(seen)


def main(argv):
    if len(argv) >= 3 and argv[1] == 'info':
        img = read(argv[2])
        print('%s: %dx%d, %d distinct colors' % (argv[2], img.width, img.height,
                                                 distinct_colors(img)))
        return 0
    if len(argv) in (3, 4) and argv[1] == 'has-colors':
        img = read(argv[2])
        need = int(argv[3]) if len(argv) == 4 else 20
        counts = dominant_counts(img)
        text = ', '.join('%s %d' % kv for kv in counts.items())
        missing = [k for k, v in counts.items() if v < need]
        if missing:
            print('%s: too few %s pixels (need %d each; have %s)'
                  % (argv[2], '/'.join(missing), need, text), file=sys.stderr)
            return 1
        print('%s: %dx%d, %s' % (argv[2], img.width, img.height, text))
        return 0
    if len(argv) == 4 and argv[1] == 'png':
        write_png(argv[3], read(argv[2]))
        return 0
    print(__doc__.split('\n\n', 1)[1], file=sys.stderr, end='')
    return 2


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv))
    except (OSError, ValueError) as e:
        print('ppm.py: %s' % e, file=sys.stderr)
        sys.exit(2)
