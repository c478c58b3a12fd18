/* dump.c — `glstream dump`: one call a line, like apitrace dump. Arguments are read
 * with the layout that wire/gen_gl.py generated for the decoders (gls_desc.c); a
 * command whose bytes do not fit its description is shown by name and size. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gls_desc.h"
#include "glstream.h"
#include "wire.h"

/* fakegl's own commands (wire/PROTOCOL.md, "fakegl's own commands"). */
#define A(n, k) {n, GLS_A_##k, GLS_A_U8, 0}
static const struct gls_arg a_create[] = {A("context", U32), A("share", U32), A("major", I32),
	A("minor", I32), A("profile", HEX), A("flags", HEX), A("reset", HEX)};
static const struct gls_arg a_context[] = {A("context", U32)};
static const struct gls_arg a_make_current[] = {A("context", U32), A("draw", HEX),
	A("read", HEX), A("draw_width", I32), A("draw_height", I32), A("read_width", I32),
	A("read_height", I32), A("red", I32), A("green", I32), A("blue", I32), A("alpha", I32),
	A("depth", I32), A("stencil", I32), A("samples", I32), A("doublebuffer", BOOL)};
static const struct gls_arg a_drawable[] = {A("drawable", HEX)};
static const struct gls_arg a_size[] = {A("drawable", HEX), A("width", I32), A("height", I32)};
static const struct gls_arg a_buffer_read[] = {A("buffer", NAME), A("offset", U64),
	A("length", U64)};
static const struct gls_arg a_buffer_write[] = {A("buffer", NAME), A("offset", U64),
	A("length", U32)};
static const struct gls_arg a_index_range[] = {A("count", I32), A("type", ENUM),
	A("offset", U64)};
static const struct gls_arg a_arrays[] = {A("count", U32)};
static const struct gls_arg a_shm_buffer[] = {A("drawable", HEX), A("slot", U32),
	A("size", U32)};
static const struct gls_arg a_copy_context[] = {A("src", U32), A("dst", U32), A("mask", HEX)};
#undef A
#define D(op, args, flags) [OP_##op] = {#op, sizeof args / sizeof args[0], flags, args}
static const struct gls_desc internal[64] = {
	D(glXCreateContext, a_create, GLS_D_SYNC),
	D(glXDestroyContext, a_context, 0),
	D(glXMakeCurrent, a_make_current, 0),
	D(glXSwapBuffers, a_drawable, 0),
	D(glXDestroyWindow, a_drawable, 0),
	D(fglClientArrays, a_arrays, 0),
	[OP_fglPing] = {"fglPing", 0, GLS_D_SYNC, NULL},
	D(fglDrawableSize, a_size, 0),
	D(fglBufferRead, a_buffer_read, GLS_D_SYNC),
	D(fglBufferWrite, a_buffer_write, 0),
	D(fglIndexRange, a_index_range, GLS_D_SYNC),
	D(fglCopyContext, a_copy_context, GLS_D_SYNC),
	D(fglShmBuffer, a_shm_buffer, 0),
};
#undef D

