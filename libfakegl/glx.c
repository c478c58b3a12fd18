/* glx.c — GLX on the guest side, over core X11 only: configs and visuals come from
 * glxconfig.c, contexts and drawables live on the host and are named by the guest, and
 * finished frames come back to be shown with present.c. The X server needs no GLX. */
#define GLX_GLXEXT_PROTOTYPES
#include <GL/glx.h>
#include <GL/glxext.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "fgl.h"
#include "glxconfig.h"
#include "present.h"

#define FGL_GLX_EXTENSIONS                                                                         \
	"GLX_ARB_create_context GLX_ARB_create_context_profile GLX_ARB_get_proc_address "         \
	"GLX_ARB_multisample GLX_EXT_visual_info GLX_EXT_visual_rating GLX_SGIX_fbconfig "        \
	"GLX_EXT_swap_control GLX_MESA_swap_control GLX_SGI_swap_control "                        \
	"GLX_ARB_framebuffer_sRGB GLX_EXT_framebuffer_sRGB "

/* ---- drawables: what the guest knows of each X drawable it renders to ---- */

struct drawable {
	XID id;
	Display *dpy;
	bool watched; /* its ConfigureNotify events reach the watch connection */
	struct fgl_presenter *presenter;
	int width, height;	   /* as the host has it */
	int new_width, new_height; /* as the last ConfigureNotify said */
	const struct fgl_config *config;
	int swap_interval;
	struct drawable *next;
};

static pthread_mutex_t drawables_lock = PTHREAD_MUTEX_INITIALIZER;
static struct drawable *drawables;

static struct drawable *find_drawable_locked(XID id)
{
	for (struct drawable *d = drawables; d; d = d->next)
		if (d->id == id)
			return d;
	return NULL;
}

static struct drawable *get_drawable(Display *dpy, XID id, const struct fgl_config *config)
{
	pthread_mutex_lock(&drawables_lock);
	struct drawable *d = find_drawable_locked(id);
	if (!d && (d = calloc(1, sizeof *d))) {
		d->id = id;
		d->dpy = dpy;
		d->swap_interval = 1;
		d->next = drawables;
		drawables = d;
	}
	if (d && config)
		d->config = config;
	pthread_mutex_unlock(&drawables_lock);
	return d;
}

static void forget_drawable(XID id)
{
	pthread_mutex_lock(&drawables_lock);
	for (struct drawable **p = &drawables; *p; p = &(*p)->next) {
		if ((*p)->id == id) {
			struct drawable *d = *p;
			*p = d->next;
			if (d->presenter)
				fgl_presenter_destroy(d->presenter);
			free(d);
			break;
		}
	}
	pthread_mutex_unlock(&drawables_lock);
}

void fgl_present_frame(uint32_t id, const uint8_t *pixels, uint32_t w, uint32_t h)
{
	pthread_mutex_lock(&drawables_lock);
	struct drawable *d = find_drawable_locked(id);
	if (d && !d->presenter)
		d->presenter = fgl_presenter_create(d->dpy, d->id);
	if (d && d->presenter)
		fgl_presenter_show(d->presenter, pixels, w, h);
	pthread_mutex_unlock(&drawables_lock);
}

/* Window sizes without an X round trip per frame: a connection of our own selects
 * StructureNotify on each window we render to (the app's event mask on its own
 * connection is untouched), and each swap reads what events have arrived. */
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static Display *watch_dpy;
static bool watch_failed;

static void watch_window(Display *dpy, struct drawable *d)
{
	pthread_mutex_lock(&watch_lock);
	if (!watch_dpy && !watch_failed) {
		watch_dpy = XOpenDisplay(DisplayString(dpy));
		watch_failed = !watch_dpy;
	}
	if (watch_dpy && !d->watched) {
		XWindowAttributes wa;
		/* Only windows have a size that changes under us: pixmaps do not. */
		if (XGetWindowAttributes(watch_dpy, d->id, &wa)) {
			XSelectInput(watch_dpy, d->id, StructureNotifyMask);
			XFlush(watch_dpy);
			d->watched = true;
		}
	}
	pthread_mutex_unlock(&watch_lock);
}

