/* bench-decode.c — guards against a slow host decoder: times glrender's command loop
 * (cutting the stream into commands, the bounds checks, the generated decoders) on a
 * synthesized stream of one call shape at a time, against a GL whose every entry point
 * does nothing, so that only the host's own cost is measured (issue 6: at least 50
 * million simple calls per second).
 *
 *   bench-decode [-s SECONDS] [-o SHAPE]     (default 1 s per shape, every shape)
 *
 * Needs no display, no driver and no guest: the client is made by hand with a current
 * context that exists only for the decoders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dec_gl.h"
#include "glr.h"

/* One no-op stands for every GL function: the decoders call through glr_gl with the
 * real arguments; this ignores them (void (void) is the generic function type). */
static void noop(void)
{
}

static glr_proc get_noop(const char *name)
{
	(void)name;
	return noop;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

enum shape { VERTEX3F, COLOR4UB, NORMAL3F, UNIFORM4FV, TEXSUBIMAGE2D, SHAPES };
static const char *const shape_names[SHAPES] = {
	[VERTEX3F] = "glVertex3f", [COLOR4UB] = "glColor4ub", [NORMAL3F] = "glNormal3f",
	[UNIFORM4FV] = "glUniform4fv", [TEXSUBIMAGE2D] = "glTexSubImage2D-4x4",
};

static size_t put(uint8_t *m, size_t at, uint32_t v)
{
	memcpy(m + at, &v, 4);
	return at + 4;
}

static size_t putf(uint8_t *m, size_t at, float f)
{
	memcpy(m + at, &f, 4);
	return at + 4;
}

/* One command of shape s at m, laid out as the generated encoder lays it out (wire/
 * PROTOCOL.md, "Commands": a one-word header, scalars in words, pointer data as a
 * count word and the bytes). Returns its size. */
static size_t encode_one(enum shape s, uint8_t *m, uint32_t i)
{
	size_t at = 4;
	uint32_t op = 0;
	float f = (float)(i & 1023);
	switch (s) {
	case VERTEX3F:
		op = OP_glVertex3f;
		at = putf(m, at, f);
		at = putf(m, at, f);
		at = putf(m, at, f);
		break;
	case COLOR4UB:
		op = OP_glColor4ub;
		for (int k = 0; k < 4; k++)
			at = put(m, at, (i + (uint32_t)k) & 0xff);
		break;
	case NORMAL3F:
		op = OP_glNormal3f;
		at = putf(m, at, f);
		at = putf(m, at, 0.f);
		at = putf(m, at, 1.f);
		break;
	case UNIFORM4FV:
		op = OP_glUniform4fv;
		at = put(m, at, 0); /* location */
		at = put(m, at, 1); /* count */
		at = put(m, at, 16);
		for (int k = 0; k < 4; k++)
			at = putf(m, at, f);
		break;
	case TEXSUBIMAGE2D:
		op = OP_glTexSubImage2D;
		at = put(m, at, 0x0DE1); /* GL_TEXTURE_2D */
		at = put(m, at, 0);
		at = put(m, at, i & 7);
		at = put(m, at, 0);
		at = put(m, at, 4);
		at = put(m, at, 4);
		at = put(m, at, 0x1908); /* GL_RGBA */
		at = put(m, at, 0x1401); /* GL_UNSIGNED_BYTE */
		at = put(m, at, 64);
		memset(m + at, (int)i, 64);
		at += 64;
		break;
	case SHAPES:
		break;
	}
	put(m, 0, WIRE_HDR(op, at / 4));
	return at;
}

int main(int argc, char **argv)
{
	double seconds = 1;
	const char *only = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-s") && i + 1 < argc)
			seconds = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			only = argv[++i];
		else {
			fprintf(stderr, "usage: %s [-s SECONDS] [-o SHAPE]\n", argv[0]);
			return 2;
		}
	}
	glr_gl_load(get_noop);

	/* A client with a current context, as glXMakeCurrent would leave it. */
	struct glr_share share = {.refs = 1};
	pthread_mutex_init(&share.lock, NULL);
	struct glr_context x = {.id = 1, .share = &share};
	x.pack = x.unpack = (struct wire_pixelstore)WIRE_PIXELSTORE_DEFAULT;
	struct glr_client c = {.fd = -1, .ctx = &x};
	snprintf(c.peer, sizeof c.peer, "bench-decode");
	/* A guest's batch: 256 KiB, as libfakegl sends them (FGL_BATCH_SIZE). */
	const size_t batch = 256 * 1024;
	uint8_t *stream = malloc(batch);
	c.in = malloc(batch);
	c.in_cap = batch;
	if (!stream || !c.in) {
		fprintf(stderr, "bench-decode: out of memory\n");
		return 1;
	}
	int rc = 0;
	for (enum shape s = 0; s < SHAPES; s++) {
		if (only && strcmp(only, shape_names[s]))
			continue;
		size_t len = 0;
		long calls = 0;
		uint8_t one[128];
		for (;;) {
			size_t n = encode_one(s, one, (uint32_t)calls);
			if (len + n > batch)
				break;
			memcpy(stream + len, one, n);
			len += n;
			calls++;
		}
		long batches = 0;
		double t0 = now_s(), t1;
		do {
			for (int k = 0; k < 16; k++) {
				/* what the read loop does: the bytes arrive in c->in */
				memcpy(c.in, stream, len);
				c.in_len = len;
				if (glr_run_commands(&c) < 0 || c.in_len != 0) {
					fprintf(stderr, "bench-decode: %s: the host refused the stream\n",
						shape_names[s]);
					return 1;
				}
			}
			batches += 16;
			t1 = now_s();
		} while (t1 - t0 < seconds);
		double total = (double)calls * (double)batches;
		printf("decode %-20s %7.1f Mcalls/s %7.0f MB/s (%zu bytes/call, %.0f calls)\n",
		       shape_names[s], total / (t1 - t0) * 1e-6,
		       (double)len * (double)batches / (t1 - t0) * 1e-6, len / (size_t)calls, total);
	}
	free(stream);
	free(c.in);
	return rc;
}
