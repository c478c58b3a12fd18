/* Guards against GLX 1.4 config choice going wrong, made-up GLXFBConfigs taken as real, and frames (or their sub-rectangles) shown flipped or miscolored. */
#include "glxconfig.h"
#include "present.h"

#include <GL/glx.h>
#include <GL/glxext.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Display *dpy;
static int scr;

static void open_display(void)
{
	/* An X server resets when its last client leaves and refuses connections
	 * meanwhile; main() holds one open, this covers a server shared with others. */
	for (int i = 0; i < 50 && !dpy; i++) {
		dpy = XOpenDisplay(NULL);
		if (!dpy)
			usleep(100 * 1000);
	}
	ck_assert_msg(dpy != NULL, "cannot open display %s", getenv("DISPLAY"));
	scr = DefaultScreen(dpy);
}

static void close_display(void)
{
	if (dpy)
		XCloseDisplay(dpy);
	dpy = NULL;
	unsetenv("FAKEGL_NO_SHM");
}

static int attr(const struct fgl_config *c, int a)
{
	int v = -12345;

	ck_assert_int_eq(fgl_config_attrib(c, a, &v), Success);
	return v;
}

static int caveat_rank(int caveat)
{
	return caveat == GLX_NONE ? 0 : caveat == GLX_SLOW_CONFIG ? 1 : 2;
}

/* The first GLX 1.4 sort rules, checked between neighbours of a chosen list. */
static void check_sorted(const struct fgl_config **v, int n, const int want_rgba[4])
{
	for (int i = 1; i < n; i++) {
		const struct fgl_config *a = v[i - 1], *b = v[i];
		int ca = 0, cb = 0;
		int ra = caveat_rank(a->caveat), rb = caveat_rank(b->caveat);

		ck_assert_int_le(ra, rb);
		if (ra != rb)
			continue;
		if (want_rgba[0] > 0)
			ca += a->red, cb += b->red;
		if (want_rgba[1] > 0)
			ca += a->green, cb += b->green;
		if (want_rgba[2] > 0)
			ca += a->blue, cb += b->blue;
		if (want_rgba[3] > 0)
			ca += a->alpha, cb += b->alpha;
		ck_assert_int_ge(ca, cb);
		if (ca != cb)
			continue;
		ck_assert_int_le(a->buffer_size, b->buffer_size);
		if (a->buffer_size != b->buffer_size)
			continue;
		ck_assert_int_le(a->doublebuffer, b->doublebuffer);
		if (a->doublebuffer != b->doublebuffer)
			continue;
		ck_assert_int_le(a->sample_buffers, b->sample_buffers);
		if (a->sample_buffers != b->sample_buffers)
			continue;
		ck_assert_int_le(a->samples, b->samples);
		if (a->samples != b->samples)
			continue;
		/* No depth buffer first, then larger. */
		if (a->depth_bits != b->depth_bits) {
			ck_assert(a->depth_bits == 0 ||
			          (b->depth_bits != 0 && a->depth_bits > b->depth_bits));
			continue;
		}
		ck_assert_int_le(a->stencil_bits, b->stencil_bits);
	}
}

START_TEST(test_configs_exist)
{
	const struct fgl_config *const *all;
	int n = fgl_configs(dpy, scr, &all);
	VisualID def = XVisualIDFromVisual(DefaultVisual(dpy, scr));
	bool default_seen = false, alpha24 = false;

	ck_assert_int_gt(n, 0);
	ck_assert_int_le(n, 512);
	for (int i = 0; i < n; i++) {
		XVisualInfo *vi = fgl_config_visualinfo(dpy, all[i]);

		ck_assert_ptr_nonnull(vi);
		ck_assert_int_eq(vi->visualid, all[i]->visualid);
		ck_assert_int_eq(vi->depth, all[i]->depth);
		ck_assert(vi->class == TrueColor || vi->class == DirectColor);
		ck_assert_int_eq(all[i]->screen, scr);
		/* ARGB visuals always have alpha; 24-bit ones with and without (Mesa too) */
		if (all[i]->depth == 32)
			ck_assert_int_eq(all[i]->alpha, 8);
		else
			ck_assert(all[i]->alpha == 0 || all[i]->alpha == 8);
		alpha24 |= all[i]->depth == 24 && all[i]->alpha == 8;
		ck_assert_int_eq(all[i]->buffer_size,
		                 all[i]->red + all[i]->green + all[i]->blue + all[i]->alpha);
		XFree(vi);
		ck_assert_ptr_eq(fgl_config_by_id(dpy, scr, all[i]->id), all[i]);
		for (int j = 0; j < i; j++)
			ck_assert_int_ne(all[i]->id, all[j]->id);
		default_seen |= all[i]->visualid == def;
	}
	ck_assert(default_seen);
	ck_assert(alpha24);
	/* The same table on the second call. */
	{
		const struct fgl_config *const *again;

		ck_assert_int_eq(fgl_configs(dpy, scr, &again), n);
		ck_assert_ptr_eq(again, all);
	}
	ck_assert_ptr_null(fgl_config_by_id(dpy, scr, 0));
	ck_assert_int_eq(fgl_configs(dpy, ScreenCount(dpy), &all), 0);
}
END_TEST

