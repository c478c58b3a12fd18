/* bench-encode.c — guards against a slow guest encoder: times calls that return nothing
 * (immediate-mode vertex calls of several argument shapes, between glBegin and glEnd)
 * and prints calls per second of the loop alone, and of the loop plus glFinish (what
 * the host needed to catch up).
 *
 *   bench-encode [-n MILLIONS] [-l LABEL]     (default 5 million calls per shape) */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "glwin.h"

#include <string.h>

enum shape { VERTEX3F, VERTEX3FV, COLOR4UB, NORMAL3F, TEXCOORD2I, SHAPES };
static const char *const shape_names[SHAPES] = {
	[VERTEX3F] = "glVertex3f", [VERTEX3FV] = "glVertex3fv", [COLOR4UB] = "glColor4ub",
	[NORMAL3F] = "glNormal3f", [TEXCOORD2I] = "glTexCoord2i",
};

/* Vertices far outside the view volume: the host clips them, it draws nothing. */
static void batch(enum shape s, long calls)
{
	static const GLfloat v[3] = {10.f, 10.f, 10.f};
	glBegin(GL_POINTS);
	for (long i = 0; i < calls; i++) {
		float f = (float)(i & 1023) + 100.f;
		switch (s) {
		case VERTEX3F: glVertex3f(f, f, f); break;
		case VERTEX3FV: glVertex3fv(v); break;
		case COLOR4UB: glColor4ub((GLubyte)i, 2, 3, 4); break;
		case NORMAL3F: glNormal3f(f, 0.f, 1.f); break;
		case TEXCOORD2I: glTexCoord2i((GLint)i, 1); break;
		case SHAPES: break;
		}
	}
	glEnd();
}

int main(int argc, char **argv)
{
	double millions = 5;
	const char *label = "";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			millions = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "-l") && i + 1 < argc)
			label = argv[++i];
		else {
			fprintf(stderr, "usage: %s [-n MILLIONS] [-l LABEL]\n", argv[0]);
			return 2;
		}
	}
	const long per_batch = 4096;
	long batches = (long)(millions * 1e6) / per_batch;
	if (batches < 1)
		batches = 1;
	struct glwin w;
	glwin_open(&w, "bench-encode");
	glFinish();
	for (enum shape s = 0; s < SHAPES; s++) {
		batch(s, per_batch); /* warm up */
		glFinish();
		double t0 = now_s();
		for (long b = 0; b < batches; b++)
			batch(s, per_batch);
		double t1 = now_s();
		glFinish();
		double t2 = now_s();
		double calls = (double)(batches * (per_batch + 2)); /* + glBegin, glEnd */
		printf("encode %-8s %-12s %6.1f Mcalls/s loop, %6.1f Mcalls/s to glFinish (%.0f calls)\n",
		       label, shape_names[s], calls / (t1 - t0) * 1e-6, calls / (t2 - t0) * 1e-6,
		       calls);
	}
	GLenum e = glGetError();
	glwin_close(&w);
	if (e != GL_NO_ERROR) {
		fprintf(stderr, "bench-encode: glGetError returned 0x%x\n", e);
		return 1;
	}
	return 0;
}
