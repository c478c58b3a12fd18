#!/usr/bin/env python3
"""gen_gl.py - generate fakegl's GL encoders, decoders and tables.

Reads the Khronos registry (gl.xml), the annotation file (wire/gl.annotations)
and the frozen opcode list (wire/opcodes.txt), and prints one of:

  ops-h      the opcode enum (gl_ops.h)
  ops-c      the table of opcode names (gl_ops.c)
  types-h    the GL types of the registry (gl_types.h)
  enc        the guest's encoders and exported gl* entry points (enc_gl.c)
  dec        the host's decoders and dispatch table (dec_gl.c)
  list       one command a line with its opcode and how it travels (for docs)
  gls-desc   per command its arguments, and the GL enums by value (glstream dump)

The model: the registry is parsed into Command and Param objects; each pointer
parameter gets a size (elements of the pointee, or bytes for void) from the
registry's len attribute or the annotation file. A pointer the generator cannot
size is refused with file:line: error, unless every extension that provides its
command is refused in the annotation file (with the reason); a refused command
gets an entry point that says so once and raises GL_INVALID_OPERATION, the host
has no decoder for it, and the guest hides the extension from the app. Special cases live in the annotation file and in the
SPECIAL tables below, not in if-chains through the printers.

Standard library only.
"""

import argparse
import re
import sys
import xml.etree.ElementTree as ET

# ---------------------------------------------------------------- the model

# Scalar types that travel as 8 bytes; every other scalar takes 4.
WIDE = {'GLdouble', 'GLclampd', 'GLint64', 'GLint64EXT', 'GLuint64', 'GLuint64EXT',
        'GLintptr', 'GLintptrARB', 'GLsizeiptr', 'GLsizeiptrARB', 'GLsync',
        'GLvdpauSurfaceNV'}
SCALAR_SIZE = {'GLenum': 4, 'GLboolean': 1, 'GLbitfield': 4, 'GLbyte': 1, 'GLubyte': 1,
               'GLshort': 2, 'GLushort': 2, 'GLint': 4, 'GLuint': 4, 'GLclampx': 4,
               'GLsizei': 4, 'GLfloat': 4, 'GLclampf': 4, 'GLdouble': 8, 'GLclampd': 8,
               'GLchar': 1, 'GLcharARB': 1, 'GLhandleARB': 4, 'GLhalf': 2, 'GLhalfARB': 2,
               'GLhalfNV': 2, 'GLfixed': 4, 'GLintptr': 8, 'GLintptrARB': 8,
               'GLsizeiptr': 8, 'GLsizeiptrARB': 8, 'GLint64': 8, 'GLint64EXT': 8,
               'GLuint64': 8, 'GLuint64EXT': 8, 'GLsync': 8, 'GLvdpauSurfaceNV': 8,
               'void': 1}
# Types that hold addresses in the app's process: they cannot travel.
UNSENDABLE = {'GLDEBUGPROC', 'GLDEBUGPROCARB', 'GLDEBUGPROCKHR', 'GLDEBUGPROCAMD',
              'GLVULKANPROCNV', 'GLeglImageOES', 'GLeglClientBufferEXT'}
# Object classes of gl.xml mapped to the host's name tables; program and shader
# names share one name space in GL, so they share one table.
KINDS = {'buffer': 'BUFFER', 'texture': 'TEXTURE',
         'program': 'PROGRAM', 'shader': 'PROGRAM', 'query': 'QUERY',
         'sampler': 'SAMPLER', 'framebuffer': 'FRAMEBUFFER',
         'renderbuffer': 'RENDERBUFFER', 'vertex array': 'VERTEX_ARRAY',
         'transform feedback': 'TRANSFORM_FEEDBACK', 'program pipeline': 'PIPELINE',
         'sync': 'SYNC'}
# Display lists are not mapped: the guest numbers them as GL does and the host uses the
# app's numbers as they are, since glNewList and glCallList(s) name lists without a class
# in gl.xml (wire/PROTOCOL.md, "Display lists"). glGenLists makes a block without a round
# trip (libfakegl/lists.c numbers it, glrender/lists.c makes those numbers lists).
LIST_CLASS = 'display list'
# Answers that may name objects ("names"): the element type glr_answer_names reads.
# No GLboolean: a name reads as GL_TRUE whoever named it.
ANSWER_TYPES = {'GLint': 'GLR_ANSWER_INT', 'GLuint': 'GLR_ANSWER_INT',
                'GLint64': 'GLR_ANSWER_INT64', 'GLfloat': 'GLR_ANSWER_FLOAT',
                'GLdouble': 'GLR_ANSWER_DOUBLE'}
# The registry's COMPSIZE(...) forms that one helper sizes for every command that
# uses them: len attribute -> (size expression, binding that makes the pointer an
# offset for an input, the same for an output). Sizes are elements of the pointee,
# bytes for void. IMAGE(dims, format, type, w, h, d) applies the pixel store.
IMMUTABLE = ['GL_NUM_EXTENSIONS', 'GL_MAJOR_VERSION', 'GL_MINOR_VERSION',
             'GL_CONTEXT_PROFILE_MASK', 'GL_CONTEXT_FLAGS', 'GL_NUM_COMPRESSED_TEXTURE_FORMATS',
             'GL_NUM_PROGRAM_BINARY_FORMATS', 'GL_NUM_SHADER_BINARY_FORMATS',
             'GL_SUBPIXEL_BITS', 'GL_ALIASED_LINE_WIDTH_RANGE', 'GL_ALIASED_POINT_SIZE_RANGE',
             'GL_SMOOTH_LINE_WIDTH_RANGE', 'GL_SMOOTH_POINT_SIZE_RANGE',
             'GL_POINT_SIZE_GRANULARITY', 'GL_LINE_WIDTH_GRANULARITY']
RULES = {
    'COMPSIZE(pname)': ('PNAME_COUNT(pname)', None, None),
    'COMPSIZE(format,type,width)': ('IMAGE(1, format, type, width, 1, 1)',
                                    'GL_PIXEL_UNPACK_BUFFER', 'GL_PIXEL_PACK_BUFFER'),
    'COMPSIZE(format,type,width,height)': ('IMAGE(2, format, type, width, height, 1)',
                                           'GL_PIXEL_UNPACK_BUFFER', 'GL_PIXEL_PACK_BUFFER'),
    'COMPSIZE(format,type,width,height,depth)': ('IMAGE(3, format, type, width, height, depth)',
                                                 'GL_PIXEL_UNPACK_BUFFER', 'GL_PIXEL_PACK_BUFFER'),
    'COMPSIZE(width,height)': ('IMAGE(2, GL_COLOR_INDEX, GL_BITMAP, width, height, 1)',
                               'GL_PIXEL_UNPACK_BUFFER', None),
    'COMPSIZE(count,type)': ('(size_t)count * INDEX_SIZE(type)', 'GL_ELEMENT_ARRAY_BUFFER', None),
    'COMPSIZE(n,type)': ('(size_t)n * INDEX_SIZE(type)', None, None),
    'COMPSIZE(buffer)': ('CLEARBUFFER_COUNT(buffer)', None, None),
}


