/* arrays.c — client-side vertex arrays: the guest shadows every array's pointer, and
 * at each draw sends the vertices that draw reads (fglClientArrays) before the draw
 * itself; the host points its arrays at its copies. Vertex ranges come from the draw's
 * arguments, from the indices in the app's memory, or (indices in a buffer object)
 * from the host in one round trip. Instanced arrays (a divisor) send the instances'
 * range instead. Multi-draws of element lists run as the loop GL defines them to be. */
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
	if (!set_array(t, FGL_ARRAY_VERTEX, size, type, stride, false, pointer)->client)
		fgl_enc_glVertexPointer(size, type, stride, pointer);
}

FGL_EXPORT void glNormalPointer(GLenum type, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	if (!set_array(t, FGL_ARRAY_NORMAL, 3, type, stride, false, pointer)->client)
		fgl_enc_glNormalPointer(type, stride, pointer);
}

FGL_EXPORT void glColorPointer(GLint size, GLenum type, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	if (!set_array(t, FGL_ARRAY_COLOR, size, type, stride, false, pointer)->client)
		fgl_enc_glColorPointer(size, type, stride, pointer);
}

FGL_EXPORT void glSecondaryColorPointer(GLint size, GLenum type, GLsizei stride,
					const void *pointer)
{
	CURRENT(NOTHING);
	if (!set_array(t, FGL_ARRAY_SECONDARY_COLOR, size, type, stride, false, pointer)->client)
		fgl_enc_glSecondaryColorPointer(size, type, stride, pointer);
}

FGL_EXPORT void glFogCoordPointer(GLenum type, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	if (!set_array(t, FGL_ARRAY_FOG_COORD, 1, type, stride, false, pointer)->client)
		fgl_enc_glFogCoordPointer(type, stride, pointer);
}

FGL_EXPORT void glEdgeFlagPointer(GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	if (!set_array(t, FGL_ARRAY_EDGE_FLAG, 1, GL_UNSIGNED_BYTE, stride, false, pointer)->client)
		fgl_enc_glEdgeFlagPointer(stride, pointer);
}

FGL_EXPORT void glIndexPointer(GLenum type, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	if (!set_array(t, FGL_ARRAY_INDEX, 1, type, stride, false, pointer)->client)
		fgl_enc_glIndexPointer(type, stride, pointer);
}

FGL_EXPORT void glTexCoordPointer(GLint size, GLenum type, GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	int slot = FGL_ARRAY_TEXCOORD0 + (int)t->ctx->client_active_texture;
	if (!set_array(t, slot, size, type, stride, false, pointer)->client)
		fgl_enc_glTexCoordPointer(size, type, stride, pointer);
}

FGL_EXPORT void glVertexAttribPointer(GLuint index, GLint size, GLenum type, GLboolean normalized,
				      GLsizei stride, const void *pointer)
{
	CURRENT(NOTHING);
	if (index >= 16) {
		fgl_enc_glVertexAttribPointer(index, size, type, normalized, stride, pointer);
		return;
	}
	if (!set_array(t, FGL_ARRAY_GENERIC0 + (int)index, size, type, stride, normalized, pointer)
		     ->client)
		fgl_enc_glVertexAttribPointer(index, size, type, normalized, stride, pointer);
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

FGL_EXPORT void glEnableClientState(GLenum array)
{
	CURRENT(NOTHING);
	int slot = client_state_slot(t->ctx, array);
	if (slot >= 0)
		t->ctx->arrays[slot].enabled = true;
	fgl_enc_glEnableClientState(array);
}

FGL_EXPORT void glDisableClientState(GLenum array)
{
	CURRENT(NOTHING);
	int slot = client_state_slot(t->ctx, array);
	if (slot >= 0)
		t->ctx->arrays[slot].enabled = false;
	fgl_enc_glDisableClientState(array);
}

/* Compatibility GL also takes the array caps through glEnable/glDisable (Mesa and
 * piglit do): the shadow must follow, or a draw would miss an enabled client array. */
FGL_EXPORT void glEnable(GLenum cap)
{
	CURRENT(NOTHING);
	int slot = client_state_slot(t->ctx, cap);
	if (slot >= 0)
		t->ctx->arrays[slot].enabled = true;
	fgl_enc_glEnable(cap);
}

FGL_EXPORT void glDisable(GLenum cap)
{
	CURRENT(NOTHING);
	int slot = client_state_slot(t->ctx, cap);
	if (slot >= 0)
		t->ctx->arrays[slot].enabled = false;
	fgl_enc_glDisable(cap);
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

/* Send the vertices first..last of every enabled client array, before the draw that
 * reads them. The host points its arrays at its copies. */
static void send_client_arrays(struct fgl_thread *t, uint32_t first, uint32_t last)
{
	struct fgl_context *c = t->ctx;
	struct {
		const struct fgl_array *a;
		int slot;
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
		size_t stride = a->stride > 0 ? (size_t)a->stride : eb;
		use[n].a = a;
		use[n].slot = i;
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
		PUT32(m, at, first);
		PUT32(m, at, (uint32_t)use[i].bytes);
	}
	for (int i = 0; i < n; i++)
		fgl_put_data(t, (const uint8_t *)use[i].a->pointer + (size_t)first * use[i].stride,
			     use[i].bytes);
	fgl_end(t);
}

FGL_EXPORT void glDrawArrays(GLenum mode, GLint first, GLsizei count)
{
	CURRENT(NOTHING);
	if (count > 0 && first >= 0 && any_client_array(t->ctx))
		send_client_arrays(t, (uint32_t)first, (uint32_t)first + (uint32_t)count - 1);
	fgl_enc_glDrawArrays(mode, first, count);
}

static bool index_range(GLenum type, const void *indices, GLsizei count, uint32_t *lo,
			uint32_t *hi)
{
	uint32_t mn = UINT32_MAX, mx = 0;
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
		mn = v < mn ? v : mn;
		mx = v > mx ? v : mx;
	}
	*lo = mn;
	*hi = mx;
	return count > 0;
}

static bool arrays_for_elements(struct fgl_thread *t, GLsizei count, GLenum type,
				const void *indices)
{
	if (count <= 0 || !any_client_array(t->ctx))
		return true;
	if (t->ctx->element_buffer) {
		static _Atomic bool said;
		if (!atomic_exchange(&said, true))
			fprintf(stderr, "fakegl: client-side arrays drawn with indices in a buffer "
					"object are not forwarded yet\n");
		fgl_set_error(t, GL_INVALID_OPERATION);
		return false;
	}
	uint32_t lo, hi;
	if (indices && index_range(type, indices, count, &lo, &hi))
		send_client_arrays(t, lo, hi);
	return true;
}

FGL_EXPORT void glDrawElements(GLenum mode, GLsizei count, GLenum type, const void *indices)
{
	CURRENT(NOTHING);
	if (arrays_for_elements(t, count, type, indices))
		fgl_enc_glDrawElements(mode, count, type, indices);
}

FGL_EXPORT void glDrawRangeElements(GLenum mode, GLuint start, GLuint end, GLsizei count,
				    GLenum type, const void *indices)
{
	CURRENT(NOTHING);
	if (arrays_for_elements(t, count, type, indices))
		fgl_enc_glDrawRangeElements(mode, start, end, count, type, indices);
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
			c->client_active_texture = s->client_active_texture;
		}
	}
	fgl_enc_glPopClientAttrib();
}

