/* custom.c — the host's hand-written decoding: fakegl's own commands (GLX work, client
 * arrays), the "host" lines of wire/gl.annotations, name maps, and frame read-back. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dec_gl.h"
#include "glr.h"

/* ---- errors the host raises for the app ---- */

/* Take the driver's pending errors out of the way of our own calls: the first one is
 * kept for the app's next glGetError. */
static void hold_errors(struct glr_context *x)
{
	GLenum e;
	int guard = 16;
	while ((e = glr_gl.GetError()) != GL_NO_ERROR && guard--)
		if (!x->pending_error)
			x->pending_error = e;
}

/* Forget the errors our own calls made. */
static void drop_errors(void)
{
	int guard = 16;
	while (glr_gl.GetError() != GL_NO_ERROR && guard--)
		;
}

void glr_hold_errors(struct glr_context *x)
{
	hold_errors(x);
}

void glr_drop_errors(void)
{
	drop_errors();
}

int glr_missing(struct glr_client *c, uint32_t op, int sync, int outputs, size_t ret_bytes)
{
	static _Atomic unsigned char said[WIRE_OP_COUNT];
	if (op < WIRE_OP_COUNT && !atomic_exchange(&said[op], 1))
		glr_log("the host driver has no %s: GL_INVALID_OPERATION for the app",
			wire_op_names[op]);
	if (c->ctx && !c->ctx->pending_error)
		c->ctx->pending_error = GL_INVALID_OPERATION;
	if (!sync)
		return 0;
	for (int i = 0; i < outputs; i++)
		if (!glr_out_buffer(c, i, 0))
			return -1;
	uint64_t zero = 0;
	return glr_reply(c, outputs, &zero, ret_bytes);
}

int glr_dec_glGetError(struct glr_client *c, const uint8_t *m, size_t len)
{
	GLenum e = c->ctx->pending_error;
	c->ctx->pending_error = 0;
	if (!e)
		e = glr_gl.GetError();
	return glr_reply(c, 0, &e, sizeof e);
}

/* ---- names ---- */

static uint32_t make_host_name(enum glr_kind k)
{
	GLuint n = 0;
	switch (k) {
	case GLR_BUFFER:
		glr_gl.GenBuffers(1, &n);
		break;
	case GLR_TEXTURE:
		glr_gl.GenTextures(1, &n);
		break;
	case GLR_QUERY:
		glr_gl.GenQueries(1, &n);
		break;
	case GLR_SAMPLER:
		if (glr_gl.GenSamplers)
			glr_gl.GenSamplers(1, &n);
		break;
	case GLR_FRAMEBUFFER:
		if (glr_gl.GenFramebuffers)
			glr_gl.GenFramebuffers(1, &n);
		break;
	case GLR_RENDERBUFFER:
		if (glr_gl.GenRenderbuffers)
			glr_gl.GenRenderbuffers(1, &n);
		break;
	case GLR_VERTEX_ARRAY:
		if (glr_gl.GenVertexArrays)
			glr_gl.GenVertexArrays(1, &n);
		break;
	case GLR_TRANSFORM_FEEDBACK:
		if (glr_gl.GenTransformFeedbacks)
			glr_gl.GenTransformFeedbacks(1, &n);
		break;
	case GLR_PIPELINE:
		if (glr_gl.GenProgramPipelines)
			glr_gl.GenProgramPipelines(1, &n);
		break;
	case GLR_PROGRAM:
		/* A program or shader name the guest never made: GL answers GL_INVALID_VALUE for
		 * it, and so does a name the host never made. */
		return 0xfffffff0u;
	case GLR_SYNC:
	case GLR_KINDS:
		break;
	}
	return n;
}

static struct glr_map *share_map(struct glr_client *c, enum glr_kind k)
{
	struct glr_share *s = c->ctx->share;
	if (!s->maps[k])
		s->maps[k] = glr_map_new();
	return s->maps[k];
}

/* The host's name of guest in kind k's map; none there: make one when make, else
 * answer missing. */
