/* test-handshake.c — guards against a host that trusts hello lengths, accepts a wrong
 * token or version, hangs on a silent guest, and against unreadable guest errors. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suites.h"
#include "wire.h"

static uint8_t *le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
	return p + 4;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static struct wire_hello sample(const char *token)
{
	struct wire_hello h;

	memset(&h, 0, sizeof h);
	h.version = WIRE_VERSION;
	h.session = 0x0123456789abcdefull;
	h.pid = 4242;
	h.thread = 3;
	strcpy(h.name, "glxgears");
	strcpy(h.token, token);
	return h;
}

static void pair(int sv[2])
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
}

/* What the host side of a forked run reports back. */
struct server_result {
	int ret;
	struct wire_hello hello;
	char err[256];
};

/* Run the host in a child on sv[1] with token, the guest here on sv[0]. */
static int run_both(const struct wire_hello *h, const char *token, char *err, size_t errlen,
                    struct server_result *sr)
{
	int sv[2], p[2], ret, status;
	pid_t pid;

	pair(sv);
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct server_result r;

		memset(&r, 0, sizeof r);
		close(sv[0]);
		close(p[0]);
		r.ret = wire_server_handshake(sv[1], &r.hello, token, r.err, sizeof r.err);
		_exit(wire_write_all(p[1], &r, sizeof r) == 0 ? 0 : 1);
	}
	close(sv[1]);
	close(p[1]);
	ret = wire_client_handshake(sv[0], h, err, errlen);
	ck_assert_int_eq(wire_read_all(p[0], sr, sizeof *sr), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(sv[0]);
	close(p[0]);
	return ret;
}

START_TEST(ok)
{
	struct wire_hello h = sample("secret");
	struct server_result sr;
	char err[256] = "";

	ck_assert_msg(run_both(&h, "secret", err, sizeof err, &sr) == 0, "%s", err);
	ck_assert_msg(sr.ret == 0, "%s", sr.err);
	ck_assert_uint_eq(sr.hello.version, WIRE_VERSION);
	ck_assert(sr.hello.session == 0x0123456789abcdefull);
	ck_assert_uint_eq(sr.hello.pid, 4242);
	ck_assert_uint_eq(sr.hello.thread, 3);
	ck_assert_str_eq(sr.hello.name, "glxgears");
	ck_assert_str_eq(sr.hello.token, "secret");
}
END_TEST

START_TEST(ok_without_token)
{
	struct wire_hello h = sample("anything");
	struct server_result sr;
	char err[256] = "";

	/* A host that asks for no token takes any. */
	ck_assert_msg(run_both(&h, NULL, err, sizeof err, &sr) == 0, "%s", err);
	ck_assert_msg(sr.ret == 0, "%s", sr.err);
	h = sample("");
	ck_assert_msg(run_both(&h, "", err, sizeof err, &sr) == 0, "%s", err);
	ck_assert_msg(sr.ret == 0, "%s", sr.err);
}
END_TEST

START_TEST(guest_too_new)
{
	struct wire_hello h = sample("");
	struct server_result sr;
	char err[256] = "", want[128];

	h.version = WIRE_VERSION + 1;
	ck_assert_int_eq(run_both(&h, NULL, err, sizeof err, &sr), -1);
	snprintf(want, sizeof want, "glrender speaks protocol version %u, this libGL speaks %u",
	         WIRE_VERSION, WIRE_VERSION + 1);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(sr.ret, -1);
	snprintf(want, sizeof want, "the guest speaks protocol version %u, this glrender speaks %u",
	         WIRE_VERSION + 1, WIRE_VERSION);
	ck_assert_str_eq(sr.err, want);
}
END_TEST

/* An answer as a host would send it. */
static size_t answer(uint8_t *b, uint32_t magic, uint32_t version, uint32_t status,
                     const char *text)
{
	size_t n = strlen(text);
	uint8_t *p = b;

	p = le32(p, magic);
	p = le32(p, version);
	p = le32(p, status);
	p = le32(p, (uint32_t)n);
	memset(p, 0, wire_pad4(n));
	memcpy(p, text, n);
	return 16 + wire_pad4(n);
}

