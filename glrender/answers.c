/* answers.c — queries whose answer is an object's name answer the app's name, not the
 * host driver's. The guest picks its own names (glGen* costs no round trip) and the host
 * maps them to its driver's (names.c); the two differ as soon as GL reuses a deleted
 * name (the guest never does), the app picks names itself (compatibility profile:
 * binding creates, and glrender makes a name of its own), or GL makes an object the app
 * never sees (glCreateShaderProgramv's shader). An app that saves and restores its
 * bindings (ImGui's backends) would then bind another object than its own.
 *
 * gl.annotations marks each such query "names"; its generated decoder hands the answer
 * here after GL wrote it without an error, before the reply. */
#include <string.h>

#include "dec_gl.h"
#include "glr.h"

/* What each pname (or the target of glGet*i_v) answers the name of. A pname names the
 * same kind of object in every query that accepts it: glGet*v and glGet*i_v,
 * glGetVertexAttrib*, glGetVertexArray*, glGet*LevelParameter*,
 * glGetTransformFeedbacki_v, glGetQuery*iv, glGetProgramPipelineiv. */
static const struct {
	uint32_t pname;
	enum glr_kind kind;
} named[] = {
	{GL_ARRAY_BUFFER_BINDING, GLR_BUFFER},
	{GL_ELEMENT_ARRAY_BUFFER_BINDING, GLR_BUFFER},
	{GL_PIXEL_PACK_BUFFER_BINDING, GLR_BUFFER},
	{GL_PIXEL_UNPACK_BUFFER_BINDING, GLR_BUFFER},
	{GL_UNIFORM_BUFFER_BINDING, GLR_BUFFER},
	{GL_COPY_READ_BUFFER_BINDING, GLR_BUFFER},
	{GL_COPY_WRITE_BUFFER_BINDING, GLR_BUFFER},
	{GL_DRAW_INDIRECT_BUFFER_BINDING, GLR_BUFFER},
	{GL_DISPATCH_INDIRECT_BUFFER_BINDING, GLR_BUFFER},
	{GL_SHADER_STORAGE_BUFFER_BINDING, GLR_BUFFER},
	{GL_ATOMIC_COUNTER_BUFFER_BINDING, GLR_BUFFER},
	{GL_TRANSFORM_FEEDBACK_BUFFER_BINDING, GLR_BUFFER},
	{GL_QUERY_BUFFER_BINDING, GLR_BUFFER},
	{GL_PARAMETER_BUFFER_BINDING, GLR_BUFFER},
	{GL_TEXTURE_BUFFER_BINDING, GLR_BUFFER},
	{GL_VERTEX_ARRAY_BUFFER_BINDING, GLR_BUFFER},
	{GL_NORMAL_ARRAY_BUFFER_BINDING, GLR_BUFFER},
	{GL_COLOR_ARRAY_BUFFER_BINDING, GLR_BUFFER},
	{GL_INDEX_ARRAY_BUFFER_BINDING, GLR_BUFFER},
	{GL_TEXTURE_COORD_ARRAY_BUFFER_BINDING, GLR_BUFFER},
	{GL_EDGE_FLAG_ARRAY_BUFFER_BINDING, GLR_BUFFER},
	{GL_SECONDARY_COLOR_ARRAY_BUFFER_BINDING, GLR_BUFFER},
	{GL_FOG_COORD_ARRAY_BUFFER_BINDING, GLR_BUFFER},
	{GL_WEIGHT_ARRAY_BUFFER_BINDING_ARB, GLR_BUFFER},
	{GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING, GLR_BUFFER},
	{GL_VERTEX_BINDING_BUFFER, GLR_BUFFER},
	{GL_TEXTURE_BUFFER_DATA_STORE_BINDING, GLR_BUFFER},
	{GL_TEXTURE_BINDING_1D, GLR_TEXTURE},
	{GL_TEXTURE_BINDING_2D, GLR_TEXTURE},
	{GL_TEXTURE_BINDING_3D, GLR_TEXTURE},
	{GL_TEXTURE_BINDING_RECTANGLE, GLR_TEXTURE},
	{GL_TEXTURE_BINDING_CUBE_MAP, GLR_TEXTURE},
	{GL_TEXTURE_BINDING_1D_ARRAY, GLR_TEXTURE},
	{GL_TEXTURE_BINDING_2D_ARRAY, GLR_TEXTURE},
	{GL_TEXTURE_BINDING_BUFFER, GLR_TEXTURE},
	{GL_TEXTURE_BINDING_CUBE_MAP_ARRAY, GLR_TEXTURE},
	{GL_TEXTURE_BINDING_2D_MULTISAMPLE, GLR_TEXTURE},
	{GL_TEXTURE_BINDING_2D_MULTISAMPLE_ARRAY, GLR_TEXTURE},
	{GL_IMAGE_BINDING_NAME, GLR_TEXTURE},
	/* GL_ACTIVE_PROGRAM_EXT is GL_CURRENT_PROGRAM */
	{GL_CURRENT_PROGRAM, GLR_PROGRAM},
	/* glGetProgramivARB: the bound assembly program (the program class in gl.xml) */
	{GL_PROGRAM_BINDING_ARB, GLR_PROGRAM},
	{GL_ACTIVE_PROGRAM, GLR_PROGRAM},
	{GL_VERTEX_SHADER, GLR_PROGRAM},
	{GL_TESS_CONTROL_SHADER, GLR_PROGRAM},
	{GL_TESS_EVALUATION_SHADER, GLR_PROGRAM},
	{GL_GEOMETRY_SHADER, GLR_PROGRAM},
	{GL_FRAGMENT_SHADER, GLR_PROGRAM},
	{GL_COMPUTE_SHADER, GLR_PROGRAM},
	{GL_CURRENT_QUERY, GLR_QUERY},
	{GL_DRAW_FRAMEBUFFER_BINDING, GLR_FRAMEBUFFER},
	{GL_READ_FRAMEBUFFER_BINDING, GLR_FRAMEBUFFER},
	{GL_RENDERBUFFER_BINDING, GLR_RENDERBUFFER},
	{GL_VERTEX_ARRAY_BINDING, GLR_VERTEX_ARRAY},
	{GL_SAMPLER_BINDING, GLR_SAMPLER},
	{GL_PROGRAM_PIPELINE_BINDING, GLR_PIPELINE},
	{GL_TRANSFORM_FEEDBACK_BINDING, GLR_TRANSFORM_FEEDBACK},
};