static uint64_t host_name(struct glr_client *c, enum glr_kind k, uint64_t guest, bool make,
			  uint64_t missing)
{
	if (!guest || !c->ctx)
		return 0;
	struct glr_share *s = c->ctx->share;
	uint64_t host = missing;
	pthread_mutex_lock(&s->lock);
	struct glr_map *m = share_map(c, k);
	if (m && !glr_map_get(m, guest, &host)) {
		host = make ? make_host_name(k) : missing;
		if (make && host && glr_map_put(m, guest, host) < 0)
			host = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return host;
}

uint64_t glr_name(struct glr_client *c, enum glr_kind k, uint64_t guest)
{
	return host_name(c, k, guest, true, 0);
}

uint64_t glr_name_known(struct glr_client *c, enum glr_kind k, uint64_t guest)
{
	return host_name(c, k, guest, false, 0);
}

/* The object kinds of KHR_debug's and EXT_debug_label's identifiers. */
static const struct {
	GLenum id;
	enum glr_kind kind;
} identifiers[] = {
	{GL_BUFFER, GLR_BUFFER},
	{GL_BUFFER_OBJECT_EXT, GLR_BUFFER},
	{GL_SHADER, GLR_PROGRAM},
	{GL_SHADER_OBJECT_EXT, GLR_PROGRAM},
	{GL_PROGRAM, GLR_PROGRAM},
	{GL_PROGRAM_OBJECT_EXT, GLR_PROGRAM},
	{GL_VERTEX_ARRAY, GLR_VERTEX_ARRAY},
	{GL_VERTEX_ARRAY_OBJECT_EXT, GLR_VERTEX_ARRAY},
	{GL_QUERY, GLR_QUERY},
	{GL_QUERY_OBJECT_EXT, GLR_QUERY},
	{GL_PROGRAM_PIPELINE, GLR_PIPELINE},
	{GL_PROGRAM_PIPELINE_OBJECT_EXT, GLR_PIPELINE},
	{GL_TRANSFORM_FEEDBACK, GLR_TRANSFORM_FEEDBACK},
	{GL_SAMPLER, GLR_SAMPLER},
	{GL_TEXTURE, GLR_TEXTURE},
	{GL_RENDERBUFFER, GLR_RENDERBUFFER},
	{GL_FRAMEBUFFER, GLR_FRAMEBUFFER},
};

uint64_t glr_name_by_identifier(struct glr_client *c, uint32_t identifier, uint64_t guest)
{
	for (size_t i = 0; i < sizeof identifiers / sizeof identifiers[0]; i++)
		if (identifiers[i].id == identifier)
			return glr_name_known(c, identifiers[i].kind, guest);
	return guest; /* GL_DISPLAY_LIST (the app's numbers), or GL raises GL_INVALID_ENUM */
}

uint64_t glr_guest_name(struct glr_client *c, enum glr_kind k, uint64_t host)
{
	if (!host || !c->ctx)
		return 0;
	struct glr_share *s = c->ctx->share;
	uint64_t guest = 0;
	pthread_mutex_lock(&s->lock);
	struct glr_map *m = share_map(c, k);
	if (m)
		glr_map_find_value(m, host, &guest);
	pthread_mutex_unlock(&s->lock);
	return guest;
}

uint32_t *glr_scratch_names(struct glr_client *c, int32_t n)
{
	if (n < 0 || n > (1 << 24)) {
		glr_bad(c, 0, "name count out of range");
		return NULL;
	}
	if ((size_t)n > c->scratch_cap || !c->scratch) {
		size_t cap = n > 16 ? (size_t)n : 16;
		uint32_t *p = realloc(c->scratch, sizeof *p * cap);
		if (!p) {
			glr_bad(c, 0, "out of memory for names");
			return NULL;
		}
		c->scratch = p;
		c->scratch_cap = cap;
	}
	memset(c->scratch, 0, sizeof *c->scratch * (size_t)n);
	return c->scratch;
}

int glr_map_names(struct glr_client *c, enum glr_kind k, int32_t n, const uint32_t *guest,
		  const uint32_t *host)
{
	if (!guest || n <= 0)
		return 0;
	struct glr_share *s = c->ctx->share;
	int rc = 0;
	pthread_mutex_lock(&s->lock);
	struct glr_map *m = share_map(c, k);
	for (int32_t i = 0; m && i < n && rc == 0; i++)
		if (guest[i])
			rc = glr_map_put(m, guest[i], host[i]);
	pthread_mutex_unlock(&s->lock);
	return rc < 0 || !m ? glr_bad(c, 0, "out of memory for names") : 0;
}

uint32_t *glr_unmap_names(struct glr_client *c, enum glr_kind k, int32_t n, const uint32_t *guest)
{
	uint32_t *host = glr_scratch_names(c, n);
	if (!host || !guest)
		return host;
	struct glr_share *s = c->ctx->share;
	pthread_mutex_lock(&s->lock);
	struct glr_map *m = share_map(c, k);
	for (int32_t i = 0; m && i < n; i++) {
		uint64_t h = 0;
		if (guest[i] && glr_map_del(m, guest[i], &h))
			host[i] = (uint32_t)h;
	}
	pthread_mutex_unlock(&s->lock);
	return host;
}

const uint32_t *glr_lookup_names(struct glr_client *c, enum glr_kind k, size_t n,
				 const uint32_t *guest)
{
	uint32_t *host = glr_scratch_names(c, n > INT32_MAX ? -1 : (int32_t)n);
	for (size_t i = 0; host && i < n; i++) {
		uint32_t g;
		memcpy(&g, guest + i, 4); /* the message need not be aligned for us */
		host[i] = (uint32_t)glr_name(c, k, g);
	}
	return host;
}

int glr_map_range(struct glr_client *c, enum glr_kind k, uint64_t guest, uint64_t host,
		  int64_t count)
{
	if (!guest || !host || count <= 0)
		return 0; /* creation failed on the host: the guest's name maps to nothing */
	if (count > (1 << 24))
		return glr_bad(c, 0, "name range out of range");
	struct glr_share *s = c->ctx->share;
	int rc = 0;
	pthread_mutex_lock(&s->lock);
	struct glr_map *m = share_map(c, k);
	for (int64_t i = 0; m && i < count && rc == 0; i++)
		rc = glr_map_put(m, guest + (uint64_t)i, k == GLR_SYNC ? host : host + (uint64_t)i);
	pthread_mutex_unlock(&s->lock);
	return rc < 0 || !m ? glr_bad(c, 0, "out of memory for names") : 0;
}

/* ---- host state that sizes depend on ---- */

uint32_t glr_bound_buffer(struct glr_client *c, uint32_t binding)
{
	GLint v = 0;
	switch (binding) {
	case GL_PIXEL_PACK_BUFFER:
		glr_gl.GetIntegerv(GL_PIXEL_PACK_BUFFER_BINDING, &v);
		break;
	case GL_PIXEL_UNPACK_BUFFER:
		glr_gl.GetIntegerv(GL_PIXEL_UNPACK_BUFFER_BINDING, &v);
		break;
	case GL_ARRAY_BUFFER:
		glr_gl.GetIntegerv(GL_ARRAY_BUFFER_BINDING, &v);
		break;
	case GL_ELEMENT_ARRAY_BUFFER:
		glr_gl.GetIntegerv(GL_ELEMENT_ARRAY_BUFFER_BINDING, &v);
		break;
	case GL_DRAW_INDIRECT_BUFFER:
		glr_gl.GetIntegerv(GL_DRAW_INDIRECT_BUFFER_BINDING, &v);
		break;
	}
	return (uint32_t)v;
}

static bool core_profile(const struct glr_context *x)
{
	return x->attrs.profile == 1 && (x->attrs.major > 3 || (x->attrs.major == 3 && x->attrs.minor >= 2));
}

size_t glr_image_size(struct glr_client *c, int pack, int dims, uint32_t format, uint32_t type,
		      int32_t w, int32_t h, int32_t d)
{
	const struct glr_context *x = c->ctx;
	/* GL_BITMAP only with color indices: Mesa 22 loops forever reading GL_STENCIL_INDEX
	 * as GL_BITMAP, so the host never lets such a transfer reach it. */
	if (type == GL_BITMAP && format != GL_COLOR_INDEX)
		return WIRE_SIZE_UNKNOWN;
	return wire_image_size(pack ? &x->pack : &x->unpack, format, type, dims, w, h, d);
}

/* Level sizes come from the driver; the app's error state is kept out of the way. */
static void level_size(struct glr_client *c, uint32_t target, int32_t level, GLint *w, GLint *h,
		       GLint *d)
{
	*w = *h = *d = 0;
	hold_errors(c->ctx);
	glr_gl.GetTexLevelParameteriv(target, level, GL_TEXTURE_WIDTH, w);
	glr_gl.GetTexLevelParameteriv(target, level, GL_TEXTURE_HEIGHT, h);
	glr_gl.GetTexLevelParameteriv(target, level, GL_TEXTURE_DEPTH, d);
	drop_errors();
}

size_t glr_teximage_size(struct glr_client *c, uint32_t target, int32_t level, uint32_t format,
			 uint32_t type)
{
	GLint w, h, d;
	level_size(c, target, level, &w, &h, &d);
	int dims = target == GL_TEXTURE_1D ? 1
		   : target == GL_TEXTURE_3D || target == GL_TEXTURE_2D_ARRAY ||
				   target == GL_TEXTURE_CUBE_MAP_ARRAY
			   ? 3
			   : 2;
	if (w <= 0 || h <= 0 || d <= 0)
		return 0;
	size_t n = wire_image_size(&c->ctx->pack, format, type, dims, w, h, d);
	return n == WIRE_SIZE_UNKNOWN ? 0 : n;
}

size_t glr_compressed_teximage_size(struct glr_client *c, uint32_t target, int32_t level)
{
	GLint n = 0;
	hold_errors(c->ctx);
	glr_gl.GetTexLevelParameteriv(target, level, GL_TEXTURE_COMPRESSED_IMAGE_SIZE, &n);
	drop_errors();
	return n > 0 ? (size_t)n : 0;
}

size_t glr_pixelmap_size(struct glr_client *c, uint32_t map)
{
	/* GL_PIXEL_MAP_I_TO_I … GL_PIXEL_MAP_A_TO_A have their sizes 0x40 further. */
	GLint n = 0;
	if (map < GL_PIXEL_MAP_I_TO_I || map > GL_PIXEL_MAP_A_TO_A)
		return 0;
	hold_errors(c->ctx);
	glr_gl.GetIntegerv(map + (GL_PIXEL_MAP_I_TO_I_SIZE - GL_PIXEL_MAP_I_TO_I), &n);
	drop_errors();
	return n > 0 ? (size_t)n : 0;
}

/* The pixel store, kept here as GL keeps it, so that sizes never depend on asking the
 * driver (which answers nothing between glBegin and glEnd). */
int glr_dec_glPixelStorei(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 8)
		return glr_bad(c, OP_glPixelStorei, "short command");
	size_t at = 0;
	GLenum pname = GET32(m, at);
	GLint v = (GLint)GET32(m, at);
	wire_pixelstore_set(&c->ctx->pack, &c->ctx->unpack, pname, v);
	glr_gl.PixelStorei(pname, v);
	return 0;
}

int glr_dec_glPixelStoref(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 8)
		return glr_bad(c, OP_glPixelStoref, "short command");
	size_t at = 0;
	GLenum pname = GET32(m, at);
	GLfloat v = GETSCALAR(m, at, GLfloat);
	if (v > -2e9f && v < 2e9f)
		wire_pixelstore_set(&c->ctx->pack, &c->ctx->unpack, pname,
				    (GLint)(v + (v < 0 ? -0.5f : 0.5f)));
	glr_gl.PixelStoref(pname, v);
	return 0;
}

int glr_dec_glPushClientAttrib(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 4)
		return glr_bad(c, OP_glPushClientAttrib, "short command");
	size_t at = 0;
	GLbitfield mask = GET32(m, at);
	struct glr_context *x = c->ctx;
	if (x->client_depth < (int)(sizeof x->client_stack / sizeof x->client_stack[0])) {
		x->client_stack[x->client_depth].pack = x->pack;
		x->client_stack[x->client_depth].unpack = x->unpack;
		x->client_stack[x->client_depth].mask = mask;
		x->client_depth++;
	}
	glr_gl.PushClientAttrib(mask);
	return 0;
}

