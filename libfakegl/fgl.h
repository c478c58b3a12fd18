/* fgl.h — libfakegl's internal interfaces between its modules (stream, state, GLX,
 * presentation). No GL or X headers here, so that both the generated side (registry
 * types) and the GLX side (system headers) can include it. */
#ifndef FAKEGL_FGL_H
#define FAKEGL_FGL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fgl_thread;
struct fgl_context;

/* The calling thread's connection, made on first use (exits the app with one line on
 * stderr when glrender cannot be reached or refuses us). */
struct fgl_thread *fgl_thread_get(void);
_Noreturn void fgl_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *fgl_server_text(void);
/* Read frames until at most max_lag swaps of this thread are not yet shown. */
void fgl_wait_frames(struct fgl_thread *t, uint32_t max_lag);
/* Show a frame that came back for a guest drawable id (glx.c). */
void fgl_present_frame(uint32_t drawable, const uint8_t *pixels, uint32_t w, uint32_t h);
/* The same for a frame the host wrote into the drawable's shared buffer slot. */
void fgl_present_frame_slot(uint32_t drawable, uint32_t slot, uint32_t w, uint32_t h);
/* Whether this thread's connection can carry descriptors (a unix socket). */
bool fgl_passes_fds(struct fgl_thread *t);
/* Send the batch, then cmds (whole commands, len bytes) with descriptors fds attached
 * (SCM_RIGHTS); not recorded: the descriptors mean nothing in a trace. The caller
 * still owns and closes fds. */
void fgl_send_fds(struct fgl_thread *t, const void *cmds, size_t len, const int *fds, int n);

/* GLX (glx.c): show what was drawn to a single-buffered drawable, a pixmap or the front
 * buffer, at glFlush/glFinish (wait: until it is in the X drawable). */
void fgl_glx_front_flush(struct fgl_thread *t, bool wait);
/* Whether c is a context the app holds (made and not yet destroyed). */
bool fgl_context_valid(const struct fgl_context *c);

/* Contexts (state.c): make, free, and reset the shadow state of a new one. */
struct fgl_context *fgl_context_new(struct fgl_context *share);
void fgl_context_free(struct fgl_context *c);

/* The address of a GL entry point of libfakegl by name, NULL if none (enc_gl.c). */
typedef void (*fgl_proc)(void);
fgl_proc fgl_proc_address(const char *name);

/* How many frames the app may run ahead of the frames shown. */
#define FGL_MAX_LAG 1

/* FAKEGL_RECORD (record.c): the bytes a thread sends, also written to the trace. */
#include <stdatomic.h>
extern atomic_bool fgl_recording;
void fgl_record_start(const char *path);
void fgl_record(uint32_t thread, const void *data, size_t len);
void fgl_record_note(const char *key, const char *value);

#endif
