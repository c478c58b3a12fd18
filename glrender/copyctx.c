/* copyctx.c — glXCopyContext on the host (fglCopyContext, wire/PROTOCOL.md). EGL has no
 * way to copy state between contexts, so the state of each attribute group the mask
 * selects (GLX 1.4 section 3.3.7: "the same symbolic names that are passed to the GL
 * command glPushAttrib") is read from the source with glGet*, made current without a
 * surface, and set in the destination the same way; the client's own context is put back
 * after. What is left out is listed in wire/PROTOCOL.md.
 *
 * Most state is a table: the groups an item belongs to, the GL version it needs, whether
 * it is fixed-function state (compatibility contexts only), the pnames read with
 * glGetDoublev (exact for every enum, mask and float), and the shape of its setter.
 * State that needs more than a pname (lights, materials, clip planes, texture units,
 * bindings) has a loop of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dec_gl.h"
#include "glr.h"

/* A call through glr_gl when the driver has the entry point. */
#define CALL(f, ...) (glr_gl.f ? glr_gl.f(__VA_ARGS__) : (void)0)

/* ---- the table ---- */

enum setter {
	S_CAP,		  /* glEnable/glDisable(pname), read with glIsEnabled */
	S_FOG,		  /* glFogfv(pname, v) */
	S_LIGHT_MODEL,	  /* glLightModelfv(pname, v) */
	S_POINT,	  /* glPointParameterfv(pname, v) */
	S_HINT,		  /* glHint(pname, v) */
	S_PIXEL_TRANSFER, /* glPixelTransferf(pname, v) */
	S_CALL,		  /* a call of its own, chosen by the first pname (set_call) */
};

#define FF 1 /* fixed-function state: only where both contexts have it */

struct item {
	GLbitfield bits;    /* the glPushAttrib groups it belongs to */
	unsigned char set;  /* enum setter */
	unsigned char n;    /* values: n of pname[0], or one of each pname when pname[1] is set */
	unsigned char version; /* the GL version it needs, 10 * major + minor */
	unsigned char flags;
	GLenum pname[4];
};

#define CUR GL_CURRENT_BIT
#define COL GL_COLOR_BUFFER_BIT
#define DEP GL_DEPTH_BUFFER_BIT
#define ENA GL_ENABLE_BIT
#define POL GL_POLYGON_BIT
#define TRA GL_TRANSFORM_BIT
#define MSA GL_MULTISAMPLE_BIT
#define CAP(bits, version, flags, cap) {(bits) | ENA, S_CAP, 1, version, flags, {cap}}

