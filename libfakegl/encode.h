/* encode.h — what the generated encoders (enc_gl.c) and the hand-written GL entry
 * points of libfakegl stand on: the per-thread batch, synchronous calls, the guest's
 * shadow of client state, and the size helpers of gl.annotations.
 * Includes only the registry's types (gl_types.h), never the system's GL headers. */
#ifndef FAKEGL_ENCODE_H
#define FAKEGL_ENCODE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gl_ops.h"
#include "gl_types.h"
#include "pixels.h"
#include "pnames.h"
#include "wire.h"

#define FGL_EXPORT __attribute__((visibility("default")))

#define FGL_MAX_PAYLOAD WIRE_MAX_PAYLOAD
#define FGL_BATCH_SIZE (256 * 1024)
/* Data at least this large is written from the app's memory, not copied into the batch. */
#define FGL_DIRECT_WRITE (64 * 1024)

enum fgl_name_kind {
	FGL_NAME_BUFFER,
	FGL_NAME_TEXTURE,
	FGL_NAME_PROGRAM,
	FGL_NAME_QUERY,
	FGL_NAME_SAMPLER,
	FGL_NAME_FRAMEBUFFER,
	FGL_NAME_RENDERBUFFER,
	FGL_NAME_VERTEX_ARRAY,
	FGL_NAME_TRANSFORM_FEEDBACK,
	FGL_NAME_PIPELINE,
	FGL_NAME_SYNC,
	FGL_NAME_KINDS
};

/* Names the guest hands out, per share group (GL shares the name spaces of shared
 * contexts; framebuffers, VAOs, transform feedbacks and pipelines are per context in GL
 * but unique names across the group do no harm). */
struct fgl_share {
	atomic_int refs;
	atomic_uint_fast64_t next[FGL_NAME_KINDS];
	struct fgl_buffers *buffers; /* sizes and mappings (buffers.c) */
	/* which names of the program/shader name space are programs (bit per name), so
	 * that calls on the wrong kind fail before the guest reads their arguments */
	uint8_t *programs;
	size_t programs_bytes;
	atomic_int persistent_maps;  /* how many of them are persistent */
	/* persistent maps plus buffers whose contents the guest keeps (buffers.c): while
	 * non-zero, every command of the group passes fgl_buffers_before first */
	atomic_int buffer_watch;
	struct fgl_lists *lists; /* which display-list numbers are lists (lists.c) */
};

/* Buffer targets the guest tracks for glMapBuffer besides the ones above (buffers.c). */
#define FGL_OTHER_BUFFER_TARGETS 9

/* A client-side vertex array, as the app's gl*Pointer call left it. */
struct fgl_array {
	bool enabled;
	bool client;	  /* the pointer is app memory (no buffer was bound) */
	bool normalized;
	bool integer;
	uint32_t divisor; /* glVertexAttribDivisor: 0 for per-vertex data */
	int32_t size;	  /* components, or GL_BGRA */
	uint32_t type;
	int32_t stride;	  /* as given (0: tightly packed) */
	const void *pointer;
};

/* Arrays by slot: the fixed-function ones, then texture units, then generic attributes. */
enum {
	FGL_ARRAY_VERTEX,
	FGL_ARRAY_NORMAL,
	FGL_ARRAY_COLOR,
	FGL_ARRAY_SECONDARY_COLOR,
	FGL_ARRAY_FOG_COORD,
	FGL_ARRAY_EDGE_FLAG,
	FGL_ARRAY_INDEX,
	FGL_ARRAY_TEXCOORD0,
	FGL_ARRAY_GENERIC0 = FGL_ARRAY_TEXCOORD0 + 8,
	FGL_ARRAYS = FGL_ARRAY_GENERIC0 + 16
};

/* Primitive restart as GL applies it to indices (GL_PRIMITIVE_RESTART, the same state as
 * NV_primitive_restart's client state GL_PRIMITIVE_RESTART_NV in Mesa, and
 * GL_PRIMITIVE_RESTART_FIXED_INDEX): such an index reads no vertex (arrays.c). */
struct fgl_restart {
	bool enabled, fixed;
	uint32_t index;
};

struct fgl_client_state { /* what glPushClientAttrib saves */
	struct wire_pixelstore pack, unpack;
	struct fgl_array arrays[FGL_ARRAYS];
	struct fgl_restart restart; /* Mesa saves it with GL_CLIENT_VERTEX_ARRAY_BIT */
	uint32_t client_active_texture; /* 0..7 */
	uint32_t mask;
};

