/* limits.c — what one guest process may take of the host: the memory of its textures,
 * buffers and renderbuffers, counted when the driver allocates it (glrender --max-memory),
 * and the draws that would make the driver read memory nobody gave it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dec_gl.h"
#include "glr.h"

/* ---- memory ----
 * Each allocation is kept in its share group's map under the host object, the cube face
 * and the mip level it fills, so that specifying a level again replaces what it held and
 * deleting the object gives it all back. The session (the guest process) holds the sum. */

enum { CH_BUFFER = 1, CH_TEXTURE, CH_RENDERBUFFER }; /* never 0: keys are not */
#define MAX_LEVELS 16
#define FACES 6

static uint64_t charge_key(int kind, uint32_t host, int face, int level)
{
	return (uint64_t)kind << 62 | (uint64_t)host << 16 | (uint64_t)face << 8 | (uint64_t)level;
}

/* Bytes per texel of an internal format, roughly: what a driver stores, never less. */
static size_t texel_bytes(uint32_t f)
{
	switch (f) {
	case GL_RGBA32F: case GL_RGBA32I: case GL_RGBA32UI:
		return 16;
	case GL_RGB32F: case GL_RGB32I: case GL_RGB32UI:
		return 12;
	case GL_RGBA16: case GL_RGBA16F: case GL_RGBA16I: case GL_RGBA16UI: case GL_RG32F:
	case GL_RG32I: case GL_RG32UI: case GL_DEPTH32F_STENCIL8: case GL_RGB16:
	case GL_RGB16F: case GL_RGB16I: case GL_RGB16UI:
		return 8;
	case GL_R8: case GL_R8I: case GL_R8UI: case GL_ALPHA8: case GL_LUMINANCE8:
	case GL_INTENSITY8: case GL_STENCIL_INDEX8: case GL_R3_G3_B2:
		return 1;
	case GL_RG8: case GL_RG8I: case GL_RG8UI: case GL_R16: case GL_R16F: case GL_R16I:
	case GL_R16UI: case GL_DEPTH_COMPONENT16: case GL_LUMINANCE8_ALPHA8: case GL_RGB565:
	case GL_RGB5_A1: case GL_RGBA4:
		return 2;
	}
	return 4;
}

/* The product of dims, times per, or SIZE_MAX when a factor is negative or it overflows:
 * GL refuses those with an error of its own, and nothing is charged. */
static size_t product(size_t per, int64_t a, int64_t b, int64_t d)
{
	size_t n = per;
	if (a < 0 || b < 0 || d < 0)
		return SIZE_MAX;
	if (__builtin_mul_overflow(n, (uint64_t)a, &n) || __builtin_mul_overflow(n, (uint64_t)b, &n) ||
	    __builtin_mul_overflow(n, (uint64_t)d, &n) || n > SIZE_MAX / 2)
		return SIZE_MAX;
	return n;
}

