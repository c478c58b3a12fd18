/* client.c — one guest connection, served on its own render thread: the handshake, the
 * session it joins, the read loop that cuts the stream into commands (never trusting a
 * length), dispatch, answers. A bad message drops this client alone. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "glr.h"
#include "gls.h"

struct glr_options glr_options = {
	.max_command = WIRE_MAX_COMMAND,
	.max_clients = 64,
	.max_contexts = 64,
	.max_memory = (size_t)4 << 30,
	.max_drawable = 16384,
	.max_trace = (size_t)4 << 30,
};

static pthread_mutex_t sessions_lock = PTHREAD_MUTEX_INITIALIZER;

/* Mesa 22's llvmpipe crashes when one thread destroys a context while another one
 * renders (all clients share one EGL display, hence one llvmpipe screen; reproduced with
 * piglit's tex3d-maxsize, longprim, polygon-mode-facing and texwrap at once). So render
 * threads hold this lock shared while they run commands, and contexts are destroyed
 * holding it alone. Writers are preferred, so a destroy never waits for long. */
static pthread_rwlock_t driver_lock;
static pthread_once_t driver_lock_once = PTHREAD_ONCE_INIT;

static void driver_lock_init(void)
{
	pthread_rwlockattr_t a;
	pthread_rwlockattr_init(&a);
	pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&driver_lock, &a);
	pthread_rwlockattr_destroy(&a);
}

void glr_driver_exclusive(bool on)
{
	/* Called from inside run_commands (the shared hold) to destroy alone, and back. */
	pthread_rwlock_unlock(&driver_lock);
	if (on)
		pthread_rwlock_wrlock(&driver_lock);
	else
		pthread_rwlock_rdlock(&driver_lock);
}

void glr_driver_pause(bool on)
{
	if (on)
		pthread_rwlock_unlock(&driver_lock);
	else
		pthread_rwlock_rdlock(&driver_lock);
}
static struct glr_session *sessions;

static struct glr_session *join_session(uint64_t id)
{
	pthread_mutex_lock(&sessions_lock);
	struct glr_session *s;
	for (s = sessions; s; s = s->next)
		if (s->id == id)
			break;
	if (!s && (s = calloc(1, sizeof *s))) {
		s->id = id;
		pthread_mutex_init(&s->lock, NULL);
		pthread_condattr_t ca;
		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&s->released, &ca);
		pthread_condattr_destroy(&ca);
		s->next = sessions;
		sessions = s;
	}
	if (s)
		s->clients++;
	pthread_mutex_unlock(&sessions_lock);
	return s;
}

/* The last client of a process is gone: everything its session held goes. */
static void leave_session(struct glr_session *s)
{
	pthread_mutex_lock(&sessions_lock);
	bool last = --s->clients == 0;
	if (last) {
		for (struct glr_session **p = &sessions; *p; p = &(*p)->next) {
			if (*p == s) {
				*p = s->next;
				break;
			}
		}
	}
	pthread_mutex_unlock(&sessions_lock);
	if (!last)
		return;
	glr_viewer_forget(s, 0);
	pthread_rwlock_wrlock(&driver_lock);
	while (s->contexts) {
		struct glr_context *c = s->contexts;
		s->contexts = c->next;
		glr_context_free(c);
	}
	while (s->drawables) {
		struct glr_drawable *d = s->drawables;
		s->drawables = d->next;
		glr_egl_destroy_surface(d->surface);
		glr_shm_forget(d);
		free(d);
	}
	pthread_rwlock_unlock(&driver_lock);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->released);
	free(s);
}

int glr_bad(struct glr_client *c, uint32_t op, const char *why)
{
	if (!c->dropped) {
		const char *name = op < WIRE_OP_COUNT && wire_op_names[op] ? wire_op_names[op] : "?";
		glr_log("%s: protocol error in %s (opcode %u): %s; dropping the client", c->peer,
			name, op, why);
		char msg[160];
		int n = snprintf(msg, sizeof msg, "protocol error in %s: %s", name, why);
		struct iovec iov = {msg, (size_t)n};
		c->dropped = true;
		glr_send(c, WIRE_MSG_ERROR, &iov, 1);
	}
	c->dropped = true;
	return -1;
}