/* A GL context as the guest knows it. */
struct fgl_context {
	uint32_t id; /* the guest's id, also the host's key */
	struct fgl_share *share;
	int major, minor, profile_mask, flags; /* as asked for */
	bool core;
	struct fgl_thread *current_in; /* the thread it is current in, or NULL */
	bool destroyed;		      /* glXDestroyContext while current: free at release */
	bool front_drawn;	      /* glDrawBuffer(GL_FRONT…): shown at glFlush (glx.c) */
	uint32_t share_id;	      /* the context it shares with, 0 if none */
	unsigned long draw, read;     /* the GLX drawables it is current with */
	void *fbconfig;		      /* const struct fgl_config * */
	void *dpy;		      /* Display * */
	int screen;

	/* shadow client state */
	struct wire_pixelstore pack, unpack;
	struct fgl_array arrays[FGL_ARRAYS];
	uint32_t client_active_texture;
	uint32_t array_buffer, element_buffer, pixel_pack_buffer, pixel_unpack_buffer;
	uint32_t draw_indirect_buffer, query_buffer, vertex_array;
	/* element buffers of vertex array objects, so that binding one needs no round trip
	 * (valid entries only; names are never reused by the guest) */
	struct { uint32_t vao, ebo; bool valid; } vao_ebo[64];
	uint32_t other_buffers[FGL_OTHER_BUFFER_TARGETS]; /* copy, uniform, … (buffers.c) */
	struct fgl_client_state attrib_stack[16];
	int attrib_depth;
	uint32_t list_compiling; /* glNewList's list until glEndList, else 0 (lists.c) */
	uint32_t list_mode;	 /* and its mode (GL_COMPILE: glEnable is not run) */
	struct fgl_restart restart;
	/* a glBegin/glEnd block with client arrays enabled: where its glBegin and the mark
	 * after it are in the batch (while t->flushes has not moved), and the range of its
	 * glArrayElement calls, whose arrays go before the glBegin at glEnd (arrays.c) */
	struct {
		bool open, any;
		size_t at, mark, mark_end;
		uint64_t flushes;
		uint32_t lo, hi;
	} block;

	/* glFeedbackBuffer/glSelectBuffer: where GL writes, at the next glRenderMode */
	float *feedback;
	int32_t feedback_size;
	uint32_t *select;
	int32_t select_size;

	/* glDebugMessageCallback(ARB/AMD): the app's, called with the host's messages */
	GLDEBUGPROC debug_callback;
	const void *debug_user;
	GLDEBUGPROCAMD debug_amd;
	void *debug_amd_user;

	/* immutable answers, fetched once */
	char *strings[8]; /* GL_VENDOR … by fgl_string_slot */
	char **extensions_i;
	int num_extensions;
	struct { uint32_t pname; int32_t value[4]; bool valid; } limits[128];
};

/* One connection to glrender, one per guest thread that uses GL. */
struct fgl_thread {
	int fd;
	uint32_t index;		/* connection number in the process */
	struct fgl_context *ctx; /* current context, NULL when none */
	uint8_t *buf;
	size_t used;
	uint8_t *reply;
	size_t reply_cap;
	uint32_t error; /* a GL error raised by the guest itself, reported first */
	uint32_t swaps, frames; /* swaps sent, frames received */
	uint64_t calls;		/* commands since the last flush, for FAKEGL_STATS */
	uint64_t flushes;	/* batches sent (arrays.c: whether a glBegin is still in it) */
	bool dead;		/* the connection failed; the process is exiting */
	bool fds_known, fds_ok; /* whether the connection carries descriptors (unix) */
};

/* initial-exec: a plain %fs-relative load per GL call instead of __tls_get_addr, as
 * Mesa's libGL does for its dispatch pointer. */
#define FGL_TLS __thread __attribute__((tls_model("initial-exec")))
extern FGL_TLS struct fgl_thread *fgl_tls;

/* ---- batching: see wire/PROTOCOL.md, "Commands" ---- */

/* Start a command: its header goes into the batch followed by room for fixed bytes;
 * returns where the fixed part goes. Data of the pointers follows with fgl_put_data. */
uint8_t *fgl_begin_slow(struct fgl_thread *t, uint32_t op, size_t payload, size_t fixed);
static inline uint8_t *fgl_begin(struct fgl_thread *t, uint32_t op, size_t payload, size_t fixed);
/* Append len bytes (padded to 4) of a pointer's data: copied into the batch, or, when
 * large, written straight from the app's memory after flushing the batch. */
static inline void fgl_put_data(struct fgl_thread *t, const void *data, size_t len);
void fgl_put_data_slow(struct fgl_thread *t, const void *data, size_t len);
static inline void fgl_end(struct fgl_thread *t)
{
	(void)t;
}
/* Send the batch now. Returns 0 or -1 (the connection is gone; the process exits). */
int fgl_flush(struct fgl_thread *t);

