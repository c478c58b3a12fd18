/* glxconfig.c — the client-side GLXFBConfig table of each X screen and the GLX 1.4
 * matching and sorting rules (section 3.3.3, table 3.4) that choose among them. */
#include "glxconfig.h"

#include <GL/glx.h>
#include <GL/glxext.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The host renders into surfaces it allocates itself, so these are limits of its GL,
 * not of the X server; 16384 is what every current GL implementation accepts. */
#define MAX_PBUFFER_SIDE 16384
/* GLX_DONT_CARE is 0xFFFFFFFF, unsigned: as the int an attribute list holds. */
#define DONT_CARE ((int)GLX_DONT_CARE)
/* Visuals beyond the first of each class and depth get one config each; servers with
 * GLX of their own expose hundreds of visuals, and a table of thousands helps no app. */
#define MAX_EXTRA_VISUALS 64

struct table {
	struct table *next;
	Display *dpy;
	char *dpy_name; /* a Display reused at the same address may be another server */
	int screen;
	int n;
	struct fgl_config *configs;
	const struct fgl_config **sorted;
	/* What glXChooseVisual last picked for a visual, so that glXGetConfig and
	 * glXCreateContext on the XVisualInfo it returned see the attributes chosen. */
	struct chosen {
		VisualID vid;
		const struct fgl_config *config;
	} * chosen;
	int nchosen, cap_chosen;
};

static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;
static struct table *tables;
static int next_config_id = 1;

/* One request: every criterion of table 3.4, each DONT_CARE when it does not
 * restrict. Sizes are minimums, the rest exact unless said otherwise. */
struct want {
	int fbconfig_id;
	int buffer_size, level, doublebuffer, stereo, aux_buffers;
	int red, green, blue, alpha;
	int depth, stencil;
	int accum_red, accum_green, accum_blue, accum_alpha;
	int render_type, drawable_type; /* masks */
	int x_renderable, visual_type, caveat, transparent_type;
	int sample_buffers, samples;
	int srgb; /* True demands it, False and DONT_CARE accept any */
	int visual_id, swap_method;
	int bind_rgb, bind_rgba, bind_mipmap, bind_targets, y_inverted;
	bool drawable_type_given;
};

