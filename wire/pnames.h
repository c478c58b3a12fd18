/* pnames.h — how many values a glGet*, glGet*Parameter*, gl*Parameter*v pname
 * stands for, on both sides of the wire. */
#ifndef FAKEGL_WIRE_PNAMES_H
#define FAKEGL_WIRE_PNAMES_H

#include <stddef.h>
#include <stdint.h>

/* The number of values for pname: 1 for every pname not in the table (most are
 * single values). For the few whose count is itself a query (GL_COMPRESSED_TEXTURE_FORMATS
 * is GL_NUM_COMPRESSED_TEXTURE_FORMATS values) it returns 0 and sets *count_query to the
 * pname that gives the count. */
int wire_pname_count(uint32_t pname, uint32_t *count_query);
/* glGet*i_v(target, index): values for one index of target. */
int wire_indexed_count(uint32_t target);
/* glGetUnsignedBytevEXT(pname): the bytes of pname's answer, given the values
 * wire_pname_count (resolved) says it has: a UUID is 16 bytes, a LUID 8, although glGet*v
 * gives them as 4 and 2 values. */
int wire_pname_bytes(uint32_t pname, int values);
/* glClearBuffer*v(buffer, …): GL_COLOR 4, GL_DEPTH/GL_STENCIL 1, GL_DEPTH_STENCIL 2. */
int wire_clearbuffer_count(uint32_t buffer);

/* Floats (or doubles) an evaluator map reads for glMap1*: (order-1)*stride + k, and for
 * glMap2*: (uorder-1)*ustride + (vorder-1)*vstride + k, k the components of target;
 * 0 for arguments GL refuses (it reads nothing then). */
size_t wire_map1_size(uint32_t target, int32_t stride, int32_t order);
size_t wire_map2_size(uint32_t target, int32_t ustride, int32_t uorder, int32_t vstride,
		      int32_t vorder);

#endif