/* Put an answer in the socket before the guest asks: one thread is enough. */
static int client_against(const uint8_t *ans, size_t n, char *err, size_t errlen)
{
	struct wire_hello h = sample("");
	int sv[2], ret;

	pair(sv);
	ck_assert_int_eq(wire_write_all(sv[1], ans, n), 0);
	ret = wire_client_handshake(sv[0], &h, err, errlen);
	close(sv[0]);
	close(sv[1]);
	return ret;
}

START_TEST(host_too_new)
{
	uint8_t b[64];
	char err[256];

	ck_assert_int_eq(
	    client_against(b, answer(b, WIRE_MAGIC, WIRE_VERSION + 1, WIRE_EVERSION, "newer"), err,
			   sizeof err),
	    -1);
	char want[128];
	snprintf(want, sizeof want, "glrender speaks protocol version %u, this libGL speaks %u",
		 WIRE_VERSION + 1, WIRE_VERSION);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(bad_token)
{
	struct wire_hello h = sample("wrong");
	struct server_result sr;
	char err[256] = "";

	ck_assert_int_eq(run_both(&h, "secret", err, sizeof err, &sr), -1);
	ck_assert_str_eq(err, "glrender refused the token");
	ck_assert_int_eq(errno, EACCES);
	ck_assert_int_eq(sr.ret, -1);
	ck_assert_str_eq(sr.err, "the guest sent a wrong token");

	/* A prefix of the token is no better. */
	h = sample("secre");
	ck_assert_int_eq(run_both(&h, "secret", err, sizeof err, &sr), -1);
	ck_assert_str_eq(sr.err, "the guest sent a wrong token");
	h = sample("secret!");
	ck_assert_int_eq(run_both(&h, "secret", err, sizeof err, &sr), -1);
	h = sample("");
	ck_assert_int_eq(run_both(&h, "secret", err, sizeof err, &sr), -1);
	ck_assert_str_eq(err, "glrender refused the token");
	ck_assert_str_eq(sr.err, "the guest sent no token");
}
END_TEST

START_TEST(client_bad_magic)
{
	uint8_t b[64];
	char err[256];

	ck_assert_int_eq(client_against(b, answer(b, 0x50545448, 1, 0, ""), err, sizeof err), -1);
	ck_assert_str_eq(err, "the peer is not glrender (bad magic)");
}
END_TEST

START_TEST(client_busy_and_unknown)
{
	uint8_t b[64];
	char err[256];

	ck_assert_int_eq(
	    client_against(b, answer(b, WIRE_MAGIC, 1, WIRE_EBUSY, "8 clients\n"), err, sizeof err),
	    -1);
	ck_assert_str_eq(err, "glrender refuses more clients: 8 clients?");
	ck_assert_int_eq(client_against(b, answer(b, WIRE_MAGIC, 1, 77, ""), err, sizeof err), -1);
	ck_assert_str_eq(err, "glrender refused the connection (status 77)");
}
END_TEST

START_TEST(client_answer_too_long)
{
	uint8_t b[64], *p = b;
	char err[256];

	p = le32(p, WIRE_MAGIC);
	p = le32(p, 1);
	p = le32(p, WIRE_OK);
	p = le32(p, 1025);
	ck_assert_int_eq(client_against(b, (size_t)(p - b), err, sizeof err), -1);
	ck_assert_str_eq(err, "glrender sent a malformed answer (text of 1025 bytes)");
}
END_TEST

START_TEST(client_peer_closes)
{
	struct wire_hello h = sample("");
	uint8_t b[64];
	char err[256];
	int sv[2];

	/* Before anything. */
	pair(sv);
	close(sv[1]);
	ck_assert_int_eq(wire_client_handshake(sv[0], &h, err, sizeof err), -1);
	ck_assert_str_eq(err, "glrender closed the connection during the handshake");
	close(sv[0]);

	/* In the middle of the answer. */
	pair(sv);
	ck_assert_int_eq(wire_write_all(sv[1], b, answer(b, WIRE_MAGIC, 1, 0, "hello") - 4), 0);
	shutdown(sv[1], SHUT_WR);
	ck_assert_int_eq(wire_client_handshake(sv[0], &h, err, sizeof err), -1);
	ck_assert_str_eq(err, "glrender closed the connection during the handshake");
	ck_assert_int_ne(errno, 0);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(client_keeps_fd_state)
{
	uint8_t b[64];
	struct wire_hello h = sample("");
	struct timeval tv;
	socklen_t len = sizeof tv;
	char err[256];
	int sv[2];

	pair(sv);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	ck_assert_int_eq(wire_write_all(sv[1], b, answer(b, WIRE_MAGIC, 1, WIRE_OK, "")), 0);
	ck_assert_msg(wire_client_handshake(sv[0], &h, err, sizeof err) == 0, "%s", err);
	ck_assert_int_ne(fcntl(sv[0], F_GETFL) & O_NONBLOCK, 0);
	ck_assert_int_eq(getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, &len), 0);
	ck_assert(tv.tv_sec == 0 && tv.tv_usec == 0);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(client_encode_refused)
{
	struct wire_hello h = sample("");
	char err[256];

	memset(h.name, 'n', sizeof h.name); /* no NUL */
	ck_assert_int_eq(wire_client_handshake(-1, &h, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "name or token too long"));
}
END_TEST

/* Feed raw bytes to the host; return its result and what it answered (0 bytes: nothing). */
static int server_against(const uint8_t *in, size_t n, bool eof, const char *token, char *err,
                          size_t errlen, uint8_t *ans, size_t anscap, long *anslen)
{
	struct wire_hello out;
	int sv[2], ret;

	pair(sv);
	ck_assert_int_eq(wire_write_all(sv[0], in, n), 0);
	if (eof)
		shutdown(sv[0], SHUT_WR);
	ret = wire_server_handshake(sv[1], &out, token, err, errlen);
	close(sv[1]);
	*anslen = wire_read_some(sv[0], ans, anscap, true);
	if (*anslen < 0)
		*anslen = 0;
	close(sv[0]);
	return ret;
}

START_TEST(server_answers)
{
	struct wire_hello h = sample("tok");
	uint8_t b[512], ans[64];
	char err[256];
	long n;
	size_t len = wire_hello_encode(&h, b, sizeof b);

	ck_assert_uint_gt(len, 0);
	ck_assert_int_eq(server_against(b, len, false, "tok", err, sizeof err, ans, sizeof ans, &n),
	                 0);
	ck_assert_int_eq(n, 16);
	ck_assert_uint_eq(get32(ans), WIRE_MAGIC);
	ck_assert_uint_eq(get32(ans + 4), WIRE_VERSION);
	ck_assert_uint_eq(get32(ans + 8), WIRE_OK);
	ck_assert_uint_eq(get32(ans + 12), 0);

	/* A version mismatch is answered with the host's version. */
	le32(b + 8, 7);
	ck_assert_int_eq(server_against(b, len, false, "tok", err, sizeof err, ans, sizeof ans, &n),
	                 -1);
	ck_assert_int_ge(n, 16);
	ck_assert_uint_eq(get32(ans + 4), WIRE_VERSION);
	ck_assert_uint_eq(get32(ans + 8), WIRE_EVERSION);
	char want[128];
	snprintf(want, sizeof want, "the guest speaks protocol version 7, this glrender speaks %u",
		 WIRE_VERSION);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(server_bad_magic)
{
	static const char http[] = "GET / HTTP/1.1\r\n\r\n";
	struct wire_hello h = sample("");
	uint8_t b[512], ans[64];
	char err[256];
	long n;
	size_t len = wire_hello_encode(&h, b, sizeof b);

	le32(b + 4, 0xdeadbeef);
	ck_assert_int_eq(server_against(b, len, false, NULL, err, sizeof err, ans, sizeof ans, &n),
	                 -1);
	ck_assert_str_eq(err, "the peer is not a fakegl guest (bad magic 0xdeadbeef)");
	ck_assert_int_eq(n, 0); /* not answered: it is not one of ours */

	/* Something else entirely: its first word is a huge length. */
	ck_assert_int_eq(server_against((const uint8_t *)http, sizeof http - 1, true, NULL, err,
	                                sizeof err, ans, sizeof ans, &n),
	                 -1);
	ck_assert_ptr_nonnull(strstr(err, "refused (at most 4096)"));
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(server_truncated)
{
	struct wire_hello h = sample("");
	uint8_t b[512], ans[64];
	char err[256];
	long n;
	size_t len = wire_hello_encode(&h, b, sizeof b);

	for (size_t cut = 0; cut < len; cut++) {
		ck_assert_int_eq(
		    server_against(b, cut, true, NULL, err, sizeof err, ans, sizeof ans, &n), -1);
		ck_assert_msg(strcmp(err, "the guest closed the connection during the handshake") ==
		                  0,
		              "cut at %zu: %s", cut, err);
		ck_assert_int_eq(n, 0);
	}
}
END_TEST

START_TEST(server_lengths)
{
	struct wire_hello h = sample("tok");
	uint8_t b[8192], ans[64];
	char err[256];
	long n;
	size_t len = wire_hello_encode(&h, b, sizeof b);

	/* The outer length, too long and too short. */
	le32(b, 4097);
	ck_assert_int_eq(server_against(b, 4, true, NULL, err, sizeof err, ans, sizeof ans, &n),
	                 -1);
	ck_assert_str_eq(err, "hello of 4097 bytes refused (at most 4096): not a fakegl guest?");
	le32(b, 0xffffffff);
	ck_assert_int_eq(server_against(b, 4, true, NULL, err, sizeof err, ans, sizeof ans, &n),
	                 -1);
	ck_assert_ptr_nonnull(strstr(err, "refused"));
	le32(b, 4);
	ck_assert_int_eq(server_against(b, 8, true, NULL, err, sizeof err, ans, sizeof ans, &n),
	                 -1);
	ck_assert_str_eq(err, "hello of 4 bytes is too short");

	/* Inner lengths that point past the bytes received. */
	len = wire_hello_encode(&h, b, sizeof b);
	le32(b + 28, 1000); /* name length */
	ck_assert_int_eq(server_against(b, len, false, NULL, err, sizeof err, ans, sizeof ans, &n),
	                 -1);
	ck_assert_str_eq(err, "malformed hello");
	ck_assert_int_eq(n, 0);
	len = wire_hello_encode(&h, b, sizeof b);
	le32(b + 28, 0xfffffffe);
	ck_assert_int_eq(server_against(b, len, false, NULL, err, sizeof err, ans, sizeof ans, &n),
	                 -1);
	ck_assert_str_eq(err, "malformed hello");
	len = wire_hello_encode(&h, b, sizeof b);
	le32(b + 32 + 8, 0x7fffffff); /* token length, after "glxgears" */
	ck_assert_int_eq(server_against(b, len, false, NULL, err, sizeof err, ans, sizeof ans, &n),
	                 -1);
	ck_assert_str_eq(err, "malformed hello");

	/* An outer length that is larger than the hello, within bounds: padded with zeros,
	 * the hello no longer ends where the length says. */
	len = wire_hello_encode(&h, b, sizeof b);
	memset(b + len, 0, 4096);
	le32(b, 4096);
	ck_assert_int_eq(server_against(b, 4100, false, NULL, err, sizeof err, ans, sizeof ans, &n),
	                 -1);
	ck_assert_str_eq(err, "malformed hello");
}
END_TEST

START_TEST(server_silent_guest)
{
	struct wire_hello out;
	struct timeval tv;
	socklen_t tl = sizeof tv;
	char err[256];
	int sv[2];

	/* It says nothing and keeps the connection open: the host gives up after 5 s. */
	pair(sv);
	ck_assert_int_eq(wire_server_handshake(sv[1], &out, NULL, err, sizeof err), -1);
	ck_assert_str_eq(err, "the guest sent no hello within 5 s");
	ck_assert_int_eq(getsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, &tl), 0);
	ck_assert(tv.tv_sec == 0 && tv.tv_usec == 0);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(server_token_too_long)
{
	char token[200], err[256];
	struct wire_hello out;

	memset(token, 't', sizeof token - 1);
	token[sizeof token - 1] = '\0';
	ck_assert_int_eq(wire_server_handshake(-1, &out, token, err, sizeof err), -1);
	ck_assert_str_eq(err, "the token is longer than 127 bytes");
}
END_TEST

START_TEST(busy_answer)
{
	struct wire_hello h = sample("");
	char err[256];
	int sv[2];

	pair(sv);
	ck_assert_int_eq(wire_server_answer(sv[1], WIRE_EBUSY, "too many clients"), 0);
	ck_assert_int_eq(wire_client_handshake(sv[0], &h, err, sizeof err), -1);
	ck_assert_int_eq(errno, EBUSY);
	ck_assert_str_eq(err, "glrender refuses more clients: too many clients");
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(encode_decode)
{
	struct wire_hello h = sample("0123456789"), back;
	uint8_t b[512];
	size_t len = wire_hello_encode(&h, b, sizeof b);

	/* 4 + 32 fixed, "glxgears" 8, token 10 padded to 12. */
	ck_assert_uint_eq(len, 4 + 32 + 8 + 12);
	ck_assert_uint_eq(get32(b), len - 4);
	ck_assert_uint_eq(get32(b + 4), WIRE_MAGIC);
	ck_assert_int_eq(memcmp(b + 4, "FGL1", 4), 0);
	ck_assert_uint_eq(get32(b + 12), 0x89abcdef);
	ck_assert_uint_eq(get32(b + 16), 0x01234567);
	ck_assert_int_eq(b[len - 1], 0); /* padding */
	ck_assert_int_eq(wire_hello_decode(b, len, &back), 0);
	ck_assert_int_eq(memcmp(&h, &back, sizeof h), 0);

	/* Every shorter buffer, one more byte, a wrong outer length: refused. */
	for (size_t cut = 0; cut < len; cut++) {
		le32(b, (uint32_t)(cut >= 4 ? cut - 4 : 0));
		ck_assert_int_eq(wire_hello_decode(b, cut, &back), -1);
		ck_assert_int_eq(errno, EPROTO);
	}
	len = wire_hello_encode(&h, b, sizeof b);
	b[len] = 0;
	le32(b, (uint32_t)(len + 1 - 4));
	ck_assert_int_eq(wire_hello_decode(b, len + 1, &back), -1);
	le32(b, (uint32_t)len);
	ck_assert_int_eq(wire_hello_decode(b, len, &back), -1);

	/* A NUL inside the name. */
	len = wire_hello_encode(&h, b, sizeof b);
	b[32 + 2] = 0;
	ck_assert_int_eq(wire_hello_decode(b, len, &back), -1);

	/* Too small a buffer for encoding; the longest name and token fit. */
	ck_assert_uint_eq(wire_hello_encode(&h, b, 20), 0);
	memset(h.name, 'n', WIRE_NAME_MAX - 1);
	memset(h.token, 't', WIRE_TOKEN_MAX - 1);
	len = wire_hello_encode(&h, b, sizeof b);
	ck_assert_uint_eq(len, 4 + 32 + 64 + 128);
	ck_assert_int_eq(wire_hello_decode(b, len, &back), 0);
	ck_assert_str_eq(back.token, h.token);
	/* A name length of 64 (no room for the NUL) is refused. */
	le32(b + 28, 64);
	ck_assert_int_eq(wire_hello_decode(b, len, &back), -1);
}
END_TEST

Suite *handshake_suite(void)
{
	Suite *s = suite_create("handshake");
	TCase *tc = tcase_create("both sides");

	tcase_add_test(tc, ok);
	tcase_add_test(tc, ok_without_token);
	tcase_add_test(tc, guest_too_new);
	tcase_add_test(tc, bad_token);
	tcase_add_test(tc, busy_answer);
	suite_add_tcase(s, tc);
	tc = tcase_create("guest");
	tcase_add_test(tc, host_too_new);
	tcase_add_test(tc, client_bad_magic);
	tcase_add_test(tc, client_busy_and_unknown);
	tcase_add_test(tc, client_answer_too_long);
	tcase_add_test(tc, client_peer_closes);
	tcase_add_test(tc, client_keeps_fd_state);
	tcase_add_test(tc, client_encode_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("host");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, server_answers);
	tcase_add_test(tc, server_bad_magic);
	tcase_add_test(tc, server_truncated);
	tcase_add_test(tc, server_lengths);
	tcase_add_test(tc, server_silent_guest);
	tcase_add_test(tc, server_token_too_long);
	suite_add_tcase(s, tc);
	tc = tcase_create("bytes");
	tcase_add_test(tc, encode_decode);
	suite_add_tcase(s, tc);
	return s;
}
