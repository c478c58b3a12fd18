/* glxapi.c — guards against GLX behaviour the forwarder gets wrong: contexts of every
 * version, profile and flag with GLX's errors, entry points by name, pbuffers, pixmaps,
 * single-buffered and front-buffer drawing reaching X, glXUseXFont, swap intervals,
 * renderer queries, contexts in several threads and one handed from thread to thread
 * right after slow work, glXCopyContext. Prints one line per failed check and
 * "glxapi: N checks, M failed"; exits 1 when one failed.
 * Usage: glxapi GL_COMMAND_NAMES_FILE */
#define GL_GLEXT_PROTOTYPES
#define GLX_GLXEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>
#include <GL/glx.h>
#include <GL/glxext.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* GLX error codes (glxproto.h), added to the error base */
#define GLXBadFBConfig 9
#define GLXBadPbuffer 10
#define GLXBadProfileARB 13

static Display *dpy;
static int checks, failed;
static int last_error, glx_error_base;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		checks++;                                                                          \
		if (!(cond)) {                                                                     \
			failed++;                                                                  \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);                                \
			printf(__VA_ARGS__);                                                       \
			printf("\n");                                                              \
		}                                                                                  \
	} while (0)

static int on_error(Display *d, XErrorEvent *e)
{
	(void)d;
	last_error = e->error_code;
	return 0;
}

static int take_error(void)
{
	XSync(dpy, False);
	int e = last_error;
	last_error = 0;
	return e;
}

static GLXFBConfig config(bool doublebuffer, int drawable_type)
{
	int attrs[] = {GLX_RENDER_TYPE, GLX_RGBA_BIT, GLX_DRAWABLE_TYPE, drawable_type,
		       GLX_RED_SIZE, 8, GLX_DEPTH_SIZE, 16, GLX_DOUBLEBUFFER, doublebuffer, None};
	int n = 0;
	GLXFBConfig *v = glXChooseFBConfig(dpy, DefaultScreen(dpy), attrs, &n);
	GLXFBConfig c = n > 0 ? v[0] : NULL;
	XFree(v);
	return c;
}

static Window make_window(GLXFBConfig cfg, int w, int h)
{
	XVisualInfo *vi = glXGetVisualFromFBConfig(dpy, cfg);
	XSetWindowAttributes swa = {0};
	swa.colormap = XCreateColormap(dpy, RootWindow(dpy, vi->screen), vi->visual, AllocNone);
	Window win = XCreateWindow(dpy, RootWindow(dpy, vi->screen), 0, 0, (unsigned)w,
				   (unsigned)h, 0, vi->depth, InputOutput, vi->visual, CWColormap,
				   &swa);
	XMapWindow(dpy, win);
	XSync(dpy, False);
	XFree(vi);
	return win;
}

/* The X pixel at x,y (top-down) of a drawable as 0xRRGGBB. */
static unsigned long x_pixel(Drawable d, int x, int y)
{
	XImage *img = XGetImage(dpy, d, x, y, 1, 1, AllPlanes, ZPixmap);
	if (!img)
		return 0xdeadbeef;
	unsigned long p = XGetPixel(img, 0, 0) & 0xffffff;
	XDestroyImage(img);
	return p;
}

static GLXContext attribs_context(GLXFBConfig cfg, const int *attrs)
{
	GLXContext c = glXCreateContextAttribsARB(dpy, cfg, NULL, True, attrs);
	return c;
}

