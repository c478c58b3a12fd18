/* custom.c — the GL entry points that need more than encoding (the "guest" lines of
 * wire/gl.annotations): cached strings and limits, guest-side errors, the pixel store
 * and bindings the guest shadows, and client-side vertex arrays, sent at draw time for
 * the range of vertices the draw uses. */
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

/* ---- strings and limits, fetched once per context ---- */

static int string_slot(GLenum name)
{
	switch (name) {
	case GL_VENDOR:
		return 0;
	case GL_RENDERER:
		return 1;
	case GL_VERSION:
		return 2;
	case GL_EXTENSIONS:
		return 3;
	case GL_SHADING_LANGUAGE_VERSION:
		return 4;
	}
	return -1;
}

/* Ask the host for a string: the reply is one output, the bytes with their NUL. */
static char *fetch_string(struct fgl_thread *t, uint32_t op, GLenum name, GLuint index,
			  bool indexed)
{
	uint8_t *m = fgl_begin(t, op, indexed ? 8 : 4, indexed ? 8 : 4);
	size_t at = 0;
	PUT32(m, at, name);
	if (indexed)
		PUT32(m, at, index);
	struct fgl_reply r;
	if (fgl_sync(t, &r) < 0 || r.len < 4)
		return NULL;
	uint32_t n;
	memcpy(&n, r.p, 4);
	if (n == 0 || n > r.len - 4)
		return NULL; /* the host had no string: GL returned NULL */
	char *s = malloc(n + 1);
	if (!s)
		return NULL;
	memcpy(s, r.p + 4, n);
	s[n] = 0;
	return s;
}

FGL_EXPORT const GLubyte *glGetString(GLenum name)
{
	CURRENT(NULL);
	int slot = string_slot(name);
	if (slot < 0) {
		/* Not one of the five: no cache, but still exact. */
		static __thread char *last;
		free(last);
		last = fetch_string(t, OP_glGetString, name, 0, false);
		return (const GLubyte *)last;
	}
	if (!t->ctx->strings[slot])
		t->ctx->strings[slot] = fetch_string(t, OP_glGetString, name, 0, false);
	return (const GLubyte *)t->ctx->strings[slot];
}

FGL_EXPORT const GLubyte *glGetStringi(GLenum name, GLuint index)
{
	CURRENT(NULL);
	struct fgl_context *c = t->ctx;
	if (name != GL_EXTENSIONS)
		return (const GLubyte *)fetch_string(t, OP_glGetStringi, name, index, true);
	if (!c->extensions_i) {
		GLint n = 0;
		glGetIntegerv(GL_NUM_EXTENSIONS, &n);
		if (n <= 0)
			n = 0;
		c->extensions_i = calloc((size_t)n + 1, sizeof *c->extensions_i);
		if (!c->extensions_i)
			return NULL;
		c->num_extensions = n;
	}
	if (index >= (GLuint)c->num_extensions) {
		fgl_set_error(t, GL_INVALID_VALUE);
		return NULL;
	}
	if (!c->extensions_i[index])
		c->extensions_i[index] = fetch_string(t, OP_glGetStringi, name, index, true);
	return (const GLubyte *)c->extensions_i[index];
}

FGL_EXPORT GLenum glGetError(void)
{
	CURRENT(GL_NO_ERROR);
	if (t->error) {
		GLenum e = t->error;
		t->error = 0;
		return e;
	}
	return fgl_enc_glGetError();
}

static bool immutable(GLenum pname)
{
	unsigned lo = 0, hi = wire_immutable_pname_count;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (wire_immutable_pnames[mid] == pname)
			return true;
		if (wire_immutable_pnames[mid] < pname)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

FGL_EXPORT void glGetIntegerv(GLenum pname, GLint *data)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	size_t slots = sizeof c->limits / sizeof c->limits[0];
	if (!immutable(pname) || fgl_pname_count(t, pname) > 4) {
		fgl_enc_glGetIntegerv(pname, data);
		return;
	}
	size_t h = (pname * 2654435761u) % slots;
	for (size_t i = 0; i < slots; i++) {
		size_t k = (h + i) % slots;
		if (c->limits[k].valid && c->limits[k].pname == pname) {
			memcpy(data, c->limits[k].value, sizeof(GLint) * (size_t)fgl_pname_count(t, pname));
			return;
		}
		if (!c->limits[k].valid) {
			GLint v[16] = {0};
			uint32_t before = t->error;
			fgl_enc_glGetIntegerv(pname, v);
			int n = fgl_pname_count(t, pname);
			memcpy(data, v, sizeof(GLint) * (size_t)n);
			/* Only cache answers the host gave without an error: an unknown pname
			 * must go on raising GL_INVALID_ENUM, so it is asked each time. */
			if (!before && fgl_enc_glGetError() == GL_NO_ERROR) {
				c->limits[k].pname = pname;
				memcpy(c->limits[k].value, v, sizeof c->limits[k].value);
				c->limits[k].valid = true;
			} else {
				fgl_set_error(t, GL_INVALID_ENUM);
			}
			return;
		}
	}
	fgl_enc_glGetIntegerv(pname, data);
}

/* ---- pixel store ---- */

