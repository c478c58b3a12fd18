/* arrays.c — client-side vertex arrays: the guest shadows every array's pointer, and
 * at each draw sends the vertices that draw reads (fglClientArrays) before the draw
 * itself; the host points its arrays at its copies. Vertex ranges come from the draw's
 * arguments, from the indices in the app's memory, or (indices in a buffer object)
 * from the host in one round trip. Instanced arrays (a divisor) send the instances'
 * range instead. Multi-draws of element lists run as the loop GL defines them to be.
 * A primitive restart index reads no vertex: it is left out of the range (else a restart
 * index of 1000000 asks for a million vertices the app never gave). GL takes no array
 * pointer inside glBegin/glEnd, so the arrays of a block's glArrayElement calls are put
 * before its glBegin, at glEnd. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enc_gl.h"
#include "fgl.h"

#define CURRENT(ret)                                                                               \
	struct fgl_thread *t = fgl_tls;                                                            \
	if (!t || !t->ctx)                                                                         \
	return ret
#define NOTHING

/* ---- client-side vertex arrays ---- */

/* A gl*Pointer call with the app's memory still goes to the host, with a NULL pointer:
 * GL validates it (size, type, stride, inside glBegin/glEnd) as it would natively, and
 * the data follows at draw time. */
static struct fgl_array *set_array(struct fgl_thread *t, int slot, GLint size, GLenum type,
				   GLsizei stride, bool normalized, const void *pointer)
{
	struct fgl_array *a = &t->ctx->arrays[slot];
	a->size = size;
	a->type = type;
	a->stride = stride;
	a->normalized = normalized;
	a->pointer = pointer;
	a->client = t->ctx->array_buffer == 0;
	return a;
}

FGL_EXPORT void glVertexPointer(GLint size, GLenum type, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	struct fgl_array *a = set_array(t, FGL_ARRAY_VERTEX, size, type, stride, false, pointer);
	fgl_enc_glVertexPointer(size, type, stride, a->client ? NULL : pointer);
}

FGL_EXPORT void glNormalPointer(GLenum type, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	struct fgl_array *a = set_array(t, FGL_ARRAY_NORMAL, 3, type, stride, false, pointer);
	fgl_enc_glNormalPointer(type, stride, a->client ? NULL : pointer);
}

FGL_EXPORT void glColorPointer(GLint size, GLenum type, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	struct fgl_array *a = set_array(t, FGL_ARRAY_COLOR, size, type, stride, false, pointer);
	fgl_enc_glColorPointer(size, type, stride, a->client ? NULL : pointer);
}

FGL_EXPORT void glSecondaryColorPointer(GLint size, GLenum type, GLsizei stride,
					const void *pointer)
{
	CURRENT(NOTHING);
	struct fgl_array *a = set_array(t, FGL_ARRAY_SECONDARY_COLOR, size, type, stride, false, pointer);
	fgl_enc_glSecondaryColorPointer(size, type, stride, a->client ? NULL : pointer);
}

FGL_EXPORT void glFogCoordPointer(GLenum type, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	struct fgl_array *a = set_array(t, FGL_ARRAY_FOG_COORD, 1, type, stride, false, pointer);
	fgl_enc_glFogCoordPointer(type, stride, a->client ? NULL : pointer);
}

FGL_EXPORT void glEdgeFlagPointer(GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	struct fgl_array *a = set_array(t, FGL_ARRAY_EDGE_FLAG, 1, GL_UNSIGNED_BYTE, stride, false, pointer);
	fgl_enc_glEdgeFlagPointer(stride, a->client ? NULL : pointer);
}

FGL_EXPORT void glIndexPointer(GLenum type, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	struct fgl_array *a = set_array(t, FGL_ARRAY_INDEX, 1, type, stride, false, pointer);
	fgl_enc_glIndexPointer(type, stride, a->client ? NULL : pointer);
}

FGL_EXPORT void glTexCoordPointer(GLint size, GLenum type, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	int slot = FGL_ARRAY_TEXCOORD0 + (int)t->ctx->client_active_texture;
	struct fgl_array *a = set_array(t, slot, size, type, stride, false, pointer);
	fgl_enc_glTexCoordPointer(size, type, stride, a->client ? NULL : pointer);
}

FGL_EXPORT void glVertexAttribPointer(GLuint index, GLint size, GLenum type, GLboolean normalized,
				      GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	if (index >= 16) {
		fgl_enc_glVertexAttribPointer(index, size, type, normalized, stride, pointer);
		return;
	}
	struct fgl_array *a =
		set_array(t, FGL_ARRAY_GENERIC0 + (int)index, size, type, stride, normalized, pointer);
	fgl_enc_glVertexAttribPointer(index, size, type, normalized, stride,
				      a->client ? NULL : pointer);
}

static int client_state_slot(struct fgl_context *c, GLenum cap)
{
	switch (cap) {
	case GL_VERTEX_ARRAY:
		return FGL_ARRAY_VERTEX;
	case GL_NORMAL_ARRAY:
		return FGL_ARRAY_NORMAL;
	case GL_COLOR_ARRAY:
		return FGL_ARRAY_COLOR;
	case GL_SECONDARY_COLOR_ARRAY:
		return FGL_ARRAY_SECONDARY_COLOR;
	case GL_FOG_COORD_ARRAY:
		return FGL_ARRAY_FOG_COORD;
	case GL_EDGE_FLAG_ARRAY:
		return FGL_ARRAY_EDGE_FLAG;
	case GL_INDEX_ARRAY:
		return FGL_ARRAY_INDEX;
	case GL_TEXTURE_COORD_ARRAY:
		return FGL_ARRAY_TEXCOORD0 + (int)c->client_active_texture;
	}
	return -1;
}

/* NV_primitive_restart makes GL_PRIMITIVE_RESTART_NV client state: "Primitive restart
 * is enabled and disabled by calling EnableClientState and DisableClientState", run at
 * once even while a list is made. */
FGL_EXPORT void glEnableClientState(GLenum array)
{
	CURRENT(NOTHING);
	int slot = client_state_slot(t->ctx, array);
	if (slot >= 0)
		t->ctx->arrays[slot].enabled = true;
	else if (array == GL_PRIMITIVE_RESTART_NV)
		t->ctx->restart.enabled = true;
	fgl_enc_glEnableClientState(array);
}