static void test_versions(GLXFBConfig cfg, GLXPbuffer pb)
{
	static const int core[][2] = {{3, 2}, {3, 3}, {4, 0}, {4, 1}, {4, 2}, {4, 3}, {4, 4}, {4, 5}};
	for (size_t i = 0; i < sizeof core / sizeof core[0]; i++) {
		int a[] = {GLX_CONTEXT_MAJOR_VERSION_ARB, core[i][0], GLX_CONTEXT_MINOR_VERSION_ARB,
			   core[i][1], GLX_CONTEXT_PROFILE_MASK_ARB, GLX_CONTEXT_CORE_PROFILE_BIT_ARB,
			   GLX_CONTEXT_FLAGS_ARB, GLX_CONTEXT_DEBUG_BIT_ARB, None};
		GLXContext c = attribs_context(cfg, a);
		CHECK(c && !take_error(), "core %d.%d context", core[i][0], core[i][1]);
		if (!c)
			continue;
		CHECK(glXMakeContextCurrent(dpy, pb, pb, c), "make core %d.%d current", core[i][0],
		      core[i][1]);
		GLint ma = 0, mi = 0, mask = 0, flags = 0;
		glGetIntegerv(GL_MAJOR_VERSION, &ma);
		glGetIntegerv(GL_MINOR_VERSION, &mi);
		glGetIntegerv(GL_CONTEXT_PROFILE_MASK, &mask);
		glGetIntegerv(GL_CONTEXT_FLAGS, &flags);
		CHECK(ma * 10 + mi >= core[i][0] * 10 + core[i][1], "core %d.%d gave %d.%d",
		      core[i][0], core[i][1], ma, mi);
		CHECK(mask & GL_CONTEXT_CORE_PROFILE_BIT, "core %d.%d profile mask %#x", core[i][0],
		      core[i][1], mask);
		CHECK(flags & GL_CONTEXT_FLAG_DEBUG_BIT, "core %d.%d debug flag %#x", core[i][0],
		      core[i][1], flags);
		/* glrender adds robust access on the host: the app must not see it */
		CHECK(!(flags & GL_CONTEXT_FLAG_ROBUST_ACCESS_BIT), "core %d.%d robust flag not "
		      "asked for: %#x", core[i][0], core[i][1], flags);
		glXMakeContextCurrent(dpy, None, None, NULL);
		glXDestroyContext(dpy, c);
	}
	/* 4.6 where llvmpipe stops at 4.5: either made, or GLXBadFBConfig. */
	int a46[] = {GLX_CONTEXT_MAJOR_VERSION_ARB, 4, GLX_CONTEXT_MINOR_VERSION_ARB, 6,
		     GLX_CONTEXT_PROFILE_MASK_ARB, GLX_CONTEXT_CORE_PROFILE_BIT_ARB, None};
	GLXContext c46 = attribs_context(cfg, a46);
	int e = take_error();
	CHECK(c46 || e == glx_error_base + GLXBadFBConfig, "4.6: context %p error %d", (void *)c46,
	      e);
	if (c46)
		glXDestroyContext(dpy, c46);

	/* compatibility 3.0 with forward-compatible, robust, no-error contexts */
	int fwd[] = {GLX_CONTEXT_MAJOR_VERSION_ARB, 3, GLX_CONTEXT_MINOR_VERSION_ARB, 0,
		     GLX_CONTEXT_FLAGS_ARB, GLX_CONTEXT_FORWARD_COMPATIBLE_BIT_ARB, None};
	GLXContext c = attribs_context(cfg, fwd);
	CHECK(c && !take_error(), "forward-compatible 3.0 context");
	if (c && glXMakeContextCurrent(dpy, pb, pb, c)) {
		GLint flags = 0;
		glGetIntegerv(GL_CONTEXT_FLAGS, &flags);
		CHECK(flags & GL_CONTEXT_FLAG_FORWARD_COMPATIBLE_BIT, "forward flag %#x", flags);
		GLint64 flags64 = -1;
		GLboolean any = GL_TRUE;
		glGetInteger64v(GL_CONTEXT_FLAGS, &flags64);
		glGetBooleanv(GL_CONTEXT_FLAGS, &any);
		CHECK(flags64 == flags && any == (flags != 0) &&
		      !(flags & GL_CONTEXT_FLAG_ROBUST_ACCESS_BIT),
		      "forward flags %#x, as 64 bits %#llx, as boolean %d", flags,
		      (unsigned long long)flags64, any);
		glXMakeContextCurrent(dpy, None, None, NULL);
		glXDestroyContext(dpy, c);
	}
	int robust[] = {GLX_CONTEXT_FLAGS_ARB, GLX_CONTEXT_ROBUST_ACCESS_BIT_ARB,
			GLX_CONTEXT_RESET_NOTIFICATION_STRATEGY_ARB, GLX_LOSE_CONTEXT_ON_RESET_ARB,
			None};
	c = attribs_context(cfg, robust);
	CHECK(c && !take_error(), "robust context");
	if (c && glXMakeContextCurrent(dpy, pb, pb, c)) {
		GLint strategy = 0, flags = 0;
		glGetIntegerv(GL_RESET_NOTIFICATION_STRATEGY_ARB, &strategy);
		CHECK(strategy == GL_LOSE_CONTEXT_ON_RESET_ARB, "reset strategy %#x", strategy);
		glGetIntegerv(GL_CONTEXT_FLAGS, &flags);
		CHECK(flags & GL_CONTEXT_FLAG_ROBUST_ACCESS_BIT, "robust flag asked for: %#x", flags);
		glXMakeContextCurrent(dpy, None, None, NULL);
		glXDestroyContext(dpy, c);
	}
	int noerr[] = {GLX_CONTEXT_MAJOR_VERSION_ARB, 4, GLX_CONTEXT_MINOR_VERSION_ARB, 5,
		       GLX_CONTEXT_PROFILE_MASK_ARB, GLX_CONTEXT_CORE_PROFILE_BIT_ARB,
		       GLX_CONTEXT_OPENGL_NO_ERROR_ARB, True, None};
	c = attribs_context(cfg, noerr);
	CHECK(c && !take_error(), "no-error context");
	if (c && glXMakeContextCurrent(dpy, pb, pb, c)) {
		GLint flags = 0;
		glGetIntegerv(GL_CONTEXT_FLAGS, &flags);
		CHECK(flags & 0x8 /* GL_CONTEXT_FLAG_NO_ERROR_BIT */, "no-error flag %#x", flags);
		glXMakeContextCurrent(dpy, None, None, NULL);
		glXDestroyContext(dpy, c);
	}
	/* errors as GLX_ARB_create_context says */
	int v34[] = {GLX_CONTEXT_MAJOR_VERSION_ARB, 3, GLX_CONTEXT_MINOR_VERSION_ARB, 4, None};
	CHECK(!attribs_context(cfg, v34) && take_error() == BadMatch, "3.4: BadMatch");
	int fwd21[] = {GLX_CONTEXT_MAJOR_VERSION_ARB, 2, GLX_CONTEXT_MINOR_VERSION_ARB, 1,
		       GLX_CONTEXT_FLAGS_ARB, GLX_CONTEXT_FORWARD_COMPATIBLE_BIT_ARB, None};
	CHECK(!attribs_context(cfg, fwd21) && take_error() == BadMatch, "fwd 2.1: BadMatch");
	int bad[] = {0x7777, 1, None};
	CHECK(!attribs_context(cfg, bad) && take_error() == BadValue, "bad attribute: BadValue");
	int prof[] = {GLX_CONTEXT_PROFILE_MASK_ARB, 3, None};
	CHECK(!attribs_context(cfg, prof) && take_error() == glx_error_base + GLXBadProfileARB,
	      "two profiles: GLXBadProfileARB");
	/* 3.0+ without a drawable */
	int v30[] = {GLX_CONTEXT_MAJOR_VERSION_ARB, 3, GLX_CONTEXT_MINOR_VERSION_ARB, 0, None};
	c = attribs_context(cfg, v30);
	CHECK(c && glXMakeContextCurrent(dpy, None, None, c) && !take_error(),
	      "3.0 current without a drawable");
	if (c) {
		glXMakeContextCurrent(dpy, None, None, NULL);
		glXDestroyContext(dpy, c);
	}
}