class GenError(Exception):
    pass


# Parameter names that would clash with the generated code's own locals.
RESERVED = {'t', 'm', 'at', 'r', 'ret', 'made', 'c', 'len', 'host_names', 'payload'}


class Param:
    def __init__(self, elem, index):
        self.name = elem.find('name').text
        text = ''.join(elem.itertext()).strip()
        if self.name in RESERVED:
            text = text[: text.rfind(self.name)] + self.name + '_'
            self.name += '_'
        self.decl = text  # "const GLfloat *v"
        self.ctype = text[: text.rfind(self.name)].strip()
        ptype = elem.find('ptype')
        self.base = ptype.text if ptype is not None else (
            'void' if 'void' in self.ctype else self.ctype.replace('const', '').strip())
        self.stars = self.ctype.count('*')
        self.const = self.ctype.startswith('const') or self.ctype.startswith(self.base + ' const')
        self.length = elem.get('len')
        self.klass = elem.get('class')
        self.group = elem.get('group')
        self.index = index
        self.direction = None  # 'in' or 'out' for pointers
        self.size = None       # C expression: elements of the pointee (bytes for void)
        self.size_line = None  # where the size came from, for messages
        self.buffer = None     # binding that turns the pointer into an offset
        self.gen_names = False  # the guest fills it with names it picks (glGen*)
        if self.stars == 1:
            self.direction = 'in' if self.const else 'out'

    @property
    def is_pointer(self):
        return self.stars > 0

    @property
    def wire_bytes(self):
        """Bytes in the fixed part of the command: a count word for each input pointer
        and for each output that may land in a buffer object (then an offset follows)."""
        if self.is_pointer:
            return 4 if self.direction == 'in' or self.buffer else 0
        return 8 if self.base in WIDE else 4

    @property
    def elem_size(self):
        if self.base == 'void':
            return '1'
        return 'sizeof(%s)' % self.base


class Command:
    def __init__(self, elem):
        proto = elem.find('proto')
        self.name = proto.find('name').text
        text = ''.join(proto.itertext()).strip()
        self.ret = text[: text.rfind(self.name)].strip()
        self.ret_class = proto.get('class')
        self.params = [Param(p, i) for i, p in enumerate(elem.findall('param'))]
        self.opcode = None
        self.refused = None  # (extension, reason) when all its providers are refused
        self.guest_custom = False
        self.host_custom = False
        self.local = False  # the guest answers it alone; it never travels
        self.sync = False  # answered although it returns nothing
        self.gen_kind = None  # 'gen', 'create', 'delete'
        self.answer_names = None  # ('GLR_ANSWER_INT'…, PARAM or None): see "names"
        self.nameby = None  # (PARAM, BY): see "nameby"

    @property
    def returns(self):
        return self.ret != 'void'

    @property
    def outputs(self):
        return [p for p in self.params if p.is_pointer and p.direction == 'out']

    @property
    def is_sync(self):
        """Whether the guest waits for an answer: never for the calls that make objects,
        whose names the guest chooses itself."""
        if self.gen_kind == 'create':
            return False
        return self.returns or bool(self.outputs) or self.sync

    def proto(self, prefix=''):
        args = ', '.join(p.decl for p in self.params) or 'void'
        return '%s %s%s(%s)' % (self.ret, prefix, self.name, args)


class Registry:
    def __init__(self, path):
        try:
            text = open(path, encoding='utf-8').read()
            root = ET.fromstring(text)
        except OSError as e:
            raise GenError('%s:1: error: cannot read the registry: %s' % (path, e.strerror))
        except ET.ParseError as e:
            raise GenError('%s:%d: error: not well-formed XML: %s' % (path, e.position[0], e))
        self.path = path
        # Where each command is defined, for messages that point at it.
        self.lines = {}
        for m in re.finditer(r'<proto[^>]*>.*?<name>(\w+)</name>', text, re.S):
            self.lines.setdefault(m.group(1), text.count('\n', 0, m.start()) + 1)
        self.types = []
        for t in root.find('types'):
            if t.get('api') not in (None, 'gl'):
                continue
            self.types.append(''.join(t.itertext()))
        wanted = set()
        # The features and extensions that provide each command.
        self.providers = {}
        self.extensions = set()
        for f in root.iter('feature'):
            if f.get('api') != 'gl':
                continue
            for req in f.iter('require'):
                for c in req.iter('command'):
                    wanted.add(c.get('name'))
                    self.providers.setdefault(c.get('name'), set()).add(f.get('name'))
        for e in root.iter('extension'):
            if not set(e.get('supported', '').split('|')) & {'gl', 'glcore'}:
                continue
            self.extensions.add(e.get('name'))
            for req in e.iter('require'):
                if req.get('api') not in (None, 'gl', 'glcore'):
                    continue
                for c in req.iter('command'):
                    wanted.add(c.get('name'))
                    self.providers.setdefault(c.get('name'), set()).add(e.get('name'))
        self.enums = {}
        self.enum_list = []  # (name, value, groups) in registry order
        for enums in root.iter('enums'):
            for en in enums.iter('enum'):
                if en.get('api') in (None, 'gl'):
                    self.enums.setdefault(en.get('name'), en.get('value'))
                    self.enum_list.append((en.get('name'), en.get('value'),
                                           (en.get('group') or '').split(',')))
        self.commands = {}
        for c in root.find('commands'):
            cmd = Command(c)
            if cmd.name in wanted:
                self.commands[cmd.name] = cmd
        missing = wanted - set(self.commands)
        if missing:
            raise GenError('%s:1: error: commands required but not defined: %s'
                           % (path, ', '.join(sorted(missing))))


def cmd_where(reg, name):
    return '%s:%d' % (reg.path, reg.lines.get(name, 1))


# ------------------------------------------------------------- annotations

