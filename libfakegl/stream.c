/* stream.c — the guest's connections to glrender: one per thread, commands batched and
 * sent only when a result is needed, the batch fills, or at glFlush/glFinish/swap;
 * replies and frames read back. */
#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "encode.h"
#include "fgl.h"

FGL_TLS struct fgl_thread *fgl_tls;
struct fgl_stats fgl_stats;

static struct {
	pthread_mutex_t lock;
	bool ready;
	struct wire_addr addr;
	char addr_text[300];
	uint64_t session;
	uint32_t next_index;
} proc = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void print_stats(void)
{
	if (fgl_tls) {
		/* this thread's calls since its last flush */
		atomic_fetch_add(&fgl_stats.calls, fgl_tls->calls);
		fgl_tls->calls = 0;
	}
	fprintf(stderr,
		"fakegl-stats: frames=%llu calls=%llu bytes=%llu flushes=%llu roundtrips=%llu\n",
		(unsigned long long)fgl_stats.frames, (unsigned long long)fgl_stats.calls,
		(unsigned long long)fgl_stats.bytes, (unsigned long long)fgl_stats.flushes,
		(unsigned long long)fgl_stats.roundtrips);
}

__attribute__((constructor)) static void fgl_init(void)
{
	const char *s = getenv("FAKEGL_STATS");
	if (s && *s && strcmp(s, "0") != 0)
		atexit(print_stats);
	s = getenv("FAKEGL_RECORD");
	if (s && *s)
		fgl_record_start(s);
}

const char *fgl_server_text(void)
{
	return proc.addr_text;
}

/* The one line a user sees when the host is out of reach; then the app exits, since
 * nothing it draws could go anywhere. */
_Noreturn void fgl_fatal(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "fakegl: %s\n", msg);
	fflush(stderr);
	_exit(1);
}

static void init_process(void)
{
	char err[256];
	const char *server = getenv("FAKEGL_SERVER");
	if (wire_addr_parse(server, &proc.addr, err, sizeof err) < 0)
		fgl_fatal("FAKEGL_SERVER=%s: %s", server ? server : "", err);
	wire_addr_format(&proc.addr, proc.addr_text, sizeof proc.addr_text);
	if (getrandom(&proc.session, sizeof proc.session, 0) != sizeof proc.session)
		proc.session = ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)&proc;
	proc.ready = true;
}

static void process_name(char *out, size_t len)
{
	FILE *f = fopen("/proc/self/comm", "r");
	out[0] = 0;
	if (f) {
		if (fgets(out, (int)len, f))
			out[strcspn(out, "\n")] = 0;
		fclose(f);
	}
	if (!out[0])
		snprintf(out, len, "pid%d", (int)getpid());
}

struct fgl_thread *fgl_thread_get(void)
{
	if (fgl_tls)
		return fgl_tls;
	char err[256];
	pthread_mutex_lock(&proc.lock);
	if (!proc.ready)
		init_process();
	uint32_t index = proc.next_index++;
	pthread_mutex_unlock(&proc.lock);

	int fd = wire_connect(&proc.addr, err, sizeof err);
	if (fd < 0)
		fgl_fatal("cannot reach glrender at %s: %s", proc.addr_text, err);
	struct wire_hello h = {.version = WIRE_VERSION, .session = proc.session,
			       .pid = (uint32_t)getpid(), .thread = index};
	process_name(h.name, sizeof h.name);
	const char *token = getenv("FAKEGL_TOKEN");
	const char *token_file = getenv("FAKEGL_TOKEN_FILE");
	if (token) {
		snprintf(h.token, sizeof h.token, "%s", token);
	} else if (token_file && *token_file) {
		FILE *f = fopen(token_file, "r");
		if (!f || !fgets(h.token, sizeof h.token, f))
			fgl_fatal("FAKEGL_TOKEN_FILE=%s: cannot read a token", token_file);
		fclose(f);
		h.token[strcspn(h.token, "\r\n")] = 0;
	}
	if (wire_client_handshake(fd, &h, err, sizeof err) < 0)
		fgl_fatal("glrender at %s: %s", proc.addr_text, err);