/* Apply the ConfigureNotify events that arrived: new sizes of watched drawables. */
static void read_window_events(void)
{
	pthread_mutex_lock(&watch_lock);
	while (watch_dpy && XPending(watch_dpy)) {
		XEvent ev;
		XNextEvent(watch_dpy, &ev);
		if (ev.type != ConfigureNotify)
			continue;
		pthread_mutex_lock(&drawables_lock);
		struct drawable *d = find_drawable_locked(ev.xconfigure.window);
		if (d) {
			d->new_width = ev.xconfigure.width;
			d->new_height = ev.xconfigure.height;
		}
		pthread_mutex_unlock(&drawables_lock);
	}
	pthread_mutex_unlock(&watch_lock);
}

static bool drawable_size(Display *dpy, XID id, int *w, int *h)
{
	Window root;
	int x, y;
	unsigned int width, height, border, depth;
	if (!XGetGeometry(dpy, id, &root, &x, &y, &width, &height, &border, &depth))
		return false;
	*w = (int)width;
	*h = (int)height;
	return true;
}

/* ---- sending GLX work to the host ---- */

static void put_words(struct fgl_thread *t, uint32_t op, const uint32_t *w, size_t n)
{
	uint8_t *m = fgl_begin(t, op, n * 4, n * 4);
	memcpy(m, w, n * 4);
	fgl_end(t);
}

/* ---- contexts ---- */

struct ctx_attrs {
	int major, minor, flags, profile, reset;
};

static GLXContext create_context(Display *dpy, const struct fgl_config *cfg, GLXContext share,
				 const struct ctx_attrs *a)
{
	if (!cfg)
		return NULL;
	struct fgl_thread *t = fgl_thread_get();
	struct fgl_context *sh = (struct fgl_context *)share;
	struct fgl_context *c = fgl_context_new(sh);
	if (!c)
		return NULL;
	c->dpy = dpy;
	c->fbconfig = (void *)cfg;
	c->screen = cfg->screen;
	c->major = a->major;
	c->minor = a->minor;
	c->flags = a->flags;
	c->profile_mask = a->profile;
	c->core = a->profile == GLX_CONTEXT_CORE_PROFILE_BIT_ARB &&
		  (a->major > 3 || (a->major == 3 && a->minor >= 2));
	uint32_t w[7] = {c->id, sh ? sh->id : 0, (uint32_t)a->major, (uint32_t)a->minor,
			 (uint32_t)a->profile, (uint32_t)a->flags, (uint32_t)a->reset};
	/* Waits for the host: creation can fail (version, profile), and another thread may
	 * make the context current on its own connection right after. */
	put_words(t, OP_glXCreateContext, w, 7);
	struct fgl_reply r;
	uint32_t status = 1;
	if (fgl_sync(t, &r) == 0)
		fgl_reply_ret(&r, &status, 4);
	if (status != 0) {
		fgl_context_free(c);
		return NULL;
	}
	return (GLXContext)c;
}

FGL_EXPORT GLXContext glXCreateContext(Display *dpy, XVisualInfo *vis, GLXContext share,
				       Bool direct)
{
	if (!vis)
		return NULL;
	const struct fgl_config *cfg = fgl_config_by_visual(dpy, vis->screen, vis->visualid);
	struct ctx_attrs a = {0, 0, 0, 0, 0};
	return create_context(dpy, cfg, share, &a);
}

FGL_EXPORT GLXContext glXCreateNewContext(Display *dpy, GLXFBConfig config, int render_type,
					  GLXContext share, Bool direct)
{
	struct ctx_attrs a = {0, 0, 0, 0, 0};
	if (render_type != GLX_RGBA_TYPE)
		return NULL;
	return create_context(dpy, (const struct fgl_config *)config, share, &a);
}

FGL_EXPORT GLXContext glXCreateContextAttribsARB(Display *dpy, GLXFBConfig config,
						 GLXContext share, Bool direct,
						 const int *attribs)
{
	struct ctx_attrs a = {1, 0, 0, GLX_CONTEXT_COMPATIBILITY_PROFILE_BIT_ARB, 0};
	bool asked_profile = false;
	for (const int *p = attribs; p && p[0] != None; p += 2) {
		switch (p[0]) {
		case GLX_CONTEXT_MAJOR_VERSION_ARB:
			a.major = p[1];
			break;
		case GLX_CONTEXT_MINOR_VERSION_ARB:
			a.minor = p[1];
			break;
		case GLX_CONTEXT_FLAGS_ARB:
			a.flags = p[1];
			break;
		case GLX_CONTEXT_PROFILE_MASK_ARB:
			a.profile = p[1];
			asked_profile = true;
			break;
		case GLX_CONTEXT_RESET_NOTIFICATION_STRATEGY_ARB:
			a.reset = p[1];
			break;
		case GLX_RENDER_TYPE:
			if (p[1] != GLX_RGBA_TYPE)
				return NULL;
			break;
		default:
			return NULL; /* GLX_ARB_create_context: BadValue for unknown attributes */
		}
	}
	/* The profile only applies from 3.2 on; before it a compatible context is made. */
	if (!asked_profile || a.major < 3 || (a.major == 3 && a.minor < 2))
		a.profile = asked_profile && a.profile == GLX_CONTEXT_CORE_PROFILE_BIT_ARB &&
					    (a.major > 3 || (a.major == 3 && a.minor >= 2))
				    ? a.profile
				    : (a.major < 3 || (a.major == 3 && a.minor < 2)
					       ? 0
					       : GLX_CONTEXT_CORE_PROFILE_BIT_ARB);
	return create_context(dpy, (const struct fgl_config *)config, share, &a);
}