START_TEST(test_table_order)
{
	const struct fgl_config *const *all;
	const int none[4] = {0, 0, 0, 0};
	int n = fgl_configs(dpy, scr, &all);

	check_sorted((const struct fgl_config **)all, n, none);
	ck_assert_int_eq(all[0]->caveat, GLX_NONE);
	for (int i = 1; i < n; i++)
		ck_assert_int_lt(all[i - 1]->id, all[i]->id);
}
END_TEST

START_TEST(test_choose_visual_glxgears)
{
	const int gears[] = {GLX_RGBA, GLX_RED_SIZE,   1, GLX_GREEN_SIZE,   1,   GLX_BLUE_SIZE,
	                     1,        GLX_DEPTH_SIZE, 1, GLX_DOUBLEBUFFER, None};
	const struct fgl_config *c = fgl_choose_visual(dpy, scr, gears);

	ck_assert_ptr_nonnull(c);
	ck_assert(c->doublebuffer);
	ck_assert(!c->stereo);
	ck_assert_int_ge(c->red, 1);
	ck_assert_int_eq(c->buffer_size, 24); /* rule 3: no alpha when none asked */
	ck_assert_int_eq(c->depth_bits, 24);  /* rule 6: the largest depth buffer */
	ck_assert_int_eq(c->stencil_bits, 0); /* rule 7: the smallest stencil */
	ck_assert_int_eq(c->accum_red, 0);
	ck_assert_int_eq(c->samples, 0);
	ck_assert_int_eq(c->caveat, GLX_NONE);
	ck_assert_int_eq(c->visual_class, TrueColor);
	ck_assert_uint_ne(c->visualid, 0);
	/* glXGetConfig on the XVisualInfo sees what was chosen. */
	ck_assert_ptr_eq(fgl_config_by_visual(dpy, scr, c->visualid), c);
	ck_assert_int_eq(attr(c, GLX_RGBA), True);
	ck_assert_int_eq(attr(c, GLX_USE_GL), True);
	ck_assert_int_eq(attr(c, GLX_DOUBLEBUFFER), True);
}
END_TEST

START_TEST(test_choose_visual_rules)
{
	const int single[] = {GLX_RGBA, GLX_USE_GL, GLX_DEPTH_SIZE, 16, None};
	const int index[] = {GLX_BUFFER_SIZE, 8, GLX_DOUBLEBUFFER, None};
	const int stereo[] = {GLX_RGBA, GLX_STEREO, None};
	const int bad[] = {GLX_RGBA, 0x7fff, 1, None};
	const int ms[] = {GLX_RGBA, GLX_DOUBLEBUFFER, GLX_SAMPLE_BUFFERS_ARB, 1, GLX_SAMPLES_ARB, 2,
	                  None};
	const int alpha[] = {GLX_RGBA,
	                     GLX_ALPHA_SIZE,
	                     1,
	                     GLX_DOUBLEBUFFER,
	                     GLX_STENCIL_SIZE,
	                     1,
	                     GLX_ACCUM_RED_SIZE,
	                     1,
	                     None};
	const int empty[] = {GLX_RGBA, None};
	const struct fgl_config *c;

	/* GLX_DOUBLEBUFFER absent: only single-buffered visuals. */
	c = fgl_choose_visual(dpy, scr, single);
	ck_assert_ptr_nonnull(c);
	ck_assert(!c->doublebuffer);
	ck_assert_int_eq(c->depth_bits, 24);
	ck_assert_ptr_null(fgl_choose_visual(dpy, scr, index));
	ck_assert_ptr_null(fgl_choose_visual(dpy, scr, stereo));
	ck_assert_ptr_null(fgl_choose_visual(dpy, scr, bad));
	c = fgl_choose_visual(dpy, scr, ms);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_ge(c->samples, 2);
	ck_assert_int_eq(c->sample_buffers, 1);
	c = fgl_choose_visual(dpy, scr, alpha);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->alpha, 8);
	/* alpha in the GL buffer of a 24-bit window, as Mesa's GLX picks: not an ARGB
	 * window, which the X server composites */
	ck_assert_int_eq(c->depth, 24);
	ck_assert_int_ge(c->stencil_bits, 1);
	ck_assert_int_ge(c->accum_red, 1);
	c = fgl_choose_visual(dpy, scr, empty);
	ck_assert_ptr_nonnull(c);
	ck_assert(!c->doublebuffer);
	ck_assert_int_eq(c->depth_bits, 0);
	ck_assert_int_eq(c->stencil_bits, 0);
}
END_TEST

