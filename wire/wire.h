/* wire.h — the protocol shared by libfakegl (guest) and glrender (host):
 * addresses and transports, byte I/O, message framing, the handshake.
 * The grammar is in wire/PROTOCOL.md; keep both in step. */
#ifndef FAKEGL_WIRE_H
#define FAKEGL_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define WIRE_MAGIC 0x314c4746u /* "FGL1" little-endian */
#define WIRE_VERSION 3u
#define WIRE_DEFAULT_ADDR "tcp:127.0.0.1:7450"
#define WIRE_DEFAULT_PORT 7450

/* ---- addresses and transports ------------------------------------- */

enum wire_transport { WIRE_TCP, WIRE_UNIX, WIRE_VSOCK };

struct wire_addr {
	enum wire_transport kind;
	char host[256];	 /* tcp: name or literal, IPv6 in [brackets] stripped */
	uint16_t port;	 /* tcp, vsock */
	uint32_t cid;	 /* vsock; VMADDR_CID_ANY (-1U) for "vsock:any:PORT" */
	char path[108];	 /* unix; a leading '@' means the abstract namespace */
};

/* Parse "tcp:HOST:PORT" | "unix:PATH" | "vsock:CID:PORT" (NULL or "" gives
 * WIRE_DEFAULT_ADDR). Returns 0, or -1 with a one-line reason in err. */
int wire_addr_parse(const char *s, struct wire_addr *out, char *err, size_t errlen);
/* The canonical text form of an address ("tcp:127.0.0.1:7450"). */
void wire_addr_format(const struct wire_addr *a, char *buf, size_t len);
/* Connect (blocking, with a 5 s timeout on connect). TCP gets TCP_NODELAY.
 * Returns an fd, or -1 with "connect to tcp:…: Connection refused" in err. */
int wire_connect(const struct wire_addr *a, char *err, size_t errlen);
/* Bind and listen, close-on-exec. A unix socket file is replaced if stale and
 * created with mode 0600. Returns an fd or -1 with the reason in err. */
int wire_listen(const struct wire_addr *a, char *err, size_t errlen);
/* Remove what wire_listen left in the file system (a unix socket file). */
void wire_unlisten(const struct wire_addr *a);

/* ---- byte I/O ---------------------------------------------------------- */

/* Each returns 0 when every byte moved, -1 on error or end of stream
 * (errno is 0 on a clean end of stream). EINTR is retried. */
int wire_write_all(int fd, const void *buf, size_t len);
int wire_writev_all(int fd, struct iovec *iov, int iovcnt); /* may modify iov */
int wire_read_all(int fd, void *buf, size_t len);
/* Read what is available now, at most len bytes: returns the count, 0 on end
 * of stream, -1 on error; with nonblock it returns -1/EAGAIN when nothing is there. */
long wire_read_some(int fd, void *buf, size_t len, bool nonblock);

/* ---- framing -------------------------------------------------------------
 * Every message, in both directions, starts with one little-endian u32:
 *   bits 0..15  opcode (commands) or message type (replies)
 *   bits 16..31 total length in 4-byte words, this header included;
 *               0 means "long form": the next u32 is the total length in
 *               bytes (a multiple of 4), both header words included. */

#define WIRE_HDR(op, words) ((uint32_t)(op) | ((uint32_t)(words) << 16))
#define WIRE_HDR_OP(h) ((h) & 0xffffu)
#define WIRE_HDR_WORDS(h) ((h) >> 16)
#define WIRE_SHORT_MAX_WORDS 0xffffu
/* The largest pointer payload a guest sends in one command (a 16384² RGBA8 texture);
 * the host accepts commands of that much plus their fixed part. A guest asked for more
 * raises GL_OUT_OF_MEMORY instead of sending. */
#define WIRE_MAX_PAYLOAD ((size_t)1 << 30)
#define WIRE_MAX_COMMAND (WIRE_MAX_PAYLOAD + 65536)
/* The largest glGenLists block: the guest raises GL_OUT_OF_MEMORY for more (and the
 * host's driver is not asked), which Mesa would run out of memory making. */
#define WIRE_MAX_LIST_RANGE (1 << 24)

/* Decode the header at buf (avail bytes there). Returns the total message
 * length in bytes and sets *op and *hdr_bytes (4 or 8); returns 0 when more
 * bytes are needed to know; returns (size_t)-1 when the header is malformed
 * (length below the header, long form that would fit the short one, not a
 * multiple of 4, or above max). */
size_t wire_msg_size(const void *buf, size_t avail, size_t max, uint32_t *op,
		     size_t *hdr_bytes);
/* Write a header for a message of total_bytes (a multiple of 4, headers
 * included: use wire_hdr_bytes to know how many) into out; returns 4 or 8. */
size_t wire_put_hdr(uint32_t *out, uint32_t op, size_t total_bytes);
/* How many header bytes a message whose payload is payload_bytes needs. */
static inline size_t wire_hdr_bytes(size_t payload_bytes)
{
	return (payload_bytes + 4) / 4 <= WIRE_SHORT_MAX_WORDS ? 4 : 8;
}
static inline size_t wire_pad4(size_t n) { return (n + 3) & ~(size_t)3; }
/* Elements in a registry len="n" output: a negative count (GL raises
 * GL_INVALID_VALUE and writes nothing) has none. */
