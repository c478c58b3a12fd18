/* gls_desc.h — what glstream knows of each command to print it: the tables that
 * wire/gen_gl.py generates (gls-desc mode) from the registry and the annotations, so
 * that dump and the decoders cannot disagree on a command's layout. */
#ifndef FAKEGL_GLS_DESC_H
#define FAKEGL_GLS_DESC_H

#include <stddef.h>
#include <stdint.h>

#include "gl_ops.h"

/* How an argument lies in the fixed part and how it is shown. */
enum gls_arg_kind {
	GLS_A_ENUM,	   /* u32, a name from gls_enums */
	GLS_A_BITFIELD,	   /* u32, names of the bits joined by | */
	GLS_A_BOOL,	   /* u32, GL_TRUE / GL_FALSE */
	GLS_A_FLOAT,	   /* u32 */
	GLS_A_DOUBLE,	   /* u64 */
	GLS_A_I8, GLS_A_I16, GLS_A_I32, GLS_A_U8, GLS_A_U16, GLS_A_U32, /* u32 */
	GLS_A_I64, GLS_A_U64, /* u64 */
	GLS_A_NAME,	   /* u32, an object name the guest chose */
	GLS_A_CHAR,	   /* element of a string */
	GLS_A_PTR_IN,	   /* a count word; the data follows the fixed part */
	GLS_A_PTR_OUT_PBO, /* a count word: 0, or an offset into a pack buffer follows */
	GLS_A_MADE,	   /* u64 after the fixed part: the name the guest made */
	GLS_A_HEX,	   /* u32 shown in hex (X ids, context ids) */
};

#define GLS_D_SYNC 0x1u	  /* the guest waits for an answer */
#define GLS_D_CUSTOM 0x2u /* hand-written on one side: the layout may differ */

struct gls_arg {
	const char *name;
	uint8_t kind; /* enum gls_arg_kind */
	uint8_t elem; /* for pointers: the kind of each element */
	uint16_t group; /* enum group, 0 for none */
};

struct gls_desc {
	const char *name;
	uint8_t nargs, flags;
	const struct gls_arg *args;
};

struct gls_enum {
	uint32_t value;
	uint16_t group;
	const char *name;
};

/* By opcode; name NULL where there is no description (internal commands are
 * described in dump.c, commands with hand-written encodings are shown by size). */
extern const struct gls_desc gls_descs[WIRE_OP_COUNT];
/* Sorted by value, then group. */
extern const struct gls_enum gls_enums[];
extern const size_t gls_enum_count;

#endif
