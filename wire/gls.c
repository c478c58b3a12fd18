/* gls.c — writing and reading .gls traces (format: tools/GLSTREAM.md).
 *
 * The writer copies the bytes it is given into a chunk buffer and hands full chunks
 * (or the chunk that ends a frame) to a thread of its own, which checksums, compresses
 * and writes them: the recorded program only pays for a memcpy and a header walk.
 * The reader works on memory (a mapped file), checks every length against the bytes
 * there before reading, and reports damage as one line. */
#include "gls.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "gl_ops.h"
#include "wire.h"

#define ZSTD_LEVEL 1
#define QUEUE_MAX 8
#define MAX_THREADS 4096 /* guest connections a trace may name */
#define NOTES_MAX 64

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}
static uint64_t get64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ======================================================================= writing */

struct job {
	uint32_t type, flags, thread, time_ms;
	uint64_t calls_after; /* calls recorded when the chunk ended (frame index) */
	uint8_t *raw;
	size_t len, cap;
	struct job *next;
};

struct walk { /* where a thread's stream is: inside a command, or inside a header */
	uint8_t hdr[8];
	uint32_t have; /* header bytes gathered */
	uint64_t skip; /* bytes of the current command still to come */
	bool swap;     /* the current command is a glXSwapBuffers */
	bool lost;     /* a malformed header: the rest is copied without looking */
};

struct gls_writer {
	pthread_mutex_t lock;
	pthread_cond_t work, room;
	pthread_t thread;
	int fd;
	bool compress, stopping, failed, said;
	char path[512];
	char error[800];
	uint64_t start_ms;

	struct job *cur; /* being filled */
	struct job *queue, **queue_tail, *spare;
	int queued;
	struct walk *walks;
	uint32_t nwalks;
	uint64_t calls;

	/* the writer thread's */
	uint64_t offset;
	struct gls_frame_entry *frames;
	size_t nframes, frames_cap;
	ZSTD_CCtx *cctx;
	uint8_t *zbuf;
	size_t zcap;
};

static int write_all_fd(int fd, const void *p, size_t n)
{
	return wire_write_all(fd, p, n);
}

static void fail_locked(struct gls_writer *w, const char *what)
{
	if (!w->failed)
		snprintf(w->error, sizeof w->error, "%s: %s: %s", w->path, what, strerror(errno));
	w->failed = true;
}

static int add_frame(struct gls_writer *w, uint64_t offset, uint64_t call)
{
	if (w->nframes == w->frames_cap) {
		size_t cap = w->frames_cap ? w->frames_cap * 2 : 256;
		void *p = realloc(w->frames, cap * sizeof *w->frames);
		if (!p)
			return -1;
		w->frames = p;
		w->frames_cap = cap;
	}
	w->frames[w->nframes].offset = offset;
	w->frames[w->nframes].call = call;
	w->nframes++;
	return 0;
}

/* On the writer thread: one chunk to the file. */
static int write_chunk(struct gls_writer *w, const struct job *j)
{
	uint8_t hdr[GLS_CHUNK_HEADER];
	const uint8_t *data = j->raw;
	size_t stored = j->len;
	uint32_t flags = j->flags;
	static const uint8_t zeros[4];
	if (w->compress && j->len >= 64) {
		size_t bound = ZSTD_compressBound(j->len);
		if (bound > w->zcap) {
			uint8_t *p = realloc(w->zbuf, bound);
			if (!p)
				return -1;
			w->zbuf = p;
			w->zcap = bound;
		}
		size_t n = ZSTD_compressCCtx(w->cctx, w->zbuf, w->zcap, j->raw, j->len, ZSTD_LEVEL);
		if (!ZSTD_isError(n) && n < j->len) {
			data = w->zbuf;
			stored = n;
			flags |= GLS_CHUNK_ZSTD;
		}
	}
	put32(hdr, GLS_CHUNK_MAGIC);
	put32(hdr + 4, j->type);
	put32(hdr + 8, flags);
	put32(hdr + 12, j->thread);
	put32(hdr + 16, (uint32_t)j->len);
	put32(hdr + 20, (uint32_t)stored);
	put32(hdr + 24, (uint32_t)crc32(0, j->raw, (uInt)j->len));
	put32(hdr + 28, j->time_ms);
	if (write_all_fd(w->fd, hdr, sizeof hdr) < 0 || write_all_fd(w->fd, data, stored) < 0 ||
	    write_all_fd(w->fd, zeros, wire_pad4(stored) - stored) < 0)
		return -1;
	w->offset += sizeof hdr + wire_pad4(stored);
	if (j->flags & GLS_CHUNK_FRAME_END)
		return add_frame(w, w->offset, j->calls_after);
	return 0;
}

