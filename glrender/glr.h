/* glr.h — glrender's internal structures: sessions (one per guest process), their share
 * groups, contexts and drawables, the clients (one per guest thread) and the EGL back end. */
#ifndef FAKEGL_GLR_H
#define FAKEGL_GLR_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "decode.h"
#include "pixels.h"
#include "wire.h"

#define glr_log(...) wire_log("glrender", __FILE__, __LINE__, __VA_ARGS__)

/* ---- the EGL back end (egl.c); no EGL types leak out of it ---- */

struct glr_fb_attrs {
	int red, green, blue, alpha, depth, stencil, samples;
	bool doublebuffer;
};

struct glr_ctx_attrs {
	int major, minor; /* 0.0: whatever the driver gives a legacy context */
	int profile;	  /* GLX_CONTEXT_*_PROFILE_BIT_ARB, 0 for none asked */
	int flags;	  /* GLX_CONTEXT_DEBUG_BIT_ARB … */
	int reset;	  /* GLX_LOSE_CONTEXT_ON_RESET_ARB or 0 */
	int no_error;	  /* GLX_ARB_create_context_no_error */
	int release;	  /* GLX_CONTEXT_RELEASE_BEHAVIOR_ARB value; 0 is "none" */
};

/* Open the display: device (NULL, an index, or a /dev/dri path) on EGL_EXT_platform_device,
 * else surfaceless. desc gets a line for the log. 0 or -1 with err. */
int glr_egl_init(const char *device, char *desc, size_t desclen, char *err, size_t errlen);
void glr_egl_terminate(void);
void *glr_egl_create_context(void *share, const struct glr_ctx_attrs *a);
void glr_egl_destroy_context(void *ctx);
void *glr_egl_create_surface(const struct glr_fb_attrs *a, int width, int height);
void glr_egl_destroy_surface(void *surface);
bool glr_egl_make_current(void *draw, void *read, void *ctx);
void (*glr_egl_proc(const char *name))(void);
const char *glr_egl_error(void);
/* Alpha bits of a surface's config (0 when none or unknown). */
int glr_egl_surface_alpha(void *surface);
/* Set the alpha of all of surface to 1.0 (glr_alpha_fill_current, from a context of
 * egl.c's own), the calling thread's context and surfaces put back after. 0 or -1. */
int glr_egl_fill_alpha(void *surface);
/* glrender --list-devices (devices.c): one line per EGL device on out. 0 or -1. */
int glr_list_devices(FILE *out);
/* Whether EGL can enumerate devices and open one (egl.c). */
bool glr_egl_has_devices(void);

/* ---- name maps (names.c) ---- */

struct glr_map; /* guest name → host name, one kind */
struct glr_map *glr_map_new(void);
void glr_map_free(struct glr_map *m);
bool glr_map_get(struct glr_map *m, uint64_t key, uint64_t *value);
int glr_map_put(struct glr_map *m, uint64_t key, uint64_t value);
bool glr_map_del(struct glr_map *m, uint64_t key, uint64_t *value);
/* The key of value, by a scan (answers that name objects only: answers.c). */
bool glr_map_find_value(struct glr_map *m, uint64_t value, uint64_t *key);

/* ---- sessions ---- */

struct glr_share {
	int refs;
	pthread_mutex_t lock;
	struct glr_map *maps[GLR_KINDS];
	/* limits.c: bytes of this group's objects (by object, face and level), their sum,
	 * and the session they are charged to */
	struct glr_map *charges;
	size_t charged;
	struct glr_session *session;
	/* lists.c: display-list numbers glGenLists gave the app that must become lists here
	 * once no context of the group compiles one */
	struct glr_list_range { uint32_t first, count; } *lists_pending;
	size_t lists_npending, lists_cap;
};

struct glr_array_copy { /* a client-side array's data, kept until the next draw */
	void *data;
	size_t cap;
	/* draws.c: where GL was pointed (data less first elements), the elements held
	 * (first..first+count-1), the divisor the driver has for the array */
	const void *base;
	int64_t first, count;
	uint32_t divisor;
};

/* alpha.c: the app's colour write masks and what the host has of them, for drawables
 * whose host surface has alpha that the app's config has not. */