static void destroy_on_host(struct fgl_context *c)
{
	struct fgl_thread *t = fgl_thread_get();
	uint32_t w[1] = {c->id};
	put_words(t, OP_glXDestroyContext, w, 1);
	fgl_flush(t);
	fgl_context_free(c);
}

/* Release t's current context on the host and here. */
static void release(struct fgl_thread *t)
{
	struct fgl_context *old = t->ctx;
	if (!old)
		return;
	uint32_t w[15] = {0};
	put_words(t, OP_glXMakeCurrent, w, 15);
	fgl_flush(t);
	old->current_in = NULL;
	t->ctx = NULL;
	if (old->destroyed)
		destroy_on_host(old);
}

FGL_EXPORT Bool glXMakeContextCurrent(Display *dpy, GLXDrawable draw, GLXDrawable read,
				      GLXContext ctx)
{
	struct fgl_context *c = (struct fgl_context *)ctx;
	struct fgl_thread *t = fgl_tls;
	if (!c) {
		if (t)
			release(t);
		return True;
	}
	if (c->current_in && c->current_in != t)
		return False; /* BadAccess: current in another thread */
	if (!draw || !read)
		return False;
	int dw, dh, rw, rh;
	if (!drawable_size(dpy, draw, &dw, &dh) || !drawable_size(dpy, read, &rw, &rh))
		return False;
	t = fgl_thread_get();
	if (t->ctx && t->ctx != c)
		release(t);
	const struct fgl_config *cfg = c->fbconfig;
	struct drawable *d = get_drawable(dpy, draw, cfg);
	if (d) {
		d->width = d->new_width = dw;
		d->height = d->new_height = dh;
		watch_window(dpy, d);
	}
	struct drawable *r = read == draw ? d : get_drawable(dpy, read, cfg);
	if (r && r != d) {
		r->width = r->new_width = rw;
		r->height = r->new_height = rh;
	}
	uint32_t w[15] = {c->id,
			  (uint32_t)draw,
			  (uint32_t)read,
			  (uint32_t)dw,
			  (uint32_t)dh,
			  (uint32_t)rw,
			  (uint32_t)rh,
			  (uint32_t)cfg->red,
			  (uint32_t)cfg->green,
			  (uint32_t)cfg->blue,
			  (uint32_t)cfg->alpha,
			  (uint32_t)cfg->depth_bits,
			  (uint32_t)cfg->stencil_bits,
			  (uint32_t)cfg->samples,
			  (uint32_t)cfg->doublebuffer};
	put_words(t, OP_glXMakeCurrent, w, 15);
	t->ctx = c;
	c->current_in = t;
	c->draw = draw;
	c->read = read;
	c->dpy = dpy;
	return True;
}

FGL_EXPORT Bool glXMakeCurrent(Display *dpy, GLXDrawable drawable, GLXContext ctx)
{
	return glXMakeContextCurrent(dpy, drawable, drawable, ctx);
}

FGL_EXPORT void glXDestroyContext(Display *dpy, GLXContext ctx)
{
	struct fgl_context *c = (struct fgl_context *)ctx;
	if (!c)
		return;
	if (c->current_in) {
		c->destroyed = true; /* GLX: destroyed when no longer current */
		return;
	}
	destroy_on_host(c);
}

FGL_EXPORT GLXContext glXGetCurrentContext(void)
{
	return fgl_tls ? (GLXContext)fgl_tls->ctx : NULL;
}

FGL_EXPORT GLXDrawable glXGetCurrentDrawable(void)
{
	return fgl_tls && fgl_tls->ctx ? fgl_tls->ctx->draw : None;
}

