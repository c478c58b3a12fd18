#!/usr/bin/env python3
# compare.py — guards against forwarded piglit results drifting from native unnoticed:
# compares a native and a forwarded piglit run against expectations.txt.
"""Compare two piglit result folders (native, forwarded) test by test.

The unit of comparison is what piglit's own summary counts: each subtest of a test
that has subtests, else the test itself. A unit's forwarded status is its subtest's
status, or the test's when the subtest is missing (a crash or timeout cut it off),
or 'notrun' when the test is missing altogether. A forwarded test that passed but
exited non-zero where native exited 0 (glrender dropped it, a late GL error) counts
as 'warn': piglit hides such exit codes behind passing subtests.

Checks (exit 1 when one fails, 0 otherwise):
  1. forwarded passes >= 99% of native passes;
  2. no unit that passes natively crashes forwarded (expectations cannot excuse it);
  3. every unit that passes natively but not forwarded is covered by an expectation
     whose STATUS matches the forwarded status;
  4. no expectation is stale: each one that names tests of this run covers at least
     one such difference;
  5. every forwarded test that passed printed a fakegl line on stderr (our libGL was
     loaded, not the system's).

expectations.txt: one `NAME  STATUS  REASON` a line, the fields separated by a tab or
two or more spaces (piglit names hold single spaces); '#' starts a comment. NAME is a
test or subtest name as piglit writes it (`spec@!opengl 1.0@rasterpos`, or
`…@rasterpos@glsl-vert-position`); a test's name covers all of its subtests. STATUS
is the forwarded status, or several joined with '|' (`fail|crash`); one that includes
`pass` marks a flaky test, never reported stale.
"""

import argparse
import bz2
import collections
import gzip
import json
import lzma
import os
import re
import sys

PASS_RATIO = 0.99
NOT_FORWARDED = re.compile(r'^fakegl: (\w+) is not forwarded yet', re.M)
DROPPED = re.compile(r'dropped this client: (protocol error in \w+)', re.M)
GLRENDER_GONE = re.compile(r'^fakegl: (cannot reach|lost) glrender', re.M)
FAKEGL_LINE = re.compile(r'^fakegl(-stats)?:', re.M)


def load(folder):
    """The 'tests' dict of a piglit results folder, whatever its compression."""
    for name, opener in (('results.json', open), ('results.json.bz2', bz2.open),
                         ('results.json.gz', gzip.open), ('results.json.xz', lzma.open)):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with opener(path, 'rt') as f:
                return json.load(f)['tests']
    raise SystemExit(f'compare.py: no results.json* in {folder} (did piglit finish?)')


def subtests(t):
    """A test's {subtest: status}, without the '__type__' key of piglit's JSON."""
    return {k: v for k, v in (t.get('subtests') or {}).items() if k != '__type__'}


def units(tests):
    """{unit name: (test name, status)} for one run."""
    out = {}
    for name, t in tests.items():
        if subtests(t):
            for sub, st in subtests(t).items():
                out[f'{name}@{sub}'] = (name, st)
        else:
            out[name] = (name, t['result'])
    return out


def forwarded_status(native_tests, fwd_tests, unit, test):
    nt, ft = native_tests[test], fwd_tests.get(test)
    if ft is None:
        return 'notrun'
    if subtests(nt):
        sub = unit[len(test) + 1:]
        st = subtests(ft).get(sub)
        if st is None or (st == 'notrun' and ft['result'] in ('crash', 'timeout')):
            st = ft['result'] if ft['result'] != 'pass' else 'notrun'
    else:
        st = ft['result']
    if st == 'pass' and ft.get('returncode') not in (0, None) and nt.get('returncode') == 0:
        st = 'warn'
    return st


def text_of(t):
    return (t.get('err') or '') + '\n' + (t.get('out') or '')