START_TEST(test_choose_fbconfig_gears_like)
{
	const int list[] = {GLX_RENDER_TYPE,
	                    GLX_RGBA_BIT,
	                    GLX_DRAWABLE_TYPE,
	                    GLX_WINDOW_BIT,
	                    GLX_RED_SIZE,
	                    1,
	                    GLX_GREEN_SIZE,
	                    1,
	                    GLX_BLUE_SIZE,
	                    1,
	                    GLX_DEPTH_SIZE,
	                    1,
	                    GLX_DOUBLEBUFFER,
	                    True,
	                    None};
	const int want[4] = {1, 1, 1, 0};
	int n = -1, bad = -1;
	const struct fgl_config **v = fgl_choose_fbconfig(dpy, scr, list, &n, &bad);

	ck_assert_ptr_nonnull(v);
	ck_assert_int_gt(n, 1);
	ck_assert_int_eq(bad, 0);
	for (int i = 0; i < n; i++) {
		ck_assert(v[i]->doublebuffer);
		ck_assert_int_ge(v[i]->depth_bits, 1);
		ck_assert(v[i]->drawable_type & GLX_WINDOW_BIT);
	}
	check_sorted(v, n, want);
	ck_assert_int_eq(v[0]->buffer_size, 24);
	ck_assert_int_eq(v[0]->depth_bits, 24);
	ck_assert_int_eq(v[0]->stencil_bits, 0);
	ck_assert_int_eq(v[0]->samples, 0);
	ck_assert_int_eq(v[0]->caveat, GLX_NONE);
	ck_assert_int_eq(v[0]->visual_class, TrueColor);
	free(v);
}
END_TEST

START_TEST(test_choose_fbconfig_glfw_like)
{
	int list[] = {GLX_X_RENDERABLE,
	              True,
	              GLX_DRAWABLE_TYPE,
	              GLX_WINDOW_BIT,
	              GLX_RENDER_TYPE,
	              GLX_RGBA_BIT,
	              GLX_X_VISUAL_TYPE,
	              GLX_TRUE_COLOR,
	              GLX_RED_SIZE,
	              8,
	              GLX_GREEN_SIZE,
	              8,
	              GLX_BLUE_SIZE,
	              8,
	              GLX_ALPHA_SIZE,
	              8,
	              GLX_DEPTH_SIZE,
	              24,
	              GLX_STENCIL_SIZE,
	              8,
	              GLX_DOUBLEBUFFER,
	              True,
	              GLX_SAMPLE_BUFFERS,
	              0,
	              GLX_SAMPLES,
	              0,
	              None};
	const int want[4] = {8, 8, 8, 8};
	int n = 0, bad = 0;
	const struct fgl_config **v = fgl_choose_fbconfig(dpy, scr, list, &n, &bad);
	XVisualInfo *vi;

	ck_assert_ptr_nonnull(v);
	check_sorted(v, n, want);
	for (int i = 0; i < n; i++) {
		ck_assert_int_eq(v[i]->alpha, 8);
		ck_assert_int_eq(v[i]->visual_class, TrueColor);
		ck_assert_int_ge(v[i]->stencil_bits, 8);
	}
	ck_assert_int_eq(v[0]->depth_bits, 24);
	ck_assert_int_eq(v[0]->stencil_bits, 8);
	ck_assert_int_eq(v[0]->samples, 0);
	ck_assert(v[0]->srgb);
	vi = fgl_config_visualinfo(dpy, v[0]);
	ck_assert_ptr_nonnull(vi);
	ck_assert_int_eq(vi->depth, 24);
	XFree(vi);
	{ /* the ARGB visual is there too, for apps that look for it */
		bool argb = false;
		for (int i = 0; i < n; i++)
			argb |= v[i]->depth == 32;
		ck_assert(argb);
	}
	free(v);

	/* Now multisampled: only configs with 4 samples. */
	list[23] = 1;
	list[25] = 4;
	v = fgl_choose_fbconfig(dpy, scr, list, &n, &bad);
	ck_assert_ptr_nonnull(v);
	for (int i = 0; i < n; i++)
		ck_assert_int_ge(v[i]->samples, 4);
	ck_assert_int_eq(v[0]->sample_buffers, 1);
	free(v);
}
END_TEST

