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

static void filter_extensions(char *s);

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
	if (!t->ctx->strings[slot]) {
		t->ctx->strings[slot] = fetch_string(t, OP_glGetString, name, 0, false);
		if (name == GL_EXTENSIONS && t->ctx->strings[slot])
			filter_extensions(t->ctx->strings[slot]);
		if (fgl_recording) {
			static const char *const keys[] = {"GL_VENDOR", "GL_RENDERER", "GL_VERSION",
				"GL_EXTENSIONS", "GL_SHADING_LANGUAGE_VERSION"};
			fgl_record_note(keys[slot], t->ctx->strings[slot]);
		}
	}
	return (const GLubyte *)t->ctx->strings[slot];
}

/* Extensions fakegl does not offer (wire/gl.annotations, "refuse") are hidden. */
static bool refused_extension(const char *name, size_t len)
{
	for (const char *const *e = fgl_refused_extensions; *e; e++)
		if (strlen(*e) == len && memcmp(*e, name, len) == 0)
			return true;
	return false;
}

/* The host's GL_EXTENSIONS string without the refused ones, in place. */
static void filter_extensions(char *s)
{
	char *out = s;
	const char *p = s;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n && !refused_extension(p, n)) {
			if (out != s)
				*out++ = ' ';
			memmove(out, p, n);
			out += n;
		}
		p += n;
	}
	*out = 0;
}

/* glGetStringi(GL_EXTENSIONS, i) and GL_NUM_EXTENSIONS: the host's list, fetched once,
 * without the refused ones. false when the host has no such list (GL < 3.0). */
static bool load_extensions(struct fgl_thread *t)
{
	struct fgl_context *c = t->ctx;
	if (c->extensions_i)
		return true;
	GLint n = 0;
	uint32_t before = t->error;
	fgl_enc_glGetIntegerv(GL_NUM_EXTENSIONS, &n);
	if (n <= 0 || t->error != before)
		return false;
	c->extensions_i = calloc((size_t)n + 1, sizeof *c->extensions_i);
	if (!c->extensions_i)
		return false;
	int kept = 0;
	for (GLint i = 0; i < n; i++) {
		char *e = fetch_string(t, OP_glGetStringi, GL_EXTENSIONS, (GLuint)i, true);
		if (e && !refused_extension(e, strlen(e)))
			c->extensions_i[kept++] = e;
		else
			free(e);
	}
	c->num_extensions = kept;
	return true;
}

FGL_EXPORT const GLubyte *glGetStringi(GLenum name, GLuint index)
{
	CURRENT(NULL);
	struct fgl_context *c = t->ctx;
	if (name != GL_EXTENSIONS || !load_extensions(t))
		return (const GLubyte *)fetch_string(t, OP_glGetStringi, name, index, true);
	if (index >= (GLuint)c->num_extensions) {
		fgl_set_error(t, GL_INVALID_VALUE);
		return NULL;
	}
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
	if (pname == GL_NUM_EXTENSIONS && load_extensions(t)) {
		*data = c->num_extensions;
		return;
	}
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

FGL_EXPORT void glPixelStorei(GLenum pname, GLint param)
{
	CURRENT(NOTHING);
	wire_pixelstore_set(&t->ctx->pack, &t->ctx->unpack, pname, param);
	fgl_enc_glPixelStorei(pname, param);
}

FGL_EXPORT void glPixelStoref(GLenum pname, GLfloat param)
{
	CURRENT(NOTHING);
	/* GL rounds a float pixel-store value to the nearest integer. */
	wire_pixelstore_set(&t->ctx->pack, &t->ctx->unpack, pname,
			    (GLint)(param + (param < 0 ? -0.5f : 0.5f)));
	fgl_enc_glPixelStoref(pname, param);
}

/* ---- bindings ---- */

static void remember_ebo(struct fgl_context *c, uint32_t vao, uint32_t ebo);

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
		remember_ebo(c, c->vertex_array, buffer);
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
	}
	fgl_buffers_bind(t, target, buffer);
	fgl_enc_glBindBuffer(target, buffer);
}

