/* bench-frame.c — guards against a slow frame path: frames per second (and so MB/s of
 * pixels) of a window that is only cleared and swapped, and the latency from
 * glXSwapBuffers to the new colour being in the X window, at one window size.
 *
 *   bench-frame [-s SECONDS] [-n LATENCY_SAMPLES] [-g WxH] [-l LABEL]
 *
 * Throughput: glClear + glXSwapBuffers for SECONDS, then glFinish. Latency: a colour of
 * its own per sample, glClear, then the time from glXSwapBuffers (followed by glFinish,
 * which a forwarder may need to receive the frame) until XGetImage of the window's centre
 * shows that colour. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "glwin.h"

#include <X11/Xutil.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The colour of sample i, exact in 8 bits per channel. */
static void sample_color(int i, unsigned rgb[3])
{
	rgb[0] = (unsigned)(37 * i + 11) & 0xff;
	rgb[1] = (unsigned)(91 * i + 57) & 0xff;
	rgb[2] = (unsigned)(13 * i + 201) & 0xff;
}

static bool window_shows(Display *dpy, Window win, int x, int y, const unsigned rgb[3])
{
	XImage *img = XGetImage(dpy, win, x, y, 1, 1, AllPlanes, ZPixmap);
	if (!img)
		return false;
	unsigned long p = XGetPixel(img, 0, 0);
	bool ok = ((p >> 16) & 0xff) == rgb[0] && ((p >> 8) & 0xff) == rgb[1] &&
		  (p & 0xff) == rgb[2];
	XDestroyImage(img);
	return ok;
}

int main(int argc, char **argv)
{
	double seconds = 3;
	int samples = 100, width = 400, height = 300;
	const char *label = "";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-s") && i + 1 < argc)
			seconds = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "-n") && i + 1 < argc)
			samples = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-g") && i + 1 < argc) {
			if (sscanf(argv[++i], "%dx%d", &width, &height) != 2 || width < 1 ||
			    height < 1 || width > 4096 || height > 4096) {
				fprintf(stderr, "bench-frame: bad size '%s' (WxH)\n", argv[i]);
				return 2;
			}
		} else if (!strcmp(argv[i], "-l") && i + 1 < argc)
			label = argv[++i];
		else {
			fprintf(stderr, "usage: %s [-s SECONDS] [-n SAMPLES] [-g WxH] [-l LABEL]\n",
				argv[0]);
			return 2;
		}
	}
	if (samples < 1)
		samples = 1;
	struct glwin w;
	glwin_open_sized(&w, "bench-frame", width, height);
	glViewport(0, 0, width, height);

	/* throughput */
	glClearColor(0.f, 0.f, 0.f, 1.f);
	glClear(GL_COLOR_BUFFER_BIT);
	glXSwapBuffers(w.dpy, w.win);
	glFinish();
	long frames = 0;
	double t0 = now_s(), t1;
	do {
		for (int k = 0; k < 10; k++, frames++) {
			glClearColor((float)(frames & 255) / 255.f, 0.5f, 0.25f, 1.f);
			glClear(GL_COLOR_BUFFER_BIT);
			glXSwapBuffers(w.dpy, w.win);
		}
		t1 = now_s();
	} while (t1 - t0 < seconds);
	glFinish();
	t1 = now_s();
	double fps = (double)frames / (t1 - t0);
	double mb = fps * width * height * 4 * 1e-6;

	/* latency */
	double *lat = calloc((size_t)samples, sizeof *lat);
	if (!lat)
		return 1;
	int missed = 0;
	for (int i = 0; i < samples; i++) {
		unsigned rgb[3];
		sample_color(i, rgb);
		glClearColor((float)rgb[0] / 255.f, (float)rgb[1] / 255.f, (float)rgb[2] / 255.f,
			     1.f);
		glClear(GL_COLOR_BUFFER_BIT);
		glFinish();
		double s0 = now_s(), s1;
		glXSwapBuffers(w.dpy, w.win);
		glFinish();
		for (;;) {
			s1 = now_s();
			if (window_shows(w.dpy, w.win, width / 2, height / 2, rgb))
				break;
			if (s1 - s0 > 1.0) {
				missed++;
				break;
			}
		}
		lat[i] = (s1 - s0) * 1e6;
	}
	qsort(lat, (size_t)samples, sizeof *lat, cmp_double);
	double sum = 0;
	for (int i = 0; i < samples; i++)
		sum += lat[i];
	printf("frame %-8s %dx%d %8.1f FPS %8.1f MB/s  swap-to-window mean %7.0f us p50 %7.0f "
	       "us p99 %7.0f us%s\n",
	       label, width, height, fps, mb, sum / samples, lat[samples / 2],
	       lat[(samples * 99) / 100 < samples ? (samples * 99) / 100 : samples - 1],
	       missed ? " (some frames never showed)" : "");
	free(lat);
	GLenum e = glGetError();
	glwin_close(&w);
	if (missed) {
		fprintf(stderr, "bench-frame: %d of %d frames did not reach the window in 1 s\n",
			missed, samples);
		return 1;
	}
	if (e != GL_NO_ERROR) {
		fprintf(stderr, "bench-frame: glGetError returned 0x%x\n", e);
		return 1;
	}
	return 0;
}
