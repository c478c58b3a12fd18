/* buffers.c — buffer mapping: glMapBuffer* hands out guest memory, and only what the
 * app changed travels back.
 *
 * The guest keeps, per share group, what it knows of each buffer (size and storage
 * flags, shadowed from glBufferData/glBufferStorage or asked of the host once) and its
 * current mapping. The host keeps no mapping state: it never maps a buffer for longer
 * than one command.
 *
 *   map      the guest allocates the mapping. When the app may see the old contents
 *            (a READ access, or a WRITE without an INVALIDATE bit, whose untouched bytes
 *            must stay as they were), one fglBufferRead fetches the range and a copy of
 *            it is kept as the "shadow": what the host holds. Maps with an INVALIDATE
 *            bit cost no round trip once the size is known.
 *   unmap    for a WRITE map without FLUSH_EXPLICIT, the span from the first to the last
 *   flush    byte that differs from the shadow travels with fglBufferWrite (with no
 *            shadow, the whole mapped or flushed range). So a write-only map without
 *            invalidate is exact: bytes the app did not change are sent back unchanged
 *            or not at all. glUnmapBuffer answers GL_TRUE without a round trip (the
 *            host's data store cannot be "corrupted" by a guest map).
 *   persistent  the mapping stays until unmap; before every command that may read
 *            buffer memory on the host (draws, dispatches, copies, buffer and texture
 *            reads and uploads, fences, glFlush/glFinish, swaps) the changed span of
 *            every persistent WRITE map of the share group is sent. That makes coherent
 *            maps exact for writes by the app, at the cost of a memcmp of each
 *            persistent map per such command. Writes by the GPU into a persistent map
 *            are not seen by the guest after the map was made (a READ map shows the
 *            contents at map time).
 *   copies   a buffer mapped a second time with its old contents showing gets a copy of
 *            its whole store in the guest ("what the host holds"), fetched once; later
 *            maps of it cost no round trip, and the unmap diffs against the copy. The
 *            copy follows every change the guest makes (glBufferData/Storage with
 *            data, glBufferSubData, fglBufferWrite) and is dropped where the guest
 *            cannot follow (a NULL data store). Anything that may change buffer
 *            memory on the host unseen ends copies in the share group for good: a
 *            buffer bound where the GPU writes (transform feedback, shader storage,
 *            atomic counters, pixel pack, query results; image units), and, while
 *            copies exist, copies, clears, invalidations and commitment changes
 *            (fgl_buffers_before sees every command then: buffer_watch).
 *   mirrors  a buffer with a copy is mapped (but for persistent maps) in its mirror:
 *            memory of the store's size kept from map to map, which equals the copy
 *            over [valid_lo, valid_hi) after a WRITE map's unmap has sent the changes
 *            and the copy followed them. A map inside that range is handed out as it is;
 *            another is filled from the copy first. So a buffer the app rewrites each
 *            frame (glmark2 buffer: four 144 KB maps a frame) costs no allocation and
 *            no fill per map.
 *   queries  GL_BUFFER_MAPPED, GL_BUFFER_ACCESS(_FLAGS), GL_BUFFER_MAP_OFFSET/LENGTH and
 *            GL_BUFFER_MAP_POINTER are answered by the guest; other pnames go to the
 *            host, which never sees the map.
 *
 * Not mirrored: commands that GL refuses on a mapped buffer (glBufferSubData, a draw
 * reading a non-persistent map) reach the host, where the buffer is not mapped, and
 * succeed there. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enc_gl.h"
#include "fgl.h"

/* GL_MIN_MAP_BUFFER_ALIGNMENT: pointer - offset is a multiple of it (the spec's 64). */
#define MAP_ALIGN 64
/* fglBufferWrite carries at most this much per command. */
#define WRITE_CHUNK ((size_t)64 << 20)
#define ALL_BYTES UINT64_MAX
/* The largest buffer the guest keeps a copy of. */
#define COPY_MAX ((uint64_t)64 << 20)

#define ACCESS_BITS                                                                                \
	(GL_MAP_READ_BIT | GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_RANGE_BIT |                        \
	 GL_MAP_INVALIDATE_BUFFER_BIT | GL_MAP_FLUSH_EXPLICIT_BIT | GL_MAP_UNSYNCHRONIZED_BIT |    \
	 GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT)
#define STORAGE_BITS                                                                               \
	(GL_MAP_READ_BIT | GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT |        \
	 GL_DYNAMIC_STORAGE_BIT | GL_CLIENT_STORAGE_BIT)
/* What a buffer made with glBufferData allows (GL_BUFFER_STORAGE_FLAGS of a mutable one). */
#define MUTABLE_FLAGS (GL_MAP_READ_BIT | GL_MAP_WRITE_BIT | GL_DYNAMIC_STORAGE_BIT)

struct fgl_buf {
	uint32_t name;
	struct fgl_buf *next; /* hash chain */
	bool known;	      /* size, immutable and storage are the host's */
	bool immutable;
	uint64_t size;
	uint32_t storage; /* GL_BUFFER_STORAGE_FLAGS */
	/* the current mapping */
	bool mapped;
	uint32_t access; /* GL_MAP_*_BIT */
	uint32_t legacy; /* GL_BUFFER_ACCESS: GL_READ_ONLY, GL_WRITE_ONLY or GL_READ_WRITE */
	uint64_t offset, length;
	uint8_t *mem;	      /* the allocation */
	uint8_t *ptr;	      /* what the app got: mem + offset % MAP_ALIGN */
	uint8_t *shadow;      /* what the host holds of ptr[0..length), NULL: unknown */
	struct fgl_buf *pnext; /* the share group's persistent maps */
	/* what the host holds of the whole store [0..size), NULL: unknown (see copies) */
	uint8_t *copy;
	uint32_t fetches; /* maps that read the old contents from the host */
	/* maps of a buffer with a copy (see mirrors): equal to the copy on [valid_lo,
	 * valid_hi); while mapped there, ptr points into it and mem is NULL */
	uint8_t *mirror;
	uint64_t valid_lo, valid_hi;
};

struct fgl_buffers {
	pthread_mutex_t lock;
	struct fgl_buf **buckets;
	size_t nbuckets, count;
	struct fgl_buf *persistent;
	atomic_bool no_copies; /* the GPU may write buffers: no copies any more */
};

#define CURRENT(ret)                                                                               \
	struct fgl_thread *t = fgl_tls;                                                            \
	if (!t || !t->ctx)                                                                         \
	return ret
#define NOTHING