static const char *enum_name(uint32_t v, uint16_t group)
{
	size_t lo = 0, hi = gls_enum_count;
	while (lo < hi) { /* the first entry of value v */
		size_t mid = (lo + hi) / 2;
		if (gls_enums[mid].value < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	const char *any = NULL;
	for (size_t i = lo; i < gls_enum_count && gls_enums[i].value == v; i++) {
		if (gls_enums[i].group == group)
			return gls_enums[i].name;
		if (gls_enums[i].group == 0)
			any = gls_enums[i].name;
	}
	return any;
}

/* The shortest text that reads back as the same float (or double). */
static void put_real(FILE *out, double v, bool is_float)
{
	char buf[64];
	if (isnan(v) || isinf(v)) {
		fprintf(out, "%s", isnan(v) ? "NaN" : v < 0 ? "-Inf" : "Inf");
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (is_float ? strtof(buf, NULL) == (float)v : strtod(buf, NULL) == v)
			break;
	}
	fputs(buf, out);
}

static void put_bitfield(FILE *out, uint32_t v, uint16_t group)
{
	if (!v) {
		fputs("0", out);
		return;
	}
	bool first = true;
	for (int bit = 0; bit < 32; bit++) {
		uint32_t m = 1u << bit;
		if (!(v & m))
			continue;
		const char *name = group ? enum_name(m, group) : NULL;
		if (!name)
			continue;
		fprintf(out, "%s%s", first ? "" : " | ", name);
		first = false;
		v &= ~m;
	}
	if (v)
		fprintf(out, "%s0x%x", first ? "" : " | ", v);
}

/* A scalar of kind k from 4 or 8 bytes. */
static void put_scalar(FILE *out, const uint8_t *p, uint8_t kind, uint16_t group)
{
	uint32_t u;
	uint64_t q;
	memcpy(&u, p, 4);
	switch (kind) {
	case GLS_A_ENUM: {
		const char *name = enum_name(u, group);
		if (name)
			fputs(name, out);
		else
			fprintf(out, "0x%04x", u);
		break;
	}
	case GLS_A_BITFIELD:
		put_bitfield(out, u, group);
		break;
	case GLS_A_BOOL:
		fputs((u & 0xff) == 0 ? "GL_FALSE" : (u & 0xff) == 1 ? "GL_TRUE" : "?", out);
		if ((u & 0xff) > 1)
			fprintf(out, "(%u)", u & 0xff);
		break;
	case GLS_A_FLOAT: {
		float f;
		memcpy(&f, p, 4);
		put_real(out, f, true);
		break;
	}
	case GLS_A_DOUBLE: {
		double d;
		memcpy(&d, p, 8);
		put_real(out, d, false);
		break;
	}
	case GLS_A_I8:
		fprintf(out, "%d", (int8_t)u);
		break;
	case GLS_A_I16:
		fprintf(out, "%d", (int16_t)u);
		break;
	case GLS_A_I32:
		fprintf(out, "%d", (int32_t)u);
		break;
	case GLS_A_U8:
		fprintf(out, "%u", u & 0xff);
		break;
	case GLS_A_U16:
		fprintf(out, "%u", u & 0xffff);
		break;
	case GLS_A_HEX:
		fprintf(out, "0x%x", u);
		break;
	case GLS_A_I64:
		memcpy(&q, p, 8);
		fprintf(out, "%lld", (long long)q);
		break;
	case GLS_A_U64:
	case GLS_A_MADE:
		memcpy(&q, p, 8);
		fprintf(out, "%llu", (unsigned long long)q);
		break;
	default:
		fprintf(out, "%u", u);
		break;
	}
}

static size_t kind_size(uint8_t kind)
{
	switch (kind) {
	case GLS_A_DOUBLE:
	case GLS_A_I64:
	case GLS_A_U64:
	case GLS_A_MADE:
		return 8;
	default:
		return 4;
	}
}

static size_t elem_size(uint8_t kind)
{
	switch (kind) {
	case GLS_A_I8: case GLS_A_U8: case GLS_A_CHAR: case GLS_A_BOOL:
		return 1;
	case GLS_A_I16: case GLS_A_U16:
		return 2;
	case GLS_A_DOUBLE: case GLS_A_I64: case GLS_A_U64:
		return 8;
	default:
		return 4;
	}
}

static void put_string(FILE *out, const uint8_t *p, size_t n)
{
	if (n && !p[n - 1])
		n--;
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = p[i];
		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", out);
		else if (ch == '\t')
			fputs("\\t", out);
		else if (ch < 32 || ch >= 127)
			fprintf(out, "\\x%02x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

/* Pointer data: short strings and arrays in full, anything else by its size. */
static void put_data(FILE *out, const uint8_t *p, size_t n, const struct gls_arg *a)
{
	size_t es = elem_size(a->elem);
	if (a->elem == GLS_A_CHAR) {
		if (n <= 4096)
			put_string(out, p, n);
		else
			fprintf(out, "blob(%zu)", n);
		return;
	}
	if (n % es || n / es > 16 || a->elem == GLS_A_U8) {
		fprintf(out, "blob(%zu)", n);
		return;
	}
	fputc('{', out);
	for (size_t i = 0; i < n / es; i++) {
		uint8_t w[8] = {0};
		memcpy(w, p + i * es, es);
		if (i)
			fputs(", ", out);
		put_scalar(out, w, a->elem, a->group);
	}
	fputc('}', out);
}

/* Print the arguments of cmd by desc into a memory stream; false when the bytes do
 * not fit the description (then nothing of it is used). */
static bool print_args(FILE *out, const struct gls_desc *d, const struct gls_command *cmd)
{
	const uint8_t *m = cmd->payload;
	size_t len = cmd->len, at = 0;
	uint32_t words[32];
	size_t data = 0;
	if (d->nargs > 32)
		return false;
	/* the fixed part */
	for (int i = 0; i < d->nargs; i++) {
		const struct gls_arg *a = &d->args[i];
		if (a->kind == GLS_A_MADE)
			continue;
		size_t sz = kind_size(a->kind);
		if (len - at < sz)
			return false;
		if (a->kind == GLS_A_PTR_IN || a->kind == GLS_A_PTR_OUT_PBO)
			memcpy(&words[i], m + at, 4);
		at += sz;
	}
	size_t made_at = at;
	if (d->nargs && d->args[d->nargs - 1].kind == GLS_A_MADE) {
		if (len - at < 8)
			return false;
		at += 8;
	}
	data = at;
	/* the data, checked before anything is printed */
	for (int i = 0; i < d->nargs; i++) {
		const struct gls_arg *a = &d->args[i];
		if (a->kind != GLS_A_PTR_IN && a->kind != GLS_A_PTR_OUT_PBO)
			continue;
		if (words[i] == WIRE_PTR_OFFSET) {
			if (len - data < 8)
				return false;
			data += 8;
		} else if (a->kind == GLS_A_PTR_IN && words[i] != WIRE_PTR_NULL) {
			if (words[i] > len - data || wire_pad4(words[i]) > len - data)
				return false;
			data += wire_pad4(words[i]);
		}
	}
	/* fakegl's own commands may carry more than their table here knows: shown as data */
	if (data != len && !(d >= internal && d < internal + 64))
		return false;
	/* print */
	at = 0;
	data = made_at;
	if (d->nargs && d->args[d->nargs - 1].kind == GLS_A_MADE)
		data += 8;
	fprintf(out, "%s(", d->name);
	int shown = 0;
	for (int i = 0; i < d->nargs; i++) {
		const struct gls_arg *a = &d->args[i];
		if (a->kind == GLS_A_MADE)
			continue;
		fprintf(out, "%s%s = ", shown++ ? ", " : "", a->name);
		if (a->kind == GLS_A_PTR_IN || a->kind == GLS_A_PTR_OUT_PBO) {
			uint32_t w = words[i];
			if (w == WIRE_PTR_OFFSET) {
				uint64_t off;
				memcpy(&off, m + data, 8);
				data += 8;
				fprintf(out, "(offset)0x%llx", (unsigned long long)off);
			} else if (a->kind == GLS_A_PTR_OUT_PBO) {
				fputs("out", out);
			} else if (w == WIRE_PTR_NULL) {
				fputs("NULL", out);
			} else {
				put_data(out, m + data, w, a);
				data += wire_pad4(w);
			}
		} else {
			put_scalar(out, m + at, a->kind, a->group);
		}
		at += kind_size(a->kind);
	}
	if (data < len)
		fprintf(out, "%sdata = blob(%zu)", shown ? ", " : "", len - data);
	fputc(')', out);
	if (d->nargs && d->args[d->nargs - 1].kind == GLS_A_MADE) {
		fputs(" = ", out);
		put_scalar(out, m + made_at, GLS_A_MADE, 0);
	}
	return true;
}

void gls_print_command(FILE *out, const struct gls_command *cmd)
{
	const struct gls_desc *d = NULL;
	if (cmd->op < 64)
		d = internal[cmd->op].name ? &internal[cmd->op] : NULL;
	else if (cmd->op < WIRE_OP_COUNT && gls_descs[cmd->op].name)
		d = &gls_descs[cmd->op];
	if (cmd->thread)
		fprintf(out, "[thread %u] ", cmd->thread);
	if (d) {
		char *text = NULL;
		size_t size = 0;
		FILE *mem = open_memstream(&text, &size);
		if (mem) {
			bool ok = print_args(mem, d, cmd);
			fclose(mem);
			if (ok) {
				fputs(text, out);
				free(text);
				return;
			}
			free(text);
		}
	}
	const char *name = cmd->op < WIRE_OP_COUNT && wire_op_names[cmd->op] ?
				   wire_op_names[cmd->op] : NULL;
	if (name)
		fprintf(out, "%s(/* %zu bytes */)", name, cmd->len);
	else
		fprintf(out, "unknown_opcode_%u(/* %zu bytes */)", cmd->op, cmd->len);
}

int gls_dump(int argc, char **argv)
{
	const char *path = NULL;
	struct gls_range calls = {0, UINT64_MAX}, frames = {0, UINT64_MAX};
	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "--calls") || !strcmp(argv[i], "--frames")) && i + 1 < argc) {
			struct gls_range *r = argv[i][2] == 'c' ? &calls : &frames;
			if (gls_parse_range(argv[i + 1], r) < 0)
				return gls_fail(NULL, "%s %s: expected A-B, A, A- or -B", argv[i],
						argv[i + 1]), 2;
			i++;
		} else if (argv[i][0] == '-' || path) {
			return gls_fail(NULL, "usage: glstream dump FILE [--calls A-B] [--frames A-B]"), 2;
		} else {
			path = argv[i];
		}
	}
	if (!path)
		return gls_fail(NULL, "usage: glstream dump FILE [--calls A-B] [--frames A-B]"), 2;
	char err[300];
	struct gls_trace *t = gls_open_file(path, err, sizeof err);
	if (!t)
		return gls_fail(path, "%s", err);
	/* seek: the first frame asked for, or a later one when the first call asked for
	 * comes after its start */
	uint64_t start = frames.first <= gls_frames(t) ? frames.first : gls_frames(t);
	while (start < gls_frames(t) && gls_frame(t, start + 1)->call <= calls.first)
		start++;
	struct gls_cursor *cur = gls_cursor_new(t, start, err, sizeof err);
	int rc = 0;
	if (!cur) {
		gls_close(t);
		return gls_fail(path, "%s", err);
	}
	struct gls_command cmd;
	int r;
	while ((r = gls_cursor_next(cur, &cmd, err, sizeof err)) > 0) {
		if (cmd.frame > frames.last || cmd.call > calls.last)
			break;
		if (cmd.frame < frames.first || cmd.call < calls.first)
			continue;
		printf("%llu ", (unsigned long long)cmd.call);
		gls_print_command(stdout, &cmd);
		putchar('\n');
		if (cmd.op == OP_glXSwapBuffers)
			putchar('\n');
	}
	if (r < 0)
		rc = gls_fail(path, "%s", err);
	else if (gls_damage(t))
		rc = gls_fail(path, "%s; what precedes it is shown", gls_damage(t));
	gls_cursor_free(cur);
	gls_close(t);
	if (fflush(stdout) != 0 && !rc)
		rc = gls_fail(NULL, "cannot write the output");
	return rc;
}