static const struct item items[] = {
	/* GL_CURRENT_BIT (set first, with colour tracking off: see write_current) */
	{CUR, S_CALL, 4, 10, FF, {GL_CURRENT_COLOR}},
	{CUR, S_CALL, 3, 14, FF, {GL_CURRENT_SECONDARY_COLOR}},
	{CUR, S_CALL, 3, 10, FF, {GL_CURRENT_NORMAL}},
	{CUR, S_CALL, 1, 14, FF, {GL_CURRENT_FOG_COORD}},
	{CUR, S_CALL, 1, 10, FF, {GL_CURRENT_INDEX}},
	{CUR, S_CALL, 1, 10, FF, {GL_EDGE_FLAG}},
	/* enables, each with the group it also belongs to */
	CAP(COL, 10, FF, GL_ALPHA_TEST),
	CAP(COL, 10, 0, GL_BLEND),
	CAP(COL, 10, 0, GL_DITHER),
	CAP(COL, 11, 0, GL_COLOR_LOGIC_OP),
	CAP(COL, 10, FF, GL_INDEX_LOGIC_OP),
	CAP(COL, 30, 0, GL_FRAMEBUFFER_SRGB),
	CAP(DEP, 10, 0, GL_DEPTH_TEST),
	CAP(GL_FOG_BIT, 10, FF, GL_FOG),
	CAP(GL_FOG_BIT, 14, FF, GL_COLOR_SUM),
	CAP(GL_LIGHTING_BIT, 10, FF, GL_LIGHTING),
	CAP(GL_LIGHTING_BIT, 10, FF, GL_COLOR_MATERIAL),
	CAP(GL_LIGHTING_BIT, 10, FF, GL_LIGHT0),
	CAP(GL_LIGHTING_BIT, 10, FF, GL_LIGHT1),
	CAP(GL_LIGHTING_BIT, 10, FF, GL_LIGHT2),
	CAP(GL_LIGHTING_BIT, 10, FF, GL_LIGHT3),
	CAP(GL_LIGHTING_BIT, 10, FF, GL_LIGHT4),
	CAP(GL_LIGHTING_BIT, 10, FF, GL_LIGHT5),
	CAP(GL_LIGHTING_BIT, 10, FF, GL_LIGHT6),
	CAP(GL_LIGHTING_BIT, 10, FF, GL_LIGHT7),
	CAP(GL_LINE_BIT, 10, 0, GL_LINE_SMOOTH),
	CAP(GL_LINE_BIT, 10, FF, GL_LINE_STIPPLE),
	CAP(GL_POINT_BIT, 10, FF, GL_POINT_SMOOTH),
	CAP(GL_POINT_BIT, 20, FF, GL_POINT_SPRITE),
	CAP(0, 20, 0, GL_PROGRAM_POINT_SIZE),
	CAP(POL, 10, 0, GL_CULL_FACE),
	CAP(POL, 10, 0, GL_POLYGON_SMOOTH),
	CAP(POL, 10, FF, GL_POLYGON_STIPPLE),
	CAP(POL, 11, 0, GL_POLYGON_OFFSET_POINT),
	CAP(POL, 11, 0, GL_POLYGON_OFFSET_LINE),
	CAP(POL, 11, 0, GL_POLYGON_OFFSET_FILL),
	CAP(GL_SCISSOR_BIT, 10, 0, GL_SCISSOR_TEST),
	CAP(GL_STENCIL_BUFFER_BIT, 10, 0, GL_STENCIL_TEST),
	CAP(TRA, 10, FF, GL_NORMALIZE),
	CAP(TRA, 12, FF, GL_RESCALE_NORMAL),
	CAP(TRA, 10, 0, GL_CLIP_PLANE0), /* GL_CLIP_DISTANCE0.. in core */
	CAP(TRA, 10, 0, GL_CLIP_PLANE1),
	CAP(TRA, 10, 0, GL_CLIP_PLANE2),
	CAP(TRA, 10, 0, GL_CLIP_PLANE3),
	CAP(TRA, 10, 0, GL_CLIP_PLANE4),
	CAP(TRA, 10, 0, GL_CLIP_PLANE5),
	CAP(TRA, 30, 0, GL_CLIP_DISTANCE6),
	CAP(TRA, 30, 0, GL_CLIP_DISTANCE7),
	CAP(TRA, 32, 0, GL_DEPTH_CLAMP),
	CAP(MSA, 13, 0, GL_MULTISAMPLE),
	CAP(MSA, 13, 0, GL_SAMPLE_ALPHA_TO_COVERAGE),
	CAP(MSA, 13, 0, GL_SAMPLE_ALPHA_TO_ONE),
	CAP(MSA, 13, 0, GL_SAMPLE_COVERAGE),
	CAP(MSA, 40, 0, GL_SAMPLE_SHADING),
	CAP(GL_EVAL_BIT, 10, FF, GL_AUTO_NORMAL),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP1_COLOR_4),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP1_INDEX),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP1_NORMAL),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP1_TEXTURE_COORD_1),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP1_TEXTURE_COORD_2),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP1_TEXTURE_COORD_3),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP1_TEXTURE_COORD_4),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP1_VERTEX_3),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP1_VERTEX_4),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP2_COLOR_4),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP2_INDEX),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP2_NORMAL),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP2_TEXTURE_COORD_1),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP2_TEXTURE_COORD_2),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP2_TEXTURE_COORD_3),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP2_TEXTURE_COORD_4),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP2_VERTEX_3),
	CAP(GL_EVAL_BIT, 10, FF, GL_MAP2_VERTEX_4),
	/* GL_COLOR_BUFFER_BIT */
	{COL, S_CALL, 4, 10, 0, {GL_COLOR_CLEAR_VALUE}},
	{COL, S_CALL, 4, 10, 0, {GL_COLOR_WRITEMASK}},
	{COL, S_CALL, 4, 14, 0,
	 {GL_BLEND_SRC_RGB, GL_BLEND_DST_RGB, GL_BLEND_SRC_ALPHA, GL_BLEND_DST_ALPHA}},
	{COL, S_CALL, 2, 20, 0, {GL_BLEND_EQUATION_RGB, GL_BLEND_EQUATION_ALPHA}},
	{COL, S_CALL, 4, 14, 0, {GL_BLEND_COLOR}},
	{COL, S_CALL, 2, 10, FF, {GL_ALPHA_TEST_FUNC, GL_ALPHA_TEST_REF}},
	{COL, S_CALL, 1, 11, 0, {GL_LOGIC_OP_MODE}},
	{COL, S_CALL, 1, 10, FF, {GL_INDEX_CLEAR_VALUE}},
	{COL, S_CALL, 1, 10, FF, {GL_INDEX_WRITEMASK}},
	/* GL_DEPTH_BUFFER_BIT */
	{DEP, S_CALL, 1, 10, 0, {GL_DEPTH_FUNC}},
	{DEP, S_CALL, 1, 10, 0, {GL_DEPTH_CLEAR_VALUE}},
	{DEP, S_CALL, 1, 10, 0, {GL_DEPTH_WRITEMASK}},
	/* GL_ACCUM_BUFFER_BIT */
	{GL_ACCUM_BUFFER_BIT, S_CALL, 4, 10, FF, {GL_ACCUM_CLEAR_VALUE}},
	/* GL_FOG_BIT */
	{GL_FOG_BIT, S_FOG, 1, 10, FF, {GL_FOG_MODE}},
	{GL_FOG_BIT, S_FOG, 1, 10, FF, {GL_FOG_DENSITY}},
	{GL_FOG_BIT, S_FOG, 1, 10, FF, {GL_FOG_START}},
	{GL_FOG_BIT, S_FOG, 1, 10, FF, {GL_FOG_END}},
	{GL_FOG_BIT, S_FOG, 1, 10, FF, {GL_FOG_INDEX}},
	{GL_FOG_BIT, S_FOG, 4, 10, FF, {GL_FOG_COLOR}},
	{GL_FOG_BIT, S_FOG, 1, 14, FF, {GL_FOG_COORD_SRC}},
	/* GL_HINT_BIT */
	{GL_HINT_BIT, S_HINT, 1, 10, FF, {GL_PERSPECTIVE_CORRECTION_HINT}},
	{GL_HINT_BIT, S_HINT, 1, 10, FF, {GL_POINT_SMOOTH_HINT}},
	{GL_HINT_BIT, S_HINT, 1, 10, 0, {GL_LINE_SMOOTH_HINT}},
	{GL_HINT_BIT, S_HINT, 1, 10, 0, {GL_POLYGON_SMOOTH_HINT}},
	{GL_HINT_BIT, S_HINT, 1, 10, FF, {GL_FOG_HINT}},
	{GL_HINT_BIT, S_HINT, 1, 14, FF, {GL_GENERATE_MIPMAP_HINT}},
	{GL_HINT_BIT, S_HINT, 1, 13, 0, {GL_TEXTURE_COMPRESSION_HINT}},
	{GL_HINT_BIT, S_HINT, 1, 20, 0, {GL_FRAGMENT_SHADER_DERIVATIVE_HINT}},
	/* GL_LIGHTING_BIT (lights and materials: write_lighting) */
	{GL_LIGHTING_BIT, S_CALL, 1, 10, FF, {GL_SHADE_MODEL}},
	{GL_LIGHTING_BIT, S_CALL, 2, 10, FF, {GL_COLOR_MATERIAL_FACE, GL_COLOR_MATERIAL_PARAMETER}},
	{GL_LIGHTING_BIT, S_LIGHT_MODEL, 4, 10, FF, {GL_LIGHT_MODEL_AMBIENT}},
	{GL_LIGHTING_BIT, S_LIGHT_MODEL, 1, 10, FF, {GL_LIGHT_MODEL_LOCAL_VIEWER}},
	{GL_LIGHTING_BIT, S_LIGHT_MODEL, 1, 10, FF, {GL_LIGHT_MODEL_TWO_SIDE}},
	{GL_LIGHTING_BIT, S_LIGHT_MODEL, 1, 12, FF, {GL_LIGHT_MODEL_COLOR_CONTROL}},
	/* GL_LINE_BIT */
	{GL_LINE_BIT, S_CALL, 1, 10, 0, {GL_LINE_WIDTH}},
	{GL_LINE_BIT, S_CALL, 2, 10, FF, {GL_LINE_STIPPLE_REPEAT, GL_LINE_STIPPLE_PATTERN}},
	/* GL_LIST_BIT */
	{GL_LIST_BIT, S_CALL, 1, 10, FF, {GL_LIST_BASE}},
	/* GL_PIXEL_MODE_BIT */
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_MAP_COLOR}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_MAP_STENCIL}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_INDEX_SHIFT}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_INDEX_OFFSET}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_RED_SCALE}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_RED_BIAS}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_GREEN_SCALE}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_GREEN_BIAS}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_BLUE_SCALE}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_BLUE_BIAS}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_ALPHA_SCALE}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_ALPHA_BIAS}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_DEPTH_SCALE}},
	{GL_PIXEL_MODE_BIT, S_PIXEL_TRANSFER, 1, 10, FF, {GL_DEPTH_BIAS}},
	{GL_PIXEL_MODE_BIT, S_CALL, 2, 10, FF, {GL_ZOOM_X, GL_ZOOM_Y}},
	/* GL_POINT_BIT */
	{GL_POINT_BIT, S_CALL, 1, 10, 0, {GL_POINT_SIZE}},
	{GL_POINT_BIT, S_POINT, 1, 14, FF, {GL_POINT_SIZE_MIN}},
	{GL_POINT_BIT, S_POINT, 1, 14, FF, {GL_POINT_SIZE_MAX}},
	{GL_POINT_BIT, S_POINT, 3, 14, FF, {GL_POINT_DISTANCE_ATTENUATION}},
	{GL_POINT_BIT, S_POINT, 1, 14, 0, {GL_POINT_FADE_THRESHOLD_SIZE}},
	{GL_POINT_BIT, S_POINT, 1, 20, 0, {GL_POINT_SPRITE_COORD_ORIGIN}},
	/* GL_POLYGON_BIT */
	{POL, S_CALL, 1, 10, 0, {GL_CULL_FACE_MODE}},
	{POL, S_CALL, 1, 10, 0, {GL_FRONT_FACE}},
	{POL, S_CALL, 2, 10, 0, {GL_POLYGON_MODE}},
	{POL, S_CALL, 2, 11, 0, {GL_POLYGON_OFFSET_FACTOR, GL_POLYGON_OFFSET_UNITS}},
	/* GL_SCISSOR_BIT */
	{GL_SCISSOR_BIT, S_CALL, 4, 10, 0, {GL_SCISSOR_BOX}},
	/* GL_STENCIL_BUFFER_BIT */
	{GL_STENCIL_BUFFER_BIT, S_CALL, 3, 20, 0,
	 {GL_STENCIL_FUNC, GL_STENCIL_REF, GL_STENCIL_VALUE_MASK}},
	{GL_STENCIL_BUFFER_BIT, S_CALL, 3, 20, 0,
	 {GL_STENCIL_BACK_FUNC, GL_STENCIL_BACK_REF, GL_STENCIL_BACK_VALUE_MASK}},
	{GL_STENCIL_BUFFER_BIT, S_CALL, 3, 20, 0,
	 {GL_STENCIL_FAIL, GL_STENCIL_PASS_DEPTH_FAIL, GL_STENCIL_PASS_DEPTH_PASS}},
	{GL_STENCIL_BUFFER_BIT, S_CALL, 3, 20, 0,
	 {GL_STENCIL_BACK_FAIL, GL_STENCIL_BACK_PASS_DEPTH_FAIL, GL_STENCIL_BACK_PASS_DEPTH_PASS}},
	{GL_STENCIL_BUFFER_BIT, S_CALL, 1, 10, 0, {GL_STENCIL_CLEAR_VALUE}},
	{GL_STENCIL_BUFFER_BIT, S_CALL, 1, 20, 0, {GL_STENCIL_WRITEMASK}},
	{GL_STENCIL_BUFFER_BIT, S_CALL, 1, 20, 0, {GL_STENCIL_BACK_WRITEMASK}},
	/* GL_TRANSFORM_BIT (clip plane equations: write_eye_space) */
	{TRA, S_CALL, 1, 10, FF, {GL_MATRIX_MODE}},
	{TRA, S_CALL, 2, 45, 0, {GL_CLIP_ORIGIN, GL_CLIP_DEPTH_MODE}},
	/* GL_VIEWPORT_BIT */
	{GL_VIEWPORT_BIT, S_CALL, 4, 10, 0, {GL_VIEWPORT}},
	{GL_VIEWPORT_BIT, S_CALL, 2, 10, 0, {GL_DEPTH_RANGE}},
	/* GL_MULTISAMPLE_BIT */
	{MSA, S_CALL, 2, 13, 0, {GL_SAMPLE_COVERAGE_VALUE, GL_SAMPLE_COVERAGE_INVERT}},
	{MSA, S_CALL, 1, 40, 0, {GL_MIN_SAMPLE_SHADING_VALUE}},
};
#define NITEMS (sizeof items / sizeof items[0])

