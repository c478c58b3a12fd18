#!/usr/bin/env python3
"""compare.py — guards against a forwarded frame that differs from the native one, even
by one pixel, and against comparing two blank images: compares two PPM/PAM files
exactly (size and every pixel) and fails when the first one is a single color.

    compare.py EXPECTED ACTUAL [--max-report N] [--allow-uniform] [--max-differ=N] [--fuzz=N]
               [--shift=N]

--fuzz=N counts a pixel as differing only when a channel is off by more than N.
--max-differ=N passes images with at most N differing pixels (for programs that draw
a few things at random, such as a game's player colors). --shift=N (with --fuzz) lets
a pixel match the other image's pixel up to N away in x and y, both ways, for a view
that moved by a few pixels with the frame timing (a game's camera); a missing line or
texture still differs. Exit 0 when equal, 1 when
they differ (the count and the first differing pixels
are printed), 2 when a file cannot be read.
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ppm  # noqa: E402


def near(p, q, i, j, fuzz):
    """Whether pixel i of p and pixel j of q differ by at most fuzz in every channel."""
    return max(abs(p[i + k] - q[j + k]) for k in range(3)) <= fuzz


def nearby(a, b, i, shift, fuzz):
    """Whether pixel i of a matches some pixel of b within shift in x and y."""
    y, x = divmod(i // 3, a.width)
    for yy in range(max(0, y - shift), min(b.height, y + shift + 1)):
        for xx in range(max(0, x - shift), min(b.width, x + shift + 1)):
            if near(a.rgb, b.rgb, i, (yy * b.width + xx) * 3, fuzz):
                return True
    return False


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    opts = [a for a in argv[1:] if a.startswith('--')]
    max_report = 10
    allow_uniform = False
    max_differ = 0
    fuzz = 0
    shift = 0
    for o in opts:
        if o.startswith('--max-report='):
            max_report = int(o.split('=', 1)[1])
        elif o.startswith('--fuzz='):
            fuzz = int(o.split('=', 1)[1])
        elif o.startswith('--max-differ='):
            max_differ = int(o.split('=', 1)[1])
        elif o.startswith('--shift='):
            shift = int(o.split('=', 1)[1])
        elif o == '--allow-uniform':
            allow_uniform = True
        else:
            print('compare.py: unknown option %s' % o, file=sys.stderr)
            return 2
    if shift and not fuzz:
        print('compare.py: --shift needs --fuzz', file=sys.stderr)
        return 2
    if len(args) != 2:
        print(__doc__.split('\n\n', 1)[1], file=sys.stderr, end='')
        return 2
    try:
        a, b = ppm.read(args[0]), ppm.read(args[1])
    except (OSError, ValueError) as e:
        print('compare.py: %s' % e, file=sys.stderr)
        return 2

    status = 0
    for path, img in ((args[0], a), (args[1], b)):
        if not allow_uniform and ppm.distinct_colors(img, 2) < 2:
            print('compare.py: %s is a single color %r: nothing was drawn'
                  % (path, img.pixel(0, 0) if img.width and img.height else None),
                  file=sys.stderr)
            status = 1
    if (a.width, a.height) != (b.width, b.height):
        print('compare.py: sizes differ: %s is %dx%d, %s is %dx%d'
              % (args[0], a.width, a.height, args[1], b.width, b.height), file=sys.stderr)
        return 1
    if a.rgb == b.rgb:
        if status == 0:
            print('compare.py: %s and %s are identical (%dx%d)'
                  % (args[0], args[1], a.width, a.height))
        return status

    diffs = []
    count = 0
    xmin, ymin, xmax, ymax = a.width, a.height, -1, -1
    for i in range(0, len(a.rgb), 3):
        if a.rgb[i:i + 3] != b.rgb[i:i + 3] and (
                not fuzz or not near(a.rgb, b.rgb, i, i, fuzz)) and (
                not shift or not (nearby(a, b, i, shift, fuzz) and nearby(b, a, i, shift, fuzz))):
            count += 1
            y, x = divmod(i // 3, a.width)
            xmin, ymin, xmax, ymax = min(xmin, x), min(ymin, y), max(xmax, x), max(ymax, y)
            if len(diffs) < max_report:
                diffs.append((x, y, tuple(a.rgb[i:i + 3]), tuple(b.rgb[i:i + 3])))
    print('compare.py: %d of %d pixels differ between %s and %s, in the box '
          '(%d,%d)-(%d,%d) (x,y from the top left)'
          % (count, a.width * a.height, args[0], args[1], xmin, ymin, xmax, ymax),
          file=sys.stderr)
    for x, y, pa, pb in diffs:
        print('  (%d,%d): expected %r, got %r' % (x, y, pa, pb), file=sys.stderr)
    if count <= max_differ or (fuzz and count == 0):
        print('compare.py: at most %d may differ: accepted' % max_differ, file=sys.stderr)
        return status
    return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