int glr_send(struct glr_client *c, uint32_t type, const struct iovec *iov, int n)
{
	static const uint8_t zeros[4];
	struct iovec v[2 * GLR_MAX_OUTPUTS + 4];
	uint32_t hdr[2];
	size_t payload = 0;
	if (n > 2 * GLR_MAX_OUTPUTS + 2)
		return -1;
	/* Debug messages go out right before what the guest is waiting for. */
	if ((type == WIRE_MSG_REPLY || type == WIRE_MSG_FRAME || type == WIRE_MSG_FRAME_SHM) &&
	    c->ctx && c->ctx->debug_count)
		glr_debug_flush(c);
	for (int i = 0; i < n; i++)
		payload += iov[i].iov_len;
	size_t pad = wire_pad4(payload) - payload;
	size_t hb = wire_hdr_bytes(payload + pad);
	wire_put_hdr(hdr, type, hb + payload + pad);
	v[0].iov_base = hdr;
	v[0].iov_len = hb;
	memcpy(&v[1], iov, sizeof *iov * (size_t)n);
	v[n + 1].iov_base = (void *)zeros;
	v[n + 1].iov_len = pad;
	if (wire_writev_all(c->fd, v, n + 2) < 0) {
		c->dropped = true;
		return -1;
	}
	return 0;
}

int glr_get_ptr(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len, size_t *at,
		uint32_t n, size_t need, const void **ptr, uint32_t binding)
{
	if (n == WIRE_PTR_NULL) {
		*ptr = NULL;
		return 0;
	}
	if (n == WIRE_PTR_OFFSET) {
		if (!binding)
			return glr_bad(c, op, "a buffer offset where none is allowed");
		if (len - *at < 8)
			return glr_bad(c, op, "short buffer offset");
		if (!glr_bound_buffer(c, binding))
			return glr_bad(c, op, "a buffer offset with no buffer bound");
		uint64_t off;
		memcpy(&off, m + *at, 8);
		*at += 8;
		*ptr = (const void *)(uintptr_t)off;
		return 0;
	}
	if (n > len - *at || wire_pad4(n) > len - *at)
		return glr_bad(c, op, "pointer data longer than the command");
	if (need == 0) {
		/* GL reads nothing there now; and a pointer GL keeps (gl*Pointer) must never
		 * point into a message that the next read overwrites. */
		*ptr = NULL;
		*at += wire_pad4(n);
		return 0;
	}
	if (need == GLR_NEED_STRING) {
		if (!memchr(m + *at, 0, n))
			return glr_bad(c, op, "string without its NUL");
	} else if (need == SIZE_MAX || need == WIRE_SIZE_UNKNOWN || need > n) {
		return glr_bad(c, op, "pointer data shorter than GL will read");
	}
	*ptr = m + *at;
	*at += wire_pad4(n);
	return 0;
}

void *glr_out_buffer(struct glr_client *c, int i, size_t len)
{
	if (i >= GLR_MAX_OUTPUTS || len == SIZE_MAX || len == WIRE_SIZE_UNKNOWN ||
	    len > GLR_MAX_OUTPUT) {
		glr_bad(c, 0, "output too large");
		return NULL;
	}
	/* Slack after the bytes the guest gets: a driver writing a little more than our
	 * count table says (a pname we count wrong) writes into our memory, not past it. */
	size_t want = len + 256;
	if (c->out_cap[i] < want) {
		void *p = realloc(c->out[i], want);
		if (!p) {
			glr_bad(c, 0, "out of memory for an answer");
			return NULL;
		}
		c->out[i] = p;
		c->out_cap[i] = want;
	}
	memset(c->out[i], 0, want);
	c->out_len[i] = len;
	return c->out[i];
}