static void *writer_main(void *arg)
{
	struct gls_writer *w = arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->queue && !w->stopping)
			pthread_cond_wait(&w->work, &w->lock);
		struct job *j = w->queue;
		if (!j)
			break;
		w->queue = j->next;
		if (!w->queue)
			w->queue_tail = &w->queue;
		w->queued--;
		bool failed = w->failed;
		pthread_mutex_unlock(&w->lock);
		int rc = failed ? 0 : write_chunk(w, j);
		pthread_mutex_lock(&w->lock);
		if (rc < 0)
			fail_locked(w, "cannot write the trace");
		j->next = w->spare;
		w->spare = j;
		pthread_cond_signal(&w->room);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static struct job *new_job(struct gls_writer *w, uint32_t type, uint32_t thread)
{
	struct job *j = w->spare;
	if (j) {
		w->spare = j->next;
	} else {
		j = calloc(1, sizeof *j);
		if (!j || !(j->raw = malloc(GLS_CHUNK_RAW_MAX))) {
			free(j);
			errno = ENOMEM;
			return NULL;
		}
		j->cap = GLS_CHUNK_RAW_MAX;
	}
	j->type = type;
	j->thread = thread;
	j->flags = 0;
	j->len = 0;
	j->next = NULL;
	return j;
}

/* Queue the chunk being filled (locked). */
static void end_chunk(struct gls_writer *w, uint32_t flags)
{
	struct job *j = w->cur;
	if (!j)
		return;
	w->cur = NULL;
	j->flags |= flags;
	j->calls_after = w->calls;
	j->time_ms = (uint32_t)(mono_ms() - w->start_ms);
	while (w->queued >= QUEUE_MAX && !w->failed)
		pthread_cond_wait(&w->room, &w->lock);
	j->next = NULL;
	*w->queue_tail = j;
	w->queue_tail = &j->next;
	w->queued++;
	pthread_cond_signal(&w->work);
}

static int append(struct gls_writer *w, uint32_t thread, const uint8_t *p, size_t n)
{
	while (n) {
		if (w->cur && w->cur->len == w->cur->cap)
			end_chunk(w, 0);
		if (!w->cur && !(w->cur = new_job(w, GLS_CHUNK_COMMANDS, thread))) {
			fail_locked(w, "out of memory");
			return -1;
		}
		size_t k = w->cur->cap - w->cur->len;
		if (k > n)
			k = n;
		memcpy(w->cur->raw + w->cur->len, p, k);
		w->cur->len += k;
		p += k;
		n -= k;
	}
	return 0;
}

static struct walk *walk_of(struct gls_writer *w, uint32_t thread)
{
	if (thread >= MAX_THREADS)
		return NULL;
	if (thread >= w->nwalks) {
		uint32_t n = thread + 8;
		struct walk *p = realloc(w->walks, n * sizeof *p);
		if (!p)
			return NULL;
		memset(p + w->nwalks, 0, (n - w->nwalks) * sizeof *p);
		w->walks = p;
		w->nwalks = n;
	}
	return &w->walks[thread];
}

/* Walk the headers of the commands in p[0..n): count calls, and cut the chunk right
 * after each glXSwapBuffers so that every frame starts a chunk. */
static int feed(struct gls_writer *w, uint32_t thread, struct walk *s, const uint8_t *p, size_t n)
{
	size_t pos = 0, start = 0;
	while (pos < n && !s->lost) {
		if (s->skip) {
			size_t k = s->skip < n - pos ? (size_t)s->skip : n - pos;
			pos += k;
			s->skip -= k;
		} else {
			s->hdr[s->have++] = p[pos++];
			if (s->have < 4 || (WIRE_HDR_WORDS(get32(s->hdr)) == 0 && s->have < 8))
				continue;
			uint32_t op;
			size_t hb;
			size_t total = wire_msg_size(s->hdr, s->have, WIRE_MAX_COMMAND, &op, &hb);
			if (total == (size_t)-1 || total == 0) {
				s->lost = true;
				break;
			}
			w->calls++;
			s->skip = total - s->have;
			s->have = 0;
			s->swap = op == OP_glXSwapBuffers;
		}
		if (!s->skip && !s->have && s->swap) {
			s->swap = false;
			if (append(w, thread, p + start, pos - start) < 0)
				return -1;
			start = pos;
			end_chunk(w, GLS_CHUNK_FRAME_END);
		}
	}
	return append(w, thread, p + start, n - start);
}