/* Lights and materials: glGetLightfv/glGetMaterialfv pnames and their value counts. */
static const struct {
	GLenum pname;
	int n;
} light_params[] = {{GL_AMBIENT, 4},
		    {GL_DIFFUSE, 4},
		    {GL_SPECULAR, 4},
		    {GL_POSITION, 4},
		    {GL_SPOT_DIRECTION, 3},
		    {GL_SPOT_EXPONENT, 1},
		    {GL_SPOT_CUTOFF, 1},
		    {GL_CONSTANT_ATTENUATION, 1},
		    {GL_LINEAR_ATTENUATION, 1},
		    {GL_QUADRATIC_ATTENUATION, 1}},
  material_params[] = {{GL_AMBIENT, 4}, {GL_DIFFUSE, 4}, {GL_SPECULAR, 4}, {GL_EMISSION, 4},
		       {GL_SHININESS, 1}};
#define NLIGHT (sizeof light_params / sizeof light_params[0])
#define NMATERIAL (sizeof material_params / sizeof material_params[0])

/* A fixed-function texture unit: its enables, environment and coordinate generation. */
static const struct {
	GLenum cap;
	unsigned char version;
} unit_caps[] = {{GL_TEXTURE_1D, 10},	     {GL_TEXTURE_2D, 10},	{GL_TEXTURE_3D, 12},
		 {GL_TEXTURE_CUBE_MAP, 13},  {GL_TEXTURE_RECTANGLE, 31}, {GL_TEXTURE_GEN_S, 10},
		 {GL_TEXTURE_GEN_T, 10},     {GL_TEXTURE_GEN_R, 10},	{GL_TEXTURE_GEN_Q, 10}};