static uint32_t binding_of(uint32_t target)
{
	switch (target) {
	case GL_ARRAY_BUFFER: return GL_ARRAY_BUFFER_BINDING;
	case GL_ELEMENT_ARRAY_BUFFER: return GL_ELEMENT_ARRAY_BUFFER_BINDING;
	case GL_PIXEL_PACK_BUFFER: return GL_PIXEL_PACK_BUFFER_BINDING;
	case GL_PIXEL_UNPACK_BUFFER: return GL_PIXEL_UNPACK_BUFFER_BINDING;
	case GL_UNIFORM_BUFFER: return GL_UNIFORM_BUFFER_BINDING;
	case GL_TEXTURE_BUFFER: return GL_TEXTURE_BUFFER_BINDING;
	case GL_TRANSFORM_FEEDBACK_BUFFER: return GL_TRANSFORM_FEEDBACK_BUFFER_BINDING;
	case GL_COPY_READ_BUFFER: return GL_COPY_READ_BUFFER_BINDING;
	case GL_COPY_WRITE_BUFFER: return GL_COPY_WRITE_BUFFER_BINDING;
	case GL_SHADER_STORAGE_BUFFER: return GL_SHADER_STORAGE_BUFFER_BINDING;
	case GL_DRAW_INDIRECT_BUFFER: return GL_DRAW_INDIRECT_BUFFER_BINDING;
	case GL_DISPATCH_INDIRECT_BUFFER: return GL_DISPATCH_INDIRECT_BUFFER_BINDING;
	case GL_ATOMIC_COUNTER_BUFFER: return GL_ATOMIC_COUNTER_BUFFER_BINDING;
	case GL_QUERY_BUFFER: return GL_QUERY_BUFFER_BINDING;
	case GL_TEXTURE_1D: return GL_TEXTURE_BINDING_1D;
	case GL_TEXTURE_2D: return GL_TEXTURE_BINDING_2D;
	case GL_TEXTURE_3D: return GL_TEXTURE_BINDING_3D;
	case GL_TEXTURE_1D_ARRAY: return GL_TEXTURE_BINDING_1D_ARRAY;
	case GL_TEXTURE_2D_ARRAY: return GL_TEXTURE_BINDING_2D_ARRAY;
	case GL_TEXTURE_RECTANGLE: return GL_TEXTURE_BINDING_RECTANGLE;
	case GL_TEXTURE_CUBE_MAP: return GL_TEXTURE_BINDING_CUBE_MAP;
	case GL_TEXTURE_CUBE_MAP_ARRAY: return GL_TEXTURE_BINDING_CUBE_MAP_ARRAY;
	case GL_TEXTURE_2D_MULTISAMPLE: return GL_TEXTURE_BINDING_2D_MULTISAMPLE;
	case GL_TEXTURE_2D_MULTISAMPLE_ARRAY: return GL_TEXTURE_BINDING_2D_MULTISAMPLE_ARRAY;
	case GL_RENDERBUFFER: return GL_RENDERBUFFER_BINDING;
	}
	if (target >= GL_TEXTURE_CUBE_MAP_POSITIVE_X && target <= GL_TEXTURE_CUBE_MAP_NEGATIVE_Z)
		return GL_TEXTURE_BINDING_CUBE_MAP;
	return 0;
}

/* The host object bound at target, or -1 when the target binds nothing we count. */
static int64_t bound(uint32_t target)
{
	uint32_t binding = binding_of(target);
	if (!binding)
		return -1;
	GLint v = 0;
	glr_gl.GetIntegerv(binding, &v);
	return (uint32_t)v;
}

/* The host object of a guest name, without making one (a name never made allocates
 * nothing: GL refuses DSA calls on it). */
static int64_t host_of(struct glr_client *c, enum glr_kind k, uint32_t guest)
{
	struct glr_share *s = c->ctx->share;
	uint64_t host = 0;
	pthread_mutex_lock(&s->lock);
	bool found = s->maps[k] && glr_map_get(s->maps[k], guest, &host);
	pthread_mutex_unlock(&s->lock);
	return found ? (int64_t)(uint32_t)host : -1;
}

static uint32_t word(const uint8_t *m, size_t i)
{
	uint32_t v;
	memcpy(&v, m + 4 * i, 4);
	return v;
}

static int64_t wide(const uint8_t *m, size_t i)
{
	int64_t v;
	memcpy(&v, m + 4 * i, 8);
	return v;
}

/* The commands plan() counts and those that give memory back: glr_charge_begin runs for
 * these alone (client.c's table of checks, built once at load). Keep it to plan()'s cases. */
