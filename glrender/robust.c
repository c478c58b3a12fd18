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
int glr_context_flags_query(struct glr_client *c, uint32_t op, const uint8_t *m, size_t len)
{
	uint32_t pname;
	if (len < 4 || !glr_gl.GetIntegerv)
		return 0; /* the decoder refuses it */
	memcpy(&pname, m, 4);
	if (pname != GL_CONTEXT_FLAGS || (c->ctx->attrs.flags & GLX_CONTEXT_ROBUST_ACCESS_BIT_ARB))
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
	glr_gl.GetIntegerv(GL_CONTEXT_FLAGS, &v);
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