static const GLenum env_params[] = {
	GL_TEXTURE_ENV_MODE, GL_COMBINE_RGB,	 GL_COMBINE_ALPHA,    GL_SRC0_RGB,
	GL_SRC1_RGB,	     GL_SRC2_RGB,	 GL_SRC0_ALPHA,	      GL_SRC1_ALPHA,
	GL_SRC2_ALPHA,	     GL_OPERAND0_RGB,	 GL_OPERAND1_RGB,     GL_OPERAND2_RGB,
	GL_OPERAND0_ALPHA,   GL_OPERAND1_ALPHA,	 GL_OPERAND2_ALPHA,   GL_RGB_SCALE,
	GL_ALPHA_SCALE,	     GL_TEXTURE_ENV_COLOR};
static const GLenum gen_coords[] = {GL_S, GL_T, GL_R, GL_Q};
static const GLenum gen_params[] = {GL_TEXTURE_GEN_MODE, GL_OBJECT_PLANE, GL_EYE_PLANE};
/* Texture bindings of a unit. */
static const struct {
	GLenum target, binding;
	unsigned char version;
} targets[] = {
	{GL_TEXTURE_1D, GL_TEXTURE_BINDING_1D, 11},
	{GL_TEXTURE_2D, GL_TEXTURE_BINDING_2D, 11},
	{GL_TEXTURE_3D, GL_TEXTURE_BINDING_3D, 12},
	{GL_TEXTURE_CUBE_MAP, GL_TEXTURE_BINDING_CUBE_MAP, 13},
	{GL_TEXTURE_RECTANGLE, GL_TEXTURE_BINDING_RECTANGLE, 31},
	{GL_TEXTURE_1D_ARRAY, GL_TEXTURE_BINDING_1D_ARRAY, 30},
	{GL_TEXTURE_2D_ARRAY, GL_TEXTURE_BINDING_2D_ARRAY, 30},
	{GL_TEXTURE_BUFFER, GL_TEXTURE_BINDING_BUFFER, 31},
	{GL_TEXTURE_2D_MULTISAMPLE, GL_TEXTURE_BINDING_2D_MULTISAMPLE, 32},
	{GL_TEXTURE_2D_MULTISAMPLE_ARRAY, GL_TEXTURE_BINDING_2D_MULTISAMPLE_ARRAY, 32},
	{GL_TEXTURE_CUBE_MAP_ARRAY, GL_TEXTURE_BINDING_CUBE_MAP_ARRAY, 40},
};
#define NUNIT_CAPS (sizeof unit_caps / sizeof unit_caps[0])
#define NENV (sizeof env_params / sizeof env_params[0])
#define NTARGETS (sizeof targets / sizeof targets[0])

#define MAX_LIGHTS 8
#define MAX_PLANES 8
#define MAX_UNITS 8  /* fixed-function texture units and coordinate sets */
#define MAX_BIND_UNITS 16
#define MAX_ATTRIBS 16

/* What a context can take: its GL version and whether it has fixed-function state. */
struct caps {
	int version;
	bool ff;
};

/* What was read from the source. */
struct snapshot {
	struct caps caps;
	double item[NITEMS][4];
	double coord[MAX_UNITS][4]; /* current texture coordinates */
	double attrib[MAX_ATTRIBS][4];
	int coords, attrib0, attribs;
	float light[MAX_LIGHTS][NLIGHT][4];
	float material[2][NMATERIAL][4];
	double plane[MAX_PLANES][4];
	int planes;
	GLubyte stipple[128];
	bool has_stipple;
	struct {
		double cap[NUNIT_CAPS];
		float env[NENV][4], lod_bias;
		double gen[4][3][4];
	} unit[MAX_UNITS];
	int units;
	GLint binding[MAX_BIND_UNITS][NTARGETS], sampler[MAX_BIND_UNITS];
	int bind_units;
	GLint active_texture;
};

/* ---- helpers ---- */

static int64_t whole(double v)
{
	return v >= -9.0e18 && v <= 9.0e18 ? (int64_t)v : 0; /* NaN: 0 */
}
#define E(v) ((GLenum)whole(v))
#define I(v) ((GLint)whole(v))
#define U(v) ((GLuint)whole(v))
#define F(v) ((GLfloat)(v))
#define B(v) ((v) != 0 ? GL_TRUE : GL_FALSE)

static GLint get_int(GLenum pname, GLint fallback)
{
	GLint v = fallback;
	glr_gl.GetIntegerv(pname, &v);
	return v;
}

static int clamp_count(GLint n, int most)
{
	return n < 0 ? 0 : n > most ? most : n;
}

/* The current context's version and profile. */
static struct caps context_caps(void)
{
	struct caps k = {0, false};
	const char *s = (const char *)glr_gl.GetString(GL_VERSION);
	int major = 0, minor = 0;
	if (!s || sscanf(s, "%d.%d", &major, &minor) != 2 || major < 1)
		return k;
	k.version = major > 9 ? 99 : major * 10 + (minor > 9 ? 9 : minor);
	GLint flags = k.version >= 30 ? get_int(GL_CONTEXT_FLAGS, 0) : 0;
	GLint profile = k.version >= 32 ? get_int(GL_CONTEXT_PROFILE_MASK, 0) : 0;
	/* OpenGL 3.0 deprecated the fixed-function pipeline, 3.1 removed it (Mesa's 3.1
	 * contexts have no GL_ARB_compatibility), 3.2 brought it back as a profile. */
	if (flags & GL_CONTEXT_FLAG_FORWARD_COMPATIBLE_BIT)
		k.ff = false;
	else if (k.version <= 30)
		k.ff = true;
	else
		k.ff = k.version >= 32 && (profile & GL_CONTEXT_COMPATIBILITY_PROFILE_BIT);
	return k;
}

static bool item_usable(const struct item *it, const struct caps *k)
{
	return k->version >= it->version && (k->ff || !(it->flags & FF));
}

/* Pixel store defaults around glGetPolygonStipple/glPolygonStipple, the app's put back
 * after. */
static const GLenum pack_params[] = {GL_PACK_SWAP_BYTES, GL_PACK_LSB_FIRST, GL_PACK_ROW_LENGTH,
				     GL_PACK_SKIP_ROWS, GL_PACK_SKIP_PIXELS, GL_PACK_ALIGNMENT};
static const GLenum unpack_params[] = {GL_UNPACK_SWAP_BYTES, GL_UNPACK_LSB_FIRST,
				       GL_UNPACK_ROW_LENGTH, GL_UNPACK_SKIP_ROWS,
				       GL_UNPACK_SKIP_PIXELS, GL_UNPACK_ALIGNMENT};