int glr_dec_glPopClientAttrib(struct glr_client *c, const uint8_t *m, size_t len)
{
	struct glr_context *x = c->ctx;
	if (x->client_depth > 0) {
		x->client_depth--;
		if (x->client_stack[x->client_depth].mask & GL_CLIENT_PIXEL_STORE_BIT) {
			x->pack = x->client_stack[x->client_depth].pack;
			x->unpack = x->client_stack[x->client_depth].unpack;
		}
	}
	glr_gl.PopClientAttrib();
	return 0;
}

int glr_pname_count(struct glr_client *c, uint32_t pname)
{
	/* Queries that take Mesa 22's llvmpipe down (a NULL call inside the driver): refused
	 * with the client, not passed to the driver. */
	if (pname == 0x9599 /* GL_DEVICE_LUID_EXT */ || pname == 0x959A /* GL_DEVICE_NODE_MASK_EXT */) {
		glr_bad(c, 0, "a pname that crashes the host driver");
		return -1;
	}
	uint32_t query;
	int n = wire_pname_count(pname, &query);
	if (n == 0) {
		GLint count = 0;
		glr_gl.GetIntegerv(query, &count);
		n = count > 0 ? count : 0;
	}
	return n;
}

/* ---- strings ---- */

static int reply_string(struct glr_client *c, const GLubyte *s)
{
	size_t n = s ? strlen((const char *)s) + 1 : 0;
	void *out = glr_out_buffer(c, 0, n);
	if (!out)
		return -1;
	if (n)
		memcpy(out, s, n);
	return glr_reply(c, 1, NULL, 0);
}

int glr_dec_glGetString(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 4)
		return glr_bad(c, OP_glGetString, "short command");
	size_t at = 0;
	GLenum name = GET32(m, at);
	return reply_string(c, glr_gl.GetString(name));
}

int glr_dec_glGetStringi(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 8)
		return glr_bad(c, OP_glGetStringi, "short command");
	size_t at = 0;
	GLenum name = GET32(m, at);
	GLuint index = GET32(m, at);
	if (!glr_gl.GetStringi)
		return reply_string(c, NULL);
	return reply_string(c, glr_gl.GetStringi(name, index));
}

/* The strings of put_strings (libfakegl/custom.c), pointing into the message; the
 * arrays are the client's scratch, valid until the next call. -1 after glr_bad. */
static int get_strings(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len,
		       size_t at, uint32_t count, const GLchar ***strings, GLint **lengths)
{
	if (count > (len - at) / 4)
		return glr_bad(c, op, "more strings than bytes");
	size_t want = (size_t)count + 1;
	if (c->strings_cap < want) {
		const GLchar **s = realloc(c->strings, want * sizeof *s);
		GLint *l = s ? realloc(c->string_lengths, want * sizeof *l) : NULL;
		if (s)
			c->strings = s;
		if (!s || !l)
			return glr_bad(c, op, "out of memory");
		c->string_lengths = l;
		c->strings_cap = want;
	}
	for (uint32_t i = 0; i < count; i++) {
		if (len - at < 4)
			return glr_bad(c, op, "short string length");
		uint32_t n = GET32(m, at);
		if (n > len - at || wire_pad4(n) > len - at || n > INT32_MAX)
			return glr_bad(c, op, "string longer than the command");
		c->strings[i] = (const GLchar *)(m + at);
		c->string_lengths[i] = (GLint)n;
		at += wire_pad4(n);
	}
	*strings = c->strings;
	*lengths = c->string_lengths;
	return 0;
}

int glr_dec_glShaderSource(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 8)
		return glr_bad(c, OP_glShaderSource, "short command");
	size_t at = 0;
	GLuint shader = GET32(m, at);
	uint32_t count = GET32(m, at);
	const GLchar **strings;
	GLint *lengths;
	if (get_strings(c, OP_glShaderSource, m, len, at, count, &strings, &lengths) < 0)
		return -1;
	glr_gl.ShaderSource((GLuint)glr_name(c, GLR_PROGRAM, shader), (GLsizei)count, strings,
			    lengths);
	return 0;
}

/* For calls that take NUL-terminated strings only: copies them, each with its NUL, into
 * one block (free it after the call) and points strings[] at the copies. */
static char *nul_terminated(const GLchar **strings, const GLint *lengths, uint32_t count,
			    size_t bytes)
{
	char *block = malloc(bytes + count + 1);
	size_t pos = 0;
	for (uint32_t i = 0; block && i < count; i++) {
		memcpy(block + pos, strings[i], (size_t)lengths[i]);
		block[pos + (size_t)lengths[i]] = 0;
		strings[i] = block + pos;
		pos += (size_t)lengths[i] + 1;
	}
	return block;
}

int glr_dec_glTransformFeedbackVaryings(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 12)
		return glr_bad(c, OP_glTransformFeedbackVaryings, "short command");
	size_t at = 0;
	GLuint program = GET32(m, at);
	uint32_t count = GET32(m, at);
	GLenum mode = GET32(m, at);
	const GLchar **strings;
	GLint *lengths;
	if (get_strings(c, OP_glTransformFeedbackVaryings, m, len, at, count, &strings, &lengths) < 0)
		return -1;
	char *block = nul_terminated(strings, lengths, count, len);
	if (!block)
		return glr_bad(c, OP_glTransformFeedbackVaryings, "out of memory");
	glr_gl.TransformFeedbackVaryings((GLuint)glr_name(c, GLR_PROGRAM, program), (GLsizei)count,
					 strings, mode);
	free(block);
	return 0;
}

int glr_dec_glGetUniformIndices(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 8)
		return glr_bad(c, OP_glGetUniformIndices, "short command");
	size_t at = 0;
	GLuint program = GET32(m, at);
	uint32_t count = GET32(m, at);
	const GLchar **strings;
	GLint *lengths;
	if (get_strings(c, OP_glGetUniformIndices, m, len, at, count, &strings, &lengths) < 0)
		return -1;
	char *block = nul_terminated(strings, lengths, count, len);
	if (!block)
		return glr_bad(c, OP_glGetUniformIndices, "out of memory");
	GLuint *indices = glr_out_buffer(c, 0, sizeof(GLuint) * (size_t)count);
	if (indices) {
		/* "If an error occurs, nothing is written to <uniformIndices>" */
		glr_query_begin(c);
		glr_gl.GetUniformIndices((GLuint)glr_name(c, GLR_PROGRAM, program), (GLsizei)count,
					 strings, indices);
		glr_outputs_checked(c, 1);
	}
	free(block);
	return indices ? glr_reply(c, 1, NULL, 0) : -1;
}

int glr_dec_glCompileShaderIncludeARB(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 8)
		return glr_bad(c, OP_glCompileShaderIncludeARB, "short command");
	size_t at = 0;
	GLuint shader = GET32(m, at);
	uint32_t count = GET32(m, at);
	const GLchar **strings;
	GLint *lengths;
	if (get_strings(c, OP_glCompileShaderIncludeARB, m, len, at, count, &strings, &lengths) < 0)
		return -1;
	if (!glr_gl.CompileShaderIncludeARB)
		return glr_missing(c, OP_glCompileShaderIncludeARB, 0, 0, 0);
	glr_gl.CompileShaderIncludeARB((GLuint)glr_name(c, GLR_PROGRAM, shader), (GLsizei)count,
				       strings, lengths);
	return 0;
}

int glr_dec_glCreateShaderProgramv(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 16)
		return glr_bad(c, OP_glCreateShaderProgramv, "short command");
	size_t at = 0;
	GLenum type = GET32(m, at);
	uint32_t count = GET32(m, at);
	uint64_t made = GET64(m, at, uint64_t);
	const GLchar **strings;
	GLint *lengths;
	if (get_strings(c, OP_glCreateShaderProgramv, m, len, at, count, &strings, &lengths) < 0)
		return -1;
	char *block = nul_terminated(strings, lengths, count, len);
	if (!block)
		return glr_bad(c, OP_glCreateShaderProgramv, "out of memory");
	GLuint program = glr_gl.CreateShaderProgramv(type, (GLsizei)count, strings);
	free(block);
	return glr_map_range(c, GLR_PROGRAM, made, program, 1);
}

