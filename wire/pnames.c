/* pnames.c — value counts of GL pnames. The registry does not carry them; this table
 * names every pname whose answer is more than one value. Issue 3 checks it against the
 * host driver for every pname of gl.xml. */
#include "pnames.h"

#include <stddef.h>

struct count { uint32_t pname; int count; };

/* Values from the GL 4.6 compatibility spec tables. */
static const struct count counts[] = {
	{0x0B00 /* GL_CURRENT_COLOR */, 4},
	{0x0B01 /* GL_CURRENT_INDEX */, 1},
	{0x0B02 /* GL_CURRENT_NORMAL */, 3},
	{0x0B03 /* GL_CURRENT_TEXTURE_COORDS */, 4},
	{0x0B04 /* GL_CURRENT_RASTER_COLOR */, 4},
	{0x0B06 /* GL_CURRENT_RASTER_TEXTURE_COORDS */, 4},
	{0x0B07 /* GL_CURRENT_RASTER_POSITION */, 4},
	{0x0B12 /* GL_POINT_SIZE_RANGE */, 2},
	{0x0B22 /* GL_LINE_WIDTH_RANGE */, 2},
	{0x0B40 /* GL_POLYGON_MODE */, 2},
	{0x0B53 /* GL_LIGHT_MODEL_AMBIENT */, 4},
	{0x0B66 /* GL_FOG_COLOR */, 4},
	{0x0B70 /* GL_DEPTH_RANGE */, 2},
	{0x0B80 /* GL_ACCUM_CLEAR_VALUE */, 4},
	{0x0BA2 /* GL_VIEWPORT */, 4},
	{0x0BA6 /* GL_MODELVIEW_MATRIX */, 16},
	{0x0BA7 /* GL_PROJECTION_MATRIX */, 16},
	{0x0BA8 /* GL_TEXTURE_MATRIX */, 16},
	{0x0C10 /* GL_SCISSOR_BOX */, 4},
	{0x0C22 /* GL_COLOR_CLEAR_VALUE */, 4},
	{0x0C23 /* GL_COLOR_WRITEMASK */, 4},
	{0x0D3A /* GL_MAX_VIEWPORT_DIMS */, 2},
	{0x0DD0 /* GL_MAP1_GRID_DOMAIN */, 2},
	{0x0DD2 /* GL_MAP2_GRID_DOMAIN */, 4},
	{0x0DD3 /* GL_MAP2_GRID_SEGMENTS */, 2},
	{0x1004 /* GL_TEXTURE_BORDER_COLOR */, 4},
	{0x1200 /* GL_AMBIENT */, 4},
	{0x1201 /* GL_DIFFUSE */, 4},
	{0x1202 /* GL_SPECULAR */, 4},
	{0x1203 /* GL_POSITION */, 4},
	{0x1204 /* GL_SPOT_DIRECTION */, 3},
	{0x1600 /* GL_EMISSION */, 4},
	{0x1602 /* GL_AMBIENT_AND_DIFFUSE */, 4},
	{0x1603 /* GL_COLOR_INDEXES */, 3},
	{0x2201 /* GL_TEXTURE_ENV_COLOR */, 4},
	{0x2501 /* GL_OBJECT_PLANE */, 4},
	{0x2502 /* GL_EYE_PLANE */, 4},
	{0x8005 /* GL_BLEND_COLOR */, 4},
	{0x80B1 /* GL_COLOR_MATRIX */, 16},
	{0x8129 /* GL_POINT_DISTANCE_ATTENUATION */, 3},
	{0x8459 /* GL_CURRENT_SECONDARY_COLOR */, 4},
	{0x845F /* GL_CURRENT_RASTER_SECONDARY_COLOR */, 4},
	{0x846D /* GL_ALIASED_POINT_SIZE_RANGE */, 2},
	{0x846E /* GL_ALIASED_LINE_WIDTH_RANGE */, 2},
	{0x84E3 /* GL_TRANSPOSE_MODELVIEW_MATRIX */, 16},
	{0x84E4 /* GL_TRANSPOSE_PROJECTION_MATRIX */, 16},
	{0x84E5 /* GL_TRANSPOSE_TEXTURE_MATRIX */, 16},
	{0x84E6 /* GL_TRANSPOSE_COLOR_MATRIX */, 16},
	{0x8626 /* GL_CURRENT_VERTEX_ATTRIB */, 4},
	{0x8641 /* GL_CURRENT_MATRIX_ARB */, 16},
	{0x88B7 /* GL_TRANSPOSE_CURRENT_MATRIX_ARB */, 16},
	{0x8890 /* GL_DEPTH_BOUNDS_EXT */, 2},
	{0x8C3C /* GL_RGBA_SIGNED_COMPONENTS_EXT */, 4},
	{0x8E46 /* GL_TEXTURE_SWIZZLE_RGBA */, 4},
	{0x8E50 /* GL_SAMPLE_POSITION */, 2},
	{0x8E73 /* GL_PATCH_DEFAULT_INNER_LEVEL */, 2},
	{0x8E74 /* GL_PATCH_DEFAULT_OUTER_LEVEL */, 4},
	{0x825D /* GL_VIEWPORT_BOUNDS_RANGE */, 2},
	{0x8267 /* GL_COMPUTE_WORK_GROUP_SIZE */, 3},
	{0x92BE /* GL_PRIMITIVE_BOUNDING_BOX */, 8},
	{0x9381 /* GL_MULTISAMPLE_LINE_WIDTH_RANGE_ARB */, 2},
	/* The EXT_memory_object identifiers through glGet*v (Mesa answers them there): the
	 * 16 bytes of a UUID as 4 values, the 8 of a LUID as 2. glGetUnsignedBytevEXT counts
	 * them in bytes: wire_pname_bytes. */
	{0x9597 /* GL_DEVICE_UUID_EXT */, 4},
	{0x9598 /* GL_DRIVER_UUID_EXT */, 4},
	{0x9599 /* GL_DEVICE_LUID_EXT */, 2},
};