int gls_writer_commands(struct gls_writer *w, uint32_t thread, const void *data, size_t len)
{
	int rc = -1;
	pthread_mutex_lock(&w->lock);
	if (w->failed)
		goto out;
	if (w->cur && w->cur->thread != thread)
		end_chunk(w, 0);
	struct walk *s = walk_of(w, thread);
	if (!s) {
		errno = ENOMEM;
		fail_locked(w, "too many threads");
		goto out;
	}
	rc = feed(w, thread, s, data, len);
out:
	if (w->failed && !w->said) {
		w->said = true;
		fprintf(stderr, "fakegl: recording stopped: %s\n", w->error);
	}
	pthread_mutex_unlock(&w->lock);
	return rc;
}

int gls_writer_note(struct gls_writer *w, const char *key, const char *value)
{
	size_t kl = strlen(key) + 1, vl = strlen(value) + 1;
	int rc = -1;
	pthread_mutex_lock(&w->lock);
	if (w->failed || kl + vl > GLS_CHUNK_RAW_MAX)
		goto out;
	end_chunk(w, 0);
	struct job *j = new_job(w, GLS_CHUNK_INFO, 0);
	if (!j)
		goto out;
	memcpy(j->raw, key, kl);
	memcpy(j->raw + kl, value, vl);
	j->len = kl + vl;
	w->cur = j;
	end_chunk(w, 0);
	rc = 0;
out:
	pthread_mutex_unlock(&w->lock);
	return rc;
}

static size_t put_string(uint8_t *p, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max)
		n = max;
	put32(p, (uint32_t)n);
	memcpy(p + 4, s, n);
	memset(p + 4 + n, 0, wire_pad4(n) - n);
	return 4 + wire_pad4(n);
}

#define GLS_STRING_MAX 65536

struct gls_writer *gls_writer_open(const char *path, const struct gls_writer_info *info,
				   char *err, size_t errlen)
{
	struct gls_writer *w = calloc(1, sizeof *w);
	uint8_t *hdr = NULL;
	if (!w) {
		set_err(err, errlen, "out of memory");
		return NULL;
	}
	w->fd = -1;
	snprintf(w->path, sizeof w->path, "%s", path);
	w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w->fd < 0) {
		set_err(err, errlen, "cannot create %s: %s", path, strerror(errno));
		goto fail;
	}
	const char *strs[3] = {info->source ? info->source : "",
			       info->program ? info->program : "",
			       info->cmdline ? info->cmdline : ""};
	size_t cap = 20 + 12 + 3 * (4 + GLS_STRING_MAX + 4);
	hdr = malloc(cap);
	if (!hdr) {
		set_err(err, errlen, "out of memory");
		goto fail;
	}
	memcpy(hdr, GLS_MAGIC, 8);
	put32(hdr + 8, GLS_VERSION);
	put32(hdr + 12, WIRE_VERSION);
	size_t at = 20;
	put64(hdr + at, now_us());
	put32(hdr + at + 8, info->pid);
	at += 12;
	for (int i = 0; i < 3; i++)
		at += put_string(hdr + at, strs[i], GLS_STRING_MAX);
	put32(hdr + 16, (uint32_t)(at - 20));
	if (write_all_fd(w->fd, hdr, at) < 0) {
		set_err(err, errlen, "cannot write %s: %s", path, strerror(errno));
		goto fail;
	}
	free(hdr);
	hdr = NULL;
	w->offset = at;
	if (add_frame(w, at, 0) < 0 || (info->compress && !(w->cctx = ZSTD_createCCtx()))) {
		set_err(err, errlen, "out of memory");
		goto fail;
	}
	w->compress = info->compress;
	w->start_ms = mono_ms();
	w->queue_tail = &w->queue;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->room, NULL);
	/* The writer thread takes no signals: a handler that finishes the trace (libfakegl's
	 * at SIGTERM) must never run on it while it holds the writer's lock. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(&w->thread, NULL, writer_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		set_err(err, errlen, "cannot start the trace writer thread");
		goto fail;
	}
	return w;
fail:
	free(hdr);
	if (w->fd >= 0)
		close(w->fd);
	ZSTD_freeCCtx(w->cctx);
	free(w->frames);
	free(w);
	return NULL;
}

int gls_writer_close(struct gls_writer *w, char *err, size_t errlen)
{
	int rc = 0;
	pthread_mutex_lock(&w->lock);
	end_chunk(w, 0);
	w->stopping = true;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	if (!w->failed) {
		/* the index: calls, entries, then per entry offset and first call */
		size_t n = 16 + w->nframes * 16;
		struct job j = {.type = GLS_CHUNK_INDEX, .len = n, .raw = malloc(n)};
		uint64_t at = w->offset;
		if (!j.raw) {
			errno = ENOMEM;
			fail_locked(w, "cannot write the index");
		} else {
			put64(j.raw, w->calls);
			put64(j.raw + 8, w->nframes);
			for (size_t i = 0; i < w->nframes; i++) {
				put64(j.raw + 16 + 16 * i, w->frames[i].offset);
				put64(j.raw + 24 + 16 * i, w->frames[i].call);
			}
			bool compress = w->compress;
			w->compress = false;
			uint8_t end[16];
			put64(end, at);
			memcpy(end + 8, GLS_END_MAGIC, 8);
			if (write_chunk(w, &j) < 0 || write_all_fd(w->fd, end, 16) < 0)
				fail_locked(w, "cannot write the index");
			w->compress = compress;
			free(j.raw);
		}
	}
	if (close(w->fd) < 0 && !w->failed)
		fail_locked(w, "cannot close the trace");
	if (w->failed) {
		set_err(err, errlen, "%s", w->error);
		rc = -1;
	}
	while (w->spare) {
		struct job *j = w->spare;
		w->spare = j->next;
		free(j->raw);
		free(j);
	}
	ZSTD_freeCCtx(w->cctx);
	free(w->zbuf);
	free(w->walks);
	free(w->frames);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->room);
	free(w);
	return rc;
}

