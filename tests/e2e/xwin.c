/* xwin.c — guards against end-to-end tests that hang or pass on an empty window: finds
 * an application's window by its title, waits until it is shown, screenshots it (what
 * the X server holds, through XGetImage) and sends it keys, with core X11 only.
 *
 *   xwin wait TITLE [SECONDS]     print the window id once it is mapped (default 10 s)
 *   xwin shot TITLE FILE.ppm      write its contents as a binary PPM, rows top-down
 *   xwin key TITLE KEYSYM         send a KeyPress and KeyRelease (e.g. Escape)
 *   xwin gone TITLE [SECONDS]     wait until no window of that title is shown (10 s)
 *
 * Exit 0 on success, 1 with one line on stderr otherwise. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* nanosleep; meson defines it already */
#endif
#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int x_error(Display *dpy, XErrorEvent *ev)
{
	char text[256];
	XGetErrorText(dpy, ev->error_code, text, sizeof text);
	fprintf(stderr, "xwin: X error: %s (request %d)\n", text, ev->request_code);
	exit(1);
}

/* The first viewable window under w (depth first) whose WM_NAME is title. */
static Window find(Display *dpy, Window w, const char *title, int depth)
{
	XTextProperty name = {0};
	XWindowAttributes wa;
	/* WM_NAME as bytes, whatever its encoding: SDL2 sets it as UTF8_STRING, which
	 * XFetchName refuses. */
	if (XGetWMName(dpy, w, &name) && name.value) {
		int match = name.format == 8 && name.nitems == strlen(title) &&
			    !memcmp(name.value, title, name.nitems);
		XFree(name.value);
		if (match && XGetWindowAttributes(dpy, w, &wa) && wa.map_state == IsViewable)
			return w;
	}
	if (depth == 0)
		return None;
	Window root, parent, *kids = NULL, found = None;
	unsigned n = 0;
	if (!XQueryTree(dpy, w, &root, &parent, &kids, &n))
		return None;
	for (unsigned i = 0; i < n && found == None; i++)
		found = find(dpy, kids[i], title, depth - 1);
	if (kids)
		XFree(kids);
	return found;
}

static Window wait_for(Display *dpy, const char *title, double seconds)
{
	for (double waited = 0; waited <= seconds; waited += 0.05) {
		Window w = find(dpy, DefaultRootWindow(dpy), title, 3);
		if (w != None)
			return w;
		struct timespec ts = {0, 50 * 1000000L};
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "xwin: no window titled '%s' appeared within %g s\n", title, seconds);
	exit(1);
}

static unsigned channel(unsigned long pixel, unsigned long mask)
{
	int shift = 0;
	if (!mask)
		return 0;
	while (!((mask >> shift) & 1))
		shift++;
	unsigned long max = mask >> shift;
	return (unsigned)((((pixel & mask) >> shift) * 255 + max / 2) / max);
}

static int shot(Display *dpy, Window w, const char *path)
{
	XWindowAttributes wa;
	if (!XGetWindowAttributes(dpy, w, &wa))
		return 1;
	XImage *img =
	    XGetImage(dpy, w, 0, 0, (unsigned)wa.width, (unsigned)wa.height, AllPlanes, ZPixmap);
	if (!img) {
		fprintf(stderr, "xwin: XGetImage failed\n");
		return 1;
	}
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "xwin: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	fprintf(f, "P6\n%d %d\n255\n", wa.width, wa.height);
	for (int y = 0; y < wa.height; y++)
		for (int x = 0; x < wa.width; x++) {
			unsigned long p = XGetPixel(img, x, y);
			unsigned char rgb[3] = {(unsigned char)channel(p, img->red_mask),
			                        (unsigned char)channel(p, img->green_mask),
			                        (unsigned char)channel(p, img->blue_mask)};
			fwrite(rgb, 1, 3, f);
		}
	XDestroyImage(img);
	if (fclose(f) != 0) {
		fprintf(stderr, "xwin: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

static int key(Display *dpy, Window w, const char *keysym_name)
{
	KeySym sym = XStringToKeysym(keysym_name);
	if (sym == NoSymbol) {
		fprintf(stderr, "xwin: unknown keysym '%s'\n", keysym_name);
		return 1;
	}
	XKeyEvent ev = {0};
	ev.display = dpy;
	ev.window = w;
	ev.root = DefaultRootWindow(dpy);
	ev.subwindow = None;
	ev.time = CurrentTime;
	ev.same_screen = True;
	ev.keycode = XKeysymToKeycode(dpy, sym);
	ev.type = KeyPress;
	XSendEvent(dpy, w, True, KeyPressMask, (XEvent *)&ev);
	ev.type = KeyRelease;
	XSendEvent(dpy, w, True, KeyReleaseMask, (XEvent *)&ev);
	XSync(dpy, False);
	return 0;
}

/* 0 once no viewable window is titled title, 1 (with a line) after seconds. */
static int gone(Display *dpy, const char *title, double seconds)
{
	for (double waited = 0; waited <= seconds; waited += 0.05) {
		if (find(dpy, DefaultRootWindow(dpy), title, 3) == None)
			return 0;
		struct timespec ts = {0, 50 * 1000000L};
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "xwin: the window titled '%s' was still shown after %g s\n", title,
		seconds);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: xwin wait TITLE [SECONDS] | shot TITLE FILE.ppm | "
		                "key TITLE KEYSYM | gone TITLE [SECONDS]\n");
		return 2;
	}
	Display *dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fprintf(stderr, "xwin: cannot open display '%s'\n", XDisplayName(NULL));
		return 1;
	}
	XSetErrorHandler(x_error);
	const char *cmd = argv[1], *title = argv[2];
	int rc = 0;
	if (!strcmp(cmd, "wait")) {
		Window w = wait_for(dpy, title, argc > 3 ? atof(argv[3]) : 10.0);
		printf("0x%lx\n", (unsigned long)w);
	} else if (!strcmp(cmd, "shot") && argc == 4) {
		rc = shot(dpy, wait_for(dpy, title, 10.0), argv[3]);
	} else if (!strcmp(cmd, "gone")) {
		rc = gone(dpy, title, argc > 3 ? atof(argv[3]) : 10.0);
	} else if (!strcmp(cmd, "key") && argc == 4) {
		rc = key(dpy, wait_for(dpy, title, 10.0), argv[3]);
	} else {
		fprintf(stderr, "xwin: bad command '%s' or argument count\n", cmd);
		rc = 2;
	}
	XCloseDisplay(dpy);
	return rc;
}
