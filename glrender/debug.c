/* debug.c — the host's side of debug output and of what names objects by pointer: the
 * driver's messages are queued per context while the guest has a callback and go out
 * before the next reply or frame (wire/PROTOCOL.md, WIRE_MSG_DEBUG); sync objects are
 * named by the guest's handles; vertex array pointers are answered only where they are
 * buffer offsets, never as addresses of glrender's memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "dec_gl.h"
#include "glr.h"

#define DEBUG_QUEUE_MAX 256
#define DEBUG_TEXT_MAX 4096

struct glr_debug_msg {
	struct glr_debug_msg *next;
	uint32_t head[5]; /* source type id severity length */
	char text[];
};

void glr_debug_init(struct glr_context *x)
{
	pthread_mutex_init(&x->debug_lock, NULL);
	x->debug_head = NULL;
	x->debug_tail = &x->debug_head;
}

void glr_debug_fini(struct glr_context *x)
{
	for (struct glr_debug_msg *d = x->debug_head, *n; d; d = n) {
		n = d->next;
		free(d);
	}
	x->debug_head = NULL;
	pthread_mutex_destroy(&x->debug_lock);
}

/* The driver's callback: possibly on a driver thread (GL_DEBUG_OUTPUT_SYNCHRONOUS off),
 * hence the lock. */
static void on_message(GLenum source, GLenum type, GLuint id, GLenum severity,
				  GLsizei length, const GLchar *message, const void *user)
{
	struct glr_context *x = (struct glr_context *)user;
	size_t n = length >= 0 ? (size_t)length : strlen(message);
	if (n > DEBUG_TEXT_MAX)
		n = DEBUG_TEXT_MAX;
	pthread_mutex_lock(&x->debug_lock);
	struct glr_debug_msg *d = NULL;
	if (x->debug_count < DEBUG_QUEUE_MAX)
		d = malloc(sizeof *d + wire_pad4(n));
	if (!d) {
		x->debug_dropped++;
	} else {
		d->next = NULL;
		d->head[0] = source;
		d->head[1] = type;
		d->head[2] = id;
		d->head[3] = severity;
		d->head[4] = (uint32_t)n;
		memcpy(d->text, message, n);
		memset(d->text + n, 0, wire_pad4(n) - n);
		*x->debug_tail = d;
		x->debug_tail = &d->next;
		x->debug_count++;
	}
	pthread_mutex_unlock(&x->debug_lock);
}

void glr_debug_flush(struct glr_client *c)
{
	struct glr_context *x = c->ctx;
	pthread_mutex_lock(&x->debug_lock);
	struct glr_debug_msg *list = x->debug_head;
	unsigned dropped = x->debug_dropped;
	x->debug_head = NULL;
	x->debug_tail = &x->debug_head;
	x->debug_count = 0;
	x->debug_dropped = 0;
	pthread_mutex_unlock(&x->debug_lock);
	if (dropped)
		glr_log("%s: %u debug messages dropped (more than %d pending)", c->peer, dropped,
			DEBUG_QUEUE_MAX);
	for (struct glr_debug_msg *d = list, *n; d; d = n) {
		n = d->next;
		struct iovec iov[2] = {{d->head, sizeof d->head}, {d->text, wire_pad4(d->head[4])}};
		if (!c->dropped)
			glr_send(c, WIRE_MSG_DEBUG, iov, 2);
		free(d);
	}
}

int glr_dec_glDebugMessageCallback(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 4)
		return glr_bad(c, OP_glDebugMessageCallback, "short command");
	size_t at = 0;
	uint32_t on = GET32(m, at);
	if (!glr_gl.DebugMessageCallback)
		return glr_missing(c, OP_glDebugMessageCallback, 0, 0, 0);
	if (on)
		glr_gl.DebugMessageCallback(on_message, c->ctx);
	else
		glr_gl.DebugMessageCallback(NULL, NULL);
	return 0;
}

int glr_dec_glObjectPtrLabel(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 16)
		return glr_bad(c, OP_glObjectPtrLabel, "short command");
	size_t at = 0;
	uint64_t sync = GET64(m, at, uint64_t);
	GLsizei length = (GLsizei)GET32(m, at);
	uint32_t n = GET32(m, at);
	const GLchar *label = NULL;
	if (glr_get_ptr(c, OP_glObjectPtrLabel, m, len, &at, n,
			length < 0 ? GLR_NEED_STRING : (size_t)length, (const void **)&label, 0) < 0)
		return -1;
	if (!glr_gl.ObjectPtrLabel)
		return glr_missing(c, OP_glObjectPtrLabel, 0, 0, 0);
	glr_gl.ObjectPtrLabel((const void *)(uintptr_t)glr_name(c, GLR_SYNC, sync), length, label);
	return 0;
}