/* ======================================================================= reading */

struct buf {
	uint8_t *p;
	size_t cap;
};

struct gls_trace {
	const uint8_t *data;
	size_t len;
	void *map; /* what gls_open_file mapped */
	size_t map_len;
	struct gls_header h;
	char *strs[3];
	uint64_t first;	 /* offset of the first chunk */
	uint64_t end;	 /* where chunks end: the index, or the end of the data */
	bool indexed;
	char damage[256];
	uint64_t calls;
	struct gls_frame_entry *frames; /* frames + 1 entries */
	uint64_t nframes;
	struct buf buf; /* gls_read_chunk's */
	struct {
		char *key, *value;
	} notes[NOTES_MAX];
	int nnotes;
};

static int read_string(const uint8_t *p, size_t len, size_t *at, char **out)
{
	if (len - *at < 4)
		return -1;
	uint32_t n = get32(p + *at);
	if (n > GLS_STRING_MAX || wire_pad4(n) > len - *at - 4)
		return -1;
	if (memchr(p + *at + 4, 0, n))
		return -1;
	*out = malloc((size_t)n + 1);
	if (!*out)
		return -1;
	memcpy(*out, p + *at + 4, n);
	(*out)[n] = 0;
	*at += 4 + wire_pad4(n);
	return 0;
}

static void keep_note(struct gls_trace *t, const uint8_t *p, size_t n)
{
	if (!n)
		return; /* an empty note (p may be NULL): nothing to keep */
	const uint8_t *k = p, *z = memchr(p, 0, n);
	if (!z || t->nnotes == NOTES_MAX)
		return;
	const uint8_t *v = z + 1, *z2 = memchr(v, 0, n - (size_t)(v - p));
	if (!z2)
		return;
	for (int i = 0; i < t->nnotes; i++)
		if (!strcmp(t->notes[i].key, (const char *)k))
			return;
	char *key = strdup((const char *)k), *value = strdup((const char *)v);
	if (!key || !value) {
		free(key);
		free(value);
		return;
	}
	t->notes[t->nnotes].key = key;
	t->notes[t->nnotes].value = value;
	t->nnotes++;
}

