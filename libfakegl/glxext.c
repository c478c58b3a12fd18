/* glxext.c — the GLX extensions beyond GLX 1.4 core that live beside glx.c: the
 * renderer queries (GLX_MESA_query_renderer, answered by the host's renderer),
 * GLX_EXT_import_context, the SGIX fbconfig and pbuffer forms, the MESA and SGI swap
 * controls, glXCopySubBufferMESA, glXCopyContext, and the entry points by name. */
#define GLX_GLXEXT_PROTOTYPES
#include <GL/glx.h>
#include <GL/glxext.h>
#include <X11/Xlib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "encode.h"
#include "fgl.h"
#include "glxconfig.h"
#include "glxint.h"

/* ---- GLX_MESA_query_renderer ---- */

static pthread_once_t renderer_once = PTHREAD_ONCE_INIT;
static struct fgl_renderer renderer;

/* One question to the host, which answers from a context of its own: the strings of
 * its GL and the highest core and compatibility versions it can make. */
static void fetch_renderer(void)
{
	struct fgl_thread *t = fgl_thread_get();
	uint8_t *m = fgl_begin(t, OP_fglRendererInfo, 0, 0);
	(void)m;
	fgl_end(t);
	struct fgl_reply r;
	char text[512] = {0};
	uint32_t v[4] = {0};
	if (fgl_sync(t, &r) == 0) {
		fgl_reply_out(&r, text, sizeof text - 1);
		fgl_reply_ret(&r, v, sizeof v);
	}
	/* "vendor\0renderer\0version\0" */
	const char *p = text, *end = text + sizeof text - 1;
	snprintf(renderer.vendor, sizeof renderer.vendor, "%s", p);
	p += strlen(p) + 1;
	if (p < end) {
		snprintf(renderer.renderer, sizeof renderer.renderer, "%s", p);
		p += strlen(p) + 1;
	}
	if (p < end)
		snprintf(renderer.version, sizeof renderer.version, "%s", p);
	renderer.core_major = (int)v[0];
	renderer.core_minor = (int)v[1];
	renderer.compat_major = (int)v[2];
	renderer.compat_minor = (int)v[3];
}

const struct fgl_renderer *fgl_glx_renderer(void)
{
	pthread_once(&renderer_once, fetch_renderer);
	return &renderer;
}

static bool software_renderer(const struct fgl_renderer *r)
{
	return strstr(r->renderer, "llvmpipe") || strstr(r->renderer, "softpipe") ||
	       strstr(r->renderer, "swrast") || strstr(r->renderer, "SwiftShader");
}

/* The numbers of a version string ("4.5 (Compatibility Profile) Mesa 22.3.6": the Mesa
 * release when there is one, else the GL version). */
static void driver_version(const struct fgl_renderer *r, unsigned v[3])
{
	const char *s = strstr(r->version, "Mesa ");
	s = s ? s + 5 : r->version;
	v[0] = v[1] = v[2] = 0;
	sscanf(s, "%u.%u.%u", &v[0], &v[1], &v[2]);
}

static Bool renderer_integer(int attribute, unsigned int *value)
{
	const struct fgl_renderer *r = fgl_glx_renderer();
	switch (attribute) {
	case GLX_RENDERER_VENDOR_ID_MESA:
	case GLX_RENDERER_DEVICE_ID_MESA:
		value[0] = 0xffffffffu; /* not a PCI device we can name */
		return True;
	case GLX_RENDERER_VERSION_MESA:
		driver_version(r, value);
		return True;
	case GLX_RENDERER_ACCELERATED_MESA:
		value[0] = !software_renderer(r);
		return True;
	case GLX_RENDERER_VIDEO_MEMORY_MESA: {
		/* A software renderer uses system memory; a GPU's size is not asked (MiB). */
		long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
		value[0] = pages > 0 && size > 0
				   ? (unsigned)((unsigned long long)pages * (unsigned long long)size >> 20)
				   : 0;
		return True;
	}
	case GLX_RENDERER_UNIFIED_MEMORY_ARCHITECTURE_MESA:
		value[0] = software_renderer(r);
		return True;
	case GLX_RENDERER_PREFERRED_PROFILE_MESA:
		value[0] = r->core_major ? GLX_CONTEXT_CORE_PROFILE_BIT_ARB
					 : GLX_CONTEXT_COMPATIBILITY_PROFILE_BIT_ARB;
		return True;
	case GLX_RENDERER_OPENGL_CORE_PROFILE_VERSION_MESA:
		value[0] = (unsigned)r->core_major;
		value[1] = (unsigned)r->core_minor;
		return True;
	case GLX_RENDERER_OPENGL_COMPATIBILITY_PROFILE_VERSION_MESA:
		value[0] = (unsigned)r->compat_major;
		value[1] = (unsigned)r->compat_minor;
		return True;
	case GLX_RENDERER_OPENGL_ES_PROFILE_VERSION_MESA:
	case GLX_RENDERER_OPENGL_ES2_PROFILE_VERSION_MESA:
		value[0] = value[1] = 0; /* ES contexts are not forwarded */
		return True;
	}
	return False;
}