int glr_reply(struct glr_client *c, int outputs, const void *ret, size_t ret_size)
{
	/* zeroed, else GCC 12 warns (-Wmaybe-uninitialized): the send is no tail call now */
	struct iovec iov[2 * GLR_MAX_OUTPUTS + 2] = {{0}};
	uint32_t lens[GLR_MAX_OUTPUTS];
	static const uint8_t zeros[4];
	int n = 0;
	if (outputs > GLR_MAX_OUTPUTS)
		return glr_bad(c, 0, "too many outputs");
	for (int i = 0; i < outputs; i++) {
		lens[i] = (uint32_t)c->out_len[i];
		iov[n].iov_base = &lens[i];
		iov[n++].iov_len = 4;
		iov[n].iov_base = c->out[i];
		iov[n++].iov_len = wire_pad4(c->out_len[i]); /* the slack holds zeros */
	}
	if (ret_size) {
		iov[n].iov_base = (void *)ret;
		iov[n++].iov_len = ret_size;
		if (ret_size % 4) {
			iov[n].iov_base = (void *)zeros;
			iov[n++].iov_len = 4 - ret_size % 4;
		}
	}
	int rc = glr_send(c, WIRE_MSG_REPLY, iov, n);
	/* A huge answer (glGetTexImage of a GiB texture) is sent: its buffer goes, as a
	 * huge command's does (shrink_input). Every caller returns right after the reply. */
	for (int i = 0; i < outputs; i++)
		if (c->out_cap[i] > GLR_KEEP_BUFFER) {
			free(c->out[i]);
			c->out[i] = NULL;
			c->out_cap[i] = 0;
		}
	return rc;
}

unsigned char glr_op_checks[WIRE_OP_COUNT];

/* At load, before any client (and before bench-decode or a fuzz target makes its own). */
__attribute__((constructor)) static void classify_ops(void)
{
	glr_draws_classify(glr_op_checks);
	glr_charge_classify(glr_op_checks);
	glr_op_checks[OP_glGetBooleanv] |= GLR_OP_FLAGS;
	glr_op_checks[OP_glGetIntegerv] |= GLR_OP_FLAGS;
	glr_op_checks[OP_glGetInteger64v] |= GLR_OP_FLAGS;
	glr_op_checks[OP_glGetFloatv] |= GLR_OP_FLAGS;
	glr_op_checks[OP_glGetDoublev] |= GLR_OP_FLAGS;
}

/* A command with checks of its own around the decoder (glr_op_checks). */
static __attribute__((noinline)) int dispatch_checked(struct glr_client *c, uint32_t op,
						       const uint8_t *m, size_t len)
{
	unsigned checks = glr_op_checks[op];
	if (c->ctx && (checks & (GLR_OP_ARRAYS | GLR_OP_DRAW)) && glr_check_arrays(c, op, m, len))
		return 0; /* a draw refused */
	if (op < 64)
		return glr_dispatch_internal(c, op, m, len);
	if (!glr_decoders[op])
		return glr_bad(c, op, "unknown opcode");
	if (!c->ctx)
		return glr_bad(c, op, "a GL command with no current context");
	if ((checks & GLR_OP_FLAGS) && glr_context_flags_query(c, op, m, len))
		return c->dropped ? -1 : 0; /* answered */
	if (!(checks & GLR_OP_CHARGE))
		return glr_decoders[op](c, m, len);
	struct glr_charge ch;
	int charge = glr_charge_begin(c, op, m, len, &ch);
	if (charge == 2)
		return 0;
	int rc = glr_decoders[op](c, m, len);
	if (charge == 1 && rc == 0)
		glr_charge_end(c, &ch);
	return rc;
}

static inline int dispatch(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len)
{
	if (op >= WIRE_OP_COUNT)
		return glr_bad(c, op, "unknown opcode");
	if (glr_op_checks[op])
		return dispatch_checked(c, op, m, len);
	if (op < 64)
		return glr_dispatch_internal(c, op, m, len);
	if (!glr_decoders[op])
		return glr_bad(c, op, "unknown opcode");
	if (!c->ctx)
		return glr_bad(c, op, "a GL command with no current context");
	return glr_decoders[op](c, m, len);
}