FGL_EXPORT void glDisableClientState(GLenum array)
{
	CURRENT(NOTHING);
	int slot = client_state_slot(t->ctx, array);
	if (slot >= 0)
		t->ctx->arrays[slot].enabled = false;
	else if (array == GL_PRIMITIVE_RESTART_NV)
		t->ctx->restart.enabled = false;
	fgl_enc_glDisableClientState(array);
}

/* glEnable and glDisable of the restart caps (Mesa takes GL_PRIMITIVE_RESTART_NV here
 * too, as the same state as GL_PRIMITIVE_RESTART). A list made with GL_COMPILE gets
 * them instead of the context. */
static void restart_cap(struct fgl_context *c, GLenum cap, bool on)
{
	if (c->list_mode == GL_COMPILE)
		return;
	if (cap == GL_PRIMITIVE_RESTART || cap == GL_PRIMITIVE_RESTART_NV)
		c->restart.enabled = on;
	else if (cap == GL_PRIMITIVE_RESTART_FIXED_INDEX)
		c->restart.fixed = on;
}

/* Compatibility GL also takes the array caps through glEnable/glDisable (Mesa and
 * piglit do): the shadow must follow, or a draw would miss an enabled client array. */
FGL_EXPORT void glEnable(GLenum cap)
{
	CURRENT(NOTHING);
	int slot = client_state_slot(t->ctx, cap);
	if (slot >= 0)
		t->ctx->arrays[slot].enabled = true;
	else
		restart_cap(t->ctx, cap, true);
	fgl_enc_glEnable(cap);
}

FGL_EXPORT void glDisable(GLenum cap)
{
	CURRENT(NOTHING);
	int slot = client_state_slot(t->ctx, cap);
	if (slot >= 0)
		t->ctx->arrays[slot].enabled = false;
	else
		restart_cap(t->ctx, cap, false);
	fgl_enc_glDisable(cap);
}

/* Not compiled into lists (Mesa runs both at once): the index of draws made from now. */
FGL_EXPORT void glPrimitiveRestartIndex(GLuint index)
{
	CURRENT(NOTHING);
	t->ctx->restart.index = index;
	fgl_enc_glPrimitiveRestartIndex(index);
}

FGL_EXPORT void glPrimitiveRestartIndexNV(GLuint index)
{
	CURRENT(NOTHING);
	t->ctx->restart.index = index;
	fgl_enc_glPrimitiveRestartIndexNV(index);
}

/* The index that restarts primitives for indices of type, if any: "If both
 * PRIMITIVE_RESTART and PRIMITIVE_RESTART_FIXED_INDEX are enabled, the index value
 * determined by PRIMITIVE_RESTART_FIXED_INDEX is used" (GL 4.6 §10.3.6), the largest
 * value of the type. */
static bool restart_value(const struct fgl_context *c, GLenum type, uint32_t *value)
{
	if (c->restart.fixed)
		*value = type == GL_UNSIGNED_BYTE ? 0xff : type == GL_UNSIGNED_SHORT ? 0xffff
										      : 0xffffffff;
	else if (c->restart.enabled)
		*value = c->restart.index;
	else
		return false;
	return true;
}

FGL_EXPORT void glClientActiveTexture(GLenum texture)
{
	CURRENT(NOTHING);
	if (texture >= GL_TEXTURE0 && texture < GL_TEXTURE0 + 8)
		t->ctx->client_active_texture = texture - GL_TEXTURE0;
	fgl_enc_glClientActiveTexture(texture);
}

FGL_EXPORT void glEnableVertexAttribArray(GLuint index)
{
	CURRENT(NOTHING);
	if (index < 16)
		t->ctx->arrays[FGL_ARRAY_GENERIC0 + index].enabled = true;
	fgl_enc_glEnableVertexAttribArray(index);
}

FGL_EXPORT void glDisableVertexAttribArray(GLuint index)
{
	CURRENT(NOTHING);
	if (index < 16)
		t->ctx->arrays[FGL_ARRAY_GENERIC0 + index].enabled = false;
	fgl_enc_glDisableVertexAttribArray(index);
}

static size_t element_bytes(const struct fgl_array *a)
{
	int comps = a->size == GL_BGRA ? 4 : a->size;
	int packed = 0;
	int ts = wire_type_size(a->type, &packed);
	if (ts <= 0 || comps <= 0)
		return 0;
	return packed ? (size_t)ts : (size_t)ts * (size_t)comps;
}

static bool any_client_array(struct fgl_context *c)
{
	/* Client arrays only exist with no vertex array object bound (VAO 0). */
	if (c->vertex_array)
		return false;
	for (int i = 0; i < FGL_ARRAYS; i++)
		if (c->arrays[i].enabled && c->arrays[i].client && c->arrays[i].pointer)
			return true;
	return false;
}

/* What one draw reads: vertices first..last, and for instanced arrays (a divisor) the
 * instances base .. base + instances - 1. */
struct draw_range {
	uint32_t first, last;
	uint32_t instances, base_instance;
};

/* Send the elements a draw reads of every enabled client array, before the draw. The
 * host points its arrays at its copies. */
static void send_client_arrays(struct fgl_thread *t, const struct draw_range *r)
{
	struct fgl_context *c = t->ctx;
	struct {
		const struct fgl_array *a;
		int slot;
		uint32_t first;
		size_t stride, bytes;
	} use[FGL_ARRAYS];
	int n = 0;
	size_t payload = 4;
	for (int i = 0; i < FGL_ARRAYS; i++) {
		const struct fgl_array *a = &c->arrays[i];
		if (!a->enabled || !a->client || !a->pointer)
			continue;
		size_t eb = element_bytes(a);
		if (!eb)
			continue;
		uint32_t first = r->first, last = r->last;
		if (a->divisor) {
			uint32_t inst = r->instances ? r->instances : 1;
			first = r->base_instance;
			last = r->base_instance + (inst - 1) / a->divisor;
		}
		size_t stride = a->stride > 0 ? (size_t)a->stride : eb;
		use[n].a = a;
		use[n].slot = i;
		use[n].first = first;
		use[n].stride = stride;
		use[n].bytes = (size_t)(last - first) * stride + eb;
		payload += 28 + wire_pad4(use[n].bytes);
		n++;
	}
	uint8_t *m = fgl_begin(t, OP_fglClientArrays, payload, 4 + 28 * (size_t)n);
	size_t at = 0;
	PUT32(m, at, (uint32_t)n);
	for (int i = 0; i < n; i++) {
		const struct fgl_array *a = use[i].a;
		PUT32(m, at, (uint32_t)use[i].slot);
		PUT32(m, at, (uint32_t)a->size);
		PUT32(m, at, a->type);
		PUT32(m, at, (a->normalized ? 1u : 0u) | (a->integer ? 2u : 0u));
		PUT32(m, at, (uint32_t)use[i].stride);
		PUT32(m, at, use[i].first);
		PUT32(m, at, (uint32_t)use[i].bytes);
	}
	for (int i = 0; i < n; i++)
		fgl_put_data(t,
			     (const uint8_t *)use[i].a->pointer + (size_t)use[i].first * use[i].stride,
			     use[i].bytes);
	fgl_end(t);
}