static void pixel_store(struct fgl_context *c, GLenum pname, GLint v)
{
	struct wire_pixelstore *s = pname >= GL_PACK_SWAP_BYTES && pname <= GL_PACK_ALIGNMENT ?
					   &c->pack : &c->unpack;
	switch (pname) {
	case GL_PACK_SWAP_BYTES:
	case GL_UNPACK_SWAP_BYTES:
		s->swap_bytes = v;
		break;
	case GL_PACK_LSB_FIRST:
	case GL_UNPACK_LSB_FIRST:
		s->lsb_first = v;
		break;
	case GL_PACK_ROW_LENGTH:
	case GL_UNPACK_ROW_LENGTH:
		if (v >= 0)
			s->row_length = v;
		break;
	case GL_PACK_SKIP_ROWS:
	case GL_UNPACK_SKIP_ROWS:
		if (v >= 0)
			s->skip_rows = v;
		break;
	case GL_PACK_SKIP_PIXELS:
	case GL_UNPACK_SKIP_PIXELS:
		if (v >= 0)
			s->skip_pixels = v;
		break;
	case GL_PACK_ALIGNMENT:
	case GL_UNPACK_ALIGNMENT:
		if (v == 1 || v == 2 || v == 4 || v == 8)
			s->alignment = v;
		break;
	case GL_PACK_IMAGE_HEIGHT:
		if (v >= 0)
			c->pack.image_height = v;
		break;
	case GL_UNPACK_IMAGE_HEIGHT:
		if (v >= 0)
			c->unpack.image_height = v;
		break;
	case GL_PACK_SKIP_IMAGES:
		if (v >= 0)
			c->pack.skip_images = v;
		break;
	case GL_UNPACK_SKIP_IMAGES:
		if (v >= 0)
			c->unpack.skip_images = v;
		break;
	}
}

FGL_EXPORT void glPixelStorei(GLenum pname, GLint param)
{
	CURRENT(NOTHING);
	pixel_store(t->ctx, pname, param);
	fgl_enc_glPixelStorei(pname, param);
}

FGL_EXPORT void glPixelStoref(GLenum pname, GLfloat param)
{
	CURRENT(NOTHING);
	/* GL rounds a float pixel-store value to the nearest integer. */
	pixel_store(t->ctx, pname, (GLint)(param + (param < 0 ? -0.5f : 0.5f)));
	fgl_enc_glPixelStoref(pname, param);
}

/* ---- bindings ---- */

FGL_EXPORT void glBindBuffer(GLenum target, GLuint buffer)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	switch (target) {
	case GL_ARRAY_BUFFER:
		c->array_buffer = buffer;
		break;
	case GL_ELEMENT_ARRAY_BUFFER:
		c->element_buffer = buffer;
		break;
	case GL_PIXEL_PACK_BUFFER:
		c->pixel_pack_buffer = buffer;
		break;
	case GL_PIXEL_UNPACK_BUFFER:
		c->pixel_unpack_buffer = buffer;
		break;
	case GL_DRAW_INDIRECT_BUFFER:
		c->draw_indirect_buffer = buffer;
		break;
	case GL_QUERY_BUFFER:
		c->query_buffer = buffer;
		break;
	default:
		fgl_buffers_bind(t, target, buffer);
	}
	fgl_enc_glBindBuffer(target, buffer);
}

FGL_EXPORT void glBindVertexArray(GLuint array)
{
	CURRENT(NOTHING);
	/* The element buffer binding belongs to the vertex array object; a newly bound VAO's
	 * binding is not known here without a round trip, so the guest asks once. */
	t->ctx->vertex_array = array;
	fgl_enc_glBindVertexArray(array);
	GLint eb = 0;
	fgl_enc_glGetIntegerv(GL_ELEMENT_ARRAY_BUFFER_BINDING, &eb);
	t->ctx->element_buffer = (uint32_t)eb;
}

FGL_EXPORT void glDeleteBuffers(GLsizei n, const GLuint *buffers)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	/* GL unbinds a deleted buffer from every binding of the current context. */
	for (GLsizei i = 0; buffers && i < n; i++) {
		uint32_t *b[] = {&c->array_buffer, &c->element_buffer, &c->pixel_pack_buffer,
				 &c->pixel_unpack_buffer, &c->draw_indirect_buffer, &c->query_buffer};
		for (size_t k = 0; k < sizeof b / sizeof b[0]; k++)
			if (*b[k] == buffers[i])
				*b[k] = 0;
	}
	fgl_buffers_forget(t, n, buffers);
	fgl_enc_glDeleteBuffers(n, buffers);
}

/* ---- shader sources: an array of strings ---- */

FGL_EXPORT void glShaderSource(GLuint shader, GLsizei count, const GLchar *const *string,
			       const GLint *length)
{
	CURRENT(NOTHING);
	if (count < 0 || (count > 0 && !string)) {
		fgl_set_error(t, GL_INVALID_VALUE);
		return;
	}
	size_t payload = 8;
	for (GLsizei i = 0; i < count; i++) {
		size_t n = length && length[i] >= 0 ? (size_t)length[i] : strlen(string[i]);
		payload += 4 + wire_pad4(n);
	}
	uint8_t *m = fgl_begin(t, OP_glShaderSource, payload, 8);
	size_t at = 0;
	PUT32(m, at, shader);
	PUT32(m, at, (uint32_t)count);
	for (GLsizei i = 0; i < count; i++) {
		size_t n = length && length[i] >= 0 ? (size_t)length[i] : strlen(string[i]);
		uint32_t n32 = (uint32_t)n;
		fgl_put_data(t, &n32, 4);
		fgl_put_data(t, string[i], n);
	}
	fgl_end(t);
}
