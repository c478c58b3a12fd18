/* draws.c — no draw reads memory the guest did not give: before a draw, every enabled
 * vertex array that is not in a buffer object must point at the copy fglClientArrays made
 * of it, and the draw's vertex (or instance) range must lie inside that copy. Anything else
 * (an array enabled with no data, a NULL pointer, an old copy, a range past the data) would
 * make the driver read glrender's own memory: the draw is refused with
 * GL_INVALID_OPERATION for the app and a log line. Buffer-backed arrays are the driver's
 * to bound (llvmpipe checks vertex fetches against the buffer size).
 *
 * The array state is read back from the driver only after a command that may have changed
 * it (any gl*Pointer, enable, VAO, client-attrib or buffer-deleting command, and
 * fglClientArrays): a draw after a draw costs nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dec_gl.h"
#include "glr.h"

static bool has(const char *name, const char *part)
{
	return strstr(name, part) != NULL;
}

/* By name, so that every extension's variant is caught: a command that can change which
 * arrays are enabled or where they point, and one that reads them (client.c builds its
 * table of checks with this once, at load). */
void glr_draws_classify(unsigned char *checks)
{
	for (uint32_t op = 64; op < WIRE_OP_COUNT; op++) {
		const char *n = wire_op_names[op];
		if (!n || !strncmp(n, "glGet", 5) || !strncmp(n, "glIs", 4))
			continue;
		/* glDraw* that read no vertex arrays: pixels, buffers to draw into, textures */
		bool no_arrays = !strncmp(n, "glDrawPixels", 12) || !strncmp(n, "glDrawBuffer", 12) ||
				 !strncmp(n, "glDrawTexture", 13) || !strncmp(n, "glDrawMeshTasks", 15) ||
				 !strncmp(n, "glDrawVkImage", 13);
		if (no_arrays)
			continue;
		if (!strncmp(n, "glDraw", 6) || !strncmp(n, "glMultiDraw", 11) ||
		    !strncmp(n, "glMultiModeDraw", 15) || !strncmp(n, "glArrayElement", 14))
			checks[op] |= GLR_OP_DRAW;
		else if (!strcmp(n, "glEnable") || !strcmp(n, "glDisable")) /* GL_VERTEX_ARRAY… */
			checks[op] |= GLR_OP_ARRAYS;
		else if (has(n, "Pointer") || has(n, "ClientState") || has(n, "VertexAttribArray") ||
			 has(n, "VertexArray") || has(n, "VertexBuffer") || has(n, "AttribBinding") ||
			 has(n, "AttribFormat") || has(n, "BindingDivisor") || has(n, "AttribDivisor") ||
			 has(n, "ClientAttrib") || has(n, "InterleavedArrays") ||
			 has(n, "DeleteBuffers") || has(n, "ClientActiveTexture"))
			checks[op] |= GLR_OP_ARRAYS;
	}
	checks[OP_fglClientArrays] |= GLR_OP_ARRAYS;
	checks[OP_glBegin] |= GLR_OP_DRAW; /* where glArrayElement's arrays are read back */
	checks[OP_glEnd] |= GLR_OP_DRAW;
}

/* ---- the arrays as the driver has them ---- */

#define FIXED_SLOTS WIRE_ARRAY_GENERIC0
#define GENERIC_SLOTS (WIRE_ARRAYS - WIRE_ARRAY_GENERIC0)

