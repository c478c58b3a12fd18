/* fuzz-gls.c — guards against a .gls trace that crashes or hangs its reader: the input is a
 * whole trace file held in memory, opened (header, index or its rebuilding), then every
 * chunk and every command read as glstream's info, stats and dump read them. */
#include <stddef.h>
#include <stdint.h>

#include "gls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct gls_trace *t = gls_open_memory(data, size, err, sizeof err);
	if (!t)
		return 0;
	uint64_t off = gls_first_chunk(t);
	struct gls_chunk c;
	while (gls_read_chunk(t, &off, &c, err, sizeof err) > 0)
		;
	/* from the start, and from the last frame (a seek through the index) */
	uint64_t starts[2] = {0, gls_frames(t)};
	for (int i = 0; i < 2; i++) {
		struct gls_cursor *cur = gls_cursor_new(t, starts[i], err, sizeof err);
		struct gls_command cmd;
		uint64_t sum = 0;
		while (cur && gls_cursor_next(cur, &cmd, err, sizeof err) > 0)
			sum += cmd.len ? cmd.payload[cmd.len - 1] : 0; /* touch the last byte */
		gls_cursor_free(cur);
		(void)sum;
	}
	(void)gls_note(t, "GL_VERSION");
	gls_close(t);
	return 0;
}