#define GLR_ALPHA_BUFFERS 16
struct glr_alpha {
	bool ready;	  /* masks[] initialised */
	bool forced;	  /* the host's alpha writes are off (the default framebuffer is drawn) */
	bool indexed;	  /* the app set masks per draw buffer */
	bool dirty;	  /* a binding changed while a list was made: look again at glEndList */
	bool lists_mask;  /* a list was made with colour masks or attribute pops in it */
	int buffers;	  /* GL_MAX_DRAW_BUFFERS */
	uint32_t list_mode; /* glNewList's mode while a list is made, else 0 */
	unsigned char masks[GLR_ALPHA_BUFFERS][4]; /* as the app set them */
};

struct glr_context {
	uint32_t id;
	void *egl;
	struct glr_share *share;
	struct glr_ctx_attrs attrs;
	struct glr_client *current_in;
	uint32_t pending_error; /* GL_INVALID_OPERATION for commands the host lacks */
	/* the pixel store as the guest set it, and what glPushClientAttrib saved of it */
	struct wire_pixelstore pack, unpack;
	struct {
		struct wire_pixelstore pack, unpack;
		uint32_t mask;
	} client_stack[16];
	int client_depth;
	/* the host's own feedback and selection buffers (glRenderMode answers with them) */
	float *feedback;
	uint32_t *select;
	size_t feedback_size, select_size;
	struct glr_array_copy arrays[32];
	/* draws.c: enabled arrays in the app's memory, those pointing at our copies (bits by
	 * fglClientArrays slot), and whether a command may have changed them since */
	uint32_t client_arrays, our_arrays;
	bool arrays_changed;
	/* between glBegin and glEnd as executed (not while a list is only compiled): GL
	 * refuses every query there, so the arrays are read back at glBegin instead */
	bool in_begin;
	bool begin_restart;	     /* and glArrayElement's restart index as glBegin found it */
	uint32_t begin_restart_index;
	/* the driver's debug messages for the guest's callback (debug.c) */
	pthread_mutex_t debug_lock;
	struct glr_debug_msg *debug_head, **debug_tail;
	unsigned debug_count, debug_dropped;
	struct glr_alpha alpha;
	bool no_pack_invert; /* the driver lacks GL_MESA_pack_invert (frames, custom.c) */
	struct glr_context *next;
};

/* A frame buffer of the guest's in shared memory (fglShmBuffer): a sealed memfd. */
struct glr_shm_buffer {
	uint8_t *pixels; /* mapped writable, NULL when the slot is empty */
	size_t size;
};

struct glr_drawable {
	uint32_t id;
	void *surface;
	int width, height;
	struct glr_fb_attrs attrs;
	/* the guest's frame buffers, used in turn (custom.c), under the session lock */
	struct glr_shm_buffer shm[WIRE_SHM_SLOTS];
	unsigned shm_next;
	struct glr_drawable *next;
};

struct glr_session {
	uint64_t id;
	int clients;
	size_t memory; /* bytes charged by limits.c (atomic) */
	pthread_mutex_t lock;
	/* broadcast when a context stops being current (current_in set to NULL): a
	 * glXMakeCurrent of another thread may wait for it (custom.c) */
	pthread_cond_t released;
	struct glr_context *contexts;
	struct glr_drawable *drawables;
	struct glr_session *next;
};

#define GLR_MAX_OUTPUTS 8
/* c->in starts at one guest batch (libfakegl's FGL_BATCH_SIZE). A command or an answer
 * bigger than GLR_KEEP_BUFFER grows its buffer for as long as it takes, and the buffer is
 * given back right after (client.c); smaller ones keep theirs, so that an app uploading
 * a few MiB a frame does not fault the pages in again each time. */
#define GLR_IN_START ((size_t)256 * 1024)
#define GLR_KEEP_BUFFER ((size_t)64 << 20)
/* descriptors a client may have sent ahead of the commands that take them */
#define GLR_MAX_FDS (4 * WIRE_SHM_SLOTS)

struct glr_client {
	int fd;
	struct wire_hello hello;
	struct glr_session *session;
	struct glr_context *ctx;
	struct glr_drawable *draw, *read;
	char peer[96]; /* "name[pid]#thread" for logs */
	bool dropped;