/* ---- feedback and selection ---- */

#define GLR_MAX_RENDER_BUFFER (1 << 24) /* values */

int glr_dec_glFeedbackBuffer(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 12)
		return glr_bad(c, OP_glFeedbackBuffer, "short command");
	size_t at = 0;
	GLsizei size = (GLsizei)GET32(m, at);
	GLenum type = GET32(m, at);
	uint32_t given = GET32(m, at);
	struct glr_context *x = c->ctx;
	if (size > GLR_MAX_RENDER_BUFFER)
		return glr_bad(c, OP_glFeedbackBuffer, "feedback buffer too large");
	if (given && size > 0) {
		float *p = realloc(x->feedback, sizeof *p * (size_t)size);
		if (!p)
			return glr_bad(c, OP_glFeedbackBuffer, "out of memory");
		memset(p, 0, sizeof *p * (size_t)size);
		x->feedback = p;
		x->feedback_size = (size_t)size;
	}
	glr_gl.FeedbackBuffer(size, type, given ? x->feedback : NULL);
	return 0;
}

int glr_dec_glSelectBuffer(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 8)
		return glr_bad(c, OP_glSelectBuffer, "short command");
	size_t at = 0;
	GLsizei size = (GLsizei)GET32(m, at);
	uint32_t given = GET32(m, at);
	struct glr_context *x = c->ctx;
	if (size > GLR_MAX_RENDER_BUFFER)
		return glr_bad(c, OP_glSelectBuffer, "selection buffer too large");
	if (given && size > 0) {
		uint32_t *p = realloc(x->select, sizeof *p * (size_t)size);
		if (!p)
			return glr_bad(c, OP_glSelectBuffer, "out of memory");
		memset(p, 0, sizeof *p * (size_t)size);
		x->select = p;
		x->select_size = (size_t)size;
	}
	glr_gl.SelectBuffer(size, given ? x->select : NULL);
	return 0;
}

/* Answers the mode that ended and its buffer's contents, then GL's return value. */
int glr_dec_glRenderMode(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 4)
		return glr_bad(c, OP_glRenderMode, "short command");
	size_t at = 0;
	GLenum mode = GET32(m, at);
	struct glr_context *x = c->ctx;
	GLint before = GL_RENDER;
	hold_errors(x);
	glr_gl.GetIntegerv(GL_RENDER_MODE, &before);
	drop_errors();
	GLint ret = glr_gl.RenderMode(mode);
	GLint after = GL_RENDER;
	glr_gl.GetIntegerv(GL_RENDER_MODE, &after);
	uint32_t ended = (uint32_t)(after != before ? before : 0);
	const void *data = NULL;
	size_t bytes = 0;
	/* Only what GL wrote goes back: the app's buffer beyond it stays as it was. */
	if (ended == GL_FEEDBACK && x->feedback) {
		data = x->feedback;
		bytes = (ret < 0 || (size_t)ret > x->feedback_size ? x->feedback_size : (size_t)ret) * 4;
	} else if (ended == GL_SELECT && x->select) {
		/* ret hit records of 3 + n values each (n names, zmin, zmax, the names) */
		size_t used = 0;
		for (GLint h = 0; h < (ret < 0 ? 0 : ret) && used < x->select_size; h++)
			used += 3 + (size_t)x->select[used];
		if (ret < 0 || used > x->select_size)
			used = x->select_size;
		data = x->select;
		bytes = used * 4;
	}
	uint8_t *out = glr_out_buffer(c, 0, 4 + bytes);
	if (!out)
		return -1;
	memcpy(out, &ended, 4);
	if (bytes)
		memcpy(out + 4, data, bytes);
	return glr_reply(c, 1, &ret, sizeof ret);
}

/* ---- client-side arrays: fglClientArrays ---- */

static int client_arrays(struct glr_client *c, const uint8_t *m, size_t len)
{
	struct glr_context *x = c->ctx;
	if (!x)
		return glr_bad(c, OP_fglClientArrays, "no current context");
	if (len < 4)
		return glr_bad(c, OP_fglClientArrays, "short command");
	size_t at = 0;
	uint32_t n = GET32(m, at);
	if (n > 32 || n * 28 > len - at)
		return glr_bad(c, OP_fglClientArrays, "bad array count");
	size_t data_at = at + (size_t)n * 28;
	/* Inside glBegin/glEnd GL takes no pointer: the copies would not be read, and the
	 * block's glArrayElement calls are refused instead (draws.c; the guest sends the
	 * arrays before glBegin). */
	if (x->in_begin)
		return 0;
	GLint array_buffer = 0, active = GL_TEXTURE0;
	glr_gl.GetIntegerv(GL_ARRAY_BUFFER_BINDING, &array_buffer);
	if (glr_gl.BindBuffer)
		glr_gl.BindBuffer(GL_ARRAY_BUFFER, 0);
	bool fixed = !core_profile(x);
	if (fixed)
		glr_gl.GetIntegerv(GL_CLIENT_ACTIVE_TEXTURE, &active);
	int rc = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t slot = GET32(m, at);
		GLint size = (GLint)GET32(m, at);
		GLenum type = GET32(m, at);
		uint32_t flags = GET32(m, at);
		uint32_t stride = GET32(m, at);
		uint32_t first = GET32(m, at);
		uint32_t bytes = GET32(m, at);
		if (slot >= WIRE_ARRAYS || stride > (1u << 20) || bytes > len - data_at ||
		    wire_pad4(bytes) > len - data_at || (stride && first > SIZE_MAX / stride)) {
			rc = glr_bad(c, OP_fglClientArrays, "array out of bounds");
			break;
		}
		struct glr_array_copy *a = &x->arrays[slot];
		if (a->cap < bytes + 16) {
			void *p = realloc(a->data, bytes + 16);
			if (!p) {
				rc = glr_bad(c, OP_fglClientArrays, "out of memory");
				break;
			}
			a->data = p;
			a->cap = bytes + 16;
		}
		memcpy(a->data, m + data_at, bytes);
		glr_arrays_sent(x, slot, size, type, stride, first, bytes);
		data_at += wire_pad4(bytes);
		/* GL reads element i at pointer + i * stride: point first at our copy. */
		const void *p = (const void *)((uintptr_t)a->data - (uintptr_t)first * stride);
		GLsizei st = (GLsizei)stride;
		if (slot >= WIRE_ARRAY_GENERIC0) {
			GLuint index = slot - WIRE_ARRAY_GENERIC0;
			if (flags & 2)
				glr_gl.VertexAttribIPointer(index, size, type, st, p);
			else
				glr_gl.VertexAttribPointer(index, size, type, flags & 1, st, p);
		} else if (!fixed) {
			continue;
		} else if (slot == 0) {
			glr_gl.VertexPointer(size, type, st, p);
		} else if (slot == 1) {
			glr_gl.NormalPointer(type, st, p);
		} else if (slot == 2) {
			glr_gl.ColorPointer(size, type, st, p);
		} else if (slot == 3) {
			glr_gl.SecondaryColorPointer(size, type, st, p);
		} else if (slot == 4) {
			glr_gl.FogCoordPointer(type, st, p);
		} else if (slot == 5) {
			glr_gl.EdgeFlagPointer(st, p);
		} else if (slot == 6) {
			glr_gl.IndexPointer(type, st, p);
		} else {
			glr_gl.ClientActiveTexture(GL_TEXTURE0 + (slot - 7));
			glr_gl.TexCoordPointer(size, type, st, p);
		}
	}
	if (fixed)
		glr_gl.ClientActiveTexture((GLenum)active);
	if (glr_gl.BindBuffer)
		glr_gl.BindBuffer(GL_ARRAY_BUFFER, (GLuint)array_buffer);
	return rc;
}