START_TEST(test_choose_fbconfig_dont_care)
{
	const int list[] = {GLX_DOUBLEBUFFER,   (int)GLX_DONT_CARE, GLX_RED_SIZE,
	                    (int)GLX_DONT_CARE, GLX_DEPTH_SIZE,     0,
	                    GLX_DRAWABLE_TYPE,  (int)GLX_DONT_CARE, None};
	const struct fgl_config *const *all;
	int total = fgl_configs(dpy, scr, &all);
	int n = 0, bad = 0, singles = 0, doubles = 0;
	const struct fgl_config **v = fgl_choose_fbconfig(dpy, scr, list, &n, &bad);

	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(n, total);
	for (int i = 0; i < n; i++)
		v[i]->doublebuffer ? doubles++ : singles++;
	ck_assert_int_gt(singles, 0);
	ck_assert_int_gt(doubles, 0);
	/* Rule 4, then "if this value is zero, … no depth buffer are preferred". */
	ck_assert(!v[0]->doublebuffer);
	ck_assert_int_eq(v[0]->depth_bits, 0);
	free(v);

	/* NULL: every config; an empty list: the defaults (window, RGBA). */
	v = fgl_choose_fbconfig(dpy, scr, NULL, &n, &bad);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(n, total);
	free(v);
	{
		const int empty[] = {None};

		v = fgl_choose_fbconfig(dpy, scr, empty, &n, &bad);
		ck_assert_ptr_nonnull(v);
		ck_assert_int_eq(n, total);
		free(v);
	}
}
END_TEST