static void test_procs(const char *names_file)
{
	FILE *f = fopen(names_file, "r");
	CHECK(f != NULL, "cannot open %s", names_file);
	if (!f)
		return;
	char line[256];
	int n = 0, missing = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0])
			continue;
		n++;
		if (!glXGetProcAddress((const GLubyte *)line)) {
			if (missing++ < 5)
				printf("no entry point for %s\n", line);
		}
	}
	fclose(f);
	CHECK(n > 2000 && missing == 0, "%d of %d GL commands without an entry point", missing, n);
	CHECK(!glXGetProcAddress((const GLubyte *)"glXNoSuchFunctionFAKEGL"), "unknown glX name");
	CHECK(glXGetProcAddress((const GLubyte *)"glXCreateContextAttribsARB") ==
		      (__GLXextFuncPtr)glXCreateContextAttribsARB,
	      "glXCreateContextAttribsARB by name");
	static const char *const glx[] = {"glXSwapIntervalEXT", "glXSwapIntervalMESA",
					  "glXSwapIntervalSGI", "glXCopySubBufferMESA",
					  "glXQueryRendererIntegerMESA", "glXImportContextEXT",
					  "glXCreateGLXPbufferSGIX", "glXChooseFBConfigSGIX",
					  "glXUseXFont", "glXCopyContext"};
	for (size_t i = 0; i < sizeof glx / sizeof glx[0]; i++)
		CHECK(glXGetProcAddressARB((const GLubyte *)glx[i]) != NULL, "%s by name", glx[i]);
}