static const GLenum fixed_cap[FIXED_SLOTS] = {
	GL_VERTEX_ARRAY, GL_NORMAL_ARRAY, GL_COLOR_ARRAY, GL_SECONDARY_COLOR_ARRAY,
	GL_FOG_COORD_ARRAY, GL_EDGE_FLAG_ARRAY, GL_INDEX_ARRAY,
	GL_TEXTURE_COORD_ARRAY, GL_TEXTURE_COORD_ARRAY, GL_TEXTURE_COORD_ARRAY,
	GL_TEXTURE_COORD_ARRAY, GL_TEXTURE_COORD_ARRAY, GL_TEXTURE_COORD_ARRAY,
	GL_TEXTURE_COORD_ARRAY, GL_TEXTURE_COORD_ARRAY,
};
static const GLenum fixed_binding[FIXED_SLOTS] = {
	GL_VERTEX_ARRAY_BUFFER_BINDING, GL_NORMAL_ARRAY_BUFFER_BINDING,
	GL_COLOR_ARRAY_BUFFER_BINDING, GL_SECONDARY_COLOR_ARRAY_BUFFER_BINDING,
	GL_FOG_COORD_ARRAY_BUFFER_BINDING, GL_EDGE_FLAG_ARRAY_BUFFER_BINDING,
	GL_INDEX_ARRAY_BUFFER_BINDING,
	GL_TEXTURE_COORD_ARRAY_BUFFER_BINDING, GL_TEXTURE_COORD_ARRAY_BUFFER_BINDING,
	GL_TEXTURE_COORD_ARRAY_BUFFER_BINDING, GL_TEXTURE_COORD_ARRAY_BUFFER_BINDING,
	GL_TEXTURE_COORD_ARRAY_BUFFER_BINDING, GL_TEXTURE_COORD_ARRAY_BUFFER_BINDING,
	GL_TEXTURE_COORD_ARRAY_BUFFER_BINDING, GL_TEXTURE_COORD_ARRAY_BUFFER_BINDING,
};
static const GLenum fixed_pointer[FIXED_SLOTS] = {
	GL_VERTEX_ARRAY_POINTER, GL_NORMAL_ARRAY_POINTER, GL_COLOR_ARRAY_POINTER,
	GL_SECONDARY_COLOR_ARRAY_POINTER, GL_FOG_COORD_ARRAY_POINTER,
	GL_EDGE_FLAG_ARRAY_POINTER, GL_INDEX_ARRAY_POINTER,
	GL_TEXTURE_COORD_ARRAY_POINTER, GL_TEXTURE_COORD_ARRAY_POINTER,
	GL_TEXTURE_COORD_ARRAY_POINTER, GL_TEXTURE_COORD_ARRAY_POINTER,
	GL_TEXTURE_COORD_ARRAY_POINTER, GL_TEXTURE_COORD_ARRAY_POINTER,
	GL_TEXTURE_COORD_ARRAY_POINTER, GL_TEXTURE_COORD_ARRAY_POINTER,
};

static bool is_core(const struct glr_context *x)
{
	return x->attrs.profile == 1 && (x->attrs.major > 3 || (x->attrs.major == 3 && x->attrs.minor >= 2));
}

/* Which arrays are enabled and read the app's memory (no buffer), which of those point at
 * our current copy, and the divisors of the generic ones. */