struct fgl_buffers *fgl_buffers_new(void)
{
	struct fgl_buffers *bs = calloc(1, sizeof *bs);
	if (!bs)
		return NULL;
	pthread_mutex_init(&bs->lock, NULL);
	return bs;
}

static void unmap_local(struct fgl_share *s, struct fgl_buf *b)
{
	if (!b->mapped)
		return;
	if (b->access & GL_MAP_PERSISTENT_BIT) {
		for (struct fgl_buf **p = &s->buffers->persistent; *p; p = &(*p)->pnext) {
			if (*p == b) {
				*p = b->pnext;
				atomic_fetch_sub(&s->persistent_maps, 1);
				atomic_fetch_sub(&s->buffer_watch, 1);
				break;
			}
		}
	}
	/* a mirror map the app may have written without the changes reaching the copy */
	if (!b->mem && b->mirror &&
	    (!(b->access & GL_MAP_WRITE_BIT) || (b->access & GL_MAP_FLUSH_EXPLICIT_BIT)))
		b->valid_lo = b->valid_hi = 0;
	free(b->mem);
	free(b->shadow);
	b->mem = b->ptr = b->shadow = NULL;
	b->mapped = false;
	b->access = 0;
	b->offset = b->length = 0;
}

void fgl_buffers_free(struct fgl_buffers *bs)
{
	if (!bs)
		return;
	for (size_t i = 0; i < bs->nbuckets; i++) {
		for (struct fgl_buf *b = bs->buckets[i], *n; b; b = n) {
			n = b->next;
			free(b->mem);
			free(b->shadow);
			free(b->copy);
			free(b->mirror);
			free(b);
		}
	}
	free(bs->buckets);
	pthread_mutex_destroy(&bs->lock);
	free(bs);
}

static size_t bucket(const struct fgl_buffers *bs, uint32_t name)
{
	return (name * 2654435761u) & (bs->nbuckets - 1);
}

static struct fgl_buf *find(struct fgl_buffers *bs, uint32_t name)
{
	if (!bs->nbuckets)
		return NULL;
	for (struct fgl_buf *b = bs->buckets[bucket(bs, name)]; b; b = b->next)
		if (b->name == name)
			return b;
	return NULL;
}

/* The record of a buffer, made when first needed; NULL when out of memory. */
static struct fgl_buf *get(struct fgl_buffers *bs, uint32_t name)
{
	struct fgl_buf *b = find(bs, name);
	if (b)
		return b;
	if (bs->count >= bs->nbuckets * 2) {
		size_t n = bs->nbuckets ? bs->nbuckets * 2 : 64;
		struct fgl_buf **nb = calloc(n, sizeof *nb);
		if (!nb)
			return NULL;
		struct fgl_buffers grown = {.buckets = nb, .nbuckets = n};
		for (size_t i = 0; i < bs->nbuckets; i++) {
			for (struct fgl_buf *p = bs->buckets[i], *next; p; p = next) {
				next = p->next;
				size_t k = bucket(&grown, p->name);
				p->next = nb[k];
				nb[k] = p;
			}
		}
		free(bs->buckets);
		bs->buckets = nb;
		bs->nbuckets = n;
	}
	if (!(b = calloc(1, sizeof *b)))
		return NULL;
	b->name = name;
	size_t k = bucket(bs, name);
	b->next = bs->buckets[k];
	bs->buckets[k] = b;
	bs->count++;
	return b;
}

/* ---- copies of the host's data stores ---- */

static void drop_copy(struct fgl_share *s, struct fgl_buf *b)
{
	if (!b->copy)
		return;
	if (b->mapped && !b->mem)
		b->mem = b->mirror; /* the app's mapping: freed at its unmap */
	else
		free(b->mirror);
	b->mirror = NULL;
	b->valid_lo = b->valid_hi = 0;
	free(b->copy);
	b->copy = NULL;
	atomic_fetch_sub(&s->buffer_watch, 1);
}

/* The GPU may write buffer memory from now on (or did, unseen): every copy goes, and
 * none is made again in this share group. */
static void end_copies(struct fgl_share *s)
{
	struct fgl_buffers *bs = s->buffers;
	pthread_mutex_lock(&bs->lock);
	bs->no_copies = true;
	for (size_t i = 0; i < bs->nbuckets; i++)
		for (struct fgl_buf *b = bs->buckets[i]; b; b = b->next)
			drop_copy(s, b);
	pthread_mutex_unlock(&bs->lock);
}

/* Targets where a bound buffer is written by the GPU (or by GL on the host). */
static bool written_by_gpu(GLenum target)
{
	switch (target) {
	case GL_TRANSFORM_FEEDBACK_BUFFER:
	case GL_SHADER_STORAGE_BUFFER:
	case GL_ATOMIC_COUNTER_BUFFER:
	case GL_PIXEL_PACK_BUFFER:
	case GL_QUERY_BUFFER:
		return true;
	}
	return false;
}

static void note_binding(struct fgl_thread *t, GLenum target, GLuint buffer)
{
	if (buffer && written_by_gpu(target) && !atomic_load(&t->ctx->share->buffers->no_copies))
		end_copies(t->ctx->share);
}

/* Bytes [offset, offset + size) of a buffer's store now hold data on the host (a
 * glBufferSubData the host carries out), or something the guest does not know (data
 * NULL). Arguments GL refuses change nothing. */
static void copy_update(struct fgl_thread *t, uint32_t name, int64_t offset, int64_t size,
			const void *data)
{
	struct fgl_share *s = t->ctx->share;
	struct fgl_buffers *bs = s->buffers;
	if (!name || offset < 0 || size < 0)
		return; /* GL_INVALID_OPERATION / GL_INVALID_VALUE, or never sent */
	pthread_mutex_lock(&bs->lock);
	struct fgl_buf *b = find(bs, name);
	/* what GL refuses leaves the store as it was */
	bool refused = !b || (uint64_t)offset > b->size ||
		       (uint64_t)size > b->size - (uint64_t)offset ||
		       (b->immutable && !(b->storage & GL_DYNAMIC_STORAGE_BIT));
	if (!refused && b->copy && !data)
		drop_copy(s, b);
	else if (!refused && b->copy && size) {
		memcpy(b->copy + offset, data, (size_t)size);
		b->valid_lo = b->valid_hi = 0;
	}
	pthread_mutex_unlock(&bs->lock);
}

/* ---- bindings the guest needs to name the buffer of a target ---- */