static const uint32_t charged_ops[] = {
	OP_glBufferData, OP_glBufferStorage, OP_glNamedBufferData, OP_glNamedBufferStorage,
	OP_glTexImage1D, OP_glTexImage2D, OP_glCopyTexImage2D, OP_glTexImage3D,
	OP_glCompressedTexImage2D, OP_glTexStorage1D, OP_glTexStorage2D, OP_glTexStorage3D,
	OP_glTextureStorage2D, OP_glTextureStorage3D, OP_glTexImage2DMultisample,
	OP_glTexStorage2DMultisample, OP_glRenderbufferStorageMultisample,
	OP_glRenderbufferStorage, OP_glNamedRenderbufferStorage,
	OP_glCopyTexImage1D, OP_glCompressedTexImage1D, OP_glCompressedTexImage3D,
	OP_glTextureStorage1D, OP_glTexImage3DMultisample, OP_glTexStorage3DMultisample,
	OP_glTextureStorage2DMultisample, OP_glTextureStorage3DMultisample,
	OP_glNamedRenderbufferStorageMultisample, OP_glTexImage3DEXT, OP_glBufferDataARB,
	OP_glRenderbufferStorageEXT, OP_glRenderbufferStorageMultisampleEXT,
	OP_glDeleteBuffers, OP_glDeleteTextures, OP_glDeleteRenderbuffers,
};

void glr_charge_classify(unsigned char *checks)
{
	for (size_t i = 0; i < sizeof charged_ops / sizeof charged_ops[0]; i++)
		checks[charged_ops[i]] |= GLR_OP_CHARGE;
}

/* Fill ch with what op allocates: the object, the keys (one per level and face) and the
 * bytes of each. 0: op allocates nothing we count. */
