/* glx.c — GLX on the guest side, over core X11 only: configs and visuals come from
 * glxconfig.c, contexts and drawables live on the host and are named by the guest, and
 * finished frames come back to be shown with present.c. The X server needs no GLX:
 * errors are raised on the app's Display as a server's GLX would raise them. */
#define GLX_GLXEXT_PROTOTYPES
#include <GL/glx.h>
#include <GL/glxext.h>
#include <X11/Xlib.h>
#include <X11/Xlibint.h>
#include <X11/Xproto.h>
#include <X11/Xutil.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "encode.h"
#include "fgl.h"
#include "glxconfig.h"
#include "glxint.h"
#include "present.h"

#ifndef GLX_CONTEXT_OPENGL_NO_ERROR_ARB
#define GLX_CONTEXT_OPENGL_NO_ERROR_ARB 0x31B3
#endif
#ifndef GLX_CONTEXT_RELEASE_BEHAVIOR_ARB
#define GLX_CONTEXT_RELEASE_BEHAVIOR_ARB 0x2097
#define GLX_CONTEXT_RELEASE_BEHAVIOR_NONE_ARB 0
#define GLX_CONTEXT_RELEASE_BEHAVIOR_FLUSH_ARB 0x2098
#endif
#ifndef GLX_NO_TEXTURE_EXT
#define GLX_NO_TEXTURE_EXT 0x20D8
#endif
#ifndef GLX_CONTEXT_RESET_ISOLATION_BIT_ARB
#define GLX_CONTEXT_RESET_ISOLATION_BIT_ARB 0x8
#endif

/* GLX minor opcodes, for the errors' minorCode (glxproto.h). */
#define X_GLXCreateContext 3
#define X_GLXDestroyContext 4
#define X_GLXMakeCurrent 5
#define X_GLXCreateGLXPixmap 13
#define X_GLXDestroyGLXPixmap 15
#define X_GLXCreateNewContext 24
#define X_GLXMakeContextCurrent 26
#define X_GLXCreatePbuffer 27
#define X_GLXDestroyPbuffer 28
#define X_GLXGetDrawableAttributes 29
#define X_GLXCreateWindow 31
#define X_GLXDestroyWindow 32
#define X_GLXCreateContextAttribsARB 34

#define FGL_GLX_EXTENSIONS                                                                         \
	"GLX_ARB_context_flush_control GLX_ARB_create_context "                                    \
	"GLX_ARB_create_context_no_error GLX_ARB_create_context_profile "                          \
	"GLX_ARB_create_context_robustness GLX_ARB_fbconfig_float GLX_ARB_framebuffer_sRGB "      \
	"GLX_ARB_get_proc_address GLX_ARB_multisample GLX_EXT_buffer_age "                         \
	"GLX_EXT_create_context_es2_profile GLX_EXT_framebuffer_sRGB GLX_EXT_import_context "    \
	"GLX_EXT_no_config_context GLX_EXT_swap_control GLX_EXT_visual_info "                      \
	"GLX_EXT_visual_rating GLX_MESA_copy_sub_buffer GLX_MESA_query_renderer "                  \
	"GLX_MESA_swap_control GLX_SGIX_fbconfig GLX_SGIX_pbuffer GLX_SGI_make_current_read "    \
	"GLX_SGI_swap_control "

/* ---- X errors ---- */

void fgl_glx_codes(Display *dpy, int *major, int *event_base, int *error_base)
{
	int op = 0, ev = 0, err = 0;
	if (!dpy || !XQueryExtension(dpy, "GLX", &op, &ev, &err)) {
		op = 0;
		ev = 0;
		err = FGL_GLX_FALLBACK_ERROR_BASE;
	}
	if (major)
		*major = op;
	if (event_base)
		*event_base = ev;
	if (error_base)
		*error_base = err;
}

void fgl_glx_error(Display *dpy, int code, bool glx, XID resource, int minor)
{
	if (!dpy)
		return;
	int major, ev, base;
	fgl_glx_codes(dpy, &major, &ev, &base);
	xError e;
	memset(&e, 0, sizeof e);
	e.type = X_Error;
	e.errorCode = (CARD8)(glx ? base + code : code);
	e.resourceID = (CARD32)resource;
	e.minorCode = (CARD16)minor;
	e.majorCode = (CARD8)major;
	LockDisplay(dpy);
	e.sequenceNumber = (CARD16)dpy->request;
	_XError(dpy, &e);
	UnlockDisplay(dpy);
}

/* Whether an X drawable exists, without the app's error handler hearing about it. */
static pthread_mutex_t trap_lock = PTHREAD_MUTEX_INITIALIZER;
static int trapped;
static int trap_handler(Display *dpy, XErrorEvent *ev)
{
	(void)dpy;
	trapped = ev->error_code;
	return 0;
}

static bool x_geometry(Display *dpy, XID id, int *w, int *h, int *depth)
{
	Window root;
	int x, y;
	unsigned int width = 0, height = 0, border, d = 0;
	pthread_mutex_lock(&trap_lock);
	XSync(dpy, False);
	trapped = 0;
	int (*old)(Display *, XErrorEvent *) = XSetErrorHandler(trap_handler);
	Status ok = XGetGeometry(dpy, id, &root, &x, &y, &width, &height, &border, &d);
	XSync(dpy, False);
	XSetErrorHandler(old);
	bool good = ok && !trapped;
	pthread_mutex_unlock(&trap_lock);
	if (!good)
		return false;
	if (w)
		*w = (int)width;
	if (h)
		*h = (int)height;
	if (depth)
		*depth = (int)d;
	return true;
}

/* ---- drawables: what the guest knows of each X drawable it renders to ---- */

/* An X id of the app's own range for a pbuffer or GLX pixmap. With XCB underneath,
 * Xlib hands out one id per request made (a second XAllocID before another request
 * fails an assertion), so a no-op request follows. */
static XID new_xid(Display *dpy)
{
	XID id = XAllocID(dpy);
	XNoOp(dpy);
	return id;
}

static pthread_mutex_t drawables_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fgl_drawable *drawables;

static struct fgl_drawable *find_drawable_locked(XID id)
{
	for (struct fgl_drawable *d = drawables; d; d = d->next)
		if (d->id == id)
			return d;
	return NULL;
}

struct fgl_drawable *fgl_glx_drawable(XID id)
{
	pthread_mutex_lock(&drawables_lock);
	struct fgl_drawable *d = find_drawable_locked(id);
	pthread_mutex_unlock(&drawables_lock);
	return d;
}

/* The drawable id, made as a plain window when the guest has not seen it yet. */
static struct fgl_drawable *get_drawable(Display *dpy, XID id)
{
	pthread_mutex_lock(&drawables_lock);
	struct fgl_drawable *d = find_drawable_locked(id);
	if (!d && (d = calloc(1, sizeof *d))) {
		d->id = id;
		d->xid = id;
		d->kind = FGL_DRAWABLE_WINDOW;
		d->dpy = dpy;
		d->swap_interval = 1;
		d->preserved = true;
		d->next = drawables;
		drawables = d;
	}
	pthread_mutex_unlock(&drawables_lock);
	return d;
}