struct fgl_reply {
	const uint8_t *p;
	size_t len, at;
};
/* Flush and wait for the answer of the last command; frames that arrive meanwhile are
 * presented. Returns 0 or -1. */
int fgl_sync(struct fgl_thread *t, struct fgl_reply *r);
/* Copy the next output of a reply into dst, at most cap bytes. */
void fgl_reply_out(struct fgl_reply *r, void *dst, size_t cap);
void fgl_reply_ret(struct fgl_reply *r, void *dst, size_t size);

void fgl_set_error(struct fgl_thread *t, uint32_t error);
/* The error for data the guest will not send: a size it cannot know or a negative
 * count (GL_INVALID_VALUE), or more than one command carries (GL_OUT_OF_MEMORY). */
static inline uint32_t fgl_size_error(size_t len)
{
	return len == WIRE_SIZE_UNKNOWN || len > ((size_t)1 << 62) ? 0x0501 /* INVALID_VALUE */
								     : 0x0505; /* OUT_OF_MEMORY */
}
/* A command of an extension fakegl refuses: says so once, raises GL_INVALID_OPERATION. */
void fgl_refused(uint32_t op, const char *extension);
/* A WIRE_MSG_DEBUG from the host: to the app's callback (debug.c). */
void fgl_debug_message(struct fgl_thread *t, const uint8_t *m, size_t len);

/* ---- shadow state ---- */
uint32_t fgl_bound_buffer(struct fgl_thread *t, uint32_t binding);
void fgl_names_gen(struct fgl_thread *t, enum fgl_name_kind kind, int32_t n, uint32_t *names);
uint64_t fgl_names_make(struct fgl_thread *t, enum fgl_name_kind kind, int32_t n);
/* lists.c: glGenLists's block of range display-list numbers, the first of them as GL
 * would give it in this share group; 0 where GL gives none. */
uint64_t fgl_lists_gen(struct fgl_thread *t, int32_t range);
size_t fgl_image_size(struct fgl_thread *t, int pack, int dims, uint32_t format, uint32_t type,
		      int32_t w, int32_t h, int32_t d);
int fgl_pname_count(struct fgl_thread *t, uint32_t pname);

/* ---- buffer mapping (buffers.c) ---- */
struct fgl_buffers *fgl_buffers_new(void);
void fgl_buffers_free(struct fgl_buffers *bs);
struct fgl_lists *fgl_lists_new(void);
void fgl_lists_free(struct fgl_lists *ls);
/* glBindBuffer and friends: the binding of a target not tracked above; a buffer bound
 * where the GPU writes (transform feedback, storage, pack) ends the guest's copies. */
void fgl_buffers_bind(struct fgl_thread *t, uint32_t target, uint32_t buffer);
/* glDeleteBuffers: forget the buffers and their mappings. */
void fgl_buffers_forget(struct fgl_thread *t, int32_t n, const uint32_t *names);
/* Before command op: send what the app wrote into persistent maps if op may read it;
 * stop keeping buffer contents in the guest if op may change them unseen. */
void fgl_buffers_before(struct fgl_thread *t, uint32_t op);

/* ---- statistics (FAKEGL_STATS) ---- */
struct fgl_stats {
	atomic_uint_fast64_t frames, calls, bytes, flushes, roundtrips;
};
extern struct fgl_stats fgl_stats;

/* ---- the annotation helpers, guest side ---- */
#define PUT32(m, at, v)                                                                            \
	do {                                                                                       \
		uint32_t put32_ = (v);                                                             \
		memcpy((m) + (at), &put32_, 4);                                                    \
		(at) += 4;                                                                         \
	} while (0)
#define PUT64(m, at, v)                                                                            \
	do {                                                                                       \
		__typeof__(v) put64_ = (v);                                                        \
		uint64_t put64w_ = 0;                                                              \
		memcpy(&put64w_, &put64_, sizeof put64_);                                          \
		memcpy((m) + (at), &put64w_, 8);                                                   \
		(at) += 8;                                                                         \
	} while (0)
/* Scalars of 4 bytes or less travel in one word, low bytes first. */
#define PUTSCALAR(m, at, v)                                                                        \
	do {                                                                                       \
		__typeof__(v) putsc_ = (v);                                                        \
		uint32_t putscw_ = 0;                                                              \
		memcpy(&putscw_, &putsc_, sizeof putsc_);                                          \
		memcpy((m) + (at), &putscw_, 4);                                                   \
		(at) += 4;                                                                         \
	} while (0)
/* The common case inline: room in the batch, a short header, no buffer to watch
 * (buffer_watch). Everything else goes through fgl_begin_slow. */
