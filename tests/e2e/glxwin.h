/* glxwin.h — the window of the e2e comparison programs (mapbuf.c, calls.c): a mapped
 * double-buffered RGB window with a current compatibility context of GL 4.5 or more,
 * made the same way on the system's libGL and on ours. die() is the program's own. */
#ifndef FAKEGL_TESTS_GLXWIN_H
#define FAKEGL_TESTS_GLXWIN_H

#include <GL/gl.h>
#include <GL/glx.h>
#include <X11/Xlib.h>
#include <stdio.h>

struct glxwin {
	Display *dpy;
	Window win;
	GLXContext ctx;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static struct glxwin glxwin_open(int w, int h)
{
	struct glxwin g;
	g.dpy = XOpenDisplay(NULL);
	if (!g.dpy)
		die("cannot open display '%s'", XDisplayName(NULL));
	int scr = DefaultScreen(g.dpy);
	int attribs[] = {GLX_RGBA, GLX_DOUBLEBUFFER, GLX_RED_SIZE, 8, GLX_GREEN_SIZE, 8,
			 GLX_BLUE_SIZE, 8, None};
	XVisualInfo *vi = glXChooseVisual(g.dpy, scr, attribs);
	if (!vi)
		die("glXChooseVisual: no double-buffered RGB visual");
	Window root = RootWindow(g.dpy, scr);
	XSetWindowAttributes swa = {0};
	swa.colormap = XCreateColormap(g.dpy, root, vi->visual, AllocNone);
	swa.event_mask = StructureNotifyMask;
	g.win = XCreateWindow(g.dpy, root, 0, 0, (unsigned)w, (unsigned)h, 0, vi->depth,
			      InputOutput, vi->visual, CWColormap | CWEventMask, &swa);
	XMapWindow(g.dpy, g.win);
	for (XEvent ev;;) {
		XNextEvent(g.dpy, &ev);
		if (ev.type == MapNotify && ev.xmap.window == g.win)
			break;
	}
	g.ctx = glXCreateContext(g.dpy, vi, NULL, True);
	XFree(vi);
	if (!g.ctx || !glXMakeCurrent(g.dpy, g.win, g.ctx))
		die("no GLX context");
	const char *version = (const char *)glGetString(GL_VERSION);
	int major = 0, minor = 0;
	if (!version || sscanf(version, "%d.%d", &major, &minor) != 2 || major * 10 + minor < 45)
		die("GL_VERSION '%s': need 4.5", version ? version : "(null)");
	return g;
}

static void glxwin_close(struct glxwin *g)
{
	glXMakeCurrent(g->dpy, None, NULL);
	glXDestroyContext(g->dpy, g->ctx);
	XDestroyWindow(g->dpy, g->win);
	XCloseDisplay(g->dpy);
}

#endif
