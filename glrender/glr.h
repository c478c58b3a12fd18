/* glr.h — glrender's internal structures: sessions (one per guest process), their share
 * groups, contexts and drawables, the clients (one per guest thread) and the EGL back end. */
#ifndef FAKEGL_GLR_H
#define FAKEGL_GLR_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* ---- name maps (names.c) ---- */

struct glr_map; /* guest name → host name, one kind */
struct glr_map *glr_map_new(void);
void glr_map_free(struct glr_map *m);
bool glr_map_get(struct glr_map *m, uint64_t key, uint64_t *value);
int glr_map_put(struct glr_map *m, uint64_t key, uint64_t value);
bool glr_map_del(struct glr_map *m, uint64_t key, uint64_t *value);

/* ---- sessions ---- */

struct glr_share {
	int refs;
	pthread_mutex_t lock;
	struct glr_map *maps[GLR_KINDS];
};

struct glr_array_copy { /* a client-side array's data, kept until the next draw */
	void *data;
	size_t cap;
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
	struct glr_context *next;
};

struct glr_drawable {
	uint32_t id;
	void *surface;
	int width, height;
	struct glr_fb_attrs attrs;
	struct glr_drawable *next;
};

struct glr_session {
	uint64_t id;
	int clients;
	pthread_mutex_t lock;
	struct glr_context *contexts;
	struct glr_drawable *drawables;
	struct glr_session *next;
};

#define GLR_MAX_OUTPUTS 8

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
};

struct glr_options {
	size_t max_command; /* bytes */
	char token[WIRE_TOKEN_MAX]; /* "" when clients need none */
};
extern struct glr_options glr_options;

/* client.c */
void glr_serve(int fd); /* runs a client to its end, on the calling thread */
int glr_send(struct glr_client *c, uint32_t type, const struct iovec *iov, int n);

/* custom.c: the hand-written decoders of fakegl's own commands (opcodes below 64). */
int glr_dispatch_internal(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len);
void glr_release_client(struct glr_client *c);
/* From a command's decoder: give up the shared hold on the driver for the exclusive one
 * (on), or back (off). Destroying contexts needs it (client.c). */
void glr_driver_exclusive(bool on);
/* A context's EGL context, share group (when it was the last one) and copies. */
void glr_context_free(struct glr_context *x);

#endif