static inline size_t wire_count(int64_t n) { return n < 0 ? 0 : (size_t)n; }

/* Host-to-guest message types. */
enum wire_msg {
	WIRE_MSG_REPLY = 1, /* the answer of the last synchronous command */
	WIRE_MSG_FRAME = 2, /* a finished frame, see struct wire_frame */
	WIRE_MSG_ERROR = 3, /* text: why the host drops this client; then EOF */
	WIRE_MSG_DEBUG = 4, /* a debug message: source type id severity length, text */
	WIRE_MSG_FRAME_SHM = 5, /* a finished frame in shared memory, struct wire_frame_shm */
};

/* The fixed part of a WIRE_MSG_FRAME payload; pixels follow, B,G,R,A bytes,
 * rows bottom-up (GL order), stride = width * 4. */
struct wire_frame {
	uint32_t drawable; /* the guest's drawable id */
	uint32_t width, height;
	uint32_t serial; /* counts the swaps of this connection, from 1 */
};

/* Frames in shared memory (unix sockets only): the guest gives each window drawable
 * WIRE_SHM_SLOTS buffers with fglShmBuffer, each a sealed memfd passed with
 * SCM_RIGHTS; the host writes a frame into the next one, B,G,R,A bytes, rows top-down
 * (X order), stride = width * 4, and answers with WIRE_MSG_FRAME_SHM instead of
 * sending the pixels. See wire/PROTOCOL.md, "Frames". */
#define WIRE_SHM_SLOTS 3
struct wire_frame_shm {
	struct wire_frame frame;
	uint32_t slot; /* the buffer holding the pixels, < WIRE_SHM_SLOTS */
};

/* Pointer parameters are sent as a u32 byte count followed by the bytes,
 * padded to 4; two counts are reserved: */
#define WIRE_PTR_NULL 0xffffffffu   /* a NULL pointer, nothing follows */
#define WIRE_PTR_OFFSET 0xfffffffeu /* a buffer-object offset: a u64 follows */

/* fglClientArrays slots: 0 vertex, 1 normal, 2 color, 3 secondary color, 4 fog
 * coordinate, 5 edge flag, 6 color index, 7..14 texture coordinates of units 0..7,
 * 15..30 generic attributes 0..15. */
#define WIRE_ARRAY_TEXCOORD0 7
#define WIRE_ARRAY_GENERIC0 15
#define WIRE_ARRAYS 31

/* ---- handshake ------------------------------------------------------------ */

#define WIRE_NAME_MAX 64
#define WIRE_TOKEN_MAX 128

struct wire_hello {
	uint32_t version;	    /* WIRE_VERSION of the guest */
	uint64_t session;	    /* one per guest process: connections with
				       the same id share contexts and objects */
	uint32_t pid;		    /* the guest process, for logs */
	uint32_t thread;	    /* which connection of the process, from 0 */
	char name[WIRE_NAME_MAX];   /* process name, NUL-terminated */
	char token[WIRE_TOKEN_MAX]; /* "" when none */
};

enum wire_status {
	WIRE_OK = 0,
	WIRE_EVERSION = 1, /* the host speaks another protocol version */
	WIRE_ETOKEN = 2,   /* the token is missing or wrong */
	WIRE_EBUSY = 3,	   /* the host refuses more clients */
};

/* Guest side: send the hello, read the answer. Returns 0, or -1 with one
 * readable line in err ("glrender speaks protocol version 2, this libGL speaks 1";
 * the caller prefixes the address). fd is made blocking for the exchange, with a
 * 10 s receive timeout, and left as it was. */
int wire_client_handshake(int fd, const struct wire_hello *h, char *err, size_t errlen);
/* Host side: read a hello (bounded, never trusting a length), check magic,
 * version and token (token NULL: none required), answer it. Returns 0 with *out
 * filled, or -1 with the reason in err (the guest has been told when it could be). */
int wire_server_handshake(int fd, struct wire_hello *out, const char *token, char *err,
			  size_t errlen);

/* Host side: send an answer (status is an enum wire_status, text NULL or at most
 * 1024 bytes) outside wire_server_handshake: how a host says WIRE_EBUSY. Read the
 * hello first (its u32 length, then that many bytes, at most 4096): closing a TCP
 * socket with unread bytes resets it, and the guest may lose the answer. Returns 0 or -1. */
int wire_server_answer(int fd, uint32_t status, const char *text);

/* Encoding and decoding of the hello as bytes, for tests and the fuzz target. */
size_t wire_hello_encode(const struct wire_hello *h, uint8_t *buf, size_t cap);
int wire_hello_decode(const uint8_t *buf, size_t len, struct wire_hello *out);

/* Logging with file:line, to stderr, with a component prefix. */
void wire_log(const char *component, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
