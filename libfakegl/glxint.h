/* glxint.h — what the GLX files of libfakegl (glx.c, glxext.c, glxfont.c) share: the
 * drawables the guest knows, X errors raised the way a server's GLX would raise them,
 * and the host's renderer answers. Includes X and GLX headers: never from enc_gl.c. */
#ifndef FAKEGL_GLXINT_H
#define FAKEGL_GLXINT_H

#include <GL/glx.h>
#include <X11/Xlib.h>
#include <stdbool.h>
#include <stdint.h>

#include "glxconfig.h"

/* The GLX error codes (GLX 1.4 section 3.2 and GLX_ARB_create_context_profile),
 * added to the error base glXQueryExtension reports. */
enum {
	FGL_GLXBadContext = 0,
	FGL_GLXBadContextState = 1,
	FGL_GLXBadDrawable = 2,
	FGL_GLXBadPixmap = 3,
	FGL_GLXBadContextTag = 4,
	FGL_GLXBadCurrentWindow = 5,
	FGL_GLXBadRenderRequest = 6,
	FGL_GLXBadLargeRequest = 7,
	FGL_GLXUnsupportedPrivateRequest = 8,
	FGL_GLXBadFBConfig = 9,
	FGL_GLXBadPbuffer = 10,
	FGL_GLXBadCurrentDrawable = 11,
	FGL_GLXBadWindow = 12,
	FGL_GLXBadProfileARB = 13,
};

/* The error base when the X server has no GLX of its own to borrow codes from. */
#define FGL_GLX_FALLBACK_ERROR_BASE 200

/* Raise an X error on dpy as the GLX server would: glx true for a GLX error code
 * (added to the error base), false for a core one (BadValue, BadMatch, BadAlloc…).
 * The app's error handler sees it at once (as Mesa's __glXSendError does). */
void fgl_glx_error(Display *dpy, int code, bool glx, XID resource, int minor);
/* The GLX codes of dpy: the server's own GLX extension when it has one, else
 * major 0, event base 0, error base FGL_GLX_FALLBACK_ERROR_BASE. */
void fgl_glx_codes(Display *dpy, int *major, int *event_base, int *error_base);

enum fgl_drawable_kind {
	FGL_DRAWABLE_WINDOW,	/* a plain X window made current */
	FGL_DRAWABLE_GLXWINDOW, /* glXCreateWindow: the id is the X window's */
	FGL_DRAWABLE_PIXMAP,	/* glXCreatePixmap / glXCreateGLXPixmap */
	FGL_DRAWABLE_PBUFFER,	/* glXCreatePbuffer: no X drawable at all */
};

/* What the guest knows of a GLX drawable. The host names its surface by `id`. */
struct fgl_drawable {
	XID id;	 /* the GLX drawable: a window, or an id from XAllocID */
	XID xid; /* the X drawable behind it (window or pixmap); 0 for a pbuffer */
	enum fgl_drawable_kind kind;
	Display *dpy;
	bool watched; /* its ConfigureNotify events reach the watch connection */
	unsigned long app_read; /* the app connection's last serial read, at the last swap */
	struct fgl_presenter *presenter;
	bool ring; /* the host has frame buffers of ours for it (fglShmBuffer) */
	int width, height;	   /* as the host has it */
	int new_width, new_height; /* as the last ConfigureNotify said */
	const struct fgl_config *config; /* given at creation; NULL for a plain window */
	bool preserved, largest;	 /* pbuffer attributes */
	unsigned long event_mask;	 /* glXSelectEvent */
	int swap_interval;		 /* GLX_EXT_swap_control */
	bool interval_set;		 /* the app asked for one: frames are paced */
	uint64_t next_swap_ns;		 /* pacing: the earliest time of the next swap */
	unsigned swaps;			 /* for GLX_EXT_buffer_age */
	struct {
		int x, y, w, h; /* GL coordinates (origin bottom left) */
		bool on;
	} sub; /* the next frame shows only this rectangle (glXCopySubBufferMESA) */
	struct fgl_drawable *next;
};

/* The drawable of id, or NULL. The returned pointer stays valid until the drawable is
 * destroyed by the app. */
struct fgl_drawable *fgl_glx_drawable(XID id);
/* Send the drawable's frame to the X drawable now (a swap to the host, and wait for it
 * when wait is true). */
void fgl_glx_present(Display *dpy, struct fgl_drawable *d, bool wait);

/* A context of this process by its id (GLX_EXT_import_context), NULL if none; *direct
 * says whether it was made as a direct context. */
struct fgl_context *fgl_glx_context_by_id(uint32_t id, bool *direct);

/* The host's renderer (GLX_MESA_query_renderer), fetched once. */
struct fgl_renderer {
	char vendor[128], renderer[256], version[128];
	int core_major, core_minor;	/* 0.0 when no core profile */
	int compat_major, compat_minor; /* the legacy context's version */
};
const struct fgl_renderer *fgl_glx_renderer(void);

/* The swap interval that glXSwapIntervalMESA/SGI set for the current drawable. */
void fgl_glx_set_interval(Display *dpy, GLXDrawable draw, int interval);

#endif
