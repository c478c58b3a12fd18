#!/bin/bash
# gen-test.sh - guards against unnoticed changes in what wire/gen_gl.py prints, and against it taking input it must refuse.
#
# Usage: gen-test.sh [--update] [SOURCE_DIR [BUILD_DIR]]
#   SOURCE_DIR  the project's source root (default: $SOURCE_DIR, else two levels above this script)
#   BUILD_DIR   the build root (default: $BUILD_DIR); only a place for scratch files
#   --update    rewrite expected/ from the generator as it is now, then check as usual.
#               Use it after a deliberate change to gen_gl.py, and read `git diff tests/gen/expected`
#               before committing it: that diff is the change the generator makes to its output.
#
# Golden half: every MODE is run on tiny.xml (with tiny.annotations and tiny.opcodes)
# and compared with expected/ by diff -u.
# Refusal half: each bad case must exit with status 1, write no output file, and print
# first "FILE:LINE: error: " pointing at the line at fault, then name the culprit.
set -u

update=0
if [ "${1:-}" = --update ]; then
	update=1
	shift
fi
src=${1:-${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}}
build=${2:-${BUILD_DIR:-${TMPDIR:-/tmp}}}
python=${PYTHON:-python3}
gen=$(cd "$src" && pwd)/wire/gen_gl.py
here=$src/tests/gen

tmp=$(mktemp -d "$build/gen-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# Run from tests/gen with relative names, so that messages name files as the cases expect.
cd "$here" || exit 1

# MODE and the file the build makes of it.
modes="ops-h:gl_ops.h ops-c:gl_ops.c types-h:gl_types.h enc:enc_gl.c enc-h:enc_gl.h
	dec:dec_gl.c dec-h:dec_gl.h list:list.txt"

for pair in $modes; do
	mode=${pair%%:*}
	file=${pair#*:}
	if ! "$python" "$gen" "$mode" --registry tiny.xml --annotations tiny.annotations \
		--opcodes tiny.opcodes -o "$tmp/$file" \
		2>"$tmp/$file.err"; then
		fail "$mode: the generator refused tiny.xml:"
		cat "$tmp/$file.err"
		continue
	fi
	# Golden files carry .golden: they are test data, not sources of the project.
	golden=expected/$file.golden
	if [ $update = 1 ]; then
		cp "$tmp/$file" "$golden"
	fi
	if diff -u "$golden" "$tmp/$file"; then
		pass "$mode matches $golden"
	else
		fail "$mode differs from $golden (run gen-test.sh --update if that is intended)"
	fi
done

# One bad case a line: PREFIX NEEDLE REGISTRY ANNOTATIONS.
# PREFIX is the exact start of the first line of stderr, NEEDLE a word it must hold.
while read -r prefix needle registry annotations; do
	case $prefix in '' | '#'*) continue ;; esac
	what="${prefix%% *} ($registry, $annotations)"
	rm -f "$tmp/bad.out"
	"$python" "$gen" list --registry "$registry" --annotations "$annotations" \
		--opcodes tiny.opcodes -o "$tmp/bad.out" 2>"$tmp/bad.err" </dev/null
	rc=$?
	first=$(head -n 1 "$tmp/bad.err")
	if [ $rc != 1 ]; then
		fail "$what: exit status $rc, not 1:"
		cat "$tmp/bad.err"
	elif [ -e "$tmp/bad.out" ]; then
		fail "$what: refused, yet wrote its output"
	elif [ "${first#"$prefix error: "}" = "$first" ]; then
		fail "$what: expected '$prefix error: ...', got:"
		cat "$tmp/bad.err"
	elif [ "${first#*"$needle"}" = "$first" ]; then
		fail "$what: the message does not name $needle: $first"
	else
		pass "refused: $first"
	fi
done <<'CASES'
# not well-formed XML: the line of the mismatched tag
bad-malformed.xml:9:                 mismatched      bad-malformed.xml  /dev/null
# a pointer without a size, its extension not refused: the command's <proto> line
bad-unsized.xml:17:                  glGetTexImage   bad-unsized.xml    /dev/null
# a selected command (from an extension) without an opcode: its <proto> line
bad-no-opcode.xml:16:                glTinyNewEXT    bad-no-opcode.xml  /dev/null
# refuses an extension the registry lacks: the annotation's line
bad-refuse.annotations:22:           GL_TINY_no_such_extension tiny.xml bad-refuse.annotations
# an annotation directive the generator does not know: the annotation's line
bad-directive.annotations:18:        frobnicate      tiny.xml           bad-directive.annotations
# "names" on a command with no output to map (it returns its answer): the annotation's line
bad-names.annotations:25:            glIsEnabled     tiny.xml           bad-names.annotations
CASES

echo "$passed passed, $failed failed"
[ $failed = 0 ]