FGL_EXPORT GLXDrawable glXGetCurrentReadDrawable(void)
{
	return fgl_tls && fgl_tls->ctx ? fgl_tls->ctx->read : None;
}

FGL_EXPORT Display *glXGetCurrentDisplay(void)
{
	return fgl_tls && fgl_tls->ctx ? (Display *)fgl_tls->ctx->dpy : NULL;
}

FGL_EXPORT Bool glXIsDirect(Display *dpy, GLXContext ctx)
{
	return ctx != NULL;
}

FGL_EXPORT int glXQueryContext(Display *dpy, GLXContext ctx, int attribute, int *value)
{
	struct fgl_context *c = (struct fgl_context *)ctx;
	if (!c)
		return GLX_BAD_CONTEXT;
	switch (attribute) {
	case GLX_FBCONFIG_ID:
		*value = ((const struct fgl_config *)c->fbconfig)->id;
		return Success;
	case GLX_RENDER_TYPE:
		*value = GLX_RGBA_TYPE;
		return Success;
	case GLX_SCREEN:
		*value = c->screen;
		return Success;
	}
	return GLX_BAD_ATTRIBUTE;
}

/* ---- frames ---- */

FGL_EXPORT void glXSwapBuffers(Display *dpy, GLXDrawable drawable)
{
	struct fgl_thread *t = fgl_tls;
	if (!t || !t->ctx)
		return;
	uint32_t w[1] = {(uint32_t)drawable};
	put_words(t, OP_glXSwapBuffers, w, 1);
	t->swaps++;
	/* A window resized since the last frame: the host drawable follows before the app
	 * draws the next one (GLX resizes the buffers with the window). */
	int ww = 0, wh = 0;
	struct drawable *d = get_drawable(dpy, drawable, NULL);
	bool known = false;
	if (d && d->watched) {
		read_window_events();
		ww = d->new_width;
		wh = d->new_height;
		known = true;
	} else if (d) {
		known = drawable_size(dpy, drawable, &ww, &wh);
	}
	if (known && (ww != d->width || wh != d->height)) {
		d->width = ww;
		d->height = wh;
		uint32_t s[3] = {(uint32_t)drawable, (uint32_t)ww, (uint32_t)wh};
		put_words(t, OP_fglDrawableSize, s, 3);
	}
	fgl_flush(t);
	fgl_wait_frames(t, FGL_MAX_LAG);
}

FGL_EXPORT void glXWaitGL(void)
{
	struct fgl_thread *t = fgl_tls;
	if (!t || !t->ctx)
		return;
	put_words(t, OP_fglPing, NULL, 0);
	struct fgl_reply r;
	fgl_sync(t, &r);
}

FGL_EXPORT void glXWaitX(void)
{
	struct fgl_thread *t = fgl_tls;
	if (t && t->ctx && t->ctx->dpy)
		XSync((Display *)t->ctx->dpy, False);
}

/* ---- drawables ---- */

FGL_EXPORT GLXWindow glXCreateWindow(Display *dpy, GLXFBConfig config, Window win,
				     const int *attribs)
{
	/* A GLXWindow is its X window here: frames go straight to it. */
	get_drawable(dpy, win, (const struct fgl_config *)config);
	return win;
}

FGL_EXPORT void glXDestroyWindow(Display *dpy, GLXWindow win)
{
	struct fgl_thread *t = fgl_tls;
	if (t) {
		uint32_t w[1] = {(uint32_t)win};
		put_words(t, OP_glXDestroyWindow, w, 1);
		fgl_flush(t);
	}
	forget_drawable(win);
}

FGL_EXPORT void glXQueryDrawable(Display *dpy, GLXDrawable draw, int attribute,
				 unsigned int *value)
{
	int w = 0, h = 0;
	struct drawable *d = get_drawable(dpy, draw, NULL);
	switch (attribute) {
	case GLX_WIDTH:
	case GLX_HEIGHT:
		drawable_size(dpy, draw, &w, &h);
		*value = (unsigned)(attribute == GLX_WIDTH ? w : h);
		break;
	case GLX_FBCONFIG_ID:
		*value = d && d->config ? (unsigned)d->config->id : 0;
		break;
	case GLX_SWAP_INTERVAL_EXT:
		*value = d ? (unsigned)d->swap_interval : 1;
		break;
	case GLX_MAX_SWAP_INTERVAL_EXT:
		*value = 1;
		break;
	case GLX_PRESERVED_CONTENTS:
	case GLX_LARGEST_PBUFFER:
		*value = 0;
		break;
	default:
		*value = 0;
	}
}

