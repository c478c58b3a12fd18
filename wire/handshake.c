/* handshake.c — the hello a guest sends on each new connection and the answer
 * of the host (wire/PROTOCOL.md, "Handshake"). Every length is checked against
 * the bytes received before it is used. */
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#define HELLO_MAX 4096  /* bytes after the length word */
#define HELLO_FIXED 32  /* magic .. token length, with empty name and token */
#define ANSWER_FIXED 16 /* magic, version, status, text length */
#define ANSWER_TEXT_MAX 1024
#define SERVER_TIMEOUT_S 5  /* a silent guest must not hold a host thread */
#define CLIENT_TIMEOUT_S 10 /* nor a silent peer an application */

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- the descriptor's state during a handshake --------------------------- */

struct fd_state {
	int flags; /* -1: not read */
	struct timeval rcvtimeo;
	bool rcvtimeo_saved;
};

/* Make fd blocking with a receive timeout, so that a read that waits too long
 * fails with EAGAIN; fd_restore puts back what was there. Failures are
 * ignored: a descriptor that is not a socket simply waits. */
static void fd_prepare(int fd, int seconds, struct fd_state *s)
{
	struct timeval tv = {.tv_sec = seconds};
	socklen_t len = sizeof s->rcvtimeo;

	s->flags = fcntl(fd, F_GETFL);
	if (s->flags >= 0 && (s->flags & O_NONBLOCK))
		fcntl(fd, F_SETFL, s->flags & ~O_NONBLOCK);
	s->rcvtimeo_saved = getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &s->rcvtimeo, &len) == 0;
	if (s->rcvtimeo_saved)
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

static void fd_restore(int fd, const struct fd_state *s)
{
	int saved = errno;

	if (s->rcvtimeo_saved)
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &s->rcvtimeo, sizeof s->rcvtimeo);
	if (s->flags >= 0 && (s->flags & O_NONBLOCK))
		fcntl(fd, F_SETFL, s->flags);
	errno = saved;
}

/* ---- the hello --------------------------------------------------------- */

size_t wire_hello_encode(const struct wire_hello *h, uint8_t *buf, size_t cap)
{
	size_t nl = strnlen(h->name, WIRE_NAME_MAX);
	size_t tl = strnlen(h->token, WIRE_TOKEN_MAX);
	size_t total, pos;

	if (nl == WIRE_NAME_MAX || tl == WIRE_TOKEN_MAX)
		return 0; /* not NUL-terminated */
	total = 4 + HELLO_FIXED + wire_pad4(nl) + wire_pad4(tl);
	if (total > cap)
		return 0;
	memset(buf, 0, total);
	put32(buf, (uint32_t)(total - 4));
	put32(buf + 4, WIRE_MAGIC);
	put32(buf + 8, h->version);
	put32(buf + 12, (uint32_t)h->session);
	put32(buf + 16, (uint32_t)(h->session >> 32));
	put32(buf + 20, h->pid);
	put32(buf + 24, h->thread);
	put32(buf + 28, (uint32_t)nl);
	memcpy(buf + 32, h->name, nl);
	pos = 32 + wire_pad4(nl);
	put32(buf + pos, (uint32_t)tl);
	memcpy(buf + pos + 4, h->token, tl);
	return total;
}

/* A counted string at buf[*pos] (len bytes in all): at most max-1 bytes, no NUL. */
static int get_string(const uint8_t *buf, size_t len, size_t *pos, char *out, size_t max)
{
	uint32_t n;

	if (len - *pos < 4)
		return -1;
	n = get32(buf + *pos);
	*pos += 4;
	if (n >= max || wire_pad4(n) > len - *pos || memchr(buf + *pos, '\0', n))
		return -1;
	memcpy(out, buf + *pos, n);
	out[n] = '\0';
	*pos += wire_pad4(n);
	return 0;
}