/* Arrays for a non-indexed draw of count vertices from first. */
static void arrays_for_range(struct fgl_thread *t, GLint first, GLsizei count,
			     GLsizei instances, GLuint base_instance)
{
	if (count <= 0 || first < 0 || !any_client_array(t->ctx))
		return;
	struct draw_range r = {(uint32_t)first, (uint32_t)first + (uint32_t)count - 1,
			       instances > 0 ? (uint32_t)instances : 1, base_instance};
	send_client_arrays(t, &r);
}

/* The smallest and largest of count indices, the restart index left out (it reads no
 * vertex). false: none reads a vertex. */
static bool index_range(const struct fgl_context *c, GLenum type, const void *indices,
			GLsizei count, uint32_t *lo, uint32_t *hi)
{
	uint32_t mn = UINT32_MAX, mx = 0, restart_index = 0;
	bool restart = restart_value(c, type, &restart_index), any = false;
	for (GLsizei i = 0; i < count; i++) {
		uint32_t v;
		switch (type) {
		case GL_UNSIGNED_BYTE:
			v = ((const uint8_t *)indices)[i];
			break;
		case GL_UNSIGNED_SHORT:
			v = ((const uint16_t *)indices)[i];
			break;
		case GL_UNSIGNED_INT:
			v = ((const uint32_t *)indices)[i];
			break;
		default:
			return false;
		}
		if (restart && v == restart_index)
			continue;
		mn = v < mn ? v : mn;
		mx = v > mx ? v : mx;
		any = true;
	}
	*lo = mn;
	*hi = mx;
	return any;
}

/* Arrays for an indexed draw. Indices in the app's memory are scanned here; indices in
 * an element buffer are the host's to read: fglIndexRange asks it for their range. */
static bool arrays_for_elements(struct fgl_thread *t, GLsizei count, GLenum type,
				const void *indices, GLint base_vertex, GLsizei instances,
				GLuint base_instance)
{
	if (count <= 0 || !any_client_array(t->ctx))
		return true;
	uint32_t lo = 0, hi = 0;
	if (t->ctx->element_buffer) {
		uint8_t *m = fgl_begin(t, OP_fglIndexRange, 16, 16);
		size_t at = 0;
		uint64_t offset = (uint64_t)(uintptr_t)indices;
		PUT32(m, at, (uint32_t)count);
		PUT32(m, at, type);
		PUT64(m, at, offset);
		fgl_end(t);
		struct fgl_reply r;
		uint32_t range[3] = {0, 0, 0};
		if (fgl_sync(t, &r) < 0)
			return false;
		fgl_reply_ret(&r, range, sizeof range);
		if (!range[0])
			return true; /* nothing to read: GL raises what it raises */
		lo = range[1];
		hi = range[2];
	} else if (!indices || !index_range(t->ctx, type, indices, count, &lo, &hi)) {
		return true;
	}
	int64_t first = (int64_t)lo + base_vertex, last = (int64_t)hi + base_vertex;
	if (first < 0 || last > UINT32_MAX)
		return true;
	struct draw_range r = {(uint32_t)first, (uint32_t)last,
			       instances > 0 ? (uint32_t)instances : 1, base_instance};
	send_client_arrays(t, &r);
	return true;
}

FGL_EXPORT void glDrawArrays(GLenum mode, GLint first, GLsizei count)
{
	CURRENT(NOTHING);
	arrays_for_range(t, first, count, 1, 0);
	fgl_enc_glDrawArrays(mode, first, count);
}

FGL_EXPORT void glDrawArraysEXT(GLenum mode, GLint first, GLsizei count)
{
	glDrawArrays(mode, first, count);
}

FGL_EXPORT void glDrawArraysInstanced(GLenum mode, GLint first, GLsizei count,
				      GLsizei instancecount)
{
	CURRENT(NOTHING);
	arrays_for_range(t, first, count, instancecount, 0);
	fgl_enc_glDrawArraysInstanced(mode, first, count, instancecount);
}

FGL_EXPORT void glDrawArraysInstancedARB(GLenum mode, GLint first, GLsizei count,
					 GLsizei primcount)
{
	glDrawArraysInstanced(mode, first, count, primcount);
}

FGL_EXPORT void glDrawArraysInstancedEXT(GLenum mode, GLint start, GLsizei count,
					 GLsizei primcount)
{
	glDrawArraysInstanced(mode, start, count, primcount);
}

FGL_EXPORT void glDrawArraysInstancedBaseInstance(GLenum mode, GLint first, GLsizei count,
						  GLsizei instancecount, GLuint baseinstance)
{
	CURRENT(NOTHING);
	arrays_for_range(t, first, count, instancecount, baseinstance);
	fgl_enc_glDrawArraysInstancedBaseInstance(mode, first, count, instancecount, baseinstance);
}

FGL_EXPORT void glDrawElements(GLenum mode, GLsizei count, GLenum type, const void *indices)
{
	CURRENT(NOTHING);
	if (arrays_for_elements(t, count, type, indices, 0, 1, 0))
		fgl_enc_glDrawElements(mode, count, type, indices);
}

FGL_EXPORT void glDrawRangeElements(GLenum mode, GLuint start, GLuint end, GLsizei count,
				    GLenum type, const void *indices)
{
	CURRENT(NOTHING);
	if (arrays_for_elements(t, count, type, indices, 0, 1, 0))
		fgl_enc_glDrawRangeElements(mode, start, end, count, type, indices);
}

FGL_EXPORT void glDrawRangeElementsEXT(GLenum mode, GLuint start, GLuint end, GLsizei count,
				       GLenum type, const void *indices)
{
	glDrawRangeElements(mode, start, end, count, type, indices);
}

