/* rendinfo.c — what the guest's GLX_MESA_query_renderer and glXCreateContextAttribsARB
 * need to know of the host's GL before any context of its own exists: the renderer
 * strings and the highest core and compatibility versions. Asked once per guest
 * process; answered from a context of glrender's own, made current without a surface. */
#include <stdio.h>
#include <string.h>

#include "dec_gl.h"
#include "glr.h"

static pthread_mutex_t info_lock = PTHREAD_MUTEX_INITIALIZER;
static bool info_ready;
static char info_text[512];
static size_t info_len;
static uint32_t info_versions[4]; /* core major, minor, compatibility major, minor */

/* Make ctx current alone and read its version. */
static bool context_version(void *ctx, int *major, int *minor)
{
	if (!ctx || !glr_egl_make_current(NULL, NULL, ctx))
		return false;
	GLint ma = 0, mi = 0;
	glr_gl.GetIntegerv(GL_MAJOR_VERSION, &ma);
	glr_gl.GetIntegerv(GL_MINOR_VERSION, &mi);
	*major = ma;
	*minor = mi;
	return true;
}

static void gather(void)
{
	struct glr_ctx_attrs legacy = {0};
	legacy.release = 0x2098;
	void *ctx = glr_egl_create_context(NULL, &legacy);
	int major = 0, minor = 0;
	if (context_version(ctx, &major, &minor)) {
		const char *s[3] = {(const char *)glr_gl.GetString(GL_VENDOR),
				    (const char *)glr_gl.GetString(GL_RENDERER),
				    (const char *)glr_gl.GetString(GL_VERSION)};
		size_t at = 0;
		for (int i = 0; i < 3; i++) {
			int n = snprintf(info_text + at, sizeof info_text - at, "%s",
					 s[i] ? s[i] : "");
			if (n < 0 || (size_t)n >= sizeof info_text - at)
				n = (int)(sizeof info_text - at - 1);
			at += (size_t)n + 1;
			if (at >= sizeof info_text) {
				at = sizeof info_text;
				break;
			}
		}
		info_len = at;
		info_versions[2] = (uint32_t)major;
		info_versions[3] = (uint32_t)minor;
	}
	glr_egl_make_current(NULL, NULL, NULL);
	glr_egl_destroy_context(ctx);
	/* The highest core profile the driver makes, from 4.6 down to 3.2. */
	static const int core[][2] = {{4, 6}, {4, 5}, {4, 4}, {4, 3}, {4, 2},
				      {4, 1}, {4, 0}, {3, 3}, {3, 2}};
	for (size_t i = 0; i < sizeof core / sizeof core[0]; i++) {
		struct glr_ctx_attrs a = {0};
		a.major = core[i][0];
		a.minor = core[i][1];
		a.profile = 1; /* GLX_CONTEXT_CORE_PROFILE_BIT_ARB */
		a.release = 0x2098;
		ctx = glr_egl_create_context(NULL, &a);
		if (ctx && context_version(ctx, &major, &minor)) {
			info_versions[0] = (uint32_t)major;
			info_versions[1] = (uint32_t)minor;
		}
		glr_egl_make_current(NULL, NULL, NULL);
		glr_egl_destroy_context(ctx);
		if (info_versions[0])
			break;
	}
}

int glr_renderer_info(struct glr_client *c)
{
	/* Contexts are made and destroyed here: alone on the driver (see client.c). */
	glr_driver_exclusive(true);
	pthread_mutex_lock(&info_lock);
	if (!info_ready) {
		gather();
		info_ready = true;
	}
	pthread_mutex_unlock(&info_lock);
	/* Put the client's own context back as it was. */
	if (c->ctx)
		glr_egl_make_current(c->draw ? c->draw->surface : NULL,
				     c->read ? c->read->surface : NULL, c->ctx->egl);
	else
		glr_egl_make_current(NULL, NULL, NULL);
	glr_driver_exclusive(false);
	void *out = glr_out_buffer(c, 0, info_len);
	if (!out)
		return -1;
	memcpy(out, info_text, info_len);
	return glr_reply(c, 1, info_versions, sizeof info_versions);
}