START_TEST(test_choose_fbconfig_refuses)
{
	const int bad_list[] = {GLX_RED_SIZE, 1, 0x7fff, 3, None};
	const int stereo[] = {GLX_STEREO, True, None};
	const int index[] = {GLX_RENDER_TYPE, GLX_COLOR_INDEX_BIT, None};
	const int transparent[] = {GLX_TRANSPARENT_TYPE, GLX_TRANSPARENT_RGB, None};
	const int big[] = {GLX_DEPTH_SIZE, 32, None};
	int n = 5, bad = 0;

	ck_assert_ptr_null(fgl_choose_fbconfig(dpy, scr, bad_list, &n, &bad));
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(bad, 0x7fff);
	ck_assert_ptr_null(fgl_choose_fbconfig(dpy, scr, stereo, &n, &bad));
	ck_assert_int_eq(bad, 0);
	ck_assert_ptr_null(fgl_choose_fbconfig(dpy, scr, index, &n, &bad));
	ck_assert_ptr_null(fgl_choose_fbconfig(dpy, scr, transparent, &n, &bad));
	ck_assert_ptr_null(fgl_choose_fbconfig(dpy, scr, big, &n, &bad));
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(test_choose_fbconfig_misc)
{
	const struct fgl_config *const *all;
	int total = fgl_configs(dpy, scr, &all);
	const struct fgl_config *pick = all[total / 2];
	/* GLX_FBCONFIG_ID: "all other attributes are ignored". */
	const int by_id[] = {GLX_FBCONFIG_ID, pick->id, GLX_STEREO, True, None};
	const int direct[] = {GLX_X_VISUAL_TYPE, GLX_DIRECT_COLOR, None};
	const int direct_pbuffer[] = {GLX_X_VISUAL_TYPE, GLX_DIRECT_COLOR, GLX_DRAWABLE_TYPE,
	                              GLX_PBUFFER_BIT, None};
	const int accum[] = {GLX_ACCUM_RED_SIZE, 1, GLX_ACCUM_ALPHA_SIZE, 1, None};
	const int slow[] = {GLX_CONFIG_CAVEAT, GLX_SLOW_CONFIG, None};
	const int srgb[] = {GLX_FRAMEBUFFER_SRGB_CAPABLE_ARB, True, GLX_RGBA, True, None};
	int n = 0, bad = 0, ndirect;
	const struct fgl_config **v;

	v = fgl_choose_fbconfig(dpy, scr, by_id, &n, &bad);
	ck_assert_int_eq(n, 1);
	ck_assert_ptr_eq(v[0], pick);
	free(v);

	v = fgl_choose_fbconfig(dpy, scr, direct, &n, &bad);
	ck_assert_ptr_nonnull(v);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(v[i]->visual_class, DirectColor);
	ndirect = n;
	free(v);
	/* GLX_X_VISUAL_TYPE is ignored without GLX_WINDOW_BIT in GLX_DRAWABLE_TYPE. */
	v = fgl_choose_fbconfig(dpy, scr, direct_pbuffer, &n, &bad);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_gt(n, ndirect);
	ck_assert_int_eq(v[0]->visual_class, TrueColor); /* rule 9 */
	free(v);

	v = fgl_choose_fbconfig(dpy, scr, accum, &n, &bad);
	ck_assert_ptr_nonnull(v);
	for (int i = 0; i < n; i++) {
		ck_assert_int_ge(v[i]->accum_red, 1);
		ck_assert_int_ge(v[i]->accum_alpha, 1);
	}
	free(v);
	v = fgl_choose_fbconfig(dpy, scr, slow, &n, &bad);
	ck_assert_ptr_nonnull(v);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(v[i]->caveat, GLX_SLOW_CONFIG);
	free(v);
	v = fgl_choose_fbconfig(dpy, scr, srgb, &n, &bad);
	ck_assert_ptr_nonnull(v);
	ck_assert(v[0]->srgb);
	free(v);
}
END_TEST

START_TEST(test_config_attribs)
{
	const struct fgl_config *const *all;
	int n = fgl_configs(dpy, scr, &all);
	static const int attribs[] = {
	    GLX_USE_GL,
	    GLX_BUFFER_SIZE,
	    GLX_LEVEL,
	    GLX_RGBA,
	    GLX_DOUBLEBUFFER,
	    GLX_STEREO,
	    GLX_AUX_BUFFERS,
	    GLX_RED_SIZE,
	    GLX_GREEN_SIZE,
	    GLX_BLUE_SIZE,
	    GLX_ALPHA_SIZE,
	    GLX_DEPTH_SIZE,
	    GLX_STENCIL_SIZE,
	    GLX_ACCUM_RED_SIZE,
	    GLX_ACCUM_GREEN_SIZE,
	    GLX_ACCUM_BLUE_SIZE,
	    GLX_ACCUM_ALPHA_SIZE,
	    GLX_CONFIG_CAVEAT,
	    GLX_X_VISUAL_TYPE,
	    GLX_TRANSPARENT_TYPE,
	    GLX_TRANSPARENT_INDEX_VALUE,
	    GLX_TRANSPARENT_RED_VALUE,
	    GLX_TRANSPARENT_GREEN_VALUE,
	    GLX_TRANSPARENT_BLUE_VALUE,
	    GLX_TRANSPARENT_ALPHA_VALUE,
	    GLX_VISUAL_ID,
	    GLX_DRAWABLE_TYPE,
	    GLX_RENDER_TYPE,
	    GLX_X_RENDERABLE,
	    GLX_FBCONFIG_ID,
	    GLX_MAX_PBUFFER_WIDTH,
	    GLX_MAX_PBUFFER_HEIGHT,
	    GLX_MAX_PBUFFER_PIXELS,
	    GLX_SAMPLE_BUFFERS,
	    GLX_SAMPLES,
	    GLX_FRAMEBUFFER_SRGB_CAPABLE_ARB,
	    GLX_BIND_TO_TEXTURE_RGB_EXT,
	    GLX_BIND_TO_TEXTURE_RGBA_EXT,
	    GLX_SCREEN,
	};
	int v = 99;

	for (int i = 0; i < n; i++) {
		const struct fgl_config *c = all[i];

		for (size_t k = 0; k < sizeof(attribs) / sizeof(attribs[0]); k++)
			attr(c, attribs[k]);
		ck_assert_int_eq(attr(c, GLX_FBCONFIG_ID), c->id);
		ck_assert_int_eq(attr(c, GLX_VISUAL_ID), (int)c->visualid);
		ck_assert_int_eq(attr(c, GLX_X_VISUAL_TYPE),
		                 c->visual_class == TrueColor ? GLX_TRUE_COLOR : GLX_DIRECT_COLOR);
		ck_assert_int_eq(attr(c, GLX_DEPTH_SIZE), c->depth_bits);
		ck_assert_int_eq(attr(c, GLX_SAMPLES_ARB), c->samples);
		ck_assert_int_eq(attr(c, GLX_SAMPLE_BUFFERS_ARB), c->sample_buffers);
		ck_assert_int_eq(attr(c, GLX_VISUAL_CAVEAT_EXT), c->caveat);
		ck_assert_int_eq(attr(c, GLX_BUFFER_SIZE), c->buffer_size);
		ck_assert_int_eq(attr(c, GLX_RENDER_TYPE), GLX_RGBA_BIT);
		ck_assert_int_eq(attr(c, GLX_TRANSPARENT_TYPE), GLX_NONE);
		ck_assert_int_eq(attr(c, GLX_X_RENDERABLE), True);
		ck_assert_int_eq(attr(c, GLX_AUX_BUFFERS), 0);
		ck_assert_int_eq(attr(c, GLX_LEVEL), 0);
		ck_assert_int_eq(attr(c, GLX_BIND_TO_TEXTURE_RGBA_EXT), False);
		ck_assert_int_eq(attr(c, GLX_MAX_PBUFFER_WIDTH), 16384);
		ck_assert_int_eq(attr(c, GLX_MAX_PBUFFER_PIXELS), 16384 * 16384);
		ck_assert(attr(c, GLX_DRAWABLE_TYPE) & GLX_WINDOW_BIT);
	}
	ck_assert_int_eq(fgl_config_attrib(all[0], 0x7fff, &v), GLX_BAD_ATTRIBUTE);
	ck_assert_int_eq(v, 99);
}
END_TEST

START_TEST(test_config_by_visual)
{
	VisualID def = XVisualIDFromVisual(DefaultVisual(dpy, scr));
	const struct fgl_config *c = fgl_config_by_visual(dpy, scr, def);

	/* What an X server's GLX gives its default visual: double, depth, stencil. */
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->visualid, def);
	ck_assert(c->doublebuffer);
	ck_assert_int_eq(c->depth_bits, 24);
	ck_assert_int_eq(c->stencil_bits, 8);
	ck_assert_int_eq(c->samples, 0);
	ck_assert_int_eq(c->caveat, GLX_NONE);
	ck_assert_ptr_null(fgl_config_by_visual(dpy, scr, 0));
	ck_assert_ptr_null(fgl_config_by_visual(dpy, scr, 0x7ffffff));
}
END_TEST

