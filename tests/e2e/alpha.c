/* alpha.c — guards against an alpha-less window that shows, when forwarded, the alpha
 * channel its host surface has (glrender gives such drawables 8 alpha bits to read them
 * back fast): destination alpha in blending, alpha read back, cleared, drawn, blitted or
 * copied into the window, GL_ALPHA_BITS and the attachment's alpha size, the colour write
 * masks the app set (across framebuffer binds, attribute pushes and display lists), and
 * that FBOs keep their own alpha. The same binary runs on the system's libGL and on ours;
 * the e2e script compares the two outputs line by line.
 *
 *   alpha [ms]        ms: a multisampled visual. One line per check on stdout; exit 0,
 *                     1 with a line on stderr naming the failed stage, 77 when the
 *                     system has no such visual
 *
 * Needs GL 4.5 (compatibility profile from glXCreateContext, as Mesa gives). */
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#include <GL/glx.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 64
#define H 48

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("alpha: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

#define PROCS(X)                                                                                   \
	X(PFNGLGENFRAMEBUFFERSPROC, glGenFramebuffers)                                             \
	X(PFNGLBINDFRAMEBUFFERPROC, glBindFramebuffer)                                             \
	X(PFNGLDELETEFRAMEBUFFERSPROC, glDeleteFramebuffers)                                       \
	X(PFNGLGENRENDERBUFFERSPROC, glGenRenderbuffers)                                           \
	X(PFNGLBINDRENDERBUFFERPROC, glBindRenderbuffer)                                           \
	X(PFNGLRENDERBUFFERSTORAGEPROC, glRenderbufferStorage)                                     \
	X(PFNGLFRAMEBUFFERRENDERBUFFERPROC, glFramebufferRenderbuffer)                             \
	X(PFNGLBLITFRAMEBUFFERPROC, glBlitFramebuffer)                                             \
	X(PFNGLBLITNAMEDFRAMEBUFFERPROC, glBlitNamedFramebuffer)                                   \
	X(PFNGLGETFRAMEBUFFERATTACHMENTPARAMETERIVPROC, glGetFramebufferAttachmentParameteriv)     \
	X(PFNGLGETNAMEDFRAMEBUFFERATTACHMENTPARAMETERIVPROC,                                       \
	  glGetNamedFramebufferAttachmentParameteriv)                                              \
	X(PFNGLCOLORMASKIPROC, glColorMaski)                                                       \
	X(PFNGLGETBOOLEANI_VPROC, glGetBooleani_v)                                                 \
	X(PFNGLGETINTEGERI_VPROC, glGetIntegeri_v)                                                 \
	X(PFNGLCLEARBUFFERFVPROC, glClearBufferfv)                                                 \
	X(PFNGLWINDOWPOS2IPROC, glWindowPos2i)

#define DECLARE(type, name) static type p_##name;
PROCS(DECLARE)

static void load_procs(void)
{
#define LOAD(type, name)                                                                           \
	if (!(p_##name = (type)glXGetProcAddressARB((const GLubyte *)#name)))                      \
		die("no %s", #name);
	PROCS(LOAD)
}

static void errors(const char *stage)
{
	GLenum e = glGetError();
	if (e != GL_NO_ERROR)
		die("GL error 0x%04x after %s", (unsigned)e, stage);
}

/* One pixel of the read framebuffer, RGBA bytes. */
static void pixel(const char *what, int x, int y)
{
	uint8_t p[4] = {1, 2, 3, 4};
	glReadPixels(x, y, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, p);
	uint8_t a = 7;
	glReadPixels(x, y, 1, 1, GL_ALPHA, GL_UNSIGNED_BYTE, &a);
	float f[4] = {0};
	glReadPixels(x, y, 1, 1, GL_RGBA, GL_FLOAT, f);
	errors(what);
	printf("%-40s rgba %3u %3u %3u %3u  alpha %3u  float alpha %.4f\n", what, p[0], p[1],
	       p[2], p[3], a, (double)f[3]);
}

static void masks(const char *what)
{
	GLboolean b[4] = {9, 9, 9, 9}, b2[4] = {9, 9, 9, 9};
	GLint i[4] = {9, 9, 9, 9}, i1[4] = {9, 9, 9, 9};
	GLfloat f[4] = {9, 9, 9, 9};
	glGetBooleanv(GL_COLOR_WRITEMASK, b);
	glGetIntegerv(GL_COLOR_WRITEMASK, i);
	glGetFloatv(GL_COLOR_WRITEMASK, f);
	p_glGetIntegeri_v(GL_COLOR_WRITEMASK, 1, i1);
	p_glGetBooleani_v(GL_COLOR_WRITEMASK, 2, b2);
	errors(what);
	printf("%-40s mask b %d%d%d%d i %d%d%d%d f %g%g%g%g [1] %d%d%d%d [2] %d%d%d%d\n", what,
	       b[0], b[1], b[2], b[3], i[0], i[1], i[2], i[3], (double)f[0], (double)f[1],
	       (double)f[2], (double)f[3], i1[0], i1[1], i1[2], i1[3], b2[0], b2[1], b2[2], b2[3]);
}

static void sizes(const char *what)
{
	GLint bits = -1, draw_back = -1, read_back = -1, named = -1, fbo = -1;
	GLfloat fbits = -1;
	glGetIntegerv(GL_ALPHA_BITS, &bits);
	glGetFloatv(GL_ALPHA_BITS, &fbits);
	glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &fbo);
	GLenum buf = fbo ? GL_COLOR_ATTACHMENT0 : GL_BACK_LEFT;
	p_glGetFramebufferAttachmentParameteriv(GL_DRAW_FRAMEBUFFER, buf,
						GL_FRAMEBUFFER_ATTACHMENT_ALPHA_SIZE, &draw_back);
	p_glGetFramebufferAttachmentParameteriv(GL_READ_FRAMEBUFFER, buf,
						GL_FRAMEBUFFER_ATTACHMENT_ALPHA_SIZE, &read_back);
	p_glGetNamedFramebufferAttachmentParameteriv((GLuint)fbo, buf,
						     GL_FRAMEBUFFER_ATTACHMENT_ALPHA_SIZE, &named);
	GLint format = -1, type = -1;
	glGetIntegerv(GL_IMPLEMENTATION_COLOR_READ_FORMAT, &format);
	glGetIntegerv(GL_IMPLEMENTATION_COLOR_READ_TYPE, &type);
	errors(what);
	printf("%-40s GL_ALPHA_BITS %d (%g) draw %d read %d named %d read as 0x%04x 0x%04x\n",
	       what, bits, (double)fbits, draw_back, read_back, named, (unsigned)format,
	       (unsigned)type);
}

/* A quad over the whole framebuffer in one colour. */
static void quad(float r, float g, float b, float a)
{
	glColor4f(r, g, b, a);
	glBegin(GL_QUADS);
	glVertex2f(-1, -1);
	glVertex2f(1, -1);
	glVertex2f(1, 1);
	glVertex2f(-1, 1);
	glEnd();
}

static void blend(const char *what, GLenum src, GLenum dst)
{
	glClearColor(0.0f, 0.0f, 1.0f, 0.25f);
	glClear(GL_COLOR_BUFFER_BIT);
	glEnable(GL_BLEND);
	glBlendFunc(src, dst);
	quad(1.0f, 0.5f, 0.0f, 0.5f);
	glDisable(GL_BLEND);
	pixel(what, 3, 3);
}

static void window_checks(void)
{
	sizes("window");
	masks("window, initial masks");
	glClearColor(0.25f, 0.5f, 0.75f, 0.25f);
	glClear(GL_COLOR_BUFFER_BIT);
	pixel("cleared, clear alpha 0.25", 1, 1);
	blend("blend ONE_MINUS_DST_ALPHA, DST_ALPHA", GL_ONE_MINUS_DST_ALPHA, GL_DST_ALPHA);
	blend("blend DST_ALPHA, ZERO", GL_DST_ALPHA, GL_ZERO);
	blend("blend SRC_ALPHA_SATURATE, ONE", GL_SRC_ALPHA_SATURATE, GL_ONE);
	blend("blend ONE, ONE_MINUS_DST_ALPHA", GL_ONE, GL_ONE_MINUS_DST_ALPHA);
	quad(0.25f, 0.5f, 0.75f, 0.0f);
	pixel("quad of alpha 0", 5, 5);

	glColorMask(GL_TRUE, GL_FALSE, GL_TRUE, GL_TRUE);
	masks("glColorMask(1,0,1,1)");
	quad(1.0f, 1.0f, 1.0f, 0.3f);
	pixel("white quad under (1,0,1,1)", 5, 5);
	p_glColorMaski(2, GL_FALSE, GL_TRUE, GL_FALSE, GL_FALSE);
	masks("glColorMaski(2, 0,1,0,0)");
	glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	masks("glColorMask(1,1,1,1)");

	float clear[4] = {0.5f, 0.25f, 0.125f, 0.0f};
	p_glClearBufferfv(GL_COLOR, 0, clear);
	pixel("glClearBufferfv alpha 0", 2, 2);
	float px[4 * 4];
	for (int i = 0; i < 4; i++) {
		px[i * 4 + 0] = 0.0f;
		px[i * 4 + 1] = 1.0f;
		px[i * 4 + 2] = 0.0f;
		px[i * 4 + 3] = 0.3f;
	}
	p_glWindowPos2i(8, 8);
	glDrawPixels(2, 2, GL_RGBA, GL_FLOAT, px);
	pixel("glDrawPixels alpha 0.3", 8, 8);

	/* copied into a texture: alpha 1.0 */
	GLuint tex;
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glCopyTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 8, 8, 4, 4, 0);
	uint8_t t[4 * 4 * 4];
	glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, t);
	errors("glCopyTexImage2D");
	printf("%-40s rgba %3u %3u %3u %3u\n", "glCopyTexImage2D of the window", t[0], t[1], t[2],
	       t[3]);
	glDeleteTextures(1, &tex);
}

static void fbo_checks(void)
{
	GLuint fb, rb;
	p_glGenFramebuffers(1, &fb);
	p_glGenRenderbuffers(1, &rb);
	p_glBindRenderbuffer(GL_RENDERBUFFER, rb);
	p_glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, W, H);
	p_glBindFramebuffer(GL_FRAMEBUFFER, fb);
	p_glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
	errors("FBO");
	sizes("FBO");
	masks("FBO, masks");
	glClearColor(1.0f, 0.0f, 0.0f, 0.5f);
	glClear(GL_COLOR_BUFFER_BIT);
	pixel("FBO cleared, alpha 0.5", 1, 1);
	blend("FBO blend ONE_MINUS_DST_ALPHA, DST_ALPHA", GL_ONE_MINUS_DST_ALPHA, GL_DST_ALPHA);
	glClearColor(1.0f, 0.0f, 0.0f, 0.5f);
	glClear(GL_COLOR_BUFFER_BIT);

	/* masks pushed in the window come back there; pushed in the window and popped in
	 * the FBO (an error for the draw buffer, the masks come back all the same) */
	p_glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glColorMask(GL_TRUE, GL_TRUE, GL_FALSE, GL_TRUE);
	glPushAttrib(GL_COLOR_BUFFER_BIT);
	glColorMask(GL_FALSE, GL_TRUE, GL_TRUE, GL_FALSE);
	p_glBindFramebuffer(GL_FRAMEBUFFER, fb);
	masks("FBO, (0,1,1,0)");
	p_glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glPopAttrib();
	masks("glPopAttrib in the window, (1,1,0,1)");
	quad(0.2f, 0.4f, 0.6f, 0.1f);
	pixel("window quad under (1,1,0,1)", 6, 6);
	glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_FALSE);
	glPushAttrib(GL_COLOR_BUFFER_BIT);
	glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	p_glBindFramebuffer(GL_FRAMEBUFFER, fb);
	glPopAttrib();
	printf("%-40s error 0x%04x\n", "glPopAttrib in the FBO", glGetError());
	masks("glPopAttrib in the FBO, (1,1,1,0)");
	/* (Not pushed in the FBO and popped in the window: Mesa sets the pushed draw
	 * buffer again, an error there, only if a colour-buffer command came in between,
	 * and glrender's own glColorMask at the bind is one. A known difference.) */
	p_glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	glPushAttrib(GL_COLOR_BUFFER_BIT);
	p_glBindFramebuffer(GL_FRAMEBUFFER, fb);
	p_glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glPopAttrib();
	printf("%-40s error 0x%04x\n", "glPopAttrib in the window", glGetError());
	masks("glPopAttrib in the window, (1,1,1,1)");
	quad(0.3f, 0.3f, 0.3f, 0.3f);
	pixel("window quad after it", 6, 6);
	p_glBindFramebuffer(GL_FRAMEBUFFER, fb);
	glClearColor(1.0f, 0.0f, 0.0f, 0.25f);
	glClear(GL_COLOR_BUFFER_BIT);
	pixel("FBO cleared after it, alpha 0.25", 1, 1);
	glClearColor(1.0f, 0.0f, 0.0f, 0.5f);
	glClear(GL_COLOR_BUFFER_BIT);
	glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	errors("attribute stack");

	/* blits and copies from the FBO (alpha 0.5) into the window */
	p_glBindFramebuffer(GL_READ_FRAMEBUFFER, fb);
	p_glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
	p_glBlitFramebuffer(0, 0, 16, 16, 0, 0, 16, 16, GL_COLOR_BUFFER_BIT, GL_NEAREST);
	p_glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
	pixel("window after a blit from the FBO", 4, 4);
	pixel("window outside the blit", 40, 40);
	p_glBindFramebuffer(GL_READ_FRAMEBUFFER, fb);
	p_glBlitNamedFramebuffer(fb, 0, 0, 0, 8, 8, 20, 20, 28, 28, GL_COLOR_BUFFER_BIT,
				 GL_NEAREST);
	glCopyPixels(0, 0, 4, 4, GL_COLOR); /* to the raster position, (8, 8) */
	p_glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
	pixel("window after glBlitNamedFramebuffer", 22, 22);
	pixel("window after glCopyPixels", 9, 9);
	errors("blits");

	/* the window blitted into the FBO: alpha 1.0 travels */
	p_glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
	p_glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fb);
	p_glBlitFramebuffer(0, 0, W, H, 0, 0, W, H, GL_COLOR_BUFFER_BIT, GL_NEAREST);
	p_glBindFramebuffer(GL_READ_FRAMEBUFFER, fb);
	pixel("FBO after a blit from the window", 30, 30);

	/* deleting the bound FBO binds the window again */
	p_glBindFramebuffer(GL_FRAMEBUFFER, fb);
	p_glDeleteFramebuffers(1, &fb);
	sizes("window after deleting the FBO");
	quad(0.0f, 1.0f, 1.0f, 0.2f);
	pixel("quad after deleting the FBO", 10, 10);
	errors("FBO end");
}