static int other_slot(GLenum target)
{
	static const GLenum targets[FGL_OTHER_BUFFER_TARGETS] = {
		GL_COPY_READ_BUFFER,	      GL_COPY_WRITE_BUFFER,	GL_UNIFORM_BUFFER,
		GL_TEXTURE_BUFFER,	      GL_TRANSFORM_FEEDBACK_BUFFER, GL_SHADER_STORAGE_BUFFER,
		GL_ATOMIC_COUNTER_BUFFER,     GL_DISPATCH_INDIRECT_BUFFER,  GL_PARAMETER_BUFFER};
	for (int i = 0; i < FGL_OTHER_BUFFER_TARGETS; i++)
		if (targets[i] == target)
			return i;
	return -1;
}

void fgl_buffers_bind(struct fgl_thread *t, GLenum target, GLuint buffer)
{
	int k = other_slot(target);
	if (k >= 0)
		t->ctx->other_buffers[k] = buffer;
	note_binding(t, target, buffer);
}

/* The buffer bound to target; false (and GL_INVALID_ENUM) for a target that is none. */
static bool target_buffer(struct fgl_thread *t, GLenum target, uint32_t *name)
{
	switch (target) {
	case GL_ARRAY_BUFFER:
	case GL_ELEMENT_ARRAY_BUFFER:
	case GL_PIXEL_PACK_BUFFER:
	case GL_PIXEL_UNPACK_BUFFER:
	case GL_DRAW_INDIRECT_BUFFER:
	case GL_QUERY_BUFFER:
		*name = fgl_bound_buffer(t, target);
		return true;
	}
	int k = other_slot(target);
	if (k < 0)
		return false;
	*name = t->ctx->other_buffers[k];
	return true;
}

FGL_EXPORT void glBindBufferBase(GLenum target, GLuint index, GLuint buffer)
{
	CURRENT(NOTHING);
	/* GL: "BindBufferBase … also binds buffer to the generic binding point of target". */
	fgl_buffers_bind(t, target, buffer);
	fgl_enc_glBindBufferBase(target, index, buffer);
}

FGL_EXPORT void glBindBufferRange(GLenum target, GLuint index, GLuint buffer, GLintptr offset,
				  GLsizeiptr size)
{
	CURRENT(NOTHING);
	if (!buffer || (offset >= 0 && size > 0))
		fgl_buffers_bind(t, target, buffer);
	fgl_enc_glBindBufferRange(target, index, buffer, offset, size);
}

/* ---- the two commands of the wire: fglBufferRead, fglBufferWrite ---- */

/* Ask the host for bytes offset.. of a buffer (length ALL_BYTES: to its end; 0: only its
 * size). Learns the size and storage into b; returns the bytes (in t->reply, valid until
 * the next message) and their count, or NULL when the host sent none. */
static const uint8_t *fetch(struct fgl_thread *t, struct fgl_buf *b, uint64_t offset,
			    uint64_t length, uint64_t *got)
{
	uint8_t *m = fgl_begin(t, OP_fglBufferRead, 20, 20);
	size_t at = 0;
	PUT32(m, at, b->name);
	PUT64(m, at, offset);
	PUT64(m, at, length);
	fgl_end(t);
	struct fgl_reply r;
	*got = 0;
	if (fgl_sync(t, &r) < 0 || r.len < 4)
		return NULL;
	uint32_t n;
	memcpy(&n, r.p, 4);
	if (n > r.len - 4 || r.len - 4 - wire_pad4(n) < 16)
		return NULL;
	const uint8_t *data = r.p + 4;
	const uint8_t *tail = data + wire_pad4(n);
	uint32_t flags, immutable;
	memcpy(&b->size, tail, 8);
	memcpy(&flags, tail + 8, 4);
	memcpy(&immutable, tail + 12, 4);
	b->immutable = immutable != 0;
	b->storage = b->immutable ? flags : MUTABLE_FLAGS;
	b->known = true;
	*got = n;
	return n ? data : NULL;
}

static void send_bytes(struct fgl_thread *t, uint32_t name, uint64_t offset, const uint8_t *p,
		       size_t n)
{
	while (n) {
		size_t k = n < WRITE_CHUNK ? n : WRITE_CHUNK;
		uint8_t *m = fgl_begin(t, OP_fglBufferWrite, 16 + wire_pad4(k), 16);
		size_t at = 0;
		PUT32(m, at, name);
		PUT64(m, at, offset);
		PUT32(m, at, (uint32_t)k);
		fgl_put_data(t, p, k);
		fgl_end(t);
		p += k;
		offset += k;
		n -= k;
	}
}

static uint64_t first_change(const uint8_t *p, const uint8_t *host, uint64_t lo, uint64_t hi)
{
	while (hi - lo >= 4096 && !memcmp(p + lo, host + lo, 4096))
		lo += 4096;
	while (lo < hi && p[lo] == host[lo])
		lo++;
	return lo;
}

static uint64_t end_of_change(const uint8_t *p, const uint8_t *host, uint64_t lo, uint64_t hi)
{
	while (hi - lo >= 4096 && !memcmp(p + hi - 4096, host + hi - 4096, 4096))
		hi -= 4096;
	while (hi > lo && p[hi - 1] == host[hi - 1])
		hi--;
	return hi;
}

/* Send what the app changed in ptr[lo..hi) of a WRITE map: with a shadow or a copy,
 * only the span of bytes that differ from it, and the shadow and the copy follow. */
static void write_back(struct fgl_thread *t, struct fgl_buf *b, uint64_t lo, uint64_t hi)
{
	uint8_t *host = b->shadow ? b->shadow : b->copy ? b->copy + b->offset : NULL;
	if (host) {
		lo = first_change(b->ptr, host, lo, hi);
		hi = end_of_change(b->ptr, host, lo, hi);
		if (lo == hi)
			return;
		send_bytes(t, b->name, b->offset + lo, b->ptr + lo, (size_t)(hi - lo));
		memcpy(host + lo, b->ptr + lo, (size_t)(hi - lo));
		if (b->copy && host != b->copy + b->offset)
			memcpy(b->copy + b->offset + lo, b->ptr + lo, (size_t)(hi - lo));
		return;
	}
	if (b->access & GL_MAP_PERSISTENT_BIT) {
		/* A persistent map is sent again and again: send it whole once, then diff. */
		lo = 0;
		hi = b->length;
		b->shadow = malloc((size_t)b->length);
		if (b->shadow)
			memcpy(b->shadow, b->ptr, (size_t)b->length);
	}
	send_bytes(t, b->name, b->offset + lo, b->ptr + lo, (size_t)(hi - lo));
}

/* ---- the per-command hook for persistent maps ---- */

static bool uses_buffers[WIRE_OP_COUNT];
static bool changes_buffers[WIRE_OP_COUNT];
static pthread_once_t uses_once = PTHREAD_ONCE_INIT;