static int popcount(unsigned long v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static int glx_visual_type(int x_class)
{
	switch (x_class) {
	case TrueColor:
		return GLX_TRUE_COLOR;
	case DirectColor:
		return GLX_DIRECT_COLOR;
	case PseudoColor:
		return GLX_PSEUDO_COLOR;
	case StaticColor:
		return GLX_STATIC_COLOR;
	case GrayScale:
		return GLX_GRAY_SCALE;
	case StaticGray:
		return GLX_STATIC_GRAY;
	}
	return GLX_NONE;
}

/* GLX sort rule 9: GLX_TRUE_COLOR, GLX_DIRECT_COLOR, GLX_PSEUDO_COLOR, … */
static int visual_type_rank(const struct fgl_config *c)
{
	static const int order[] = {TrueColor,   DirectColor, PseudoColor,
	                            StaticColor, GrayScale,   StaticGray};

	if (!c->visualid)
		return 6;
	for (int i = 0; i < 6; i++)
		if (order[i] == c->visual_class)
			return i;
	return 6;
}

static int caveat_rank(int caveat)
{
	switch (caveat) {
	case GLX_NONE:
		return 0;
	case GLX_SLOW_CONFIG:
		return 1;
	default:
		return 2; /* GLX_NON_CONFORMANT_CONFIG */
	}
}

static void want_defaults(struct want *w, bool fbconfig_style)
{
	*w = (struct want){
	    .fbconfig_id = DONT_CARE,
	    .doublebuffer = fbconfig_style ? DONT_CARE : False,
	    .stereo = False,
	    .render_type = GLX_RGBA_BIT,
	    .drawable_type = GLX_WINDOW_BIT,
	    .x_renderable = fbconfig_style ? DONT_CARE : True,
	    .visual_type = DONT_CARE,
	    .caveat = DONT_CARE,
	    .transparent_type = GLX_NONE,
	    .srgb = DONT_CARE,
	    .visual_id = DONT_CARE,
	    .swap_method = DONT_CARE,
	    .bind_rgb = DONT_CARE,
	    .bind_rgba = DONT_CARE,
	    .bind_mipmap = DONT_CARE,
	    .bind_targets = DONT_CARE,
	    .y_inverted = DONT_CARE,
	};
}

/* The field of w that attribute a sets, or NULL for one that matching ignores (and
 * sets *known) or that GLX does not define (leaves *known false). */
static int *want_field(struct want *w, int a, bool *known)
{
	*known = true;
	switch (a) {
	case GLX_FBCONFIG_ID:
		return &w->fbconfig_id;
	case GLX_BUFFER_SIZE:
		return &w->buffer_size;
	case GLX_LEVEL:
		return &w->level;
	case GLX_DOUBLEBUFFER:
		return &w->doublebuffer;
	case GLX_STEREO:
		return &w->stereo;
	case GLX_AUX_BUFFERS:
		return &w->aux_buffers;
	case GLX_RED_SIZE:
		return &w->red;
	case GLX_GREEN_SIZE:
		return &w->green;
	case GLX_BLUE_SIZE:
		return &w->blue;
	case GLX_ALPHA_SIZE:
		return &w->alpha;
	case GLX_DEPTH_SIZE:
		return &w->depth;
	case GLX_STENCIL_SIZE:
		return &w->stencil;
	case GLX_ACCUM_RED_SIZE:
		return &w->accum_red;
	case GLX_ACCUM_GREEN_SIZE:
		return &w->accum_green;
	case GLX_ACCUM_BLUE_SIZE:
		return &w->accum_blue;
	case GLX_ACCUM_ALPHA_SIZE:
		return &w->accum_alpha;
	case GLX_RENDER_TYPE:
		return &w->render_type;
	case GLX_DRAWABLE_TYPE:
		w->drawable_type_given = true;
		return &w->drawable_type;
	case GLX_X_RENDERABLE:
		return &w->x_renderable;
	case GLX_X_VISUAL_TYPE: /* == GLX_X_VISUAL_TYPE_EXT */
		return &w->visual_type;
	case GLX_CONFIG_CAVEAT: /* == GLX_VISUAL_CAVEAT_EXT */
		return &w->caveat;
	case GLX_TRANSPARENT_TYPE: /* == GLX_TRANSPARENT_TYPE_EXT */
		return &w->transparent_type;
	case GLX_SAMPLE_BUFFERS: /* == GLX_SAMPLE_BUFFERS_ARB */
		return &w->sample_buffers;
	case GLX_SAMPLES: /* == GLX_SAMPLES_ARB */
		return &w->samples;
	case GLX_FRAMEBUFFER_SRGB_CAPABLE_ARB:
		return &w->srgb;
	case GLX_VISUAL_ID:
		return &w->visual_id;
	case GLX_SWAP_METHOD_OML:
		return &w->swap_method;
	case GLX_BIND_TO_TEXTURE_RGB_EXT:
		return &w->bind_rgb;
	case GLX_BIND_TO_TEXTURE_RGBA_EXT:
		return &w->bind_rgba;
	case GLX_BIND_TO_MIPMAP_TEXTURE_EXT:
		return &w->bind_mipmap;
	case GLX_BIND_TO_TEXTURE_TARGETS_EXT:
		return &w->bind_targets;
	case GLX_Y_INVERTED_EXT:
		return &w->y_inverted;
	/* Table 3.4: the transparent values only matter for transparent configs, of
	 * which there are none; the pbuffer limits are not selection criteria. */
	case GLX_TRANSPARENT_INDEX_VALUE:
	case GLX_TRANSPARENT_RED_VALUE:
	case GLX_TRANSPARENT_GREEN_VALUE:
	case GLX_TRANSPARENT_BLUE_VALUE:
	case GLX_TRANSPARENT_ALPHA_VALUE:
	case GLX_MAX_PBUFFER_WIDTH:
	case GLX_MAX_PBUFFER_HEIGHT:
	case GLX_MAX_PBUFFER_PIXELS:
		return NULL;
	}
	*known = false;
	return NULL;
}

/* glXChooseFBConfig's list: every attribute is followed by its value. */
static int parse_fbconfig_attribs(const int *attribs, struct want *w, int *bad_attrib)
{
	want_defaults(w, true);
	for (const int *p = attribs; p && *p != None; p += 2) {
		bool known;
		int *field;

		/* Not fbconfig attributes, but apps pass them and Mesa takes them. */
		if (p[0] == GLX_USE_GL)
			continue;
		if (p[0] == GLX_RGBA) {
			w->render_type = p[1] ? GLX_RGBA_BIT : GLX_COLOR_INDEX_BIT;
			continue;
		}
		field = want_field(w, p[0], &known);
		if (!known) {
			*bad_attrib = p[0];
			return -1;
		}
		if (field)
			*field = p[1];
	}
	return 0;
}

/* glXChooseVisual's list (GLX 1.4 section 3.4): GLX_USE_GL, GLX_RGBA,
 * GLX_DOUBLEBUFFER, GLX_STEREO and GLX_FRAMEBUFFER_SRGB_CAPABLE_ARB stand alone and
 * mean True; without GLX_RGBA a color-index visual is asked for. */
static int parse_visual_attribs(const int *attribs, struct want *w)
{
	want_defaults(w, false);
	w->render_type = GLX_COLOR_INDEX_BIT;
	for (const int *p = attribs; p && *p != None; p++) {
		bool known;
		int *field;

		switch (*p) {
		case GLX_USE_GL:
			continue;
		case GLX_RGBA:
			w->render_type = GLX_RGBA_BIT;
			continue;
		case GLX_DOUBLEBUFFER:
			w->doublebuffer = True;
			continue;
		case GLX_STEREO:
			w->stereo = True;
			continue;
		case GLX_FRAMEBUFFER_SRGB_CAPABLE_ARB:
			w->srgb = True;
			continue;
		}
		field = want_field(w, *p, &known);
		if (!known)
			return -1;
		if (field)
			*field = p[1];
		p++;
	}
	return 0;
}

static bool at_least(int have, int want)
{
	return want == DONT_CARE || have >= want;
}

static bool exactly(int have, int want)
{
	return want == DONT_CARE || have == want;
}

static bool has_bits(int have, int want)
{
	return want == DONT_CARE || (have & want) == want;
}

static bool matches(const struct fgl_config *c, const struct want *w)
{
	bool visual_type_ignored;

	/* "If GLX_FBCONFIG_ID is specified, then all other attributes are ignored." */
	if (w->fbconfig_id != DONT_CARE)
		return c->id == w->fbconfig_id;
	visual_type_ignored = (w->drawable_type_given && w->drawable_type != DONT_CARE &&
	                       !(w->drawable_type & GLX_WINDOW_BIT)) ||
	                      w->x_renderable == False;
	return at_least(c->buffer_size, w->buffer_size) && exactly(c->level, w->level) &&
	       exactly(c->doublebuffer, w->doublebuffer) && exactly(c->stereo, w->stereo) &&
	       at_least(0, w->aux_buffers) && at_least(c->red, w->red) &&
	       at_least(c->green, w->green) && at_least(c->blue, w->blue) &&
	       at_least(c->alpha, w->alpha) && at_least(c->depth_bits, w->depth) &&
	       at_least(c->stencil_bits, w->stencil) && at_least(c->accum_red, w->accum_red) &&
	       at_least(c->accum_green, w->accum_green) && at_least(c->accum_blue, w->accum_blue) &&
	       at_least(c->accum_alpha, w->accum_alpha) &&
	       has_bits(c->render_type, w->render_type) &&
	       has_bits(c->drawable_type, w->drawable_type) &&
	       exactly(c->visualid != 0, w->x_renderable) &&
	       (visual_type_ignored || exactly(glx_visual_type(c->visual_class), w->visual_type)) &&
	       exactly(c->caveat, w->caveat) && exactly(GLX_NONE, w->transparent_type) &&
	       at_least(c->sample_buffers, w->sample_buffers) && at_least(c->samples, w->samples) &&
	       (w->srgb != True || c->srgb) && exactly((int)c->visualid, w->visual_id) &&
	       exactly(GLX_SWAP_UNDEFINED_OML, w->swap_method) && exactly(False, w->bind_rgb) &&
	       exactly(False, w->bind_rgba) && exactly(False, w->bind_mipmap) &&
	       has_bits(0, w->bind_targets) && exactly(False, w->y_inverted);
}

static int requested(int want)
{
	return want > 0 && want != DONT_CARE;
}

/* "Larger GLX_DEPTH_SIZE" (rule 6) while "if this value is zero, frame buffer
 * configurations with no depth buffer are preferred": none first, then larger. */
static int zero_then_larger(int a, int b)
{
	if (a == b)
		return 0;
	if (a == 0 || b == 0)
		return a == 0 ? -1 : 1;
	return a > b ? -1 : 1;
}

#define PREFER_SMALLER(x, y)                                                                       \
	do {                                                                                       \
		if ((x) != (y))                                                                    \
			return (x) < (y) ? -1 : 1;                                                 \
	} while (0)

/* The GLX 1.4 sort: negative when a comes first for request w. */
static int compare(const struct fgl_config *a, const struct fgl_config *b, const struct want *w)
{
	int ca = 0, cb = 0, r;
	bool accum_asked;

	PREFER_SMALLER(caveat_rank(a->caveat), caveat_rank(b->caveat));
	/* Rule 2: larger sum of the color bits the request names. */
	if (requested(w->red))
		ca += a->red, cb += b->red;
	if (requested(w->green))
		ca += a->green, cb += b->green;
	if (requested(w->blue))
		ca += a->blue, cb += b->blue;
	if (requested(w->alpha))
		ca += a->alpha, cb += b->alpha;
	PREFER_SMALLER(cb, ca);
	PREFER_SMALLER(a->buffer_size, b->buffer_size);
	PREFER_SMALLER(a->doublebuffer, b->doublebuffer);
	PREFER_SMALLER(a->sample_buffers, b->sample_buffers);
	PREFER_SMALLER(a->samples, b->samples);
	r = zero_then_larger(a->depth_bits, b->depth_bits);
	if (r)
		return r;
	PREFER_SMALLER(a->stencil_bits, b->stencil_bits);
	/* Rule 8 counts the requested accum channels, larger first; with none asked
	 * for, a config without an accumulation buffer is preferred. */
	accum_asked = requested(w->accum_red) || requested(w->accum_green) ||
	              requested(w->accum_blue) || requested(w->accum_alpha);
	ca = cb = 0;
	if (!accum_asked || requested(w->accum_red))
		ca += a->accum_red, cb += b->accum_red;
	if (!accum_asked || requested(w->accum_green))
		ca += a->accum_green, cb += b->accum_green;
	if (!accum_asked || requested(w->accum_blue))
		ca += a->accum_blue, cb += b->accum_blue;
	if (!accum_asked || requested(w->accum_alpha))
		ca += a->accum_alpha, cb += b->accum_alpha;
	if (accum_asked)
		PREFER_SMALLER(cb, ca);
	else
		PREFER_SMALLER(ca, cb);
	PREFER_SMALLER(visual_type_rank(a), visual_type_rank(b));
	PREFER_SMALLER(a->visualid, b->visualid);
	PREFER_SMALLER(a->id, b->id);
	return 0;
}

/* Insertion sort: the lists are short and come from the table nearly in order. */
static void sort_configs(const struct fgl_config **v, int n, const struct want *w)
{
	for (int i = 1; i < n; i++) {
		const struct fgl_config *c = v[i];
		int j = i;

		for (; j > 0 && compare(c, v[j - 1], w) < 0; j--)
			v[j] = v[j - 1];
		v[j] = c;
	}
}

/* The buffer layouts each primary visual gets; accum buffers are slow (as Mesa
 * marks them) so that nobody gets one without asking. */
static const struct layout {
	int depth, stencil;
} depth_stencil[] = {{0, 0}, {16, 0}, {24, 0}, {24, 8}};

static void fill_config(struct fgl_config *c, int screen, const XVisualInfo *vi, bool db, int alpha,
                        int depth, int stencil, int accum, int samples)
{
	*c = (struct fgl_config){
	    .screen = screen,
	    .visualid = vi->visualid,
	    .visual_class = vi->class,
	    .depth = vi->depth,
	    .red = popcount(vi->red_mask),
	    .green = popcount(vi->green_mask),
	    .blue = popcount(vi->blue_mask),
	    .alpha = alpha,
	    .depth_bits = depth,
	    .stencil_bits = stencil,
	    .accum_red = accum,
	    .accum_green = accum,
	    .accum_blue = accum,
	    .accum_alpha = accum,
	    .samples = samples,
	    .sample_buffers = samples > 0,
	    .doublebuffer = db,
	    .stereo = false,
	    .srgb = true,
	    .drawable_type = GLX_WINDOW_BIT | GLX_PIXMAP_BIT | GLX_PBUFFER_BIT,
	    .render_type = GLX_RGBA_BIT,
	    .caveat = accum ? GLX_SLOW_CONFIG : GLX_NONE,
	    .level = 0,
	};
	c->buffer_size = c->red + c->green + c->blue + c->alpha;
}

static bool gl_capable(const XVisualInfo *vi)
{
	if (vi->class != TrueColor && vi->class != DirectColor)
		return false;
	if (vi->depth != 24 && vi->depth != 32)
		return false;
	return popcount(vi->red_mask) == 8 && popcount(vi->green_mask) == 8 &&
	       popcount(vi->blue_mask) == 8;
}

/* Called with tables_lock held. */
static struct table *build_table(Display *dpy, int screen)
{
	XVisualInfo tmpl = {.screen = screen};
	XVisualInfo *vis = NULL;
	struct table *t = NULL;
	VisualID default_vid = XVisualIDFromVisual(DefaultVisual(dpy, screen));
	const XVisualInfo *primary[4] = {NULL}; /* TrueColor/DirectColor × 24/32 */
	int nvis = 0, n = 0, extras = 0, cap;
	const char *name = DisplayString(dpy);

	vis = XGetVisualInfo(dpy, VisualScreenMask, &tmpl, &nvis);
	t = calloc(1, sizeof(*t));
	if (!t)
		goto fail;
	t->dpy = dpy;
	t->screen = screen;
	t->dpy_name = strdup(name ? name : "");
	if (!t->dpy_name)
		goto fail;
	for (int i = 0; i < nvis; i++) {
		int k;

		if (!gl_capable(&vis[i]))
			continue;
		k = (vis[i].class == DirectColor) * 2 + (vis[i].depth == 32);
		if (!primary[k] || vis[i].visualid == default_vid)
			primary[k] = &vis[i];
	}
	cap = 4 * 2 * 2 * 4 * 2 * 2 + MAX_EXTRA_VISUALS;
	t->configs = calloc((size_t)cap, sizeof(*t->configs));
	t->sorted = calloc((size_t)cap, sizeof(*t->sorted));
	if (!t->configs || !t->sorted)
		goto fail;
	/* A 24-bit visual gets configs with and without alpha, as Mesa's GLX gives it: the
	 * alpha lives in the GL buffer only, X shows the colours. A 32-bit (ARGB) window is
	 * composited by the X server (pixman, a per-pixel blend of every frame: glmark2's
	 * windows cost Xvfb three times a 24-bit one's copy), so an app asking only for
	 * alpha must not land on one because it was the only visual with alpha. */
	for (int k = 0; k < 4; k++) {
		if (!primary[k])
			continue;
		for (int alpha = primary[k]->depth == 32 ? 8 : 0; alpha <= 8; alpha += 8)
			for (int db = 0; db < 2; db++)
				for (size_t l = 0; l < sizeof(depth_stencil) / sizeof(depth_stencil[0]);
				     l++)
					for (int accum = 0; accum <= 16; accum += 16)
						for (int samples = 0; samples <= 4; samples += 4)
							fill_config(&t->configs[n++], screen,
							            primary[k], db, alpha,
							            depth_stencil[l].depth,
							            depth_stencil[l].stencil,
							            accum, samples);
	}
	for (int i = 0; i < nvis && extras < MAX_EXTRA_VISUALS; i++) {
		int k;

		if (!gl_capable(&vis[i]))
			continue;
		k = (vis[i].class == DirectColor) * 2 + (vis[i].depth == 32);
		if (primary[k] == &vis[i])
			continue;
		fill_config(&t->configs[n++], screen, &vis[i], true, vis[i].depth == 32 ? 8 : 0, 24, 8,
		            0, 0);
		extras++;
	}
	t->n = n;
	for (int i = 0; i < n; i++) {
		t->configs[i].id = i; /* creation order breaks ties while sorting */
		t->sorted[i] = &t->configs[i];
	}
	{
		struct want w;

		want_defaults(&w, true);
		w.drawable_type = DONT_CARE;
		sort_configs(t->sorted, n, &w);
	}
	/* The ids follow the table's order, so that the last sort key agrees with it. */
	for (int i = 0; i < n; i++)
		((struct fgl_config *)t->sorted[i])->id = next_config_id++;
	if (vis)
		XFree(vis);
	return t;
fail:
	if (vis)
		XFree(vis);
	if (t) {
		free(t->dpy_name);
		free(t->configs);
		free(t->sorted);
		free(t);
	}
	errno = ENOMEM;
	return NULL;
}

static struct table *get_table(Display *dpy, int screen)
{
	struct table *t;
	const char *name;

	if (!dpy || screen < 0 || screen >= ScreenCount(dpy))
		return NULL;
	name = DisplayString(dpy);
	if (!name)
		name = "";
	pthread_mutex_lock(&tables_lock);
	for (t = tables; t; t = t->next)
		if (t->dpy == dpy && t->screen == screen && !strcmp(t->dpy_name, name))
			break;
	if (!t) {
		t = build_table(dpy, screen);
		if (t) {
			t->next = tables;
			tables = t;
		}
	}
	pthread_mutex_unlock(&tables_lock);
	return t;
}

int fgl_configs(Display *dpy, int screen, const struct fgl_config *const **out)
{
	struct table *t = get_table(dpy, screen);

	if (!t) {
		*out = NULL;
		return 0;
	}
	*out = t->sorted;
	return t->n;
}

bool fgl_config_valid(const struct fgl_config *c)
{
	bool found = false;

	if (!c)
		return false;
	pthread_mutex_lock(&tables_lock);
	for (struct table *t = tables; t && !found; t = t->next)
		for (int i = 0; i < t->n && !found; i++)
			found = c == &t->configs[i];
	pthread_mutex_unlock(&tables_lock);
	return found;
}

const struct fgl_config *fgl_config_by_id(Display *dpy, int screen, int id)
{
	struct table *t = get_table(dpy, screen);

	if (!t)
		return NULL;
	for (int i = 0; i < t->n; i++)
		if (t->configs[i].id == id)
			return &t->configs[i];
	return NULL;
}

/* The config an X server's own GLX would give the visual: no caveat, double
 * buffered, the deepest depth and stencil, no accumulation, single-sampled. */
static int visual_preference(const struct fgl_config *a, const struct fgl_config *b)
{
	PREFER_SMALLER(caveat_rank(a->caveat), caveat_rank(b->caveat));
	PREFER_SMALLER(b->doublebuffer, a->doublebuffer);
	PREFER_SMALLER(a->samples, b->samples);
	PREFER_SMALLER(b->depth_bits, a->depth_bits);
	PREFER_SMALLER(b->stencil_bits, a->stencil_bits);
	PREFER_SMALLER(a->accum_red, b->accum_red);
	PREFER_SMALLER(a->id, b->id);
	return 0;
}

const struct fgl_config *fgl_config_by_visual(Display *dpy, int screen, VisualID vid)
{
	struct table *t = get_table(dpy, screen);
	const struct fgl_config *best = NULL;

	if (!t || !vid)
		return NULL;
	pthread_mutex_lock(&tables_lock);
	for (int i = 0; i < t->nchosen; i++)
		if (t->chosen[i].vid == vid) {
			best = t->chosen[i].config;
			break;
		}
	pthread_mutex_unlock(&tables_lock);
	if (best)
		return best;
	for (int i = 0; i < t->n; i++) {
		const struct fgl_config *c = t->sorted[i];

		if (c->visualid == vid && (!best || visual_preference(c, best) < 0))
			best = c;
	}
	return best;
}

const struct fgl_config **fgl_choose_fbconfig(Display *dpy, int screen, const int *attribs, int *n,
                                              int *bad_attrib)
{
	struct table *t = get_table(dpy, screen);
	const struct fgl_config **out = NULL;
	struct want w;
	int bad = 0, count = 0;

	*n = 0;
	if (bad_attrib)
		*bad_attrib = 0;
	if (!t)
		return NULL;
	if (parse_fbconfig_attribs(attribs, &w, &bad) < 0) {
		if (bad_attrib)
			*bad_attrib = bad;
		errno = EINVAL;
		return NULL;
	}
	out = malloc((size_t)t->n * sizeof(*out));
	if (!out) {
		errno = ENOMEM;
		return NULL;
	}
	/* "If attrib_list is NULL, then glXChooseFBConfig returns an array of GLX frame
	 * buffer configurations that are available on the specified screen." */
	for (int i = 0; i < t->n; i++)
		if (!attribs || matches(t->sorted[i], &w))
			out[count++] = t->sorted[i];
	if (!count) {
		free(out);
		return NULL;
	}
	if (attribs)
		sort_configs(out, count, &w);
	*n = count;
	return out;
}

static void remember_chosen(struct table *t, const struct fgl_config *c)
{
	pthread_mutex_lock(&tables_lock);
	for (int i = 0; i < t->nchosen; i++)
		if (t->chosen[i].vid == c->visualid) {
			t->chosen[i].config = c;
			goto exit;
		}
	if (t->nchosen == t->cap_chosen) {
		int cap = t->cap_chosen ? t->cap_chosen * 2 : 8;
		struct chosen *v = realloc(t->chosen, (size_t)cap * sizeof(*v));

		if (!v)
			goto exit;
		t->chosen = v;
		t->cap_chosen = cap;
	}
	t->chosen[t->nchosen++] = (struct chosen){c->visualid, c};
exit:
	pthread_mutex_unlock(&tables_lock);
}

const struct fgl_config *fgl_choose_visual(Display *dpy, int screen, const int *attribs)
{
	struct table *t = get_table(dpy, screen);
	const struct fgl_config *best = NULL;
	struct want w;

	if (!t || parse_visual_attribs(attribs, &w) < 0)
		return NULL;
	for (int i = 0; i < t->n; i++) {
		const struct fgl_config *c = t->sorted[i];

		if (c->visualid && matches(c, &w) && (!best || compare(c, best, &w) < 0))
			best = c;
	}
	if (best)
		remember_chosen(t, best);
	return best;
}

int fgl_config_attrib(const struct fgl_config *c, int attribute, int *value)
{
	int v;

	if (!c || !value)
		return GLX_BAD_ATTRIBUTE;
	switch (attribute) {
	case GLX_USE_GL:
		v = True;
		break;
	case GLX_BUFFER_SIZE:
		v = c->buffer_size;
		break;
	case GLX_LEVEL:
		v = c->level;
		break;
	case GLX_RGBA:
		v = (c->render_type & GLX_RGBA_BIT) != 0;
		break;
	case GLX_DOUBLEBUFFER:
		v = c->doublebuffer;
		break;
	case GLX_STEREO:
		v = c->stereo;
		break;
	case GLX_AUX_BUFFERS:
		v = 0;
		break;
	case GLX_RED_SIZE:
		v = c->red;
		break;
	case GLX_GREEN_SIZE:
		v = c->green;
		break;
	case GLX_BLUE_SIZE:
		v = c->blue;
		break;
	case GLX_ALPHA_SIZE:
		v = c->alpha;
		break;
	case GLX_DEPTH_SIZE:
		v = c->depth_bits;
		break;
	case GLX_STENCIL_SIZE:
		v = c->stencil_bits;
		break;
	case GLX_ACCUM_RED_SIZE:
		v = c->accum_red;
		break;
	case GLX_ACCUM_GREEN_SIZE:
		v = c->accum_green;
		break;
	case GLX_ACCUM_BLUE_SIZE:
		v = c->accum_blue;
		break;
	case GLX_ACCUM_ALPHA_SIZE:
		v = c->accum_alpha;
		break;
	case GLX_CONFIG_CAVEAT:
		v = c->caveat;
		break;
	case GLX_X_VISUAL_TYPE:
		v = c->visualid ? glx_visual_type(c->visual_class) : GLX_NONE;
		break;
	case GLX_TRANSPARENT_TYPE:
		v = GLX_NONE;
		break;
	case GLX_TRANSPARENT_INDEX_VALUE:
	case GLX_TRANSPARENT_RED_VALUE:
	case GLX_TRANSPARENT_GREEN_VALUE:
	case GLX_TRANSPARENT_BLUE_VALUE:
	case GLX_TRANSPARENT_ALPHA_VALUE:
		v = 0;
		break;
	case GLX_VISUAL_ID:
		v = (int)c->visualid;
		break;
	case GLX_SCREEN:
		v = c->screen;
		break;
	case GLX_DRAWABLE_TYPE:
		v = c->drawable_type;
		break;
	case GLX_RENDER_TYPE:
		v = c->render_type;
		break;
	case GLX_X_RENDERABLE:
		v = c->visualid != 0;
		break;
	case GLX_FBCONFIG_ID:
		v = c->id;
		break;
	case GLX_MAX_PBUFFER_WIDTH:
	case GLX_MAX_PBUFFER_HEIGHT:
		v = MAX_PBUFFER_SIDE;
		break;
	case GLX_MAX_PBUFFER_PIXELS:
		v = MAX_PBUFFER_SIDE * MAX_PBUFFER_SIDE;
		break;
	case GLX_SAMPLE_BUFFERS:
		v = c->sample_buffers;
		break;
	case GLX_SAMPLES:
		v = c->samples;
		break;
	case GLX_FRAMEBUFFER_SRGB_CAPABLE_ARB:
		v = c->srgb;
		break;
	case GLX_SWAP_METHOD_OML:
		v = GLX_SWAP_UNDEFINED_OML;
		break;
	case GLX_BIND_TO_TEXTURE_RGB_EXT:
	case GLX_BIND_TO_TEXTURE_RGBA_EXT:
	case GLX_BIND_TO_MIPMAP_TEXTURE_EXT:
	case GLX_Y_INVERTED_EXT:
		v = False;
		break;
	case GLX_BIND_TO_TEXTURE_TARGETS_EXT:
		v = 0;
		break;
	default:
		return GLX_BAD_ATTRIBUTE;
	}
	*value = v;
	return Success;
}

XVisualInfo *fgl_config_visualinfo(Display *dpy, const struct fgl_config *c)
{
	XVisualInfo tmpl;
	int n = 0;

	if (!dpy || !c || !c->visualid)
		return NULL;
	tmpl.visualid = c->visualid;
	tmpl.screen = c->screen;
	return XGetVisualInfo(dpy, VisualIDMask | VisualScreenMask, &tmpl, &n);
}