FGL_EXPORT void glDrawElementsBaseVertex(GLenum mode, GLsizei count, GLenum type,
					 const void *indices, GLint basevertex)
{
	CURRENT(NOTHING);
	if (arrays_for_elements(t, count, type, indices, basevertex, 1, 0))
		fgl_enc_glDrawElementsBaseVertex(mode, count, type, indices, basevertex);
}

FGL_EXPORT void glDrawRangeElementsBaseVertex(GLenum mode, GLuint start, GLuint end,
					      GLsizei count, GLenum type, const void *indices,
					      GLint basevertex)
{
	CURRENT(NOTHING);
	if (arrays_for_elements(t, count, type, indices, basevertex, 1, 0))
		fgl_enc_glDrawRangeElementsBaseVertex(mode, start, end, count, type, indices,
						      basevertex);
}

FGL_EXPORT void glDrawElementsInstanced(GLenum mode, GLsizei count, GLenum type,
					const void *indices, GLsizei instancecount)
{
	CURRENT(NOTHING);
	if (arrays_for_elements(t, count, type, indices, 0, instancecount, 0))
		fgl_enc_glDrawElementsInstanced(mode, count, type, indices, instancecount);
}

FGL_EXPORT void glDrawElementsInstancedARB(GLenum mode, GLsizei count, GLenum type,
					   const void *indices, GLsizei primcount)
{
	glDrawElementsInstanced(mode, count, type, indices, primcount);
}

FGL_EXPORT void glDrawElementsInstancedEXT(GLenum mode, GLsizei count, GLenum type,
					   const void *indices, GLsizei primcount)
{
	glDrawElementsInstanced(mode, count, type, indices, primcount);
}

FGL_EXPORT void glDrawElementsInstancedBaseVertex(GLenum mode, GLsizei count, GLenum type,
						  const void *indices, GLsizei instancecount,
						  GLint basevertex)
{
	CURRENT(NOTHING);
	if (arrays_for_elements(t, count, type, indices, basevertex, instancecount, 0))
		fgl_enc_glDrawElementsInstancedBaseVertex(mode, count, type, indices,
							  instancecount, basevertex);
}

FGL_EXPORT void glDrawElementsInstancedBaseInstance(GLenum mode, GLsizei count, GLenum type,
						    const void *indices, GLsizei instancecount,
						    GLuint baseinstance)
{
	CURRENT(NOTHING);
	if (arrays_for_elements(t, count, type, indices, 0, instancecount, baseinstance))
		fgl_enc_glDrawElementsInstancedBaseInstance(mode, count, type, indices,
							    instancecount, baseinstance);
}

FGL_EXPORT void glDrawElementsInstancedBaseVertexBaseInstance(GLenum mode, GLsizei count,
							      GLenum type, const void *indices,
							      GLsizei instancecount,
							      GLint basevertex,
							      GLuint baseinstance)
{
	CURRENT(NOTHING);
	if (arrays_for_elements(t, count, type, indices, basevertex, instancecount,
				baseinstance))
		fgl_enc_glDrawElementsInstancedBaseVertexBaseInstance(
			mode, count, type, indices, instancecount, basevertex, baseinstance);
}

/* "MultiDrawArrays behaves identically to DrawArrays called drawcount times" (GL 4.6
 * §10.4): with client arrays the host gets the union of the ranges once. */
FGL_EXPORT void glMultiDrawArrays(GLenum mode, const GLint *first, const GLsizei *count,
				  GLsizei drawcount)
{
	CURRENT(NOTHING);
	if (drawcount > 0 && first && count && any_client_array(t->ctx)) {
		int64_t lo = INT64_MAX, hi = -1;
		for (GLsizei i = 0; i < drawcount; i++) {
			if (count[i] <= 0 || first[i] < 0)
				continue;
			lo = first[i] < lo ? first[i] : lo;
			hi = (int64_t)first[i] + count[i] - 1 > hi ? (int64_t)first[i] + count[i] - 1
								   : hi;
		}
		if (hi >= 0)
			arrays_for_range(t, (GLint)lo, (GLsizei)(hi - lo + 1), 1, 0);
	}
	fgl_enc_glMultiDrawArrays(mode, first, count, drawcount);
}

FGL_EXPORT void glMultiDrawArraysEXT(GLenum mode, const GLint *first, const GLsizei *count,
				     GLsizei primcount)
{
	glMultiDrawArrays(mode, first, count, primcount);
}

/* The lists of indices are an array of pointers: run the loop GL defines the call as
 * (§10.4), each draw with its own index data. */
FGL_EXPORT void glMultiDrawElementsBaseVertex(GLenum mode, const GLsizei *count, GLenum type,
					      const void *const *indices, GLsizei drawcount,
					      const GLint *basevertex)
{
	CURRENT(NOTHING);
	if (drawcount < 0) {
		fgl_set_error(t, GL_INVALID_VALUE);
		return;
	}
	for (GLsizei i = 0; count && indices && i < drawcount; i++) {
		if (count[i] > 0)
			glDrawElementsBaseVertex(mode, count[i], type, indices[i],
						 basevertex ? basevertex[i] : 0);
	}
}

FGL_EXPORT void glMultiDrawElements(GLenum mode, const GLsizei *count, GLenum type,
				    const void *const *indices, GLsizei drawcount)
{
	glMultiDrawElementsBaseVertex(mode, count, type, indices, drawcount, NULL);
}

FGL_EXPORT void glMultiDrawElementsEXT(GLenum mode, const GLsizei *count, GLenum type,
				       const void *const *indices, GLsizei primcount)
{
	glMultiDrawElementsBaseVertex(mode, count, type, indices, primcount, NULL);
}

/* glBegin/glEnd blocks with client arrays. GL takes no array pointer between glBegin
 * and glEnd (Mesa: "unsupported function called", and the block's glArrayElement calls
 * read the old pointer), so the vertices of the block's glArrayElement calls travel before
 * its glBegin: at glEnd the block is taken out of the batch, the arrays sent, the block
 * put back. Right after its glBegin the block carries an empty fglClientArrays, taken out
 * at glEnd: should the block outgrow the batch (or wait for the host) it goes to the host,
 * which then refuses the block's glArrayElement calls (GL_INVALID_OPERATION) rather than
 * draw vertices it was sent for another draw. In a list made with GL_COMPILE the same
 * order is right: the pointers are set at once, glArrayElement reads them as it is
 * compiled. */