static int plan(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len,
		struct glr_charge *ch)
{
	int64_t obj = -1;
	uint32_t target = 0, fmt = 0;
	int64_t w = 1, h = 1, d = 1, levels = 1, samples = 1, level = 0;
	size_t bytes = SIZE_MAX;
	ch->kind = CH_TEXTURE;
	switch (op) {
	case OP_glBufferData:
	case OP_glBufferDataARB:
	case OP_glBufferStorage:
		if (len < 12)
			return 0;
		ch->kind = CH_BUFFER;
		obj = bound(word(m, 0));
		bytes = product(1, wide(m, 1), 1, 1);
		break;
	case OP_glNamedBufferData:
	case OP_glNamedBufferStorage:
		if (len < 12)
			return 0;
		ch->kind = CH_BUFFER;
		obj = host_of(c, GLR_BUFFER, word(m, 0));
		bytes = product(1, wide(m, 1), 1, 1);
		break;
	case OP_glTexImage1D: /* target level internalformat width border format type */
		if (len < 28)
			return 0;
		target = word(m, 0), level = (int32_t)word(m, 1), fmt = word(m, 2);
		w = (int32_t)word(m, 3);
		break;
	case OP_glTexImage2D: /* … width height border format type */
	case OP_glCopyTexImage2D: /* target level internalformat x y width height border */
		if (len < 32)
			return 0;
		target = word(m, 0), level = (int32_t)word(m, 1), fmt = word(m, 2);
		size_t at = op == OP_glCopyTexImage2D ? 5 : 3;
		w = (int32_t)word(m, at), h = (int32_t)word(m, at + 1);
		break;
	case OP_glCopyTexImage1D: /* target level internalformat x y width border */
		if (len < 28)
			return 0;
		target = word(m, 0), level = (int32_t)word(m, 1), fmt = word(m, 2);
		w = (int32_t)word(m, 5);
		break;
	case OP_glCompressedTexImage1D: /* target level internalformat width border imageSize */
	case OP_glCompressedTexImage3D: /* … width height depth border imageSize */
		if (len < (op == OP_glCompressedTexImage1D ? 24u : 32u))
			return 0;
		target = word(m, 0), level = (int32_t)word(m, 1), fmt = GL_R8;
		w = (int32_t)word(m, op == OP_glCompressedTexImage1D ? 5 : 7);
		break;
	case OP_glTextureStorage1D: /* texture levels internalformat width */
		if (len < 16)
			return 0;
		obj = host_of(c, GLR_TEXTURE, word(m, 0));
		levels = (int32_t)word(m, 1), fmt = word(m, 2), w = (int32_t)word(m, 3);
		break;
	case OP_glTexImage3DMultisample: /* target samples internalformat w h d fixed */
	case OP_glTexStorage3DMultisample:
		if (len < 28)
			return 0;
		target = word(m, 0), samples = (int32_t)word(m, 1), fmt = word(m, 2);
		w = (int32_t)word(m, 3), h = (int32_t)word(m, 4), d = (int32_t)word(m, 5);
		break;
	case OP_glTextureStorage2DMultisample: /* texture samples internalformat w h (d) fixed */
	case OP_glTextureStorage3DMultisample:
		if (len < (op == OP_glTextureStorage2DMultisample ? 24u : 28u))
			return 0;
		obj = host_of(c, GLR_TEXTURE, word(m, 0));
		samples = (int32_t)word(m, 1), fmt = word(m, 2);
		w = (int32_t)word(m, 3), h = (int32_t)word(m, 4);
		if (op == OP_glTextureStorage3DMultisample)
			d = (int32_t)word(m, 5);
		break;
	case OP_glNamedRenderbufferStorageMultisample: /* renderbuffer samples ifmt w h */
		if (len < 20)
			return 0;
		ch->kind = CH_RENDERBUFFER;
		obj = host_of(c, GLR_RENDERBUFFER, word(m, 0));
		samples = (int32_t)word(m, 1), fmt = word(m, 2);
		w = (int32_t)word(m, 3), h = (int32_t)word(m, 4);
		break;
	case OP_glTexImage3D:
	case OP_glTexImage3DEXT:
		if (len < 40)
			return 0;
		target = word(m, 0), level = (int32_t)word(m, 1), fmt = word(m, 2);
		w = (int32_t)word(m, 3), h = (int32_t)word(m, 4), d = (int32_t)word(m, 5);
		break;
	case OP_glCompressedTexImage2D: /* … width height border imageSize */
		if (len < 28)
			return 0;
		target = word(m, 0), level = (int32_t)word(m, 1), fmt = GL_R8;
		w = (int32_t)word(m, 6);
		break;
	case OP_glTexStorage1D: /* target levels internalformat width */
	case OP_glTexStorage2D:
	case OP_glTexStorage3D:
		if (len < 16 + 4 * (size_t)(op == OP_glTexStorage1D ? 0 : op == OP_glTexStorage2D ? 1 : 2))
			return 0;
		target = word(m, 0), levels = (int32_t)word(m, 1), fmt = word(m, 2);
		w = (int32_t)word(m, 3);
		if (op != OP_glTexStorage1D)
			h = (int32_t)word(m, 4);
		if (op == OP_glTexStorage3D)
			d = (int32_t)word(m, 5);
		break;
	case OP_glTextureStorage2D: /* texture levels internalformat width height */
	case OP_glTextureStorage3D:
		if (len < (op == OP_glTextureStorage2D ? 20u : 24u))
			return 0;
		obj = host_of(c, GLR_TEXTURE, word(m, 0));
		levels = (int32_t)word(m, 1), fmt = word(m, 2);
		w = (int32_t)word(m, 3), h = (int32_t)word(m, 4);
		if (op == OP_glTextureStorage3D)
			d = (int32_t)word(m, 5);
		break;
	case OP_glTexImage2DMultisample: /* target samples internalformat width height … */
	case OP_glTexStorage2DMultisample:
	case OP_glRenderbufferStorageMultisample:
	case OP_glRenderbufferStorageMultisampleEXT:
		if (len < 20)
			return 0;
		if (op == OP_glRenderbufferStorageMultisample ||
		    op == OP_glRenderbufferStorageMultisampleEXT)
			ch->kind = CH_RENDERBUFFER;
		target = word(m, 0), samples = (int32_t)word(m, 1), fmt = word(m, 2);
		w = (int32_t)word(m, 3), h = (int32_t)word(m, 4);
		break;
	case OP_glRenderbufferStorage: /* target internalformat width height */
	case OP_glRenderbufferStorageEXT:
		if (len < 16)
			return 0;
		ch->kind = CH_RENDERBUFFER;
		target = word(m, 0), fmt = word(m, 1);
		w = (int32_t)word(m, 2), h = (int32_t)word(m, 3);
		break;
	case OP_glNamedRenderbufferStorage:
		if (len < 16)
			return 0;
		ch->kind = CH_RENDERBUFFER;
		obj = host_of(c, GLR_RENDERBUFFER, word(m, 0));
		fmt = word(m, 1);
		w = (int32_t)word(m, 2), h = (int32_t)word(m, 3);
		break;
	default:
		return 0;
	}
	if (target) {
		if (target >= GL_PROXY_TEXTURE_1D && target <= GL_PROXY_TEXTURE_3D)
			return 0;
		obj = bound(target);
	}
	if (obj < 0 || level < 0 || level >= MAX_LEVELS || levels < 1 || samples < 0)
		return 0; /* GL's own error, or an object we do not count */
	if (samples == 0)
		samples = 1;
	if (ch->kind != CH_BUFFER) {
		bytes = product(texel_bytes(fmt) * (size_t)samples, w, h, d);
		if (op == OP_glCompressedTexImage2D)
			bytes = product(1, (int32_t)word(m, 6), 1, 1);
	}
	if (bytes == SIZE_MAX)
		return 0;
	int faces = target == GL_TEXTURE_CUBE_MAP ? FACES : 1;
	int face = target >= GL_TEXTURE_CUBE_MAP_POSITIVE_X &&
				   target <= GL_TEXTURE_CUBE_MAP_NEGATIVE_Z
			   ? (int)(target - GL_TEXTURE_CUBE_MAP_POSITIVE_X)
			   : 0;
	bool arrays = target == GL_TEXTURE_1D_ARRAY || target == GL_TEXTURE_2D_ARRAY ||
		      target == GL_TEXTURE_CUBE_MAP_ARRAY;
	ch->n = 0;
	for (int64_t l = 0; l < levels && l < MAX_LEVELS; l++) {
		for (int f = 0; f < faces; f++) {
			ch->keys[ch->n] = charge_key(ch->kind, (uint32_t)obj, face + f, (int)(level + l));
			ch->bytes[ch->n++] = bytes;
		}
		if (levels > 1) { /* a storage call: the next level is half the size */
			w = w > 1 ? w / 2 : 1;
			h = target == GL_TEXTURE_1D_ARRAY ? h : h > 1 ? h / 2 : 1;
			d = arrays ? d : d > 1 ? d / 2 : 1;
			bytes = product(texel_bytes(fmt) * (size_t)samples, w, h, d);
		}
	}
	return ch->n > 0;
}