int glr_dec_glGetObjectPtrLabel(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 12)
		return glr_bad(c, OP_glGetObjectPtrLabel, "short command");
	size_t at = 0;
	uint64_t sync = GET64(m, at, uint64_t);
	GLsizei size = (GLsizei)GET32(m, at);
	if (!glr_gl.GetObjectPtrLabel)
		return glr_missing(c, OP_glGetObjectPtrLabel, 1, 2, 0);
	GLsizei *length = glr_out_buffer(c, 0, sizeof *length);
	GLchar *label = length ? glr_out_buffer(c, 1, size > 0 ? (size_t)size : 0) : NULL;
	if (!label)
		return -1;
	glr_gl.GetObjectPtrLabel((const void *)(uintptr_t)glr_name(c, GLR_SYNC, sync), size, length,
				 size > 0 ? label : NULL);
	/* the label's bytes the guest takes: what GL wrote, its NUL included */
	c->out_len[1] = size > 0 ? (size_t)(*length >= 0 && *length < size ? *length + 1 : size) : 0;
	return glr_reply(c, 2, NULL, 0);
}

/* One pointer of a vertex array object: an offset into its buffer. Vertex array 0 is
 * the guest's own business (it shadows it); there the host never answers an address
 * of its own memory. */
static int reply_pointer(struct glr_client *c, GLuint vao, void (*get)(GLuint, GLuint, GLenum,
								   void **),
			 GLuint index, GLenum pname)
{
	void *p = NULL;
	if (vao)
		get(vao, index, pname, &p);
	uint64_t v = (uint64_t)(uintptr_t)p;
	void *out = glr_out_buffer(c, 0, 8);
	if (!out)
		return -1;
	memcpy(out, &v, 8);
	return glr_reply(c, 1, NULL, 0);
}

static void attrib_pointer(GLuint vao, GLuint index, GLenum pname, void **p)
{
	(void)vao;
	glr_gl.GetVertexAttribPointerv(index, pname, p);
}

static void array_pointer(GLuint vao, GLuint index, GLenum pname, void **p)
{
	(void)index;
	glr_gl.GetVertexArrayPointervEXT(vao, pname, p);
}

static void array_pointer_i(GLuint vao, GLuint index, GLenum pname, void **p)
{
	glr_gl.GetVertexArrayPointeri_vEXT(vao, index, pname, p);
}

int glr_dec_glGetVertexAttribPointerv(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 8)
		return glr_bad(c, OP_glGetVertexAttribPointerv, "short command");
	size_t at = 0;
	GLuint index = GET32(m, at);
	GLenum pname = GET32(m, at);
	GLint vao = 0;
	glr_gl.GetIntegerv(GL_VERTEX_ARRAY_BINDING, &vao);
	return reply_pointer(c, (GLuint)vao, attrib_pointer, index, pname);
}

int glr_dec_glGetVertexArrayPointervEXT(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 8)
		return glr_bad(c, OP_glGetVertexArrayPointervEXT, "short command");
	size_t at = 0;
	GLuint vao = (GLuint)glr_name(c, GLR_VERTEX_ARRAY, GET32(m, at));
	GLenum pname = GET32(m, at);
	if (!glr_gl.GetVertexArrayPointervEXT)
		return glr_missing(c, OP_glGetVertexArrayPointervEXT, 1, 1, 0);
	return reply_pointer(c, vao, array_pointer, 0, pname);
}

int glr_dec_glGetVertexArrayPointeri_vEXT(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 12)
		return glr_bad(c, OP_glGetVertexArrayPointeri_vEXT, "short command");
	size_t at = 0;
	GLuint vao = (GLuint)glr_name(c, GLR_VERTEX_ARRAY, GET32(m, at));
	GLuint index = GET32(m, at);
	GLenum pname = GET32(m, at);
	if (!glr_gl.GetVertexArrayPointeri_vEXT)
		return glr_missing(c, OP_glGetVertexArrayPointeri_vEXT, 1, 1, 0);
	return reply_pointer(c, vao, array_pointer_i, index, pname);
}