static void init_uses(void)
{
	/* Commands that may read buffer memory on the host, or that end a frame or wait
	 * for the GPU: a persistent map's writes must be there before them. */
	static const char *const prefixes[] = {
		"glDraw",	   "glMultiDraw",	"glDispatchCompute", "glCopyBufferSubData",
		"glCopyNamedBufferSubData", "glGetBufferSubData", "glGetNamedBufferSubData",
		"glMemoryBarrier", "glFenceSync",	"glFlush",	     "glFinish",
		"glTexImage",	   "glTexSubImage",	"glTextureSubImage", "glCompressedTex",
		"glReadPixels",	   "glClientWaitSync",	"glWaitSync",	     "glCallList",
		"glBeginTransformFeedback", "glEndTransformFeedback"};
	for (uint32_t op = 1; op < WIRE_OP_COUNT; op++) {
		const char *name = wire_op_names[op];
		for (size_t i = 0; name && i < sizeof prefixes / sizeof prefixes[0]; i++)
			if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
				uses_buffers[op] = true;
	}
	uses_buffers[OP_glXSwapBuffers] = true;
	uses_buffers[OP_fglPing] = true;
	uses_buffers[OP_fglBufferRead] = false; /* called with the lock held */
	uses_buffers[OP_fglBufferWrite] = false;

	/* Commands that change buffer memory on the host in ways the guest does not follow
	 * (the ones it follows are hand-written here and not in this list; those that
	 * bind buffers for the GPU to write end copies themselves, when called). */
	static const char *const changers[] = {
		"CopyBufferSubData", "CopyNamedBufferSubData", "ClearBufferData",
		"ClearBufferSubData", "ClearNamedBufferData", "ClearNamedBufferSubData",
		"InvalidateBufferData", "InvalidateBufferSubData", "BufferPageCommitment",
		"GetQueryBufferObject", "BufferSubData", "BufferData", "BufferStorage"};
	static const uint32_t followed[] = {
		OP_glBufferData, OP_glBufferDataARB, OP_glNamedBufferData, OP_glBufferStorage,
		OP_glNamedBufferStorage, OP_glNamedBufferStorageEXT, OP_glBufferSubData,
		OP_glBufferSubDataARB, OP_glNamedBufferSubData, OP_glNamedBufferSubDataEXT};
	for (uint32_t op = 1; op < WIRE_OP_COUNT; op++) {
		const char *name = wire_op_names[op];
		for (size_t i = 0; name && i < sizeof changers / sizeof changers[0]; i++)
			if (strstr(name, changers[i]) && strncmp(name, "glGet", 5))
				changes_buffers[op] = true;
		if (name && !strncmp(name, "glGetQueryBufferObject", 22))
			changes_buffers[op] = true;
	}
	for (size_t i = 0; i < sizeof followed / sizeof followed[0]; i++)
		changes_buffers[followed[i]] = false;
}

void fgl_buffers_before(struct fgl_thread *t, uint32_t op)
{
	pthread_once(&uses_once, init_uses);
	if (op >= WIRE_OP_COUNT)
		return;
	struct fgl_share *s = t->ctx->share;
	if (changes_buffers[op] && !atomic_load(&s->buffers->no_copies))
		end_copies(s);
	if (!uses_buffers[op] || !atomic_load(&s->persistent_maps))
		return;
	struct fgl_buffers *bs = s->buffers;
	pthread_mutex_lock(&bs->lock);
	for (struct fgl_buf *b = bs->persistent; b; b = b->pnext)
		if (b->access & GL_MAP_WRITE_BIT)
			write_back(t, b, 0, b->length);
	pthread_mutex_unlock(&bs->lock);
}

/* ---- map, flush, unmap ---- */

/* Fetch the whole store of b into a copy (lock held); no copy if that fails. */
static void start_copy(struct fgl_thread *t, struct fgl_share *s, struct fgl_buf *b)
{
	uint64_t got = 0;
	const uint8_t *data = fetch(t, b, 0, ALL_BYTES, &got);
	if (!data || !b->known || got != b->size || b->size > COPY_MAX)
		return;
	if (!(b->copy = malloc((size_t)b->size)))
		return;
	memcpy(b->copy, data, (size_t)b->size);
	atomic_fetch_add(&s->buffer_watch, 1);
}

/* Hand out [offset, offset + length) of b's mirror, filled from the copy unless it
 * already equals it there (lock held, b->copy set); false when no memory. */
static bool map_mirror(struct fgl_buf *b, uint64_t offset, uint64_t length)
{
	if (!b->mirror) {
		b->mirror = aligned_alloc(MAP_ALIGN, (size_t)((b->size + MAP_ALIGN - 1) / MAP_ALIGN *
							       MAP_ALIGN));
		if (!b->mirror)
			return false;
		b->valid_lo = b->valid_hi = 0;
	}
	if (offset < b->valid_lo || offset + length > b->valid_hi) {
		memcpy(b->mirror + offset, b->copy + offset, (size_t)length);
		b->valid_lo = offset;
		b->valid_hi = offset + length;
	}
	b->mem = NULL;
	b->shadow = NULL;
	b->ptr = b->mirror + offset;
	return true;
}