static void hold(struct glr_context *x)
{
	GLenum e;
	for (int guard = 16; (e = glr_gl.GetError()) != GL_NO_ERROR && guard--;)
		if (!x->pending_error)
			x->pending_error = e;
}

static size_t share_bytes(struct glr_share *s, uint64_t key)
{
	uint64_t v = 0;
	return s->charges && glr_map_get(s->charges, key, &v) ? (size_t)v : 0;
}

/* Give back what the share group counted for one object of kind. */
static void uncharge_object(struct glr_share *s, int kind, uint32_t host)
{
	size_t freed = 0;
	for (int f = 0; f < (kind == CH_TEXTURE ? FACES : 1); f++) {
		for (int l = 0; l < (kind == CH_TEXTURE ? MAX_LEVELS : 1); l++) {
			uint64_t v = 0;
			if (s->charges && glr_map_del(s->charges, charge_key(kind, host, f, l), &v))
				freed += (size_t)v;
		}
	}
	s->charged -= freed;
	if (s->session)
		__atomic_sub_fetch(&s->session->memory, freed, __ATOMIC_RELAXED);
}

/* glDelete{Buffers,Textures,Renderbuffers}: n, then the names as a pointer (count word). */
static void uncharge_deleted(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len)
{
	enum glr_kind k = op == OP_glDeleteBuffers ? GLR_BUFFER
			  : op == OP_glDeleteTextures ? GLR_TEXTURE
						       : GLR_RENDERBUFFER;
	int kind = k == GLR_BUFFER ? CH_BUFFER : k == GLR_TEXTURE ? CH_TEXTURE : CH_RENDERBUFFER;
	if (len < 8)
		return;
	uint32_t n = word(m, 1);
	if (n == WIRE_PTR_NULL || n == WIRE_PTR_OFFSET || n > len - 8)
		return; /* the decoder refuses it */
	struct glr_share *s = c->ctx->share;
	pthread_mutex_lock(&s->lock);
	for (uint32_t i = 0; i + 4 <= n && s->charges && s->maps[k]; i += 4) {
		uint32_t guest;
		uint64_t host;
		memcpy(&guest, m + 8 + i, 4);
		if (guest && glr_map_get(s->maps[k], guest, &host))
			uncharge_object(s, kind, (uint32_t)host);
	}
	pthread_mutex_unlock(&s->lock);
}