#define NSTORE (sizeof pack_params / sizeof pack_params[0])

struct store {
	GLint v[NSTORE], buffer;
};

static void store_defaults(bool pack, struct store *s)
{
	const GLenum *p = pack ? pack_params : unpack_params;
	GLenum binding = pack ? GL_PIXEL_PACK_BUFFER : GL_PIXEL_UNPACK_BUFFER;
	for (size_t i = 0; i < NSTORE; i++) {
		s->v[i] = get_int(p[i], i == NSTORE - 1 ? 4 : 0);
		glr_gl.PixelStorei(p[i], i == NSTORE - 1 ? 4 : 0);
	}
	s->buffer = get_int(pack ? GL_PIXEL_PACK_BUFFER_BINDING : GL_PIXEL_UNPACK_BUFFER_BINDING, 0);
	if (s->buffer)
		CALL(BindBuffer, binding, 0);
}

static void store_restore(bool pack, const struct store *s)
{
	const GLenum *p = pack ? pack_params : unpack_params;
	for (size_t i = 0; i < NSTORE; i++)
		glr_gl.PixelStorei(p[i], s->v[i]);
	if (s->buffer)
		CALL(BindBuffer, pack ? GL_PIXEL_PACK_BUFFER : GL_PIXEL_UNPACK_BUFFER,
		     (GLuint)s->buffer);
}

/* ---- reading the source ---- */

static void read_items(struct snapshot *s, GLbitfield mask)
{
	for (size_t i = 0; i < NITEMS; i++) {
		const struct item *it = &items[i];
		if (!(it->bits & mask) || !item_usable(it, &s->caps))
			continue;
		double v[16] = {0};
		if (it->set == S_CAP) {
			s->item[i][0] = glr_gl.IsEnabled(it->pname[0]);
		} else if (!it->pname[1]) {
			glr_gl.GetDoublev(it->pname[0], v);
			memcpy(s->item[i], v, it->n * sizeof v[0]);
		} else {
			for (int k = 0; k < it->n; k++) {
				glr_gl.GetDoublev(it->pname[k], v);
				s->item[i][k] = v[0];
			}
		}
	}
}

static void read_current(struct snapshot *s)
{
	if (s->caps.version >= 20) {
		/* generic attributes; 0 is the vertex position in compatibility contexts */
		s->attrib0 = s->caps.ff ? 1 : 0;
		s->attribs = clamp_count(get_int(GL_MAX_VERTEX_ATTRIBS, 0), MAX_ATTRIBS);
		for (int i = s->attrib0; i < s->attribs; i++)
			CALL(GetVertexAttribdv, (GLuint)i, GL_CURRENT_VERTEX_ATTRIB, s->attrib[i]);
	}
	if (s->caps.ff && s->caps.version >= 13) {
		s->coords = clamp_count(get_int(GL_MAX_TEXTURE_COORDS, 1), MAX_UNITS);
		for (int u = 0; u < s->coords; u++) {
			CALL(ActiveTexture, GL_TEXTURE0 + (GLenum)u);
			glr_gl.GetDoublev(GL_CURRENT_TEXTURE_COORDS, s->coord[u]);
		}
	}
}

static void read_lighting(struct snapshot *s)
{
	for (int l = 0; l < MAX_LIGHTS; l++)
		for (size_t p = 0; p < NLIGHT; p++)
			CALL(GetLightfv, GL_LIGHT0 + (GLenum)l, light_params[p].pname, s->light[l][p]);
	for (int f = 0; f < 2; f++)
		for (size_t p = 0; p < NMATERIAL; p++)
			CALL(GetMaterialfv, f ? GL_BACK : GL_FRONT, material_params[p].pname,
			     s->material[f][p]);
}

static void read_units(struct snapshot *s, GLbitfield mask)
{
	if (s->caps.ff && (mask & (GL_TEXTURE_BIT | GL_ENABLE_BIT))) {
		s->units = clamp_count(get_int(GL_MAX_TEXTURE_UNITS, 1), MAX_UNITS);
		for (int u = 0; u < s->units; u++) {
			CALL(ActiveTexture, GL_TEXTURE0 + (GLenum)u);
			for (size_t k = 0; k < NUNIT_CAPS; k++)
				if (s->caps.version >= unit_caps[k].version)
					s->unit[u].cap[k] = glr_gl.IsEnabled(unit_caps[k].cap);
			for (size_t k = 0; k < NENV; k++)
				CALL(GetTexEnvfv, GL_TEXTURE_ENV, env_params[k], s->unit[u].env[k]);
			if (s->caps.version >= 14)
				CALL(GetTexEnvfv, GL_TEXTURE_FILTER_CONTROL, GL_TEXTURE_LOD_BIAS,
				     &s->unit[u].lod_bias);
			for (int c = 0; c < 4; c++)
				for (int p = 0; p < 3; p++)
					CALL(GetTexGendv, gen_coords[c], gen_params[p],
					     s->unit[u].gen[c][p]);
		}
	}
	if (mask & GL_TEXTURE_BIT) {
		GLint n = s->caps.version >= 20 ? get_int(GL_MAX_COMBINED_TEXTURE_IMAGE_UNITS, 1)
						: get_int(GL_MAX_TEXTURE_UNITS, 1);
		s->bind_units = clamp_count(n, MAX_BIND_UNITS);
		for (int u = 0; u < s->bind_units; u++) {
			CALL(ActiveTexture, GL_TEXTURE0 + (GLenum)u);
			for (size_t k = 0; k < NTARGETS; k++)
				if (s->caps.version >= targets[k].version)
					s->binding[u][k] = get_int(targets[k].binding, 0);
			if (s->caps.version >= 33)
				s->sampler[u] = get_int(GL_SAMPLER_BINDING, 0);
		}
	}
}

static void read_source(struct snapshot *s, GLbitfield mask)
{
	s->caps = context_caps();
	bool multi = s->caps.version >= 13;
	s->active_texture = multi ? get_int(GL_ACTIVE_TEXTURE, GL_TEXTURE0) : GL_TEXTURE0;
	read_items(s, mask);
	if (mask & GL_CURRENT_BIT)
		read_current(s);
	if (s->caps.ff && (mask & GL_LIGHTING_BIT))
		read_lighting(s);
	if (s->caps.ff && (mask & GL_TRANSFORM_BIT)) {
		s->planes = clamp_count(get_int(GL_MAX_CLIP_PLANES, 6), MAX_PLANES);
		for (int p = 0; p < s->planes; p++)
			CALL(GetClipPlane, GL_CLIP_PLANE0 + (GLenum)p, s->plane[p]);
	}
	if (multi)
		read_units(s, mask);
	if (s->caps.ff && (mask & GL_POLYGON_STIPPLE_BIT) && glr_gl.GetPolygonStipple) {
		struct store st;
		store_defaults(true, &st);
		glr_gl.GetPolygonStipple(s->stipple);
		store_restore(true, &st);
		s->has_stipple = true;
	}
	if (multi)
		CALL(ActiveTexture, (GLenum)s->active_texture);
}