static const char *renderer_string(int attribute)
{
	const struct fgl_renderer *r = fgl_glx_renderer();
	switch (attribute) {
	case GLX_RENDERER_VENDOR_ID_MESA:
		return r->vendor;
	case GLX_RENDERER_DEVICE_ID_MESA:
		return r->renderer;
	}
	return NULL;
}

FGL_EXPORT Bool glXQueryRendererIntegerMESA(Display *dpy, int screen, int renderer_index,
					    int attribute, unsigned int *value)
{
	if (!dpy || screen < 0 || screen >= ScreenCount(dpy) || renderer_index != 0 || !value)
		return False;
	return renderer_integer(attribute, value);
}

FGL_EXPORT Bool glXQueryCurrentRendererIntegerMESA(int attribute, unsigned int *value)
{
	if (!fgl_tls || !fgl_tls->ctx || !value)
		return False;
	return renderer_integer(attribute, value);
}

FGL_EXPORT const char *glXQueryRendererStringMESA(Display *dpy, int screen, int renderer_index,
						  int attribute)
{
	if (!dpy || screen < 0 || screen >= ScreenCount(dpy) || renderer_index != 0)
		return NULL;
	return renderer_string(attribute);
}

FGL_EXPORT const char *glXQueryCurrentRendererStringMESA(int attribute)
{
	if (!fgl_tls || !fgl_tls->ctx)
		return NULL;
	return renderer_string(attribute);
}

/* ---- GLX_EXT_import_context: within this process only (a context lives in its
 * process's session on the host); an id from elsewhere imports nothing. ---- */

FGL_EXPORT Display *glXGetCurrentDisplayEXT(void)
{
	return glXGetCurrentDisplay();
}

FGL_EXPORT int glXQueryContextInfoEXT(Display *dpy, GLXContext ctx, int attribute, int *value)
{
	return glXQueryContext(dpy, ctx, attribute, value);
}

FGL_EXPORT GLXContextID glXGetContextIDEXT(const GLXContext ctx)
{
	struct fgl_context *c = (struct fgl_context *)ctx;
	return c && fgl_context_valid(c) ? (GLXContextID)c->id : None;
}

FGL_EXPORT GLXContext glXImportContextEXT(Display *dpy, GLXContextID id)
{
	bool direct = false;
	struct fgl_context *c = id ? fgl_glx_context_by_id((uint32_t)id, &direct) : NULL;
	if (!c) {
		fgl_glx_error(dpy, FGL_GLXBadContext, true, id, 16 /* X_GLXVendorPrivate */);
		return NULL;
	}
	/* "glXImportContextEXT may not be used on a direct rendering context": NULL,
	 * no error. */
	return direct ? NULL : (GLXContext)c;
}

FGL_EXPORT void glXFreeContextEXT(Display *dpy, GLXContext ctx)
{
	/* The imported handle is the context itself: freeing it leaves the context, which
	 * its creator destroys (the extension frees only the client's copy). */
	if (ctx && !fgl_context_valid((struct fgl_context *)ctx))
		fgl_glx_error(dpy, FGL_GLXBadContext, true, 0, 16);
}

/* ---- GLX_SGIX_fbconfig ---- */

FGL_EXPORT GLXFBConfigSGIX *glXChooseFBConfigSGIX(Display *dpy, int screen, int *attribs,
						  int *nelements)
{
	return (GLXFBConfigSGIX *)glXChooseFBConfig(dpy, screen, attribs, nelements);
}

FGL_EXPORT int glXGetFBConfigAttribSGIX(Display *dpy, GLXFBConfigSGIX config, int attribute,
					int *value)
{
	return glXGetFBConfigAttrib(dpy, (GLXFBConfig)config, attribute, value);
}