static struct fgl_drawable *new_drawable(Display *dpy, XID id, XID xid,
					 enum fgl_drawable_kind kind,
					 const struct fgl_config *cfg)
{
	struct fgl_drawable *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->id = id;
	d->xid = xid;
	d->kind = kind;
	d->dpy = dpy;
	d->config = cfg;
	d->swap_interval = 1;
	d->preserved = true;
	pthread_mutex_lock(&drawables_lock);
	/* A GLXWindow over a window seen before replaces what was known of it. */
	for (struct fgl_drawable **p = &drawables; *p; p = &(*p)->next) {
		if ((*p)->id == id) {
			struct fgl_drawable *old = *p;
			*p = old->next;
			if (old->presenter)
				fgl_presenter_destroy(old->presenter);
			free(old);
			break;
		}
	}
	d->next = drawables;
	drawables = d;
	pthread_mutex_unlock(&drawables_lock);
	return d;
}

static void forget_drawable(XID id)
{
	pthread_mutex_lock(&drawables_lock);
	for (struct fgl_drawable **p = &drawables; *p; p = &(*p)->next) {
		if ((*p)->id == id) {
			struct fgl_drawable *d = *p;
			*p = d->next;
			if (d->presenter)
				fgl_presenter_destroy(d->presenter);
			free(d);
			break;
		}
	}
	pthread_mutex_unlock(&drawables_lock);
}

void fgl_present_frame_slot(uint32_t id, uint32_t slot, uint32_t w, uint32_t h)
{
	pthread_mutex_lock(&drawables_lock);
	struct fgl_drawable *d = find_drawable_locked(id);
	if (d && d->presenter && w && h) {
		int x = 0, y = 0, rw = (int)w, rh = (int)h;
		if (d->sub.on) {
			x = d->sub.x, y = d->sub.y, rw = d->sub.w, rh = d->sub.h;
			d->sub.on = false;
		}
		static atomic_bool said;
		if (fgl_presenter_show_slot(d->presenter, slot, w, h, x, y, rw, rh) < 0 &&
		    !atomic_exchange(&said, true))
			fprintf(stderr, "fakegl: glrender at %s wrote a %ux%u frame into frame "
				"buffer %u of drawable 0x%x, which has none such: not shown\n",
				fgl_server_text(), w, h, slot, id);
	}
	pthread_mutex_unlock(&drawables_lock);
}

void fgl_present_frame(uint32_t id, const uint8_t *pixels, uint32_t w, uint32_t h)
{
	pthread_mutex_lock(&drawables_lock);
	struct fgl_drawable *d = find_drawable_locked(id);
	if (d && d->xid && !d->presenter)
		d->presenter = fgl_presenter_create(d->dpy, d->xid);
	if (d && d->presenter) {
		if (d->sub.on) {
			fgl_presenter_show_rect(d->presenter, pixels, w, h, d->sub.x, d->sub.y,
						d->sub.w, d->sub.h);
			d->sub.on = false;
		} else {
			fgl_presenter_show(d->presenter, pixels, w, h);
		}
	}
	pthread_mutex_unlock(&drawables_lock);
}

/* Window sizes without an X round trip per frame: a connection of our own selects
 * StructureNotify on each window we render to (the app's event mask on its own
 * connection is untouched), and each swap reads what events have arrived. */
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static Display *watch_dpy;
static bool watch_failed;

static void watch_window(Display *dpy, struct fgl_drawable *d)
{
	if (d->kind != FGL_DRAWABLE_WINDOW && d->kind != FGL_DRAWABLE_GLXWINDOW)
		return;
	pthread_mutex_lock(&watch_lock);
	if (!watch_dpy && !watch_failed) {
		watch_dpy = XOpenDisplay(DisplayString(dpy));
		watch_failed = !watch_dpy;
	}
	if (watch_dpy && !d->watched) {
		XWindowAttributes wa;
		pthread_mutex_lock(&trap_lock);
		trapped = 0;
		int (*old)(Display *, XErrorEvent *) = XSetErrorHandler(trap_handler);
		/* Only windows have a size that changes under us: pixmaps do not. */
		if (XGetWindowAttributes(watch_dpy, d->xid, &wa)) {
			XSelectInput(watch_dpy, d->xid, StructureNotifyMask);
			XSync(watch_dpy, False);
			d->watched = !trapped;
		}
		XSetErrorHandler(old);
		pthread_mutex_unlock(&trap_lock);
	}
	pthread_mutex_unlock(&watch_lock);
}

/* Apply the ConfigureNotify events that arrived: new sizes of watched drawables. With
 * sync, a round trip first, so that every event the server sent before is here. */
static void read_window_events(bool sync)
{
	pthread_mutex_lock(&watch_lock);
	if (sync && watch_dpy)
		XSync(watch_dpy, False);
	while (watch_dpy && XPending(watch_dpy)) {
		XEvent ev;
		XNextEvent(watch_dpy, &ev);
		if (ev.type != ConfigureNotify)
			continue;
		pthread_mutex_lock(&drawables_lock);
		struct fgl_drawable *d = find_drawable_locked(ev.xconfigure.window);
		if (d) {
			d->new_width = ev.xconfigure.width;
			d->new_height = ev.xconfigure.height;
		}
		pthread_mutex_unlock(&drawables_lock);
	}
	pthread_mutex_unlock(&watch_lock);
}

/* The size of a drawable as GLX sees it now: pbuffers and pixmaps as made, windows
 * as the X server has them. False when it is no drawable at all. */
static bool drawable_size(Display *dpy, XID id, int *w, int *h)
{
	struct fgl_drawable *d = fgl_glx_drawable(id);
	if (d && (d->kind == FGL_DRAWABLE_PBUFFER || d->kind == FGL_DRAWABLE_PIXMAP)) {
		*w = d->width;
		*h = d->height;
		return true;
	}
	return x_geometry(dpy, id, w, h, NULL);
}

/* ---- sending GLX work to the host ---- */

static void put_words(struct fgl_thread *t, uint32_t op, const uint32_t *w, size_t n)
{
	uint8_t *m = fgl_begin(t, op, n * 4, n * 4);
	if (n)
		memcpy(m, w, n * 4);
	fgl_end(t);
}

/* ---- contexts ---- */

/* The contexts the app holds: every glX* call checks the one it is given against this
 * list (apps and piglit pass stale or made-up pointers), and GLX_EXT_import_context
 * finds them by id. */
static pthread_mutex_t contexts_lock = PTHREAD_MUTEX_INITIALIZER;
static struct held {
	struct fgl_context *c;
	bool direct; /* as asked: indirect contexts may be imported (GLX_EXT_import_context) */
} *contexts;
static size_t ncontexts, cap_contexts;

static int register_context(struct fgl_context *c, bool direct)
{
	int rc = 0;
	pthread_mutex_lock(&contexts_lock);
	if (ncontexts == cap_contexts) {
		size_t cap = cap_contexts ? cap_contexts * 2 : 16;
		struct held *v = realloc(contexts, cap * sizeof *v);
		if (!v) {
			rc = -1;
			goto exit;
		}
		contexts = v;
		cap_contexts = cap;
	}
	contexts[ncontexts++] = (struct held){c, direct};
exit:
	pthread_mutex_unlock(&contexts_lock);
	return rc;
}

