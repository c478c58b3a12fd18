/* gls.h — the .gls trace format shared by its writers (libfakegl's FAKEGL_RECORD,
 * glrender --record) and its reader (glstream, the fuzz target): a header, the command
 * stream as sent on the wire in checksummed, optionally zstd-compressed chunks, and an
 * index of frames at the end. The grammar is in tools/GLSTREAM.md; keep both in step.
 * The reader treats every byte as hostile: damaged input is an error, never a crash. */
#ifndef FAKEGL_GLS_H
#define FAKEGL_GLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GLS_MAGIC "FGLSTRM\n"  /* 8 bytes, the file's first */
#define GLS_END_MAGIC "FGLSEND\n" /* 8 bytes, the file's last when it has an index */
#define GLS_CHUNK_MAGIC 0x4b4e4843u /* "CHNK" */
#define GLS_VERSION 1u

enum gls_chunk_type {
	GLS_CHUNK_COMMANDS = 1, /* bytes of one guest thread's command stream, as sent */
	GLS_CHUNK_INFO = 2,	/* key NUL value NUL pairs: what the stream does not say */
	GLS_CHUNK_INDEX = 3,	/* the frame index; the last chunk of a finished file */
};
#define GLS_CHUNK_ZSTD 0x1u	 /* flags: the stored bytes are one zstd frame */
#define GLS_CHUNK_FRAME_END 0x2u /* the chunk ends with a glXSwapBuffers command */

#define GLS_CHUNK_HEADER 32	     /* bytes before a chunk's stored data */
#define GLS_CHUNK_RAW_MAX (1u << 20) /* writers cut chunks at this many raw bytes */
#define GLS_CHUNK_RAW_LIMIT (1u << 26) /* readers refuse chunks above it */

/* ---- writing ---- */

struct gls_writer_info {
	const char *source;	 /* "guest" (FAKEGL_RECORD) or "host" (glrender --record) */
	const char *program;	 /* process name */
	const char *cmdline;	 /* the command line, arguments separated by spaces */
	uint32_t pid;
	bool compress;		 /* zstd-compress the chunks */
};

struct gls_writer;
/* Create path and write the header. NULL with a one-line reason in err. */
struct gls_writer *gls_writer_open(const char *path, const struct gls_writer_info *info,
				   char *err, size_t errlen);
/* Bytes of guest thread `thread`'s command stream, exactly as they travel (any cut:
 * the writer finds the commands itself). Thread-safe. 0, or -1 once writing failed. */
int gls_writer_commands(struct gls_writer *w, uint32_t thread, const void *data, size_t len);
/* A note the stream does not carry (GL_VERSION, GL_RENDERER, …). Thread-safe. */
int gls_writer_note(struct gls_writer *w, const char *key, const char *value);
/* Write what is buffered, the index and the end mark; free w. 0, or -1 with err when
 * anything could not be written. */
int gls_writer_close(struct gls_writer *w, char *err, size_t errlen);

/* ---- reading ---- */

struct gls_header {
	uint32_t format;   /* GLS_VERSION of the writer */
	uint32_t protocol; /* WIRE_VERSION of the stream */
	uint64_t time_us;  /* when recording began, microseconds since 1970 */
	uint32_t pid;
	const char *source, *program, *cmdline; /* NUL-terminated, never NULL */
};

struct gls_chunk {
	uint64_t offset; /* of its header in the file */
	uint32_t type, flags, thread, time_ms;
	uint32_t stored; /* bytes in the file */
	const uint8_t *data; /* raw (decompressed) bytes, valid until the next read */
	size_t len;
};

struct gls_frame_entry {
	uint64_t offset; /* the frame's first chunk */
	uint64_t call;	 /* number of the frame's first call, from 0 */
};

struct gls_trace;
/* Open a trace held in memory (the caller keeps data alive and unchanged) or a file
 * (mapped). Checks the header and finds the index, or rebuilds it by reading every
 * chunk when there is none (a recording that was cut off). NULL with a one-line
 * reason in err for input that is not a trace, another version or damaged. */
struct gls_trace *gls_open_memory(const void *data, size_t len, char *err, size_t errlen);
struct gls_trace *gls_open_file(const char *path, char *err, size_t errlen);
void gls_close(struct gls_trace *t);

const struct gls_header *gls_header(const struct gls_trace *t);
size_t gls_size(const struct gls_trace *t);
/* Whether the file ended with an index; whether it ends inside a chunk (then
 * gls_damage says where); the frames (complete ones: a frame ends at a swap). */
bool gls_indexed(const struct gls_trace *t);
const char *gls_damage(const struct gls_trace *t);
uint64_t gls_frames(const struct gls_trace *t);
uint64_t gls_calls(const struct gls_trace *t);
const struct gls_frame_entry *gls_frame(const struct gls_trace *t, uint64_t frame);
/* The first chunk's offset, and the notes (GLS_CHUNK_INFO) met so far: "" if none. */
uint64_t gls_first_chunk(const struct gls_trace *t);
const char *gls_note(const struct gls_trace *t, const char *key);

/* Read the chunk at *offset and advance *offset past it. 1 with *c filled, 0 at the
 * end (the index or the end of the data), -1 with err for a damaged chunk. Notes
 * (GLS_CHUNK_INFO) are kept for gls_note. */
int gls_read_chunk(struct gls_trace *t, uint64_t *offset, struct gls_chunk *c, char *err,
		   size_t errlen);

/* ---- commands ---- */

struct gls_command {
	uint32_t thread;
	uint32_t op;
	uint64_t call;	/* its number in the trace, from 0 */
	uint64_t frame; /* the frame it belongs to, from 0 */
	const uint8_t *payload; /* after the header; valid until the next call */
	size_t len;
	size_t wire_len; /* header included */
};

struct gls_cursor;
/* A cursor at the start of frame `frame` (0: the beginning). NULL with err. */
struct gls_cursor *gls_cursor_new(struct gls_trace *t, uint64_t frame, char *err, size_t errlen);
/* The next command: 1, 0 at the end, -1 with err on damage (a malformed header, a
 * command cut by the end of the file). */
int gls_cursor_next(struct gls_cursor *cur, struct gls_command *cmd, char *err, size_t errlen);
void gls_cursor_free(struct gls_cursor *cur);

#endif