int wire_hello_decode(const uint8_t *buf, size_t len, struct wire_hello *out)
{
	struct wire_hello h;
	size_t pos;

	memset(&h, 0, sizeof h);
	if (len < 4 + HELLO_FIXED || len > 4 + HELLO_MAX || get32(buf) != len - 4 ||
	    get32(buf + 4) != WIRE_MAGIC)
		goto bad;
	h.version = get32(buf + 8);
	h.session = (uint64_t)get32(buf + 12) | (uint64_t)get32(buf + 16) << 32;
	h.pid = get32(buf + 20);
	h.thread = get32(buf + 24);
	pos = 28;
	if (get_string(buf, len, &pos, h.name, sizeof h.name) < 0 ||
	    get_string(buf, len, &pos, h.token, sizeof h.token) < 0 || pos != len)
		goto bad;
	*out = h;
	return 0;
bad:
	errno = EPROTO;
	return -1;
}

/* ---- the answer ---------------------------------------------------------- */

int wire_server_answer(int fd, uint32_t status, const char *text)
{
	uint8_t buf[ANSWER_FIXED + ANSWER_TEXT_MAX];
	size_t n = text ? strnlen(text, ANSWER_TEXT_MAX) : 0;

	memset(buf, 0, sizeof buf);
	put32(buf, WIRE_MAGIC);
	put32(buf + 4, WIRE_VERSION);
	put32(buf + 8, status);
	put32(buf + 12, (uint32_t)n);
	if (n)
		memcpy(buf + ANSWER_FIXED, text, n);
	return wire_write_all(fd, buf, ANSWER_FIXED + wire_pad4(n));
}

/* The host's text, safe to print on one line. */
static void printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

static bool peer_gone(int e)
{
	return e == 0 || e == EPIPE || e == ECONNRESET;
}

int wire_client_handshake(int fd, const struct wire_hello *h, char *err, size_t errlen)
{
	uint8_t hello[4 + HELLO_MAX];
	uint8_t ans[ANSWER_FIXED];
	char text[ANSWER_TEXT_MAX + 4];
	struct fd_state st;
	uint32_t version, status, tlen;
	size_t n;
	int ret = -1, saved = EPROTO;

	n = wire_hello_encode(h, hello, sizeof hello);
	if (n == 0) {
		set_err(err, errlen, "cannot encode the hello: name or token too long");
		errno = EINVAL;
		return -1;
	}
	fd_prepare(fd, CLIENT_TIMEOUT_S, &st);
	if (wire_write_all(fd, hello, n) < 0 || wire_read_all(fd, ans, sizeof ans) < 0) {
		saved = errno;
		if (peer_gone(saved))
			set_err(err, errlen, "glrender closed the connection during the handshake");
		else if (saved == EAGAIN || saved == EWOULDBLOCK)
			set_err(err, errlen, "glrender did not answer the handshake within %d s",
			        CLIENT_TIMEOUT_S);
		else
			set_err(err, errlen, "handshake failed: %s", strerror(saved));
		if (saved == 0)
			saved = ECONNRESET;
		goto exit;
	}
	if (get32(ans) != WIRE_MAGIC) {
		set_err(err, errlen, "the peer is not glrender (bad magic)");
		goto exit;
	}
	version = get32(ans + 4);
	status = get32(ans + 8);
	tlen = get32(ans + 12);
	if (tlen > ANSWER_TEXT_MAX) {
		set_err(err, errlen, "glrender sent a malformed answer (text of %u bytes)",
		        (unsigned)tlen);
		goto exit;
	}
	if (wire_read_all(fd, text, wire_pad4(tlen)) < 0) {
		saved = errno;
		if (peer_gone(saved))
			set_err(err, errlen, "glrender closed the connection during the handshake");
		else
			set_err(err, errlen, "handshake failed: %s", strerror(saved));
		if (saved == 0)
			saved = ECONNRESET;
		goto exit;
	}
	text[tlen] = '\0';
	printable(text);
	switch (status) {
	case WIRE_OK:
		ret = 0;
		break;
	case WIRE_EVERSION:
		set_err(err, errlen, "glrender speaks protocol version %u, this libGL speaks %u",
		        (unsigned)version, (unsigned)h->version);
		break;
	case WIRE_ETOKEN:
		set_err(err, errlen, "glrender refused the token");
		saved = EACCES;
		break;
	case WIRE_EBUSY:
		set_err(err, errlen, "glrender refuses more clients%s%s", tlen ? ": " : "", text);
		saved = EBUSY;
		break;
	default:
		set_err(err, errlen, "glrender refused the connection (status %u)%s%s",
		        (unsigned)status, tlen ? ": " : "", text);
		break;
	}
exit:
	fd_restore(fd, &st);
	if (ret < 0)
		errno = saved;
	return ret;
}