static void *map_range(struct fgl_thread *t, uint32_t name, int64_t offset, int64_t length,
		       uint32_t access, bool whole)
{
	if (!name) {
		fgl_set_error(t, GL_INVALID_OPERATION);
		return NULL;
	}
	if (offset < 0 || length < 0 || (access & ~(uint32_t)ACCESS_BITS)) {
		fgl_set_error(t, GL_INVALID_VALUE);
		return NULL;
	}
	uint32_t rw = access & (GL_MAP_READ_BIT | GL_MAP_WRITE_BIT);
	uint32_t no_read = GL_MAP_INVALIDATE_RANGE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT |
			   GL_MAP_UNSYNCHRONIZED_BIT;
	if (!rw || (!whole && length == 0) || ((access & GL_MAP_READ_BIT) && (access & no_read)) ||
	    ((access & GL_MAP_FLUSH_EXPLICIT_BIT) && !(access & GL_MAP_WRITE_BIT))) {
		fgl_set_error(t, GL_INVALID_OPERATION);
		return NULL;
	}
	struct fgl_share *s = t->ctx->share;
	struct fgl_buffers *bs = s->buffers;
	void *result = NULL;
	pthread_mutex_lock(&bs->lock);
	struct fgl_buf *b = get(bs, name);
	if (!b) {
		fgl_set_error(t, GL_OUT_OF_MEMORY);
		goto out;
	}
	if (b->mapped) {
		fgl_set_error(t, GL_INVALID_OPERATION);
		goto out;
	}
	/* The old contents show through a READ map, and through a WRITE map without an
	 * invalidate bit wherever the app does not write. */
	bool need = (access & GL_MAP_READ_BIT) ||
		    !(access & (GL_MAP_INVALIDATE_RANGE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT));
	const uint8_t *data = NULL;
	uint64_t got = 0;
	if (need && !b->copy && b->fetches && b->known && b->size <= COPY_MAX &&
	    !atomic_load(&bs->no_copies))
		start_copy(t, s, b);
	if (b->copy) {
		need = false; /* the copy shows the old contents */
	} else if (need) {
		data = fetch(t, b, (uint64_t)offset, whole ? ALL_BYTES : (uint64_t)length, &got);
		b->fetches++;
	} else if (!b->known) {
		fetch(t, b, 0, 0, &got); /* the size, once */
	}
	if (!b->known) {
		fgl_set_error(t, GL_INVALID_OPERATION); /* the host did not answer */
		goto out;
	}
	if (whole)
		length = (int64_t)(b->size >= (uint64_t)offset ? b->size - (uint64_t)offset : 0);
	if ((uint64_t)offset > b->size || (uint64_t)length > b->size - (uint64_t)offset) {
		fgl_set_error(t, GL_INVALID_VALUE);
		goto out;
	}
	if (length == 0) {
		fgl_set_error(t, GL_INVALID_OPERATION);
		goto out;
	}
	if ((access & (GL_MAP_READ_BIT | GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT |
		       GL_MAP_COHERENT_BIT)) & ~b->storage) {
		fgl_set_error(t, GL_INVALID_OPERATION);
		goto out;
	}
	if ((uint64_t)length > FGL_MAX_PAYLOAD || (need && got != (uint64_t)length)) {
		fgl_set_error(t, GL_OUT_OF_MEMORY);
		goto out;
	}
	if (b->copy && !(access & GL_MAP_PERSISTENT_BIT) &&
	    map_mirror(b, (uint64_t)offset, (uint64_t)length))
		goto mapped;
	size_t pad = (size_t)((uint64_t)offset % MAP_ALIGN);
	b->mem = malloc((size_t)length + pad + MAP_ALIGN);
	b->shadow = need ? malloc((size_t)length) : NULL;
	if (!b->mem || (need && !b->shadow)) {
		free(b->mem);
		free(b->shadow);
		b->mem = b->shadow = NULL;
		fgl_set_error(t, GL_OUT_OF_MEMORY);
		goto out;
	}
	b->ptr = b->mem + (MAP_ALIGN - (uintptr_t)b->mem % MAP_ALIGN) % MAP_ALIGN + pad;
	if (b->copy) {
		/* also under an invalidate bit: what the app leaves alone is then not sent */
		memcpy(b->ptr, b->copy + offset, (size_t)length);
	} else if (need) {
		memcpy(b->ptr, data, (size_t)length);
		memcpy(b->shadow, data, (size_t)length);
	} else {
		memset(b->ptr, 0, (size_t)length);
	}
mapped:
	b->mapped = true;
	b->access = access;
	b->legacy = rw == GL_MAP_READ_BIT ? GL_READ_ONLY :
		    rw == GL_MAP_WRITE_BIT ? GL_WRITE_ONLY : GL_READ_WRITE;
	b->offset = (uint64_t)offset;
	b->length = (uint64_t)length;
	if (access & GL_MAP_PERSISTENT_BIT) {
		b->pnext = bs->persistent;
		bs->persistent = b;
		atomic_fetch_add(&s->persistent_maps, 1);
		atomic_fetch_add(&s->buffer_watch, 1);
	}
	result = b->ptr;
out:
	pthread_mutex_unlock(&bs->lock);
	return result;
}

static void *map_legacy(struct fgl_thread *t, uint32_t name, GLenum access)
{
	uint32_t bits;
	switch (access) {
	case GL_READ_ONLY:
		bits = GL_MAP_READ_BIT;
		break;
	case GL_WRITE_ONLY:
		bits = GL_MAP_WRITE_BIT;
		break;
	case GL_READ_WRITE:
		bits = GL_MAP_READ_BIT | GL_MAP_WRITE_BIT;
		break;
	default:
		fgl_set_error(t, GL_INVALID_ENUM);
		return NULL;
	}
	return map_range(t, name, 0, 0, bits, true);
}

static void flush_range(struct fgl_thread *t, uint32_t name, int64_t offset, int64_t length)
{
	struct fgl_buffers *bs = t->ctx->share->buffers;
	if (!name) {
		fgl_set_error(t, GL_INVALID_OPERATION);
		return;
	}
	pthread_mutex_lock(&bs->lock);
	struct fgl_buf *b = find(bs, name);
	if (!b || !b->mapped || !(b->access & GL_MAP_FLUSH_EXPLICIT_BIT))
		fgl_set_error(t, GL_INVALID_OPERATION);
	else if (offset < 0 || length < 0 || (uint64_t)offset > b->length ||
		 (uint64_t)length > b->length - (uint64_t)offset)
		fgl_set_error(t, GL_INVALID_VALUE);
	else if (length)
		write_back(t, b, (uint64_t)offset, (uint64_t)offset + (uint64_t)length);
	pthread_mutex_unlock(&bs->lock);
}

static GLboolean unmap(struct fgl_thread *t, uint32_t name)
{
	struct fgl_share *s = t->ctx->share;
	GLboolean ok = GL_FALSE;
	if (!name) {
		fgl_set_error(t, GL_INVALID_OPERATION);
		return GL_FALSE;
	}
	pthread_mutex_lock(&s->buffers->lock);
	struct fgl_buf *b = find(s->buffers, name);
	if (!b || !b->mapped) {
		fgl_set_error(t, GL_INVALID_OPERATION);
	} else {
		/* FLUSH_EXPLICIT: "modifications … not flushed … are undefined": none travel. */
		if ((b->access & GL_MAP_WRITE_BIT) && !(b->access & GL_MAP_FLUSH_EXPLICIT_BIT))
			write_back(t, b, 0, b->length);
		unmap_local(s, b);
		ok = GL_TRUE;
	}
	pthread_mutex_unlock(&s->buffers->lock);
	return ok;
}

/* The target's buffer, or false with GL_INVALID_ENUM raised. */
static bool named(struct fgl_thread *t, GLenum target, uint32_t *name)
{
	if (target_buffer(t, target, name))
		return true;
	fgl_set_error(t, GL_INVALID_ENUM);
	return false;
}

FGL_EXPORT void *glMapBuffer(GLenum target, GLenum access)
{
	CURRENT(NULL);
	uint32_t name;
	return named(t, target, &name) ? map_legacy(t, name, access) : NULL;
}