/* ---- buffer mapping: fglBufferRead, fglBufferWrite ----
 * A guest map is guest memory (libfakegl/buffers.c); the host never keeps a buffer
 * mapped beyond one command. Both commands name the buffer, not a target: the host
 * binds it to GL_ARRAY_BUFFER for the time of the command and puts the app's binding
 * back, and checks every range against the size its own GL reports. */

static uint64_t buffer_size(void)
{
	if (glr_gl.GetBufferParameteri64v) {
		GLint64 size = 0;
		glr_gl.GetBufferParameteri64v(GL_ARRAY_BUFFER, GL_BUFFER_SIZE, &size);
		return size > 0 ? (uint64_t)size : 0;
	}
	GLint size = 0;
	glr_gl.GetBufferParameteriv(GL_ARRAY_BUFFER, GL_BUFFER_SIZE, &size);
	return size > 0 ? (uint64_t)size : 0;
}

/* fglBufferRead: buffer offset(u64) length(u64; all ones: to the end). The answer: the
 * bytes (none when the range is outside the buffer or above 1 GiB), then the buffer's
 * size (u64), storage flags and whether its storage is immutable (u32 each). */
static int buffer_read(struct glr_client *c, const uint8_t *m, size_t len)
{
	struct glr_context *x = c->ctx;
	if (!x)
		return glr_bad(c, OP_fglBufferRead, "no current context");
	if (len < 20)
		return glr_bad(c, OP_fglBufferRead, "short command");
	size_t at = 0;
	uint32_t buffer = GET32(m, at);
	uint64_t offset = GET64(m, at, uint64_t);
	uint64_t length = GET64(m, at, uint64_t);
	struct {
		uint64_t size;
		uint32_t flags, immutable;
	} info = {0, 0, 0};
	hold_errors(x);
	GLint prev = 0;
	glr_gl.GetIntegerv(GL_ARRAY_BUFFER_BINDING, &prev);
	glr_gl.BindBuffer(GL_ARRAY_BUFFER, (GLuint)glr_name(c, GLR_BUFFER, buffer));
	info.size = buffer_size();
	GLint v = 0;
	glr_gl.GetBufferParameteriv(GL_ARRAY_BUFFER, GL_BUFFER_IMMUTABLE_STORAGE, &v);
	info.immutable = v != 0;
	v = 0;
	glr_gl.GetBufferParameteriv(GL_ARRAY_BUFFER, GL_BUFFER_STORAGE_FLAGS, &v);
	info.flags = (uint32_t)v;
	uint64_t n = 0;
	if (offset <= info.size) {
		n = length == UINT64_MAX ? info.size - offset : length;
		if (n > info.size - offset || n > ((uint64_t)1 << 30))
			n = 0;
	}
	uint8_t *out = glr_out_buffer(c, 0, (size_t)n);
	if (out && n)
		glr_gl.GetBufferSubData(GL_ARRAY_BUFFER, (GLintptr)offset, (GLsizeiptr)n, out);
	glr_gl.BindBuffer(GL_ARRAY_BUFFER, (GLuint)prev);
	drop_errors();
	if (!out)
		return -1;
	return glr_reply(c, 1, &info, sizeof info);
}

/* fglBufferWrite: buffer offset(u64) length(u32), then the bytes: what the app wrote
 * into its map. Written through a map of the host's own (glBufferSubData is refused on
 * immutable storage without GL_DYNAMIC_STORAGE_BIT), glBufferSubData where the driver
 * cannot map. A range outside the buffer is GL_INVALID_VALUE for the app. */
static int buffer_write(struct glr_client *c, const uint8_t *m, size_t len)
{
	struct glr_context *x = c->ctx;
	if (!x)
		return glr_bad(c, OP_fglBufferWrite, "no current context");
	if (len < 16)
		return glr_bad(c, OP_fglBufferWrite, "short command");
	size_t at = 0;
	uint32_t buffer = GET32(m, at);
	uint64_t offset = GET64(m, at, uint64_t);
	uint32_t n = GET32(m, at);
	if (n > len - at || wire_pad4(n) > len - at)
		return glr_bad(c, OP_fglBufferWrite, "data longer than the command");
	const uint8_t *data = m + at;
	hold_errors(x);
	GLint prev = 0;
	glr_gl.GetIntegerv(GL_ARRAY_BUFFER_BINDING, &prev);
	glr_gl.BindBuffer(GL_ARRAY_BUFFER, (GLuint)glr_name(c, GLR_BUFFER, buffer));
	uint64_t size = buffer_size();
	if (offset > size || n > size - offset) {
		if (!x->pending_error)
			x->pending_error = GL_INVALID_VALUE;
	} else if (n) {
		void *p = glr_gl.MapBufferRange ?
				  glr_gl.MapBufferRange(GL_ARRAY_BUFFER, (GLintptr)offset, (GLsizeiptr)n,
							GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_RANGE_BIT) :
				  NULL;
		if (p) {
			memcpy(p, data, n);
			glr_gl.UnmapBuffer(GL_ARRAY_BUFFER);
		} else {
			drop_errors();
			glr_gl.BufferSubData(GL_ARRAY_BUFFER, (GLintptr)offset, (GLsizeiptr)n, data);
		}
	}
	glr_gl.BindBuffer(GL_ARRAY_BUFFER, (GLuint)prev);
	drop_errors();
	return 0;
}

/* fglIndexRange: the smallest and largest of count indices of type at offset in the
 * bound element buffer, for a draw whose vertex arrays are in the guest's memory; a
 * primitive restart index is no vertex. Answers {found, min, max}; found 0 when the
 * range is not in the buffer or every index restarts (the draw that follows gets GL's
 * own error or reads nothing). */
static int index_range(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (!c->ctx)
		return glr_bad(c, OP_fglIndexRange, "no current context");
	if (len < 16)
		return glr_bad(c, OP_fglIndexRange, "short command");
	size_t at = 0;
	uint32_t count = GET32(m, at), type = GET32(m, at);
	uint64_t offset = GET64(m, at, uint64_t);
	uint32_t answer[3] = {0, 0, 0};
	int size = type == GL_UNSIGNED_BYTE ? 1 : type == GL_UNSIGNED_SHORT ? 2 :
		   type == GL_UNSIGNED_INT ? 4 : 0;
	GLint64 buffer_size = 0;
	GLint bound = 0;
	hold_errors(c->ctx);
	glr_gl.GetIntegerv(GL_ELEMENT_ARRAY_BUFFER_BINDING, &bound);
	if (bound && glr_gl.GetBufferParameteri64v)
		glr_gl.GetBufferParameteri64v(GL_ELEMENT_ARRAY_BUFFER, GL_BUFFER_SIZE, &buffer_size);
	uint64_t bytes = (uint64_t)count * (uint64_t)size;
	if (size && count && buffer_size > 0 && offset <= (uint64_t)buffer_size &&
	    bytes <= (uint64_t)buffer_size - offset) {
		uint8_t *data = malloc(bytes);
		if (!data)
			return glr_bad(c, OP_fglIndexRange, "out of memory");
		glr_gl.GetBufferSubData(GL_ELEMENT_ARRAY_BUFFER, (GLintptr)offset, (GLsizeiptr)bytes,
					data);
		uint32_t lo = UINT32_MAX, hi = 0, restart_index = 0;
		bool restart = glr_restart_index(size, &restart_index), any = false;
		for (uint32_t i = 0; i < count; i++) {
			uint32_t v = size == 1 ? data[i] : 0;
			if (size == 2) {
				uint16_t v16;
				memcpy(&v16, data + 2 * i, 2);
				v = v16;
			} else if (size == 4) {
				memcpy(&v, data + 4 * i, 4);
			}
			if (restart && v == restart_index)
				continue; /* restarts the primitive, reads no vertex */
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
			any = true;
		}
		free(data);
		answer[0] = any;
		answer[1] = lo;
		answer[2] = hi;
	}
	drop_errors();
	return glr_reply(c, 0, answer, sizeof answer);
}

/* ---- contexts and drawables ---- */

static struct glr_context *find_context(struct glr_session *s, uint32_t id)
{
	for (struct glr_context *x = s->contexts; x; x = x->next)
		if (x->id == id)
			return x;
	return NULL;
}