int wire_pname_count(uint32_t pname, uint32_t *count_query)
{
	*count_query = 0;
	switch (pname) {
	case 0x86A3: /* GL_COMPRESSED_TEXTURE_FORMATS */
		*count_query = 0x86A2; /* GL_NUM_COMPRESSED_TEXTURE_FORMATS */
		return 0;
	case 0x87FF: /* GL_PROGRAM_BINARY_FORMATS */
		*count_query = 0x87FE; /* GL_NUM_PROGRAM_BINARY_FORMATS */
		return 0;
	case 0x8DF8: /* GL_SHADER_BINARY_FORMATS */
		*count_query = 0x8DF9; /* GL_NUM_SHADER_BINARY_FORMATS */
		return 0;
	}
	/* The table is short: a linear scan keeps it free of ordering mistakes. */
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (counts[i].pname == pname)
			return counts[i].count;
	return 1;
}

int wire_indexed_count(uint32_t target)
{
	switch (target) {
	case 0x0BA2: /* GL_VIEWPORT */
	case 0x0C10: /* GL_SCISSOR_BOX */
	case 0x0C23: /* GL_COLOR_WRITEMASK */
		return 4;
	case 0x9597: /* GL_DEVICE_UUID_EXT */
	case 0x9598: /* GL_DRIVER_UUID_EXT */
		return 4;
	case 0x0B70: /* GL_DEPTH_RANGE */
		return 2;
	case 0x0BA8: /* GL_TEXTURE_MATRIX: of texture unit index (EXT_direct_state_access) */
	case 0x84E5: /* GL_TRANSPOSE_TEXTURE_MATRIX */
		return 16;
	}
	return 1;
}

int wire_pname_bytes(uint32_t pname, int values)
{
	switch (pname) {
	case 0x9597: /* GL_DEVICE_UUID_EXT */
	case 0x9598: /* GL_DRIVER_UUID_EXT */
		return 16; /* GL_UUID_SIZE_EXT */
	case 0x9599: /* GL_DEVICE_LUID_EXT */
		return 8; /* GL_LUID_SIZE_EXT */
	}
	/* Not a pname of glGetUnsignedBytevEXT, but Mesa answers every glGet*v pname there
	 * with its value's own bytes: at most 8 a value. */
	return 8 * values;
}

int wire_clearbuffer_count(uint32_t buffer)
{
	switch (buffer) {
	case 0x1800: /* GL_COLOR */
		return 4;
	case 0x84F9: /* GL_DEPTH_STENCIL */
		return 2;
	}
	return 1;
}

/* Components of an evaluator target (GL 4.6 compatibility, table 12.1). */
static int map_components(uint32_t target)
{
	switch (target & ~0x20u) { /* GL_MAP2_x is GL_MAP1_x + 0x20 */
	case 0x0D90: /* GL_MAP1_COLOR_4 */
	case 0x0D96: /* GL_MAP1_TEXTURE_COORD_4 */
	case 0x0D98: /* GL_MAP1_VERTEX_4 */
		return 4;
	case 0x0D91: /* GL_MAP1_INDEX */
	case 0x0D93: /* GL_MAP1_TEXTURE_COORD_1 */
		return 1;
	case 0x0D92: /* GL_MAP1_NORMAL */
	case 0x0D95: /* GL_MAP1_TEXTURE_COORD_3 */
	case 0x0D97: /* GL_MAP1_VERTEX_3 */
		return 3;
	case 0x0D94: /* GL_MAP1_TEXTURE_COORD_2 */
		return 2;
	}
	return 0;
}

size_t wire_map1_size(uint32_t target, int32_t stride, int32_t order)
{
	int k = map_components(target);
	if (!k || order < 1 || stride < k || order > 1024)
		return 0;
	return (size_t)(order - 1) * (size_t)stride + (size_t)k;
}

size_t wire_map2_size(uint32_t target, int32_t ustride, int32_t uorder, int32_t vstride,
		      int32_t vorder)
{
	int k = map_components(target);
	if (!k || uorder < 1 || vorder < 1 || ustride < k || vstride < k || uorder > 1024 ||
	    vorder > 1024)
		return 0;
	return (size_t)(uorder - 1) * (size_t)ustride + (size_t)(vorder - 1) * (size_t)vstride +
	       (size_t)k;
}