static void scan(struct glr_context *x)
{
	uint32_t client = 0, ours = 0;
	bool fixed = !is_core(x) && glr_gl.GetPointerv;
	GLint active = GL_TEXTURE0, units = 0, attribs = 0;
	if (fixed) {
		glr_gl.GetIntegerv(GL_CLIENT_ACTIVE_TEXTURE, &active);
		glr_gl.GetIntegerv(GL_MAX_TEXTURE_COORDS, &units);
	}
	for (int s = 0; fixed && s < FIXED_SLOTS; s++) {
		if (s >= WIRE_ARRAY_TEXCOORD0) {
			if (s - WIRE_ARRAY_TEXCOORD0 >= units)
				break;
			glr_gl.ClientActiveTexture(GL_TEXTURE0 + (GLenum)(s - WIRE_ARRAY_TEXCOORD0));
		}
		if (!glr_gl.IsEnabled(fixed_cap[s]))
			continue;
		GLint buffer = 0;
		glr_gl.GetIntegerv(fixed_binding[s], &buffer);
		if (buffer)
			continue;
		void *p = NULL;
		glr_gl.GetPointerv(fixed_pointer[s], &p);
		client |= 1u << s;
		if (x->arrays[s].data && p == x->arrays[s].base)
			ours |= 1u << s;
	}
	if (fixed)
		glr_gl.ClientActiveTexture((GLenum)active);
	if (glr_gl.GetVertexAttribiv && glr_gl.GetVertexAttribPointerv)
		glr_gl.GetIntegerv(GL_MAX_VERTEX_ATTRIBS, &attribs);
	for (int i = 0; i < GENERIC_SLOTS && i < attribs; i++) {
		int s = WIRE_ARRAY_GENERIC0 + i;
		GLint on = 0, buffer = 0, divisor = 0;
		glr_gl.GetVertexAttribiv((GLuint)i, GL_VERTEX_ATTRIB_ARRAY_ENABLED, &on);
		if (!on)
			continue;
		glr_gl.GetVertexAttribiv((GLuint)i, GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING, &buffer);
		if (buffer)
			continue;
		void *p = NULL;
		glr_gl.GetVertexAttribPointerv((GLuint)i, GL_VERTEX_ATTRIB_ARRAY_POINTER, &p);
		glr_gl.GetVertexAttribiv((GLuint)i, GL_VERTEX_ATTRIB_ARRAY_DIVISOR, &divisor);
		client |= 1u << s;
		x->arrays[s].divisor = divisor > 0 ? (uint32_t)divisor : 0;
		if (x->arrays[s].data && p == x->arrays[s].base)
			ours |= 1u << s;
	}
	x->client_arrays = client;
	x->our_arrays = ours;
	x->arrays_changed = false;
}

/* ---- the ranges draws read ---- */

struct range {
	int64_t lo, hi;		 /* vertices lo..hi-1 (hi <= lo: none) */
	int64_t inst_lo, inst_n; /* instances */
	bool known;		 /* false: a draw whose range we do not follow */
};

static uint32_t word(const uint8_t *m, size_t len, size_t i)
{
	uint32_t v = 0;
	if (4 * i + 4 <= len)
		memcpy(&v, m + 4 * i, 4);
	return v;
}

static int index_size(uint32_t type)
{
	return type == GL_UNSIGNED_BYTE ? 1 : type == GL_UNSIGNED_SHORT ? 2 : type == GL_UNSIGNED_INT ? 4 : 0;
}

/* GL_PRIMITIVE_RESTART and its index, which glArrayElement also honours (Mesa: not
 * GL_PRIMITIVE_RESTART_FIXED_INDEX there). GL_PRIMITIVE_RESTART_NV (a client state of
 * NV_primitive_restart) is the same state in Mesa; a driver that keeps them apart
 * restarts on either. */
static bool element_restart(uint32_t *index)
{
	GLenum pname = GL_PRIMITIVE_RESTART_INDEX;
	if (!glr_gl.IsEnabled(GL_PRIMITIVE_RESTART)) {
		if (!glr_gl.IsEnabled(GL_PRIMITIVE_RESTART_NV))
			return false;
		pname = GL_PRIMITIVE_RESTART_INDEX_NV;
	}
	/* 64 bits: glGetIntegerv clamps an index past INT_MAX (0xffffffff) to INT_MAX */
	GLint64 v = 0;
	if (glr_gl.GetInteger64v) {
		glr_gl.GetInteger64v(pname, &v);
	} else {
		GLint i = 0;
		glr_gl.GetIntegerv(pname, &i);
		v = (uint32_t)i;
	}
	*index = (uint32_t)v;
	return true;
}

bool glr_restart_index(int size, uint32_t *index)
{
	/* "If both PRIMITIVE_RESTART and PRIMITIVE_RESTART_FIXED_INDEX are enabled, the index
	 * value determined by PRIMITIVE_RESTART_FIXED_INDEX is used" (GL 4.6 §10.3.6): the
	 * other index is then a vertex like any. */
	if (glr_gl.IsEnabled(GL_PRIMITIVE_RESTART_FIXED_INDEX)) {
		*index = size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffff;
		return true;
	}
	return element_restart(index);
}

/* The smallest and largest index of count indices of type: in the message (n bytes at
 * m + at) or at an offset in the bound element buffer. false: none read (GL refuses the
 * draw, or it draws nothing). */