/* Give back what a command bigger than GLR_KEEP_BUFFER made c->in grow to, once it ran.
 * Kept, piglit's max-texture-size (a 1 GiB glTexSubImage2D) held a GiB in its worker
 * for the rest of the connection, when the driver had the texture already, and while
 * the test went on to allocate 16 GB for its 3D part: the conformance run ran out of
 * memory. A fresh buffer and a copy of the start of the next command, not realloc: an
 * allocator may shrink in place and keep the pages. Without memory for it the big
 * buffer stays, which is still right. */
static void shrink_input(struct glr_client *c, size_t cap)
{
	uint8_t *p = malloc(cap);
	if (!p)
		return;
	memcpy(p, c->in, c->in_len);
	free(c->in);
	c->in = p;
	c->in_cap = cap;
}

/* Cut the bytes received into commands and run each complete one (also the decode
 * benchmark's entry, tests/bench/bench-decode.c). */
int glr_run_commands(struct glr_client *c)
{
	size_t pos = 0, next = 0; /* next: the size of a command still arriving */
	size_t rec_from = 0;      /* --record: what is not yet in the trace */
	int rc = 0;
	while (!c->dropped && c->in_len - pos >= 4) {
		uint32_t op;
		size_t hb;
		size_t total = wire_msg_size(c->in + pos, c->in_len - pos,
					     glr_options.max_command, &op, &hb);
		if (total == (size_t)-1) {
			rc = glr_bad(c, 0, "malformed command header");
			break;
		}
		if (total == 0 || total > c->in_len - pos) {
			size_t want = total ? total : 8;
			next = want;
			if (want > c->in_cap) {
				uint8_t *p = realloc(c->in, want);
				if (!p) {
					rc = glr_bad(c, op, "out of memory for a command");
					break;
				}
				c->in = p;
				c->in_cap = want;
			}
			break;
		}
		pos += total;
		/* frame buffers are the transport's, their descriptors meaningless in a trace:
		 * the guest's own traces never hold them either */
		if (op == OP_fglShmBuffer && c->rec) {
			if (pos - total > rec_from)
				glr_record_commands(c, c->in + rec_from, pos - total - rec_from);
			rec_from = pos;
		}
		if (dispatch(c, op, c->in + pos - total + hb, total - hb) < 0) {
			rc = -1;
			break;
		}
	}
	/* the whole commands run (the last one even when it dropped the client) */
	if (c->rec && pos > rec_from)
		glr_record_commands(c, c->in + rec_from, pos - rec_from);
	if (rc < 0)
		return rc;
	memmove(c->in, c->in + pos, c->in_len - pos);
	c->in_len -= pos;
	if (c->in_cap > GLR_KEEP_BUFFER && next <= GLR_KEEP_BUFFER)
		shrink_input(c, next > GLR_IN_START ? next : GLR_IN_START);
	return 0;
}

struct glr_client *glr_client_new(int fd, const struct wire_hello *hello)
{
	struct glr_client *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->fd = fd;
	c->hello = *hello;
	snprintf(c->peer, sizeof c->peer, "%s[%u]#%u", c->hello.name, c->hello.pid,
		 c->hello.thread);
	c->in_cap = GLR_IN_START;
	c->in = malloc(c->in_cap);
	c->session = c->in ? join_session(c->hello.session) : NULL;
	if (!c->session) {
		free(c->in);
		free(c);
		return NULL;
	}
	pthread_once(&driver_lock_once, driver_lock_init);
	return c;
}

/* Run the complete commands of c->in (c->in_len bytes) under the shared driver lock. */
static int run_received(struct glr_client *c)
{
	pthread_rwlock_rdlock(&driver_lock);
	int rc = glr_run_commands(c);
	pthread_rwlock_unlock(&driver_lock);
	return rc;
}