FGL_EXPORT void *glMapBufferARB(GLenum target, GLenum access)
{
	return glMapBuffer(target, access);
}

FGL_EXPORT void *glMapBufferRange(GLenum target, GLintptr offset, GLsizeiptr length,
				  GLbitfield access)
{
	CURRENT(NULL);
	uint32_t name;
	return named(t, target, &name) ? map_range(t, name, offset, length, access, false) :
					 NULL;
}

FGL_EXPORT void *glMapNamedBuffer(GLuint buffer, GLenum access)
{
	CURRENT(NULL);
	return map_legacy(t, buffer, access);
}

FGL_EXPORT void *glMapNamedBufferEXT(GLuint buffer, GLenum access)
{
	return glMapNamedBuffer(buffer, access);
}

FGL_EXPORT void *glMapNamedBufferRange(GLuint buffer, GLintptr offset, GLsizeiptr length,
				       GLbitfield access)
{
	CURRENT(NULL);
	return map_range(t, buffer, offset, length, access, false);
}

FGL_EXPORT void *glMapNamedBufferRangeEXT(GLuint buffer, GLintptr offset, GLsizeiptr length,
					  GLbitfield access)
{
	return glMapNamedBufferRange(buffer, offset, length, access);
}

FGL_EXPORT void glFlushMappedBufferRange(GLenum target, GLintptr offset, GLsizeiptr length)
{
	CURRENT(NOTHING);
	uint32_t name;
	if (named(t, target, &name))
		flush_range(t, name, offset, length);
}

FGL_EXPORT void glFlushMappedNamedBufferRange(GLuint buffer, GLintptr offset, GLsizeiptr length)
{
	CURRENT(NOTHING);
	flush_range(t, buffer, offset, length);
}

FGL_EXPORT void glFlushMappedNamedBufferRangeEXT(GLuint buffer, GLintptr offset,
						 GLsizeiptr length)
{
	glFlushMappedNamedBufferRange(buffer, offset, length);
}

FGL_EXPORT GLboolean glUnmapBuffer(GLenum target)
{
	CURRENT(GL_FALSE);
	uint32_t name;
	return named(t, target, &name) ? unmap(t, name) : GL_FALSE;
}

FGL_EXPORT GLboolean glUnmapBufferARB(GLenum target)
{
	return glUnmapBuffer(target);
}

FGL_EXPORT GLboolean glUnmapNamedBuffer(GLuint buffer)
{
	CURRENT(GL_FALSE);
	return unmap(t, buffer);
}

FGL_EXPORT GLboolean glUnmapNamedBufferEXT(GLuint buffer)
{
	return glUnmapNamedBuffer(buffer);
}

/* ---- the map state, answered here ---- */

static void map_pointer(struct fgl_thread *t, uint32_t name, GLenum pname, void **params)
{
	if (pname != GL_BUFFER_MAP_POINTER) {
		fgl_set_error(t, GL_INVALID_ENUM);
		return;
	}
	if (!name) {
		fgl_set_error(t, GL_INVALID_OPERATION);
		return;
	}
	struct fgl_buffers *bs = t->ctx->share->buffers;
	pthread_mutex_lock(&bs->lock);
	struct fgl_buf *b = find(bs, name);
	if (params)
		*params = b && b->mapped ? b->ptr : NULL;
	pthread_mutex_unlock(&bs->lock);
}

FGL_EXPORT void glGetBufferPointerv(GLenum target, GLenum pname, void **params)
{
	CURRENT(NOTHING);
	uint32_t name;
	if (named(t, target, &name))
		map_pointer(t, name, pname, params);
}

FGL_EXPORT void glGetBufferPointervARB(GLenum target, GLenum pname, void **params)
{
	glGetBufferPointerv(target, pname, params);
}

FGL_EXPORT void glGetNamedBufferPointerv(GLuint buffer, GLenum pname, void **params)
{
	CURRENT(NOTHING);
	map_pointer(t, buffer, pname, params);
}

FGL_EXPORT void glGetNamedBufferPointervEXT(GLuint buffer, GLenum pname, void **params)
{
	glGetNamedBufferPointerv(buffer, pname, params);
}

/* A map-state pname of a buffer, answered from the guest's record; false: ask the host
 * (another pname, no buffer bound, or GL_BUFFER_ACCESS of an unmapped buffer, whose
 * value is the host's). */
static bool map_state(struct fgl_thread *t, uint32_t name, GLenum pname, int64_t *value)
{
	if (!name || (pname != GL_BUFFER_MAPPED && pname != GL_BUFFER_ACCESS_FLAGS &&
		      pname != GL_BUFFER_MAP_OFFSET && pname != GL_BUFFER_MAP_LENGTH &&
		      pname != GL_BUFFER_ACCESS))
		return false;
	struct fgl_buffers *bs = t->ctx->share->buffers;
	pthread_mutex_lock(&bs->lock);
	const struct fgl_buf *b = find(bs, name);
	bool mapped = b && b->mapped;
	bool answered = true;
	switch (pname) {
	case GL_BUFFER_MAPPED:
		*value = mapped;
		break;
	case GL_BUFFER_ACCESS_FLAGS:
		*value = mapped ? b->access : 0;
		break;
	case GL_BUFFER_MAP_OFFSET:
		*value = mapped ? (int64_t)b->offset : 0;
		break;
	case GL_BUFFER_MAP_LENGTH:
		*value = mapped ? (int64_t)b->length : 0;
		break;
	default:
		answered = mapped;
		if (mapped)
			*value = b->legacy;
	}
	pthread_mutex_unlock(&bs->lock);
	return answered;
}

static bool target_state(struct fgl_thread *t, GLenum target, GLenum pname, int64_t *value)
{
	uint32_t name;
	return target_buffer(t, target, &name) && map_state(t, name, pname, value);
}

FGL_EXPORT void glGetBufferParameteriv(GLenum target, GLenum pname, GLint *params)
{
	CURRENT(NOTHING);
	int64_t v;
	if (params && target_state(t, target, pname, &v))
		*params = (GLint)v;
	else
		fgl_enc_glGetBufferParameteriv(target, pname, params);
}

FGL_EXPORT void glGetBufferParameterivARB(GLenum target, GLenum pname, GLint *params)
{
	glGetBufferParameteriv(target, pname, params);
}

FGL_EXPORT void glGetBufferParameteri64v(GLenum target, GLenum pname, GLint64 *params)
{
	CURRENT(NOTHING);
	int64_t v;
	if (params && target_state(t, target, pname, &v))
		*params = v;
	else
		fgl_enc_glGetBufferParameteri64v(target, pname, params);
}