static bool index_bounds(uint32_t count, uint32_t type, const uint8_t *m, size_t len, size_t at,
			 uint32_t n, int64_t *lo, int64_t *hi)
{
	int size = index_size(type);
	if (!size || !count || (int32_t)count < 0)
		return false;
	size_t bytes = (size_t)count * (size_t)size;
	const uint8_t *idx;
	uint8_t *copy = NULL;
	if (n == WIRE_PTR_OFFSET) {
		uint64_t offset;
		GLint64 bsize = 0;
		if (len - at < 8)
			return false;
		memcpy(&offset, m + at, 8);
		if (glr_gl.GetBufferParameteri64v)
			glr_gl.GetBufferParameteri64v(GL_ELEMENT_ARRAY_BUFFER, GL_BUFFER_SIZE, &bsize);
		if (bsize <= 0 || offset > (uint64_t)bsize || bytes > (uint64_t)bsize - offset)
			return false; /* GL refuses it (GL_INVALID_OPERATION) */
		if (!(copy = malloc(bytes)))
			return false;
		glr_gl.GetBufferSubData(GL_ELEMENT_ARRAY_BUFFER, (GLintptr)offset, (GLsizeiptr)bytes, copy);
		idx = copy;
	} else {
		if (n == WIRE_PTR_NULL || n > len - at || bytes > n)
			return false; /* the decoder refuses it */
		idx = m + at;
	}
	uint32_t restart_index = 0;
	bool restart = glr_restart_index(size, &restart_index);
	uint32_t a = UINT32_MAX, b = 0;
	bool any = false;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t v;
		if (size == 1) {
			v = idx[i];
		} else if (size == 2) {
			uint16_t v16;
			memcpy(&v16, idx + 2 * i, 2);
			v = v16;
		} else {
			memcpy(&v, idx + 4 * i, 4);
		}
		if (restart && v == restart_index)
			continue;
		a = v < a ? v : a;
		b = v > b ? v : b;
		any = true;
	}
	free(copy);
	*lo = a;
	*hi = (int64_t)b + 1;
	return any;
}

/* Words of the draws we follow: where count, type, the indices' count word and the
 * instance arguments are. -1: the draw has no such argument. */
struct layout {
	uint32_t op;
	int first, count, type, indices, instances, basevertex, baseinstance;
};
static const struct layout layouts[] = {
	{OP_glDrawArrays, 1, 2, -1, -1, -1, -1, -1},
	{OP_glDrawArraysEXT, 1, 2, -1, -1, -1, -1, -1},
	{OP_glDrawArraysInstanced, 1, 2, -1, -1, 3, -1, -1},
	{OP_glDrawArraysInstancedARB, 1, 2, -1, -1, 3, -1, -1},
	{OP_glDrawArraysInstancedEXT, 1, 2, -1, -1, 3, -1, -1},
	{OP_glDrawArraysInstancedBaseInstance, 1, 2, -1, -1, 3, -1, 4},
	{OP_glDrawElements, -1, 1, 2, 3, -1, -1, -1},
	{OP_glDrawElementsBaseVertex, -1, 1, 2, 3, -1, 4, -1},
	{OP_glDrawRangeElements, -1, 3, 4, 5, -1, -1, -1},
	{OP_glDrawRangeElementsEXT, -1, 3, 4, 5, -1, -1, -1},
	{OP_glDrawRangeElementsBaseVertex, -1, 3, 4, 5, -1, 6, -1},
	{OP_glDrawElementsInstanced, -1, 1, 2, 3, 4, -1, -1},
	{OP_glDrawElementsInstancedARB, -1, 1, 2, 3, 4, -1, -1},
	{OP_glDrawElementsInstancedEXT, -1, 1, 2, 3, 4, -1, -1},
	{OP_glDrawElementsInstancedBaseVertex, -1, 1, 2, 3, 4, 5, -1},
	{OP_glDrawElementsInstancedBaseInstance, -1, 1, 2, 3, 4, -1, 5},
	{OP_glDrawElementsInstancedBaseVertexBaseInstance, -1, 1, 2, 3, 4, 5, 6},
	{OP_glArrayElement, 0, -1, -1, -1, -1, -1, -1},
};