class Annotations:
    """The annotation file: one directive a line, '#' starts a comment.

      size  COMMAND PARAM EXPR        the pointer holds EXPR elements (bytes for void)
      dir   COMMAND PARAM in|out      override the direction the registry implies
      buffer COMMAND PARAM BINDING    an offset into the buffer bound there, when one is
      guest COMMAND                   hand-written guest entry point (libfakegl/custom.c)
      local COMMAND                   answered by the guest alone: never sent, no decoder
      host  COMMAND                   hand-written host decoder (glrender/custom.c)
      sync  COMMAND                   answered although it returns nothing
      names COMMAND [PARAM]           the answer may name objects: the host's decoder hands
                                      it to glr_answer_names with PARAM's value (the pname
                                      that says what is asked) before replying
      nameby COMMAND PARAM BY         PARAM is an object name of the kind the enum
                                      parameter BY says (glObjectLabel's identifier): the
                                      host's decoder maps it with glr_name_by_identifier
      refuse EXTENSION REASON         not offered: hidden from the app, its commands
                                      (those no other provider has) raise an error
    """

    def __init__(self, path):
        self.path = path
        self.size, self.dir, self.buffer = {}, {}, {}
        self.guest, self.host, self.sync, self.local = {}, {}, {}, {}
        self.names = {}  # COMMAND -> (PARAM or None, where)
        self.nameby = {}  # COMMAND -> (PARAM, BY, where)
        self.refuse = {}
        try:
            lines = open(path, encoding='utf-8').read().splitlines()
        except OSError as e:
            raise GenError('%s:1: error: %s' % (path, e))
        for no, line in enumerate(lines, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            where = '%s:%d' % (path, no)
            words = line.split(None, 3)
            verb = words[0]
            if verb in ('size', 'dir', 'buffer'):
                if len(words) != 4:
                    raise GenError('%s: error: %s needs COMMAND PARAM VALUE' % (where, verb))
                getattr(self, verb)[(words[1], words[2])] = (words[3].strip(), where)
            elif verb == 'refuse':
                if len(words) < 3:
                    raise GenError('%s: error: refuse needs EXTENSION and a reason' % where)
                self.refuse[words[1]] = (' '.join(words[2:]), where)
            elif verb == 'names':
                if len(words) not in (2, 3):
                    raise GenError('%s: error: names needs COMMAND and at most one PARAM' % where)
                self.names[words[1]] = (words[2] if len(words) == 3 else None, where)
            elif verb == 'nameby':
                if len(words) != 4:
                    raise GenError('%s: error: nameby needs COMMAND PARAM BY' % where)
                self.nameby[words[1]] = (words[2], words[3], where)
            elif verb in ('guest', 'host', 'sync', 'local'):
                if len(words) != 2:
                    raise GenError('%s: error: %s needs exactly one COMMAND' % (where, verb))
                getattr(self, verb)[words[1]] = where
            else:
                raise GenError('%s: error: unknown directive "%s"' % (where, verb))


def read_lines(path):
    try:
        return open(path, encoding='utf-8').read().splitlines()
    except OSError as e:
        raise GenError('%s:1: error: %s' % (path, e.strerror))


def read_opcodes(path):
    ops = {}
    seen = {}
    for no, line in enumerate(read_lines(path), 1):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if len(words) != 2 or not words[0].isdigit():
            raise GenError('%s:%d: error: expected "NUMBER NAME"' % (path, no))
        num, name = int(words[0]), words[1]
        if num in seen or name in ops:
            raise GenError('%s:%d: error: %s or %d listed twice' % (path, no, name, num))
        if num == 0 or num > 0xffff:
            raise GenError('%s:%d: error: opcode %d out of range' % (path, no, num))
        ops[name] = num
        seen[num] = name
    return ops



# ------------------------------------------------------------------ sizing

def size_expr_from_len(cmd, p):
    """A C expression for the registry's len attribute, or None."""
    ln = p.length
    if ln is None:
        if p.base in ('GLchar', 'GLcharARB', 'GLubyte') and p.direction == 'in':
            return 'STRLEN(%s)' % p.name  # NUL-terminated string, NUL included
        return None
    if ln == 'COMPSIZE(%s)' % p.name and p.base in ('GLchar', 'GLcharARB') and p.direction == 'in':
        return 'STRLEN(%s)' % p.name
    if 'COMPSIZE' in ln or 'rawsize' in ln:
        return None
    ln = re.sub(r'[A-Za-z_][A-Za-z0-9_]*', lambda w: w.group(0) + '_' if w.group(0) in RESERVED
                else w.group(0), ln)
    names = {q.name for q in cmd.params}
    for word in re.findall(r'[A-Za-z_][A-Za-z0-9_]*', ln):
        if word not in names:
            return None
    if not re.match(r'^[A-Za-z0-9_*+()/ ]+$', ln):
        return None
    return re.sub(r'([A-Za-z_][A-Za-z0-9_]*)', r'(size_t)\1', ln)


def plan(reg, ann, opcodes):
    errors = []
    for ext, (_, where) in ann.refuse.items():
        if ext not in reg.extensions:
            errors.append('%s: error: %s is not a GL extension of the registry' % (where, ext))
    for name, where in list(ann.guest.items()) + list(ann.host.items()) + \
            list(ann.sync.items()) + list(ann.local.items()):
        if name not in reg.commands:
            errors.append('%s: error: %s is not a GL command of the registry' % (where, name))
    for (cname, pname), (_, where) in list(ann.size.items()) + list(ann.dir.items()) + \
            list(ann.buffer.items()):
        c = reg.commands.get(cname)
        if c is None or pname not in [p.name for p in c.params]:
            errors.append('%s: error: %s has no parameter %s' % (where, cname, pname))
    for name, (param, by, where) in ann.nameby.items():
        c = reg.commands.get(name)
        sel = {p.name: p for p in c.params} if c else {}
        if c is None or param not in sel or by not in sel or sel[param].is_pointer or \
                sel[param].base != 'GLuint' or sel[by].base != 'GLenum' or name in ann.host:
            errors.append('%s: error: %s has no GLuint %s named by a GLenum %s in a generated '
                          'decoder' % (where, name, param, by))
        else:
            c.nameby = (param, by)
    for name, (param, where) in ann.names.items():
        c = reg.commands.get(name)
        if c is None:
            errors.append('%s: error: %s is not a GL command of the registry' % (where, name))
            continue
        sel = [p for p in c.params if p.name == param]
        outs = [p for p in c.params if p.is_pointer and p.direction == 'out']
        if param is not None and (not sel or sel[0].is_pointer or sel[0].klass in KINDS or
                                  sel[0].base in WIDE):
            errors.append('%s: error: %s has no scalar parameter %s that is not a name'
                          % (where, name, param))
        elif not outs or outs[-1].base not in ANSWER_TYPES or c.returns or name in ann.host \
                or name in ann.local:
            errors.append('%s: error: %s has no generated answer of names (one of %s)'
                          % (where, name, ', '.join(sorted(ANSWER_TYPES))))
        else:
            c.answer_names = (ANSWER_TYPES[outs[-1].base], param)
    for name, cmd in sorted(reg.commands.items()):
        cmd.opcode = opcodes.get(name)
        if cmd.opcode is None:
            errors.append('%s: error: %s has no opcode in opcodes.txt (append it)'
                          % (cmd_where(reg, name), name))
            continue
        cmd.local = name in ann.local
        cmd.guest_custom = name in ann.guest or cmd.local
        cmd.host_custom = name in ann.host
        cmd.sync = name in ann.sync
        provs = reg.providers.get(name, set())
        if provs and all(p in ann.refuse for p in provs):
            ext = sorted(provs)[0]
            cmd.refused = (ext, ann.refuse[ext][0])
        reasons = []
        if cmd.ret.replace('const', '').strip() in UNSENDABLE:
            reasons.append('returns an address of the host')
        elif '*' in cmd.ret and name not in ann.guest:
            reasons.append('returns a pointer')
        for p in cmd.params:
            if (cname_dir := ann.dir.get((name, p.name))):
                p.direction = cname_dir[0]
            if (b := ann.buffer.get((name, p.name))):
                p.buffer = b[0]
            if p.base in UNSENDABLE or p.base.startswith('struct'):
                reasons.append('%s is an address in the app' % p.name)
                continue
            if not p.is_pointer:
                continue
            if p.stars > 1:
                reasons.append('%s is a pointer to pointers' % p.name)
                continue
            if (a := ann.size.get((name, p.name))):
                p.size, p.size_line = a
            elif p.length in RULES and not (p.length == 'COMPSIZE(pname)' and not any(
                    q.name == 'pname' and not q.is_pointer for q in cmd.params)):
                p.size, bin_, bout = RULES[p.length]
                p.buffer = p.buffer or (bin_ if p.direction == 'in' else bout)
            else:
                p.size = size_expr_from_len(cmd, p)
            if p.size is None:
                reasons.append('%s has no size (len="%s")' % (p.name, p.length))
        cmd.unsized = bool(reasons)
        if reasons and cmd.guest_custom and not cmd.host_custom and not cmd.local:
            errors.append('%s: error: %s: %s; a hand-written guest side needs a hand-written '
                          'host side too, or "local"' % (ann.guest[name], name, '; '.join(reasons)))
        if reasons and not cmd.guest_custom and not cmd.refused:
            errors.append('%s: error: %s: %s; annotate it in gl.annotations or refuse its '
                          'extension there' % (cmd_where(reg, name), name, '; '.join(reasons)))
        if cmd.refused and (cmd.guest_custom or cmd.host_custom):
            errors.append('%s: error: %s is hand-written but %s is refused'
                          % (ann.guest.get(name) or ann.host.get(name), name, cmd.refused[0]))
        # Object names the guest makes: glGen*/glCreate* fill an array, glCreateProgram
        # and friends return one; the host makes its own and maps them.
        outs = [p for p in cmd.params if p.is_pointer and p.klass in KINDS and p.direction == 'out']
        if outs and re.match(r'gl(Gen|Create)', name):
            cmd.gen_kind = 'gen'
            # The guest picks the names: the array travels as an input.
            outs[0].direction = 'in'
            outs[0].gen_names = True
        elif cmd.ret_class in KINDS:
            cmd.gen_kind = 'create'
        elif cmd.ret_class == LIST_CLASS:
            cmd.gen_kind = 'create'
            if not cmd.host_custom:
                errors.append('%s: error: %s makes display lists: its host side must be '
                              'hand-written (glrender/lists.c)' % (cmd_where(reg, name), name))
        elif re.match(r'glDelete', name) and any(p.is_pointer and p.klass in KINDS
                                                 for p in cmd.params):
            cmd.gen_kind = 'delete'
    if errors:
        raise GenError('\n'.join(errors))


# ----------------------------------------------------------------- printers

HEADER = '/* DO NOT EDIT: generated by wire/gen_gl.py from the GL registry and its annotations */\n'


def c_size(p, side):
    """The byte size of pointer p as a C expression on one side ('enc' or 'dec')."""
    expr = p.size
    pack = '1' if p.direction == 'out' else '0'
    expr = expr.replace('IMAGE(', 'IMAGE_SIZE(%s, ' % pack)
    return '((size_t)(%s) * %s)' % (expr, p.elem_size)


def print_ops_h(reg, internal):
    out = [HEADER, '#ifndef FAKEGL_GL_OPS_H\n#define FAKEGL_GL_OPS_H\n\n#include <stdint.h>\n\n',
           '/* Opcodes of the wire commands, frozen in wire/opcodes.txt. */\n',
           'enum wire_op {\n\tOP_NONE = 0,\n']
    allops = sorted(list(internal.items()) +
                    [(c.name, c.opcode) for c in reg.commands.values()], key=lambda x: x[1])
    for name, num in allops:
        out.append('\tOP_%s = %d,\n' % (name, num))
    top = max(n for _, n in allops) + 1
    out.append('};\n\n#define WIRE_OP_COUNT %d\n' % top)
    out.append('/* Names by opcode; NULL where a number is unused. */\n')
    out.append('extern const char *const wire_op_names[WIRE_OP_COUNT];\n')
    out.append('/* pnames whose answer never changes for a context, sorted. */\n')
    out.append('extern const uint32_t wire_immutable_pnames[];\n')
    out.append('extern const unsigned wire_immutable_pname_count;\n')
    out.append('/* Number of GL commands of the registry that the build covers. */\n')
    out.append('#define WIRE_GL_COMMANDS %d\n' % len(reg.commands))
    out.append("#define WIRE_GL_REFUSED %d\n" %
               sum(1 for c in reg.commands.values() if c.refused))
    out.append('\n#endif\n')
    return ''.join(out)


def print_ops_c(reg, internal):
    out = [HEADER, '#include "gl_ops.h"\n\nconst char *const wire_op_names[WIRE_OP_COUNT] = {\n']
    allops = sorted(list(internal.items()) +
                    [(c.name, c.opcode) for c in reg.commands.values()], key=lambda x: x[1])
    for name, num in allops:
        out.append('\t[OP_%s] = "%s",\n' % (name, name))
    out.append('};\n\n')
    # Answers that never change for a context: the guest fetches them once.
    imm = sorted({int(v, 16) for n, v in reg.enums.items()
                  if re.match(r'GL_(MAX|MIN)_', n) and v and v.startswith('0x')} |
                 {int(reg.enums[n], 16) for n in IMMUTABLE if n in reg.enums})
    out.append('const uint32_t wire_immutable_pnames[%d] = {\n' % len(imm))
    out.extend('\t0x%04X,\n' % v for v in imm)
    out.append('};\nconst unsigned wire_immutable_pname_count = %d;\n' % len(imm))
    return ''.join(out)


def print_types_h(reg):
    out = [HEADER, '#ifndef FAKEGL_GL_TYPES_H\n#define FAKEGL_GL_TYPES_H\n\n',
           '#include <stddef.h>\n#include <stdint.h>\n']
    for t in reg.types:
        out.append(t + '\n')
    for name, value in sorted(reg.enums.items()):
        if name.startswith('GL_') and re.match(r'^(0x[0-9A-Fa-f]+|[0-9]+)u?$', value or ''):
            out.append('#ifndef %s\n#define %s %s\n#endif\n' % (name, name, value))
    out.append('\n#endif\n')
    return ''.join(out)


def default_return(cmd):
    if not cmd.returns:
        return 'return;'
    return 'return (%s)0;' % cmd.ret


def enc_command(cmd):
    """The guest side: fgl_enc_NAME encodes (and for sync calls waits); the exported
    NAME calls it unless the entry point is hand-written."""
    o = []
    params = ', '.join(p.decl for p in cmd.params) or 'void'
    if cmd.guest_custom and (cmd.unsized or '*' in cmd.ret):
        return ''
    if cmd.refused:
        o.append('FGL_EXPORT %s\n{\n' % cmd.proto())
        for p in cmd.params:
            o.append('\t(void)%s;\n' % p.name)
        o.append('\tfgl_refused(OP_%s, "%s");\n\t%s\n}\n\n'
                 % (cmd.name, cmd.refused[0], default_return(cmd)))
        return ''.join(o)
    o.append('%s fgl_enc_%s(%s)\n{\n' % (cmd.ret, cmd.name, params))
    o.append('\tstruct fgl_thread *t = fgl_tls;\n')
    o.append('\tif (!t || !t->ctx)\n\t\t%s\n' % default_return(cmd))
    fixed = 4 + sum(p.wire_bytes for p in cmd.params)
    if cmd.gen_kind == 'create':
        fixed += 8
    ins = [p for p in cmd.params if p.is_pointer and p.direction == 'in']
    outs = cmd.outputs
    kind = None
    if cmd.gen_kind == 'create':
        kind = 'LIST' if cmd.ret_class == LIST_CLASS else KINDS[cmd.ret_class]
    if cmd.gen_kind == 'gen':
        # Names come from the guest: fill the app's array now, send it as input.
        g = [p for p in cmd.params if p.gen_names][0]
        o.append('\tfgl_names_gen(t, FGL_NAME_%s, %s, %s);\n' % (KINDS[g.klass], 'n' if any(
            q.name == 'n' for q in cmd.params) else '1', g.name))
    if kind == 'LIST':
        o.append('\tuint64_t made = fgl_lists_gen(t, %s);\n' % cmd.params[0].name)
    elif kind:
        o.append('\tuint64_t made = fgl_names_make(t, FGL_NAME_%s, 1);\n' % kind)
    for p in ins:
        o.append('\tconst void *ptr_%s = %s;\n' % (p.name, p.name))
        if p.buffer:
            o.append('\tint off_%s = fgl_bound_buffer(t, %s) != 0;\n' % (p.name, p.buffer))
            o.append('\tsize_t len_%s = off_%s || !%s ? 0 : %s;\n'
                     % (p.name, p.name, p.name, c_size(p, 'enc')))
        else:
            o.append('\tsize_t len_%s = %s ? %s : 0;\n' % (p.name, p.name, c_size(p, 'enc')))
        o.append('\tif (len_%s > FGL_MAX_PAYLOAD) {\n'
                 '\t\tfgl_set_error(t, fgl_size_error(len_%s));\n\t\t%s\n\t}\n'
                 % (p.name, p.name, default_return(cmd)))
    pbos = [p for p in outs if p.buffer]
    # Output sizes are known before the call is sent: a size may itself need an answer
    # of the host (GL_NUM_COMPRESSED_TEXTURE_FORMATS), which must not land in this one's.
    for p in outs:
        o.append('\tsize_t cap_%s = %s ? %s : 0;\n' % (p.name, p.name, c_size(p, 'enc')))
    for p in pbos:
        o.append('\tint off_%s = fgl_bound_buffer(t, %s) != 0;\n' % (p.name, p.buffer))
    payload = '%d' % (fixed - 4) + ''.join(' + wire_pad4(len_%s)' % p.name for p in ins) + \
        ''.join(' + (off_%s ? 8 : 0)' % (p.name) for p in ins + pbos if p.buffer)
    if fixed - 4 == 0 and not ins:
        o.append('\tfgl_begin(t, OP_%s, 0, 0);\n' % cmd.name)
    else:
        o.append('\tuint8_t *m = fgl_begin(t, OP_%s, %s, %d);\n' % (cmd.name, payload, fixed - 4))
        o.append('\tsize_t at = 0;\n')
    for p in cmd.params:
        if p.is_pointer:
            if p.direction == 'in':
                if p.buffer:
                    o.append('\tPUT32(m, at, off_%s ? WIRE_PTR_OFFSET : !%s ? WIRE_PTR_NULL : '
                             '(uint32_t)len_%s);\n' % (p.name, p.name, p.name))
                else:
                    o.append('\tPUT32(m, at, !%s ? WIRE_PTR_NULL : (uint32_t)len_%s);\n'
                             % (p.name, p.name))
            elif p.buffer:
                o.append('\tPUT32(m, at, off_%s ? WIRE_PTR_OFFSET : 0);\n' % p.name)
            continue
        if p.base in WIDE:
            o.append('\tPUT64(m, at, %s);\n' % p.name)
        else:
            o.append('\tPUTSCALAR(m, at, %s);\n' % p.name)
    if kind:
        o.append('\tPUT64(m, at, made);\n')
    for p in ins:
        if p.buffer:
            o.append('\tif (off_%s) {\n\t\tuint64_t o_%s = (uint64_t)(uintptr_t)%s;\n'
                     '\t\tfgl_put_data(t, &o_%s, 8);\n\t} else\n\t' % (p.name, p.name, p.name, p.name))
        o.append('\tfgl_put_data(t, ptr_%s, len_%s);\n' % (p.name, p.name))
    for p in pbos:
        o.append('\tuint64_t o_%s = (uint64_t)(uintptr_t)%s;\n\tif (off_%s)\n'
                 '\t\tfgl_put_data(t, &o_%s, 8);\n' % (p.name, p.name, p.name, p.name))
    o.append('\tfgl_end(t);\n')
    sync_outs = [p for p in outs]
    if cmd.is_sync or cmd.gen_kind == 'create':
        if kind:
            o.append('\treturn (%s)(uintptr_t)made;\n}\n\n' % cmd.ret)
        else:
            if pbos:
                o.append('\tif (%s)\n\t\t%s\n' % (' || '.join('off_' + p.name for p in pbos),
                         default_return(cmd)))
            o.append('\tstruct fgl_reply r;\n\tif (fgl_sync(t, &r) < 0)\n\t\t%s\n'
                     % default_return(cmd))
            for p in sync_outs:
                o.append('\tfgl_reply_out(&r, %s, cap_%s);\n' % (p.name, p.name))
            if cmd.returns:
                o.append('\t%s ret = (%s)0;\n\tfgl_reply_ret(&r, &ret, sizeof ret);\n'
                         '\treturn ret;\n' % (cmd.ret, cmd.ret))
            o.append('}\n\n')
    else:
        o.append('}\n\n')
    if not cmd.guest_custom:
        args = ', '.join(p.name for p in cmd.params)
        o.append('FGL_EXPORT %s\n{\n\t%sfgl_enc_%s(%s);\n}\n\n'
                 % (cmd.proto(), 'return ' if cmd.returns else '', cmd.name, args))
    return ''.join(o)


def print_enc(reg):
    out = [HEADER, '#include "enc_gl.h"\n#include "fgl.h"\n\n']
    for name in sorted(reg.commands):
        out.append(enc_command(reg.commands[name]))
    out.append('static const struct { const char *name; fgl_proc fn; } procs[] = {\n')
    for name in sorted(reg.commands):
        out.append('\t{"%s", (fgl_proc)%s},\n' % (name, name))
    out.append('};\n\n')
    out.append('static int proc_cmp(const void *key, const void *elem)\n{\n'
               '\treturn strcmp(key, *(const char *const *)elem);\n}\n\n'
               'fgl_proc fgl_proc_address(const char *name)\n{\n'
               '\tconst void *hit = bsearch(name, procs, sizeof procs / sizeof procs[0], '
               'sizeof procs[0], proc_cmp);\n'
               '\treturn hit ? ((const struct { const char *name; fgl_proc fn; } *)hit)->fn '
               ': NULL;\n}\n\n')
    out.append('/* Extensions fakegl does not offer (gl.annotations says why): hidden from the app. */\n'
               'const char *const fgl_refused_extensions[] = {\n')
    for ext in sorted(reg.refused_extensions):
        out.append('\t"%s",\n' % ext)
    out.append('\tNULL,\n};\n')
    return ''.join(out)


def print_enc_h(reg):
    out = [HEADER, '#ifndef FAKEGL_ENC_GL_H\n#define FAKEGL_ENC_GL_H\n\n',
           '#include "gl_types.h"\n#include "encode.h"\n\n']
    for name in sorted(reg.commands):
        c = reg.commands[name]
        if c.refused:
            out.append('FGL_EXPORT %s;\n' % c.proto())
            continue
        params = ', '.join(p.decl for p in c.params) or 'void'
        if not (c.guest_custom and (c.unsized or '*' in c.ret)):
            out.append('%s fgl_enc_%s(%s);\n' % (c.ret, name, params))
        out.append('FGL_EXPORT %s;\n' % c.proto())
    out.append('extern const char *const fgl_refused_extensions[];\n')
    out.append('\n#endif\n')
    return ''.join(out)


def dec_command(cmd):
    o = []
    if cmd.refused:
        return ''
    if cmd.host_custom or cmd.local:
        return ''
    fname = 'dec_%s' % cmd.name
    o.append('static int %s(struct glr_client *c, const uint8_t *m, size_t len)\n{\n' % fname)
    fixed = sum(p.wire_bytes for p in cmd.params)
    create_kind = KINDS.get(cmd.ret_class) if cmd.gen_kind == 'create' else None
    if create_kind:
        fixed += 8
    o.append('\tif (!glr_gl.%s)\n\t\treturn glr_missing(c, OP_%s, %d, %d, %s);\n' % (
        cmd.name[2:], cmd.name, 1 if cmd.is_sync else 0, len(cmd.outputs),
        'sizeof(%s)' % cmd.ret if cmd.returns and cmd.is_sync else '0'))
    if fixed:
        o.append('\tsize_t at = 0;\n\tif (len < %d)\n\t\treturn glr_bad(c, OP_%s, "short command");\n'
                 % (fixed, cmd.name))
    else:
        o.append('\t(void)m;\n\t(void)len;\n')
    decl_args = []
    ins = []
    outs = []
    for p in cmd.params:
        if p.is_pointer:
            if p.direction == 'in':
                o.append('\tuint32_t n_%s = GET32(m, at);\n' % p.name)
                ins.append(p)
            else:
                if p.buffer:
                    o.append('\tuint32_t n_%s = GET32(m, at);\n' % p.name)
                outs.append(p)
            continue
        if p.base in WIDE:
            o.append('\t%s a_%s = GET64(m, at, %s);\n' % (p.base, p.name, p.base))
        else:
            o.append('\t%s a_%s = GETSCALAR(m, at, %s);\n' % (p.base, p.name, p.base))
    if create_kind:
        o.append('\tuint64_t made = GET64(m, at, uint64_t);\n')
    # Sizes are computed from the arguments as received, before names are mapped.
    for p in ins:
        ctype = p.ctype if p.const else 'const ' + p.ctype
        o.append('\t%s %s = NULL;\n' % (ctype, p.name))
        # An offset only with a buffer bound there on the host: else it is an address.
        o.append('\tif (glr_get_ptr(c, OP_%s, m, len, &at, n_%s, %s, (const void **)&%s, %s) < 0)'
                 '\n\t\treturn -1;\n' % (cmd.name, p.name, host_size(p, cmd), p.name,
                                         p.buffer or '0'))
    for p in outs:
        o.append('\tsize_t len_%s = %s;\n' % (p.name, host_size(p, cmd)))
        o.append('\t%s %s = NULL;\n' % (p.ctype, p.name))
        if p.buffer:
            o.append('\tint pbo_%s = n_%s == WIRE_PTR_OFFSET;\n' % (p.name, p.name))
            o.append('\tif (pbo_%s) {\n\t\tif (glr_get_ptr(c, OP_%s, m, len, &at, n_%s, 0, '
                     '(const void **)&%s, %s) < 0)\n\t\t\treturn -1;\n'
                     '\t} else ' % (p.name, cmd.name, p.name, p.name, p.buffer))
        else:
            o.append('\t')
        o.append('if (!(%s = glr_out_buffer(c, %d, len_%s)))\n\t\treturn -1;\n'
                 % (p.name, cmd.outputs.index(p), p.name))
    # glIs* asks about a name without making it an object: a name the app never used
    # maps to 0 (glr_name_known), which GL answers GL_FALSE for, errors alike.
    is_query = re.match(r'gl(Is)[A-Z]', cmd.name) is not None
    for p in cmd.params:
        if not p.is_pointer and p.klass in KINDS and not cmd.gen_kind == 'delete':
            o.append('\ta_%s = (%s)%s(c, GLR_%s, (uint64_t)a_%s);\n'
                     % (p.name, p.base, 'glr_name_known' if is_query else 'glr_name',
                        KINDS[p.klass], p.name))
    if cmd.nameby:
        o.append('\ta_%s = (GLuint)glr_name_by_identifier(c, a_%s, a_%s);\n'
                 % (cmd.nameby[0], cmd.nameby[1], cmd.nameby[0]))
    # Arrays of names the app passes in (glBindTextures…): the host's names, in scratch.
    if not cmd.gen_kind:
        for p in ins:
            if p.klass in KINDS:
                o.append('\tif (%s && !(%s = glr_lookup_names(c, GLR_%s, n_%s / 4, %s)))\n'
                         '\t\treturn -1;\n' % (p.name, p.name, KINDS[p.klass], p.name, p.name))
    args = []
    for p in cmd.params:
        if p.is_pointer:
            args.append(p.name)
        else:
            args.append('a_%s' % p.name)
    call_args = ', '.join(args)
    if cmd.gen_kind == 'gen':
        g = [p for p in ins if p.klass in KINDS][0]
        n = 'a_n' if any(q.name == 'n' for q in cmd.params) else '1'
        # The host makes its names with the same call, into a scratch array.
        o.append('\tGLuint *host_names = glr_scratch_names(c, %s);\n\tif (!host_names)\n'
                 '\t\treturn -1;\n' % n)
        args2 = ['host_names' if a == g.name else a for a in args]
        o.append('\tglr_gl.%s(%s);\n' % (cmd.name[2:], ', '.join(args2)))
        o.append('\treturn glr_map_names(c, GLR_%s, %s, %s, host_names);\n}\n\n'
                 % (KINDS[g.klass], n, g.name))
        return ''.join(o)
    if cmd.gen_kind == 'delete':
        d = [p for p in ins if p.klass in KINDS][0]
        n = 'a_n' if any(q.name == 'n' for q in cmd.params) else '1'
        o.append('\tGLuint *host_names = glr_unmap_names(c, GLR_%s, %s, %s);\n'
                 '\tif (!host_names)\n\t\treturn -1;\n' % (KINDS[d.klass], n, d.name))
        args2 = ['host_names' if a == d.name else a for a in args]
        o.append('\tglr_gl.%s(%s);\n\treturn 0;\n}\n\n' % (cmd.name[2:], ', '.join(args2)))
        return ''.join(o)
    # A query GL refuses writes nothing: the driver's earlier errors are set aside
    # first, so that an error after the call is this call's.
    checked = cmd.is_sync and outs and not cmd.returns
    if checked:
        o.append('\tglr_query_begin(c);\n')
    if cmd.returns:
        if create_kind:
            o.append('\t%s ret = glr_gl.%s(%s);\n' % (cmd.ret, cmd.name[2:], call_args))
            o.append('\treturn glr_map_range(c, GLR_%s, made, (uint64_t)(uintptr_t)ret, 1);'
                     '\n}\n\n' % create_kind)
            return ''.join(o)
        o.append('\t%s ret = glr_gl.%s(%s);\n' % (cmd.ret, cmd.name[2:], call_args))
    else:
        o.append('\tglr_gl.%s(%s);\n' % (cmd.name[2:], call_args))
    if cmd.is_sync:
        pbo = [p for p in outs if p.buffer]
        if pbo:
            o.append('\tif (pbo_%s)\n\t\treturn 0;\n' % pbo[0].name)
        if checked:
            o.append('\tglr_outputs_checked(c, %d);\n' % len(cmd.outputs))
        if cmd.answer_names:
            o.append('\tglr_answer_names(c, OP_%s, m, %s, %s);\n' % (
                cmd.name, 'a_%s' % cmd.answer_names[1] if cmd.answer_names[1] else '0',
                cmd.answer_names[0]))
        for p in outs:
            if cmd.name.startswith('glGetDebugMessageLog') and p.base in ('GLchar', 'GLcharARB'):
                # one string per message returned, one after the other
                o.append('\tglr_trim_strings(c, %d, (size_t)ret);\n' % cmd.outputs.index(p))
            elif cmd.name.startswith('glGetDebugMessageLog'):
                # GL writes one element per message returned
                o.append('\tglr_trim_output(c, %d, (size_t)ret * %s);\n'
                         % (cmd.outputs.index(p), p.elem_size))
            elif p.base in ('GLchar', 'GLcharARB'):
                o.append('\tglr_trim_string(c, %d);\n' % cmd.outputs.index(p))
        o.append('\treturn glr_reply(c, %d, %s, %s);\n}\n\n' % (
            len(cmd.outputs), '&ret' if cmd.returns else 'NULL',
            'sizeof ret' if cmd.returns else '0'))
    else:
        o.append('\treturn 0;\n}\n\n')
    return ''.join(o)


def host_size(p, cmd):
    expr = p.size
    pack = '1' if p.direction == 'out' else '0'
    expr = expr.replace('IMAGE(', 'IMAGE_SIZE(%s, ' % pack)
    for q in cmd.params:
        if not q.is_pointer:
            expr = re.sub(r'\b%s\b' % re.escape(q.name), 'a_' + q.name, expr)
    if p.direction == 'out':
        # an output's negative count (GL raises GL_INVALID_VALUE, writes nothing) sizes
        # no answer; an input's is refused by the guest before it travels
        expr = re.sub(r'\(size_t\)(a_[A-Za-z0-9_]+)', r'wire_count(\1)', expr)
    return 'glr_size(%s, %s)' % (expr, p.elem_size.strip())


def print_dec(reg):
    out = [HEADER, '#include "dec_gl.h"\n\n']
    out.append('struct glr_gl_table glr_gl;\n\n')
    for name in sorted(reg.commands):
        out.append(dec_command(reg.commands[name]))
    out.append('const glr_decoder glr_decoders[WIRE_OP_COUNT] = {\n')
    for name in sorted(reg.commands):
        c = reg.commands[name]
        if c.refused or c.local:
            continue
        out.append('\t[OP_%s] = %s,\n' % (name, ('glr_dec_' if c.host_custom else 'dec_') + name))
    out.append('};\n\n')
    out.append('void glr_gl_load(glr_proc (*get)(const char *))\n{\n')
    for name in sorted(reg.commands):
        out.append('\tglr_gl.%s = (PFN_%s)get("%s");\n' % (name[2:], name, name))
    out.append('}\n')
    return ''.join(out)


def print_dec_h(reg):
    out = [HEADER, '#ifndef FAKEGL_DEC_GL_H\n#define FAKEGL_DEC_GL_H\n\n',
           '#include "gl_types.h"\n#include "decode.h"\n\n']
    for name in sorted(reg.commands):
        c = reg.commands[name]
        params = ', '.join(p.decl for p in c.params) or 'void'
        out.append('typedef %s (*PFN_%s)(%s);\n' % (c.ret, name, params))
    out.append('\n/* Every GL command of the registry, as the host driver gives it (NULL where\n'
               ' * it has none: the decoder raises GL_INVALID_OPERATION then). */\n')
    out.append('struct glr_gl_table {\n')
    for name in sorted(reg.commands):
        out.append('\tPFN_%s %s;\n' % (name, name[2:]))
    out.append('};\nextern struct glr_gl_table glr_gl;\n')
    out.append('typedef void (*glr_proc)(void);\n')
    out.append('void glr_gl_load(glr_proc (*get)(const char *));\n')
    for name in sorted(reg.commands):
        c = reg.commands[name]
        if c.host_custom and not c.refused and not c.local:
            out.append('int glr_dec_%s(struct glr_client *c, const uint8_t *m, size_t len);\n' % name)
    out.append('\n#endif\n')
    return ''.join(out)


def print_list(reg):
    out = []
    for name in sorted(reg.commands, key=lambda n: reg.commands[n].opcode):
        c = reg.commands[name]
        how = 'refused' if c.refused else 'local' if c.local else (
            'sync' if c.is_sync else 'async')
        out.append('%d %s %s\n' % (c.opcode, name, how))
    return ''.join(out)


# What glstream's dump prints: per opcode the command's name and its arguments as they
# lie in the fixed part, with the type each is shown as; the GL enums by value and group.
GLS_SCALAR = {'GLenum': 'ENUM', 'GLbitfield': 'BITFIELD', 'GLboolean': 'BOOL',
              'GLfloat': 'FLOAT', 'GLclampf': 'FLOAT', 'GLdouble': 'DOUBLE', 'GLclampd': 'DOUBLE',
              'GLbyte': 'I8', 'GLshort': 'I16', 'GLint': 'I32', 'GLsizei': 'I32', 'GLfixed': 'I32',
              'GLclampx': 'I32', 'GLubyte': 'U8', 'GLushort': 'U16', 'GLuint': 'U32',
              'GLhandleARB': 'U32', 'GLhalf': 'U16', 'GLhalfARB': 'U16', 'GLhalfNV': 'U16',
              'GLint64': 'I64', 'GLint64EXT': 'I64', 'GLintptr': 'I64', 'GLintptrARB': 'I64',
              'GLsizeiptr': 'I64', 'GLsizeiptrARB': 'I64', 'GLuint64': 'U64', 'GLuint64EXT': 'U64',
              'GLsync': 'U64', 'GLvdpauSurfaceNV': 'U64', 'GLchar': 'CHAR', 'GLcharARB': 'CHAR',
              'void': 'U8'}


def print_gls_desc(reg, internal):
    out = [HEADER, '#include "gls_desc.h"\n\n']
    groups = {}
    for name, cmd in sorted(reg.commands.items()):
        for p in cmd.params:
            if p.group and p.base in ('GLenum', 'GLbitfield'):
                groups.setdefault(p.group, len(groups) + 1)
    for name in sorted(reg.commands):
        cmd = reg.commands[name]
        if cmd.refused or cmd.local or (cmd.guest_custom and cmd.unsized):
            continue
        args = []
        for p in cmd.params:
            if p.is_pointer:
                if p.direction == 'in':
                    kind = 'PTR_IN'
                elif p.buffer:
                    kind = 'PTR_OUT_PBO'
                else:
                    continue
                elem = GLS_SCALAR.get(p.base, 'U8')
                if p.base in ('GLchar', 'GLcharARB') or (p.size or '').startswith('STRLEN'):
                    elem = 'CHAR'
            else:
                kind = 'NAME' if p.klass in KINDS or p.klass == LIST_CLASS else \
                    GLS_SCALAR.get(p.base, 'U32')
                if kind in ('CHAR',):
                    kind = 'I8'
                elem = 'U8'
            args.append('{"%s", GLS_A_%s, GLS_A_%s, %d}' % (
                p.name.rstrip('_'), kind, elem, groups.get(p.group, 0) if p.base in (
                    'GLenum', 'GLbitfield') else 0))
        if cmd.gen_kind == 'create':
            args.append('{"name", GLS_A_MADE, GLS_A_U8, 0}')
        flags = ['0']
        if cmd.is_sync:
            flags.append('GLS_D_SYNC')
        if cmd.host_custom or cmd.guest_custom:
            flags.append('GLS_D_CUSTOM')
        out.append('static const struct gls_arg args_%s[] = {%s};\n' % (
            name, ', '.join(args) or '{NULL, 0, 0, 0}'))
        out.append('#define NARGS_%s %d\n#define FLAGS_%s (%s)\n' % (
            name, len(args), name, ' | '.join(flags)))
    out.append('\nconst struct gls_desc gls_descs[WIRE_OP_COUNT] = {\n')
    for name in sorted(reg.commands):
        cmd = reg.commands[name]
        if cmd.refused or cmd.local or (cmd.guest_custom and cmd.unsized):
            continue
        out.append('\t[OP_%s] = {"%s", NARGS_%s, FLAGS_%s, args_%s},\n'
                   % (name, name, name, name, name))
    out.append('};\n\n')
    # Enums: by value, then group (0: no group); a value's name outside any group of
    # its own is the first of the registry without a vendor suffix, else the first.
    entries = {}
    first = {}
    for name, value, grps in reg.enum_list:
        if not name.startswith('GL_') or not re.match(r'^0x[0-9A-Fa-f]+$|^[0-9]+$', value or ''):
            continue
        v = int(value, 0)
        if v > 0xffffffff:
            continue
        for g in grps:
            if g in groups:
                entries.setdefault((v, groups[g]), name)
        vendor = re.search(r'_(ARB|EXT|NV|AMD|ATI|SGIS|SGIX|SGI|APPLE|IBM|INTEL|MESA|OES|'
                           r'KHR|3DFX|HP|SUN|PGI|INGR|REND|S3|OML|NVX|WIN|GREMEDY|OVR|QCOM)$', name)
        if v not in first or (first[v][1] and not vendor):
            first[v] = (name, bool(vendor))
    for v, (name, _) in first.items():
        entries.setdefault((v, 0), name)
    out.append('const struct gls_enum gls_enums[] = {\n')
    for (v, g), name in sorted(entries.items()):
        out.append('\t{0x%X, %d, "%s"},\n' % (v, g, name))
    out.append('};\nconst size_t gls_enum_count = sizeof gls_enums / sizeof gls_enums[0];\n')
    return ''.join(out)


# ---------------------------------------------------------------------- main

INTERNAL_MAX = 63  # opcodes 1..63 are fakegl's own (GLX work, client arrays)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('mode', choices=['ops-h', 'ops-c', 'types-h', 'enc', 'enc-h', 'dec',
                                     'dec-h', 'list', 'gls-desc', 'append-opcodes'])
    ap.add_argument('--registry', required=True)
    ap.add_argument('--annotations', required=True)
    ap.add_argument('--opcodes', required=True)
    ap.add_argument('-o', '--output')
    args = ap.parse_args(argv)
    try:
        reg = Registry(args.registry)
        ops = read_opcodes(args.opcodes)
        if args.mode == 'append-opcodes':
            nxt = max([v for v in ops.values()] + [INTERNAL_MAX]) + 1
            with open(args.opcodes, 'a', encoding='utf-8') as f:
                for name in sorted(reg.commands):
                    if name not in ops:
                        f.write('%d %s\n' % (nxt, name))
                        nxt += 1
            return 0
        internal = {k: v for k, v in ops.items() if v <= INTERNAL_MAX}
        for k, v in ops.items():
            if v > INTERNAL_MAX and not k.startswith('gl'):
                raise GenError('%s:1: error: %s: opcodes above %d are GL commands'
                               % (args.opcodes, k, INTERNAL_MAX))
        ann = Annotations(args.annotations)
        plan(reg, ann, ops)
        reg.refused_extensions = set(ann.refuse)
        text = {'ops-h': lambda: print_ops_h(reg, internal),
                'ops-c': lambda: print_ops_c(reg, internal),
                'types-h': lambda: print_types_h(reg),
                'enc': lambda: print_enc(reg), 'enc-h': lambda: print_enc_h(reg),
                'dec': lambda: print_dec(reg), 'dec-h': lambda: print_dec_h(reg),
                'list': lambda: print_list(reg),
                'gls-desc': lambda: print_gls_desc(reg, internal)}[args.mode]()
    except GenError as e:
        sys.stderr.write(str(e) + '\n')
        return 1
    if args.output:
        with open(args.output, 'w', encoding='utf-8') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