FGL_EXPORT void glGetNamedBufferParameteriv(GLuint buffer, GLenum pname, GLint *params)
{
	CURRENT(NOTHING);
	int64_t v;
	if (params && map_state(t, buffer, pname, &v))
		*params = (GLint)v;
	else
		fgl_enc_glGetNamedBufferParameteriv(buffer, pname, params);
}

FGL_EXPORT void glGetNamedBufferParameterivEXT(GLuint buffer, GLenum pname, GLint *params)
{
	CURRENT(NOTHING);
	int64_t v;
	if (params && map_state(t, buffer, pname, &v))
		*params = (GLint)v;
	else
		fgl_enc_glGetNamedBufferParameterivEXT(buffer, pname, params);
}

FGL_EXPORT void glGetNamedBufferParameteri64v(GLuint buffer, GLenum pname, GLint64 *params)
{
	CURRENT(NOTHING);
	int64_t v;
	if (params && map_state(t, buffer, pname, &v))
		*params = v;
	else
		fgl_enc_glGetNamedBufferParameteri64v(buffer, pname, params);
}

/* ---- data stores: the sizes and storage flags the maps are checked against ---- */

/* A new data store for a buffer: its record says so, and a mapping of the old store is
 * gone (GL unmaps a buffer whose store BufferData replaces). */
static void define(struct fgl_thread *t, uint32_t name, int64_t size, bool immutable,
		   uint32_t flags, const void *data)
{
	if (!name || size < 0)
		return;
	struct fgl_share *s = t->ctx->share;
	pthread_mutex_lock(&s->buffers->lock);
	struct fgl_buf *b = get(s->buffers, name);
	if (b && !(b->known && b->immutable)) {
		unmap_local(s, b);
		free(b->mirror); /* a new store: the mirror is another size */
		b->mirror = NULL;
		b->valid_lo = b->valid_hi = 0;
		b->known = true;
		b->size = (uint64_t)size;
		b->immutable = immutable;
		b->storage = immutable ? flags : MUTABLE_FLAGS;
		/* a copy follows the new store when the guest knows it */
		uint8_t *c = b->copy && data && size && (uint64_t)size <= COPY_MAX ?
				     realloc(b->copy, (size_t)size) : NULL;
		if (c) {
			memcpy(c, data, (size_t)size);
			b->copy = c;
		} else {
			drop_copy(s, b);
		}
	}
	pthread_mutex_unlock(&s->buffers->lock);
}

static bool usage_ok(GLenum usage)
{
	switch (usage) {
	case GL_STREAM_DRAW:
	case GL_STREAM_READ:
	case GL_STREAM_COPY:
	case GL_STATIC_DRAW:
	case GL_STATIC_READ:
	case GL_STATIC_COPY:
	case GL_DYNAMIC_DRAW:
	case GL_DYNAMIC_READ:
	case GL_DYNAMIC_COPY:
		return true;
	}
	return false;
}

/* The flags glBufferStorage accepts (GL 4.6, section 6.2). */
static bool storage_ok(int64_t size, GLbitfield flags)
{
	if (size <= 0 || (flags & ~(uint32_t)STORAGE_BITS))
		return false;
	if ((flags & GL_MAP_PERSISTENT_BIT) && !(flags & (GL_MAP_READ_BIT | GL_MAP_WRITE_BIT)))
		return false;
	return !((flags & GL_MAP_COHERENT_BIT) && !(flags & GL_MAP_PERSISTENT_BIT));
}

FGL_EXPORT void glBufferData(GLenum target, GLsizeiptr size, const void *data, GLenum usage)
{
	CURRENT(NOTHING);
	uint32_t name;
	fgl_enc_glBufferData(target, size, data, usage);
	if (usage_ok(usage) && target_buffer(t, target, &name))
		define(t, name, size, false, 0, data);
}

FGL_EXPORT void glBufferDataARB(GLenum target, GLsizeiptrARB size, const void *data,
				GLenum usage)
{
	CURRENT(NOTHING);
	uint32_t name;
	fgl_enc_glBufferDataARB(target, size, data, usage);
	if (usage_ok(usage) && target_buffer(t, target, &name))
		define(t, name, size, false, 0, data);
}

FGL_EXPORT void glBufferStorage(GLenum target, GLsizeiptr size, const void *data,
				GLbitfield flags)
{
	CURRENT(NOTHING);
	uint32_t name;
	fgl_enc_glBufferStorage(target, size, data, flags);
	if (storage_ok(size, flags) && target_buffer(t, target, &name))
		define(t, name, size, true, flags, data);
}

FGL_EXPORT void glNamedBufferData(GLuint buffer, GLsizeiptr size, const void *data, GLenum usage)
{
	CURRENT(NOTHING);
	fgl_enc_glNamedBufferData(buffer, size, data, usage);
	if (usage_ok(usage) && buffer)
		define(t, buffer, size, false, 0, data);
}

FGL_EXPORT void glNamedBufferDataEXT(GLuint buffer, GLsizeiptr size, const void *data,
				     GLenum usage)
{
	glNamedBufferData(buffer, size, data, usage);
}

FGL_EXPORT void glNamedBufferStorage(GLuint buffer, GLsizeiptr size, const void *data,
				     GLbitfield flags)
{
	CURRENT(NOTHING);
	fgl_enc_glNamedBufferStorage(buffer, size, data, flags);
	if (storage_ok(size, flags))
		define(t, buffer, size, true, flags, data);
}

FGL_EXPORT void glNamedBufferStorageEXT(GLuint buffer, GLsizeiptr size, const void *data,
					GLbitfield flags)
{
	CURRENT(NOTHING);
	fgl_enc_glNamedBufferStorageEXT(buffer, size, data, flags);
	if (storage_ok(size, flags))
		define(t, buffer, size, true, flags, data);
}

/* glDeleteBuffers: the records go (a mapped buffer is unmapped by its deletion), and so
 * do the bindings the guest tracks here. */
void fgl_buffers_forget(struct fgl_thread *t, int32_t n, const uint32_t *names)
{
	struct fgl_share *s = t->ctx->share;
	struct fgl_buffers *bs = s->buffers;
	if (!names || n <= 0)
		return;
	pthread_mutex_lock(&bs->lock);
	for (int32_t i = 0; i < n; i++) {
		if (!names[i])
			continue;
		for (int k = 0; k < FGL_OTHER_BUFFER_TARGETS; k++)
			if (t->ctx->other_buffers[k] == names[i])
				t->ctx->other_buffers[k] = 0;
		if (!bs->nbuckets)
			continue;
		for (struct fgl_buf **p = &bs->buckets[bucket(bs, names[i])]; *p; p = &(*p)->next) {
			if ((*p)->name == names[i]) {
				struct fgl_buf *b = *p;
				unmap_local(s, b);
				drop_copy(s, b);
				*p = b->next;
				bs->count--;
				free(b);
				break;
			}
		}
	}
	pthread_mutex_unlock(&bs->lock);
}

