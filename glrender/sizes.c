/* sizes.c — answers whose size only the host's driver knows (a uniform's type, a color
 * table's width, an evaluator's order): computed here before the call, so that the
 * output buffer is exactly what GL writes and the guest takes exactly those bytes. */
#include <string.h>

#include "dec_gl.h"
#include "glr.h"

/* dims of a texture target's images, as glGetTexImage reads them */
static int target_dims(uint32_t target)
{
	switch (target) {
	case GL_TEXTURE_1D:
		return 1;
	case GL_TEXTURE_3D:
	case GL_TEXTURE_2D_ARRAY:
	case GL_TEXTURE_CUBE_MAP_ARRAY:
		return 3;
	default:
		return 2;
	}
}

size_t glr_texture_image_size(struct glr_client *c, uint32_t texture, uint32_t target,
			      int32_t level, uint32_t format, uint32_t type, int compressed)
{
	if (!glr_gl.GetTextureLevelParameteriv)
		return 0;
	GLuint tex = (GLuint)glr_name(c, GLR_TEXTURE, texture);
	GLint w = 0, h = 0, d = 0, n = 0, faces = 1;
	glr_hold_errors(c->ctx);
	if (!target) {
		/* glGetTextureImage: the whole level, the six faces of a cube map as six layers */
		GLint tt = 0;
		glr_gl.GetTextureParameteriv(tex, GL_TEXTURE_TARGET, &tt);
		target = (uint32_t)tt;
		if (target == GL_TEXTURE_CUBE_MAP) {
			faces = 6;
			target = GL_TEXTURE_3D;
		}
	}
	if (compressed) {
		glr_gl.GetTextureLevelParameteriv(tex, level, GL_TEXTURE_COMPRESSED_IMAGE_SIZE, &n);
	} else {
		glr_gl.GetTextureLevelParameteriv(tex, level, GL_TEXTURE_WIDTH, &w);
		glr_gl.GetTextureLevelParameteriv(tex, level, GL_TEXTURE_HEIGHT, &h);
		glr_gl.GetTextureLevelParameteriv(tex, level, GL_TEXTURE_DEPTH, &d);
	}
	glr_drop_errors();
	if (compressed)
		return n > 0 ? (size_t)n * (size_t)faces : 0;
	d *= faces;
	if (w <= 0 || h <= 0 || d <= 0)
		return 0;
	size_t bytes = wire_image_size(&c->ctx->pack, format, type, target_dims(target), w, h, d);
	return bytes == WIRE_SIZE_UNKNOWN ? 0 : bytes;
}

size_t glr_multitex_image_size(struct glr_client *c, uint32_t unit, uint32_t target,
			       int32_t level, uint32_t format, uint32_t type, int compressed)
{
	GLint active = GL_TEXTURE0;
	glr_hold_errors(c->ctx);
	glr_gl.GetIntegerv(GL_ACTIVE_TEXTURE, &active);
	glr_gl.ActiveTexture(unit);
	size_t n = compressed ? glr_compressed_teximage_size(c, target, level)
			      : glr_teximage_size(c, target, level, format, type);
	glr_gl.ActiveTexture((GLenum)active);
	glr_drop_errors();
	return n;
}

/* The imaging subset's tables and filters: color tables and histograms are one row of
 * their width, minmax two values, convolution filters width × height, a separable filter's
 * row its width and its column its height (which: 0 the whole, 1 row, 2 column, 3 span). */
size_t glr_filter_image_size(struct glr_client *c, uint32_t target, uint32_t format,
			     uint32_t type, int which)
{
	GLint w = 0, h = 1;
	glr_hold_errors(c->ctx);
	switch (target) {
	case GL_HISTOGRAM:
		if (glr_gl.GetHistogramParameteriv)
			glr_gl.GetHistogramParameteriv(target, GL_HISTOGRAM_WIDTH, &w);
		break;
	case GL_MINMAX:
		w = 2;
		break;
	case GL_CONVOLUTION_1D:
	case GL_CONVOLUTION_2D:
	case GL_SEPARABLE_2D:
		if (glr_gl.GetConvolutionParameteriv) {
			glr_gl.GetConvolutionParameteriv(target, GL_CONVOLUTION_WIDTH, &w);
			if (target != GL_CONVOLUTION_1D)
				glr_gl.GetConvolutionParameteriv(target, GL_CONVOLUTION_HEIGHT, &h);
		}
		if (target == GL_SEPARABLE_2D) {
			if (which == 2)
				w = h;
			else if (which != 1)
				w = 0;
			h = 1;
		}
		break;
	default: /* the color tables */
		if (glr_gl.GetColorTableParameteriv)
			glr_gl.GetColorTableParameteriv(target, GL_COLOR_TABLE_WIDTH, &w);
		break;
	}
	glr_drop_errors();
	if (w <= 0 || h <= 0)
		return 0;
	size_t n = wire_image_size(&c->ctx->pack, format, type, h > 1 ? 2 : 1, w, h, 1);
	return n == WIRE_SIZE_UNKNOWN ? 0 : n;
}