int glr_charge_begin(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len,
		     struct glr_charge *ch)
{
	if (op == OP_glDeleteBuffers || op == OP_glDeleteTextures || op == OP_glDeleteRenderbuffers) {
		uncharge_deleted(c, op, m, len);
		return 0;
	}
	if (!glr_options.max_memory || !plan(c, op, m, len, ch))
		return 0;
	struct glr_share *s = c->ctx->share;
	size_t before = 0, after = 0;
	pthread_mutex_lock(&s->lock);
	for (int i = 0; i < ch->n; i++) {
		before += share_bytes(s, ch->keys[i]);
		after += ch->bytes[i];
	}
	pthread_mutex_unlock(&s->lock);
	size_t used = __atomic_load_n(&c->session->memory, __ATOMIC_RELAXED);
	/* Beyond a terabyte it is no allocation any driver makes: dimensions past every
	 * GL's maximum, answered GL_INVALID_VALUE as GL answers them (piglit's
	 * teximage-errors expects it), here and not by the driver: Debian 12's llvmpipe
	 * smashes its stack on glTexImage2D of width 0x19080000 (natively too; found by
	 * fuzz-decoder). */
	if (after - before > ((size_t)1 << 40) && after > before) {
		hold(c->ctx);
		if (!c->ctx->pending_error)
			c->ctx->pending_error = GL_INVALID_VALUE;
		return 2;
	}
	if (after > before && (after - before > glr_options.max_memory ||
			       used + (after - before) > glr_options.max_memory)) {
		if (!c->over_memory)
			glr_log("%s: %s would take %zu bytes, %zu of --max-memory %zu are in use: "
				"GL_OUT_OF_MEMORY",
				c->peer, wire_op_names[op], after - before, used, glr_options.max_memory);
		c->over_memory = true;
		hold(c->ctx);
		c->ctx->pending_error = GL_OUT_OF_MEMORY;
		return 2;
	}
	hold(c->ctx); /* so that an error after the call is this call's */
	return 1;
}

void glr_charge_end(struct glr_client *c, const struct glr_charge *ch)
{
	GLenum e = glr_gl.GetError();
	if (e != GL_NO_ERROR) { /* GL refused it: nothing was allocated */
		if (!c->ctx->pending_error)
			c->ctx->pending_error = e;
		return;
	}
	struct glr_share *s = c->ctx->share;
	pthread_mutex_lock(&s->lock);
	if (!s->charges)
		s->charges = glr_map_new();
	s->session = c->session;
	for (int i = 0; s->charges && i < ch->n; i++) {
		size_t old = share_bytes(s, ch->keys[i]);
		if (glr_map_put(s->charges, ch->keys[i], ch->bytes[i]) < 0)
			continue;
		s->charged += ch->bytes[i] - old;
		__atomic_add_fetch(&c->session->memory, ch->bytes[i] - old, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&s->lock);
}

void glr_uncharge_share(struct glr_share *s)
{
	if (s->session)
		__atomic_sub_fetch(&s->session->memory, s->charged, __ATOMIC_RELAXED);
	s->charged = 0;
	glr_map_free(s->charges);
	s->charges = NULL;
}
