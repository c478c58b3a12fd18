/* glvnd-app.c — guards against GLVND programs (linked to libOpenGL.so.0 + libGLX.so.0,
 * not libGL.so.1) missing fakegl: it makes a context with glXCreateContextAttribsARB (a
 * GLX extension, dispatched by libGLX through the vendor), draws, swaps, reads pixels
 * back and prints what it saw and which GL libraries the process loaded.
 *
 *   glvnd-app [--frames N]
 *
 * stdout: "renderer: …", "pixel X Y: R G B" lines, "loaded: PATH" for each library
 * whose name starts with libGL or libOpenGL. Exit 0 on success, 1 with one line on
 * stderr naming the stage that failed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dl_iterate_phdr; meson defines it already */
#endif
#include <GL/gl.h>
#include <GL/glx.h>
#include <GL/glxext.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 96
#define H 64

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("glvnd-app: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int list_gl_lib(struct dl_phdr_info *info, size_t size, void *data)
{
	const char *base = strrchr(info->dlpi_name, '/');
	base = base ? base + 1 : info->dlpi_name;
	if (strncmp(base, "libGL", 5) == 0 || strncmp(base, "libOpenGL", 9) == 0)
		printf("loaded: %s\n", info->dlpi_name);
	return 0;
}

int main(int argc, char **argv)
{
	int frames = 3;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--frames") == 0 && i + 1 < argc)
			frames = atoi(argv[++i]);
		else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			puts("usage: glvnd-app [--frames N]");
			return 0;
		} else
			die("unknown argument '%s' (try --help)", argv[i]);
	}
	Display *dpy = XOpenDisplay(NULL);
	if (!dpy)
		die("cannot open display '%s'", getenv("DISPLAY") ? getenv("DISPLAY") : "");
	static const int fb_attribs[] = {GLX_RENDER_TYPE, GLX_RGBA_BIT, GLX_DRAWABLE_TYPE,
					 GLX_WINDOW_BIT, GLX_DOUBLEBUFFER, True, GLX_RED_SIZE, 8,
					 GLX_GREEN_SIZE, 8, GLX_BLUE_SIZE, 8, None};
	int n = 0;
	GLXFBConfig *configs = glXChooseFBConfig(dpy, DefaultScreen(dpy), fb_attribs, &n);
	if (!configs || n < 1)
		die("glXChooseFBConfig found no config");
	XVisualInfo *vis = glXGetVisualFromFBConfig(dpy, configs[0]);
	if (!vis)
		die("glXGetVisualFromFBConfig failed");
	Window root = RootWindow(dpy, vis->screen);
	XSetWindowAttributes swa = {0};
	swa.colormap = XCreateColormap(dpy, root, vis->visual, AllocNone);
	Window win = XCreateWindow(dpy, root, 0, 0, W, H, 0, vis->depth, InputOutput, vis->visual,
				   CWColormap, &swa);
	XStoreName(dpy, win, "glvnd-app");
	XMapWindow(dpy, win);
	XSync(dpy, False);

	PFNGLXCREATECONTEXTATTRIBSARBPROC create = (PFNGLXCREATECONTEXTATTRIBSARBPROC)
		glXGetProcAddressARB((const GLubyte *)"glXCreateContextAttribsARB");
	if (!create)
		die("no glXCreateContextAttribsARB");
	static const int ctx_attribs[] = {GLX_CONTEXT_MAJOR_VERSION_ARB, 2,
					  GLX_CONTEXT_MINOR_VERSION_ARB, 1, None};
	GLXContext ctx = create(dpy, configs[0], NULL, True, ctx_attribs);
	if (!ctx)
		die("glXCreateContextAttribsARB failed");
	if (!glXMakeContextCurrent(dpy, win, win, ctx))
		die("glXMakeContextCurrent failed");
	if (glXGetCurrentContext() != ctx)
		die("glXGetCurrentContext does not return the context made current");

	const char *renderer = (const char *)glGetString(GL_RENDERER);
	if (!renderer)
		die("glGetString(GL_RENDERER) returned NULL: no GL function reached a driver");
	printf("renderer: %s\n", renderer);
	for (int f = 0; f < frames; f++) {
		glViewport(0, 0, W, H);
		glClearColor(0.25f, 0.0f, 0.5f, 1.0f);
		glClear(GL_COLOR_BUFFER_BIT);
		glBegin(GL_TRIANGLES);
		glColor3f(0.0f, 1.0f, 0.0f);
		glVertex2f(-1.0f, -1.0f);
		glVertex2f(1.0f, -1.0f);
		glVertex2f(-1.0f, 1.0f);
		glEnd();
		if (f + 1 < frames)
			glXSwapBuffers(dpy, win);
	}
	static const int points[][2] = {{4, 4}, {W - 4, H - 4}, {W / 4, H / 4}};
	for (size_t i = 0; i < sizeof points / sizeof points[0]; i++) {
		unsigned char px[4] = {0};
		glReadPixels(points[i][0], points[i][1], 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
		printf("pixel %d %d: %u %u %u\n", points[i][0], points[i][1], px[0], px[1], px[2]);
	}
	GLenum err = glGetError();
	if (err != GL_NO_ERROR)
		die("GL error 0x%04x", (unsigned)err);
	glXSwapBuffers(dpy, win);
	dl_iterate_phdr(list_gl_lib, NULL);

	glXMakeContextCurrent(dpy, None, None, NULL);
	glXDestroyContext(dpy, ctx);
	XFree(configs);
	XFree(vis);
	XDestroyWindow(dpy, win);
	XCloseDisplay(dpy);
	return 0;
}
