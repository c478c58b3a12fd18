/* decode.h — what the generated decoders (dec_gl.c) and glrender's hand-written ones
 * stand on: the client being served, bounds-checked reads of its message, answers,
 * and the per-share-group maps from the guest's object names to the host's.
 * Every length from the wire is checked against the bytes received before use. */
#ifndef FAKEGL_DECODE_H
#define FAKEGL_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gl_ops.h"
#include "pixels.h"
#include "pnames.h"
#include "wire.h"

struct glr_client;

typedef int (*glr_decoder)(struct glr_client *c, const uint8_t *m, size_t len);
extern const glr_decoder glr_decoders[WIRE_OP_COUNT];

enum glr_kind {
	GLR_BUFFER,
	GLR_TEXTURE,
	GLR_PROGRAM,
	GLR_QUERY,
	GLR_SAMPLER,
	GLR_FRAMEBUFFER,
	GLR_RENDERBUFFER,
	GLR_VERTEX_ARRAY,
	GLR_TRANSFORM_FEEDBACK,
	GLR_PIPELINE,
	GLR_SYNC,
	GLR_KINDS
};

/* A protocol error: logged once with the opcode, the client is dropped. Returns -1. */
int glr_bad(struct glr_client *c, uint32_t op, const char *why);
/* The host driver lacks the command: GL_INVALID_OPERATION for the app, and an empty
 * answer when the guest waits for one. */
int glr_missing(struct glr_client *c, uint32_t op, int sync, int outputs, size_t ret_bytes);

/* The largest single output a guest may ask for: its answer must fit the guest's largest
 * message (2 GiB, libfakegl/stream.c read_message) and its u32 length. It was 4 GiB, whose
 * length read 0 and whose message no guest would take. */
#define GLR_MAX_OUTPUT (((size_t)1 << 31) - 4096)
/* Size a pointer must have: count elements of elem bytes, SIZE_MAX on overflow. */
#define GLR_NEED_STRING (SIZE_MAX - 1)
static inline size_t glr_size(size_t count, size_t elem)
{
	if (count == GLR_NEED_STRING || count == WIRE_SIZE_UNKNOWN)
		return count;
	if (elem && count > (SIZE_MAX - 2) / elem)
		return SIZE_MAX;
	return count * elem;
}

/* Take the next pointer of a command: n is its count word as sent; need what GL will
 * read (GLR_NEED_STRING: a NUL must come within the bytes; 0: *ptr is NULL, as GL reads
 * nothing, or keeps the pointer: gl*Pointer). Sets *ptr to the data in the message, to NULL, or to an
 * offset into the buffer the host has bound at binding (0: no offset allowed; with no
 * buffer bound there an offset would be an address in glrender). 0, or -1 after glr_bad. */
int glr_get_ptr(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len, size_t *at,
		uint32_t n, size_t need, const void **ptr, uint32_t binding);
/* Room for output i of the current command, zeroed, len bytes (with slack after it). */
void *glr_out_buffer(struct glr_client *c, int i, size_t len);
/* Answer the current command: outputs 0..n-1 as sized by glr_out_buffer, then ret. */
int glr_reply(struct glr_client *c, int outputs, const void *ret, size_t ret_size);

/* Names: the guest's name of kind k in the current context's share group → the host's.
 * A name the guest never made is made on the host on first use, as GL's "bind creates"
 * rule does; 0 stays 0. */
uint64_t glr_name(struct glr_client *c, enum glr_kind k, uint64_t guest);
/* A name whose kind an enum says (glObjectLabel's identifier, wire/gl.annotations "nameby"):
 * looked up like glr_name_known; list numbers and unknown identifiers pass as they are. */
uint64_t glr_name_by_identifier(struct glr_client *c, uint32_t identifier, uint64_t guest);
/* The host's name of guest, 0 when the app never used it (glIs*: asking makes nothing). */
uint64_t glr_name_known(struct glr_client *c, enum glr_kind k, uint64_t guest);
/* The guest's name of the host's object host of kind k; 0 when the guest has none. */
uint64_t glr_guest_name(struct glr_client *c, enum glr_kind k, uint64_t host);
/* answers.c: a query gl.annotations marks "names" has answered (output 0, or 1 for
 * glGetAttachedShaders) with elements of type; where what asks for an object's name
 * (a pname, or the target of glGet*i_v), the host's name there becomes the guest's.
 * m: the command as received. */
enum glr_answer_type { GLR_ANSWER_INT, GLR_ANSWER_INT64, GLR_ANSWER_FLOAT, GLR_ANSWER_DOUBLE };
void glr_answer_names(struct glr_client *c, uint32_t op, const uint8_t *m, uint32_t what,
		      enum glr_answer_type type);
uint32_t *glr_scratch_names(struct glr_client *c, int32_t n);
int glr_map_names(struct glr_client *c, enum glr_kind k, int32_t n, const uint32_t *guest,
		  const uint32_t *host);
uint32_t *glr_unmap_names(struct glr_client *c, enum glr_kind k, int32_t n,
			  const uint32_t *guest);
/* An array of the app's names (glBindTextures…) as the host's, in scratch memory valid
 * until the next command; NULL after glr_bad. */
const uint32_t *glr_lookup_names(struct glr_client *c, enum glr_kind k, size_t n,
				 const uint32_t *guest);
int glr_map_range(struct glr_client *c, enum glr_kind k, uint64_t guest, uint64_t host,
		  int64_t count);

/* Host state the sizes depend on. */
uint32_t glr_bound_buffer(struct glr_client *c, uint32_t binding);
size_t glr_image_size(struct glr_client *c, int pack, int dims, uint32_t format, uint32_t type,
		      int32_t w, int32_t h, int32_t d);