/* always_inline: thousands of encoders call it, and GCC would otherwise keep one
 * out-of-line copy and pay a call per GL call (BENCHMARKS.md, encode). */
static inline __attribute__((always_inline)) uint8_t *fgl_begin(struct fgl_thread *t, uint32_t op,
								size_t payload, size_t fixed)
{
	size_t words = (payload + 4) / 4;
	if (__builtin_expect(words > WIRE_SHORT_MAX_WORDS || FGL_BATCH_SIZE - t->used < 4 + fixed ||
				     (t->ctx && atomic_load_explicit(&t->ctx->share->buffer_watch,
								     memory_order_relaxed)),
			     0))
		return fgl_begin_slow(t, op, payload, fixed);
	uint8_t *m = t->buf + t->used;
	uint32_t h = WIRE_HDR(op, words);
	memcpy(m, &h, 4);
	t->used += 4 + fixed;
	t->calls++;
	return m + 4;
}

/* The common case inline: small data with room in the batch (a glVertex3fv's 12 bytes). */
static inline __attribute__((always_inline)) void fgl_put_data(struct fgl_thread *t,
							     const void *data, size_t len)
{
	if (__builtin_expect(len - 1 < 64 && FGL_BATCH_SIZE - t->used >= 64, 1)) {
		uint8_t *m = t->buf + t->used;
		const uint8_t *s = data;
		size_t padded = wire_pad4(len);
		memset(m + padded - 4, 0, 4);
		/* Fixed-size moves, overlapping at the end: a memcpy of a length the compiler
		 * cannot see costs a call or a slow rep movsb for these few bytes. */
		if (len >= 16) {
			for (size_t i = 0; i + 16 <= len; i += 16)
				memcpy(m + i, s + i, 16);
			memcpy(m + len - 16, s + len - 16, 16);
		} else if (len >= 8) {
			memcpy(m, s, 8);
			memcpy(m + len - 8, s + len - 8, 8);
		} else if (len >= 4) {
			memcpy(m, s, 4);
			memcpy(m + len - 4, s + len - 4, 4);
		} else {
			for (size_t i = 0; i < len; i++)
				m[i] = s[i];
		}
		t->used += padded;
		return;
	}
	fgl_put_data_slow(t, data, len);
}

#define STRLEN(p) (strlen((const char *)(p)) + 1)
#define IMAGE_SIZE(pack, dims, f, ty, w, h, d) fgl_image_size(t, pack, dims, f, ty, w, h, d)
#define PNAME_COUNT(p) fgl_pname_count(t, p)
#define INDEXED_COUNT(p) wire_indexed_count(p)
#define CLEARBUFFER_COUNT(b) wire_clearbuffer_count(b)
#define INDEX_SIZE(ty) wire_index_size(ty)
/* Sizes only the host knows (a texture level's, a pixel map's): the guest copies what the
 * host's GL wrote, which the host sized itself. */
#define FGL_REPLY_SIZED ((size_t)1 << 40)
#define TEXIMAGE_SIZE(target, level, format, type) FGL_REPLY_SIZED
#define COMPRESSED_TEXIMAGE_SIZE(target, level) FGL_REPLY_SIZED
#define PIXELMAP_SIZE(map) (FGL_REPLY_SIZED / 8)
#define TEXTURE_IMAGE_SIZE(texture, target, level, format, type) FGL_REPLY_SIZED
#define COMPRESSED_TEXTURE_IMAGE_SIZE(texture, target, level) FGL_REPLY_SIZED
#define MULTITEX_IMAGE_SIZE(unit, target, level, format, type) FGL_REPLY_SIZED
#define COMPRESSED_MULTITEX_IMAGE_SIZE(unit, target, level) FGL_REPLY_SIZED
#define FILTER_IMAGE_SIZE(target, format, type, which) FGL_REPLY_SIZED
#define PROGRAM_STRING_SIZE(target, pname) FGL_REPLY_SIZED
#define NAMED_PROGRAM_STRING_SIZE(program, target, pname) FGL_REPLY_SIZED
/* in elements of up to 8 bytes */
#define UNIFORM_SIZE(program, location) (FGL_REPLY_SIZED / 8)
#define UNIFORM_BLOCK_SIZE(program, index, pname) (FGL_REPLY_SIZED / 8)
#define MAP_QUERY_SIZE(target, query) (FGL_REPLY_SIZED / 8)
#define PIXEL_BYTES(format, type) wire_pixel_bytes(format, type)
#define INDIRECT_SIZE(count, stride, command) wire_indirect_size(count, stride, command)
/* room the app gave (n, negative: none); the host sends what GL wrote within it */
#define BOUNDED(n, size) ((n) < 0 ? (size_t)0 : (size_t)(n))

#endif