/* --- presenting ------------------------------------------------------------------- */

static uint8_t *pattern(uint32_t w, uint32_t h, unsigned seed)
{
	uint8_t *px = malloc((size_t)w * h * 4);

	ck_assert_ptr_nonnull(px);
	/* Bottom-up: input row r is window row h-1-r. */
	for (uint32_t r = 0; r < h; r++)
		for (uint32_t x = 0; x < w; x++) {
			uint32_t y = h - 1 - r;
			uint8_t *p = px + ((size_t)r * w + x) * 4;

			p[0] = (uint8_t)(x * 7 + y + seed);    /* B */
			p[1] = (uint8_t)(y * 3 + seed * 5);    /* G */
			p[2] = (uint8_t)((x ^ y) + seed * 11); /* R */
			p[3] = (uint8_t)(x + y * 13 + seed);   /* A */
		}
	return px;
}

static unsigned long expected(uint32_t x, uint32_t y, unsigned seed, const XImage *img, int depth)
{
	uint8_t b = (uint8_t)(x * 7 + y + seed), g = (uint8_t)(y * 3 + seed * 5);
	uint8_t r = (uint8_t)((x ^ y) + seed * 11), a = (uint8_t)(x + y * 13 + seed);

	if (depth == 16)
		return (unsigned long)(r >> 3) << 11 | (unsigned long)(g >> 2) << 5 | (b >> 3);
	(void)img;
	return (depth == 32 ? (unsigned long)a << 24 : 0) | (unsigned long)r << 16 |
	       (unsigned long)g << 8 | b;
}

static void check_drawable(Drawable d, uint32_t w, uint32_t h, unsigned seed, int depth)
{
	XImage *img = XGetImage(dpy, d, 0, 0, w, h, AllPlanes, ZPixmap);
	unsigned long mask = depth >= 32 ? 0xffffffffUL : (1UL << depth) - 1;

	ck_assert_ptr_nonnull(img);
	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++) {
			unsigned long got = XGetPixel(img, (int)x, (int)y) & mask;
			unsigned long want = expected(x, y, seed, img, depth);

			if (got != want)
				ck_abort_msg("pixel %u,%u of %ux%u: 0x%lx, want 0x%lx", x, y, w, h,
				             got, want);
		}
	XDestroyImage(img);
}

static Window make_window(uint32_t w, uint32_t h)
{
	XSetWindowAttributes swa = {
	    .override_redirect = True, .event_mask = StructureNotifyMask, .background_pixel = 0};
	Window win =
	    XCreateWindow(dpy, RootWindow(dpy, scr), 0, 0, w, h, 0, CopyFromParent, InputOutput,
	                  CopyFromParent, CWOverrideRedirect | CWEventMask | CWBackPixel, &swa);
	XEvent ev;

	XMapWindow(dpy, win);
	do
		XNextEvent(dpy, &ev);
	while (ev.type != MapNotify || ev.xmap.window != win);
	return win;
}

static bool shm_expected(void)
{
	const char *name = DisplayString(dpy);

	return XShmQueryExtension(dpy) && (name[0] == ':' || !strncmp(name, "unix:", 5));
}