static void test_drawables(void)
{
	GLXFBConfig db = config(true, GLX_WINDOW_BIT | GLX_PIXMAP_BIT | GLX_PBUFFER_BIT);
	GLXFBConfig sb = config(false, GLX_WINDOW_BIT);
	CHECK(db && sb, "configs");
	if (!db || !sb)
		return;
	GLXContext ctx = glXCreateNewContext(dpy, db, GLX_RGBA_TYPE, NULL, True);

	/* a pbuffer */
	int pa[] = {GLX_PBUFFER_WIDTH, 64, GLX_PBUFFER_HEIGHT, 32, None};
	GLXPbuffer pb = glXCreatePbuffer(dpy, db, pa);
	unsigned w = 0, h = 0, id = 0;
	glXQueryDrawable(dpy, pb, GLX_WIDTH, &w);
	glXQueryDrawable(dpy, pb, GLX_HEIGHT, &h);
	glXQueryDrawable(dpy, pb, GLX_FBCONFIG_ID, &id);
	int want_id = 0;
	glXGetFBConfigAttrib(dpy, db, GLX_FBCONFIG_ID, &want_id);
	CHECK(pb && w == 64 && h == 32 && (int)id == want_id, "pbuffer %ux%u config %u", w, h, id);
	CHECK(glXMakeContextCurrent(dpy, pb, pb, ctx), "pbuffer current");
	glClearColor(1, 0, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	GLubyte px[4] = {0};
	glReadPixels(63, 31, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
	CHECK(px[0] == 255 && px[1] == 0, "pbuffer pixel %d %d %d", px[0], px[1], px[2]);

	/* a pixmap: what is drawn reaches the X pixmap at glFinish */
	XVisualInfo *vi = glXGetVisualFromFBConfig(dpy, db);
	Pixmap pm = XCreatePixmap(dpy, RootWindow(dpy, vi->screen), 40, 30, (unsigned)vi->depth);
	XFree(vi);
	GLXPixmap gp = glXCreatePixmap(dpy, db, pm, NULL);
	CHECK(gp && glXMakeCurrent(dpy, gp, ctx), "pixmap current");
	glClearColor(0, 1, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glFinish();
	CHECK(x_pixel(pm, 20, 15) == 0x00ff00, "pixmap pixel %#lx", x_pixel(pm, 20, 15));

	/* separate draw and read drawables: read the pbuffer, draw the pixmap */
	CHECK(glXMakeContextCurrent(dpy, gp, pb, ctx) && glXGetCurrentReadDrawable() == pb,
	      "draw pixmap, read pbuffer");
	glReadPixels(1, 1, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
	CHECK(px[0] == 255 && px[1] == 0, "read drawable pixel %d %d %d", px[0], px[1], px[2]);

	/* a single-buffered window shows what glFlush/glFinish finished */
	Window sw = make_window(sb, 50, 40);
	GLXContext sctx = glXCreateNewContext(dpy, sb, GLX_RGBA_TYPE, NULL, True);
	CHECK(glXMakeCurrent(dpy, sw, sctx), "single-buffered window current");
	glClearColor(0, 0, 1, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glFinish();
	CHECK(x_pixel(sw, 25, 20) == 0x0000ff, "single-buffered pixel %#lx", x_pixel(sw, 25, 20));

	/* front-buffer drawing on a double-buffered window, and glXCopySubBufferMESA */
	Window dw = make_window(db, 60, 50);
	CHECK(glXMakeCurrent(dpy, dw, ctx), "window current");
	glDrawBuffer(GL_FRONT);
	glClearColor(1, 1, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glFinish();
	CHECK(x_pixel(dw, 30, 25) == 0xffff00, "front-buffer pixel %#lx", x_pixel(dw, 30, 25));
	glDrawBuffer(GL_BACK);
	glClearColor(0, 1, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glXSwapBuffers(dpy, dw);
	glClearColor(1, 0, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glXCopySubBufferMESA(dpy, dw, 0, 0, 10, 10); /* the bottom-left corner only */
	XSync(dpy, False);
	CHECK(x_pixel(dw, 5, 45) == 0xff0000 && x_pixel(dw, 30, 10) == 0x00ff00,
	      "copy-sub-buffer pixels %#lx %#lx", x_pixel(dw, 5, 45), x_pixel(dw, 30, 10));

	/* resize: the next frame has the window's new size */
	XResizeWindow(dpy, dw, 120, 90);
	XSync(dpy, False);
	glXSwapBuffers(dpy, dw);
	glViewport(0, 0, 120, 90);
	glClearColor(0, 0, 1, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glXSwapBuffers(dpy, dw);
	glFinish();
	XSync(dpy, False);
	CHECK(x_pixel(dw, 115, 85) == 0x0000ff, "resized window pixel %#lx",
	      x_pixel(dw, 115, 85));

	/* glXUseXFont: a glyph drawn through a display list leaves pixels */
	Font font = XLoadFont(dpy, "fixed");
	CHECK(glXMakeCurrent(dpy, pb, ctx), "pbuffer current again");
	glClearColor(0, 0, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	GLuint base = glGenLists(96);
	glXUseXFont(font, 32, 96, (int)base);
	glMatrixMode(GL_PROJECTION);
	glLoadIdentity();
	glOrtho(0, 64, 0, 32, -1, 1);
	glColor3f(1, 1, 1);
	glRasterPos2i(2, 10);
	glListBase(base - 32);
	glCallLists(2, GL_UNSIGNED_BYTE, "WW");
	GLubyte img[64 * 32 * 4];
	glReadPixels(0, 0, 64, 32, GL_RGBA, GL_UNSIGNED_BYTE, img);
	int lit = 0;
	for (int i = 0; i < 64 * 32; i++)
		lit += img[i * 4] > 128;
	CHECK(lit > 10 && lit < 64 * 32 / 2, "glXUseXFont glyph pixels: %d", lit);
	GLfloat pos[4];
	glGetFloatv(GL_CURRENT_RASTER_POSITION, pos);
	CHECK(pos[0] > 2 + 8, "glXUseXFont advance: raster x %.0f", pos[0]);

	/* swap intervals are kept and pace frames (FAKEGL_REFRESH_HZ=100: 2 × 10 ms) */
	CHECK(glXMakeCurrent(dpy, dw, ctx), "window current again");
	glXSwapIntervalEXT(dpy, dw, 2);
	unsigned iv = 0;
	glXQueryDrawable(dpy, dw, GLX_SWAP_INTERVAL_EXT, &iv);
	CHECK(iv == 2, "swap interval %u", iv);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 11; i++)
		glXSwapBuffers(dpy, dw);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	const char *hz = getenv("FAKEGL_REFRESH_HZ");
	if (hz && atoi(hz) == 100)
		CHECK(s >= 0.19, "10 frames at interval 2, 100 Hz took %.3f s", s);
	CHECK(glXGetSwapIntervalMESA() == 2, "glXGetSwapIntervalMESA %d", glXGetSwapIntervalMESA());
	glXSwapIntervalEXT(dpy, dw, 0);

	/* the renderer the host has */
	const char *dev = glXQueryRendererStringMESA(dpy, DefaultScreen(dpy), 0,
						     GLX_RENDERER_DEVICE_ID_MESA);
	const char *ren = (const char *)glGetString(GL_RENDERER);
	CHECK(dev && ren && strcmp(dev, ren) == 0, "renderer string %s / %s", dev ? dev : "(null)",
	      ren ? ren : "(null)");
	unsigned core[2] = {0};
	CHECK(glXQueryRendererIntegerMESA(dpy, DefaultScreen(dpy), 0,
					  GLX_RENDERER_OPENGL_CORE_PROFILE_VERSION_MESA, core) &&
		      core[0] * 10 + core[1] >= 32,
	      "core version %u.%u", core[0], core[1]);

	glXMakeCurrent(dpy, None, NULL);
	glXDestroyPixmap(dpy, gp);
	glXDestroyPbuffer(dpy, pb);
	CHECK(!take_error(), "destroying drawables");
	glXDestroyPbuffer(dpy, pb);
	CHECK(take_error() == glx_error_base + GLXBadPbuffer, "pbuffer destroyed twice");
	glXDestroyContext(dpy, sctx);
	glXDestroyContext(dpy, ctx);
}

/* ---- threads ---- */

struct job {
	GLXFBConfig cfg;
	GLXContext ctx;
	GLXPbuffer pb;
	float red;
	GLubyte got[4];
	GLuint texture;
};

static void *draw_thread(void *arg)
{
	struct job *j = arg;
	if (!glXMakeContextCurrent(dpy, j->pb, j->pb, j->ctx))
		return NULL;
	glClearColor(j->red, 0.5f, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glReadPixels(0, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, j->got);
	if (j->texture == 1) { /* upload a texture for the other context to see */
		GLubyte texel[4] = {10, 20, 30, 40};
		glGenTextures(1, &j->texture);
		glBindTexture(GL_TEXTURE_2D, j->texture);
		glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, 1, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, texel);
		glFinish();
	}
	glXMakeContextCurrent(dpy, None, None, NULL);
	return NULL;
}

static void test_threads(void)
{
	GLXFBConfig cfg = config(true, GLX_PBUFFER_BIT);
	int pa[] = {GLX_PBUFFER_WIDTH, 8, GLX_PBUFFER_HEIGHT, 8, None};
	struct job j[2];
	for (int i = 0; i < 2; i++) {
		j[i] = (struct job){cfg, NULL, glXCreatePbuffer(dpy, cfg, pa), i ? 1.0f : 0.0f, {0}, 0};
		j[i].ctx = glXCreateNewContext(dpy, cfg, GLX_RGBA_TYPE, i ? j[0].ctx : NULL, True);
	}
	j[1].texture = 1;
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, draw_thread, &j[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	CHECK(j[0].got[0] == 0 && j[0].got[1] >= 127 && j[1].got[0] == 255,
	      "two threads' pixels %d,%d / %d", j[0].got[0], j[0].got[1], j[1].got[0]);
	/* the shared texture, seen from the first context on this thread: the context
	 * moved from its thread to this one */
	CHECK(glXMakeContextCurrent(dpy, j[0].pb, j[0].pb, j[0].ctx), "context moved threads");
	GLubyte texel[4] = {0};
	glBindTexture(GL_TEXTURE_2D, j[1].texture);
	glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, texel);
	CHECK(glIsTexture(j[1].texture) && texel[0] == 10 && texel[3] == 40,
	      "shared texture %d %d", texel[0], texel[3]);
	/* a context current in one thread cannot be made current in another */
	struct job other = j[0];
	pthread_t t;
	pthread_create(&t, NULL, draw_thread, &other);
	pthread_join(t, NULL);
	CHECK(take_error() == BadAccess, "context current in two threads: BadAccess");
	glXMakeContextCurrent(dpy, None, None, NULL);
	for (int i = 0; i < 2; i++) {
		glXDestroyContext(dpy, j[i].ctx);
		glXDestroyPbuffer(dpy, j[i].pb);
	}
}

/* ---- a context handed from thread to thread, right after work the host is slow at ---- */

struct handoff {
	GLXContext ctx;
	GLXDrawable draw;
	bool window;
	int w, h;
	GLubyte color[4]; /* what the other thread left, what this one leaves */
	GLubyte got[4];
	bool made;
};

/* Commands the host takes a while over but the guest sends without waiting: the
 * release that follows reaches the host late, after another thread's glXMakeCurrent. */
static void slow_work(void)
{
	static GLubyte pixels[512 * 512 * 4];
	GLuint tex;
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	for (int i = 0; i < 4; i++)
		glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, 512, 512, 0, GL_RGBA, GL_UNSIGNED_BYTE,
			     pixels);
	glDeleteTextures(1, &tex);
	glColor3f(0.2f, 0.2f, 0.2f);
	for (int i = 0; i < 40; i++)
		glRecti(-1, -1, 1, 1);
}

/* Read the centre (what the previous thread left), then leave this side's colour in
 * the back buffer, shown once when a window. */
static void handoff_turn(struct handoff *o)
{
	glReadPixels(o->w / 2, o->h / 2, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, o->got);
	slow_work();
	for (int i = 0; i < (o->window ? 2 : 1); i++) {
		glClearColor(o->color[0] / 255.0f, o->color[1] / 255.0f, o->color[2] / 255.0f, 1);
		glClear(GL_COLOR_BUFFER_BIT);
		if (o->window && i == 0)
			glXSwapBuffers(dpy, o->draw); /* a frame still on its way at the release */
	}
}

static void *handoff_thread(void *arg)
{
	struct handoff *o = arg;
	o->made = glXMakeContextCurrent(dpy, o->draw, o->draw, o->ctx);
	if (o->made)
		handoff_turn(o);
	glXMakeContextCurrent(dpy, None, None, NULL);
	return NULL;
}

static void test_handoff(bool window)
{
	GLXFBConfig cfg = config(window, window ? GLX_WINDOW_BIT : GLX_PBUFFER_BIT);
	/* a window's frame (5 MB) larger than what a socket holds */
	int w = window ? 1280 : 256, h = window ? 1024 : 256;
	int pa[] = {GLX_PBUFFER_WIDTH, w, GLX_PBUFFER_HEIGHT, h, None};
	Window win = window ? make_window(cfg, w, h) : 0;
	GLXDrawable d = window ? win : glXCreatePbuffer(dpy, cfg, pa);
	GLXContext ctx = glXCreateNewContext(dpy, cfg, GLX_RGBA_TYPE, NULL, True);
	const char *what = window ? "window" : "pbuffer";
	int wrong = 0, not_made = 0;
	GLubyte left[4] = {0, 0, 0, 255};
	for (int round = 0; round < 8; round++) {
		struct handoff me = {ctx, d, window, w, h, {(GLubyte)(20 * round), 200, 0, 255},
				     {0}, false};
		struct handoff other = me;
		other.color[0] = 0;
		other.color[2] = (GLubyte)(20 * round + 10);
		me.made = glXMakeContextCurrent(dpy, d, d, ctx);
		if (me.made)
			handoff_turn(&me);
		glXMakeContextCurrent(dpy, None, None, NULL);
		pthread_t t;
		pthread_create(&t, NULL, handoff_thread, &other);
		pthread_join(t, NULL);
		not_made += !me.made + !other.made;
		if (round > 0 && memcmp(me.got, left, 3) != 0)
			wrong++;
		if (memcmp(other.got, me.color, 3) != 0)
			wrong++;
		memcpy(left, other.color, 4);
	}
	CHECK(not_made == 0, "%s handed between threads: %d glXMakeContextCurrent failed", what,
	      not_made);
	CHECK(wrong == 0, "%s handed between threads: %d turns saw another's pixels", what,
	      wrong);
	glXDestroyContext(dpy, ctx);
	if (window)
		XDestroyWindow(dpy, win);
	else
		glXDestroyPbuffer(dpy, d);
}

/* ---- glXCopyContext (GLX 1.4 section 3.3.7) ---- */

static bool near(float a, float b)
{
	return a - b < 0.001f && b - a < 0.001f;
}

/* Distinct state in the current context, the same for each call. */
static void set_copy_state(GLuint texture)
{
	glClearColor(0.25f, 0.5f, 0.75f, 1.0f);
	glEnable(GL_BLEND);
	glBlendFunc(GL_SRC_ALPHA, GL_ONE);
	glLineWidth(3.0f);
	GLfloat diffuse[4] = {0.1f, 0.2f, 0.3f, 0.4f}, pos[4] = {0, 0, 0, 1};
	glLightfv(GL_LIGHT1, GL_DIFFUSE, diffuse);
	glMatrixMode(GL_MODELVIEW);
	glPushMatrix();
	glTranslatef(1, 0, 0); /* the position is kept in eye coordinates: (1,0,0,1) */
	glLightfv(GL_LIGHT1, GL_POSITION, pos);
	glPopMatrix();
	glViewport(1, 2, 3, 4);
	glDepthFunc(GL_GREATER);
	glColor4f(0.5f, 0.25f, 0.125f, 1.0f);
	glBindTexture(GL_TEXTURE_2D, texture);
}

/* Which of the state set_copy_state gives reached the current context: a bit each, in
 * the order of COPY_* below. */
enum {
	COPY_CLEAR = 1,
	COPY_BLEND = 2,
	COPY_LINE = 4,
	COPY_LIGHT = 8,
	COPY_VIEWPORT = 16,
	COPY_DEPTH = 32,
	COPY_COLOR = 64,
	COPY_TEXTURE = 128,
};

static unsigned copied_state(GLuint texture)
{
	unsigned got = 0;
	GLfloat cc[4] = {0}, lw = 0, diffuse[4] = {0}, pos[4] = {0}, color[4] = {0};
	GLint vp[4] = {0}, func = 0, src = 0, dst = 0, tex = 0;
	glGetFloatv(GL_COLOR_CLEAR_VALUE, cc);
	if (near(cc[0], 0.25f) && near(cc[1], 0.5f) && near(cc[2], 0.75f))
		got |= COPY_CLEAR;
	glGetIntegerv(GL_BLEND_SRC_RGB, &src);
	glGetIntegerv(GL_BLEND_DST_RGB, &dst);
	if (glIsEnabled(GL_BLEND) && src == GL_SRC_ALPHA && dst == GL_ONE)
		got |= COPY_BLEND;
	glGetFloatv(GL_LINE_WIDTH, &lw);
	if (near(lw, 3.0f))
		got |= COPY_LINE;
	glGetLightfv(GL_LIGHT1, GL_DIFFUSE, diffuse);
	glGetLightfv(GL_LIGHT1, GL_POSITION, pos);
	if (near(diffuse[0], 0.1f) && near(diffuse[3], 0.4f) && near(pos[0], 1.0f) &&
	    near(pos[3], 1.0f))
		got |= COPY_LIGHT;
	glGetIntegerv(GL_VIEWPORT, vp);
	if (vp[0] == 1 && vp[1] == 2 && vp[2] == 3 && vp[3] == 4)
		got |= COPY_VIEWPORT;
	glGetIntegerv(GL_DEPTH_FUNC, &func);
	if (func == GL_GREATER)
		got |= COPY_DEPTH;
	glGetFloatv(GL_CURRENT_COLOR, color);
	if (near(color[0], 0.5f) && near(color[2], 0.125f))
		got |= COPY_COLOR;
	glGetIntegerv(GL_TEXTURE_BINDING_2D, &tex);
	if ((GLuint)tex == texture)
		got |= COPY_TEXTURE;
	return got;
}

static void test_copy_context(void)
{
	GLXFBConfig cfg = config(true, GLX_PBUFFER_BIT);
	int pa[] = {GLX_PBUFFER_WIDTH, 16, GLX_PBUFFER_HEIGHT, 16, None};
	GLXPbuffer pb = glXCreatePbuffer(dpy, cfg, pa);
	GLXContext src = glXCreateNewContext(dpy, cfg, GLX_RGBA_TYPE, NULL, True);
	GLXContext dst = glXCreateNewContext(dpy, cfg, GLX_RGBA_TYPE, src, True);
	CHECK(pb && src && dst, "copy: pbuffer and contexts");
	if (!pb || !src || !dst)
		return;
	/* Made current once first: GL sets the viewport at a context's first make-current. */
	CHECK(glXMakeContextCurrent(dpy, pb, pb, dst), "copy: dst current");
	glXMakeContextCurrent(dpy, None, None, NULL);
	CHECK(glXMakeContextCurrent(dpy, pb, pb, src), "copy: src current");
	GLuint texture = 0;
	glGenTextures(1, &texture);
	set_copy_state(texture);
	glEnable(0x1234); /* an error of the app's, still there after the copy */

	/* src current here (an implicit glFlush), one group: the line width stays */
	glXCopyContext(dpy, src, dst, GL_COLOR_BUFFER_BIT);
	CHECK(!take_error(), "copy GL_COLOR_BUFFER_BIT: no X error");
	CHECK(glGetError() == GL_INVALID_ENUM && glGetError() == GL_NO_ERROR,
	      "copy: the app's own error kept, none added");
	/* dst current in this thread: BadAccess */
	CHECK(glXMakeContextCurrent(dpy, pb, pb, dst), "copy: dst current again");
	unsigned got = copied_state(texture);
	CHECK(got == (COPY_CLEAR | COPY_BLEND), "copy GL_COLOR_BUFFER_BIT moved %#x, not %#x", got,
	      COPY_CLEAR | COPY_BLEND);
	GLfloat lw = 0;
	glGetFloatv(GL_LINE_WIDTH, &lw);
	CHECK(near(lw, 1.0f), "copy GL_COLOR_BUFFER_BIT: line width %g", (double)lw);
	CHECK(glGetError() == GL_NO_ERROR, "copy: no GL error in dst");
	glXCopyContext(dpy, src, dst, GL_ALL_ATTRIB_BITS);
	CHECK(take_error() == BadAccess, "copy to a current context: BadAccess");

	/* src current nowhere, every group; dst's modelview matrix is no attribute */
	glXMakeContextCurrent(dpy, None, None, NULL);
	glXCopyContext(dpy, src, dst, GL_ALL_ATTRIB_BITS);
	CHECK(!take_error(), "copy GL_ALL_ATTRIB_BITS: no X error");
	CHECK(glXMakeContextCurrent(dpy, pb, pb, dst), "copy: dst current a third time");
	got = copied_state(texture);
	CHECK(got == 0xff, "copy GL_ALL_ATTRIB_BITS moved %#x, not 0xff", got);
	GLfloat mv[16] = {0};
	glGetFloatv(GL_MODELVIEW_MATRIX, mv);
	CHECK(mv[12] == 0.0f && mv[0] == 1.0f, "copy: dst modelview moved (%g)", (double)mv[12]);
	CHECK(glGetError() == GL_NO_ERROR, "copy: no GL error in dst after all groups");
	glXMakeContextCurrent(dpy, None, None, NULL);

	/* bad contexts */
	glXCopyContext(dpy, src, (GLXContext)&texture, GL_ALL_ATTRIB_BITS);
	CHECK(take_error() == glx_error_base + 0 /* GLXBadContext */, "copy to a bad context");

	/* core profile: the groups core has, and no fixed-function pname raises an error */
	int core[] = {GLX_CONTEXT_MAJOR_VERSION_ARB, 3, GLX_CONTEXT_MINOR_VERSION_ARB, 3,
		      GLX_CONTEXT_PROFILE_MASK_ARB, GLX_CONTEXT_CORE_PROFILE_BIT_ARB, None};
	GLXContext csrc = attribs_context(cfg, core), cdst = attribs_context(cfg, core);
	CHECK(csrc && cdst && !take_error(), "copy: core contexts");
	if (csrc && cdst && glXMakeContextCurrent(dpy, pb, pb, cdst)) {
		glXMakeContextCurrent(dpy, pb, pb, csrc);
		glClearColor(0.25f, 0.5f, 0.75f, 1.0f);
		glEnable(GL_DEPTH_TEST);
		glPolygonMode(GL_FRONT_AND_BACK, GL_LINE);
		glXMakeContextCurrent(dpy, None, None, NULL);
		glXCopyContext(dpy, csrc, cdst, GL_ALL_ATTRIB_BITS);
		CHECK(!take_error(), "copy core: no X error");
		glXMakeContextCurrent(dpy, pb, pb, cdst);
		GLfloat cc[4] = {0};
		GLint mode[2] = {0};
		glGetFloatv(GL_COLOR_CLEAR_VALUE, cc);
		glGetIntegerv(GL_POLYGON_MODE, mode);
		CHECK(near(cc[1], 0.5f) && glIsEnabled(GL_DEPTH_TEST) && mode[0] == GL_LINE,
		      "copy core: clear %g, depth test %d, polygon mode %#x", (double)cc[1],
		      glIsEnabled(GL_DEPTH_TEST), mode[0]);
		CHECK(glGetError() == GL_NO_ERROR, "copy core: no GL error");
		glXMakeContextCurrent(dpy, None, None, NULL);
	}
	if (csrc)
		glXDestroyContext(dpy, csrc);
	if (cdst)
		glXDestroyContext(dpy, cdst);
	glXDestroyContext(dpy, dst);
	glXDestroyContext(dpy, src);
	glXDestroyPbuffer(dpy, pb);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: glxapi GL_COMMAND_NAMES_FILE\n");
		return 2;
	}
	XInitThreads();
	dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fprintf(stderr, "glxapi: cannot open display\n");
		return 1;
	}
	XSetErrorHandler(on_error);
	int ev;
	glXQueryExtension(dpy, &glx_error_base, &ev);
	const char *ext = glXQueryExtensionsString(dpy, DefaultScreen(dpy));
	static const char *const want[] = {
		"GLX_ARB_create_context", "GLX_ARB_create_context_profile",
		"GLX_ARB_create_context_robustness", "GLX_ARB_create_context_no_error",
		"GLX_ARB_get_proc_address", "GLX_ARB_multisample", "GLX_ARB_framebuffer_sRGB",
		"GLX_EXT_visual_info", "GLX_EXT_visual_rating", "GLX_SGIX_fbconfig",
		"GLX_SGIX_pbuffer", "GLX_EXT_swap_control", "GLX_MESA_swap_control",
		"GLX_SGI_swap_control", "GLX_EXT_buffer_age", "GLX_MESA_query_renderer",
		"GLX_EXT_import_context", "GLX_MESA_copy_sub_buffer"};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		CHECK(ext && strstr(ext, want[i]), "extension %s", want[i]);
	GLXFBConfig cfg = config(true, GLX_PBUFFER_BIT);
	int pa[] = {GLX_PBUFFER_WIDTH, 16, GLX_PBUFFER_HEIGHT, 16, None};
	GLXPbuffer pb = glXCreatePbuffer(dpy, cfg, pa);
	test_versions(cfg, pb);
	glXDestroyPbuffer(dpy, pb);
	test_procs(argv[1]);
	test_drawables();
	test_copy_context();
	test_threads();
	test_handoff(false);
	test_handoff(true);
	printf("glxapi: %d checks, %d failed\n", checks, failed);
	XCloseDisplay(dpy);
	return failed ? 1 : 0;
}