/* Constant time over the whole buffers, so that timing tells nothing of how
 * much of a guessed token was right. */
static bool token_equal(const char a[WIRE_TOKEN_MAX], const char b[WIRE_TOKEN_MAX])
{
	volatile unsigned char diff = 0;

	for (size_t i = 0; i < WIRE_TOKEN_MAX; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

int wire_server_handshake(int fd, struct wire_hello *out, const char *token, char *err,
                          size_t errlen)
{
	uint8_t buf[4 + HELLO_MAX];
	char want[WIRE_TOKEN_MAX];
	struct wire_hello h;
	struct fd_state st;
	uint32_t len, magic, version;
	int ret = -1, saved = EPROTO;

	memset(want, 0, sizeof want);
	if (token && *token) {
		if (strlen(token) >= WIRE_TOKEN_MAX) {
			set_err(err, errlen, "the token is longer than %d bytes",
			        WIRE_TOKEN_MAX - 1);
			errno = EINVAL;
			return -1;
		}
		strcpy(want, token);
	}
	fd_prepare(fd, SERVER_TIMEOUT_S, &st);
	if (wire_read_all(fd, buf, 4) < 0)
		goto read_failed;
	len = get32(buf);
	if (len > HELLO_MAX) {
		set_err(err, errlen, "hello of %u bytes refused (at most %d): not a fakegl guest?",
		        (unsigned)len, HELLO_MAX);
		goto exit;
	}
	if (len < 8) {
		set_err(err, errlen, "hello of %u bytes is too short", (unsigned)len);
		goto exit;
	}
	if (wire_read_all(fd, buf + 4, len) < 0)
		goto read_failed;
	/* Magic and version come first in every version of the hello: check them
	 * before the rest, whose layout depends on the version. */
	magic = get32(buf + 4);
	version = get32(buf + 8);
	if (magic != WIRE_MAGIC) {
		set_err(err, errlen, "the peer is not a fakegl guest (bad magic 0x%08x)",
		        (unsigned)magic);
		goto exit;
	}
	if (version != WIRE_VERSION) {
		char text[64];

		/* Tell the guest, so that it can say why in its own words. */
		snprintf(text, sizeof text, "this glrender speaks protocol version %u",
		         WIRE_VERSION);
		wire_server_answer(fd, WIRE_EVERSION, text);
		set_err(err, errlen,
		        "the guest speaks protocol version %u, this glrender speaks %u",
		        (unsigned)version, WIRE_VERSION);
		goto exit;
	}
	if (wire_hello_decode(buf, 4 + (size_t)len, &h) < 0) {
		set_err(err, errlen, "malformed hello");
		goto exit;
	}
	if (want[0] && !token_equal(want, h.token)) {
		wire_server_answer(fd, WIRE_ETOKEN, "wrong token");
		set_err(err, errlen,
		        h.token[0] ? "the guest sent a wrong token" : "the guest sent no token");
		saved = EACCES;
		goto exit;
	}
	if (wire_server_answer(fd, WIRE_OK, "") < 0) {
		saved = errno;
		set_err(err, errlen, "cannot answer the hello: %s",
		        saved ? strerror(saved) : "end of stream");
		goto exit;
	}
	*out = h;
	ret = 0;
	goto exit;
read_failed:
	saved = errno;
	if (saved == EAGAIN || saved == EWOULDBLOCK)
		set_err(err, errlen, "the guest sent no hello within %d s", SERVER_TIMEOUT_S);
	else if (peer_gone(saved))
		set_err(err, errlen, "the guest closed the connection during the handshake");
	else
		set_err(err, errlen, "cannot read the hello: %s", strerror(saved));
	if (saved == 0)
		saved = EPROTO;
exit:
	fd_restore(fd, &st);
	if (ret < 0)
		errno = saved;
	return ret;
}