/* _i: 0 with MIT-SHM, 1 with FAKEGL_NO_SHM=1. */
START_TEST(test_present_window)
{
	struct fgl_presenter *p;
	Window win;
	uint8_t *px;

	if (_i)
		setenv("FAKEGL_NO_SHM", "1", 1);
	win = make_window(300, 200);
	p = fgl_presenter_create(dpy, win);
	ck_assert_ptr_nonnull(p);
	px = pattern(160, 120, 1);
	ck_assert_int_eq(fgl_presenter_show(p, px, 160, 120), 0);
	ck_assert_int_eq(fgl_presenter_uses_shm(p), _i ? 0 : shm_expected());
	check_drawable(win, 160, 120, 1, DefaultDepth(dpy, scr));
	free(px);
	/* The same size again, through the other shared buffer. */
	px = pattern(160, 120, 2);
	ck_assert_int_eq(fgl_presenter_show(p, px, 160, 120), 0);
	check_drawable(win, 160, 120, 2, DefaultDepth(dpy, scr));
	free(px);
	px = pattern(160, 120, 3);
	ck_assert_int_eq(fgl_presenter_show(p, px, 160, 120), 0);
	check_drawable(win, 160, 120, 3, DefaultDepth(dpy, scr));
	free(px);
	fgl_presenter_destroy(p);
	XDestroyWindow(dpy, win);
}
END_TEST

START_TEST(test_present_resize)
{
	static const uint32_t sizes[][2] = {{64, 48}, {300, 200}, {33, 17},
	                                    {1, 1},   {301, 199}, {300, 200}};
	struct fgl_presenter *p;
	Window win;

	if (_i)
		setenv("FAKEGL_NO_SHM", "1", 1);
	win = make_window(320, 240);
	p = fgl_presenter_create(dpy, win);
	ck_assert_ptr_nonnull(p);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint8_t *px = pattern(sizes[k][0], sizes[k][1], (unsigned)k * 3);

		ck_assert_int_eq(fgl_presenter_show(p, px, sizes[k][0], sizes[k][1]), 0);
		check_drawable(win, sizes[k][0], sizes[k][1], (unsigned)k * 3,
		               DefaultDepth(dpy, scr));
		free(px);
	}
	ck_assert_int_eq(fgl_presenter_uses_shm(p), _i ? 0 : shm_expected());
	ck_assert_int_eq(fgl_presenter_show(p, (const uint8_t *)"", 0, 0), 0);
	fgl_presenter_destroy(p);
	XDestroyWindow(dpy, win);
}
END_TEST

/* Pixmaps of depth 24, 32 (alpha kept) and 16 (converted to 5-6-5). */
START_TEST(test_present_pixmap)
{
	static const int depths[] = {24, 32, 16};
	int depth = depths[_i % 3];
	struct fgl_presenter *p;
	Pixmap pm;
	uint8_t *px;

	if (_i >= 3)
		setenv("FAKEGL_NO_SHM", "1", 1);
	pm = XCreatePixmap(dpy, RootWindow(dpy, scr), 100, 80, (unsigned)depth);
	p = fgl_presenter_create(dpy, pm);
	ck_assert_ptr_nonnull(p);
	px = pattern(100, 80, 7);
	ck_assert_int_eq(fgl_presenter_show(p, px, 100, 80), 0);
	check_drawable(pm, 100, 80, 7, depth);
	free(px);
	fgl_presenter_destroy(p);
	XFreePixmap(dpy, pm);
}
END_TEST

/* A window of the depth-32 ARGB visual, whose alpha travels too. */
START_TEST(test_present_argb_window)
{
	XVisualInfo vi;
	XSetWindowAttributes swa = {.override_redirect = True, .event_mask = StructureNotifyMask};
	struct fgl_presenter *p;
	Window win;
	XEvent ev;
	uint8_t *px;

	if (_i)
		setenv("FAKEGL_NO_SHM", "1", 1);
	if (!XMatchVisualInfo(dpy, scr, 32, TrueColor, &vi))
		return; /* a server without one has nothing to test here */
	swa.colormap = XCreateColormap(dpy, RootWindow(dpy, scr), vi.visual, AllocNone);
	win = XCreateWindow(
	    dpy, RootWindow(dpy, scr), 0, 0, 64, 64, 0, 32, InputOutput, vi.visual,
	    CWOverrideRedirect | CWEventMask | CWColormap | CWBorderPixel | CWBackPixel, &swa);
	XMapWindow(dpy, win);
	do
		XNextEvent(dpy, &ev);
	while (ev.type != MapNotify);
	p = fgl_presenter_create(dpy, win);
	ck_assert_ptr_nonnull(p);
	px = pattern(64, 64, 9);
	ck_assert_int_eq(fgl_presenter_show(p, px, 64, 64), 0);
	check_drawable(win, 64, 64, 9, 32);
	free(px);
	fgl_presenter_destroy(p);
	XDestroyWindow(dpy, win);
	XFreeColormap(dpy, swa.colormap);
}
END_TEST

/* Apps pass stale or made-up GLXFBConfigs (piglit's glx-fbconfig-bad): only those of
 * the table count. */
