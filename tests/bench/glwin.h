/* glwin.h — guards against micro benchmarks that time a context-less libGL: the
 * smallest GLX set-up (a 64x64 window and a current context, core X11 only), shared
 * by the programs in this folder, plus a monotonic clock. */
#ifndef BENCH_GLWIN_H
#define BENCH_GLWIN_H

#include <GL/gl.h>
#include <GL/glx.h>
#include <X11/Xlib.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct glwin {
	Display *dpy;
	Window win;
	GLXContext ctx;
};

static inline double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Open $DISPLAY, make a double-buffered RGB window of width×height current, mapped;
 * exit 1 with one line on failure (exit 77, a skip, when there is no display at all). */
static inline void glwin_open_sized(struct glwin *w, const char *prog, int width, int height)
{
	int attrs[] = {GLX_RGBA, GLX_DOUBLEBUFFER, GLX_RED_SIZE, 8, GLX_GREEN_SIZE, 8,
		       GLX_BLUE_SIZE, 8, GLX_DEPTH_SIZE, 16, None};
	w->dpy = XOpenDisplay(NULL);
	if (!w->dpy) {
		fprintf(stderr, "%s: cannot open display (is $DISPLAY set?)\n", prog);
		exit(77);
	}
	XVisualInfo *vi = glXChooseVisual(w->dpy, DefaultScreen(w->dpy), attrs);
	if (!vi) {
		fprintf(stderr, "%s: glXChooseVisual found no RGBA double-buffered visual\n", prog);
		exit(1);
	}
	Window root = RootWindow(w->dpy, vi->screen);
	XSetWindowAttributes swa = {0};
	swa.colormap = XCreateColormap(w->dpy, root, vi->visual, AllocNone);
	swa.background_pixmap = None; /* no server-side clears between frames */
	swa.event_mask = StructureNotifyMask;
	w->win = XCreateWindow(w->dpy, root, 0, 0, (unsigned)width, (unsigned)height, 0, vi->depth,
			       InputOutput, vi->visual, CWColormap | CWBackPixmap | CWEventMask,
			       &swa);
	XStoreName(w->dpy, w->win, prog);
	XMapWindow(w->dpy, w->win);
	for (XEvent ev;;) {
		XNextEvent(w->dpy, &ev);
		if (ev.type == MapNotify && ev.xmap.window == w->win)
			break;
	}
	w->ctx = glXCreateContext(w->dpy, vi, NULL, True);
	XFree(vi);
	if (!w->ctx || !glXMakeCurrent(w->dpy, w->win, w->ctx)) {
		fprintf(stderr, "%s: cannot create or make current a GLX context\n", prog);
		exit(1);
	}
}

static inline void glwin_open(struct glwin *w, const char *prog)
{
	glwin_open_sized(w, prog, 64, 64);
}

static inline void glwin_close(struct glwin *w)
{
	glXMakeCurrent(w->dpy, None, NULL);
	glXDestroyContext(w->dpy, w->ctx);
	XDestroyWindow(w->dpy, w->win);
	XCloseDisplay(w->dpy);
}

#endif