/* The chunk at off: header checked, data decompressed into b and checksummed. */
static int read_chunk(struct gls_trace *t, uint64_t *off, struct gls_chunk *c, struct buf *b,
		      char *err, size_t errlen)
{
	uint64_t at = *off;
	if (at >= t->end)
		return 0;
	if (t->end - at < GLS_CHUNK_HEADER) {
		set_err(err, errlen, "truncated: the chunk at byte %llu is cut off",
			(unsigned long long)at);
		return -1;
	}
	const uint8_t *h = t->data + at;
	if (get32(h) != GLS_CHUNK_MAGIC) {
		set_err(err, errlen, "corrupt: no chunk at byte %llu", (unsigned long long)at);
		return -1;
	}
	c->offset = at;
	c->type = get32(h + 4);
	c->flags = get32(h + 8);
	c->thread = get32(h + 12);
	uint32_t raw = get32(h + 16);
	c->stored = get32(h + 20);
	uint32_t crc = get32(h + 24);
	c->time_ms = get32(h + 28);
	if (c->type < GLS_CHUNK_COMMANDS || c->type > GLS_CHUNK_INDEX ||
	    (c->flags & ~(GLS_CHUNK_ZSTD | GLS_CHUNK_FRAME_END)) || raw > GLS_CHUNK_RAW_LIMIT ||
	    c->thread >= MAX_THREADS || (!(c->flags & GLS_CHUNK_ZSTD) && c->stored != raw) ||
	    (c->type == GLS_CHUNK_INDEX && raw > t->len)) {
		set_err(err, errlen, "corrupt: bad chunk header at byte %llu", (unsigned long long)at);
		return -1;
	}
	if (wire_pad4(c->stored) > t->end - at - GLS_CHUNK_HEADER) {
		set_err(err, errlen, "truncated: the chunk at byte %llu is cut off",
			(unsigned long long)at);
		return -1;
	}
	const uint8_t *stored = h + GLS_CHUNK_HEADER;
	if (c->flags & GLS_CHUNK_ZSTD) {
		if (raw > b->cap) {
			uint8_t *p = realloc(b->p, raw);
			if (!p) {
				set_err(err, errlen, "out of memory for a chunk of %u bytes", raw);
				return -1;
			}
			b->p = p;
			b->cap = raw;
		}
		size_t n = ZSTD_decompress(b->p, raw, stored, c->stored);
		if (ZSTD_isError(n) || n != raw) {
			set_err(err, errlen, "corrupt: the chunk at byte %llu does not decompress%s%s",
				(unsigned long long)at, ZSTD_isError(n) ? ": " : "",
				ZSTD_isError(n) ? ZSTD_getErrorName(n) : "");
			return -1;
		}
		c->data = b->p;
	} else {
		c->data = stored;
	}
	c->len = raw;
	if ((uint32_t)crc32(0, c->data, (uInt)raw) != crc) {
		set_err(err, errlen, "corrupt: the chunk at byte %llu fails its checksum",
			(unsigned long long)at);
		return -1;
	}
	if (c->type == GLS_CHUNK_INFO)
		keep_note(t, c->data, c->len);
	*off = at + GLS_CHUNK_HEADER + wire_pad4(c->stored);
	return 1;
}

int gls_read_chunk(struct gls_trace *t, uint64_t *offset, struct gls_chunk *c, char *err,
		   size_t errlen)
{
	return read_chunk(t, offset, c, &t->buf, err, errlen);
}

static int add_entry(struct gls_trace *t, uint64_t *cap, uint64_t offset, uint64_t call)
{
	if (t->nframes + 1 >= *cap) {
		uint64_t n = *cap ? *cap * 2 : 256;
		void *p = realloc(t->frames, (size_t)n * sizeof *t->frames);
		if (!p)
			return -1;
		t->frames = p;
		*cap = n;
	}
	t->frames[t->nframes].offset = offset;
	t->frames[t->nframes].call = call;
	return 0;
}

/* Count the command headers of one chunk (per thread, as the writer did). */
static int count_calls(struct walk *s, const uint8_t *p, size_t n, uint64_t *calls)
{
	size_t pos = 0;
	while (pos < n) {
		if (s->skip) {
			size_t k = s->skip < n - pos ? (size_t)s->skip : n - pos;
			pos += k;
			s->skip -= k;
			continue;
		}
		s->hdr[s->have++] = p[pos++];
		if (s->have < 4 || (WIRE_HDR_WORDS(get32(s->hdr)) == 0 && s->have < 8))
			continue;
		uint32_t op;
		size_t hb;
		size_t total = wire_msg_size(s->hdr, s->have, WIRE_MAX_COMMAND, &op, &hb);
		if (total == (size_t)-1 || total == 0)
			return -1;
		(*calls)++;
		s->skip = total - s->have;
		s->have = 0;
	}
	return 0;
}

/* No index at the end: read every chunk to find the frames. A chunk cut off by the
 * end of the file ends the trace (noted in damage); anything else is an error. */