size_t glr_program_string_size(struct glr_client *c, uint32_t program, uint32_t target,
			       uint32_t pname)
{
	GLint n = 0;
	if (pname != GL_PROGRAM_STRING_ARB)
		return 0;
	glr_hold_errors(c->ctx);
	if (program && glr_gl.GetNamedProgramivEXT)
		glr_gl.GetNamedProgramivEXT((GLuint)glr_name(c, GLR_PROGRAM, program), target,
					    GL_PROGRAM_LENGTH_ARB, &n);
	else if (!program && glr_gl.GetProgramivARB)
		glr_gl.GetProgramivARB(target, GL_PROGRAM_LENGTH_ARB, &n);
	glr_drop_errors();
	return n > 0 ? (size_t)n : 0;
}

/* Components of a uniform of a GLSL type (a matrix: columns × rows). */
static size_t type_components(GLenum type)
{
	switch (type) {
	case GL_FLOAT_VEC2: case GL_INT_VEC2: case GL_UNSIGNED_INT_VEC2: case GL_BOOL_VEC2:
	case GL_DOUBLE_VEC2: case GL_INT64_VEC2_ARB: case GL_UNSIGNED_INT64_VEC2_ARB:
		return 2;
	case GL_FLOAT_VEC3: case GL_INT_VEC3: case GL_UNSIGNED_INT_VEC3: case GL_BOOL_VEC3:
	case GL_DOUBLE_VEC3: case GL_INT64_VEC3_ARB: case GL_UNSIGNED_INT64_VEC3_ARB:
		return 3;
	case GL_FLOAT_VEC4: case GL_INT_VEC4: case GL_UNSIGNED_INT_VEC4: case GL_BOOL_VEC4:
	case GL_DOUBLE_VEC4: case GL_INT64_VEC4_ARB: case GL_UNSIGNED_INT64_VEC4_ARB:
	case GL_FLOAT_MAT2: case GL_DOUBLE_MAT2:
		return 4;
	case GL_FLOAT_MAT2x3: case GL_FLOAT_MAT3x2: case GL_DOUBLE_MAT2x3: case GL_DOUBLE_MAT3x2:
		return 6;
	case GL_FLOAT_MAT2x4: case GL_FLOAT_MAT4x2: case GL_DOUBLE_MAT2x4: case GL_DOUBLE_MAT4x2:
		return 8;
	case GL_FLOAT_MAT3: case GL_DOUBLE_MAT3:
		return 9;
	case GL_FLOAT_MAT3x4: case GL_FLOAT_MAT4x3: case GL_DOUBLE_MAT3x4: case GL_DOUBLE_MAT4x3:
		return 12;
	case GL_FLOAT_MAT4: case GL_DOUBLE_MAT4:
		return 16;
	default: /* scalars, samplers, images, atomic counters */
		return 1;
	}
}

/* glGetUniform* writes the components of the uniform at location (one element of an
 * array): found among the program's active uniforms by their locations. */
size_t glr_uniform_size(struct glr_client *c, uint32_t program, int32_t location)
{
	GLuint prog = (GLuint)glr_name(c, GLR_PROGRAM, program);
	size_t n = 0;
	if (location < 0 || !prog || !glr_gl.GetProgramInterfaceiv || !glr_gl.GetProgramResourceiv)
		return 0;
	glr_hold_errors(c->ctx);
	GLint count = 0;
	glr_gl.GetProgramInterfaceiv(prog, GL_UNIFORM, GL_ACTIVE_RESOURCES, &count);
	static const GLenum props[] = {GL_LOCATION, GL_ARRAY_SIZE, GL_TYPE};
	for (GLint i = 0; i < count && !n; i++) {
		GLint v[3] = {-1, 0, 0};
		glr_gl.GetProgramResourceiv(prog, GL_UNIFORM, (GLuint)i, 3, props, 3, NULL, v);
		if (v[0] >= 0 && location >= v[0] && location < v[0] + (v[1] > 0 ? v[1] : 1))
			n = type_components((GLenum)v[2]);
	}
	glr_drop_errors();
	return n;
}