FGL_EXPORT GLXContext glXCreateContextWithConfigSGIX(Display *dpy, GLXFBConfigSGIX config,
						     int render_type, GLXContext share,
						     Bool direct)
{
	return glXCreateNewContext(dpy, (GLXFBConfig)config, render_type, share, direct);
}

FGL_EXPORT XVisualInfo *glXGetVisualFromFBConfigSGIX(Display *dpy, GLXFBConfigSGIX config)
{
	return glXGetVisualFromFBConfig(dpy, (GLXFBConfig)config);
}

FGL_EXPORT GLXFBConfigSGIX glXGetFBConfigFromVisualSGIX(Display *dpy, XVisualInfo *vis)
{
	if (!vis)
		return NULL;
	return (GLXFBConfigSGIX)fgl_config_by_visual(dpy, vis->screen, vis->visualid);
}

FGL_EXPORT GLXPixmap glXCreateGLXPixmapWithConfigSGIX(Display *dpy, GLXFBConfigSGIX config,
						      Pixmap pixmap)
{
	return glXCreatePixmap(dpy, (GLXFBConfig)config, pixmap, NULL);
}

/* ---- GLX_SGIX_pbuffer ---- */

FGL_EXPORT GLXPbufferSGIX glXCreateGLXPbufferSGIX(Display *dpy, GLXFBConfigSGIX config,
						  unsigned int width, unsigned int height,
						  int *attribs)
{
	int list[16];
	int n = 0;
	list[n++] = GLX_PBUFFER_WIDTH;
	list[n++] = (int)width;
	list[n++] = GLX_PBUFFER_HEIGHT;
	list[n++] = (int)height;
	for (const int *p = attribs; p && p[0] != None && n < 12; p += 2) {
		list[n++] = p[0];
		list[n++] = p[1];
	}
	list[n] = None;
	return glXCreatePbuffer(dpy, (GLXFBConfig)config, list);
}

FGL_EXPORT void glXDestroyGLXPbufferSGIX(Display *dpy, GLXPbufferSGIX pbuf)
{
	glXDestroyPbuffer(dpy, pbuf);
}

FGL_EXPORT void glXQueryGLXPbufferSGIX(Display *dpy, GLXPbufferSGIX pbuf, int attribute,
				       unsigned int *value)
{
	glXQueryDrawable(dpy, pbuf, attribute, value);
}

FGL_EXPORT void glXSelectEventSGIX(Display *dpy, GLXDrawable draw, unsigned long mask)
{
	glXSelectEvent(dpy, draw, mask);
}

FGL_EXPORT void glXGetSelectedEventSGIX(Display *dpy, GLXDrawable draw, unsigned long *mask)
{
	glXGetSelectedEvent(dpy, draw, mask);
}

/* ---- swap control of the current drawable ---- */

FGL_EXPORT int glXSwapIntervalMESA(unsigned int interval)
{
	struct fgl_thread *t = fgl_tls;
	if (!t || !t->ctx || !t->ctx->draw)
		return GLX_BAD_CONTEXT;
	if (interval > 1000)
		return GLX_BAD_VALUE;
	fgl_glx_set_interval((Display *)t->ctx->dpy, t->ctx->draw, (int)interval);
	return 0;
}

FGL_EXPORT int glXGetSwapIntervalMESA(void)
{
	struct fgl_thread *t = fgl_tls;
	if (!t || !t->ctx || !t->ctx->draw)
		return 0;
	struct fgl_drawable *d = fgl_glx_drawable(t->ctx->draw);
	return d ? d->swap_interval : 1;
}

FGL_EXPORT int glXSwapIntervalSGI(int interval)
{
	struct fgl_thread *t = fgl_tls;
	if (interval <= 0)
		return GLX_BAD_VALUE;
	if (!t || !t->ctx || !t->ctx->draw)
		return GLX_BAD_CONTEXT;
	fgl_glx_set_interval((Display *)t->ctx->dpy, t->ctx->draw, interval);
	return 0;
}

/* ---- copies ---- */