static int named_kind(uint32_t pname)
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].pname == pname)
			return (int)named[i].kind;
	return -1;
}

/* GL_FRAMEBUFFER_ATTACHMENT_OBJECT_NAME names a texture or a renderbuffer, as
 * GL_FRAMEBUFFER_ATTACHMENT_OBJECT_TYPE of the same attachment says: asked of the driver
 * with the arguments of the query that just succeeded. -1: neither. */
static int attachment_kind(struct glr_client *c, uint32_t op, const uint8_t *m)
{
	uint32_t first, attachment;
	memcpy(&first, m, 4); /* the target, or the framebuffer of the Named forms */
	memcpy(&attachment, m + 4, 4);
	const GLenum pname = GL_FRAMEBUFFER_ATTACHMENT_OBJECT_TYPE;
	GLint type = GL_NONE;
	if (op == OP_glGetFramebufferAttachmentParameteriv)
		glr_gl.GetFramebufferAttachmentParameteriv(first, attachment, pname, &type);
	else if (op == OP_glGetFramebufferAttachmentParameterivEXT)
		glr_gl.GetFramebufferAttachmentParameterivEXT(first, attachment, pname, &type);
	else if (op == OP_glGetNamedFramebufferAttachmentParameteriv)
		glr_gl.GetNamedFramebufferAttachmentParameteriv(
			(GLuint)glr_name(c, GLR_FRAMEBUFFER, first), attachment, pname, &type);
	else if (op == OP_glGetNamedFramebufferAttachmentParameterivEXT)
		glr_gl.GetNamedFramebufferAttachmentParameterivEXT(
			(GLuint)glr_name(c, GLR_FRAMEBUFFER, first), attachment, pname, &type);
	glr_gl.GetError(); /* none: the same query just succeeded; and it is not the app's */
	return type == GL_TEXTURE ? GLR_TEXTURE : type == GL_RENDERBUFFER ? GLR_RENDERBUFFER : -1;
}

/* The first element of output i, of type, as the guest's name of an object of kind. */
static void to_guest(struct glr_client *c, int i, enum glr_kind kind, enum glr_answer_type type)
{
	uint8_t *p = c->out[i];
	switch (type) {
	case GLR_ANSWER_INT: {
		uint32_t v;
		if (c->out_len[i] < sizeof v)
			return;
		memcpy(&v, p, sizeof v);
		v = (uint32_t)glr_guest_name(c, kind, v);
		memcpy(p, &v, sizeof v);
		return;
	}
	case GLR_ANSWER_INT64: {
		uint64_t v;
		if (c->out_len[i] < sizeof v)
			return;
		memcpy(&v, p, sizeof v);
		v = glr_guest_name(c, kind, v);
		memcpy(p, &v, sizeof v);
		return;
	}
	case GLR_ANSWER_FLOAT: {
		GLfloat v;
		if (c->out_len[i] < sizeof v)
			return;
		memcpy(&v, p, sizeof v);
		if (!(v >= 0 && v <= (GLfloat)UINT32_MAX))
			return;
		v = (GLfloat)glr_guest_name(c, kind, (uint64_t)v);
		memcpy(p, &v, sizeof v);
		return;
	}
	case GLR_ANSWER_DOUBLE: {
		GLdouble v;
		if (c->out_len[i] < sizeof v)
			return;
		memcpy(&v, p, sizeof v);
		if (!(v >= 0 && v <= (GLdouble)UINT32_MAX))
			return;
		v = (GLdouble)glr_guest_name(c, kind, (uint64_t)v);
		memcpy(p, &v, sizeof v);
		return;
	}
	}
}

void glr_answer_names(struct glr_client *c, uint32_t op, const uint8_t *m, uint32_t what,
		      enum glr_answer_type type)
{
	if (op == OP_glGetAttachedShaders) {
		/* outputs: the count GL wrote, then that many shader names */
		GLsizei n = 0;
		if (c->out_len[0] < sizeof n)
			return;
		memcpy(&n, c->out[0], sizeof n);
		uint32_t *names = c->out[1];
		for (size_t i = 0; n > 0 && i < (size_t)n && i < c->out_len[1] / 4; i++) {
			uint32_t v;
			memcpy(&v, &names[i], 4);
			v = (uint32_t)glr_guest_name(c, GLR_PROGRAM, v);
			memcpy(&names[i], &v, 4);
		}
		return;
	}
	if (!c->out_len[0])
		return; /* GL refused the query: nothing is sent */
	int kind = what == GL_FRAMEBUFFER_ATTACHMENT_OBJECT_NAME ? attachment_kind(c, op, m)
								  : named_kind(what);
	if (kind >= 0)
		to_guest(c, 0, (enum glr_kind)kind, type);
}