def cause(fwd_test, status):
    """A short reason category for a forwarded non-pass, inferred from the output."""
    if fwd_test is None:
        return 'not run forwarded'
    text = text_of(fwd_test)
    nf = sorted(set(NOT_FORWARDED.findall(text)))
    if nf:
        return 'not forwarded yet: ' + ', '.join(nf)
    m = DROPPED.search(text)
    if m:
        return 'glrender dropped the client: ' + m.group(1)
    if status == 'crash':
        rc = fwd_test.get('returncode')
        return f'crash (signal {-rc})' if isinstance(rc, int) and rc < 0 else f'crash (exit {rc})'
    if status == 'timeout':
        return 'timeout'
    if 'fakegl:' in text:
        line = next(ln for ln in text.splitlines() if ln.startswith('fakegl:'))
        return re.sub(r'unix:\S+', 'ADDR', line[:120])
    if status == 'warn':
        return f'exit status {fwd_test.get("returncode")} (native 0)'
    if re.search(r'GL error|glGetError|GL_INVALID_|Unexpected error', text):
        return 'GL error differs'
    if re.search(r'[Pp]robe|Expected:|Observed:|expected.*got|pixel', text):
        return 'pixel or value mismatch'
    if status == 'skip':
        return 'skipped forwarded (missing extension or limit?)'
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()
                  and not ln.startswith('fakegl-stats:')), '')
    return f'{status}: {first[:100]}' if first else status


def read_expectations(path):
    exp = []
    if not os.path.exists(path):
        return exp
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            parts = re.split(r'\t+| {2,}', line.strip(), maxsplit=2)
            if len(parts) < 3:
                raise SystemExit(f'{path}:{lineno}: error: want NAME  STATUS  REASON '
                                 '(fields apart by a tab or two spaces)')
            exp.append({'name': parts[0], 'status': set(parts[1].split('|')),
                        'reason': parts[2], 'where': f'{path}:{lineno}', 'used': 0, 'seen': 0})
    return exp


def covers(e, unit):
    return unit == e['name'] or unit.startswith(e['name'] + '@')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('native')
    ap.add_argument('expectations')
    ap.add_argument('forwarded', nargs='+',
                    help='forwarded result folders; a test in a later one (a rerun) '
                    'replaces the same test in an earlier one')
    ap.add_argument('--list-retry', action='store_true',
                    help='only print the tests that pass natively and failed forwarded '
                    'because glrender was unreachable or went away (for a rerun)')
    ap.add_argument('--write-expectations', metavar='FILE',
                    help='write the differences of this run as an expectations file')
    ap.add_argument('--ratio', type=float, default=PASS_RATIO, metavar='R',
                    help=f'forwarded passes must be at least R × native passes (default {PASS_RATIO})')
    ap.add_argument('--causes', type=int, default=15, metavar='N',
                    help='print the N most frequent failure causes (default 15)')
    args = ap.parse_args()

    ntests, ftests = load(args.native), {}
    for folder in args.forwarded:
        ftests.update(load(folder))
    if args.list_retry:
        # KIND<tab>NAME: 'unreachable' ones never reached glrender (innocent), 'lost'
        # ones lost it on the way (one of them killed it).
        for name, t in sorted(ftests.items()):
            m = GLRENDER_GONE.search(t.get('err') or '')
            if (m and t['result'] != 'pass' and name in ntests
                    and any(st == 'pass' for _, st in units({name: ntests[name]}).values())):
                print(('lost' if m.group(1) == 'lost' else 'unreachable') + '\t' + name)
        return 0
    nunits = units(ntests)
    npass = sum(1 for _, st in nunits.values() if st == 'pass')
    fpass = sum(1 for _, st in units(ftests).values() if st == 'pass')
    exp = read_expectations(args.expectations)

    diffs = {}  # unit -> (test, forwarded status)
    for unit, (test, st) in nunits.items():
        for e in exp:
            if covers(e, unit):
                e['seen'] += 1
        if st != 'pass':
            continue
        fst = forwarded_status(ntests, ftests, unit, test)
        if fst != 'pass':
            diffs[unit] = (test, fst)

    problems = []
    crashes = [u for u, (_, s) in diffs.items() if s == 'crash']
    for u in crashes:
        problems.append(f'crash forwarded, passes natively: {u}')
    unexpected = collections.defaultdict(list)  # test -> [(unit, status, expectation)]
    for unit, (test, fst) in sorted(diffs.items()):
        match = [e for e in exp if covers(e, unit)]
        if any(fst in e['status'] for e in match):
            for e in match:
                e['used'] += 1
            continue
        unexpected[test].append((unit, fst, match[0] if match else None))
    for n, (test, got) in enumerate(sorted(unexpected.items())):
        if n == 50:
            problems.append(f'… and {len(unexpected) - 50} more tests with unexpected differences')
            break
        statuses = '|'.join(sorted({s for _, s, _ in got}))
        why = cause(ftests.get(test), statuses.split('|')[0])
        e = got[0][2]
        where = (f'expected {"|".join(sorted(e["status"]))} ({e["where"]})' if e
                 else 'passes natively, not in expectations')
        what = got[0][0] if len(got) == 1 else f'{test} ({len(got)} subtests)'
        problems.append(f'{statuses} forwarded, {where}: {what} — {why}')
    unexpected = sum(len(v) for v in unexpected.values())
    for e in exp:
        if e['seen'] and not e['used'] and 'pass' not in e['status']:
            problems.append(f'stale expectation ({e["where"]}): {e["name"]} no longer differs '
                            'from native; remove it')
    unloaded = [n for n, t in ftests.items()
                if t['result'] == 'pass' and not FAKEGL_LINE.search(t.get('err') or '')]
    for n in unloaded[:10]:
        problems.append(f'passed forwarded without a fakegl line on stderr (system libGL?): {n}')

    # The ranking: which causes cost the most units, and in how many tests.
    by_cause = collections.defaultdict(lambda: [0, set()])
    for unit, (test, fst) in diffs.items():
        c = by_cause[cause(ftests.get(test), fst)]
        c[0] += 1
        c[1].add(test)
    if diffs and args.causes:
        print(f'failure causes (units that pass natively, not forwarded: {len(diffs)}):')
        for why, (n, ts) in sorted(by_cause.items(), key=lambda kv: (-kv[1][0], kv[0]))[:args.causes]:
            print(f'  {n:6d} units {len(ts):4d} tests  {why}')
        if len(by_cause) > args.causes:
            print(f'  … {len(by_cause) - args.causes} more causes')

    if args.write_expectations:
        write_expectations(args.write_expectations, ntests, ftests, nunits, diffs)

    ratio = fpass / npass if npass else 1.0
    ok_ratio = fpass >= npass * args.ratio - 1e-9
    if not ok_ratio:
        problems.insert(0, f'forwarded passes {fpass} < {args.ratio:.0%} of native passes {npass}')
    for p in problems:
        print('FAIL: ' + p)
    ncount = collections.Counter(st for _, st in nunits.values())
    fcount = collections.Counter(st for _, st in units(ftests).values())
    fmt = lambda c: ', '.join(f'{c[k]} {k}' for k in sorted(c, key=lambda k: -c[k]))
    print(f'native:    {fmt(ncount)}')
    print(f'forwarded: {fmt(fcount)}')
    print(f'{npass} passed natively, {fpass} passed forwarded: ratio {ratio:.4f} '
          f'(need {args.ratio}); {len(diffs)} differences, {len(diffs) - unexpected} expected, '
          f'{unexpected} unexpected; {len(crashes)} forwarded crashes where native passes')
    return 1 if problems else 0