static struct glr_drawable *find_drawable(struct glr_session *s, uint32_t id)
{
	for (struct glr_drawable *d = s->drawables; d; d = d->next)
		if (d->id == id)
			return d;
	return NULL;
}

static int create_context(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 28)
		return glr_bad(c, OP_glXCreateContext, "short command");
	size_t at = 0;
	uint32_t id = GET32(m, at), share_id = GET32(m, at);
	struct glr_ctx_attrs a;
	a.major = (int)GET32(m, at);
	a.minor = (int)GET32(m, at);
	a.profile = (int)GET32(m, at);
	a.flags = (int)GET32(m, at);
	a.reset = (int)GET32(m, at);
	/* Older guests send 7 words: no_error off, flush on release. */
	a.no_error = len >= 36 ? (int)GET32(m, at) : 0;
	a.release = len >= 36 ? (int)GET32(m, at) : 0x2098 /* FLUSH */;
	uint32_t status = 1;
	struct glr_session *s = c->session;
	pthread_mutex_lock(&s->lock);
	struct glr_context *share = share_id ? find_context(s, share_id) : NULL;
	struct glr_context *x = NULL;
	if (!id || find_context(s, id) || (share_id && !share))
		goto answer;
	int count = 0;
	for (struct glr_context *y = s->contexts; y; y = y->next)
		count++;
	if (glr_options.max_contexts && count >= glr_options.max_contexts) {
		glr_log("%s: a context beyond --max-contexts %d refused", c->peer,
			glr_options.max_contexts);
		goto answer;
	}
	x = calloc(1, sizeof *x);
	if (!x)
		goto answer;
	x->egl = glr_egl_create_context(share ? share->egl : NULL, &a);
	if (!x->egl) {
		glr_log("%s: no context %d.%d profile %#x flags %#x: %s", c->peer, a.major, a.minor,
			a.profile, a.flags, glr_egl_error());
		free(x);
		goto answer;
	}
	x->id = id;
	x->attrs = a;
	x->pack = x->unpack = (struct wire_pixelstore)WIRE_PIXELSTORE_DEFAULT;
	glr_debug_init(x);
	if (share) {
		x->share = share->share;
		x->share->refs++;
	} else if ((x->share = calloc(1, sizeof *x->share))) {
		x->share->refs = 1;
		pthread_mutex_init(&x->share->lock, NULL);
	} else {
		glr_egl_destroy_context(x->egl);
		free(x);
		goto answer;
	}
	x->next = s->contexts;
	s->contexts = x;
	status = 0;
answer:
	pthread_mutex_unlock(&s->lock);
	return glr_reply(c, 0, &status, 4);
}

/* x stops being current in c: a client waiting for it in make_current may go on. */
static void context_released(struct glr_client *c, struct glr_context *x)
{
	pthread_mutex_lock(&c->session->lock);
	if (x->current_in == c)
		x->current_in = NULL;
	pthread_cond_broadcast(&c->session->released);
	pthread_mutex_unlock(&c->session->lock);
}

void glr_release_client(struct glr_client *c)
{
	if (c->ctx) {
		glr_egl_make_current(NULL, NULL, NULL);
		context_released(c, c->ctx);
		c->ctx = NULL;
	}
	c->draw = c->read = NULL;
	glr_alpha_bind(c);
	if (c->own) {
		glr_egl_destroy_surface(c->own->surface);
		free(c->own);
		c->own = NULL;
	}
}

/* The drawable is current in another thread, which EGL refuses: this thread draws to
 * a surface of its own of the same size and buffers (what it draws is shown at its
 * swaps; the other thread's drawing is not seen in it). */
static bool bind_own_surface(struct glr_client *c, struct glr_context *x,
			     const struct glr_drawable *d)
{
	if (!c->own && !(c->own = calloc(1, sizeof *c->own)))
		return false;
	if (!c->own->surface || c->own->width != d->width || c->own->height != d->height) {
		void *s = glr_egl_create_surface(&d->attrs, d->width, d->height);
		if (!s)
			return false;
		glr_egl_destroy_surface(c->own->surface);
		c->own->surface = s;
	}
	c->own->id = d->id;
	c->own->width = d->width;
	c->own->height = d->height;
	c->own->attrs = d->attrs;
	if (!glr_egl_make_current(c->own->surface, c->own->surface, x->egl))
		return false;
	static _Atomic int said;
	if (!atomic_exchange(&said, 1))
		glr_log("%s: drawable %#x is current in two threads: this one gets its own "
			"surface", c->peer, d->id);
	c->draw = c->read = c->own;
	return true;
}

