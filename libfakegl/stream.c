/* stream.c — the guest's connections to glrender: one per thread, commands batched and
 * sent only when a result is needed, the batch fills, or at glFlush/glFinish/swap;
 * replies and frames read back. */
#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
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

int fgl_flush(struct fgl_thread *t)
{
	if (!t->used)
		return 0;
	if (fgl_recording)
		fgl_record(t->index, t->buf, t->used);
	if (wire_write_all(t->fd, t->buf, t->used) < 0)
		lost(t, "sending commands");
	atomic_fetch_add(&fgl_stats.bytes, t->used);
	atomic_fetch_add(&fgl_stats.flushes, 1);
	atomic_fetch_add(&fgl_stats.calls, t->calls);
	t->calls = 0;
	t->used = 0;
	return 0;
}

uint8_t *fgl_begin_slow(struct fgl_thread *t, uint32_t op, size_t payload, size_t fixed)
{
	if (t->ctx && atomic_load_explicit(&t->ctx->share->persistent_maps, memory_order_relaxed))
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
	if (fgl_recording)
		for (int i = 0; i < 3; i++)
			fgl_record(t->index, iov[i].iov_base, iov[i].iov_len);
	if (wire_writev_all(t->fd, iov, 3) < 0)
		lost(t, "sending data");
	atomic_fetch_add(&fgl_stats.bytes, t->used + len + pad);
	atomic_fetch_add(&fgl_stats.flushes, 1);
	t->used = 0;
}

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
	if (n > t->reply_cap) {
		uint8_t *p = realloc(t->reply, n);
		if (!p)
			fgl_fatal("out of memory for a reply of %zu bytes", n);
		t->reply = p;
		t->reply_cap = n;
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