static void unregister_context(struct fgl_context *c)
{
	pthread_mutex_lock(&contexts_lock);
	for (size_t i = 0; i < ncontexts; i++) {
		if (contexts[i].c == c) {
			contexts[i] = contexts[--ncontexts];
			break;
		}
	}
	pthread_mutex_unlock(&contexts_lock);
}

bool fgl_context_valid(const struct fgl_context *c)
{
	bool found = false;
	pthread_mutex_lock(&contexts_lock);
	for (size_t i = 0; i < ncontexts && !found; i++)
		found = contexts[i].c == c;
	pthread_mutex_unlock(&contexts_lock);
	return found;
}

static bool context_direct(const struct fgl_context *c)
{
	bool direct = false;
	pthread_mutex_lock(&contexts_lock);
	for (size_t i = 0; i < ncontexts; i++)
		if (contexts[i].c == c)
			direct = contexts[i].direct;
	pthread_mutex_unlock(&contexts_lock);
	return direct;
}

struct fgl_context *fgl_glx_context_by_id(uint32_t id, bool *direct)
{
	struct fgl_context *c = NULL;
	pthread_mutex_lock(&contexts_lock);
	for (size_t i = 0; i < ncontexts && !c; i++)
		if (contexts[i].c->id == id && !contexts[i].c->destroyed) {
			c = contexts[i].c;
			*direct = contexts[i].direct;
		}
	pthread_mutex_unlock(&contexts_lock);
	return c;
}

struct ctx_attrs {
	int major, minor, flags, profile, reset, no_error, release;
};

static GLXContext create_context(Display *dpy, const struct fgl_config *cfg, int screen,
				 GLXContext share, const struct ctx_attrs *a, int minor, bool direct)
{
	struct fgl_thread *t = fgl_thread_get();
	struct fgl_context *sh = (struct fgl_context *)share;
	struct fgl_context *c = fgl_context_new(sh);
	if (!c) {
		fgl_glx_error(dpy, BadAlloc, false, 0, minor);
		return NULL;
	}
	c->dpy = dpy;
	c->fbconfig = (void *)cfg;
	c->screen = cfg ? cfg->screen : screen;
	c->major = a->major;
	c->minor = a->minor;
	c->flags = a->flags;
	c->profile_mask = a->profile;
	c->core = a->profile == GLX_CONTEXT_CORE_PROFILE_BIT_ARB &&
		  (a->major > 3 || (a->major == 3 && a->minor >= 2));
	uint32_t w[9] = {c->id,
			 sh ? sh->id : 0,
			 (uint32_t)a->major,
			 (uint32_t)a->minor,
			 (uint32_t)a->profile,
			 (uint32_t)a->flags,
			 (uint32_t)a->reset,
			 (uint32_t)a->no_error,
			 (uint32_t)a->release};
	/* Waits for the host: creation can fail (version, profile), and another thread may
	 * make the context current on its own connection right after. */
	put_words(t, OP_glXCreateContext, w, 9);
	struct fgl_reply r;
	uint32_t status = 1;
	if (fgl_sync(t, &r) == 0)
		fgl_reply_ret(&r, &status, 4);
	if (status == 0 && register_context(c, direct) < 0) {
		uint32_t id[1] = {c->id};
		put_words(t, OP_glXDestroyContext, id, 1);
		fgl_flush(t);
		fgl_context_free(c);
		fgl_glx_error(dpy, BadAlloc, false, 0, minor);
		return NULL;
	}
	c->share_id = sh ? sh->id : 0;
	if (status != 0) {
		fgl_context_free(c);
		/* GLX_ARB_create_context: "If <config> does not support compatible OpenGL
		 * contexts providing the requested API major and minor version,
		 * forward-compatible flag, and debug context flag, GLXBadFBConfig is
		 * generated." */
		fgl_glx_error(dpy, FGL_GLXBadFBConfig, true, 0, minor);
		return NULL;
	}
	return (GLXContext)c;
}

static bool valid_context(GLXContext ctx)
{
	return ctx && fgl_context_valid((struct fgl_context *)ctx);
}

FGL_EXPORT GLXContext glXCreateContext(Display *dpy, XVisualInfo *vis, GLXContext share,
				       Bool direct)
{
	if (!vis) {
		fgl_glx_error(dpy, BadValue, false, 0, X_GLXCreateContext);
		return NULL;
	}
	const struct fgl_config *cfg = fgl_config_by_visual(dpy, vis->screen, vis->visualid);
	if (!cfg) {
		fgl_glx_error(dpy, BadValue, false, vis->visualid, X_GLXCreateContext);
		return NULL;
	}
	if (share && !valid_context(share)) {
		fgl_glx_error(dpy, FGL_GLXBadContext, true, 0, X_GLXCreateContext);
		return NULL;
	}
	struct ctx_attrs a = {.release = GLX_CONTEXT_RELEASE_BEHAVIOR_FLUSH_ARB};
	return create_context(dpy, cfg, vis->screen, share, &a, X_GLXCreateContext, direct);
}

FGL_EXPORT GLXContext glXCreateNewContext(Display *dpy, GLXFBConfig config, int render_type,
					  GLXContext share, Bool direct)
{
	const struct fgl_config *cfg = (const struct fgl_config *)config;
	if (!fgl_config_valid(cfg)) {
		fgl_glx_error(dpy, FGL_GLXBadFBConfig, true, 0, X_GLXCreateNewContext);
		return NULL;
	}
	if (render_type != GLX_RGBA_TYPE) {
		/* No color-index configs: BadMatch for one asked of an RGBA config. */
		fgl_glx_error(dpy, render_type == GLX_COLOR_INDEX_TYPE ? BadMatch : BadValue,
			      false, 0, X_GLXCreateNewContext);
		return NULL;
	}
	if (share && !valid_context(share)) {
		fgl_glx_error(dpy, FGL_GLXBadContext, true, 0, X_GLXCreateNewContext);
		return NULL;
	}
	struct ctx_attrs a = {.release = GLX_CONTEXT_RELEASE_BEHAVIOR_FLUSH_ARB};
	return create_context(dpy, cfg, cfg->screen, share, &a, X_GLXCreateNewContext, direct);
}

/* The versions of OpenGL there are (GLX_ARB_create_context: BadMatch for others). */
static bool gl_version_exists(int major, int minor)
{
	switch (major) {
	case 1:
		return minor >= 0 && minor <= 5;
	case 2:
		return minor >= 0 && minor <= 1;
	case 3:
		return minor >= 0 && minor <= 3;
	case 4:
		return minor >= 0 && minor <= 6;
	}
	return false;
}

