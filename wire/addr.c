/* addr.c — addresses ("tcp:HOST:PORT", "unix:PATH", "vsock:CID:PORT") and the
 * sockets behind them: connect with a timeout, listen, clean up. */
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <linux/vm_sockets.h>

#define CONNECT_TIMEOUT_MS 5000

/* sockaddr_un.sun_path holds 108 bytes: a file path needs its NUL, an
 * abstract name its leading NUL (our '@'), so 107 characters either way. */
#define UNIX_PATH_MAX_LEN (sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

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

/* The input as it may appear in a one-line message: printable, bounded. */
static void quote(const char *s, char *buf, size_t len)
{
	size_t i = 0;

	for (; *s && i + 4 < len; s++)
		buf[i++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
	if (*s) {
		buf[i++] = '.';
		buf[i++] = '.';
		buf[i++] = '.';
	}
	buf[i] = '\0';
}

/* Strict unsigned decimal: digits only, no sign, no blanks, at most max. */
static int parse_num(const char *s, size_t n, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > max)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

static int parse_tcp(const char *rest, struct wire_addr *a, const char **why)
{
	const char *host, *port;
	size_t hostlen;
	uint32_t v;

	if (rest[0] == '[') {
		const char *close = strchr(rest, ']');

		if (!close) {
			*why = "no ']' after the IPv6 address";
			return -1;
		}
		host = rest + 1;
		hostlen = (size_t)(close - host);
		if (close[1] != ':') {
			*why = "no port (expected tcp:[IPV6]:PORT)";
			return -1;
		}
		port = close + 2;
	} else {
		const char *colon = strrchr(rest, ':');

		if (!colon) {
			*why = "no port (expected tcp:HOST:PORT)";
			return -1;
		}
		host = rest;
		hostlen = (size_t)(colon - rest);
		if (memchr(host, ':', hostlen)) {
			*why = "an IPv6 address goes in brackets, like tcp:[::1]:7450";
			return -1;
		}
		port = colon + 1;
	}
	if (hostlen == 0) {
		*why = "empty host";
		return -1;
	}
	if (hostlen >= sizeof a->host) {
		*why = "host name too long";
		return -1;
	}
	if (parse_num(port, strlen(port), 65535, &v) < 0) {
		*why = "bad port (expected a number from 0 to 65535)";
		return -1;
	}
	memcpy(a->host, host, hostlen);
	a->host[hostlen] = '\0';
	a->port = (uint16_t)v;
	return 0;
}

static int parse_unix(const char *rest, struct wire_addr *a, const char **why)
{
	size_t n = strlen(rest);

	if (n == 0 || (rest[0] == '@' && n == 1)) {
		*why = "empty path";
		return -1;
	}
	if (n > UNIX_PATH_MAX_LEN) {
		*why = "path too long (at most 107 bytes)";
		return -1;
	}
	memcpy(a->path, rest, n + 1);
	return 0;
}

static int parse_vsock(const char *rest, struct wire_addr *a, const char **why)
{
	const char *colon = strchr(rest, ':');
	size_t cidlen;
	uint32_t v;

	if (!colon) {
		*why = "no port (expected vsock:CID:PORT)";
		return -1;
	}
	cidlen = (size_t)(colon - rest);
	if (cidlen == 3 && memcmp(rest, "any", 3) == 0)
		a->cid = VMADDR_CID_ANY;
	else if (cidlen == 4 && memcmp(rest, "host", 4) == 0)
		a->cid = VMADDR_CID_HOST;
	else if (cidlen == 5 && memcmp(rest, "local", 5) == 0)
		a->cid = 1; /* VMADDR_CID_LOCAL, missing from older headers */
	else if (parse_num(rest, cidlen, UINT32_MAX, &a->cid) < 0) {
		*why = "bad CID (expected a number, any, host or local)";
		return -1;
	}
	if (parse_num(colon + 1, strlen(colon + 1), 65535, &v) < 0) {
		*why = "bad port (expected a number from 0 to 65535)";
		return -1;
	}
	a->port = (uint16_t)v;
	return 0;
}

int wire_addr_parse(const char *s, struct wire_addr *out, char *err, size_t errlen)
{
	struct wire_addr a;
	const char *why = NULL;
	char q[128];
	int ret = -1;

	if (!s || !*s)
		s = WIRE_DEFAULT_ADDR;
	memset(&a, 0, sizeof a);
	if (strncmp(s, "tcp:", 4) == 0) {
		a.kind = WIRE_TCP;
		ret = parse_tcp(s + 4, &a, &why);
	} else if (strncmp(s, "unix:", 5) == 0) {
		a.kind = WIRE_UNIX;
		ret = parse_unix(s + 5, &a, &why);
	} else if (strncmp(s, "vsock:", 6) == 0) {
		a.kind = WIRE_VSOCK;
		ret = parse_vsock(s + 6, &a, &why);
	} else {
		why = "unknown scheme (expected tcp:HOST:PORT, unix:PATH or vsock:CID:PORT)";
	}
	if (ret < 0) {
		quote(s, q, sizeof q);
		set_err(err, errlen, "bad address \"%s\": %s", q, why);
		errno = EINVAL;
		return -1;
	}
	*out = a;
	return 0;
}

void wire_addr_format(const struct wire_addr *a, char *buf, size_t len)
{
	if (!buf || len == 0)
		return;
	switch (a->kind) {
	case WIRE_TCP:
		if (strchr(a->host, ':'))
			snprintf(buf, len, "tcp:[%s]:%u", a->host, (unsigned)a->port);
		else
			snprintf(buf, len, "tcp:%s:%u", a->host, (unsigned)a->port);
		break;
	case WIRE_UNIX:
		snprintf(buf, len, "unix:%s", a->path);
		break;
	case WIRE_VSOCK:
		if (a->cid == VMADDR_CID_ANY)
			snprintf(buf, len, "vsock:any:%u", (unsigned)a->port);
		else
			snprintf(buf, len, "vsock:%u:%u", (unsigned)a->cid, (unsigned)a->port);
		break;
	default:
		snprintf(buf, len, "(unknown transport %d)", (int)a->kind);
		break;
	}
}

/* Fill a sockaddr for a unix or vsock address; tcp goes through getaddrinfo. */
static socklen_t local_sockaddr(const struct wire_addr *a, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof *ss);
	if (a->kind == WIRE_UNIX) {
		struct sockaddr_un *un = (struct sockaddr_un *)ss;
		size_t n = strnlen(a->path, sizeof a->path);

		un->sun_family = AF_UNIX;
		if (n > UNIX_PATH_MAX_LEN)
			n = UNIX_PATH_MAX_LEN;
		memcpy(un->sun_path, a->path, n);
		if (a->path[0] == '@') {
			/* Abstract: a leading NUL, and the length says where the name ends. */
			un->sun_path[0] = '\0';
			return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
		}
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	}
	struct sockaddr_vm *vm = (struct sockaddr_vm *)ss;

	vm->svm_family = AF_VSOCK;
	vm->svm_cid = a->cid;
	vm->svm_port = a->port;
	return sizeof *vm;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Connect fd (non-blocking) to sa, waiting up to timeout_ms; then make fd blocking.
 * Returns 0, or -1 with errno set. */
static int connect_timeout(int fd, const struct sockaddr *sa, socklen_t salen, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	int flags, soerr = 0;
	socklen_t sl = sizeof soerr;

	if (connect(fd, sa, salen) < 0) {
		if (errno != EINPROGRESS && errno != EINTR)
			return -1;
		for (;;) {
			struct pollfd p = {.fd = fd, .events = POLLOUT};
			long left = deadline - now_ms();
			int r;

			if (left <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			r = poll(&p, 1, (int)left);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return -1;
			if (r == 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			break;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
			return -1;
		if (soerr) {
			errno = soerr;
			return -1;
		}
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
		return -1;
	return 0;
}

static int connect_tcp(const struct wire_addr *a, const char *text, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL, *ai;
	char port[8];
	int fd = -1, gai, saved = 0, one = 1;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
	snprintf(port, sizeof port, "%u", (unsigned)a->port);
	gai = getaddrinfo(a->host, port, &hints, &res);
	if (gai != 0) {
		set_err(err, errlen, "cannot connect to %s: %s", text,
		        gai == EAI_SYSTEM ? strerror(errno) : gai_strerror(gai));
		errno = gai == EAI_SYSTEM ? errno : EHOSTUNREACH;
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
		            ai->ai_protocol);
		if (fd < 0) {
			saved = errno;
			continue;
		}
		if (connect_timeout(fd, ai->ai_addr, ai->ai_addrlen, CONNECT_TIMEOUT_MS) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		set_err(err, errlen, "cannot connect to %s: %s", text, strerror(saved));
		errno = saved;
		return -1;
	}
	/* Commands are small and many: never let Nagle hold them back. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

int wire_connect(const struct wire_addr *a, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char text[160];
	int fd = -1, saved;

	wire_addr_format(a, text, sizeof text);
	if (a->kind == WIRE_TCP)
		return connect_tcp(a, text, err, errlen);
	if (a->kind != WIRE_UNIX && a->kind != WIRE_VSOCK) {
		set_err(err, errlen, "cannot connect to %s: unknown transport", text);
		errno = EINVAL;
		return -1;
	}
	len = local_sockaddr(a, &ss);
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto fail;
	if (connect_timeout(fd, (struct sockaddr *)&ss, len, CONNECT_TIMEOUT_MS) < 0)
		goto fail;
	return fd;
fail:
	saved = errno;
	if (a->kind == WIRE_VSOCK && (saved == EAFNOSUPPORT || saved == ENODEV))
		set_err(err, errlen, "cannot connect to %s: this kernel has no vsock support (%s)",
		        text, strerror(saved));
	else
		set_err(err, errlen, "cannot connect to %s: %s", text, strerror(saved));
	if (fd >= 0)
		close(fd);
	errno = saved;
	return -1;
}

static int listen_tcp(const struct wire_addr *a, const char *text, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL, *ai;
	char port[8];
	int fd = -1, gai, saved = 0, one = 1;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(port, sizeof port, "%u", (unsigned)a->port);
	gai = getaddrinfo(a->host, port, &hints, &res);
	if (gai != 0) {
		set_err(err, errlen, "cannot listen on %s: %s", text,
		        gai == EAI_SYSTEM ? strerror(errno) : gai_strerror(gai));
		errno = gai == EAI_SYSTEM ? errno : EADDRNOTAVAIL;
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			saved = errno;
			continue;
		}
		/* A restarted glrender must not wait for TIME_WAIT to end. */
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
		    bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, SOMAXCONN) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		set_err(err, errlen, "cannot listen on %s: %s", text, strerror(saved));
		errno = saved;
	}
	return fd;
}

/* Make room for a unix socket file: a stale socket (nobody accepts on it) is
 * removed; a live one, or anything that is not a socket, is left alone. */
static int clear_unix_path(const struct wire_addr *a, const char *text, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	struct stat st;
	socklen_t len;
	int fd = -1, ret = -1, saved = 0;

	if (lstat(a->path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		saved = errno;
		set_err(err, errlen, "cannot listen on %s: %s", text, strerror(saved));
		goto exit;
	}
	if (!S_ISSOCK(st.st_mode)) {
		saved = EEXIST;
		set_err(err, errlen, "cannot listen on %s: %s exists and is not a socket", text,
		        a->path);
		goto exit;
	}
	len = local_sockaddr(a, &ss);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		saved = errno;
		set_err(err, errlen, "cannot listen on %s: %s", text, strerror(saved));
		goto exit;
	}
	if (connect(fd, (struct sockaddr *)&ss, len) == 0 || errno == EAGAIN ||
	    errno == EINPROGRESS) {
		saved = EADDRINUSE;
		set_err(err, errlen, "cannot listen on %s: another server is listening there",
		        text);
		goto exit;
	}
	if (unlink(a->path) < 0 && errno != ENOENT) {
		saved = errno;
		set_err(err, errlen, "cannot listen on %s: cannot remove the stale socket: %s",
		        text, strerror(saved));
		goto exit;
	}
	ret = 0;
exit:
	if (fd >= 0)
		close(fd);
	if (ret < 0)
		errno = saved;
	return ret;
}

int wire_listen(const struct wire_addr *a, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char text[160];
	int fd = -1, saved = 0;
	bool file = a->kind == WIRE_UNIX && a->path[0] != '@';

	wire_addr_format(a, text, sizeof text);
	if (a->kind == WIRE_TCP)
		return listen_tcp(a, text, err, errlen);
	if (a->kind != WIRE_UNIX && a->kind != WIRE_VSOCK) {
		set_err(err, errlen, "cannot listen on %s: unknown transport", text);
		errno = EINVAL;
		return -1;
	}
	if (file && clear_unix_path(a, text, err, errlen) < 0)
		return -1;
	len = local_sockaddr(a, &ss);
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	/* Linux creates the socket file with the mode of the socket inode (less the
	 * umask): set it before bind, so that the file is never more open than 0600,
	 * and again on the path after, for kernels that do not. */
	if (file && fchmod(fd, 0600) < 0)
		goto fail;
	if (bind(fd, (struct sockaddr *)&ss, len) < 0)
		goto fail;
	if (file && chmod(a->path, 0600) < 0) {
		saved = errno;
		unlink(a->path);
		errno = saved;
		goto fail;
	}
	if (listen(fd, SOMAXCONN) < 0) {
		saved = errno;
		if (file)
			unlink(a->path);
		errno = saved;
		goto fail;
	}
	return fd;
fail:
	saved = errno;
	if (a->kind == WIRE_VSOCK && (saved == EAFNOSUPPORT || saved == ENODEV))
		set_err(err, errlen, "cannot listen on %s: this kernel has no vsock support (%s)",
		        text, strerror(saved));
	else
		set_err(err, errlen, "cannot listen on %s: %s", text, strerror(saved));
	if (fd >= 0)
		close(fd);
	errno = saved;
	return -1;
}

void wire_unlisten(const struct wire_addr *a)
{
	struct stat st;
	int saved = errno;

	if (a->kind == WIRE_UNIX && a->path[0] != '@' && lstat(a->path, &st) == 0 &&
	    S_ISSOCK(st.st_mode))
		unlink(a->path);
	errno = saved;
}