	struct fgl_thread *t = calloc(1, sizeof *t);
	if (!t || !(t->buf = malloc(FGL_BATCH_SIZE)))
		fgl_fatal("out of memory");
	t->fd = fd;
	t->index = index;
	fgl_tls = t;
	return t;
}

static _Noreturn void lost(struct fgl_thread *t, const char *what)
{
	const char *why = errno ? strerror(errno) : "the connection was closed";
	t->dead = true;
	fgl_fatal("lost glrender at %s while %s: %s", proc.addr_text, what, why);
}

/* n bytes from fd before deadline (CLOCK_MONOTONIC ms); -1 at EOF, error or timeout. */
static int read_before(int fd, void *buf, size_t n, int64_t deadline)
{
	uint8_t *p = buf;
	while (n) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		int64_t left = deadline - ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return -1;
		ssize_t r = recv(fd, p, n, MSG_DONTWAIT);
		if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
			return -1;
		if (r > 0)
			p += r, n -= (size_t)r;
	}
	return 0;
}

/* A send failed. glrender may have said why before it closed (a WIRE_MSG_ERROR among the
 * messages not read yet: "glrender is shutting down" on SIGTERM): that is the reason to
 * give. Reads for 2 s at most (glrender finishes the batch it has first). */
static _Noreturn void lost_sending(struct fgl_thread *t, const char *what)
{
	int saved = errno;
	char said[256];
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int64_t deadline = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + 2000;
	for (int msgs = 0; msgs < 256 && !t->dead; msgs++) {
		uint32_t hdr[2], op;
		size_t hb, total;
		if (read_before(t->fd, hdr, 4, deadline) < 0)
			break;
		total = wire_msg_size(hdr, 4, (size_t)1 << 31, &op, &hb);
		if (total == 0 && read_before(t->fd, &hdr[1], 4, deadline) == 0)
			total = wire_msg_size(hdr, 8, (size_t)1 << 31, &op, &hb);
		if (total == 0 || total == (size_t)-1)
			break;
		size_t n = total - hb;
		if (op == WIRE_MSG_ERROR) {
			size_t k = n < sizeof said - 1 ? n : sizeof said - 1;
			if (read_before(t->fd, said, k, deadline) < 0)
				break;
			said[k] = 0;
			t->dead = true;
			fgl_fatal("lost glrender at %s while %s: %s", proc.addr_text, what, said);
		}
		while (n) { /* a frame or a debug message that no one waits for now */
			size_t k = n < sizeof said ? n : sizeof said;
			if (read_before(t->fd, said, k, deadline) < 0)
				break;
			n -= k;
		}
		if (n)
			break;
	}
	errno = saved;
	lost(t, what);
}

static uint32_t read_message(struct fgl_thread *t, size_t *len);
static void handle_async(struct fgl_thread *t, uint32_t op, size_t len);

/* Send iov whole (wire_writev_all's result and errno; iov stepped over what went out).
 * While a frame is on its way back, glrender may be blocked writing it to us: a batch
 * or the app's data larger than the socket holds would then block both sides, each
 * waiting for the other to read (Neverball uploads a texture every frame; glrender
 * drops a guest that does not read for 10 s). So with frames outstanding, write
 * without blocking and take in the frames that come meanwhile. */
static int send_iov_fds(struct fgl_thread *t, struct iovec *iov, int n, const int *fds, int nfds)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * 8)];
	} ctl;
	if (nfds < 0 || nfds > 8) {
		errno = EINVAL;
		return -1;
	}
	while (n > 0) {
		if (t->swaps == t->frames && !nfds)
			return wire_writev_all(t->fd, iov, n);
		if (iov->iov_len == 0) {
			iov++;
			n--;
			continue;
		}
		struct msghdr msg = {.msg_iov = iov, .msg_iovlen = (size_t)(n < IOV_MAX ? n : IOV_MAX)};
		if (nfds) { /* they go with the first byte that goes */
			struct cmsghdr *h;
			msg.msg_control = ctl.buf;
			msg.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
			h = CMSG_FIRSTHDR(&msg);
			h->cmsg_level = SOL_SOCKET;
			h->cmsg_type = SCM_RIGHTS;
			h->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
			memcpy(CMSG_DATA(h), fds, sizeof(int) * (size_t)nfds);
		}
		int flags = MSG_NOSIGNAL | (t->swaps == t->frames ? 0 : MSG_DONTWAIT);
		ssize_t k = sendmsg(t->fd, &msg, flags);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if (k < 0) {
			struct pollfd p = {.fd = t->fd, .events = POLLIN | POLLOUT};
			if (poll(&p, 1, -1) < 0 && errno != EINTR)
				return -1;
			if (p.revents & POLLIN) {
				size_t len;
				uint32_t op = read_message(t, &len);
				if (op == WIRE_MSG_REPLY)
					fgl_fatal("glrender at %s answered a call that asked nothing",
						  proc.addr_text);
				handle_async(t, op, len);
			}
			continue;
		}
		nfds = 0;
		while (n > 0 && (size_t)k >= iov->iov_len) {
			k -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (k > 0) {
			iov->iov_base = (uint8_t *)iov->iov_base + k;
			iov->iov_len -= (size_t)k;
		}
	}
	return 0;
}