/* Whether a draw reads indices (or is not one whose range we follow). */
static bool reads_indices(uint32_t op)
{
	for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
		if (layouts[i].op == op)
			return layouts[i].indices >= 0;
	return true;
}

/* glMultiDrawArrays: mode, first and count (ptr-words), drawcount, then the arrays. A
 * negative count or drawcount: GL refuses the draw before reading (GL_INVALID_VALUE). */
static struct range multi_range(const uint8_t *m, size_t len)
{
	struct range r = {0, 0, 0, 1, true};
	int32_t n = (int32_t)word(m, len, 3);
	uint32_t nf = word(m, len, 1), nc = word(m, len, 2);
	if (n <= 0 || nf != nc || nf != 4 * (uint32_t)n || 16 + 2 * (size_t)nf > len)
		return r;
	bool any = false;
	for (int32_t i = 0; i < n; i++) {
		int32_t first = (int32_t)word(m, len, 4 + (size_t)i);
		int32_t count = (int32_t)word(m, len, 4 + (size_t)n + (size_t)i);
		if (count < 0)
			return (struct range){0, 0, 0, 1, true};
		if (!count)
			continue;
		if (!any || first < r.lo)
			r.lo = first;
		if (!any || (int64_t)first + count > r.hi)
			r.hi = (int64_t)first + count;
		any = true;
	}
	return r;
}

static struct range draw_range(uint32_t op, const uint8_t *m, size_t len)
{
	struct range r = {0, 0, 0, 1, false};
	if (op == OP_glMultiDrawArrays || op == OP_glMultiDrawArraysEXT)
		return multi_range(m, len);
	const struct layout *l = NULL;
	for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
		if (layouts[i].op == op)
			l = &layouts[i];
	if (!l)
		return r;
	r.known = true;
	if (l->instances >= 0)
		r.inst_n = (int32_t)word(m, len, (size_t)l->instances);
	if (l->baseinstance >= 0)
		r.inst_lo = word(m, len, (size_t)l->baseinstance);
	if (l->indices < 0) {
		int32_t count = l->count >= 0 ? (int32_t)word(m, len, (size_t)l->count) : 1;
		r.lo = (int32_t)word(m, len, (size_t)l->first);
		r.hi = count > 0 ? r.lo + count : r.lo;
		return r;
	}
	/* the scalars come first, then the indices' data or offset */
	int fields[] = {l->first, l->count, l->type, l->indices, l->instances, l->basevertex,
			l->baseinstance};
	size_t words = 0;
	for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
		if (fields[k] + 1 > (int)words)
			words = (size_t)fields[k] + 1;
	uint32_t n = word(m, len, (size_t)l->indices);
	if (4 * words > len || !index_bounds(word(m, len, (size_t)l->count),
					     word(m, len, (size_t)l->type), m, len, 4 * words, n,
					     &r.lo, &r.hi))
		r.hi = r.lo; /* nothing read */
	if (l->basevertex >= 0 && r.hi > r.lo) {
		int32_t base = (int32_t)word(m, len, (size_t)l->basevertex);
		r.lo += base;
		r.hi += base;
	}
	return r;
}

static int refuse(struct glr_client *c, uint32_t op, const char *why)
{
	if (!c->refused_draw)
		glr_log("%s: %s refused: %s (GL_INVALID_OPERATION for the app; said once)", c->peer,
			wire_op_names[op], why);
	c->refused_draw = true;
	if (!c->ctx->pending_error)
		c->ctx->pending_error = GL_INVALID_OPERATION;
	return 1;
}

static void hold_errors(struct glr_context *x)
{
	GLenum e;
	for (int guard = 16; (e = glr_gl.GetError()) != GL_NO_ERROR && guard--;)
		if (!x->pending_error)
			x->pending_error = e;
}

static void drop_errors(void)
{
	for (int guard = 16; glr_gl.GetError() != GL_NO_ERROR && guard--;)
		;
}