size_t glr_uniform_block_size(struct glr_client *c, uint32_t program, uint32_t index,
			      uint32_t pname)
{
	if (pname != GL_UNIFORM_BLOCK_ACTIVE_UNIFORM_INDICES)
		return 1;
	GLint n = 0;
	glr_hold_errors(c->ctx);
	glr_gl.GetActiveUniformBlockiv((GLuint)glr_name(c, GLR_PROGRAM, program), index,
				       GL_UNIFORM_BLOCK_ACTIVE_UNIFORMS, &n);
	glr_drop_errors();
	return n > 0 ? (size_t)n : 0;
}

/* glGetMap*: GL_ORDER is 1 value (2 for a 2D map), GL_DOMAIN 2 (4), GL_COEFF the
 * control points: order (uorder × vorder) × the map's components. */
size_t glr_map_query_size(struct glr_client *c, uint32_t target, uint32_t query)
{
	int two = target >= GL_MAP2_COLOR_4 && target <= GL_MAP2_VERTEX_4;
	int one = target >= GL_MAP1_COLOR_4 && target <= GL_MAP1_VERTEX_4;
	if (!one && !two)
		return 0;
	switch (query) {
	case GL_ORDER:
		return two ? 2 : 1;
	case GL_DOMAIN:
		return two ? 4 : 2;
	case GL_COEFF:
		break;
	default:
		return 0;
	}
	static const unsigned char comps[] = {4, 1, 3, 1, 2, 3, 4, 3, 4}; /* COLOR_4 … VERTEX_4 */
	unsigned k = target - (two ? GL_MAP2_COLOR_4 : GL_MAP1_COLOR_4);
	if (k >= sizeof comps)
		return 0;
	GLint order[2] = {0, 0};
	glr_hold_errors(c->ctx);
	glr_gl.GetMapiv(target, GL_ORDER, order);
	glr_drop_errors();
	if (order[0] <= 0 || (two && order[1] <= 0))
		return 0;
	return (size_t)order[0] * (size_t)(two ? order[1] : 1) * comps[k];
}

/* A string GL wrote into output i: the guest takes it up to its NUL, as GL writes no
 * further (the rest of the app's buffer stays as it was). */
void glr_trim_string(struct glr_client *c, int i)
{
	const char *p = c->out[i];
	if (!p)
		return;
	const char *nul = memchr(p, 0, c->out_len[i]);
	if (nul)
		c->out_len[i] = (size_t)(nul - p) + 1;
}

/* Output i holds n strings one after the other (glGetDebugMessageLog's messageLog):
 * the guest takes them up to the NUL of the last one. */
void glr_trim_strings(struct glr_client *c, int i, size_t n)
{
	const char *p = c->out[i], *end = p + c->out_len[i], *q = p;
	if (!p)
		return;
	for (size_t k = 0; k < n && q < end; k++) {
		const char *nul = memchr(q, 0, (size_t)(end - q));
		if (!nul)
			return;
		q = nul + 1;
	}
	c->out_len[i] = (size_t)(q - p);
}

/* Output i holds only its first bytes (what GL wrote): the rest stays the app's. */
void glr_trim_output(struct glr_client *c, int i, size_t bytes)
{
	if (c->out_len[i] > bytes)
		c->out_len[i] = bytes;
}

/* Before a query: the driver's earlier errors set aside for the app. */
void glr_query_begin(struct glr_client *c)
{
	glr_hold_errors(c->ctx);
}

/* After a query: if GL raised an error it wrote nothing, and the guest leaves the app's
 * memory as it was. The error waits for the app's glGetError. */
void glr_outputs_checked(struct glr_client *c, int n)
{
	GLenum e = glr_gl.GetError();
	if (e == GL_NO_ERROR)
		return;
	if (!c->ctx->pending_error)
		c->ctx->pending_error = e;
	for (int i = 0; i < n; i++)
		c->out_len[i] = 0;
}