int glr_client_feed(struct glr_client *c, const void *bytes, size_t n)
{
	const uint8_t *p = bytes;
	while (n && !c->dropped) {
		size_t room = c->in_cap - c->in_len;
		size_t k = n < room ? n : room;
		memcpy(c->in + c->in_len, p, k);
		c->in_len += k;
		p += k;
		n -= k;
		if (run_received(c) < 0)
			return -1;
	}
	return c->dropped ? -1 : 0;
}

void glr_client_free(struct glr_client *c)
{
	glr_release_client(c);
	leave_session(c->session);
	close(c->fd);
	for (int i = 0; i < GLR_MAX_OUTPUTS; i++)
		free(c->out[i]);
	free(c->in);
	free(c->reply);
	free(c->scratch);
	free(c->strings);
	free(c->string_lengths);
	free(c->frame);
	for (int i = 0; i < c->nfds; i++)
		close(c->fds[i]);
	free(c);
}

/* Over --max-clients: read the hello (closing with unread bytes would reset a TCP
 * connection before the guest reads the answer), then say why. */
static void refuse_busy(int fd)
{
	struct timeval limit = {2, 0};
	uint8_t hello[4096];
	uint32_t n = 0;
	char text[96];
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
	if (wire_read_all(fd, &n, 4) == 0 && n <= sizeof hello)
		wire_read_all(fd, hello, n);
	snprintf(text, sizeof text, "it serves %d clients already (--max-clients)",
		 glr_options.max_clients);
	wire_server_answer(fd, WIRE_EBUSY, text);
}

static int active_clients;

/* SIGTERM (glr_shutdown): the connections being served, so that their threads can be
 * woken from a read; and whether glrender is stopping. */
struct served {
	int fd;
	struct served *next;
};
static pthread_mutex_t served_lock = PTHREAD_MUTEX_INITIALIZER;
static struct served *served;
static int stopping;

static bool serve_begin(struct served *me)
{
	pthread_mutex_lock(&served_lock);
	bool ok = !__atomic_load_n(&stopping, __ATOMIC_ACQUIRE);
	if (ok) {
		me->next = served;
		served = me;
	}
	pthread_mutex_unlock(&served_lock);
	return ok;
}

static void serve_end(struct served *me)
{
	pthread_mutex_lock(&served_lock);
	for (struct served **p = &served; *p; p = &(*p)->next) {
		if (*p == me) {
			*p = me->next;
			break;
		}
	}
	pthread_mutex_unlock(&served_lock);
}

int glr_shutdown(int timeout_ms)
{
	pthread_mutex_lock(&served_lock);
	__atomic_store_n(&stopping, 1, __ATOMIC_RELEASE);
	/* A read waiting for the guest returns 0 (what was received is still read first, on
	 * a unix socket); a thread running commands finishes its batch, then sees stopping. */
	for (struct served *s = served; s; s = s->next)
		shutdown(s->fd, SHUT_RD);
	pthread_mutex_unlock(&served_lock);
	for (int waited = 0;; waited += 10) {
		int left = __atomic_load_n(&active_clients, __ATOMIC_ACQUIRE);
		if (!left || waited >= timeout_ms)
			return left;
		usleep(10 * 1000);
	}
}

int glr_active_clients(void)
{
	return __atomic_load_n(&active_clients, __ATOMIC_ACQUIRE);
}

/* Read what the guest sent into c->in, and the descriptors that came with it (a unix
 * socket's SCM_RIGHTS) into c->fds. More descriptors than the commands could have
 * asked for, or ones the kernel had to cut, drop the client. -1 at EOF or an error. */