/* ---- swap control: there is no display refresh on the host; the interval is kept
 * and reported, and frames are paced by the host's rendering. ---- */

FGL_EXPORT void glXSwapIntervalEXT(Display *dpy, GLXDrawable drawable, int interval)
{
	struct drawable *d = get_drawable(dpy, drawable, NULL);
	if (d && interval >= 0)
		d->swap_interval = interval;
}

static int mesa_interval = 1;

FGL_EXPORT int glXSwapIntervalMESA(unsigned int interval)
{
	mesa_interval = (int)interval;
	return 0;
}

FGL_EXPORT int glXGetSwapIntervalMESA(void)
{
	return mesa_interval;
}

FGL_EXPORT int glXSwapIntervalSGI(int interval)
{
	if (interval <= 0)
		return GLX_BAD_VALUE;
	mesa_interval = interval;
	return 0;
}

/* ---- configs and visuals ---- */

FGL_EXPORT Bool glXQueryExtension(Display *dpy, int *error_base, int *event_base)
{
	/* GLX lives in this library, not in the X server: no error or event codes of its own. */
	if (error_base)
		*error_base = 0;
	if (event_base)
		*event_base = 0;
	return True;
}

FGL_EXPORT Bool glXQueryVersion(Display *dpy, int *major, int *minor)
{
	if (major)
		*major = 1;
	if (minor)
		*minor = 4;
	return True;
}

FGL_EXPORT const char *glXQueryExtensionsString(Display *dpy, int screen)
{
	return FGL_GLX_EXTENSIONS;
}

static const char *glx_string(int name)
{
	switch (name) {
	case GLX_VENDOR:
		return "fakegl";
	case GLX_VERSION:
		return "1.4";
	case GLX_EXTENSIONS:
		return FGL_GLX_EXTENSIONS;
	}
	return NULL;
}

FGL_EXPORT const char *glXGetClientString(Display *dpy, int name)
{
	return glx_string(name);
}

FGL_EXPORT const char *glXQueryServerString(Display *dpy, int screen, int name)
{
	return glx_string(name);
}

FGL_EXPORT XVisualInfo *glXChooseVisual(Display *dpy, int screen, int *attribs)
{
	return fgl_config_visualinfo(dpy, fgl_choose_visual(dpy, screen, attribs));
}

FGL_EXPORT int glXGetConfig(Display *dpy, XVisualInfo *vis, int attrib, int *value)
{
	if (!vis)
		return GLX_BAD_VISUAL;
	const struct fgl_config *c = fgl_config_by_visual(dpy, vis->screen, vis->visualid);
	if (!c) {
		if (attrib == GLX_USE_GL) {
			*value = False;
			return Success;
		}
		return GLX_BAD_VISUAL;
	}
	return fgl_config_attrib(c, attrib, value);
}

FGL_EXPORT GLXFBConfig *glXChooseFBConfig(Display *dpy, int screen, const int *attribs,
					  int *nelements)
{
	int bad = 0;
	const struct fgl_config **v = fgl_choose_fbconfig(dpy, screen, attribs, nelements, &bad);
	return (GLXFBConfig *)v;
}

FGL_EXPORT GLXFBConfig *glXGetFBConfigs(Display *dpy, int screen, int *nelements)
{
	const struct fgl_config *const *all;
	int n = fgl_configs(dpy, screen, &all);
	GLXFBConfig *v = n > 0 ? malloc(sizeof *v * (size_t)n) : NULL;
	if (!v) {
		*nelements = 0;
		return NULL;
	}
	for (int i = 0; i < n; i++)
		v[i] = (GLXFBConfig)all[i];
	*nelements = n;
	return v;
}

FGL_EXPORT int glXGetFBConfigAttrib(Display *dpy, GLXFBConfig config, int attribute, int *value)
{
	if (!config)
		return GLX_BAD_ATTRIBUTE;
	return fgl_config_attrib((const struct fgl_config *)config, attribute, value);
}

FGL_EXPORT XVisualInfo *glXGetVisualFromFBConfig(Display *dpy, GLXFBConfig config)
{
	return fgl_config_visualinfo(dpy, (const struct fgl_config *)config);
}

/* ---- what is not forwarded yet (issue 4): says so and fails ---- */