FGL_EXPORT void glBegin(GLenum mode)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	if (c->block.open || c->core || !any_client_array(c)) {
		fgl_enc_glBegin(mode);
		return;
	}
	if (FGL_BATCH_SIZE - t->used < 64)
		fgl_flush(t);
	size_t at = t->used;
	uint64_t flushes = t->flushes;
	fgl_enc_glBegin(mode);
	size_t mark = t->used;
	uint8_t *m = fgl_begin(t, OP_fglClientArrays, 4, 4);
	size_t put = 0;
	PUT32(m, put, 0u);
	fgl_end(t);
	if (t->flushes != flushes)
		return;
	c->block.open = true;
	c->block.any = false;
	c->block.at = at;
	c->block.mark = mark;
	c->block.mark_end = t->used;
	c->block.flushes = flushes;
}

/* The block still in the batch: without its mark, after the arrays its glArrayElement
 * calls read. */
static void arrays_before_begin(struct fgl_thread *t)
{
	struct fgl_context *c = t->ctx;
	uint8_t *buf = t->buf;
	memmove(buf + c->block.mark, buf + c->block.mark_end, t->used - c->block.mark_end);
	t->used -= c->block.mark_end - c->block.mark;
	if (!c->block.any)
		return;
	size_t n = t->used - c->block.at;
	uint8_t *block = malloc(n ? n : 1);
	if (!block)
		return; /* the host refuses the block's glArrayElement calls */
	memcpy(block, buf + c->block.at, n);
	t->used = c->block.at;
	struct draw_range r = {c->block.lo, c->block.hi, 1, 0};
	send_client_arrays(t, &r);
	if (FGL_BATCH_SIZE - t->used < n)
		fgl_flush(t);
	memcpy(t->buf + t->used, block, n);
	t->used += n;
	free(block);
}

FGL_EXPORT void glEnd(void)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	if (c->block.open) {
		c->block.open = false;
		if (t->flushes == c->block.flushes && t->used >= c->block.mark_end)
			arrays_before_begin(t);
	}
	fgl_enc_glEnd();
}

/* The one vertex i of every enabled client array; none for the restart index, which
 * restarts the primitive instead (NV_primitive_restart; Mesa looks at
 * GL_PRIMITIVE_RESTART and its index only, not at the fixed index). */
FGL_EXPORT void glArrayElement(GLint i)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	bool restarts = c->restart.enabled && (uint32_t)i == c->restart.index;
	if (c->block.open) {
		if (i >= 0 && !restarts) {
			if (!c->block.any || (uint32_t)i < c->block.lo)
				c->block.lo = (uint32_t)i;
			if (!c->block.any || (uint32_t)i > c->block.hi)
				c->block.hi = (uint32_t)i;
			c->block.any = true;
		}
	} else if (!restarts) {
		arrays_for_range(t, i, 1, 1, 0);
	}
	fgl_enc_glArrayElement(i);
}

FGL_EXPORT void glArrayElementEXT(GLint i)
{
	glArrayElement(i);
}

FGL_EXPORT void glVertexAttribIPointer(GLuint index, GLint size, GLenum type, GLsizei stride,
				       const void *pointer)
{
	CURRENT(NOTHING);
	if (index >= 16) {
		fgl_enc_glVertexAttribIPointer(index, size, type, stride, pointer);
		return;
	}
	struct fgl_array *a =
		set_array(t, FGL_ARRAY_GENERIC0 + (int)index, size, type, stride, false, pointer);
	a->integer = true;
	fgl_enc_glVertexAttribIPointer(index, size, type, stride, a->client ? NULL : pointer);
}

FGL_EXPORT void glVertexAttribIPointerEXT(GLuint index, GLint size, GLenum type, GLsizei stride,
					  const void *pointer)
{
	glVertexAttribIPointer(index, size, type, stride, pointer);
}

FGL_EXPORT void glVertexAttribDivisor(GLuint index, GLuint divisor)
{
	CURRENT(NOTHING);
	if (index < 16)
		t->ctx->arrays[FGL_ARRAY_GENERIC0 + index].divisor = divisor;
	fgl_enc_glVertexAttribDivisor(index, divisor);
}

FGL_EXPORT void glVertexAttribDivisorARB(GLuint index, GLuint divisor)
{
	glVertexAttribDivisor(index, divisor);
}

/* glInterleavedArrays (GL 4.6 compatibility §10.3.9, table 10.5): the same as the
 * pointer and enable calls it stands for, made here so that the guest's shadow and
 * the host see each of them. */
FGL_EXPORT void glInterleavedArrays(GLenum format, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	/* et, ec, en, st, sc, sv, tc, pc, pn, pv; f = sizeof(GLfloat), c = 4 * ubyte */
	static const struct {
		GLenum format;
		bool et, ec, en;
		int st, sc, sv;
		GLenum tc;
		int pc, pn, pv, s;
	} table[] = {
		{GL_V2F, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2},
		{GL_V3F, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 3},
		{GL_C4UB_V2F, 0, 1, 0, 0, 4, 2, GL_UNSIGNED_BYTE, 0, 0, 1, 3},
		{GL_C4UB_V3F, 0, 1, 0, 0, 4, 3, GL_UNSIGNED_BYTE, 0, 0, 1, 4},
		{GL_C3F_V3F, 0, 1, 0, 0, 3, 3, GL_FLOAT, 0, 0, 3, 6},
		{GL_N3F_V3F, 0, 0, 1, 0, 0, 3, 0, 0, 0, 3, 6},
		{GL_C4F_N3F_V3F, 0, 1, 1, 0, 4, 3, GL_FLOAT, 0, 4, 7, 10},
		{GL_T2F_V3F, 1, 0, 0, 2, 0, 3, 0, 0, 0, 2, 5},
		{GL_T4F_V4F, 1, 0, 0, 4, 0, 4, 0, 0, 0, 4, 8},
		{GL_T2F_C4UB_V3F, 1, 1, 0, 2, 4, 3, GL_UNSIGNED_BYTE, 2, 0, 3, 6},
		{GL_T2F_C3F_V3F, 1, 1, 0, 2, 3, 3, GL_FLOAT, 2, 0, 5, 8},
		{GL_T2F_N3F_V3F, 1, 0, 1, 2, 0, 3, 0, 0, 2, 5, 8},
		{GL_T2F_C4F_N3F_V3F, 1, 1, 1, 2, 4, 3, GL_FLOAT, 2, 6, 9, 12},
		{GL_T4F_C4F_N3F_V4F, 1, 1, 1, 4, 4, 4, GL_FLOAT, 4, 8, 11, 15},
	};
	size_t k;
	for (k = 0; k < sizeof table / sizeof table[0]; k++)
		if (table[k].format == format)
			break;
	if (k == sizeof table / sizeof table[0]) {
		fgl_set_error(t, GL_INVALID_ENUM);
		return;
	}
	if (stride < 0) {
		fgl_set_error(t, GL_INVALID_VALUE);
		return;
	}
	/* Offsets and sizes in table 10.5 are in units of f (a float); pc counts f too. */
	const size_t f = sizeof(GLfloat);
	const uint8_t *p = pointer;
	GLsizei st = stride ? stride : (GLsizei)(table[k].s * (int)f);
	glDisableClientState(GL_EDGE_FLAG_ARRAY);
	glDisableClientState(GL_INDEX_ARRAY);
	glDisableClientState(GL_SECONDARY_COLOR_ARRAY);
	glDisableClientState(GL_FOG_COORD_ARRAY);
	if (table[k].et) {
		glEnableClientState(GL_TEXTURE_COORD_ARRAY);
		glTexCoordPointer(table[k].st, GL_FLOAT, st, p);
	} else {
		glDisableClientState(GL_TEXTURE_COORD_ARRAY);
	}
	if (table[k].ec) {
		glEnableClientState(GL_COLOR_ARRAY);
		glColorPointer(table[k].sc, table[k].tc, st, p + (size_t)table[k].pc * f);
	} else {
		glDisableClientState(GL_COLOR_ARRAY);
	}
	if (table[k].en) {
		glEnableClientState(GL_NORMAL_ARRAY);
		glNormalPointer(GL_FLOAT, st, p + (size_t)table[k].pn * f);
	} else {
		glDisableClientState(GL_NORMAL_ARRAY);
	}
	glEnableClientState(GL_VERTEX_ARRAY);
	glVertexPointer(table[k].sv, GL_FLOAT, st, p + (size_t)table[k].pv * f);
}

