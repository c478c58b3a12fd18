/* test-buffers.c — guards against glrender keeping the buffer of a huge command or answer after it ran (a GiB per guest for the rest of its connection: piglit's max-texture-size ran the conformance run out of memory). */
/*
 * A client is made by hand, as in tests/bench/bench-decode.c, with a GL whose every entry
 * point does nothing (glGetError answers GL_NO_ERROR), so that no driver or display is
 * needed; the bytes reach c->in in pieces, as glrender's read loop takes them from the
 * socket. Answers go to the other end of a socketpair, read by a thread.
 */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dec_gl.h"
#include "glr.h"

static void noop(void)
{
}

static GLenum no_error(void)
{
	return GL_NO_ERROR;
}

static glr_proc get_proc(const char *name)
{
	if (!strcmp(name, "glGetError"))
		return (glr_proc)no_error;
	return noop;
}

static struct glr_share share = {.refs = 1};
static struct glr_context ctx = {.id = 1, .share = &share};
static struct glr_client c;
static int peer = -1;

static void setup(void)
{
	glr_gl_load(get_proc);
	pthread_mutex_init(&share.lock, NULL);
	ctx.pack = ctx.unpack = (struct wire_pixelstore)WIRE_PIXELSTORE_DEFAULT;
	int sv[2];
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	c = (struct glr_client){.fd = sv[0], .ctx = &ctx};
	peer = sv[1];
	strcpy(c.peer, "test-buffers");
	c.in_cap = GLR_IN_START;
	c.in = malloc(c.in_cap);
	ck_assert_ptr_nonnull(c.in);
}

static void teardown(void)
{
	for (int i = 0; i < GLR_MAX_OUTPUTS; i++)
		free(c.out[i]);
	free(c.in);
	close(c.fd);
	close(peer);
}

static size_t put(uint8_t *m, size_t at, uint32_t v)
{
	memcpy(m + at, &v, 4);
	return at + 4;
}

/* Encode op with the words given, then (pixels: a byte count and that many bytes) as the
 * guest lays it out; *len: its size. */
static uint8_t *command(uint32_t op, const uint32_t *words, size_t n, size_t pixels, size_t *len)
{
	size_t payload = 4 * n + (pixels ? 4 + wire_pad4(pixels) : 0);
	size_t hb = wire_hdr_bytes(payload);
	uint8_t *m = calloc(1, hb + payload);
	ck_assert_ptr_nonnull(m);
	wire_put_hdr((uint32_t *)(void *)m, op, hb + payload);
	size_t at = hb;
	for (size_t i = 0; i < n; i++)
		at = put(m, at, words[i]);
	if (pixels) {
		at = put(m, at, (uint32_t)pixels);
		memset(m + at, 0x5a, pixels);
	}
	*len = hb + payload;
	return m;
}

/* Hand bytes to the client as the read loop does, at most piece bytes at a time (what
 * one read returns). Returns the largest c->in_cap seen on the way. */
static size_t feed(const uint8_t *bytes, size_t n, size_t piece)
{
	size_t most = c.in_cap;
	while (n) {
		size_t room = c.in_cap - c.in_len, k = n < piece ? n : piece;
		k = k < room ? k : room;
		ck_assert_uint_gt(k, 0);
		memcpy(c.in + c.in_len, bytes, k);
		c.in_len += k;
		bytes += k;
		n -= k;
		ck_assert_int_eq(glr_run_commands(&c), 0);
		most = c.in_cap > most ? c.in_cap : most;
	}
	return most;
}

/* glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, data) */
static uint8_t *tex_sub_image(uint32_t w, uint32_t h, size_t *len)
{
	const uint32_t words[] = {GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE};
	return command(OP_glTexSubImage2D, words, 8, (size_t)w * h * 4, len);
}

START_TEST(huge_command_given_back)
{
	/* 80 MiB of pixels, then a small command after it in the same read */
	size_t big_len, small_len;
	uint8_t *big = tex_sub_image(4096, 5120, &big_len);
	uint8_t *small = tex_sub_image(4, 4, &small_len);
	ck_assert_uint_gt(big_len, GLR_KEEP_BUFFER);
	/* while it arrives, the buffer holds it whole */
	size_t half = big_len / 2;
	ck_assert_uint_ge(feed(big, half, (size_t)1 << 20), big_len);
	ck_assert_uint_ge(c.in_cap, big_len);
	uint8_t *rest = malloc(big_len - half + small_len);
	ck_assert_ptr_nonnull(rest);
	memcpy(rest, big + half, big_len - half);
	memcpy(rest + big_len - half, small, small_len);
	feed(rest, big_len - half + small_len, (size_t)1 << 20);
	ck_assert(!c.dropped);
	ck_assert_uint_eq(c.in_len, 0);
	ck_assert_uint_le(c.in_cap, GLR_KEEP_BUFFER);
	/* and the next huge one is taken as well */
	feed(big, big_len, (size_t)4 << 20);
	ck_assert(!c.dropped);
	ck_assert_uint_eq(c.in_len, 0);
	ck_assert_uint_le(c.in_cap, GLR_KEEP_BUFFER);
	free(rest);
	free(small);
	free(big);
}
END_TEST

START_TEST(smaller_command_keeps_its_buffer)
{
	/* 16 MiB a frame (a 2048² texture streamed): no page faults again each time */
	size_t len;
	uint8_t *m = tex_sub_image(2048, 2048, &len);
	feed(m, len, (size_t)1 << 20);
	ck_assert(!c.dropped);
	ck_assert_uint_ge(c.in_cap, len);
	size_t cap = c.in_cap;
	feed(m, len, (size_t)1 << 20);
	ck_assert_uint_eq(c.in_cap, cap);
	free(m);
}
END_TEST

struct drain {
	int fd;
	size_t bytes;
};

static void *drain(void *arg)
{
	struct drain *d = arg;
	static uint8_t buf[1 << 16];
	ssize_t n;
	while ((n = read(d->fd, buf, sizeof buf)) > 0)
		d->bytes += (size_t)n;
	return NULL;
}

START_TEST(huge_answer_given_back)
{
	/* glReadPixels(0, 0, 4096, 5120, GL_RGBA, GL_UNSIGNED_BYTE): an 80 MiB answer */
	const uint32_t words[] = {0, 0, 4096, 5120, GL_RGBA, GL_UNSIGNED_BYTE, 0};
	size_t len;
	uint8_t *m = command(OP_glReadPixels, words, 7, 0, &len);
	struct drain d = {peer, 0};
	pthread_t reader;
	ck_assert_int_eq(pthread_create(&reader, NULL, drain, &d), 0);
	feed(m, len, len);
	ck_assert(!c.dropped);
	shutdown(c.fd, SHUT_WR);
	pthread_join(reader, NULL);
	ck_assert_uint_ge(d.bytes, (size_t)4096 * 5120 * 4);
	ck_assert_uint_le(c.out_cap[0], GLR_KEEP_BUFFER);
	free(m);
}
END_TEST

static Suite *buffers_suite(void)
{
	Suite *s = suite_create("buffers");
	TCase *tc = tcase_create("client");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, huge_command_given_back);
	tcase_add_test(tc, smaller_command_keeps_its_buffer);
	tcase_add_test(tc, huge_answer_given_back);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(buffers_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