static int send_iov(struct fgl_thread *t, struct iovec *iov, int n)
{
	return send_iov_fds(t, iov, n, NULL, 0);
}

void fgl_send_fds(struct fgl_thread *t, const void *cmds, size_t len, const int *fds, int n)
{
	fgl_flush(t);
	struct iovec v = {(void *)cmds, len};
	if (send_iov_fds(t, &v, 1, fds, n) < 0)
		lost_sending(t, "sending frame buffers");
	atomic_fetch_add(&fgl_stats.bytes, len);
	atomic_fetch_add(&fgl_stats.flushes, 1);
}

bool fgl_passes_fds(struct fgl_thread *t)
{
	int domain = 0;
	socklen_t n = sizeof domain;
	if (t->fds_known)
		return t->fds_ok;
	t->fds_known = true;
	t->fds_ok = getsockopt(t->fd, SOL_SOCKET, SO_DOMAIN, &domain, &n) == 0 && domain == AF_UNIX;
	return t->fds_ok;
}

int fgl_flush(struct fgl_thread *t)
{
	if (!t->used)
		return 0;
	if (fgl_recording)
		fgl_record(t->index, t->buf, t->used);
	struct iovec batch = {t->buf, t->used};
	if (send_iov(t, &batch, 1) < 0)
		lost_sending(t, "sending commands");
	atomic_fetch_add(&fgl_stats.bytes, t->used);
	atomic_fetch_add(&fgl_stats.flushes, 1);
	atomic_fetch_add(&fgl_stats.calls, t->calls);
	t->calls = 0;
	t->used = 0;
	t->flushes++;
	return 0;
}

uint8_t *fgl_begin_slow(struct fgl_thread *t, uint32_t op, size_t payload, size_t fixed)
{
	if (t->ctx && atomic_load_explicit(&t->ctx->share->buffer_watch, memory_order_relaxed))
		fgl_buffers_before(t, op);
	size_t hdr = wire_hdr_bytes(payload);
	if (FGL_BATCH_SIZE - t->used < hdr + fixed)
		fgl_flush(t);
	uint8_t *m = t->buf + t->used;
	wire_put_hdr((uint32_t *)(void *)m, op, hdr + payload);
	t->used += hdr + fixed;
	t->calls++;
	return m + hdr;
}

/* Whether all of [p, p + len) is mapped. The app may give memory it cannot read where
 * native GL reads nothing: piglit's ext_direct_state_access-textures passes a freed
 * buffer to a call GL refuses before reading it. sendmsg() would fail with EFAULT
 * somewhere in the message, so large data is checked before it goes (one mincore()). */
static bool app_memory_mapped(const void *p, size_t len)
{
	static const size_t page = 4096;
	unsigned char vec[1024];
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(page - 1), end = (uintptr_t)p + len;
	while (a < end) {
		size_t n = (end - a + page - 1) / page;
		n = n < sizeof vec ? n : sizeof vec;
		if (mincore((void *)a, n * page, vec) < 0 && errno == ENOMEM)
			return false;
		a += n * page;
	}
	return true;
}

/* Zeros stand for the app's unreadable bytes, so that the command stays whole and GL
 * answers it (with the error it raises before reading them). */