/* The element buffer binding belongs to the vertex array object. The guest remembers
 * it per VAO (it sees every change: glBindBuffer while the VAO is bound,
 * glVertexArrayElementBuffer); only a VAO it has not seen yet costs one round trip. */
static void remember_ebo(struct fgl_context *c, uint32_t vao, uint32_t ebo)
{
	size_t n = sizeof c->vao_ebo / sizeof c->vao_ebo[0];
	size_t k = vao % n;
	c->vao_ebo[k].vao = vao;
	c->vao_ebo[k].ebo = ebo;
	c->vao_ebo[k].valid = true;
}

FGL_EXPORT void glBindVertexArray(GLuint array)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	size_t k = array % (sizeof c->vao_ebo / sizeof c->vao_ebo[0]);
	c->vertex_array = array;
	fgl_enc_glBindVertexArray(array);
	if (c->vao_ebo[k].valid && c->vao_ebo[k].vao == array) {
		c->element_buffer = c->vao_ebo[k].ebo;
		return;
	}
	GLint eb = 0;
	fgl_enc_glGetIntegerv(GL_ELEMENT_ARRAY_BUFFER_BINDING, &eb);
	c->element_buffer = (uint32_t)eb;
	remember_ebo(c, array, (uint32_t)eb);
}

FGL_EXPORT void glVertexArrayElementBuffer(GLuint vaobj, GLuint buffer)
{
	CURRENT(NOTHING);
	struct fgl_context *c = t->ctx;
	size_t k = vaobj % (sizeof c->vao_ebo / sizeof c->vao_ebo[0]);
	fgl_enc_glVertexArrayElementBuffer(vaobj, buffer);
	/* GL may refuse it (no such VAO, no such buffer): forget rather than guess. */
	if (c->vao_ebo[k].vao == vaobj)
		c->vao_ebo[k].valid = false;
	if (vaobj == c->vertex_array)
		glBindVertexArray(vaobj);
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
	remember_ebo(c, c->vertex_array, c->element_buffer);
	fgl_enc_glDeleteBuffers(n, buffers);
}

/* ---- arrays of strings ----
 * command = fixed words, then per string u32(n) bytes(n) pad4(n); lengths[i] < 0 or no
 * lengths: NUL-terminated. Used by glShaderSource, glTransformFeedbackVaryings and
 * glCreateShaderProgramv (wire/PROTOCOL.md). */

static void put_strings(struct fgl_thread *t, uint32_t op, const uint32_t *fixed, int nfixed,
			GLsizei count, const GLchar *const *strings, const GLint *lengths,
			uint64_t made)
{
	size_t fixed_bytes = 4 * (size_t)nfixed + (made ? 8 : 0);
	size_t payload = fixed_bytes;
	for (GLsizei i = 0; i < count; i++) {
		size_t n = lengths && lengths[i] >= 0 ? (size_t)lengths[i] : strlen(strings[i]);
		payload += 4 + wire_pad4(n);
	}
	uint8_t *m = fgl_begin(t, op, payload, fixed_bytes);
	size_t at = 0;
	for (int i = 0; i < nfixed; i++)
		PUT32(m, at, fixed[i]);
	if (made)
		PUT64(m, at, made);
	for (GLsizei i = 0; i < count; i++) {
		size_t n = lengths && lengths[i] >= 0 ? (size_t)lengths[i] : strlen(strings[i]);
		uint32_t n32 = (uint32_t)n;
		fgl_put_data(t, &n32, 4);
		fgl_put_data(t, strings[i], n);
	}
	fgl_end(t);
}

static bool strings_ok(struct fgl_thread *t, GLsizei count, const GLchar *const *strings)
{
	if (count < 0 || (count > 0 && !strings)) {
		fgl_set_error(t, GL_INVALID_VALUE);
		return false;
	}
	for (GLsizei i = 0; i < count; i++) {
		if (!strings[i]) {
			fgl_set_error(t, GL_INVALID_OPERATION);
			return false;
		}
	}
	return true;
}