/* ---- writing the destination ---- */

static void set_call(GLenum pname, const double *v, bool ff)
{
	switch (pname) {
	case GL_CURRENT_COLOR:
		CALL(Color4dv, v);
		break;
	case GL_CURRENT_SECONDARY_COLOR:
		CALL(SecondaryColor3dv, v);
		break;
	case GL_CURRENT_NORMAL:
		CALL(Normal3dv, v);
		break;
	case GL_CURRENT_FOG_COORD:
		CALL(FogCoordd, v[0]);
		break;
	case GL_CURRENT_INDEX:
		CALL(Indexd, v[0]);
		break;
	case GL_EDGE_FLAG:
		CALL(EdgeFlag, B(v[0]));
		break;
	case GL_COLOR_CLEAR_VALUE:
		CALL(ClearColor, F(v[0]), F(v[1]), F(v[2]), F(v[3]));
		break;
	case GL_COLOR_WRITEMASK:
		CALL(ColorMask, B(v[0]), B(v[1]), B(v[2]), B(v[3]));
		break;
	case GL_BLEND_SRC_RGB:
		CALL(BlendFuncSeparate, E(v[0]), E(v[1]), E(v[2]), E(v[3]));
		break;
	case GL_BLEND_EQUATION_RGB:
		CALL(BlendEquationSeparate, E(v[0]), E(v[1]));
		break;
	case GL_BLEND_COLOR:
		CALL(BlendColor, F(v[0]), F(v[1]), F(v[2]), F(v[3]));
		break;
	case GL_ALPHA_TEST_FUNC:
		CALL(AlphaFunc, E(v[0]), F(v[1]));
		break;
	case GL_LOGIC_OP_MODE:
		CALL(LogicOp, E(v[0]));
		break;
	case GL_INDEX_CLEAR_VALUE:
		CALL(ClearIndex, F(v[0]));
		break;
	case GL_INDEX_WRITEMASK:
		CALL(IndexMask, U(v[0]));
		break;
	case GL_DEPTH_FUNC:
		CALL(DepthFunc, E(v[0]));
		break;
	case GL_DEPTH_CLEAR_VALUE:
		CALL(ClearDepth, v[0]);
		break;
	case GL_DEPTH_WRITEMASK:
		CALL(DepthMask, B(v[0]));
		break;
	case GL_ACCUM_CLEAR_VALUE:
		CALL(ClearAccum, F(v[0]), F(v[1]), F(v[2]), F(v[3]));
		break;
	case GL_SHADE_MODEL:
		CALL(ShadeModel, E(v[0]));
		break;
	case GL_COLOR_MATERIAL_FACE:
		CALL(ColorMaterial, E(v[0]), E(v[1]));
		break;
	case GL_LINE_WIDTH:
		CALL(LineWidth, F(v[0]));
		break;
	case GL_LINE_STIPPLE_REPEAT:
		CALL(LineStipple, I(v[0]), (GLushort)U(v[1]));
		break;
	case GL_LIST_BASE:
		CALL(ListBase, U(v[0]));
		break;
	case GL_ZOOM_X:
		CALL(PixelZoom, F(v[0]), F(v[1]));
		break;
	case GL_POINT_SIZE:
		CALL(PointSize, F(v[0]));
		break;
	case GL_CULL_FACE_MODE:
		CALL(CullFace, E(v[0]));
		break;
	case GL_FRONT_FACE:
		CALL(FrontFace, E(v[0]));
		break;
	case GL_POLYGON_MODE:
		/* a core profile knows only GL_FRONT_AND_BACK */
		if (ff) {
			CALL(PolygonMode, GL_FRONT, E(v[0]));
			CALL(PolygonMode, GL_BACK, E(v[1]));
		} else {
			CALL(PolygonMode, GL_FRONT_AND_BACK, E(v[0]));
		}
		break;
	case GL_POLYGON_OFFSET_FACTOR:
		CALL(PolygonOffset, F(v[0]), F(v[1]));
		break;
	case GL_SCISSOR_BOX:
		CALL(Scissor, I(v[0]), I(v[1]), I(v[2]), I(v[3]));
		break;
	case GL_STENCIL_FUNC:
	case GL_STENCIL_BACK_FUNC:
		CALL(StencilFuncSeparate, pname == GL_STENCIL_FUNC ? GL_FRONT : GL_BACK, E(v[0]),
		     I(v[1]), U(v[2]));
		break;
	case GL_STENCIL_FAIL:
	case GL_STENCIL_BACK_FAIL:
		CALL(StencilOpSeparate, pname == GL_STENCIL_FAIL ? GL_FRONT : GL_BACK, E(v[0]),
		     E(v[1]), E(v[2]));
		break;
	case GL_STENCIL_CLEAR_VALUE:
		CALL(ClearStencil, I(v[0]));
		break;
	case GL_STENCIL_WRITEMASK:
	case GL_STENCIL_BACK_WRITEMASK:
		CALL(StencilMaskSeparate, pname == GL_STENCIL_WRITEMASK ? GL_FRONT : GL_BACK,
		     U(v[0]));
		break;
	case GL_MATRIX_MODE:
		CALL(MatrixMode, E(v[0]));
		break;
	case GL_CLIP_ORIGIN:
		CALL(ClipControl, E(v[0]), E(v[1]));
		break;
	case GL_VIEWPORT:
		CALL(Viewport, I(v[0]), I(v[1]), (GLsizei)I(v[2]), (GLsizei)I(v[3]));
		break;
	case GL_DEPTH_RANGE:
		CALL(DepthRange, v[0], v[1]);
		break;
	case GL_SAMPLE_COVERAGE_VALUE:
		CALL(SampleCoverage, F(v[0]), B(v[1]));
		break;
	case GL_MIN_SAMPLE_SHADING_VALUE:
		CALL(MinSampleShading, F(v[0]));
		break;
	}
}