static int check_draw(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len)
{
	struct glr_context *x = c->ctx;
	if (x->arrays_changed)
		scan(x); /* never inside glBegin/glEnd (glr_check_arrays) */
	if (!x->client_arrays)
		return 0;
	if (x->client_arrays & ~x->our_arrays)
		return refuse(c, op, "an enabled vertex array has neither data nor a buffer");
	struct range r = draw_range(op, m, len);
	if (!r.known)
		return refuse(c, op, "a draw of this kind reads no arrays from the app's memory");
	if (op == OP_glArrayElement) {
		/* the restart index restarts the primitive and reads nothing */
		uint32_t index = x->begin_restart_index;
		bool restart = x->in_begin ? x->begin_restart : element_restart(&index);
		if (restart && (uint32_t)r.lo == index)
			return 0;
	}
	for (int s = 0; s < WIRE_ARRAYS; s++) {
		if (!(x->client_arrays & (1u << s)))
			continue;
		const struct glr_array_copy *a = &x->arrays[s];
		int64_t lo = r.lo, hi = r.hi;
		if (a->divisor) {
			lo = r.inst_lo;
			hi = r.inst_lo + (r.inst_n > 0 ? (r.inst_n - 1) / a->divisor + 1 : 1);
		}
		if (hi > lo && (lo < a->first || hi > a->first + a->count))
			return refuse(c, op, "the draw reads vertices past the data sent");
	}
	return 0;
}

/* glr_options.max_draw: vertices (or indices) times instances of one draw above it. The
 * fuzz target sets it: llvmpipe takes a minute over a draw of a billion vertices. */
static bool over_max_draw(uint32_t op, const uint8_t *m, size_t len)
{
	int64_t n = 0, inst = 1;
	if (op == OP_glMultiDrawArrays || op == OP_glMultiDrawArraysEXT) {
		struct range r = multi_range(m, len);
		n = r.hi - r.lo;
	}
	for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
		const struct layout *l = &layouts[i];
		if (l->op != op)
			continue;
		n = l->count >= 0 ? (int32_t)word(m, len, (size_t)l->count) : 1;
		if (l->instances >= 0)
			inst = (int32_t)word(m, len, (size_t)l->instances);
	}
	return n > 0 && inst > 0 && (uint64_t)(n * inst) > (uint64_t)glr_options.max_draw;
}

/* glEnable, glDisable, gl{En,Dis}ableClientState of a cap that is no vertex array. */
static bool other_cap(uint32_t op, const uint8_t *m, size_t len)
{
	if (op != OP_glEnable && op != OP_glDisable && op != OP_glEnableClientState &&
	    op != OP_glDisableClientState)
		return false;
	switch (word(m, len, 0)) {
	case GL_VERTEX_ARRAY: case GL_NORMAL_ARRAY: case GL_COLOR_ARRAY: case GL_INDEX_ARRAY:
	case GL_TEXTURE_COORD_ARRAY: case GL_EDGE_FLAG_ARRAY: case GL_FOG_COORD_ARRAY:
	case GL_SECONDARY_COLOR_ARRAY:
		return false;
	}
	return true;
}

/* glBegin and glEnd. Between them GL takes only vertex attributes, glArrayElement,
 * glCallList(s) and a few more, and refuses every query (Mesa: "unsupported function
 * called", an error the app would see), so the arrays are read back at glBegin, where the
 * guest sends what the block's glArrayElement calls read (libfakegl/arrays.c). While a
 * list is only compiled (GL_COMPILE) glBegin starts nothing. A glBegin that GL refuses
 * for its state still counts as begun: draws until glEnd are then refused, never let
 * through unchecked. */