int glr_pname_count(struct glr_client *c, uint32_t pname);
/* Bytes glGetTexImage writes for level of the texture bound at target, under the pack
 * state; glGetCompressedTexImage's; the entries of a pixel map. Asked of the driver. */
size_t glr_teximage_size(struct glr_client *c, uint32_t target, int32_t level, uint32_t format,
			 uint32_t type);
size_t glr_compressed_teximage_size(struct glr_client *c, uint32_t target, int32_t level);
size_t glr_pixelmap_size(struct glr_client *c, uint32_t map);
/* glrender/sizes.c: more answers whose size only the host's driver knows. Names are the
 * guest's (mapped inside). */
size_t glr_texture_image_size(struct glr_client *c, uint32_t texture, uint32_t target,
			      int32_t level, uint32_t format, uint32_t type, int compressed);
size_t glr_multitex_image_size(struct glr_client *c, uint32_t unit, uint32_t target,
			       int32_t level, uint32_t format, uint32_t type, int compressed);
size_t glr_filter_image_size(struct glr_client *c, uint32_t target, uint32_t format,
			     uint32_t type, int which);
size_t glr_program_string_size(struct glr_client *c, uint32_t program, uint32_t target,
			       uint32_t pname);
size_t glr_uniform_size(struct glr_client *c, uint32_t program, int32_t location);
size_t glr_uniform_block_size(struct glr_client *c, uint32_t program, uint32_t index,
			      uint32_t pname);
size_t glr_map_query_size(struct glr_client *c, uint32_t target, uint32_t query);
/* Raise the driver's pending errors into the context's record / forget our own. */
struct glr_context;
void glr_hold_errors(struct glr_context *x);
void glr_drop_errors(void);
/* An output that is a string: sent up to its NUL. */
void glr_trim_string(struct glr_client *c, int i);
void glr_trim_strings(struct glr_client *c, int i, size_t n);
void glr_trim_output(struct glr_client *c, int i, size_t bytes);
/* After a query whose outputs GL may not have written: none are sent after an error. */
void glr_query_begin(struct glr_client *c);
void glr_outputs_checked(struct glr_client *c, int n);

#define GET32(m, at) get32_((m), &(at))
static inline uint32_t get32_(const uint8_t *m, size_t *at)
{
	uint32_t v;
	memcpy(&v, m + *at, 4);
	*at += 4;
	return v;
}
#define GET64(m, at, T) __extension__({                                                          \
	uint64_t get64_;                                                                           \
	T get64t_;                                                                                 \
	memcpy(&get64_, (m) + (at), 8);                                                            \
	(at) += 8;                                                                                 \
	memcpy(&get64t_, &get64_, sizeof get64t_);                                                 \
	get64t_;                                                                                   \
})
#define GETSCALAR(m, at, T) __extension__({                                                      \
	T getsc_;                                                                                  \
	memcpy(&getsc_, (m) + (at), sizeof getsc_);                                                \
	(at) += 4;                                                                                 \
	getsc_;                                                                                    \
})

#define STRLEN(p) GLR_NEED_STRING
#define IMAGE_SIZE(pack, dims, f, ty, w, h, d) glr_image_size(c, pack, dims, f, ty, w, h, d)
#define PNAME_COUNT(p) glr_pname_count(c, p)
#define INDEXED_COUNT(p) wire_indexed_count(p)
#define CLEARBUFFER_COUNT(b) wire_clearbuffer_count(b)
#define INDEX_SIZE(ty) wire_index_size(ty)
#define TEXIMAGE_SIZE(target, level, format, type) glr_teximage_size(c, target, level, format, type)
#define COMPRESSED_TEXIMAGE_SIZE(target, level) glr_compressed_teximage_size(c, target, level)
#define PIXELMAP_SIZE(map) glr_pixelmap_size(c, map)
#define TEXTURE_IMAGE_SIZE(texture, target, level, format, type)                                   \
	glr_texture_image_size(c, texture, target, level, format, type, 0)
#define COMPRESSED_TEXTURE_IMAGE_SIZE(texture, target, level)                                      \
	glr_texture_image_size(c, texture, target, level, 0, 0, 1)
#define MULTITEX_IMAGE_SIZE(unit, target, level, format, type)                                     \
	glr_multitex_image_size(c, unit, target, level, format, type, 0)
#define COMPRESSED_MULTITEX_IMAGE_SIZE(unit, target, level)                                        \
	glr_multitex_image_size(c, unit, target, level, 0, 0, 1)
#define FILTER_IMAGE_SIZE(target, format, type, which)                                             \
	glr_filter_image_size(c, target, format, type, which)
#define PROGRAM_STRING_SIZE(target, pname) glr_program_string_size(c, 0, target, pname)
#define NAMED_PROGRAM_STRING_SIZE(program, target, pname)                                          \
	glr_program_string_size(c, program, target, pname)
#define UNIFORM_SIZE(program, location) glr_uniform_size(c, program, location)
#define UNIFORM_BLOCK_SIZE(program, index, pname) glr_uniform_block_size(c, program, index, pname)
#define MAP_QUERY_SIZE(target, query) glr_map_query_size(c, target, query)
#define PIXEL_BYTES(format, type) wire_pixel_bytes(format, type)
#define INDIRECT_SIZE(count, stride, command) wire_indirect_size(count, stride, command)
/* what GL writes into room for n: all of size when it fits, else nothing (an error) */
#define BOUNDED(n, size) glr_bounded((int64_t)(n), (size))
static inline size_t glr_bounded(int64_t n, size_t size)
{
	if (n < 0 || size == WIRE_SIZE_UNKNOWN || size == SIZE_MAX || size == GLR_NEED_STRING)
		return 0;
	return size <= (uint64_t)n ? size : 0;
}

#endif
