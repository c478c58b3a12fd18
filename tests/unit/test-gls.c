/* test-gls.c — guards against .gls traces that lose or misplace commands: the writer fed
 * byte by byte (as glrender --record receives them), long commands across chunks, several
 * threads, frames and their index; and against a reader that crashes on a cut trace. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gl_ops.h"
#include "gls.h"
#include "wire.h"

static char path[64];

static void setup(void)
{
	snprintf(path, sizeof path, "/tmp/test-gls-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

static void teardown(void)
{
	unlink(path);
}

/* A command of op with n payload words of value v (the long form when n is large). */
static size_t put_cmd(uint8_t *p, uint32_t op, uint32_t n, uint32_t v)
{
	size_t hb = wire_hdr_bytes((size_t)n * 4);
	size_t total = hb + (size_t)n * 4;
	wire_put_hdr((uint32_t *)(void *)p, op, total);
	for (uint32_t i = 0; i < n; i++)
		memcpy(p + hb + 4 * i, &v, 4);
	return total;
}

static uint8_t *read_file(size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *d = malloc(*len + 1);
	ck_assert_uint_eq(fread(d, 1, *len, f), *len);
	fclose(f);
	return d;
}

/* Three frames of thread 0 (one with a 300000-word command), a command of thread 1. */
static size_t make_stream(uint8_t *s)
{
	size_t n = 0;
	for (int f = 0; f < 3; f++) {
		n += put_cmd(s + n, OP_glClear, 1, 0x4000);
		n += put_cmd(s + n, OP_glVertex3f, 3, (uint32_t)f);
		if (f == 1)
			n += put_cmd(s + n, OP_glBufferData, 300000, 7);
		n += put_cmd(s + n, OP_glXSwapBuffers, 1, 0x200002);
	}
	n += put_cmd(s + n, OP_glFinish, 0, 0);
	return n;
}

static void write_trace(const uint8_t *s, size_t n, size_t piece, bool compress)
{
	char err[256];
	struct gls_writer_info info = {.source = "test", .program = "prog", .cmdline = "prog -x",
				       .pid = 42, .compress = compress};
	struct gls_writer *w = gls_writer_open(path, &info, err, sizeof err);
	ck_assert_msg(w != NULL, "%s", err);
	for (size_t at = 0; at < n; at += piece)
		ck_assert_int_eq(gls_writer_commands(w, 0, s + at, at + piece < n ? piece : n - at), 0);
	uint8_t other[64];
	size_t k = put_cmd(other, OP_glFlush, 0, 0);
	ck_assert_int_eq(gls_writer_commands(w, 1, other, k), 0);
	ck_assert_int_eq(gls_writer_note(w, "GL_VERSION", "4.5 test"), 0);
	ck_assert_int_eq(gls_writer_close(w, err, sizeof err), 0);
}

static void check_trace(const uint8_t *s, size_t n)
{
	size_t len;
	char err[256];
	uint8_t *d = read_file(&len);
	struct gls_trace *t = gls_open_memory(d, len, err, sizeof err);
	ck_assert_msg(t != NULL, "%s", err);
	ck_assert(gls_indexed(t));
	ck_assert_str_eq(gls_header(t)->program, "prog");
	ck_assert_str_eq(gls_header(t)->cmdline, "prog -x");
	ck_assert_uint_eq(gls_header(t)->pid, 42);
	ck_assert_uint_eq(gls_frames(t), 3);
	ck_assert_uint_eq(gls_calls(t), 12);
	ck_assert_uint_eq(gls_frame(t, 1)->call, 3);
	ck_assert_uint_eq(gls_frame(t, 2)->call, 7);
	/* all commands, in order, byte for byte */
	struct gls_cursor *cur = gls_cursor_new(t, 0, err, sizeof err);
	struct gls_command c;
	size_t at = 0;
	int count = 0, r;
	while ((r = gls_cursor_next(cur, &c, err, sizeof err)) > 0) {
		if (c.thread == 1) {
			ck_assert_uint_eq(c.op, OP_glFlush);
			continue;
		}
		ck_assert_uint_le(c.wire_len, n - at);
		ck_assert_mem_eq(s + at + (c.wire_len - c.len), c.payload, c.len);
		ck_assert_uint_eq(c.call, (uint64_t)count);
		at += c.wire_len;
		count++;
	}
	ck_assert_msg(r == 0, "%s", err);
	ck_assert_uint_eq(at, n);
	ck_assert_str_eq(gls_note(t, "GL_VERSION"), "4.5 test");
	gls_cursor_free(cur);
	/* a cursor at frame 2 starts with its first command */
	cur = gls_cursor_new(t, 2, err, sizeof err);
	ck_assert_int_eq(gls_cursor_next(cur, &c, err, sizeof err), 1);
	ck_assert_uint_eq(c.call, 7);
	ck_assert_uint_eq(c.frame, 2);
	ck_assert_uint_eq(c.op, OP_glClear);
	gls_cursor_free(cur);
	gls_close(t);
	free(d);
}

START_TEST(roundtrip)
{
	static uint8_t s[1300000];
	size_t n = make_stream(s);
	static const size_t pieces[] = {1, 3, 4096, 2000000};
	for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
		write_trace(s, n, pieces[i], i % 2 == 0);
		check_trace(s, n);
	}
}
END_TEST

/* Every cut of a trace: opened or refused with a reason, never a crash; the frames
 * before the cut survive without the index. */
START_TEST(truncated)
{
	static uint8_t s[1300000];
	size_t n = make_stream(s), len;
	write_trace(s, n, 4096, true);
	uint8_t *d = read_file(&len);
	char err[256];
	for (size_t cut = 0; cut < len; cut += cut < 200 ? 1 : 97) {
		uint8_t *copy = malloc(cut + 1);
		memcpy(copy, d, cut);
		struct gls_trace *t = gls_open_memory(copy, cut, err, sizeof err);
		if (t) {
			ck_assert(!gls_indexed(t));
			struct gls_cursor *cur = gls_cursor_new(t, 0, err, sizeof err);
			struct gls_command c;
			while (gls_cursor_next(cur, &c, err, sizeof err) > 0)
				;
			gls_cursor_free(cur);
			gls_close(t);
		} else {
			ck_assert(err[0] != 0);
		}
		free(copy);
	}
	free(d);
}
END_TEST

static Suite *gls_suite(void)
{
	Suite *s = suite_create("gls");
	TCase *tc = tcase_create("trace");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, roundtrip);
	tcase_add_test(tc, truncated);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(gls_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