/* ---- uploads the copies follow, bindings that end them ---- */

FGL_EXPORT void glBufferSubData(GLenum target, GLintptr offset, GLsizeiptr size, const void *data)
{
	CURRENT(NOTHING);
	uint32_t name;
	fgl_enc_glBufferSubData(target, offset, size, data);
	if (target_buffer(t, target, &name))
		copy_update(t, name, offset, size, data);
}

FGL_EXPORT void glBufferSubDataARB(GLenum target, GLintptrARB offset, GLsizeiptrARB size,
				   const void *data)
{
	CURRENT(NOTHING);
	uint32_t name;
	fgl_enc_glBufferSubDataARB(target, offset, size, data);
	if (target_buffer(t, target, &name))
		copy_update(t, name, offset, size, data);
}

FGL_EXPORT void glNamedBufferSubData(GLuint buffer, GLintptr offset, GLsizeiptr size,
				     const void *data)
{
	CURRENT(NOTHING);
	fgl_enc_glNamedBufferSubData(buffer, offset, size, data);
	copy_update(t, buffer, offset, size, data);
}

FGL_EXPORT void glNamedBufferSubDataEXT(GLuint buffer, GLintptr offset, GLsizeiptr size,
					const void *data)
{
	CURRENT(NOTHING);
	fgl_enc_glNamedBufferSubDataEXT(buffer, offset, size, data);
	copy_update(t, buffer, offset, size, data);
}

/* Transform feedback (EXT/NV), multi-binds, DSA transform feedback objects and image
 * units: the GPU may write what they bind. */
FGL_EXPORT void glBindBufferBaseEXT(GLenum target, GLuint index, GLuint buffer)
{
	CURRENT(NOTHING);
	note_binding(t, target, buffer);
	fgl_enc_glBindBufferBaseEXT(target, index, buffer);
}

FGL_EXPORT void glBindBufferBaseNV(GLenum target, GLuint index, GLuint buffer)
{
	CURRENT(NOTHING);
	note_binding(t, target, buffer);
	fgl_enc_glBindBufferBaseNV(target, index, buffer);
}

FGL_EXPORT void glBindBufferOffsetEXT(GLenum target, GLuint index, GLuint buffer,
				      GLintptr offset)
{
	CURRENT(NOTHING);
	note_binding(t, target, buffer);
	fgl_enc_glBindBufferOffsetEXT(target, index, buffer, offset);
}

FGL_EXPORT void glBindBufferOffsetNV(GLenum target, GLuint index, GLuint buffer, GLintptr offset)
{
	CURRENT(NOTHING);
	note_binding(t, target, buffer);
	fgl_enc_glBindBufferOffsetNV(target, index, buffer, offset);
}

FGL_EXPORT void glBindBufferRangeEXT(GLenum target, GLuint index, GLuint buffer, GLintptr offset,
				     GLsizeiptr size)
{
	CURRENT(NOTHING);
	note_binding(t, target, buffer);
	fgl_enc_glBindBufferRangeEXT(target, index, buffer, offset, size);
}

FGL_EXPORT void glBindBufferRangeNV(GLenum target, GLuint index, GLuint buffer, GLintptr offset,
				    GLsizeiptr size)
{
	CURRENT(NOTHING);
	note_binding(t, target, buffer);
	fgl_enc_glBindBufferRangeNV(target, index, buffer, offset, size);
}

static void note_bindings(struct fgl_thread *t, GLenum target, GLsizei count,
			  const GLuint *buffers)
{
	for (GLsizei i = 0; buffers && i < count; i++)
		note_binding(t, target, buffers[i]);
}

FGL_EXPORT void glBindBuffersBase(GLenum target, GLuint first, GLsizei count,
				  const GLuint *buffers)
{
	CURRENT(NOTHING);
	note_bindings(t, target, count, buffers);
	fgl_enc_glBindBuffersBase(target, first, count, buffers);
}

FGL_EXPORT void glBindBuffersRange(GLenum target, GLuint first, GLsizei count,
				   const GLuint *buffers, const GLintptr *offsets,
				   const GLsizeiptr *sizes)
{
	CURRENT(NOTHING);
	note_bindings(t, target, count, buffers);
	fgl_enc_glBindBuffersRange(target, first, count, buffers, offsets, sizes);
}

FGL_EXPORT void glTransformFeedbackBufferBase(GLuint xfb, GLuint index, GLuint buffer)
{
	CURRENT(NOTHING);
	note_binding(t, GL_TRANSFORM_FEEDBACK_BUFFER, buffer);
	fgl_enc_glTransformFeedbackBufferBase(xfb, index, buffer);
}

FGL_EXPORT void glTransformFeedbackBufferRange(GLuint xfb, GLuint index, GLuint buffer,
					       GLintptr offset, GLsizeiptr size)
{
	CURRENT(NOTHING);
	note_binding(t, GL_TRANSFORM_FEEDBACK_BUFFER, buffer);
	fgl_enc_glTransformFeedbackBufferRange(xfb, index, buffer, offset, size);
}

/* A texture in an image unit may be a buffer texture that shaders store into. */
FGL_EXPORT void glBindImageTexture(GLuint unit, GLuint texture, GLint level, GLboolean layered,
				   GLint layer, GLenum access, GLenum format)
{
	CURRENT(NOTHING);
	note_binding(t, GL_SHADER_STORAGE_BUFFER, texture);
	fgl_enc_glBindImageTexture(unit, texture, level, layered, layer, access, format);
}

FGL_EXPORT void glBindImageTextureEXT(GLuint index, GLuint texture, GLint level,
				      GLboolean layered, GLint layer, GLenum access, GLint format)
{
	CURRENT(NOTHING);
	note_binding(t, GL_SHADER_STORAGE_BUFFER, texture);
	fgl_enc_glBindImageTextureEXT(index, texture, level, layered, layer, access, format);
}

FGL_EXPORT void glBindImageTextures(GLuint first, GLsizei count, const GLuint *textures)
{
	CURRENT(NOTHING);
	note_bindings(t, GL_SHADER_STORAGE_BUFFER, count, textures);
	fgl_enc_glBindImageTextures(first, count, textures);
}
