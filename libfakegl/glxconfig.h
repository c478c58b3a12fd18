/* glxconfig.h — the guest's GLX framebuffer configurations: which ones exist for
 * an X screen, how an attribute list chooses among them (GLX 1.4 section 3.3.3),
 * and what each attribute of one is. Independent of the stream to the host. */
#ifndef FAKEGL_GLXCONFIG_H
#define FAKEGL_GLXCONFIG_H

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdbool.h>

/* One GLXFBConfig. A GLXFBConfig handed to the app is a pointer to one of these;
 * the table lives for the life of the process (one table per Display+screen). */
struct fgl_config {
	int id;			/* GLX_FBCONFIG_ID, unique in the process, from 1 */
	int screen;
	VisualID visualid;	/* an X visual of the screen with this depth, 0 if none */
	int visual_class;	/* TrueColor, DirectColor (GLX_X_VISUAL_TYPE as X class) */
	int depth;		/* X depth of that visual: 24, or 32 with alpha */
	int red, green, blue, alpha; /* color bits */
	int depth_bits, stencil_bits;
	int accum_red, accum_green, accum_blue, accum_alpha;
	int samples, sample_buffers;
	bool doublebuffer, stereo;
	bool srgb;		/* GLX_FRAMEBUFFER_SRGB_CAPABLE_ARB */
	int drawable_type;	/* GLX_WINDOW_BIT | GLX_PIXMAP_BIT | GLX_PBUFFER_BIT */
	int render_type;	/* GLX_RGBA_BIT */
	int caveat;		/* GLX_NONE or GLX_SLOW_CONFIG */
	int level;
	int buffer_size;	/* red+green+blue+alpha */
};

/* The configs of one screen of dpy, built once from the X visuals of the screen
 * (TrueColor and DirectColor of depth 24 and 32) times a set of buffer layouts
 * that the host can provide (double/single, depth 0/16/24, stencil 0/8, accum 0/16,
 * samples 0/4, alpha 0/8 on depth-32 visuals only or as GLX does on Mesa). Sorted in
 * the GLX order. Returns the count, *out points into the process-wide table. */
int fgl_configs(Display *dpy, int screen, const struct fgl_config *const **out);
/* Whether c is a config of one of the tables (apps pass made-up GLXFBConfigs). */
bool fgl_config_valid(const struct fgl_config *c);
/* Find a config by its GLX_FBCONFIG_ID, or one whose visual is vid (the best by
 * GLX order: what glXGetConfig on an XVisualInfo reports). NULL when none. */
const struct fgl_config *fgl_config_by_id(Display *dpy, int screen, int id);
const struct fgl_config *fgl_config_by_visual(Display *dpy, int screen, VisualID vid);

/* glXChooseFBConfig: configs matching attribs (GLX_DONT_CARE and defaults as GLX 1.4
 * table 3.4 says), in GLX sort order, malloc'd array of pointers (free with XFree is
 * not required: the caller frees with free()). *n gets the count; NULL when none or on a
 * bad attribute (then *n = 0 and *bad_attrib set to it). */
const struct fgl_config **fgl_choose_fbconfig(Display *dpy, int screen, const int *attribs,
					      int *n, int *bad_attrib);
/* glXChooseVisual: the old attribute list (boolean GLX_RGBA, GLX_DOUBLEBUFFER…,
 * GLX 1.4 section 3.3.10 / 1.2 glXChooseVisual rules: the smallest that matches for
 * sizes, and so on). Returns the best config with a visual, or NULL. */
const struct fgl_config *fgl_choose_visual(Display *dpy, int screen, const int *attribs);
/* glXGetFBConfigAttrib / glXGetConfig: returns 0 (Success) or GLX_BAD_ATTRIBUTE. */
int fgl_config_attrib(const struct fgl_config *c, int attribute, int *value);
/* The XVisualInfo of c (XGetVisualInfo on its visual id); NULL when c has none.
 * The caller frees it with XFree, as apps do with glXChooseVisual's result. */
XVisualInfo *fgl_config_visualinfo(Display *dpy, const struct fgl_config *c);

#endif