	uint8_t *in;
	size_t in_len, in_cap;
	void *out[GLR_MAX_OUTPUTS];
	size_t out_len[GLR_MAX_OUTPUTS], out_cap[GLR_MAX_OUTPUTS];
	uint8_t *reply;
	size_t reply_cap;
	uint32_t *scratch;
	size_t scratch_cap;
	const char **strings; /* arrays of strings of one command (custom.c) */
	int *string_lengths;
	size_t strings_cap;
	uint8_t *frame;
	size_t frame_cap;
	uint32_t swaps;
	/* descriptors that came with the stream (SCM_RIGHTS), oldest first: fglShmBuffer
	 * takes them in order */
	int fds[GLR_MAX_FDS];
	int nfds;
	/* A surface of this client's own for a drawable current in another thread too:
	 * EGL lets a surface be current in one thread only, GLX in many (custom.c). */
	struct glr_drawable *own;
	bool over_memory;  /* said once in the log */
	bool refused_draw; /* said once in the log */
	struct glr_recording *rec; /* glrender --record: this client's trace, or NULL */
};

/* Limits (glrender --help): 0 means none. */
struct glr_options {
	size_t max_command;  /* bytes of one command */
	int max_clients;     /* connections served at once */
	int max_contexts;    /* contexts of one session (guest process) */
	size_t max_memory;   /* bytes of textures, buffers, renderbuffers of one session */
	int max_drawable;    /* width and height of a drawable */
	size_t max_trace;    /* bytes of one client's stream recorded by --record */
	size_t max_draw;     /* vertices times instances of one draw; 0: none (fuzz-decoder) */
	char token[WIRE_TOKEN_MAX]; /* "" when clients need none */
};
extern struct glr_options glr_options;

/* debug.c: debug output for the guest's glDebugMessageCallback */
struct glr_debug_msg;
void glr_debug_init(struct glr_context *x);
void glr_debug_fini(struct glr_context *x);
/* Send the current context's pending messages (before a reply or a frame). */
void glr_debug_flush(struct glr_client *c);

/* record.c: glrender --record DIR (a .gls trace per client; NULL when not recording) */
struct glr_recording;
int glr_record_set_dir(const char *dir, char *err, size_t errlen);
struct glr_recording *glr_record_open(const struct wire_hello *h);
/* n bytes of whole commands c ran (c->rec set); stops at --max-trace with a log line. */
void glr_record_commands(struct glr_client *c, const uint8_t *data, size_t n);
void glr_record_close(struct glr_recording *r);

/* viewer.c: glrender --window, each guest drawable also in a host window (GLFW). The
 * main thread inits, polls glr_viewer_fd and pumps; render threads post and forget. */
int glr_viewer_init(char *err, size_t errlen);
int glr_viewer_check(char *err, size_t errlen); /* init and fini: the display works */
bool glr_viewer_on(void);
int glr_viewer_fd(void); /* readable when there is something to show; -1 when off */
void glr_viewer_pump(void);
void glr_viewer_fini(void);
/* A frame of drawable (BGRA rows bottom-up, as glReadPixels gives them) of process name. */
void glr_viewer_post(const struct glr_session *s, const char *name, uint32_t drawable,
		     int width, int height, const void *bgra);
/* The drawable is gone (0: every drawable of s). */
void glr_viewer_forget(const struct glr_session *s, uint32_t drawable);

/* isolate.c: one worker process per guest session */
struct glr_handoff {
	int fd;
	struct wire_hello hello;
};
void glr_isolate_init(int argc, char **argv, bool on);
bool glr_isolating(void);
/* Hand a connection whose handshake is done to its session's worker: 0, or -1. */
int glr_isolate_handoff(int fd, const struct wire_hello *hello);
void glr_isolate_stop(int timeout_ms);
/* A worker's life: take connections from ctl until the listener lets it go. */
int glr_worker_run(int ctl, int stop_fd);

/* client.c */
int glr_active_clients(void);
/* Serve a connection whose hello a listener process already read (a worker). */
void glr_serve_hello(int fd, const struct wire_hello *hello);
void glr_serve(int fd); /* runs a client to its end, on the calling thread */
/* SIGTERM: each client finishes the commands it has sent, is told that glrender is
 * shutting down, and frees what it held; new ones are refused. Waits up to timeout_ms
 * for them all; returns how many are still running. */
int glr_shutdown(int timeout_ms);
/* The parts of glr_serve, for driving a client from memory (tests/fuzz): a client on fd
 * (replies go there) after its handshake; feed it bytes as if received (0, or -1 once
 * it is dropped); free it and all it holds, closing fd. */
struct glr_client *glr_client_new(int fd, const struct wire_hello *hello);
int glr_client_feed(struct glr_client *c, const void *bytes, size_t n);
void glr_client_free(struct glr_client *c);
int glr_send(struct glr_client *c, uint32_t type, const struct iovec *iov, int n);
/* Run the complete commands in c->in[0..in_len); keeps a partial one. 0, or -1. */
int glr_run_commands(struct glr_client *c);