def write_expectations(path, ntests, ftests, nunits, diffs):
    """One line per test when every natively passing unit of it differs with one
    status, else one line per unit."""
    per_test = collections.defaultdict(list)
    for unit, (test, fst) in diffs.items():
        per_test[test].append((unit, fst))
    lines = []
    for test in sorted(per_test):
        got = per_test[test]
        passing = [u for u, (t, st) in nunits.items() if t == test and st == 'pass']
        statuses = sorted({s for _, s in got})
        why = cause(ftests.get(test), statuses[-1] if 'crash' not in statuses else 'crash')
        if len(got) == len(passing):
            lines.append(f'{test}  {"|".join(statuses)}  {why}')
        else:
            for unit, fst in sorted(got):
                lines.append(f'{unit}  {fst}  {cause(ftests.get(test), fst)}')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(HEADER)
        f.write('\n'.join(lines) + ('\n' if lines else ''))


HEADER = """\
# expectations.txt — the piglit tests (or subtests) that pass natively but not through
# fakegl, each with its forwarded status and the reason. tests/conformance/piglit.sh
# fails on a difference missing here and on a line here that no longer differs, so the
# list stays true: delete a line when its test passes forwarded.
#
# Format: NAME  STATUS  REASON, fields apart by a tab or two or more spaces; STATUS may
# join several with '|' (one with `pass` marks a flaky test, never reported stale).
# A test's name covers all of its subtests. Regenerate the list
# from a run with FAKEGL_PIGLIT_WRITE_EXPECTATIONS=FILE tests/conformance/piglit.sh …

"""

if __name__ == '__main__':
    sys.exit(main())