START_TEST(test_config_valid)
{
	const struct fgl_config *const *all;
	struct fgl_config fake;
	int n = fgl_configs(dpy, scr, &all);

	ck_assert_int_gt(n, 0);
	for (int i = 0; i < n; i++)
		ck_assert(fgl_config_valid(all[i]));
	memset(&fake, 0, sizeof(fake));
	ck_assert(!fgl_config_valid(&fake));
	ck_assert(!fgl_config_valid(NULL));
	fake = *all[0];
	ck_assert(!fgl_config_valid(&fake)); /* a copy is no config of ours */
}
END_TEST

/* glXCopySubBufferMESA: only the rectangle (GL coordinates, bottom-left origin) changes;
 * _i: 0 with MIT-SHM, 1 without. */
START_TEST(test_present_rect)
{
	const uint32_t w = 80, h = 60;
	struct fgl_presenter *p;
	Window win;
	uint8_t *a, *b;
	XImage *img;

	if (_i)
		setenv("FAKEGL_NO_SHM", "1", 1);
	win = make_window(w, h);
	p = fgl_presenter_create(dpy, win);
	ck_assert_ptr_nonnull(p);
	a = pattern(w, h, 1);
	b = pattern(w, h, 9);
	ck_assert_int_eq(fgl_presenter_show(p, a, w, h), 0);
	/* rows 5..14 from the bottom, columns 10..29; and one clipped at the edges */
	ck_assert_int_eq(fgl_presenter_show_rect(p, b, w, h, 10, 5, 20, 10), 0);
	ck_assert_int_eq(fgl_presenter_show_rect(p, b, w, h, -5, h - 2, 8, 10), 0);
	XSync(dpy, False);
	img = XGetImage(dpy, win, 0, 0, w, h, AllPlanes, ZPixmap);
	ck_assert_ptr_nonnull(img);
	for (uint32_t y = 0; y < h; y++) /* X rows, top down */
		for (uint32_t x = 0; x < w; x++) {
			uint32_t gl_y = h - 1 - y;
			bool in = (x >= 10 && x < 30 && gl_y >= 5 && gl_y < 15) ||
			          (x < 3 && gl_y >= h - 2);
			const uint8_t *src = (in ? b : a) + ((size_t)gl_y * w + x) * 4;
			unsigned long want = (unsigned long)src[2] << 16 | src[1] << 8 | src[0];

			ck_assert_msg((XGetPixel(img, (int)x, (int)y) & 0xffffff) == want,
			              "pixel %u,%u: %#lx, want %#lx (%s the rectangle)", x, y,
			              XGetPixel(img, (int)x, (int)y) & 0xffffff, want,
			              in ? "in" : "outside");
		}
	XDestroyImage(img);
	free(a);
	free(b);
	fgl_presenter_destroy(p);
	XDestroyWindow(dpy, win);
}
END_TEST

static Suite *glx_suite(void)
{
	Suite *s = suite_create("glx");
	TCase *tc = tcase_create("configs");
	TCase *pr = tcase_create("present");

	tcase_add_checked_fixture(tc, open_display, close_display);
	tcase_add_test(tc, test_configs_exist);
	tcase_add_test(tc, test_table_order);
	tcase_add_test(tc, test_choose_visual_glxgears);
	tcase_add_test(tc, test_choose_visual_rules);
	tcase_add_test(tc, test_choose_fbconfig_gears_like);
	tcase_add_test(tc, test_choose_fbconfig_glfw_like);
	tcase_add_test(tc, test_choose_fbconfig_dont_care);
	tcase_add_test(tc, test_choose_fbconfig_refuses);
	tcase_add_test(tc, test_choose_fbconfig_misc);
	tcase_add_test(tc, test_config_attribs);
	tcase_add_test(tc, test_config_by_visual);
	tcase_add_test(tc, test_config_valid);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(pr, open_display, close_display);
	tcase_add_loop_test(pr, test_present_window, 0, 2);
	tcase_add_loop_test(pr, test_present_resize, 0, 2);
	tcase_add_loop_test(pr, test_present_pixmap, 0, 6);
	tcase_add_loop_test(pr, test_present_argb_window, 0, 2);
	tcase_add_loop_test(pr, test_present_rect, 0, 2);
	suite_add_tcase(s, pr);
	return s;
}

int main(void)
{
	SRunner *sr;
	Display *keeper; /* so that the server does not reset between cases */
	int failed;

	if (!getenv("DISPLAY") || !*getenv("DISPLAY")) {
		fprintf(stderr, "test-glx: DISPLAY is not set; run it under an X server "
		                "(e.g. Xvfb :99 -extension GLX), skipping\n");
		return 77;
	}
	keeper = XOpenDisplay(NULL);
	if (!keeper) {
		fprintf(stderr, "test-glx: cannot open display %s\n", getenv("DISPLAY"));
		return 1;
	}
	sr = srunner_create(glx_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	XCloseDisplay(keeper);
	return failed ? 1 : 0;
}