static int rebuild_index(struct gls_trace *t, char *err, size_t errlen)
{
	uint64_t cap = 0, off = t->first, calls = 0;
	struct gls_chunk c;
	struct walk *walks = NULL;
	uint32_t nwalks = 0;
	int rc = -1;
	t->nframes = 0;
	if (add_entry(t, &cap, off, 0) < 0)
		goto oom;
	for (;;) {
		char why[256];
		uint64_t at = off;
		int r = read_chunk(t, &off, &c, &t->buf, why, sizeof why);
		if (r == 0)
			break;
		if (r < 0) {
			if (!strncmp(why, "truncated", 9)) {
				snprintf(t->damage, sizeof t->damage, "%s", why);
				t->end = at;
				break;
			}
			set_err(err, errlen, "%s", why);
			goto out;
		}
		if (c.type == GLS_CHUNK_INDEX) {
			set_err(err, errlen, "corrupt: an index at byte %llu without the end mark",
				(unsigned long long)c.offset);
			goto out;
		}
		if (c.type != GLS_CHUNK_COMMANDS)
			continue;
		if (c.thread >= nwalks) {
			uint32_t n = c.thread + 8;
			struct walk *p = realloc(walks, n * sizeof *p);
			if (!p)
				goto oom;
			memset(p + nwalks, 0, (n - nwalks) * sizeof *p);
			walks = p;
			nwalks = n;
		}
		if (count_calls(&walks[c.thread], c.data, c.len, &calls) < 0) {
			set_err(err, errlen, "corrupt: a malformed command in the chunk at byte %llu",
				(unsigned long long)c.offset);
			goto out;
		}
		if (c.flags & GLS_CHUNK_FRAME_END) {
			t->nframes++;
			if (add_entry(t, &cap, off, calls) < 0)
				goto oom;
		}
	}
	t->calls = calls;
	rc = 0;
	goto out;
oom:
	set_err(err, errlen, "out of memory");
out:
	free(walks);
	return rc;
}

static int read_index(struct gls_trace *t, uint64_t idx, char *err, size_t errlen)
{
	uint64_t off = idx;
	struct gls_chunk c;
	uint64_t saved_end = t->end;
	t->end = t->len - 16;
	int r = read_chunk(t, &off, &c, &t->buf, err, errlen);
	t->end = saved_end;
	if (r <= 0)
		return -1;
	if (c.type != GLS_CHUNK_INDEX || off != t->len - 16 || c.len < 16) {
		set_err(err, errlen, "corrupt: the index at byte %llu is damaged",
			(unsigned long long)idx);
		return -1;
	}
	uint64_t n = get64(c.data + 8);
	if (n == 0 || n > (c.len - 16) / 16 || n * 16 != c.len - 16) {
		set_err(err, errlen, "corrupt: the index at byte %llu is damaged",
			(unsigned long long)idx);
		return -1;
	}
	t->calls = get64(c.data);
	t->frames = malloc((size_t)n * sizeof *t->frames);
	if (!t->frames) {
		set_err(err, errlen, "out of memory");
		return -1;
	}
	uint64_t prev_off = t->first, prev_call = 0;
	for (uint64_t i = 0; i < n; i++) {
		t->frames[i].offset = get64(c.data + 16 + 16 * i);
		t->frames[i].call = get64(c.data + 24 + 16 * i);
		if (t->frames[i].offset < prev_off || t->frames[i].offset > idx ||
		    t->frames[i].call < prev_call || t->frames[i].call > t->calls ||
		    (i == 0 && t->frames[i].offset != t->first)) {
			set_err(err, errlen, "corrupt: the index at byte %llu is damaged",
				(unsigned long long)idx);
			return -1;
		}
		prev_off = t->frames[i].offset;
		prev_call = t->frames[i].call;
	}
	t->nframes = n - 1;
	t->end = idx;
	return 0;
}