static void send_unreadable(struct fgl_thread *t, size_t left)
{
	static uint8_t zeros[4096];
	static atomic_bool told;
	if (!atomic_exchange(&told, true))
		fprintf(stderr, "fakegl: %zu bytes of a GL call's data are not readable memory; "
				"sending zeros in their place\n", left);
	while (left) {
		struct iovec z = {zeros, left < sizeof zeros ? left : sizeof zeros};
		left -= z.iov_len;
		if (send_iov(t, &z, 1) < 0)
			lost_sending(t, "sending data");
	}
}

void fgl_put_data_slow(struct fgl_thread *t, const void *data, size_t len)
{
	static const uint8_t zeros[4];
	size_t pad = wire_pad4(len) - len;
	if (!len)
		return;
	if (len < FGL_DIRECT_WRITE && FGL_BATCH_SIZE - t->used >= len + pad) {
		memcpy(t->buf + t->used, data, len);
		memcpy(t->buf + t->used + len, zeros, pad);
		t->used += len + pad;
		return;
	}
	if (len < FGL_DIRECT_WRITE) {
		fgl_flush(t);
		memcpy(t->buf, data, len);
		memcpy(t->buf + len, zeros, pad);
		t->used = len + pad;
		return;
	}
	/* Large: the batch (ending with this command's fixed part) and the app's bytes go
	 * out in one writev, without a copy. */
	struct iovec iov[3] = {{t->buf, t->used}, {(void *)data, len}, {(void *)zeros, pad}};
	bool readable = app_memory_mapped(data, len);
	if (fgl_recording)
		for (int i = 0; i < 3; i++) {
			if (i == 1 && !readable) {
				static const uint8_t zero_page[4096];
				for (size_t k = 0; k < len; k += sizeof zero_page)
					fgl_record(t->index, zero_page,
						   len - k < sizeof zero_page ? len - k : sizeof zero_page);
				continue;
			}
			fgl_record(t->index, iov[i].iov_base, iov[i].iov_len);
		}
	if (!readable) {
		if (send_iov(t, &iov[0], 1) < 0)
			lost_sending(t, "sending data");
		send_unreadable(t, len);
		if (send_iov(t, &iov[2], 1) < 0)
			lost_sending(t, "sending data");
	} else if (send_iov(t, iov, 3) < 0) {
		lost_sending(t, "sending data");
	}
	atomic_fetch_add(&fgl_stats.bytes, t->used + len + pad);
	atomic_fetch_add(&fgl_stats.flushes, 1);
	t->used = 0;
}

/* Bytes of the largest reply whose buffer is kept for the next (read_message). */
#define FGL_REPLY_KEEP ((size_t)64 << 20)

/* Read one message from the host into t->reply. Returns its type. */
static uint32_t read_message(struct fgl_thread *t, size_t *len)
{
	uint32_t hdr[2];
	uint32_t op;
	size_t hb;
	if (wire_read_all(t->fd, hdr, 4) < 0)
		lost(t, "waiting for glrender");
	size_t total = wire_msg_size(hdr, 4, (size_t)1 << 31, &op, &hb);
	if (total == 0) {
		if (wire_read_all(t->fd, &hdr[1], 4) < 0)
			lost(t, "waiting for glrender");
		total = wire_msg_size(hdr, 8, (size_t)1 << 31, &op, &hb);
	}
	if (total == (size_t)-1 || total == 0)
		fgl_fatal("glrender at %s sent a malformed message", proc.addr_text);
	size_t n = total - hb;
	/* A reply past FGL_REPLY_KEEP (glGetTexImage of a GiB texture) grows t->reply for
	 * as long as it is needed, that is until this next message: the app has its copy,
	 * and the process should not keep a second one. Smaller ones (frames up to 4K)
	 * keep their buffer, so that each does not fault its pages in again. */
	if (t->reply_cap > FGL_REPLY_KEEP && n <= FGL_REPLY_KEEP) {
		free(t->reply);
		t->reply = NULL;
		t->reply_cap = 0;
	}
	if (n > t->reply_cap || !t->reply) {
		size_t cap = n > 4096 ? n : 4096;
		uint8_t *p = realloc(t->reply, cap);
		if (!p)
			fgl_fatal("out of memory for a reply of %zu bytes", n);
		t->reply = p;
		t->reply_cap = cap;
	}
	if (n && wire_read_all(t->fd, t->reply, n) < 0)
		lost(t, "reading a reply");
	*len = n;
	return op;
}