/* ---- client attribute stack ---- */

FGL_EXPORT void glPushClientAttrib(GLbitfield mask)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	if (c->attrib_depth < (int)(sizeof c->attrib_stack / sizeof c->attrib_stack[0])) {
		struct fgl_client_state *s = &c->attrib_stack[c->attrib_depth++];
		s->mask = mask;
		s->pack = c->pack;
		s->unpack = c->unpack;
		memcpy(s->arrays, c->arrays, sizeof s->arrays);
		s->restart = c->restart;
		s->client_active_texture = c->client_active_texture;
	}
	fgl_enc_glPushClientAttrib(mask);
}

FGL_EXPORT void glPopClientAttrib(void)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	if (c->attrib_depth > 0) {
		struct fgl_client_state *s = &c->attrib_stack[--c->attrib_depth];
		if (s->mask & GL_CLIENT_PIXEL_STORE_BIT) {
			c->pack = s->pack;
			c->unpack = s->unpack;
		}
		if (s->mask & GL_CLIENT_VERTEX_ARRAY_BIT) {
			memcpy(c->arrays, s->arrays, sizeof c->arrays);
			c->restart = s->restart;
			c->client_active_texture = s->client_active_texture;
		}
	}
	fgl_enc_glPopClientAttrib();
}

/* GL_IBM_multimode_draw_arrays: a loop of draws, each with its own mode found every
 * modestride bytes. */
FGL_EXPORT void glMultiModeDrawArraysIBM(const GLenum *mode, const GLint *first,
					 const GLsizei *count, GLsizei primcount,
					 GLint modestride)
{
	CURRENT(NOTHING);
	for (GLsizei i = 0; mode && first && count && i < primcount; i++) {
		GLenum m;
		memcpy(&m, (const uint8_t *)mode + (ptrdiff_t)i * modestride, sizeof m);
		if (count[i] > 0)
			glDrawArrays(m, first[i], count[i]);
	}
}

FGL_EXPORT void glMultiModeDrawElementsIBM(const GLenum *mode, const GLsizei *count,
					   GLenum type, const void *const *indices,
					   GLsizei primcount, GLint modestride)
{
	CURRENT(NOTHING);
	for (GLsizei i = 0; mode && count && indices && i < primcount; i++) {
		GLenum m;
		memcpy(&m, (const uint8_t *)mode + (ptrdiff_t)i * modestride, sizeof m);
		if (count[i] > 0)
			glDrawElements(m, count[i], type, indices[i]);
	}
}

/* ---- indirect draws ---- */

/* Indirect draws read their commands inside GL. With client-side vertex arrays the guest
 * must know which vertices they read, so it reads the commands itself (from the app's
 * memory, or from GL_DRAW_INDIRECT_BUFFER in one round trip) and runs each as the direct
 * draw GL defines it to be (GL 4.6 §10.4). Without client arrays they travel as they are. */
static const uint8_t *indirect_commands(struct fgl_thread *t, const void *indirect, size_t bytes,
					void **freeme)
{
	*freeme = NULL;
	if (!t->ctx->draw_indirect_buffer)
		return indirect;
	void *p = malloc(bytes ? bytes : 1);
	if (!p)
		return NULL;
	glGetBufferSubData(GL_DRAW_INDIRECT_BUFFER, (GLintptr)(uintptr_t)indirect,
			   (GLsizeiptr)bytes, p);
	*freeme = p;
	return p;
}

static void arrays_indirect(struct fgl_thread *t, GLenum mode, const void *indirect,
			    GLsizei drawcount, GLsizei stride)
{
	if (drawcount <= 0 || stride < 0 || (stride && stride % 4)) {
		fgl_set_error(t, GL_INVALID_VALUE);
		return;
	}
	size_t step = stride ? (size_t)stride : 16;
	void *freeme;
	const uint8_t *p = indirect_commands(t, indirect, wire_indirect_size(drawcount, stride, 16),
					     &freeme);
	for (GLsizei i = 0; p && i < drawcount; i++) {
		GLuint cmd[4]; /* count, instanceCount, first, baseInstance */
		memcpy(cmd, p + (size_t)i * step, sizeof cmd);
		glDrawArraysInstancedBaseInstance(mode, (GLint)cmd[2], (GLsizei)cmd[0],
						  (GLsizei)cmd[1], cmd[3]);
	}
	free(freeme);
}