FGL_EXPORT GLXContext glXCreateContextAttribsARB(Display *dpy, GLXFBConfig config,
						 GLXContext share, Bool direct,
						 const int *attribs)
{
	const int op = X_GLXCreateContextAttribsARB;
	struct ctx_attrs a = {1, 0, 0, GLX_CONTEXT_CORE_PROFILE_BIT_ARB, GLX_NO_RESET_NOTIFICATION_ARB,
			      0, GLX_CONTEXT_RELEASE_BEHAVIOR_FLUSH_ARB};
	int render_type = GLX_RGBA_TYPE, screen = -1;
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
			break;
		case GLX_CONTEXT_RESET_NOTIFICATION_STRATEGY_ARB:
			a.reset = p[1];
			break;
		case GLX_CONTEXT_OPENGL_NO_ERROR_ARB:
			a.no_error = p[1] != 0;
			break;
		case GLX_CONTEXT_RELEASE_BEHAVIOR_ARB:
			a.release = p[1];
			break;
		case GLX_RENDER_TYPE:
			render_type = p[1];
			break;
		case GLX_SCREEN:
			screen = p[1];
			break;
		default:
			/* "If an attribute is specified that is not recognized, BadValue" */
			fgl_glx_error(dpy, BadValue, false, 0, op);
			return NULL;
		}
	}
	const struct fgl_config *cfg = (const struct fgl_config *)config;
	if (cfg && !fgl_config_valid(cfg)) {
		fgl_glx_error(dpy, FGL_GLXBadFBConfig, true, 0, op);
		return NULL;
	}
	if (!cfg) {
		/* GLX_EXT_no_config_context: the screen says where, the drawable what. */
		if (screen < 0)
			screen = dpy ? DefaultScreen(dpy) : 0;
		if (!dpy || screen >= ScreenCount(dpy)) {
			fgl_glx_error(dpy, BadValue, false, 0, op);
			return NULL;
		}
	}
	if (render_type != GLX_RGBA_TYPE && render_type != GLX_COLOR_INDEX_TYPE) {
		fgl_glx_error(dpy, BadValue, false, 0, op);
		return NULL;
	}
	const int known_flags = GLX_CONTEXT_DEBUG_BIT_ARB | GLX_CONTEXT_FORWARD_COMPATIBLE_BIT_ARB |
				GLX_CONTEXT_ROBUST_ACCESS_BIT_ARB |
				GLX_CONTEXT_RESET_ISOLATION_BIT_ARB;
	if (a.flags & ~known_flags) {
		fgl_glx_error(dpy, BadValue, false, 0, op);
		return NULL;
	}
	if (a.reset != GLX_NO_RESET_NOTIFICATION_ARB && a.reset != GLX_LOSE_CONTEXT_ON_RESET_ARB) {
		/* GLX_ARB_create_context_robustness: "BadMatch is generated if the value of
		 * GLX_CONTEXT_RESET_NOTIFICATION_STRATEGY_ARB is not one of ..." */
		fgl_glx_error(dpy, BadMatch, false, 0, op);
		return NULL;
	}
	if (a.release != GLX_CONTEXT_RELEASE_BEHAVIOR_NONE_ARB &&
	    a.release != GLX_CONTEXT_RELEASE_BEHAVIOR_FLUSH_ARB) {
		fgl_glx_error(dpy, BadValue, false, 0, op);
		return NULL;
	}
	/* GLX_ARB_create_context_profile: exactly one profile bit, else GLXBadProfileARB;
	 * an OpenGL ES 2 profile is asked with its own bit and versions. */
	bool es = a.profile == GLX_CONTEXT_ES2_PROFILE_BIT_EXT;
	if (a.profile != GLX_CONTEXT_CORE_PROFILE_BIT_ARB &&
	    a.profile != GLX_CONTEXT_COMPATIBILITY_PROFILE_BIT_ARB && !es) {
		fgl_glx_error(dpy, FGL_GLXBadProfileARB, true, 0, op);
		return NULL;
	}
	if (es) {
		/* ES contexts are not forwarded (the stream is desktop GL): refused as the
		 * extension says for a version the implementation lacks. */
		bool valid = (a.major == 1 && a.minor <= 1 && a.minor >= 0) ||
			     (a.major == 2 && a.minor == 0) || (a.major == 3 && a.minor >= 0 &&
								a.minor <= 2);
		fgl_glx_error(dpy, valid ? FGL_GLXBadFBConfig : BadMatch, valid, 0, op);
		return NULL;
	}
	if (!gl_version_exists(a.major, a.minor) ||
	    ((a.flags & GLX_CONTEXT_FORWARD_COMPATIBLE_BIT_ARB) && a.major < 3) ||
	    (render_type == GLX_COLOR_INDEX_TYPE && a.major >= 3)) {
		fgl_glx_error(dpy, BadMatch, false, 0, op);
		return NULL;
	}
	if (render_type == GLX_COLOR_INDEX_TYPE) {
		fgl_glx_error(dpy, BadMatch, false, 0, op); /* no color-index configs */
		return NULL;
	}
	if (share && !valid_context(share)) {
		fgl_glx_error(dpy, FGL_GLXBadContext, true, 0, op);
		return NULL;
	}
	/* "If the requested OpenGL version is less than 3.2, GLX_CONTEXT_PROFILE_MASK_ARB
	 * is ignored": a legacy context, which is what the compatibility profile is. */
	if (a.major < 3 || (a.major == 3 && a.minor < 2))
		a.profile = 0;
	if (a.reset == GLX_NO_RESET_NOTIFICATION_ARB)
		a.reset = 0;
	return create_context(dpy, cfg, cfg ? cfg->screen : screen, share, &a, op, direct);
}

static void destroy_on_host(struct fgl_context *c)
{
	struct fgl_thread *t = fgl_thread_get();
	uint32_t w[1] = {c->id};
	put_words(t, OP_glXDestroyContext, w, 1);
	fgl_flush(t);
	unregister_context(c);
	fgl_context_free(c);
}


/* Release t's current context on the host and here. */
static void release(struct fgl_thread *t)
{
	struct fgl_context *old = t->ctx;
	if (!old)
		return;
	/* What was drawn to a single buffer reaches the X drawable: GLX flushes a
	 * context when it stops being current. Waited for: the app may destroy the
	 * window right after. */
	fgl_glx_front_flush(t, true);
	uint32_t w[15] = {0};
	put_words(t, OP_glXMakeCurrent, w, 15);
	fgl_flush(t);
	/* Frames still on their way are read now: the host sends them before it reads the
	 * release, and another thread that takes the context waits there for the release
	 * (glrender's claim_context); a frame too large for the socket would hold it up
	 * until this thread next talks to the host. It also shows the last frame now. */
	fgl_present_set_careful(true);
	fgl_wait_frames(t, 0);
	fgl_present_set_careful(false);
	old->current_in = NULL;
	t->ctx = NULL;
	if (old->destroyed)
		destroy_on_host(old);
}

/* The config the host's surface for d follows: its own for GLX drawables, else the
 * context's, else (no-config context on a plain window) the window visual's. */