static void write_item(const struct item *it, const double *v, bool ff)
{
	float f[4] = {F(v[0]), F(v[1]), F(v[2]), F(v[3])};
	switch (it->set) {
	case S_CAP:
		if (v[0] != 0)
			glr_gl.Enable(it->pname[0]);
		else
			glr_gl.Disable(it->pname[0]);
		break;
	case S_FOG:
		CALL(Fogfv, it->pname[0], f);
		break;
	case S_LIGHT_MODEL:
		CALL(LightModelfv, it->pname[0], f);
		break;
	case S_POINT:
		CALL(PointParameterfv, it->pname[0], f);
		break;
	case S_HINT:
		CALL(Hint, it->pname[0], E(v[0]));
		break;
	case S_PIXEL_TRANSFER:
		CALL(PixelTransferf, it->pname[0], f[0]);
		break;
	case S_CALL:
		set_call(it->pname[0], v, ff);
		break;
	}
}

/* State kept in eye coordinates (light positions and spot directions, clip planes,
 * eye-linear texture generation planes) is set under an identity modelview matrix so
 * that it arrives unchanged; the destination's matrix and matrix mode are put back. */
static void write_eye_space(const struct snapshot *s, GLbitfield mask, const struct caps *k)
{
	GLint mode = get_int(GL_MATRIX_MODE, GL_MODELVIEW);
	double modelview[16];
	CALL(MatrixMode, GL_MODELVIEW);
	glr_gl.GetDoublev(GL_MODELVIEW_MATRIX, modelview);
	if (glr_gl.LoadIdentity)
		glr_gl.LoadIdentity();
	if (mask & GL_LIGHTING_BIT)
		for (int l = 0; l < MAX_LIGHTS; l++)
			for (size_t p = 0; p < NLIGHT; p++)
				CALL(Lightfv, GL_LIGHT0 + (GLenum)l, light_params[p].pname,
				     s->light[l][p]);
	if (mask & GL_TRANSFORM_BIT) {
		int planes = clamp_count(get_int(GL_MAX_CLIP_PLANES, 6), s->planes);
		for (int p = 0; p < planes; p++)
			CALL(ClipPlane, GL_CLIP_PLANE0 + (GLenum)p, s->plane[p]);
	}
	int units = k->version >= 13 ? clamp_count(get_int(GL_MAX_TEXTURE_UNITS, 1), s->units) : 0;
	for (int u = 0; u < units; u++) {
		CALL(ActiveTexture, GL_TEXTURE0 + (GLenum)u);
		for (size_t c = 0; c < NUNIT_CAPS; c++) {
			if (k->version < unit_caps[c].version)
				continue;
			if (s->unit[u].cap[c] != 0)
				glr_gl.Enable(unit_caps[c].cap);
			else
				glr_gl.Disable(unit_caps[c].cap);
		}
		if (!(mask & GL_TEXTURE_BIT))
			continue;
		for (size_t e = 0; e < NENV; e++)
			CALL(TexEnvfv, GL_TEXTURE_ENV, env_params[e], s->unit[u].env[e]);
		if (k->version >= 14)
			CALL(TexEnvf, GL_TEXTURE_FILTER_CONTROL, GL_TEXTURE_LOD_BIAS,
			     s->unit[u].lod_bias);
		for (int c = 0; c < 4; c++)
			for (int p = 0; p < 3; p++)
				CALL(TexGendv, gen_coords[c], gen_params[p], s->unit[u].gen[c][p]);
	}
	CALL(LoadMatrixd, modelview);
	CALL(MatrixMode, (GLenum)mode);
}

/* Current values, with colour tracking (GL_COLOR_MATERIAL) off meanwhile: the copy sets
 * the current colour, not the destination's materials. */
static void write_current(const struct snapshot *s, const struct caps *k)
{
	bool tracking = k->ff && glr_gl.IsEnabled(GL_COLOR_MATERIAL);
	if (tracking)
		glr_gl.Disable(GL_COLOR_MATERIAL);
	for (size_t i = 0; i < NITEMS; i++)
		if (items[i].bits == GL_CURRENT_BIT && item_usable(&items[i], k))
			write_item(&items[i], s->item[i], k->ff);
	if (k->ff && k->version >= 13) {
		int n = clamp_count(get_int(GL_MAX_TEXTURE_COORDS, 1), s->coords);
		for (int u = 0; u < n; u++)
			CALL(MultiTexCoord4dv, GL_TEXTURE0 + (GLenum)u, s->coord[u]);
	}
	if (k->version >= 20) {
		int n = clamp_count(get_int(GL_MAX_VERTEX_ATTRIBS, 0), s->attribs);
		int first = k->ff ? 1 : 0; /* attribute 0 is the position in compatibility */
		if (s->attrib0 > first)
			first = s->attrib0;
		for (int i = first; i < n; i++)
			CALL(VertexAttrib4dv, (GLuint)i, s->attrib[i]);
	}
	if (tracking)
		glr_gl.Enable(GL_COLOR_MATERIAL);
}

static void write_destination(const struct snapshot *s, GLbitfield mask, bool same_share)
{
	struct caps d = context_caps();
	struct caps k = {d.version < s->caps.version ? d.version : s->caps.version,
			 d.ff && s->caps.ff};
	bool multi = k.version >= 13;
	GLint active = multi ? get_int(GL_ACTIVE_TEXTURE, GL_TEXTURE0) : GL_TEXTURE0;
	if (k.ff && get_int(GL_LIST_INDEX, 0) != 0) {
		/* our calls would go into the list the app is making */
		glr_log("glXCopyContext: the destination is making a display list: nothing copied");
		return;
	}
	if (mask & GL_CURRENT_BIT)
		write_current(s, &k);
	if (k.ff && (mask & GL_LIGHTING_BIT))
		for (int f = 0; f < 2; f++)
			for (size_t p = 0; p < NMATERIAL; p++)
				CALL(Materialfv, f ? GL_BACK : GL_FRONT, material_params[p].pname,
				     s->material[f][p]);
	if (k.ff && (mask & (GL_LIGHTING_BIT | GL_TRANSFORM_BIT | GL_TEXTURE_BIT | GL_ENABLE_BIT)))
		write_eye_space(s, mask, &k);
	for (size_t i = 0; i < NITEMS; i++)
		if ((items[i].bits & mask) && items[i].bits != GL_CURRENT_BIT &&
		    item_usable(&items[i], &k))
			write_item(&items[i], s->item[i], k.ff);
	if (k.ff && s->has_stipple && glr_gl.PolygonStipple) {
		struct store st;
		store_defaults(false, &st);
		glr_gl.PolygonStipple(s->stipple);
		store_restore(false, &st);
	}
	/* Texture and sampler names are the host's: they mean the same objects only in one
	 * share group. */
	if ((mask & GL_TEXTURE_BIT) && same_share && multi) {
		GLint n = k.version >= 20 ? get_int(GL_MAX_COMBINED_TEXTURE_IMAGE_UNITS, 1)
					  : get_int(GL_MAX_TEXTURE_UNITS, 1);
		int units = clamp_count(n, s->bind_units);
		for (int u = 0; u < units; u++) {
			CALL(ActiveTexture, GL_TEXTURE0 + (GLenum)u);
			for (size_t t = 0; t < NTARGETS; t++)
				if (k.version >= targets[t].version)
					CALL(BindTexture, targets[t].target, (GLuint)s->binding[u][t]);
			if (k.version >= 33)
				CALL(BindSampler, (GLuint)u, (GLuint)s->sampler[u]);
		}
	}
	if (multi)
		CALL(ActiveTexture,
		     (GLenum)((mask & GL_TEXTURE_BIT) ? s->active_texture : active));
}