static int destroy_context(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 4)
		return glr_bad(c, OP_glXDestroyContext, "short command");
	size_t at = 0;
	uint32_t id = GET32(m, at);
	struct glr_session *s = c->session;
	pthread_mutex_lock(&s->lock);
	struct glr_context *x = NULL;
	for (struct glr_context **p = &s->contexts; *p; p = &(*p)->next) {
		if ((*p)->id == id && (!(*p)->current_in || (*p)->current_in == c)) {
			x = *p;
			*p = x->next;
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	if (!x)
		return 0; /* unknown or current elsewhere: GLX ignores it, so do we */
	if (c->ctx == x)
		glr_release_client(c);
	glr_driver_exclusive(true);
	glr_context_free(x);
	/* glr_context_free made x current to finish it, then none: the client's own
	 * context back, or its next commands would reach no context at all */
	if (c->ctx) {
		glr_egl_make_current(c->draw ? c->draw->surface : NULL,
				     c->read ? c->read->surface : NULL, c->ctx->egl);
		glr_alpha_bind(c);
	}
	glr_driver_exclusive(false);
	return 0;
}

void glr_context_free(struct glr_context *x)
{
	/* llvmpipe may still be rasterizing the context's last scenes: eglDestroyContext then
	 * crashed inside the driver (piglit's longprim beside polygon-mode-facing, 1 round in
	 * 8). Finish them with the context current here first; callers hold the driver
	 * exclusively and the context is current nowhere else. */
	if (glr_egl_make_current(NULL, NULL, x->egl)) {
		glr_gl.Finish();
		glr_egl_make_current(NULL, NULL, NULL);
	}
	glr_egl_destroy_context(x->egl);
	glr_debug_fini(x);
	if (--x->share->refs == 0) {
		glr_uncharge_share(x->share);
		for (int k = 0; k < GLR_KINDS; k++)
			glr_map_free(x->share->maps[k]);
		free(x->share->lists_pending);
		pthread_mutex_destroy(&x->share->lock);
		free(x->share);
	}
	for (size_t i = 0; i < sizeof x->arrays / sizeof x->arrays[0]; i++)
		free(x->arrays[i].data);
	free(x->feedback);
	free(x->select);
	free(x);
}

/* The drawable id with its size and buffers; made, or remade at a new size. */
static struct glr_drawable *get_drawable(struct glr_client *c, uint32_t id, int w, int h,
					 const struct glr_fb_attrs *a)
{
	struct glr_session *s = c->session;
	pthread_mutex_lock(&s->lock);
	struct glr_drawable *d = find_drawable(s, id);
	if (!d && (d = calloc(1, sizeof *d))) {
		d->id = id;
		d->attrs = *a;
		d->next = s->drawables;
		s->drawables = d;
	}
	if (d && (!d->surface || d->width != w || d->height != h)) {
		void *surface = glr_egl_create_surface(&d->attrs, w, h);
		if (surface) {
			glr_egl_destroy_surface(d->surface); /* EGL defers it while current */
			d->surface = surface;
			d->width = w;
			d->height = h;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return d && d->surface ? d : NULL;
}

/* How long glXMakeCurrent waits for another thread's release of the context. */
#define RELEASE_WAIT_S 10

/* Find context id and mark it current in c. The guest lets a thread make a context
 * current only after the thread that had it released it (GLX: BadAccess otherwise), but
 * each thread has its own connection: the release, sent before, may still be queued
 * behind that thread's earlier commands here (GLFW makes a new context current on the
 * main thread, releases it, and a worker takes it). So wait for it, bounded: a guest
 * that never releases is an error. NULL with errno ENOENT (unknown) or EBUSY. */
static struct glr_context *claim_context(struct glr_client *c, uint32_t id)
{
	struct glr_session *s = c->session;
	struct timespec until;
	bool waited = false;
	struct glr_context *x;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += RELEASE_WAIT_S;
	pthread_mutex_lock(&s->lock);
	for (;;) {
		/* looked up again after each wait: the other thread may destroy it */
		x = find_context(s, id);
		if (!x || !x->current_in || x->current_in == c)
			break;
		if (!waited) {
			waited = true;
			glr_driver_pause(true);
		}
		if (pthread_cond_timedwait(&s->released, &s->lock, &until) == ETIMEDOUT) {
			x = find_context(s, id);
			if (x && x->current_in && x->current_in != c) {
				pthread_mutex_unlock(&s->lock);
				glr_driver_pause(false);
				errno = EBUSY;
				return NULL;
			}
			break;
		}
	}
	if (x)
		x->current_in = c;
	pthread_mutex_unlock(&s->lock);
	if (waited)
		glr_driver_pause(false);
	if (!x)
		errno = ENOENT;
	return x;
}

static int make_current(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 60)
		return glr_bad(c, OP_glXMakeCurrent, "short command");
	uint32_t w[15];
	memcpy(w, m, sizeof w);
	if (!w[0]) {
		glr_release_client(c);
		return 0;
	}
	const uint32_t max = (uint32_t)glr_options.max_drawable;
	if (w[3] > max || w[4] > max || w[5] > max || w[6] > max)
		return glr_bad(c, OP_glXMakeCurrent, "drawable larger than --max-drawable");
	struct glr_context *x = claim_context(c, w[0]);
	if (!x)
		return glr_bad(c, OP_glXMakeCurrent,
			       errno == EBUSY ? "context current in another thread"
					      : "unknown context");
	struct glr_fb_attrs a = {(int)w[7],  (int)w[8],	 (int)w[9], (int)w[10],
				 (int)w[11], (int)w[12], (int)w[13], w[14] != 0};
	/* Drawables 0 and 0: current without a default framebuffer (GLX_ARB_create_context,
	 * OpenGL 3.0 and later; EGL_KHR_surfaceless_context). */
	bool none = !w[1] && !w[2];
	struct glr_drawable *draw = none ? NULL : get_drawable(c, w[1], (int)w[3], (int)w[4], &a);
	struct glr_drawable *read =
		none ? NULL : w[2] == w[1] ? draw : get_drawable(c, w[2], (int)w[5], (int)w[6], &a);
	if (!none && (!draw || !read)) {
		if (c->ctx != x)
			context_released(c, x);
		return glr_bad(c, OP_glXMakeCurrent, "no host surface for the drawable");
	}
	if (c->ctx && c->ctx != x)
		context_released(c, c->ctx);
	c->draw = draw;
	c->read = read;
	if (!glr_egl_make_current(draw ? draw->surface : NULL, read ? read->surface : NULL,
				  x->egl) &&
	    (!draw || !bind_own_surface(c, x, draw))) {
		glr_log("%s: eglMakeCurrent failed: %s", c->peer, glr_egl_error());
		context_released(c, x);
		c->ctx = NULL;
		c->draw = c->read = NULL;
		return glr_bad(c, OP_glXMakeCurrent, "the host could not make the context current");
	}
	c->ctx = x;
	glr_alpha_bind(c);
	return 0;
}

static int drawable_size(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 12)
		return glr_bad(c, OP_fglDrawableSize, "short command");
	uint32_t w[3];
	memcpy(w, m, sizeof w);
	if (w[1] > (uint32_t)glr_options.max_drawable || w[2] > (uint32_t)glr_options.max_drawable)
		return glr_bad(c, OP_fglDrawableSize, "drawable larger than --max-drawable");
	pthread_mutex_lock(&c->session->lock);
	struct glr_drawable *d = find_drawable(c->session, w[0]);
	struct glr_fb_attrs a = d ? d->attrs : (struct glr_fb_attrs){0};
	pthread_mutex_unlock(&c->session->lock);
	if (!d)
		return 0;
	d = get_drawable(c, w[0], (int)w[1], (int)w[2], &a);
	if (d && c->ctx && c->own && c->draw == c->own && c->own->id == d->id) {
		if (!bind_own_surface(c, c->ctx, d))
			return glr_bad(c, OP_fglDrawableSize, "the host could not resize the drawable");
		glr_alpha_bind(c);
		return 0;
	}
	if (d && c->ctx && c->draw && c->read && (c->draw == d || c->read == d)) {
		if (!glr_egl_make_current(c->draw->surface, c->read->surface, c->ctx->egl))
			return glr_bad(c, OP_fglDrawableSize, "the host could not resize the drawable");
		glr_alpha_bind(c);
	}
	return 0;
}

/* ---- frames ---- */

void glr_shm_forget(struct glr_drawable *d)
{
	for (int i = 0; i < WIRE_SHM_SLOTS; i++) {
		if (d->shm[i].pixels)
			munmap(d->shm[i].pixels, d->shm[i].size);
		d->shm[i].pixels = NULL;
		d->shm[i].size = 0;
	}
	d->shm_next = 0;
}

/* fglShmBuffer `drawable slot size`: a frame buffer of the guest's for drawable, the
 * descriptor that came with the stream. The guest could shrink a file under our map
 * (a write there would kill glrender with SIGBUS), so only a regular file sealed
 * against shrinking, at least size bytes long, is mapped. Size 0 (the guest takes the
 * buffers back), no descriptor (a replayed trace) or one refused: the slot is empty, its
 * frames go on the socket. */
static int shm_buffer(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 12)
		return glr_bad(c, OP_fglShmBuffer, "short command");
	uint32_t w[3];
	memcpy(w, m, sizeof w);
	int fd = w[2] ? glr_take_fd(c) : -1; /* size 0: the slot emptied, no descriptor */
	if (w[1] >= WIRE_SHM_SLOTS) {
		if (fd >= 0)
			close(fd);
		return glr_bad(c, OP_fglShmBuffer, "no such slot");
	}
	size_t side = glr_options.max_drawable ? (size_t)glr_options.max_drawable : 32768;
	size_t size = w[2];
	uint8_t *map = NULL;
	if (fd >= 0) {
		struct stat st;
		int seals = fcntl(fd, F_GET_SEALS);
		if (size && size <= side * side * 4 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size >= (off_t)size && seals >= 0 && (seals & F_SEAL_SHRINK)) {
			map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (map == MAP_FAILED)
				map = NULL;
		}
		if (!map)
			glr_log("%s: frame buffer refused (not a memfd of %zu bytes sealed against "
				"shrinking): its frames go on the socket", c->peer, size);
		close(fd);
	}
	struct glr_session *s = c->session;
	pthread_mutex_lock(&s->lock);
	struct glr_drawable *d = find_drawable(s, w[0]);
	if (d) {
		if (map && w[1] == 0 && !d->shm[0].pixels)
			glr_log("%s: drawable 0x%x: frames into the guest's shared memory",
				c->peer, w[0]);
		if (d->shm[w[1]].pixels)
			munmap(d->shm[w[1]].pixels, d->shm[w[1]].size);
		d->shm[w[1]].pixels = map;
		d->shm[w[1]].size = map ? size : 0;
		if (w[1] == 0)
			d->shm_next = 0; /* a new set: the guest counts from its first */
		map = NULL;
	}
	pthread_mutex_unlock(&s->lock);
	if (map)
		munmap(map, size);
	return 0;
}

/* width×height BGRA rows of src into dst in the other order (GL's bottom-up, X's top-down). */
static void flip_rows(uint8_t *dst, const uint8_t *src, int width, int height)
{
	size_t stride = (size_t)width * 4;
	for (int y = 0; y < height; y++)
		memcpy(dst + (size_t)y * stride, src + (size_t)(height - 1 - y) * stride, stride);
}

/* The drawable's default framebuffer into dst, rows top-down when top_down (into the
 * guest's shared memory, as X wants them), whatever the app left bound, with the app's
 * state put back afterwards. GL_MESA_pack_invert turns the rows in the read itself;
 * without it (NVIDIA) they are read bottom-up into c->frame and copied over. */