FGL_EXPORT void glTransformFeedbackVaryings(GLuint program, GLsizei count,
					    const GLchar *const *varyings, GLenum bufferMode)
{
	CURRENT(NOTHING);
	if (!strings_ok(t, count, varyings))
		return;
	uint32_t fixed[3] = {program, (uint32_t)count, bufferMode};
	put_strings(t, OP_glTransformFeedbackVaryings, fixed, 3, count, varyings, NULL, 0);
}

FGL_EXPORT void glTransformFeedbackVaryingsEXT(GLuint program, GLsizei count,
					       const GLchar *const *varyings, GLenum bufferMode)
{
	glTransformFeedbackVaryings(program, count, varyings, bufferMode);
}

static void mark_program(struct fgl_share *sh, GLuint name);

/* The program's name is the guest's, like glCreateProgram's: no round trip. */
FGL_EXPORT GLuint glCreateShaderProgramv(GLenum type, GLsizei count, const GLchar *const *strings)
{
	CURRENT(0);
	if (!strings_ok(t, count, strings))
		return 0;
	uint64_t made = fgl_names_make(t, FGL_NAME_PROGRAM, 1);
	uint32_t fixed[2] = {type, (uint32_t)count};
	put_strings(t, OP_glCreateShaderProgramv, fixed, 2, count, strings, NULL, made);
	mark_program(t->ctx->share, (GLuint)made);
	return (GLuint)made;
}

/* The indices of uniforms by name: the names travel as put_strings does them, the
 * indices come back as the one output. */
FGL_EXPORT void glGetUniformIndices(GLuint program, GLsizei uniformCount,
				    const GLchar *const *uniformNames, GLuint *uniformIndices)
{
	CURRENT(NOTHING);
	if (!strings_ok(t, uniformCount, uniformNames))
		return;
	uint32_t fixed[2] = {program, (uint32_t)uniformCount};
	put_strings(t, OP_glGetUniformIndices, fixed, 2, uniformCount, uniformNames, NULL, 0);
	struct fgl_reply r;
	if (fgl_sync(t, &r) < 0)
		return;
	fgl_reply_out(&r, uniformIndices, sizeof(GLuint) * (size_t)uniformCount);
}

/* GL_ARB_shading_language_include: the search paths travel like sources. */
FGL_EXPORT void glCompileShaderIncludeARB(GLuint shader, GLsizei count, const GLchar *const *path,
					  const GLint *length)
{
	CURRENT(NOTHING);
	if (!strings_ok(t, count, path))
		return;
	uint32_t fixed[2] = {shader, (uint32_t)count};
	put_strings(t, OP_glCompileShaderIncludeARB, fixed, 2, count, path, length, 0);
}

/* GL_ARB_shader_objects' name for glShaderSource (GLhandleARB is a GLuint here). */
FGL_EXPORT void glShaderSourceARB(GLhandleARB shaderObj, GLsizei count, const GLcharARB **string,
				  const GLint *length)
{
	glShaderSource(shaderObj, count, (const GLchar *const *)string, length);
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
	/* A name the guest never handed out is no shader: GL_INVALID_VALUE before GL looks
	 * at the strings (which may then be anything). */
	if (!shader || shader >= atomic_load(&t->ctx->share->next[FGL_NAME_PROGRAM])) {
		fgl_set_error(t, GL_INVALID_VALUE);
		return;
	}
	/* A program where a shader belongs: GL_INVALID_OPERATION, also before the strings. */
	struct fgl_share *sh = t->ctx->share;
	if (shader / 8 < sh->programs_bytes && (sh->programs[shader / 8] >> (shader % 8) & 1)) {
		fgl_set_error(t, GL_INVALID_OPERATION);
		return;
	}
	/* A NULL among the strings: GL_INVALID_OPERATION, as Mesa answers, and nothing sent. */
	for (GLsizei i = 0; i < count; i++) {
		if (!string[i]) {
			fgl_set_error(t, GL_INVALID_OPERATION);
			return;
		}
	}
	uint32_t fixed[2] = {shader, (uint32_t)count};
	put_strings(t, OP_glShaderSource, fixed, 2, count, string, length, 0);
}