/* Handle a message that is not the awaited reply. */
static void handle_async(struct fgl_thread *t, uint32_t op, size_t len)
{
	if (op == WIRE_MSG_FRAME) {
		struct wire_frame f;
		if (len < sizeof f)
			fgl_fatal("glrender at %s sent a short frame", proc.addr_text);
		memcpy(&f, t->reply, sizeof f);
		size_t need = (size_t)f.width * f.height * 4;
		if (len - sizeof f < need)
			fgl_fatal("glrender at %s sent a truncated frame", proc.addr_text);
		t->frames++;
		atomic_fetch_add(&fgl_stats.frames, 1);
		if (f.width && f.height)
			fgl_present_frame(f.drawable, t->reply + sizeof f, f.width, f.height);
	} else if (op == WIRE_MSG_FRAME_SHM) {
		struct wire_frame_shm f;
		if (len < sizeof f)
			fgl_fatal("glrender at %s sent a short frame", proc.addr_text);
		memcpy(&f, t->reply, sizeof f);
		t->frames++;
		atomic_fetch_add(&fgl_stats.frames, 1);
		fgl_present_frame_slot(f.frame.drawable, f.slot, f.frame.width, f.frame.height);
	} else if (op == WIRE_MSG_DEBUG) {
		fgl_debug_message(t, t->reply, len);
	} else if (op == WIRE_MSG_ERROR) {
		fgl_fatal("glrender at %s dropped this client: %.*s", proc.addr_text, (int)len,
			  (const char *)t->reply);
	} else {
		fgl_fatal("glrender at %s sent an unexpected message %u", proc.addr_text, op);
	}
}

int fgl_sync(struct fgl_thread *t, struct fgl_reply *r)
{
	fgl_flush(t);
	atomic_fetch_add(&fgl_stats.roundtrips, 1);
	for (;;) {
		size_t len;
		uint32_t op = read_message(t, &len);
		if (op == WIRE_MSG_REPLY) {
			r->p = t->reply;
			r->len = len;
			r->at = 0;
			return 0;
		}
		handle_async(t, op, len);
	}
}

void fgl_wait_frames(struct fgl_thread *t, uint32_t max_lag)
{
	while (t->swaps - t->frames > max_lag) {
		size_t len;
		uint32_t op = read_message(t, &len);
		if (op == WIRE_MSG_REPLY)
			fgl_fatal("glrender at %s answered a call that asked nothing", proc.addr_text);
		handle_async(t, op, len);
	}
}

void fgl_reply_out(struct fgl_reply *r, void *dst, size_t cap)
{
	uint32_t n = 0;
	if (r->len - r->at < 4)
		return;
	memcpy(&n, r->p + r->at, 4);
	r->at += 4;
	if (n > r->len - r->at)
		n = (uint32_t)(r->len - r->at);
	if (dst)
		memcpy(dst, r->p + r->at, n < cap ? n : cap);
	r->at += wire_pad4(n);
	if (r->at > r->len)
		r->at = r->len;
}

void fgl_reply_ret(struct fgl_reply *r, void *dst, size_t size)
{
	if (r->len - r->at >= size)
		memcpy(dst, r->p + r->at, size);
	r->at += size;
}

void fgl_set_error(struct fgl_thread *t, uint32_t error)
{
	/* GL keeps the first error until glGetError reads it. */
	if (!t->error)
		t->error = error;
}

void fgl_refused(uint32_t op, const char *extension)
{
	static _Atomic unsigned char said[WIRE_OP_COUNT];
	if (op < WIRE_OP_COUNT && !atomic_exchange(&said[op], 1))
		fprintf(stderr, "fakegl: %s belongs to %s, which fakegl does not offer "
				"(see wire/gl.annotations): GL_INVALID_OPERATION\n",
			wire_op_names[op] ? wire_op_names[op] : "a GL command", extension);
	if (fgl_tls && fgl_tls->ctx)
		fgl_set_error(fgl_tls, GL_INVALID_OPERATION);
}