FGL_EXPORT void glXCopySubBufferMESA(Display *dpy, GLXDrawable drawable, int x, int y, int width,
				     int height)
{
	struct fgl_thread *t = fgl_tls;
	struct fgl_drawable *d = fgl_glx_drawable(drawable);
	if (!d) {
		fgl_glx_error(dpy, FGL_GLXBadDrawable, true, drawable, 16 /* X_GLXVendorPrivate */);
		return;
	}
	if (width < 0 || height < 0) {
		fgl_glx_error(dpy, BadValue, false, drawable, 16);
		return;
	}
	/* Only the drawable current to this thread can be read back by its context. */
	if (!t || !t->ctx || t->ctx->draw != drawable || d->kind == FGL_DRAWABLE_PBUFFER)
		return;
	/* Frames of earlier swaps still on their way are shown whole first. */
	fgl_flush(t);
	fgl_wait_frames(t, 0);
	d->sub.x = x;
	d->sub.y = y;
	d->sub.w = width;
	d->sub.h = height;
	d->sub.on = true;
	fgl_glx_present(dpy, d, true);
}

/* GLX 1.4 section 3.3.7. The host copies (glrender/copyctx.c): the state of the groups
 * of glPushAttrib that mask names, as wire/PROTOCOL.md lists it. */
FGL_EXPORT void glXCopyContext(Display *dpy, GLXContext src, GLXContext dst, unsigned long mask)
{
	struct fgl_context *s = (struct fgl_context *)src, *d = (struct fgl_context *)dst;
	bool s_direct = false, d_direct = false;
	if (!fgl_context_valid(s) || !fgl_context_valid(d) ||
	    !fgl_glx_context_by_id(s->id, &s_direct) || !fgl_glx_context_by_id(d->id, &d_direct)) {
		fgl_glx_error(dpy, FGL_GLXBadContext, true, 0, 10 /* X_GLXCopyContext */);
		return;
	}
	/* "BadMatch is generated if rendering contexts src and dst do not share an address
	 * space or were not created with respect to the same screen." */
	if (s->screen != d->screen || s_direct != d_direct) {
		fgl_glx_error(dpy, BadMatch, false, 0, 10);
		return;
	}
	/* "BadAccess is generated if dst is current to any thread (including the calling
	 * thread) at the time glXCopyContext is called." */
	if (d->current_in) {
		fgl_glx_error(dpy, BadAccess, false, 0, 10);
		return;
	}
	if (s == d)
		return; /* nothing would change */
	struct fgl_thread *t = fgl_thread_get();
	if (s->current_in && s->current_in != t) {
		/* Its last commands may still be in that thread's batch, and the host can
		 * make a context current in one thread only. */
		static _Atomic int said;
		if (!atomic_exchange(&said, 1))
			fprintf(stderr, "fakegl: glXCopyContext: the source context is current "
					"in another thread: nothing copied\n");
		return;
	}
	/* "An implicit glFlush is done by glXCopyContext if src is the current context
	 * for the calling thread." */
	if (t->ctx == s)
		glFlush();
	uint8_t *m = fgl_begin(t, OP_fglCopyContext, 12, 12);
	uint32_t w[3] = {s->id, d->id, (uint32_t)mask};
	memcpy(m, w, sizeof w);
	fgl_end(t);
	struct fgl_reply r;
	uint32_t status = 4;
	if (fgl_sync(t, &r) == 0)
		fgl_reply_ret(&r, &status, sizeof status);
	switch (status) {
	case 0:
		break;
	case 2: /* current in another thread after all: its release never came */
		fgl_glx_error(dpy, BadAccess, false, 0, 10);
		break;
	default: {
		static _Atomic int said;
		if (!atomic_exchange(&said, 1))
			fprintf(stderr, "fakegl: glXCopyContext: the host could not copy (%u)\n",
				status);
	}
	}
}

/* ---- entry points by name ---- */

