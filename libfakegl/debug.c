/* debug.c — debug output and labels of sync objects: the app's glDebugMessageCallback is
 * kept here and called with the messages the host's driver produced, which arrive with the
 * next reply or frame (wire/PROTOCOL.md, WIRE_MSG_DEBUG), in the thread that waits for it. */
#include <stdlib.h>
#include <string.h>

#include "enc_gl.h"
#include "fgl.h"

#define CURRENT(ret)                                                                               \
	struct fgl_thread *t = fgl_tls;                                                            \
	if (!t || !t->ctx)                                                                         \
	return ret
#define NOTHING

/* Tell the host whether to collect its driver's messages for us (1) or not (0). */
static void send_callback_state(struct fgl_thread *t)
{
	struct fgl_context *c = t->ctx;
	uint8_t *m = fgl_begin(t, OP_glDebugMessageCallback, 4, 4);
	size_t at = 0;
	PUT32(m, at, c->debug_callback || c->debug_amd ? 1u : 0u);
	fgl_end(t);
}

FGL_EXPORT void glDebugMessageCallback(GLDEBUGPROC callback, const void *userParam)
{
	CURRENT(NOTHING);
	t->ctx->debug_callback = callback;
	t->ctx->debug_user = userParam;
	send_callback_state(t);
}

FGL_EXPORT void glDebugMessageCallbackARB(GLDEBUGPROCARB callback, const void *userParam)
{
	glDebugMessageCallback(callback, userParam);
}

FGL_EXPORT void glDebugMessageCallbackAMD(GLDEBUGPROCAMD callback, void *userParam)
{
	CURRENT(NOTHING);
	t->ctx->debug_amd = callback;
	t->ctx->debug_amd_user = userParam;
	send_callback_state(t);
}

/* GL_AMD_debug_output sorts messages in categories where KHR_debug has sources and types. */
static GLenum amd_category(GLenum source, GLenum type)
{
	switch (type) {
	case GL_DEBUG_TYPE_ERROR:
		return source == GL_DEBUG_SOURCE_WINDOW_SYSTEM ? GL_DEBUG_CATEGORY_WINDOW_SYSTEM_AMD
							       : GL_DEBUG_CATEGORY_API_ERROR_AMD;
	case GL_DEBUG_TYPE_DEPRECATED_BEHAVIOR:
		return GL_DEBUG_CATEGORY_DEPRECATION_AMD;
	case GL_DEBUG_TYPE_UNDEFINED_BEHAVIOR:
		return GL_DEBUG_CATEGORY_UNDEFINED_BEHAVIOR_AMD;
	case GL_DEBUG_TYPE_PERFORMANCE:
		return GL_DEBUG_CATEGORY_PERFORMANCE_AMD;
	}
	switch (source) {
	case GL_DEBUG_SOURCE_WINDOW_SYSTEM:
		return GL_DEBUG_CATEGORY_WINDOW_SYSTEM_AMD;
	case GL_DEBUG_SOURCE_SHADER_COMPILER:
		return GL_DEBUG_CATEGORY_SHADER_COMPILER_AMD;
	case GL_DEBUG_SOURCE_APPLICATION:
		return GL_DEBUG_CATEGORY_APPLICATION_AMD;
	}
	return GL_DEBUG_CATEGORY_OTHER_AMD;
}

void fgl_debug_message(struct fgl_thread *t, const uint8_t *m, size_t len)
{
	uint32_t f[5];
	if (len < sizeof f)
		fgl_fatal("glrender at %s sent a short debug message", fgl_server_text());
	memcpy(f, m, sizeof f);
	if (f[4] > len - sizeof f)
		fgl_fatal("glrender at %s sent a truncated debug message", fgl_server_text());
	struct fgl_context *c = t->ctx;
	if (!c || (!c->debug_callback && !c->debug_amd))
		return; /* the callback went away while the message travelled */
	char *text = malloc((size_t)f[4] + 1);
	if (!text)
		return;
	memcpy(text, m + sizeof f, f[4]);
	text[f[4]] = 0;
	if (c->debug_callback)
		c->debug_callback(f[0], f[1], f[2], f[3], (GLsizei)f[4], text, c->debug_user);
	else
		c->debug_amd(f[2], amd_category(f[0], f[1]), f[3], (GLsizei)f[4], text,
			     c->debug_amd_user);
	free(text);
}

/* ---- labels of sync objects: the GLsync is the guest's handle, mapped on the host ---- */

FGL_EXPORT void glObjectPtrLabel(const void *ptr, GLsizei length, const GLchar *label)
{
	CURRENT(NOTHING);
	size_t n = !label ? 0 : length < 0 ? strlen(label) + 1 : (size_t)length;
	if (n > FGL_MAX_PAYLOAD) {
		fgl_set_error(t, GL_INVALID_VALUE);
		return;
	}
	uint8_t *m = fgl_begin(t, OP_glObjectPtrLabel, 16 + wire_pad4(n), 16);
	size_t at = 0;
	PUT64(m, at, (uint64_t)(uintptr_t)ptr);
	PUT32(m, at, (uint32_t)length);
	PUT32(m, at, label ? (uint32_t)n : WIRE_PTR_NULL);
	fgl_put_data(t, label, n);
	fgl_end(t);
}

FGL_EXPORT void glGetObjectPtrLabel(const void *ptr, GLsizei bufSize, GLsizei *length,
				    GLchar *label)
{
	CURRENT(NOTHING);
	uint8_t *m = fgl_begin(t, OP_glGetObjectPtrLabel, 12, 12);
	size_t at = 0;
	PUT64(m, at, (uint64_t)(uintptr_t)ptr);
	PUT32(m, at, (uint32_t)bufSize);
	fgl_end(t);
	struct fgl_reply r;
	if (fgl_sync(t, &r) < 0)
		return;
	GLsizei len = 0;
	fgl_reply_out(&r, &len, sizeof len);
	if (length)
		*length = len;
	fgl_reply_out(&r, label, label && bufSize > 0 ? (size_t)bufSize : 0);
}
