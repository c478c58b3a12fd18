/* state.c — the client state the guest keeps so that calls need no round trip: object
 * names it hands out itself, buffer bindings that turn pointers into offsets, and the
 * pixel store that sizes every pixel transfer. */
#include <stdlib.h>
#include <string.h>

#include "enc_gl.h"
#include "fgl.h"

struct fgl_context *fgl_context_new(struct fgl_context *share)
{
	static atomic_uint next_id = 1;
	struct fgl_context *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->id = atomic_fetch_add(&next_id, 1);
	if (share) {
		c->share = share->share;
		atomic_fetch_add(&c->share->refs, 1);
	} else {
		c->share = calloc(1, sizeof *c->share);
		if (!c->share) {
			free(c);
			return NULL;
		}
		atomic_init(&c->share->refs, 1);
		if (!(c->share->buffers = fgl_buffers_new()) ||
		    !(c->share->lists = fgl_lists_new())) {
			fgl_buffers_free(c->share->buffers);
			free(c->share);
			free(c);
			return NULL;
		}
		for (int k = 0; k < FGL_NAME_KINDS; k++)
			atomic_init(&c->share->next[k], 1);
	}
	const struct wire_pixelstore def = WIRE_PIXELSTORE_DEFAULT;
	c->pack = def;
	c->unpack = def;
	for (int i = 0; i < FGL_ARRAYS; i++) {
		c->arrays[i].size = 4;
		c->arrays[i].type = GL_FLOAT;
	}
	return c;
}

void fgl_context_free(struct fgl_context *c)
{
	if (!c)
		return;
	if (atomic_fetch_sub(&c->share->refs, 1) == 1) {
		fgl_buffers_free(c->share->buffers);
		fgl_lists_free(c->share->lists);
		free(c->share->programs);
		free(c->share);
	}
	for (size_t i = 0; i < sizeof c->strings / sizeof c->strings[0]; i++)
		free(c->strings[i]);
	for (int i = 0; i < c->num_extensions; i++)
		free(c->extensions_i[i]);
	free(c->extensions_i);
	free(c);
}

uint32_t fgl_bound_buffer(struct fgl_thread *t, uint32_t binding)
{
	struct fgl_context *c = t->ctx;
	switch (binding) {
	case GL_ARRAY_BUFFER:
		return c->array_buffer;
	case GL_ELEMENT_ARRAY_BUFFER:
		return c->element_buffer;
	case GL_PIXEL_PACK_BUFFER:
		return c->pixel_pack_buffer;
	case GL_PIXEL_UNPACK_BUFFER:
		return c->pixel_unpack_buffer;
	case GL_DRAW_INDIRECT_BUFFER:
		return c->draw_indirect_buffer;
	case GL_QUERY_BUFFER:
		return c->query_buffer;
	}
	return 0;
}

void fgl_names_gen(struct fgl_thread *t, enum fgl_name_kind kind, int32_t n, uint32_t *names)
{
	if (n <= 0 || !names)
		return;
	uint64_t first = atomic_fetch_add(&t->ctx->share->next[kind], (uint64_t)n);
	for (int32_t i = 0; i < n; i++)
		names[i] = (uint32_t)(first + (uint64_t)i);
}

uint64_t fgl_names_make(struct fgl_thread *t, enum fgl_name_kind kind, int32_t n)
{
	if (n <= 0)
		return 0;
	return atomic_fetch_add(&t->ctx->share->next[kind], (uint64_t)n);
}

size_t fgl_image_size(struct fgl_thread *t, int pack, int dims, uint32_t format, uint32_t type,
		      int32_t w, int32_t h, int32_t d)
{
	const struct wire_pixelstore *ps = pack ? &t->ctx->pack : &t->ctx->unpack;
	return wire_image_size(ps, format, type, dims, w, h, d);
}

int fgl_pname_count(struct fgl_thread *t, uint32_t pname)
{
	uint32_t query;
	int n = wire_pname_count(pname, &query);
	if (n == 0) {
		/* The count is itself an answer of the host (GL_NUM_COMPRESSED_TEXTURE_FORMATS). */
		GLint count = 0;
		glGetIntegerv(query, &count);
		n = count > 0 ? count : 0;
	}
	return n;
}