#define GLX_PROC(name) {#name, (fgl_proc)name}
static const struct {
	const char *name;
	fgl_proc fn;
} glx_procs[] = {
	GLX_PROC(glXChooseFBConfig),
	GLX_PROC(glXChooseFBConfigSGIX),
	GLX_PROC(glXChooseVisual),
	GLX_PROC(glXCopyContext),
	GLX_PROC(glXCopySubBufferMESA),
	GLX_PROC(glXCreateContext),
	GLX_PROC(glXCreateContextAttribsARB),
	GLX_PROC(glXCreateContextWithConfigSGIX),
	GLX_PROC(glXCreateGLXPbufferSGIX),
	GLX_PROC(glXCreateGLXPixmap),
	GLX_PROC(glXCreateGLXPixmapWithConfigSGIX),
	GLX_PROC(glXCreateNewContext),
	GLX_PROC(glXCreatePbuffer),
	GLX_PROC(glXCreatePixmap),
	GLX_PROC(glXCreateWindow),
	GLX_PROC(glXDestroyContext),
	GLX_PROC(glXDestroyGLXPbufferSGIX),
	GLX_PROC(glXDestroyGLXPixmap),
	GLX_PROC(glXDestroyPbuffer),
	GLX_PROC(glXDestroyPixmap),
	GLX_PROC(glXDestroyWindow),
	GLX_PROC(glXFreeContextEXT),
	GLX_PROC(glXGetClientString),
	GLX_PROC(glXGetConfig),
	GLX_PROC(glXGetContextIDEXT),
	GLX_PROC(glXGetCurrentContext),
	GLX_PROC(glXGetCurrentDisplay),
	GLX_PROC(glXGetCurrentDisplayEXT),
	GLX_PROC(glXGetCurrentDrawable),
	GLX_PROC(glXGetCurrentReadDrawable),
	GLX_PROC(glXGetCurrentReadDrawableSGI),
	GLX_PROC(glXGetFBConfigAttrib),
	GLX_PROC(glXGetFBConfigAttribSGIX),
	GLX_PROC(glXGetFBConfigFromVisualSGIX),
	GLX_PROC(glXGetFBConfigs),
	GLX_PROC(glXGetProcAddress),
	GLX_PROC(glXGetProcAddressARB),
	GLX_PROC(glXGetSelectedEvent),
	GLX_PROC(glXGetSelectedEventSGIX),
	GLX_PROC(glXGetSwapIntervalMESA),
	GLX_PROC(glXGetVisualFromFBConfig),
	GLX_PROC(glXGetVisualFromFBConfigSGIX),
	GLX_PROC(glXImportContextEXT),
	GLX_PROC(glXIsDirect),
	GLX_PROC(glXMakeContextCurrent),
	GLX_PROC(glXMakeCurrent),
	GLX_PROC(glXMakeCurrentReadSGI),
	GLX_PROC(glXQueryContext),
	GLX_PROC(glXQueryContextInfoEXT),
	GLX_PROC(glXQueryCurrentRendererIntegerMESA),
	GLX_PROC(glXQueryCurrentRendererStringMESA),
	GLX_PROC(glXQueryDrawable),
	GLX_PROC(glXQueryExtension),
	GLX_PROC(glXQueryExtensionsString),
	GLX_PROC(glXQueryGLXPbufferSGIX),
	GLX_PROC(glXQueryRendererIntegerMESA),
	GLX_PROC(glXQueryRendererStringMESA),
	GLX_PROC(glXQueryServerString),
	GLX_PROC(glXQueryVersion),
	GLX_PROC(glXSelectEvent),
	GLX_PROC(glXSelectEventSGIX),
	GLX_PROC(glXSwapBuffers),
	GLX_PROC(glXSwapIntervalEXT),
	GLX_PROC(glXSwapIntervalMESA),
	GLX_PROC(glXSwapIntervalSGI),
	GLX_PROC(glXUseXFont),
	GLX_PROC(glXWaitGL),
	GLX_PROC(glXWaitX),
};

/* GLX_ARB_get_proc_address: our entry for every GL command of the registry and every
 * GLX function above; NULL for a name we do not know (Mesa hands out a stub for unknown
 * gl* names; NULL is what the extension allows, and an app checks for it). */
static __GLXextFuncPtr proc_address(const GLubyte *name)
{
	const char *n = (const char *)name;
	if (!n)
		return NULL;
	if (strncmp(n, "glX", 3) == 0) {
		for (size_t i = 0; i < sizeof glx_procs / sizeof glx_procs[0]; i++)
			if (strcmp(glx_procs[i].name, n) == 0)
				return (__GLXextFuncPtr)glx_procs[i].fn;
		return NULL;
	}
	return (__GLXextFuncPtr)fgl_proc_address(n);
}

FGL_EXPORT __GLXextFuncPtr glXGetProcAddressARB(const GLubyte *name)
{
	return proc_address(name);
}

FGL_EXPORT __GLXextFuncPtr glXGetProcAddress(const GLubyte *name)
{
	return proc_address(name);
}