struct gls_trace *gls_open_memory(const void *data, size_t len, char *err, size_t errlen)
{
	struct gls_trace *t = calloc(1, sizeof *t);
	const uint8_t *p = data;
	if (!t) {
		set_err(err, errlen, "out of memory");
		return NULL;
	}
	t->data = p;
	t->len = len;
	t->end = len;
	if (len < 8 || memcmp(p, GLS_MAGIC, 8) != 0) {
		set_err(err, errlen, "not a glstream trace (no FGLSTRM magic)");
		goto fail;
	}
	if (len < 20) {
		set_err(err, errlen, "truncated: the header is cut off");
		goto fail;
	}
	t->h.format = get32(p + 8);
	t->h.protocol = get32(p + 12);
	if (t->h.format != GLS_VERSION) {
		set_err(err, errlen, "trace format version %u; this glstream reads version %u",
			t->h.format, GLS_VERSION);
		goto fail;
	}
	if (t->h.protocol != WIRE_VERSION) {
		set_err(err, errlen, "recorded with protocol version %u; this glstream speaks %u",
			t->h.protocol, WIRE_VERSION);
		goto fail;
	}
	uint32_t hlen = get32(p + 16);
	if (hlen > len - 20) {
		set_err(err, errlen, "truncated: the header is cut off");
		goto fail;
	}
	if (hlen < 12 + 12 || hlen % 4) {
		set_err(err, errlen, "corrupt: bad header length %u", hlen);
		goto fail;
	}
	size_t hend = 20 + (size_t)hlen, at = 32;
	t->h.time_us = get64(p + 20);
	t->h.pid = get32(p + 28);
	for (int i = 0; i < 3; i++) {
		if (read_string(p, hend, &at, &t->strs[i]) < 0) {
			set_err(err, errlen, "corrupt: a bad string in the header");
			goto fail;
		}
	}
	if (at != hend) {
		set_err(err, errlen, "corrupt: the header is longer than its fields");
		goto fail;
	}
	t->h.source = t->strs[0];
	t->h.program = t->strs[1];
	t->h.cmdline = t->strs[2];
	t->first = hend;
	if (len - hend >= 16 + GLS_CHUNK_HEADER && !memcmp(p + len - 8, GLS_END_MAGIC, 8)) {
		uint64_t idx = get64(p + len - 16);
		if (idx < hend || idx > len - 16 - GLS_CHUNK_HEADER) {
			set_err(err, errlen, "corrupt: the index offset points outside the file");
			goto fail;
		}
		if (read_index(t, idx, err, errlen) < 0)
			goto fail;
		t->indexed = true;
	} else if (rebuild_index(t, err, errlen) < 0) {
		goto fail;
	}
	return t;
fail:
	gls_close(t);
	return NULL;
}

struct gls_trace *gls_open_file(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		set_err(err, errlen, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		set_err(err, errlen, "not a regular file");
		close(fd);
		return NULL;
	}
	size_t len = (size_t)st.st_size;
	void *map = NULL;
	if (len) {
		map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			set_err(err, errlen, "cannot map: %s", strerror(errno));
			close(fd);
			return NULL;
		}
	}
	close(fd);
	struct gls_trace *t = gls_open_memory(map ? map : "", len, err, errlen);
	if (!t) {
		if (map)
			munmap(map, len);
		return NULL;
	}
	t->map = map;
	t->map_len = len;
	return t;
}

void gls_close(struct gls_trace *t)
{
	if (!t)
		return;
	for (int i = 0; i < 3; i++)
		free(t->strs[i]);
	for (int i = 0; i < t->nnotes; i++) {
		free(t->notes[i].key);
		free(t->notes[i].value);
	}
	free(t->frames);
	free(t->buf.p);
	if (t->map)
		munmap(t->map, t->map_len);
	free(t);
}

const struct gls_header *gls_header(const struct gls_trace *t) { return &t->h; }
size_t gls_size(const struct gls_trace *t) { return t->len; }
bool gls_indexed(const struct gls_trace *t) { return t->indexed; }
const char *gls_damage(const struct gls_trace *t) { return t->damage[0] ? t->damage : NULL; }
uint64_t gls_frames(const struct gls_trace *t) { return t->nframes; }
uint64_t gls_calls(const struct gls_trace *t) { return t->calls; }
uint64_t gls_first_chunk(const struct gls_trace *t) { return t->first; }

const struct gls_frame_entry *gls_frame(const struct gls_trace *t, uint64_t frame)
{
	return frame <= t->nframes ? &t->frames[frame] : NULL;
}

const char *gls_note(const struct gls_trace *t, const char *key)
{
	for (int i = 0; i < t->nnotes; i++)
		if (!strcmp(t->notes[i].key, key))
			return t->notes[i].value;
	return "";
}

/* ======================================================================= commands */

struct partial {
	uint8_t *p;
	size_t have, cap;
	size_t total; /* 0 until the header is complete */
	uint64_t call;
};

struct gls_cursor {
	struct gls_trace *t;
	uint64_t next;	/* offset of the next chunk */
	struct gls_chunk chunk;
	size_t pos;	/* in chunk.data */
	bool have_chunk;
	struct buf buf;
	struct partial *parts;
	uint32_t nparts;
	uint64_t call, frame;
	bool frame_pending; /* the chunk being read ends a frame */
};

struct gls_cursor *gls_cursor_new(struct gls_trace *t, uint64_t frame, char *err, size_t errlen)
{
	if (frame > t->nframes) {
		set_err(err, errlen, "no frame %llu: the trace has %llu", (unsigned long long)frame,
			(unsigned long long)t->nframes);
		return NULL;
	}
	struct gls_cursor *cur = calloc(1, sizeof *cur);
	if (!cur) {
		set_err(err, errlen, "out of memory");
		return NULL;
	}
	cur->t = t;
	cur->next = t->frames[frame].offset;
	cur->call = t->frames[frame].call;
	cur->frame = frame;
	return cur;
}