static void read_frame(struct glr_client *c, struct glr_drawable *d, uint8_t *dst, bool top_down)
{
	struct glr_context *x = c->ctx;
	hold_errors(x);
	GLint read_fb = 0, read_buf = GL_BACK, pack_buf = 0, align = 4, row = 0, skip_r = 0,
	      skip_p = 0, swap = 0, lsb = 0;
	bool compat = !core_profile(x);
	glr_gl.GetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fb);
	glr_gl.GetIntegerv(GL_READ_BUFFER, &read_buf);
	glr_gl.GetIntegerv(GL_PIXEL_PACK_BUFFER_BINDING, &pack_buf);
	glr_gl.GetIntegerv(GL_PACK_ALIGNMENT, &align);
	glr_gl.GetIntegerv(GL_PACK_ROW_LENGTH, &row);
	glr_gl.GetIntegerv(GL_PACK_SKIP_ROWS, &skip_r);
	glr_gl.GetIntegerv(GL_PACK_SKIP_PIXELS, &skip_p);
	if (compat) {
		glr_gl.GetIntegerv(GL_PACK_SWAP_BYTES, &swap);
		glr_gl.GetIntegerv(GL_PACK_LSB_FIRST, &lsb);
		glr_gl.PixelStorei(GL_PACK_SWAP_BYTES, 0);
		glr_gl.PixelStorei(GL_PACK_LSB_FIRST, 0);
	}
	glr_gl.BindFramebuffer(GL_READ_FRAMEBUFFER, 0);
	glr_gl.ReadBuffer(GL_BACK);
	glr_gl.BindBuffer(GL_PIXEL_PACK_BUFFER, 0);
	glr_gl.PixelStorei(GL_PACK_ALIGNMENT, 4);
	glr_gl.PixelStorei(GL_PACK_ROW_LENGTH, 0);
	glr_gl.PixelStorei(GL_PACK_SKIP_ROWS, 0);
	glr_gl.PixelStorei(GL_PACK_SKIP_PIXELS, 0);
	/* GL_MESA_pack_invert as the app set it (it may), known to be missing after the
	 * first try */
	GLint invert = 0;
	if (!x->no_pack_invert) {
		glr_gl.GetIntegerv(GL_PACK_INVERT_MESA, &invert);
		if (glr_gl.GetError() != GL_NO_ERROR)
			x->no_pack_invert = true;
		else
			glr_gl.PixelStorei(GL_PACK_INVERT_MESA, top_down);
	}
	if (top_down && x->no_pack_invert) {
		glr_gl.ReadPixels(0, 0, d->width, d->height, GL_BGRA, GL_UNSIGNED_BYTE, c->frame);
		flip_rows(dst, c->frame, d->width, d->height);
	} else {
		glr_gl.ReadPixels(0, 0, d->width, d->height, GL_BGRA, GL_UNSIGNED_BYTE, dst);
	}
	if (!x->no_pack_invert)
		glr_gl.PixelStorei(GL_PACK_INVERT_MESA, invert);
	glr_gl.PixelStorei(GL_PACK_ALIGNMENT, align);
	glr_gl.PixelStorei(GL_PACK_ROW_LENGTH, row);
	glr_gl.PixelStorei(GL_PACK_SKIP_ROWS, skip_r);
	glr_gl.PixelStorei(GL_PACK_SKIP_PIXELS, skip_p);
	if (compat) {
		glr_gl.PixelStorei(GL_PACK_SWAP_BYTES, swap);
		glr_gl.PixelStorei(GL_PACK_LSB_FIRST, lsb);
	}
	glr_gl.BindBuffer(GL_PIXEL_PACK_BUFFER, (GLuint)pack_buf);
	glr_gl.BindFramebuffer(GL_READ_FRAMEBUFFER, (GLuint)read_fb);
	glr_gl.ReadBuffer((GLenum)read_buf);
	drop_errors();
}

/* Read the finished frame back and send it: into the drawable's next shared buffer
 * when the guest gave it ones large enough (only its number travels), else on the
 * socket. The buffers are used in turn, one per swap of the drawable, whether the
 * frame fits or not, so that the guest knows which one each swap writes. */
static int swap_buffers(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 4)
		return glr_bad(c, OP_glXSwapBuffers, "short command");
	uint32_t id;
	memcpy(&id, m, 4);
	struct wire_frame f = {id, 0, 0, ++c->swaps};
	struct glr_drawable *d = c->draw;
	if (c->ctx && d && d->id == id) {
		size_t need = (size_t)d->width * (size_t)d->height * 4;
		bool viewer = glr_viewer_on();
		if (need > c->frame_cap) {
			uint8_t *p = realloc(c->frame, need);
			if (!p)
				return glr_bad(c, OP_glXSwapBuffers, "out of memory for a frame");
			c->frame = p;
			c->frame_cap = need;
		}
		f.width = (uint32_t)d->width;
		f.height = (uint32_t)d->height;
		struct glr_session *s = c->session;
		pthread_mutex_lock(&s->lock);
		uint32_t slot = d->shm_next;
		struct glr_shm_buffer *b = &d->shm[slot];
		bool ring = false;
		for (int i = 0; i < WIRE_SHM_SLOTS; i++)
			ring |= d->shm[i].pixels != NULL;
		if (ring)
			d->shm_next = (slot + 1) % WIRE_SHM_SLOTS;
		if (ring && b->pixels && b->size >= need) {
			/* the lock keeps the buffer mapped while we write and read it */
			read_frame(c, d, b->pixels, true);
			if (viewer) /* the viewer wants the rows bottom-up */
				flip_rows(c->frame, b->pixels, d->width, d->height);
			pthread_mutex_unlock(&s->lock);
			if (viewer)
				glr_viewer_post(c->session, c->hello.name, id, d->width, d->height,
						c->frame);
			struct wire_frame_shm fs = {f, slot};
			struct iovec iov = {&fs, sizeof fs};
			return glr_send(c, WIRE_MSG_FRAME_SHM, &iov, 1);
		}
		pthread_mutex_unlock(&s->lock);
		read_frame(c, d, c->frame, false);
		glr_viewer_post(c->session, c->hello.name, id, d->width, d->height, c->frame);
	}
	struct iovec iov[2] = {{&f, sizeof f}, {c->frame, (size_t)f.width * f.height * 4}};
	return glr_send(c, WIRE_MSG_FRAME, iov, 2);
}

int glr_dispatch_internal(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len)
{
	switch (op) {
	case OP_glXCreateContext:
		return create_context(c, m, len);
	case OP_glXDestroyContext:
		return destroy_context(c, m, len);
	case OP_glXMakeCurrent:
		return make_current(c, m, len);
	case OP_glXSwapBuffers:
		return swap_buffers(c, m, len);
	case OP_glXDestroyWindow:
		/* Surfaces live as long as the session: another thread may still draw to one.
		 * Its --window view and the guest's frame buffers go (a later swap gets its
		 * frame on the socket). */
		if (len >= 4) {
			uint32_t id;
			memcpy(&id, m, 4);
			glr_viewer_forget(c->session, id);
			pthread_mutex_lock(&c->session->lock);
			struct glr_drawable *d = find_drawable(c->session, id);
			if (d)
				glr_shm_forget(d);
			pthread_mutex_unlock(&c->session->lock);
		}
		return 0;
	case OP_fglClientArrays:
		return client_arrays(c, m, len);
	case OP_fglPing:
		if (c->ctx)
			glr_gl.Finish();
		return glr_reply(c, 0, NULL, 0);
	case OP_fglDrawableSize:
		return drawable_size(c, m, len);
	case OP_fglBufferRead:
		return buffer_read(c, m, len);
	case OP_fglBufferWrite:
		return buffer_write(c, m, len);
	case OP_fglIndexRange:
		return index_range(c, m, len);
	case OP_fglRendererInfo:
		return glr_renderer_info(c);
	case OP_fglShmBuffer:
		return shm_buffer(c, m, len);
	case OP_fglCopyContext:
		return glr_copy_context(c, m, len);
	}
	return glr_bad(c, op, "unknown opcode");
}