/* ---- contexts ---- */

static struct glr_context *find(struct glr_session *s, uint32_t id)
{
	for (struct glr_context *x = s->contexts; x; x = x->next)
		if (x->id == id)
			return x;
	return NULL;
}

/* How long the copy waits for another thread's release of either context. */
#define RELEASE_WAIT_S 10

enum {
	COPY_DONE = 0,
	COPY_UNKNOWN = 1,    /* a context the host does not have */
	COPY_DST_BUSY = 2,   /* the destination is current in another thread: BadAccess */
	COPY_SRC_BUSY = 3,   /* the source is current in another thread */
	COPY_NO_CURRENT = 4, /* the host could not make a context current */
};

/* Mark both contexts current in c while the copy runs. The guest saw neither current in
 * another thread, but the release may still be queued on that thread's connection (as
 * custom.c's claim_context says): wait for it, bounded. The destination may not be
 * current in c itself (GLX: BadAccess); the source may (its own context). */
static int claim(struct glr_client *c, uint32_t src_id, uint32_t dst_id,
		 struct glr_context **src, struct glr_context **dst, bool *src_claimed)
{
	struct glr_session *s = c->session;
	struct timespec until;
	bool waited = false;
	int status = COPY_DONE;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += RELEASE_WAIT_S;
	pthread_mutex_lock(&s->lock);
	for (;;) {
		*src = find(s, src_id);
		*dst = find(s, dst_id);
		if (!*src || !*dst) {
			status = COPY_UNKNOWN;
			break;
		}
		if ((*dst)->current_in == c) {
			status = COPY_DST_BUSY;
			break;
		}
		bool dst_free = !(*dst)->current_in;
		bool src_free = !(*src)->current_in || (*src)->current_in == c;
		if (dst_free && src_free)
			break;
		if (!waited) {
			waited = true;
			glr_driver_pause(true);
		}
		if (pthread_cond_timedwait(&s->released, &s->lock, &until) != 0) {
			*src = find(s, src_id);
			*dst = find(s, dst_id);
			if (!*src || !*dst)
				status = COPY_UNKNOWN;
			else if ((*dst)->current_in)
				status = COPY_DST_BUSY;
			else if ((*src)->current_in && (*src)->current_in != c)
				status = COPY_SRC_BUSY;
			if (status != COPY_DONE)
				break;
		}
	}
	if (status == COPY_DONE) {
		(*dst)->current_in = c;
		*src_claimed = !(*src)->current_in;
		(*src)->current_in = c;
	}
	pthread_mutex_unlock(&s->lock);
	if (waited)
		glr_driver_pause(false);
	return status;
}

static void unclaim(struct glr_client *c, struct glr_context *src, struct glr_context *dst,
		    bool src_claimed)
{
	pthread_mutex_lock(&c->session->lock);
	dst->current_in = NULL;
	if (src_claimed)
		src->current_in = NULL;
	pthread_cond_broadcast(&c->session->released);
	pthread_mutex_unlock(&c->session->lock);
}

/* Make x current here without a surface, the app's colour masks in the host's (alpha.c:
 * no drawable, so none are forced off), its pending error kept for the app. */
static bool enter(struct glr_context *x)
{
	if (!glr_egl_make_current(NULL, NULL, x->egl))
		return false;
	struct glr_client alone = {0};
	alone.ctx = x;
	glr_alpha_bind(&alone);
	glr_hold_errors(x);
	return true;
}

static int copy(struct glr_client *c, struct glr_context *src, struct glr_context *dst,
		GLbitfield mask)
{
	int status = COPY_NO_CURRENT;
	struct snapshot *s = calloc(1, sizeof *s);
	if (!s) {
		glr_log("%s: glXCopyContext: out of memory", c->peer);
		return COPY_NO_CURRENT;
	}
	/* The caller's own context is read where it is, with its surfaces: GL answers the
	 * stencil reference values clamped to the stencil bits of the framebuffer bound,
	 * none without a surface. */
	if (src == c->ctx)
		glr_hold_errors(src);
	else if (!enter(src))
		goto exit;
	read_source(s, mask);
	glr_drop_errors();
	if (!enter(dst))
		goto exit;
	write_destination(s, mask, src->share == dst->share);
	glr_drop_errors();
	status = COPY_DONE;
exit:
	if (status != COPY_DONE)
		glr_log("%s: glXCopyContext: eglMakeCurrent failed: %s", c->peer, glr_egl_error());
	free(s);
	return status;
}

int glr_copy_context(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (len < 12)
		return glr_bad(c, OP_fglCopyContext, "short command");
	size_t at = 0;
	uint32_t src_id = GET32(m, at), dst_id = GET32(m, at), mask = GET32(m, at);
	struct glr_context *src = NULL, *dst = NULL;
	bool src_claimed = false;
	uint32_t status = (uint32_t)claim(c, src_id, dst_id, &src, &dst, &src_claimed);
	bool claimed = status == COPY_DONE;
	if (claimed && src != dst) {
		status = (uint32_t)copy(c, src, dst, mask);
		/* the client's own context back as it was */
		if (c->ctx)
			glr_egl_make_current(c->draw ? c->draw->surface : NULL,
					     c->read ? c->read->surface : NULL, c->ctx->egl);
		else
			glr_egl_make_current(NULL, NULL, NULL);
		glr_alpha_bind(c);
	}
	if (claimed)
		unclaim(c, src, dst, src_claimed);
	return glr_reply(c, 0, &status, sizeof status);
}