void gls_cursor_free(struct gls_cursor *cur)
{
	if (!cur)
		return;
	for (uint32_t i = 0; i < cur->nparts; i++)
		free(cur->parts[i].p);
	free(cur->parts);
	free(cur->buf.p);
	free(cur);
}

static int grow(struct partial *s, size_t want)
{
	if (want <= s->cap)
		return 0;
	size_t cap = s->cap ? s->cap : 64;
	while (cap < want)
		cap *= 2;
	uint8_t *p = realloc(s->p, cap);
	if (!p)
		return -1;
	s->p = p;
	s->cap = cap;
	return 0;
}

int gls_cursor_next(struct gls_cursor *cur, struct gls_command *cmd, char *err, size_t errlen)
{
	for (;;) {
		if (!cur->have_chunk || cur->pos == cur->chunk.len) {
			if (cur->have_chunk && cur->frame_pending) {
				cur->frame++;
				cur->frame_pending = false;
			}
			cur->have_chunk = false;
			int r = read_chunk(cur->t, &cur->next, &cur->chunk, &cur->buf, err, errlen);
			if (r < 0)
				return -1;
			if (r == 0 || cur->chunk.type == GLS_CHUNK_INDEX) {
				for (uint32_t i = 0; i < cur->nparts; i++) {
					if (cur->parts[i].have) {
						set_err(err, errlen, "truncated: the last command of "
							"thread %u is cut off", i);
						return -1;
					}
				}
				return 0;
			}
			if (cur->chunk.type != GLS_CHUNK_COMMANDS)
				continue;
			cur->have_chunk = true;
			cur->pos = 0;
			cur->frame_pending = cur->chunk.flags & GLS_CHUNK_FRAME_END;
			if (cur->chunk.thread >= cur->nparts) {
				uint32_t n = cur->chunk.thread + 8;
				struct partial *p = realloc(cur->parts, n * sizeof *p);
				if (!p) {
					set_err(err, errlen, "out of memory");
					return -1;
				}
				memset(p + cur->nparts, 0, (n - cur->nparts) * sizeof *p);
				cur->parts = p;
				cur->nparts = n;
			}
			continue;
		}
		const uint8_t *d = cur->chunk.data + cur->pos;
		size_t avail = cur->chunk.len - cur->pos;
		struct partial *s = &cur->parts[cur->chunk.thread];
		uint32_t op;
		size_t hb;
		if (!s->have) {
			size_t total = wire_msg_size(d, avail, WIRE_MAX_COMMAND, &op, &hb);
			if (total == (size_t)-1)
				goto malformed;
			if (total && total <= avail) { /* whole in this chunk: no copy */
				cmd->thread = cur->chunk.thread;
				cmd->op = op;
				cmd->call = cur->call++;
				cmd->frame = cur->frame;
				cmd->payload = d + hb;
				cmd->len = total - hb;
				cmd->wire_len = total;
				cur->pos += total;
				return 1;
			}
			s->total = total;
			s->call = cur->call++;
		}
		/* gather a command that spans chunks */
		if (!s->total) {
			size_t want = s->have < 4 ? 4 : 8;
			size_t k = want - s->have < avail ? want - s->have : avail;
			if (grow(s, want) < 0)
				goto oom;
			memcpy(s->p + s->have, d, k);
			s->have += k;
			cur->pos += k;
			if (s->have < 4)
				continue;
			size_t total = wire_msg_size(s->p, s->have, WIRE_MAX_COMMAND, &op, &hb);
			if (total == (size_t)-1)
				goto malformed;
			s->total = total;
			continue;
		}
		size_t k = s->total - s->have < avail ? s->total - s->have : avail;
		/* grow with the bytes actually there, never by what a header claims */
		if (grow(s, s->have + k) < 0)
			goto oom;
		memcpy(s->p + s->have, d, k);
		s->have += k;
		cur->pos += k;
		if (s->have < s->total)
			continue;
		wire_msg_size(s->p, s->have, WIRE_MAX_COMMAND, &op, &hb);
		cmd->thread = cur->chunk.thread;
		cmd->op = op;
		cmd->call = s->call;
		cmd->frame = cur->frame;
		cmd->payload = s->p + hb;
		cmd->len = s->total - hb;
		cmd->wire_len = s->total;
		s->have = 0;
		s->total = 0;
		return 1;
	}
malformed:
	set_err(err, errlen, "corrupt: a malformed command header in the chunk at byte %llu",
		(unsigned long long)cur->chunk.offset);
	return -1;
oom:
	set_err(err, errlen, "out of memory");
	return -1;
}