static void elements_indirect(struct fgl_thread *t, GLenum mode, GLenum type, const void *indirect,
			      GLsizei drawcount, GLsizei stride)
{
	int size = wire_index_size(type);
	if (drawcount <= 0 || stride < 0 || (stride && stride % 4) || size <= 0) {
		fgl_set_error(t, size <= 0 ? GL_INVALID_ENUM : GL_INVALID_VALUE);
		return;
	}
	size_t step = stride ? (size_t)stride : 20;
	void *freeme;
	const uint8_t *p = indirect_commands(t, indirect, wire_indirect_size(drawcount, stride, 20),
					     &freeme);
	for (GLsizei i = 0; p && i < drawcount; i++) {
		GLuint cmd[5]; /* count, instanceCount, firstIndex, baseVertex, baseInstance */
		memcpy(cmd, p + (size_t)i * step, sizeof cmd);
		glDrawElementsInstancedBaseVertexBaseInstance(
			mode, (GLsizei)cmd[0], type, (const void *)((uintptr_t)cmd[2] * (uintptr_t)size),
			(GLsizei)cmd[1], (GLint)cmd[3], cmd[4]);
	}
	free(freeme);
}

FGL_EXPORT void glDrawArraysIndirect(GLenum mode, const void *indirect)
{
	CURRENT(NOTHING);
	if (any_client_array(t->ctx))
		arrays_indirect(t, mode, indirect, 1, 0);
	else
		fgl_enc_glDrawArraysIndirect(mode, indirect);
}

FGL_EXPORT void glDrawElementsIndirect(GLenum mode, GLenum type, const void *indirect)
{
	CURRENT(NOTHING);
	if (any_client_array(t->ctx))
		elements_indirect(t, mode, type, indirect, 1, 0);
	else
		fgl_enc_glDrawElementsIndirect(mode, type, indirect);
}

FGL_EXPORT void glMultiDrawArraysIndirect(GLenum mode, const void *indirect, GLsizei drawcount,
					  GLsizei stride)
{
	CURRENT(NOTHING);
	if (any_client_array(t->ctx))
		arrays_indirect(t, mode, indirect, drawcount, stride);
	else
		fgl_enc_glMultiDrawArraysIndirect(mode, indirect, drawcount, stride);
}

FGL_EXPORT void glMultiDrawElementsIndirect(GLenum mode, GLenum type, const void *indirect,
					    GLsizei drawcount, GLsizei stride)
{
	CURRENT(NOTHING);
	if (any_client_array(t->ctx))
		elements_indirect(t, mode, type, indirect, drawcount, stride);
	else
		fgl_enc_glMultiDrawElementsIndirect(mode, type, indirect, drawcount, stride);
}

FGL_EXPORT void glMultiDrawArraysIndirectAMD(GLenum mode, const void *indirect,
					     GLsizei primcount, GLsizei stride)
{
	glMultiDrawArraysIndirect(mode, indirect, primcount, stride);
}

FGL_EXPORT void glMultiDrawElementsIndirectAMD(GLenum mode, GLenum type, const void *indirect,
					       GLsizei primcount, GLsizei stride)
{
	glMultiDrawElementsIndirect(mode, type, indirect, primcount, stride);
}

/* ---- the pointers of arrays, answered from the shadow (vertex array 0) or by the host
 * (other vertex array objects, whose pointers are offsets into their buffers) ---- */

static int pointer_slot(struct fgl_context *c, GLenum pname)
{
	switch (pname) {
	case GL_VERTEX_ARRAY_POINTER:
		return FGL_ARRAY_VERTEX;
	case GL_NORMAL_ARRAY_POINTER:
		return FGL_ARRAY_NORMAL;
	case GL_COLOR_ARRAY_POINTER:
		return FGL_ARRAY_COLOR;
	case GL_SECONDARY_COLOR_ARRAY_POINTER:
		return FGL_ARRAY_SECONDARY_COLOR;
	case GL_FOG_COORD_ARRAY_POINTER:
		return FGL_ARRAY_FOG_COORD;
	case GL_EDGE_FLAG_ARRAY_POINTER:
		return FGL_ARRAY_EDGE_FLAG;
	case GL_INDEX_ARRAY_POINTER:
		return FGL_ARRAY_INDEX;
	case GL_TEXTURE_COORD_ARRAY_POINTER:
		return FGL_ARRAY_TEXCOORD0 + (int)c->client_active_texture;
	}
	return -1;
}

static void *host_pointer(struct fgl_thread *t, uint32_t op, int n, uint32_t a, uint32_t b,
			  uint32_t c)
{
	uint8_t *m = fgl_begin(t, op, 4 * (size_t)n, 4 * (size_t)n);
	size_t at = 0;
	uint32_t w[3] = {a, b, c};
	for (int i = 0; i < n; i++)
		PUT32(m, at, w[i]);
	fgl_end(t);
	struct fgl_reply r;
	uint64_t v = 0;
	if (fgl_sync(t, &r) == 0)
		fgl_reply_out(&r, &v, sizeof v);
	return (void *)(uintptr_t)v;
}

FGL_EXPORT void glGetPointerv(GLenum pname, void **params)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	int slot = pointer_slot(c, pname);
	if (!c->core) {
		/* Between glBegin and glEnd it is GL_INVALID_OPERATION and nothing is written;
		 * only the host knows whether we are there: a query that is harmless anywhere
		 * else raises that very error there (one round trip; apps rarely ask). */
		GLint probe[16];
		uint32_t before = t->error;
		t->error = 0;
		fgl_enc_glGetIntegerv(GL_MAX_TEXTURE_SIZE, probe);
		GLenum e = fgl_enc_glGetError();
		t->error = before;
		if (e == GL_INVALID_OPERATION) {
			fgl_set_error(t, e);
			return;
		}
		if (e)
			fgl_set_error(t, e); /* an earlier error of the app's, kept for it */
	}
	switch (pname) {
	case GL_FEEDBACK_BUFFER_POINTER:
		*params = c->feedback;
		return;
	case GL_SELECTION_BUFFER_POINTER:
		*params = c->select;
		return;
	case GL_DEBUG_CALLBACK_FUNCTION:
		memcpy(params, &c->debug_callback, sizeof *params);
		return;
	case GL_DEBUG_CALLBACK_USER_PARAM:
		*params = (void *)c->debug_user;
		return;
	}
	if (slot < 0)
		fgl_set_error(t, GL_INVALID_ENUM);
	else if (c->vertex_array)
		*params = host_pointer(t, OP_glGetVertexArrayPointervEXT, 2, c->vertex_array, pname, 0);
	else
		*params = (void *)c->arrays[slot].pointer;
}

FGL_EXPORT void glGetPointervEXT(GLenum pname, void **params)
{
	glGetPointerv(pname, params);
}

