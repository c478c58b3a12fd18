/* robust.c — host contexts get robust buffer access where the driver has it (egl.c), so
 * that a read past a buffer's end returns zeros instead of other memory of glrender's.
 * That is a safety of the host's own: an app that did not ask for robust access still
 * sees GL_CONTEXT_FLAGS as it asked, without GL_CONTEXT_FLAG_ROBUST_ACCESS_BIT. */
#include <string.h>

#include "dec_gl.h"
#include "glr.h"

#define GLX_CONTEXT_ROBUST_ACCESS_BIT_ARB 0x4

/* glGet{Boolean,Integer,Integer64,Float,Double}v (glr_op_checks' GLR_OP_FLAGS): answer
 * GL_CONTEXT_FLAGS with the robust-access bit the app did not ask for masked. 1 when
 * answered (or the client dropped), 0 when the generated decoder should run. */
/* Queries whose answer is an object's name: the driver answers the host's name, the app
 * must see its own (they differ once names are deleted: GL reuses them, the guest never
 * does). */
static const struct {
	uint32_t pname;
	enum glr_kind kind;
} binding_pnames[] = {
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
	{GL_CURRENT_PROGRAM, GLR_PROGRAM},
	{GL_DRAW_FRAMEBUFFER_BINDING, GLR_FRAMEBUFFER},
	{GL_READ_FRAMEBUFFER_BINDING, GLR_FRAMEBUFFER},
	{GL_RENDERBUFFER_BINDING, GLR_RENDERBUFFER},
	{GL_VERTEX_ARRAY_BINDING, GLR_VERTEX_ARRAY},
	{GL_SAMPLER_BINDING, GLR_SAMPLER},
	{GL_PROGRAM_PIPELINE_BINDING, GLR_PIPELINE},
	{GL_TRANSFORM_FEEDBACK_BINDING, GLR_TRANSFORM_FEEDBACK},
};

static int binding_kind(uint32_t pname)
{
	for (size_t i = 0; i < sizeof binding_pnames / sizeof binding_pnames[0]; i++)
		if (binding_pnames[i].pname == pname)
			return (int)binding_pnames[i].kind;
	return -1;
}

int glr_context_flags_query(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len)
{
	uint32_t pname;
	if (len < 4 || !glr_gl.GetIntegerv)
		return 0; /* the decoder refuses it */
	memcpy(&pname, m, 4);
	int kind = binding_kind(pname);
	if (kind < 0 &&
	    (pname != GL_CONTEXT_FLAGS || (c->ctx->attrs.flags & GLX_CONTEXT_ROBUST_ACCESS_BIT_ARB)))
		return 0;
	size_t size = op == OP_glGetBooleanv ? sizeof(GLboolean)
		      : op == OP_glGetInteger64v ? sizeof(GLint64)
		      : op == OP_glGetDoublev	 ? sizeof(GLdouble)
						 : 4;
	uint8_t *out = glr_out_buffer(c, 0, size);
	if (!out)
		return 1;
	glr_query_begin(c);
	GLint v = 0;
	glr_gl.GetIntegerv(pname, &v);
	if (kind >= 0)
		v = (GLint)glr_guest_name(c, (enum glr_kind)kind, (uint32_t)v);
	else
		v &= ~(GLint)GL_CONTEXT_FLAG_ROBUST_ACCESS_BIT;
	if (op == OP_glGetBooleanv) {
		GLboolean b = v != 0;
		memcpy(out, &b, sizeof b);
	} else if (op == OP_glGetInteger64v) {
		GLint64 w = v;
		memcpy(out, &w, sizeof w);
	} else if (op == OP_glGetDoublev) {
		GLdouble d = v;
		memcpy(out, &d, sizeof d);
	} else if (op == OP_glGetFloatv) {
		GLfloat f = (GLfloat)v;
		memcpy(out, &f, sizeof f);
	} else {
		memcpy(out, &v, sizeof v);
	}
	glr_outputs_checked(c, 1);
	glr_reply(c, 1, NULL, 0);
	return 1;
}