static long receive(struct glr_client *c)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * GLR_MAX_FDS)];
	} ctl;
	struct iovec iov = {c->in + c->in_len, c->in_cap - c->in_len};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n;
	do {
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof ctl.buf;
		n = recvmsg(c->fd, &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && errno == ENOTSOCK)
		return wire_read_some(c->fd, c->in + c->in_len, c->in_cap - c->in_len, false);
	if (n <= 0)
		return -1;
	bool bad = msg.msg_flags & MSG_CTRUNC;
	for (struct cmsghdr *h = CMSG_FIRSTHDR(&msg); h; h = CMSG_NXTHDR(&msg, h)) {
		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		size_t k = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int fd;
			memcpy(&fd, CMSG_DATA(h) + i * sizeof fd, sizeof fd);
			if (c->nfds < GLR_MAX_FDS)
				c->fds[c->nfds++] = fd;
			else
				close(fd), bad = true;
		}
	}
	if (bad) {
		glr_bad(c, OP_fglShmBuffer, "more descriptors than the commands take");
		return -1;
	}
	return (long)n;
}

int glr_take_fd(struct glr_client *c)
{
	if (!c->nfds)
		return -1;
	int fd = c->fds[0];
	memmove(c->fds, c->fds + 1, sizeof *c->fds * (size_t)--c->nfds);
	return fd;
}

/* given: the hello a listener process already took (a worker, isolate.c); NULL: do the
 * handshake here, and with isolation hand the connection to its session's worker. */
static void serve(int fd, const struct wire_hello *given)
{
	struct wire_hello hello;
	struct served me = {fd, NULL};
	char err[256];
	int active = __atomic_add_fetch(&active_clients, 1, __ATOMIC_RELAXED);
	if (!serve_begin(&me)) {
		close(fd);
		__atomic_sub_fetch(&active_clients, 1, __ATOMIC_RELEASE);
		return;
	}
	if (given) {
		hello = *given;
	} else {
		if (glr_options.max_clients && active > glr_options.max_clients) {
			glr_log("refused a client: %d are served already (--max-clients)",
				active - 1);
			refuse_busy(fd);
			goto refused;
		}
		if (wire_server_handshake(fd, &hello, glr_options.token, err, sizeof err) < 0) {
			glr_log("refused a client: %s", err);
			goto refused;
		}
		if (glr_isolating()) {
			glr_isolate_handoff(fd, &hello);
			goto refused; /* the worker has its own copy of the connection */
		}
	}
	struct glr_client *c = glr_client_new(fd, &hello);
	if (!c) {
		glr_log("no memory for a client");
		goto refused;
	}
	/* A guest that stops reading must not hold its render thread (and the shared driver
	 * lock) forever: a write that waits 10 s drops it. */
	struct timeval send_limit = {10, 0};
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_limit, sizeof send_limit);
	glr_log("client connected: %s", c->peer);
	c->rec = glr_record_open(&c->hello);
	while (!c->dropped && !__atomic_load_n(&stopping, __ATOMIC_ACQUIRE)) {
		long n = receive(c);
		if (n <= 0)
			break;
		c->in_len += (size_t)n;
		if (run_received(c) < 0)
			break;
	}
	if (__atomic_load_n(&stopping, __ATOMIC_ACQUIRE) && !c->dropped) {
		/* its last batch has run: the guest says why it goes (one line, exit 1) */
		static const char why[] = "glrender is shutting down";
		struct iovec iov = {(void *)why, sizeof why - 1};
		glr_send(c, WIRE_MSG_ERROR, &iov, 1);
		glr_log("client %s: finished its commands, told it glrender is shutting down",
			c->peer);
	} else {
		glr_log("client disconnected: %s", c->peer);
	}
	glr_record_close(c->rec);
	c->rec = NULL;
	serve_end(&me);
	glr_client_free(c);
	__atomic_sub_fetch(&active_clients, 1, __ATOMIC_RELEASE);
	return;
refused:
	serve_end(&me);
	close(fd);
	__atomic_sub_fetch(&active_clients, 1, __ATOMIC_RELEASE);
}

void glr_serve(int fd)
{
	serve(fd, NULL);
}

void glr_serve_hello(int fd, const struct wire_hello *hello)
{
	serve(fd, hello);
}