static void list_checks(void)
{
	GLuint list = glGenLists(1);
	glNewList(list, GL_COMPILE);
	glColorMask(GL_TRUE, GL_FALSE, GL_TRUE, GL_TRUE);
	glEndList();
	masks("after compiling a list");
	glCallList(list);
	masks("after calling it");
	quad(0.9f, 0.9f, 0.9f, 0.0f);
	pixel("quad under the list's mask", 12, 12);
	glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	glDeleteLists(list, 1);
	errors("lists");
}

int main(int argc, char **argv)
{
	bool ms = argc > 1 && strcmp(argv[1], "ms") == 0;
	Display *dpy = XOpenDisplay(NULL);
	if (!dpy)
		die("cannot open display '%s'", XDisplayName(NULL));
	int scr = DefaultScreen(dpy);
	int attribs[] = {GLX_RGBA,	     GLX_DOUBLEBUFFER, GLX_RED_SIZE,	  8,
			 GLX_GREEN_SIZE,     8,		       GLX_BLUE_SIZE,	  8,
			 GLX_SAMPLE_BUFFERS, ms ? 1 : 0,       GLX_SAMPLES,	  ms ? 4 : 0,
			 None};
	XVisualInfo *vi = glXChooseVisual(dpy, scr, attribs);
	if (!vi) {
		fprintf(stderr, "alpha: no such visual\n");
		return 77;
	}
	int alpha = -1, samples = -1;
	glXGetConfig(dpy, vi, GLX_ALPHA_SIZE, &alpha);
	glXGetConfig(dpy, vi, GLX_SAMPLES, &samples);
	if (alpha != 0)
		die("the chosen visual has %d alpha bits: this test needs one without", alpha);
	printf("visual: alpha %d samples %d\n", alpha, samples);
	Window root = RootWindow(dpy, scr);
	XSetWindowAttributes swa = {0};
	swa.colormap = XCreateColormap(dpy, root, vi->visual, AllocNone);
	swa.event_mask = StructureNotifyMask;
	Window win = XCreateWindow(dpy, root, 0, 0, W, H, 0, vi->depth, InputOutput, vi->visual,
				   CWColormap | CWEventMask, &swa);
	XMapWindow(dpy, win);
	for (XEvent ev;;) {
		XNextEvent(dpy, &ev);
		if (ev.type == MapNotify && ev.xmap.window == win)
			break;
	}
	GLXContext ctx = glXCreateContext(dpy, vi, NULL, True);
	if (!ctx || !glXMakeCurrent(dpy, win, ctx))
		die("no GLX context");
	const char *version = (const char *)glGetString(GL_VERSION);
	int major = 0, minor = 0;
	if (!version || sscanf(version, "%d.%d", &major, &minor) != 2 || major * 10 + minor < 45)
		die("GL_VERSION '%s': need 4.5", version ? version : "(null)");
	load_procs();
	errors("context");
	uint8_t a = 0;
	glReadPixels(0, 0, 1, 1, GL_ALPHA, GL_UNSIGNED_BYTE, &a);
	printf("%-40s alpha %3u\n", "before anything is drawn", a);

	window_checks();
	if (!ms)
		fbo_checks();
	list_checks();

	/* after a swap, and in a second context made current on the window */
	glXSwapBuffers(dpy, win);
	glClearColor(0.5f, 0.5f, 0.5f, 0.5f);
	glClear(GL_COLOR_BUFFER_BIT);
	pixel("cleared after the swap", 1, 1);
	GLXContext ctx2 = glXCreateContext(dpy, vi, NULL, True);
	if (!ctx2 || !glXMakeCurrent(dpy, win, ctx2))
		die("no second GLX context");
	sizes("second context");
	masks("second context, masks");
	quad(0.1f, 0.2f, 0.3f, 0.4f);
	pixel("second context quad", 2, 2);
	glXMakeCurrent(dpy, win, ctx);
	masks("first context again");
	glFinish();
	errors("end");
	glXMakeCurrent(dpy, None, NULL);
	glXDestroyContext(dpy, ctx2);
	glXDestroyContext(dpy, ctx);
	XDestroyWindow(dpy, win);
	XCloseDisplay(dpy);
	return 0;
}