static const struct fgl_config *surface_config(Display *dpy, const struct fgl_drawable *d,
					       const struct fgl_context *c)
{
	if (d && d->config)
		return d->config;
	if (c->fbconfig)
		return c->fbconfig;
	XWindowAttributes wa;
	if (d && d->xid && XGetWindowAttributes(dpy, d->xid, &wa)) {
		const struct fgl_config *cfg = fgl_config_by_visual(
			dpy, XScreenNumberOfScreen(wa.screen), XVisualIDFromVisual(wa.visual));
		if (cfg)
			return cfg;
	}
	const struct fgl_config *const *all;
	return fgl_configs(dpy, c->screen, &all) > 0 ? all[0] : NULL;
}

FGL_EXPORT Bool glXMakeContextCurrent(Display *dpy, GLXDrawable draw, GLXDrawable read,
				      GLXContext ctx)
{
	struct fgl_context *c = (struct fgl_context *)ctx;
	struct fgl_thread *t = fgl_tls;
	const int op = X_GLXMakeContextCurrent;
	if (!c) {
		if (draw != None || read != None) {
			fgl_glx_error(dpy, BadMatch, false, draw, op);
			return False;
		}
		if (t)
			release(t);
		return True;
	}
	if (!fgl_context_valid(c)) {
		fgl_glx_error(dpy, FGL_GLXBadContext, true, 0, op);
		return False;
	}
	if (c->current_in && c->current_in != t) {
		fgl_glx_error(dpy, BadAccess, false, 0, op); /* current in another thread */
		return False;
	}
	int dw = 0, dh = 0, rw = 0, rh = 0;
	bool none = draw == None && read == None;
	if (none) {
		/* GLX_ARB_create_context: no default framebuffer, for OpenGL 3.0 and later. */
		if (c->major < 3) {
			fgl_glx_error(dpy, FGL_GLXBadDrawable, true, None, op);
			return False;
		}
	} else if (draw == None || read == None) {
		fgl_glx_error(dpy, BadMatch, false, None, op);
		return False;
	} else if (!drawable_size(dpy, draw, &dw, &dh)) {
		fgl_glx_error(dpy, FGL_GLXBadDrawable, true, draw, op);
		return False;
	} else if (!drawable_size(dpy, read, &rw, &rh)) {
		fgl_glx_error(dpy, FGL_GLXBadDrawable, true, read, op);
		return False;
	}
	t = fgl_thread_get();
	if (t->ctx && t->ctx != c)
		release(t);
	else if (t->ctx)
		fgl_glx_front_flush(t, true); /* the same context, maybe other drawables */
	struct fgl_drawable *d = none ? NULL : get_drawable(dpy, draw);
	if (d) {
		if (d->kind == FGL_DRAWABLE_WINDOW || d->kind == FGL_DRAWABLE_GLXWINDOW) {
			d->width = d->new_width = dw;
			d->height = d->new_height = dh;
		}
		watch_window(dpy, d);
	}
	struct fgl_drawable *r = none ? NULL : read == draw ? d : get_drawable(dpy, read);
	if (r && r != d && (r->kind == FGL_DRAWABLE_WINDOW || r->kind == FGL_DRAWABLE_GLXWINDOW)) {
		r->width = r->new_width = rw;
		r->height = r->new_height = rh;
		watch_window(dpy, r);
	}
	const struct fgl_config *cfg = surface_config(dpy, d, c);
	static const struct fgl_config no_config = {0};
	if (!cfg)
		cfg = &no_config;
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
	c->front_drawn = false;
	return True;
}

FGL_EXPORT Bool glXMakeCurrent(Display *dpy, GLXDrawable drawable, GLXContext ctx)
{
	if (ctx && drawable == None) {
		/* GLX 1.4: "If ctx is not NULL and drawable is None, BadMatch". */
		fgl_glx_error(dpy, BadMatch, false, None, X_GLXMakeCurrent);
		return False;
	}
	return glXMakeContextCurrent(dpy, drawable, drawable, ctx);
}

FGL_EXPORT Bool glXMakeCurrentReadSGI(Display *dpy, GLXDrawable draw, GLXDrawable read,
				      GLXContext ctx)
{
	return glXMakeContextCurrent(dpy, draw, read, ctx);
}