static void begin_end(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len)
{
	struct glr_context *x = c->ctx;
	bool compile_only = x->alpha.list_mode == GL_COMPILE;
	if (op == OP_glEnd) {
		if (!compile_only)
			x->in_begin = false;
		return;
	}
	if (x->in_begin)
		return; /* GL_INVALID_OPERATION: still the first block */
	if (x->arrays_changed || x->client_arrays) {
		hold_errors(x);
		if (x->arrays_changed)
			scan(x);
		x->begin_restart = x->client_arrays && element_restart(&x->begin_restart_index);
		drop_errors();
	}
	uint32_t mode = word(m, len, 0);
	if (!compile_only && mode <= GL_PATCHES)
		x->in_begin = true;
}

int glr_check_arrays(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len)
{
	struct glr_context *x = c->ctx;
	if (!x || op >= WIRE_OP_COUNT || !(glr_op_checks[op] & (GLR_OP_ARRAYS | GLR_OP_DRAW)))
		return 0;
	if (glr_op_checks[op] & GLR_OP_ARRAYS) {
		/* inside glBegin/glEnd GL refuses array commands; caps of other state change
		 * nothing here, the rest may (a glBegin GL refused) and is not trusted */
		if (!x->in_begin || !other_cap(op, m, len))
			x->arrays_changed = true;
		return 0;
	}
	if (op == OP_glBegin || op == OP_glEnd) {
		begin_end(c, op, m, len);
		return 0;
	}
	if (x->in_begin) {
		/* No GL call here: the arrays as glBegin found them, unless changed since. A
		 * draw other than glArrayElement is GL's error there (in a list made with
		 * GL_COMPILE_AND_EXECUTE, an error compiled into it); one that reads indices
		 * from the app's arrays would need GL's restart state and is refused. */
		if (x->arrays_changed)
			return refuse(c, op, "vertex arrays changed inside glBegin/glEnd");
		if (!x->client_arrays)
			return 0;
		if (op != OP_glMultiDrawArrays && op != OP_glMultiDrawArraysEXT && reads_indices(op))
			return refuse(c, op, "a draw of indices inside glBegin/glEnd");
		return check_draw(c, op, m, len);
	}
	if (glr_options.max_draw && over_max_draw(op, m, len)) {
		if (!c->refused_draw)
			glr_log("%s: %s refused: more vertices than the limit of %zu a draw "
				"(GL_OUT_OF_MEMORY for the app; said once)",
				c->peer, wire_op_names[op], glr_options.max_draw);
		c->refused_draw = true;
		if (!x->pending_error)
			x->pending_error = GL_OUT_OF_MEMORY;
		return 1;
	}
	if (!x->arrays_changed && !x->client_arrays)
		return 0; /* the common case: nothing changed, nothing in the app's memory */
	hold_errors(x); /* our queries must not touch the app's error state */
	int rc = check_draw(c, op, m, len);
	drop_errors();
	return rc;
}

/* fglClientArrays made a copy for slot: what of the array it holds. */
void glr_arrays_sent(struct glr_context *x, uint32_t slot, int32_t size, uint32_t type,
		     uint32_t stride, uint32_t first, uint32_t bytes)
{
	struct glr_array_copy *a = &x->arrays[slot];
	int64_t t = type == GL_BYTE || type == GL_UNSIGNED_BYTE ? 1
		    : type == GL_SHORT || type == GL_UNSIGNED_SHORT || type == GL_HALF_FLOAT ? 2
		    : type == GL_DOUBLE ? 8 : 4;
	int64_t n = size == GL_BGRA ? 4 : size > 0 && size <= 4 ? size : 4;
	if (type == GL_INT_2_10_10_10_REV || type == GL_UNSIGNED_INT_2_10_10_10_REV ||
	    type == GL_UNSIGNED_INT_10F_11F_11F_REV)
		n = 1;
	if (slot == 1)
		n = 3; /* normals */
	else if (slot == 4 || slot == 6)
		n = 1; /* fog coordinate, color index */
	else if (slot == 5)
		n = 1, t = 1; /* edge flags: one GLboolean */
	int64_t elem = n * t, step = stride ? stride : elem;
	a->first = first;
	a->count = bytes >= elem ? ((int64_t)bytes - elem) / step + 1 : 0;
	a->base = (const uint8_t *)a->data - (uintptr_t)first * stride;
	a->divisor = 0;
}
