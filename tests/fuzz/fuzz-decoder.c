/* fuzz-decoder.c — guards against a guest byte stream that crashes or corrupts glrender: the
 * input is what a client sends after its handshake, run through glrender's own read loop
 * (glr_client_feed) and decoders on a real EGL context (llvmpipe, surfaceless). A libFuzzer
 * target with -Dfuzz=true; replay.c runs the same function over saved inputs elsewhere. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dec_gl.h"
#include "glr.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ready; /* 1: EGL up; -1: no EGL display here */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char desc[256], err[256];
	if (glr_egl_init(getenv("FAKEGL_FUZZ_EGL_DEVICE"), desc, sizeof desc, err, sizeof err) < 0) {
		fprintf(stderr, "fuzz-decoder: %s\n", err);
		ready = -1;
		return -1; /* replay.c skips; libFuzzer ignores it and every input does nothing */
	}
	glr_gl_load(glr_egl_proc);
	glr_alpha_wrap();
	/* Limits small enough that no input makes the driver allocate gigabytes. */
	glr_options.max_drawable = 1024;
	glr_options.max_memory = (size_t)64 << 20;
	glr_options.max_command = (size_t)16 << 20;
	/* and no draw takes llvmpipe a minute (a billion vertices did, 2026-11-27) */
	glr_options.max_draw = (size_t)1 << 20;
	ready = 1;
	return 0;
}

/* A session that starts as every guest's does: a compatibility context (id 1) current on a
 * 64×64 double-buffered drawable (id 1). The input may make others. */
static void setup(struct glr_client *c)
{
	uint32_t create[8] = {WIRE_HDR(OP_glXCreateContext, 8), 1, 0, 0, 0, 0, 0, 0};
	uint32_t current[16] = {WIRE_HDR(OP_glXMakeCurrent, 16), 1, 1, 1, 64, 64, 64, 64, 8, 8, 8,
				8, 24, 8, 0, 1};
	glr_client_feed(c, create, sizeof create);
	glr_client_feed(c, current, sizeof current);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t sessions;
	if (!ready) {
		int argc = 0;
		char **argv = NULL;
		LLVMFuzzerInitialize(&argc, &argv);
	}
	if (ready < 0)
		return 0;
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC); /* the answers go nowhere */
	if (fd < 0)
		abort();
	struct wire_hello hello = {.version = WIRE_VERSION, .session = ++sessions, .pid = 1};
	strcpy(hello.name, "fuzz");
	struct glr_client *c = glr_client_new(fd, &hello);
	if (!c)
		abort();
	setup(c);
	glr_client_feed(c, data, size);
	glr_client_free(c);
	return 0;
}