/* What runs around a command besides its decoder, by opcode. client.c builds the table
 * once, at load, from draws.c's and limits.c's lists: a command that needs none of these
 * (glVertex3f…) costs one table load before its decoder. */
enum {
	GLR_OP_ARRAYS = 1, /* may change the enabled arrays or where they point (draws.c) */
	GLR_OP_DRAW = 2,   /* reads the arrays (draws.c) */
	GLR_OP_CHARGE = 4, /* allocates or frees memory --max-memory counts (limits.c) */
	GLR_OP_FLAGS = 8,  /* a glGet* that may ask GL_CONTEXT_FLAGS (egl.c's robust access) */
};
extern unsigned char glr_op_checks[WIRE_OP_COUNT];
void glr_draws_classify(unsigned char *checks);
void glr_charge_classify(unsigned char *checks);
/* robust.c: GL_CONTEXT_FLAGS as the app asked, without the robust access the host added.
 * 1 when it answered the query (GLR_OP_FLAGS), 0 when the decoder should. */
int glr_context_flags_query(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len);

/* limits.c: memory counted when the driver allocates it. glr_charge_begin before a
 * command's decoder: 0 run it (nothing to count), 1 run it then call glr_charge_end, 2 skip
 * it (over --max-memory: GL_OUT_OF_MEMORY for the app). */
struct glr_charge {
	int kind, n;
	uint64_t keys[96];
	size_t bytes[96];
};
int glr_charge_begin(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len,
		     struct glr_charge *ch);
void glr_charge_end(struct glr_client *c, const struct glr_charge *ch);
/* A share group goes: its charges leave the session (call with the group's last context). */
void glr_uncharge_share(struct glr_share *s);

/* rendinfo.c: answer fglRendererInfo (GLX_MESA_query_renderer) from a context of the
 * host's own, the client's current one put back after. */
int glr_renderer_info(struct glr_client *c);
/* copyctx.c: answer fglCopyContext (glXCopyContext): the state of the attribute groups
 * of a mask from one context to another, the client's current one put back after. */
int glr_copy_context(struct glr_client *c, const uint8_t *m, size_t len);

/* draws.c: before each command (with a current context): 1 when it is a draw that would
 * read memory the guest did not send (refused: GL_INVALID_OPERATION for the app), else 0. */
int glr_check_arrays(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len);
/* Whether indices of size bytes restart primitives (GL_PRIMITIVE_RESTART[_NV] or
 * GL_PRIMITIVE_RESTART_FIXED_INDEX on), and at which value: such an index reads no vertex. */
bool glr_restart_index(int size, uint32_t *index);
void glr_arrays_sent(struct glr_context *x, uint32_t slot, int32_t size, uint32_t type,
		     uint32_t stride, uint32_t first, uint32_t bytes);

/* alpha.c: alpha-less drawables on host surfaces with alpha. glr_alpha_wrap once after
 * glr_gl_load (it puts its own functions in glr_gl for the calls that set or ask colour
 * masks, framebuffer bindings and alpha sizes); glr_alpha_bind after each make-current
 * of a client (or release: c->ctx NULL); glr_alpha_fill_current from egl.c's own context. */
void glr_alpha_wrap(void);
void glr_alpha_bind(struct glr_client *c);
void glr_alpha_fill_current(void);

/* custom.c: the hand-written decoders of fakegl's own commands (opcodes below 64). */
/* The oldest descriptor the guest sent with the stream, now the caller's; -1 if none. */
int glr_take_fd(struct glr_client *c);
/* Unmap the guest's frame buffers of d (custom.c). */
void glr_shm_forget(struct glr_drawable *d);
int glr_dispatch_internal(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len);
void glr_release_client(struct glr_client *c);
/* From a command's decoder: give up the shared hold on the driver for the exclusive one
 * (on), or back (off). Destroying contexts needs it (client.c). */
void glr_driver_exclusive(bool on);
/* From a command's decoder: let go of the shared hold while waiting for another client
 * (on), and take it back (off); a waiter holding it would stall glr_driver_exclusive. */
void glr_driver_pause(bool on);
/* A context's EGL context, share group (when it was the last one) and copies. */
void glr_context_free(struct glr_context *x);

#endif