/* ---- programs: names shared with shaders, told apart here ---- */

static void mark_program(struct fgl_share *sh, GLuint name)
{
	if (!name)
		return;
	if (name / 8 >= sh->programs_bytes) {
		size_t n = (name / 8 + 1) * 2;
		uint8_t *p = realloc(sh->programs, n);
		if (!p)
			return;
		memset(p + sh->programs_bytes, 0, n - sh->programs_bytes);
		sh->programs = p;
		sh->programs_bytes = n;
	}
	sh->programs[name / 8] |= (uint8_t)(1u << (name % 8));
}

FGL_EXPORT GLuint glCreateProgram(void)
{
	CURRENT(0);
	GLuint name = fgl_enc_glCreateProgram();
	mark_program(t->ctx->share, name);
	return name;
}

/* ---- feedback and selection ----
 * GL writes the app's buffer while the render mode lasts and says how much at the next
 * glRenderMode; the host fills a buffer of its own, and glRenderMode brings its
 * contents back into the app's. */

FGL_EXPORT void glFeedbackBuffer(GLsizei size, GLenum type, GLfloat *buffer)
{
	CURRENT(NOTHING);
	t->ctx->feedback = buffer;
	t->ctx->feedback_size = buffer && size > 0 ? size : 0;
	uint8_t *m = fgl_begin(t, OP_glFeedbackBuffer, 12, 12);
	size_t at = 0;
	PUT32(m, at, (uint32_t)size);
	PUT32(m, at, type);
	PUT32(m, at, buffer ? 1u : 0u);
	fgl_end(t);
}

FGL_EXPORT void glSelectBuffer(GLsizei size, GLuint *buffer)
{
	CURRENT(NOTHING);
	t->ctx->select = buffer;
	t->ctx->select_size = buffer && size > 0 ? size : 0;
	uint8_t *m = fgl_begin(t, OP_glSelectBuffer, 8, 8);
	size_t at = 0;
	PUT32(m, at, (uint32_t)size);
	PUT32(m, at, buffer ? 1u : 0u);
	fgl_end(t);
}

FGL_EXPORT GLint glRenderMode(GLenum mode)
{
	CURRENT(0);
	uint8_t *m = fgl_begin(t, OP_glRenderMode, 4, 4);
	size_t at = 0;
	PUT32(m, at, mode);
	fgl_end(t);
	struct fgl_reply r;
	if (fgl_sync(t, &r) < 0)
		return 0;
	/* output 0: the mode that ended (u32), then what GL wrote in its buffer */
	uint32_t ended = 0;
	uint8_t *scratch = NULL;
	size_t cap = 0;
	if (r.len >= 8) {
		uint32_t n;
		memcpy(&n, r.p, 4);
		if (n >= 4 && n - 4 <= r.len - 8)
			memcpy(&ended, r.p + 4, 4);
		cap = n > 4 ? n - 4 : 0;
	}
	void *dst = NULL;
	if (ended == GL_FEEDBACK && t->ctx->feedback) {
		dst = t->ctx->feedback;
		cap = cap < (size_t)t->ctx->feedback_size * 4 ? cap : (size_t)t->ctx->feedback_size * 4;
	} else if (ended == GL_SELECT && t->ctx->select) {
		dst = t->ctx->select;
		cap = cap < (size_t)t->ctx->select_size * 4 ? cap : (size_t)t->ctx->select_size * 4;
	}
	if (dst && cap && (scratch = malloc(cap + 4))) {
		fgl_reply_out(&r, scratch, cap + 4);
		memcpy(dst, scratch + 4, cap);
		free(scratch);
	} else {
		fgl_reply_out(&r, NULL, 0);
	}
	GLint ret = 0;
	fgl_reply_ret(&r, &ret, sizeof ret);
	return ret;
}
