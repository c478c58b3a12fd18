/* bench-roundtrip.c — guards against slow synchronous calls: times N glGetError calls
 * (each one a round trip to glrender when run through fakegl) and prints the mean,
 * median and 99th percentile in microseconds.
 *
 *   bench-roundtrip [-n N] [-l LABEL]     (default N = 20000) */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "glwin.h"

#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	long n = 20000;
	const char *label = "glGetError";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "-l") && i + 1 < argc)
			label = argv[++i];
		else {
			fprintf(stderr, "usage: %s [-n N] [-l LABEL]\n", argv[0]);
			return 2;
		}
	}
	if (n < 100)
		n = 100;
	double *t = malloc((size_t)n * sizeof *t);
	if (!t) {
		fprintf(stderr, "bench-roundtrip: out of memory\n");
		return 1;
	}
	struct glwin w;
	glwin_open(&w, "bench-roundtrip");
	glFinish();
	for (int i = 0; i < 100; i++) /* warm up */
		(void)glGetError();
	GLenum bad = GL_NO_ERROR;
	double sum = 0;
	for (long i = 0; i < n; i++) {
		double t0 = now_s();
		GLenum e = glGetError();
		t[i] = (now_s() - t0) * 1e6;
		sum += t[i];
		if (e != GL_NO_ERROR)
			bad = e;
	}
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	printf("roundtrip %-10s n=%ld mean=%.2f us p50=%.2f us p99=%.2f us max=%.2f us\n", label,
	       n, sum / (double)n, t[n / 2], t[n * 99 / 100], t[n - 1]);
	free(t);
	glwin_close(&w);
	if (bad != GL_NO_ERROR) {
		fprintf(stderr, "bench-roundtrip: glGetError returned 0x%x\n", bad);
		return 1;
	}
	return 0;
}