FGL_EXPORT void glXDestroyContext(Display *dpy, GLXContext ctx)
{
	struct fgl_context *c = (struct fgl_context *)ctx;
	if (!c)
		return;
	if (!fgl_context_valid(c)) {
		fgl_glx_error(dpy, FGL_GLXBadContext, true, 0, X_GLXDestroyContext);
		return;
	}
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

FGL_EXPORT GLXDrawable glXGetCurrentReadDrawableSGI(void)
{
	return glXGetCurrentReadDrawable();
}

FGL_EXPORT Display *glXGetCurrentDisplay(void)
{
	return fgl_tls && fgl_tls->ctx ? (Display *)fgl_tls->ctx->dpy : NULL;
}

FGL_EXPORT Bool glXIsDirect(Display *dpy, GLXContext ctx)
{
	if (!valid_context(ctx)) {
		fgl_glx_error(dpy, FGL_GLXBadContext, true, 0, 6 /* X_GLXIsDirect */);
		return False;
	}
	/* Every context renders through the stream; one asked for as indirect says so,
	 * so that GLX_EXT_import_context works as the extension says. */
	return context_direct((struct fgl_context *)ctx);
}

FGL_EXPORT int glXQueryContext(Display *dpy, GLXContext ctx, int attribute, int *value)
{
	struct fgl_context *c = (struct fgl_context *)ctx;
	if (!valid_context(ctx))
		return GLX_BAD_CONTEXT;
	const struct fgl_config *cfg = c->fbconfig;
	switch (attribute) {
	case GLX_FBCONFIG_ID:
		*value = cfg ? cfg->id : 0;
		return Success;
	case GLX_RENDER_TYPE:
		*value = GLX_RGBA_TYPE;
		return Success;
	case GLX_SCREEN:
		*value = c->screen;
		return Success;
	case GLX_VISUAL_ID_EXT:
		*value = cfg ? (int)cfg->visualid : 0;
		return Success;
	case GLX_SHARE_CONTEXT_EXT:
		*value = (int)c->share_id;
		return Success;
	}
	return GLX_BAD_ATTRIBUTE;
}

/* ---- frames ---- */

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The refresh rate that swap intervals count in: there is no display on the host,
 * so the guest paces frames by the clock (FAKEGL_REFRESH_HZ, default 60). */
static uint64_t frame_ns(void)
{
	static uint64_t ns;
	if (!ns) {
		const char *s = getenv("FAKEGL_REFRESH_HZ");
		long hz = s ? strtol(s, NULL, 10) : 60;
		if (hz <= 0 || hz > 1000)
			hz = 60;
		ns = 1000000000u / (uint64_t)hz;
	}
	return ns;
}

/* GLX_EXT_swap_control: a swap interval the app asked for holds frames to
 * interval × the refresh period. One the app never set is not paced, as with the
 * X servers without vertical blank that tests and CI use. */
static void pace(struct fgl_drawable *d)
{
	if (!d->interval_set || d->swap_interval <= 0)
		return;
	uint64_t t = now_ns();
	if (d->next_swap_ns > t) {
		uint64_t wait = d->next_swap_ns - t;
		struct timespec ts = {(time_t)(wait / 1000000000u), (long)(wait % 1000000000u)};
		nanosleep(&ts, NULL);
		t = d->next_swap_ns;
	}
	d->next_swap_ns = t + frame_ns() * (uint64_t)d->swap_interval;
}

_Static_assert(FGL_PRESENT_SLOTS == WIRE_SHM_SLOTS, "present.h and wire.h agree");

/* On a unix socket the host writes frames straight into memory the X server reads
 * (present.c, fgl_presenter_ring): the buffers go to the host with the swap that first
 * needs them, and again when the drawable's size changes. */
static void frame_buffers(struct fgl_thread *t, struct fgl_drawable *d)
{
	int fds[FGL_PRESENT_SLOTS];
	uint32_t size = 0;
	unsigned slot;
	int made = -1;
	if (!d->xid || d->width <= 0 || d->height <= 0 || !fgl_passes_fds(t))
		return;
	pthread_mutex_lock(&drawables_lock);
	if (!d->presenter)
		d->presenter = fgl_presenter_create(d->dpy, d->xid);
	if (d->presenter)
		made = fgl_presenter_ring(d->presenter, (uint32_t)d->width, (uint32_t)d->height, fds,
					  &size, &slot);
	pthread_mutex_unlock(&drawables_lock);
	uint32_t cmds[FGL_PRESENT_SLOTS][4];
	for (int i = 0; i < FGL_PRESENT_SLOTS; i++) {
		wire_put_hdr(cmds[i], OP_fglShmBuffer, sizeof cmds[i]);
		cmds[i][1] = (uint32_t)d->id;
		cmds[i][2] = (uint32_t)i;
		cmds[i][3] = made == 1 ? size : 0;
	}
	if (made == 1) {
		fgl_send_fds(t, cmds, sizeof cmds, fds, FGL_PRESENT_SLOTS);
		for (int i = 0; i < FGL_PRESENT_SLOTS; i++)
			close(fds[i]);
		d->ring = true;
	} else if (made < 0 && d->ring) { /* the host must not write the old ones again */
		for (int i = 0; i < FGL_PRESENT_SLOTS; i++)
			put_words(t, OP_fglShmBuffer, &cmds[i][1], 3);
		d->ring = false;
	}
}

/* Ask the host for the drawable's pixels: one frame comes back for it. */
static void request_frame(struct fgl_thread *t, struct fgl_drawable *d)
{
	uint32_t w[1] = {(uint32_t)d->id};
	frame_buffers(t, d);
	put_words(t, OP_glXSwapBuffers, w, 1);
	t->swaps++;
}

void fgl_glx_present(Display *dpy, struct fgl_drawable *d, bool wait)
{
	struct fgl_thread *t = fgl_tls;
	(void)dpy;
	if (!t || !t->ctx || !d)
		return;
	request_frame(t, d);
	fgl_flush(t);
	fgl_wait_frames(t, wait ? 0 : FGL_MAX_LAG);
}

/* Single-buffered drawables, pixmaps and front-buffer drawing show what was drawn at
 * glFlush, glFinish and glXWaitGL (and when the context stops being current). */
void fgl_glx_front_flush(struct fgl_thread *t, bool wait)
{
	struct fgl_context *c = t->ctx;
	if (!c || !c->draw)
		return;
	struct fgl_drawable *d = fgl_glx_drawable(c->draw);
	if (!d || d->kind == FGL_DRAWABLE_PBUFFER)
		return;
	const struct fgl_config *cfg = d->config ? d->config : c->fbconfig;
	bool single = d->kind == FGL_DRAWABLE_PIXMAP || (cfg && !cfg->doublebuffer);
	if (!single && !c->front_drawn)
		return;
	fgl_glx_present(d->dpy, d, wait);
}

FGL_EXPORT void glXSwapBuffers(Display *dpy, GLXDrawable drawable)
{
	struct fgl_thread *t = fgl_tls;
	struct fgl_drawable *d = fgl_glx_drawable(drawable);
	if (!d && !x_geometry(dpy, drawable, NULL, NULL, NULL)) {
		fgl_glx_error(dpy, FGL_GLXBadDrawable, true, drawable, 11 /* X_GLXSwapBuffers */);
		return;
	}
	if (!t || !t->ctx)
		return;
	/* GLX 1.4: a swap of a pixmap, a pbuffer or a single-buffered window does nothing
	 * but flush. */
	const struct fgl_config *cfg = d && d->config ? d->config : t->ctx->fbconfig;
	if (!d || d->kind == FGL_DRAWABLE_PIXMAP || d->kind == FGL_DRAWABLE_PBUFFER ||
	    (cfg && !cfg->doublebuffer)) {
		fgl_glx_front_flush(t, false);
		fgl_flush(t);
		return;
	}
	pace(d);
	request_frame(t, d);
	d->swaps++;
	/* A window resized since the last frame: the host drawable follows before the app
	 * draws the next one (GLX resizes the buffers with the window). */
	int ww = 0, wh = 0;
	bool known = false;
	if (d->watched) {
		/* The server writes the app's ConfigureNotify and ours one after the other: an
		 * app that saw its window resized may swap before ours has arrived. Whenever the
		 * app's connection read anything (an event, a reply) since the last swap, ours
		 * makes a round trip before it looks; glxgears-like loops read nothing. */
		unsigned long seen = LastKnownRequestProcessed(dpy);
		read_window_events(seen != d->app_read);
		d->app_read = seen;
		ww = d->new_width;
		wh = d->new_height;
		known = true;
	} else {
		known = drawable_size(dpy, drawable, &ww, &wh);
	}
	if (known && (ww != d->width || wh != d->height)) {
		d->width = ww;
		d->height = wh;
		uint32_t s[3] = {(uint32_t)drawable, (uint32_t)ww, (uint32_t)wh};
		put_words(t, OP_fglDrawableSize, s, 3);
		d->swaps = 0; /* new buffers: their contents are undefined */
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
	fgl_glx_front_flush(t, true);
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
	(void)attribs;
	const struct fgl_config *cfg = (const struct fgl_config *)config;
	if (!fgl_config_valid(cfg)) {
		fgl_glx_error(dpy, FGL_GLXBadFBConfig, true, 0, X_GLXCreateWindow);
		return None;
	}
	if (!(cfg->drawable_type & GLX_WINDOW_BIT) || !cfg->visualid) {
		fgl_glx_error(dpy, BadMatch, false, win, X_GLXCreateWindow);
		return None;
	}
	XWindowAttributes wa;
	if (!x_geometry(dpy, win, NULL, NULL, NULL) || !XGetWindowAttributes(dpy, win, &wa)) {
		fgl_glx_error(dpy, BadWindow, false, win, X_GLXCreateWindow);
		return None;
	}
	if (XVisualIDFromVisual(wa.visual) != cfg->visualid) {
		fgl_glx_error(dpy, BadMatch, false, win, X_GLXCreateWindow);
		return None;
	}
	/* A GLXWindow is its X window here: frames go straight to it. */
	if (!new_drawable(dpy, win, win, FGL_DRAWABLE_GLXWINDOW, cfg)) {
		fgl_glx_error(dpy, BadAlloc, false, win, X_GLXCreateWindow);
		return None;
	}
	return win;
}

/* Destroy a GLX drawable of kind (or a window seen as one) on the host and here. */
static void destroy_drawable(Display *dpy, XID id, enum fgl_drawable_kind kind, int error,
			     int minor)
{
	struct fgl_drawable *d = fgl_glx_drawable(id);
	if (!d || d->kind != kind) {
		fgl_glx_error(dpy, error, true, id, minor);
		return;
	}
	/* GLX windows die with their X window: using one after is GLXBadWindow. */
	if (kind == FGL_DRAWABLE_GLXWINDOW && !x_geometry(dpy, d->xid, NULL, NULL, NULL)) {
		forget_drawable(id);
		fgl_glx_error(dpy, error, true, id, minor);
		return;
	}
	struct fgl_thread *t = fgl_tls;
	if (t) {
		uint32_t w[1] = {(uint32_t)id};
		put_words(t, OP_glXDestroyWindow, w, 1);
		fgl_flush(t);
	}
	forget_drawable(id);
}

FGL_EXPORT void glXDestroyWindow(Display *dpy, GLXWindow win)
{
	destroy_drawable(dpy, win, FGL_DRAWABLE_GLXWINDOW, FGL_GLXBadWindow, X_GLXDestroyWindow);
}

static GLXPixmap create_pixmap(Display *dpy, const struct fgl_config *cfg, Pixmap pixmap,
			       int minor)
{
	int w, h, depth;
	if (!x_geometry(dpy, pixmap, &w, &h, &depth)) {
		fgl_glx_error(dpy, BadPixmap, false, pixmap, minor);
		return None;
	}
	if (!(cfg->drawable_type & GLX_PIXMAP_BIT) || (depth != 24 && depth != 32 && depth != cfg->depth)) {
		fgl_glx_error(dpy, BadMatch, false, pixmap, minor);
		return None;
	}
	XID id = new_xid(dpy);
	struct fgl_drawable *d = new_drawable(dpy, id, pixmap, FGL_DRAWABLE_PIXMAP, cfg);
	if (!d) {
		fgl_glx_error(dpy, BadAlloc, false, pixmap, minor);
		return None;
	}
	d->width = d->new_width = w;
	d->height = d->new_height = h;
	return id;
}

FGL_EXPORT GLXPixmap glXCreateGLXPixmap(Display *dpy, XVisualInfo *vis, Pixmap pixmap)
{
	if (!vis) {
		fgl_glx_error(dpy, BadValue, false, 0, X_GLXCreateGLXPixmap);
		return None;
	}
	const struct fgl_config *cfg = fgl_config_by_visual(dpy, vis->screen, vis->visualid);
	if (!cfg) {
		fgl_glx_error(dpy, BadValue, false, vis->visualid, X_GLXCreateGLXPixmap);
		return None;
	}
	return create_pixmap(dpy, cfg, pixmap, X_GLXCreateGLXPixmap);
}

FGL_EXPORT void glXDestroyGLXPixmap(Display *dpy, GLXPixmap pixmap)
{
	destroy_drawable(dpy, pixmap, FGL_DRAWABLE_PIXMAP, FGL_GLXBadPixmap,
			 X_GLXDestroyGLXPixmap);
}

FGL_EXPORT GLXPixmap glXCreatePixmap(Display *dpy, GLXFBConfig config, Pixmap pixmap,
				     const int *attribs)
{
	(void)attribs;
	const struct fgl_config *cfg = (const struct fgl_config *)config;
	if (!fgl_config_valid(cfg)) {
		fgl_glx_error(dpy, FGL_GLXBadFBConfig, true, 0, 22 /* X_GLXCreatePixmap */);
		return None;
	}
	return create_pixmap(dpy, cfg, pixmap, 22);
}

FGL_EXPORT void glXDestroyPixmap(Display *dpy, GLXPixmap pixmap)
{
	destroy_drawable(dpy, pixmap, FGL_DRAWABLE_PIXMAP, FGL_GLXBadPixmap, 23);
}

#define MAX_PBUFFER_SIDE 16384

FGL_EXPORT GLXPbuffer glXCreatePbuffer(Display *dpy, GLXFBConfig config, const int *attribs)
{
	const struct fgl_config *cfg = (const struct fgl_config *)config;
	if (!fgl_config_valid(cfg)) {
		fgl_glx_error(dpy, FGL_GLXBadFBConfig, true, 0, X_GLXCreatePbuffer);
		return None;
	}
	int w = 0, h = 0;
	bool preserved = true, largest = false;
	for (const int *p = attribs; p && p[0] != None; p += 2) {
		switch (p[0]) {
		case GLX_PBUFFER_WIDTH:
			w = p[1];
			break;
		case GLX_PBUFFER_HEIGHT:
			h = p[1];
			break;
		case GLX_PRESERVED_CONTENTS:
			preserved = p[1] != 0;
			break;
		case GLX_LARGEST_PBUFFER:
			largest = p[1] != 0;
			break;
		default:
			fgl_glx_error(dpy, BadValue, false, 0, X_GLXCreatePbuffer);
			return None;
		}
	}
	if (!(cfg->drawable_type & GLX_PBUFFER_BIT)) {
		fgl_glx_error(dpy, BadMatch, false, 0, X_GLXCreatePbuffer);
		return None;
	}
	if (w < 0 || h < 0) {
		fgl_glx_error(dpy, BadValue, false, 0, X_GLXCreatePbuffer);
		return None;
	}
	if (w > MAX_PBUFFER_SIDE || h > MAX_PBUFFER_SIDE) {
		if (!largest) {
			fgl_glx_error(dpy, BadAlloc, false, 0, X_GLXCreatePbuffer);
			return None;
		}
		w = w > MAX_PBUFFER_SIDE ? MAX_PBUFFER_SIDE : w;
		h = h > MAX_PBUFFER_SIDE ? MAX_PBUFFER_SIDE : h;
	}
	XID id = new_xid(dpy);
	struct fgl_drawable *d = new_drawable(dpy, id, 0, FGL_DRAWABLE_PBUFFER, cfg);
	if (!d) {
		fgl_glx_error(dpy, BadAlloc, false, 0, X_GLXCreatePbuffer);
		return None;
	}
	d->width = d->new_width = w;
	d->height = d->new_height = h;
	d->preserved = preserved;
	d->largest = largest;
	return id;
}

FGL_EXPORT void glXDestroyPbuffer(Display *dpy, GLXPbuffer pbuf)
{
	destroy_drawable(dpy, pbuf, FGL_DRAWABLE_PBUFFER, FGL_GLXBadPbuffer, X_GLXDestroyPbuffer);
}

/* The config of a drawable as GLX reports it: the one given at creation, or for a
 * plain window the first config of its visual in glXGetFBConfigs order. */
static const struct fgl_config *drawable_config(Display *dpy, struct fgl_drawable *d)
{
	if (d && d->config)
		return d->config;
	XWindowAttributes wa;
	XID xid = d ? d->xid : 0;
	if (!xid || !XGetWindowAttributes(dpy, xid, &wa))
		return NULL;
	int screen = XScreenNumberOfScreen(wa.screen);
	VisualID vid = XVisualIDFromVisual(wa.visual);
	const struct fgl_config *const *all;
	int n = fgl_configs(dpy, screen, &all);
	for (int i = 0; i < n; i++)
		if (all[i]->visualid == vid)
			return all[i];
	return NULL;
}

FGL_EXPORT void glXQueryDrawable(Display *dpy, GLXDrawable draw, int attribute,
				 unsigned int *value)
{
	if (!value)
		return;
	struct fgl_drawable *d = draw ? fgl_glx_drawable(draw) : NULL;
	int w = 0, h = 0;
	if (!draw || (!d && !x_geometry(dpy, draw, &w, &h, NULL))) {
		fgl_glx_error(dpy, FGL_GLXBadDrawable, true, draw, X_GLXGetDrawableAttributes);
		return;
	}
	if (!d)
		d = get_drawable(dpy, draw);
	const struct fgl_config *cfg;
	switch (attribute) {
	case GLX_WIDTH:
	case GLX_HEIGHT:
		if (!drawable_size(dpy, draw, &w, &h))
			w = h = 0;
		*value = (unsigned)(attribute == GLX_WIDTH ? w : h);
		break;
	case GLX_FBCONFIG_ID:
		cfg = drawable_config(dpy, d);
		*value = cfg ? (unsigned)cfg->id : 0;
		break;
	case GLX_SWAP_INTERVAL_EXT:
		*value = d ? (unsigned)d->swap_interval : 1;
		break;
	case GLX_MAX_SWAP_INTERVAL_EXT:
		*value = 1000;
		break;
	case GLX_PRESERVED_CONTENTS:
		*value = d && d->kind == FGL_DRAWABLE_PBUFFER ? d->preserved : False;
		break;
	case GLX_LARGEST_PBUFFER:
		*value = d && d->kind == FGL_DRAWABLE_PBUFFER ? d->largest : False;
		break;
	case GLX_EVENT_MASK:
		*value = d ? (unsigned)d->event_mask : 0;
		break;
	case GLX_BACK_BUFFER_AGE_EXT: {
		/* The host's buffer is not swapped: after a swap it still holds that frame. */
		struct fgl_thread *t = fgl_tls;
		if (!t || !t->ctx || (t->ctx->draw != draw && t->ctx->read != draw)) {
			fgl_glx_error(dpy, FGL_GLXBadDrawable, true, draw,
				      X_GLXGetDrawableAttributes);
			return;
		}
		*value = d && d->swaps ? 1 : 0;
		break;
	}
	case GLX_TEXTURE_FORMAT_EXT:
	case GLX_TEXTURE_TARGET_EXT:
		*value = GLX_NO_TEXTURE_EXT;
		break;
	case GLX_MIPMAP_TEXTURE_EXT:
		*value = False;
		break;
	default:
		fgl_glx_error(dpy, BadValue, false, draw, X_GLXGetDrawableAttributes);
	}
}

FGL_EXPORT void glXSelectEvent(Display *dpy, GLXDrawable draw, unsigned long mask)
{
	struct fgl_drawable *d = fgl_glx_drawable(draw);
	if (!d && !x_geometry(dpy, draw, NULL, NULL, NULL)) {
		fgl_glx_error(dpy, FGL_GLXBadDrawable, true, draw, 20 /* X_GLXChangeDrawableAttributes */);
		return;
	}
	if (!d)
		d = get_drawable(dpy, draw);
	/* Kept and reported; no pbuffer-clobber or swap-complete events are ever due. */
	if (d)
		d->event_mask = mask;
}

FGL_EXPORT void glXGetSelectedEvent(Display *dpy, GLXDrawable draw, unsigned long *mask)
{
	struct fgl_drawable *d = fgl_glx_drawable(draw);
	if (!d && !x_geometry(dpy, draw, NULL, NULL, NULL)) {
		fgl_glx_error(dpy, FGL_GLXBadDrawable, true, draw, X_GLXGetDrawableAttributes);
		return;
	}
	if (mask)
		*mask = d ? d->event_mask : 0;
}

/* ---- swap control ---- */

void fgl_glx_set_interval(Display *dpy, GLXDrawable draw, int interval)
{
	struct fgl_drawable *d = draw ? get_drawable(dpy, draw) : NULL;
	if (d) {
		d->swap_interval = interval;
		d->interval_set = true;
		d->next_swap_ns = 0;
	}
}

FGL_EXPORT void glXSwapIntervalEXT(Display *dpy, GLXDrawable drawable, int interval)
{
	if (interval < 0) {
		fgl_glx_error(dpy, BadValue, false, 0, 16 /* X_GLXVendorPrivate */);
		return;
	}
	if (!fgl_glx_drawable(drawable) && !x_geometry(dpy, drawable, NULL, NULL, NULL)) {
		fgl_glx_error(dpy, FGL_GLXBadDrawable, true, drawable, 16);
		return;
	}
	fgl_glx_set_interval(dpy, drawable, interval);
}

/* ---- configs and visuals ---- */

FGL_EXPORT Bool glXQueryExtension(Display *dpy, int *error_base, int *event_base)
{
	/* GLX lives in this library: its codes are the server's GLX ones when it has a GLX
	 * (so that they mean what apps expect), made up when it has none. */
	int err, ev;
	fgl_glx_codes(dpy, NULL, &ev, &err);
	if (error_base)
		*error_base = err;
	if (event_base)
		*event_base = ev;
	return True;
}

FGL_EXPORT Bool glXQueryVersion(Display *dpy, int *major, int *minor)
{
	(void)dpy;
	if (major)
		*major = 1;
	if (minor)
		*minor = 4;
	return True;
}

FGL_EXPORT const char *glXQueryExtensionsString(Display *dpy, int screen)
{
	(void)dpy;
	(void)screen;
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
	(void)dpy;
	return glx_string(name);
}

FGL_EXPORT const char *glXQueryServerString(Display *dpy, int screen, int name)
{
	(void)dpy;
	(void)screen;
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
	int bad = 0, n = 0;
	const struct fgl_config **v = fgl_choose_fbconfig(dpy, screen, attribs, &n, &bad);
	if (nelements)
		*nelements = n;
	if (bad)
		fgl_glx_error(dpy, BadValue, false, 0, 21 /* X_GLXGetFBConfigs */);
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
	(void)dpy;
	if (!fgl_config_valid((const struct fgl_config *)config))
		return GLX_BAD_ATTRIBUTE;
	return fgl_config_attrib((const struct fgl_config *)config, attribute, value);
}

FGL_EXPORT XVisualInfo *glXGetVisualFromFBConfig(Display *dpy, GLXFBConfig config)
{
	if (!fgl_config_valid((const struct fgl_config *)config))
		return NULL;
	return fgl_config_visualinfo(dpy, (const struct fgl_config *)config);
}
