/* io.c — moving whole buffers over a stream: retries EINTR and short
 * transfers, waits on non-blocking descriptors, and never raises SIGPIPE on a
 * socket (send/sendmsg with MSG_NOSIGNAL; write() only for what is not a socket). */
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IOV_MAX
#define IOV_MAX 1024
#endif

/* After EAGAIN: on a non-blocking descriptor, wait until it is ready and
 * return 0 to retry; on a blocking one EAGAIN means SO_RCVTIMEO/SO_SNDTIMEO
 * ran out, which the caller must see: return -1 with errno EAGAIN. */
static int wait_ready(int fd, short events)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0)
		return -1;
	if (!(flags & O_NONBLOCK)) {
		errno = EAGAIN;
		return -1;
	}
	for (;;) {
		struct pollfd p = {.fd = fd, .events = events};

		if (poll(&p, 1, -1) >= 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

int wire_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	bool sock = true;

	while (len > 0) {
		ssize_t n = sock ? send(fd, p, len, MSG_NOSIGNAL) : write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOTSOCK && sock) {
				sock = false;
				continue;
			}
			if ((errno == EAGAIN || errno == EWOULDBLOCK) &&
			    wait_ready(fd, POLLOUT) == 0)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int wire_writev_all(int fd, struct iovec *iov, int iovcnt)
{
	bool sock = true;

	while (iovcnt > 0) {
		struct msghdr msg;
		ssize_t n;
		int cnt;

		if (iov->iov_len == 0) {
			iov++;
			iovcnt--;
			continue;
		}
		cnt = iovcnt < IOV_MAX ? iovcnt : IOV_MAX;
		if (sock) {
			memset(&msg, 0, sizeof msg);
			msg.msg_iov = iov;
			msg.msg_iovlen = (size_t)cnt;
			n = sendmsg(fd, &msg, MSG_NOSIGNAL);
		} else {
			n = writev(fd, iov, cnt);
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOTSOCK && sock) {
				sock = false;
				continue;
			}
			if ((errno == EAGAIN || errno == EWOULDBLOCK) &&
			    wait_ready(fd, POLLOUT) == 0)
				continue;
			return -1;
		}
		/* Step over what went out: whole iovecs, then part of one. */
		while (iovcnt > 0 && (size_t)n >= iov->iov_len) {
			n -= (ssize_t)iov->iov_len;
			iov++;
			iovcnt--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + n;
			iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

int wire_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if ((errno == EAGAIN || errno == EWOULDBLOCK) &&
			    wait_ready(fd, POLLIN) == 0)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = 0; /* end of stream */
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

long wire_read_some(int fd, void *buf, size_t len, bool nonblock)
{
	bool sock = true;

	if (len > LONG_MAX)
		len = LONG_MAX;
	for (;;) {
		ssize_t n;

		if (nonblock && sock) {
			n = recv(fd, buf, len, MSG_DONTWAIT);
		} else if (nonblock) {
			/* Not a socket: no MSG_DONTWAIT, ask poll whether read would block. */
			struct pollfd p = {.fd = fd, .events = POLLIN};
			int r = poll(&p, 1, 0);

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return -1;
			if (r == 0) {
				errno = EAGAIN;
				return -1;
			}
			n = read(fd, buf, len);
		} else {
			n = read(fd, buf, len);
		}
		if (n >= 0)
			return (long)n;
		if (errno == EINTR)
			continue;
		if (errno == ENOTSOCK && nonblock && sock) {
			sock = false;
			continue;
		}
		if ((errno == EAGAIN || errno == EWOULDBLOCK) && !nonblock &&
		    wait_ready(fd, POLLIN) == 0)
			continue;
		return -1;
	}
}