FGL_EXPORT void glGetVertexAttribPointerv(GLuint index, GLenum pname, void **pointer)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	if (pname != GL_VERTEX_ATTRIB_ARRAY_POINTER)
		fgl_set_error(t, GL_INVALID_ENUM);
	else if (!c->vertex_array && index < 16)
		*pointer = (void *)c->arrays[FGL_ARRAY_GENERIC0 + index].pointer;
	else
		*pointer = host_pointer(t, OP_glGetVertexAttribPointerv, 2, index, pname, 0);
}

FGL_EXPORT void glGetVertexAttribPointervARB(GLuint index, GLenum pname, void **pointer)
{
	glGetVertexAttribPointerv(index, pname, pointer);
}

FGL_EXPORT void glGetVertexArrayPointervEXT(GLuint vaobj, GLenum pname, void **param)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	int slot = pointer_slot(c, pname);
	if (vaobj)
		*param = host_pointer(t, OP_glGetVertexArrayPointervEXT, 2, vaobj, pname, 0);
	else if (slot < 0)
		fgl_set_error(t, GL_INVALID_ENUM);
	else
		*param = (void *)c->arrays[slot].pointer;
}

/* GL_TEXTURE_COORD_ARRAY_POINTER of texture unit index, GL_VERTEX_ATTRIB_ARRAY_POINTER of
 * attribute index. */
static bool indexed_pointer(struct fgl_context *c, GLenum pname, GLuint index, void **out)
{
	if (pname == GL_TEXTURE_COORD_ARRAY_POINTER && index < 8)
		*out = (void *)c->arrays[FGL_ARRAY_TEXCOORD0 + index].pointer;
	else if (pname == GL_VERTEX_ATTRIB_ARRAY_POINTER && index < 16)
		*out = (void *)c->arrays[FGL_ARRAY_GENERIC0 + index].pointer;
	else
		return false;
	return true;
}

FGL_EXPORT void glGetVertexArrayPointeri_vEXT(GLuint vaobj, GLuint index, GLenum pname,
					      void **param)
{
	CURRENT(NOTHING);
	if (vaobj)
		*param = host_pointer(t, OP_glGetVertexArrayPointeri_vEXT, 3, vaobj, index, pname);
	else if (!indexed_pointer(t->ctx, pname, index, param))
		fgl_set_error(t, GL_INVALID_ENUM);
}

FGL_EXPORT void glGetPointeri_vEXT(GLenum pname, GLuint index, void **params)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	if (c->vertex_array)
		*params = host_pointer(t, OP_glGetVertexArrayPointeri_vEXT, 3, c->vertex_array, index,
				       pname);
	else if (!indexed_pointer(c, pname, index, params))
		fgl_set_error(t, GL_INVALID_ENUM);
}

FGL_EXPORT void glGetPointerIndexedvEXT(GLenum target, GLuint index, void **data)
{
	glGetPointeri_vEXT(target, index, data);
}

/* ---- older names of the array calls ---- */

FGL_EXPORT void glVertexAttribPointerARB(GLuint index, GLint size, GLenum type,
					 GLboolean normalized, GLsizei stride, const void *pointer)
{
	glVertexAttribPointer(index, size, type, normalized, stride, pointer);
}

FGL_EXPORT void glFogCoordPointerEXT(GLenum type, GLsizei stride, const void *pointer)
{
	glFogCoordPointer(type, stride, pointer);
}

FGL_EXPORT void glSecondaryColorPointerEXT(GLint size, GLenum type, GLsizei stride,
					   const void *pointer)
{
	glSecondaryColorPointer(size, type, stride, pointer);
}

/* GL_EXT_vertex_array: count is "the number of static elements", a hint GL 1.1 dropped. */
FGL_EXPORT void glVertexPointerEXT(GLint size, GLenum type, GLsizei stride, GLsizei count,
				   const void *pointer)
{
	(void)count;
	glVertexPointer(size, type, stride, pointer);
}

FGL_EXPORT void glNormalPointerEXT(GLenum type, GLsizei stride, GLsizei count, const void *pointer)
{
	(void)count;
	glNormalPointer(type, stride, pointer);
}

FGL_EXPORT void glColorPointerEXT(GLint size, GLenum type, GLsizei stride, GLsizei count,
				  const void *pointer)
{
	(void)count;
	glColorPointer(size, type, stride, pointer);
}

FGL_EXPORT void glIndexPointerEXT(GLenum type, GLsizei stride, GLsizei count, const void *pointer)
{
	(void)count;
	glIndexPointer(type, stride, pointer);
}

FGL_EXPORT void glTexCoordPointerEXT(GLint size, GLenum type, GLsizei stride, GLsizei count,
				     const void *pointer)
{
	(void)count;
	glTexCoordPointer(size, type, stride, pointer);
}

FGL_EXPORT void glEdgeFlagPointerEXT(GLsizei stride, GLsizei count, const GLboolean *pointer)
{
	(void)count;
	glEdgeFlagPointer(stride, pointer);
}

/* GL_ARB_vertex_buffer_object, GL_ARB_multitexture, GL_ARB_vertex_program: the
 * bindings and enables the guest tracks must see these names too (Neverball binds its
 * vertex buffers with glBindBufferARB). */
FGL_EXPORT void glBindBufferARB(GLenum target, GLuint buffer)
{
	glBindBuffer(target, buffer);
}

FGL_EXPORT void glDeleteBuffersARB(GLsizei n, const GLuint *buffers)
{
	glDeleteBuffers(n, buffers);
}

FGL_EXPORT void glClientActiveTextureARB(GLenum texture)
{
	glClientActiveTexture(texture);
}

FGL_EXPORT void glEnableVertexAttribArrayARB(GLuint index)
{
	glEnableVertexAttribArray(index);
}

FGL_EXPORT void glDisableVertexAttribArrayARB(GLuint index)
{
	glDisableVertexAttribArray(index);
}

/* GL_EXT_direct_state_access: the texture coordinates of unit texunit. */
FGL_EXPORT void glMultiTexCoordPointerEXT(GLenum texunit, GLint size, GLenum type, GLsizei stride,
					  const void *pointer)
{
	CURRENT(NOTHING);
	GLenum active = GL_TEXTURE0 + t->ctx->client_active_texture;
	glClientActiveTexture(texunit);
	glTexCoordPointer(size, type, stride, pointer);
	glClientActiveTexture(active);
}