static void glx_not_forwarded(const char *name)
{
	fprintf(stderr, "fakegl: %s is not forwarded yet\n", name);
}

FGL_EXPORT GLXPixmap glXCreateGLXPixmap(Display *dpy, XVisualInfo *vis, Pixmap pixmap)
{
	glx_not_forwarded("glXCreateGLXPixmap");
	return None;
}

FGL_EXPORT void glXDestroyGLXPixmap(Display *dpy, GLXPixmap pixmap)
{
	glx_not_forwarded("glXDestroyGLXPixmap");
}

FGL_EXPORT GLXPixmap glXCreatePixmap(Display *dpy, GLXFBConfig config, Pixmap pixmap,
				     const int *attribs)
{
	glx_not_forwarded("glXCreatePixmap");
	return None;
}

FGL_EXPORT void glXDestroyPixmap(Display *dpy, GLXPixmap pixmap)
{
	glx_not_forwarded("glXDestroyPixmap");
}

FGL_EXPORT GLXPbuffer glXCreatePbuffer(Display *dpy, GLXFBConfig config, const int *attribs)
{
	glx_not_forwarded("glXCreatePbuffer");
	return None;
}

FGL_EXPORT void glXDestroyPbuffer(Display *dpy, GLXPbuffer pbuf)
{
	glx_not_forwarded("glXDestroyPbuffer");
}

FGL_EXPORT void glXCopyContext(Display *dpy, GLXContext src, GLXContext dst, unsigned long mask)
{
	glx_not_forwarded("glXCopyContext");
}

FGL_EXPORT void glXUseXFont(Font font, int first, int count, int list)
{
	glx_not_forwarded("glXUseXFont");
}

FGL_EXPORT void glXSelectEvent(Display *dpy, GLXDrawable draw, unsigned long mask)
{
	glx_not_forwarded("glXSelectEvent");
}

FGL_EXPORT void glXGetSelectedEvent(Display *dpy, GLXDrawable draw, unsigned long *mask)
{
	glx_not_forwarded("glXGetSelectedEvent");
	if (mask)
		*mask = 0;
}

/* ---- entry points by name ---- */

#define GLX_PROC(name) {#name, (fgl_proc)name}
static const struct {
	const char *name;
	fgl_proc fn;
} glx_procs[] = {
	GLX_PROC(glXChooseFBConfig),	     GLX_PROC(glXChooseVisual),
	GLX_PROC(glXCopyContext),	     GLX_PROC(glXCreateContext),
	GLX_PROC(glXCreateContextAttribsARB), GLX_PROC(glXCreateGLXPixmap),
	GLX_PROC(glXCreateNewContext),	     GLX_PROC(glXCreatePbuffer),
	GLX_PROC(glXCreatePixmap),	     GLX_PROC(glXCreateWindow),
	GLX_PROC(glXDestroyContext),	     GLX_PROC(glXDestroyGLXPixmap),
	GLX_PROC(glXDestroyPbuffer),	     GLX_PROC(glXDestroyPixmap),
	GLX_PROC(glXDestroyWindow),	     GLX_PROC(glXGetClientString),
	GLX_PROC(glXGetConfig),		     GLX_PROC(glXGetCurrentContext),
	GLX_PROC(glXGetCurrentDisplay),	     GLX_PROC(glXGetCurrentDrawable),
	GLX_PROC(glXGetCurrentReadDrawable), GLX_PROC(glXGetFBConfigAttrib),
	GLX_PROC(glXGetFBConfigs),	     GLX_PROC(glXGetSelectedEvent),
	GLX_PROC(glXGetSwapIntervalMESA),    GLX_PROC(glXGetVisualFromFBConfig),
	GLX_PROC(glXIsDirect),		     GLX_PROC(glXMakeContextCurrent),
	GLX_PROC(glXMakeCurrent),	     GLX_PROC(glXQueryContext),
	GLX_PROC(glXQueryDrawable),	     GLX_PROC(glXQueryExtension),
	GLX_PROC(glXQueryExtensionsString),  GLX_PROC(glXQueryServerString),
	GLX_PROC(glXQueryVersion),	     GLX_PROC(glXSelectEvent),
	GLX_PROC(glXSwapBuffers),	     GLX_PROC(glXSwapIntervalEXT),
	GLX_PROC(glXSwapIntervalMESA),	     GLX_PROC(glXSwapIntervalSGI),
	GLX_PROC(glXUseXFont),		     GLX_PROC(glXWaitGL),
	GLX_PROC(glXWaitX),
};

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
