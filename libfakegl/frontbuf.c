/* frontbuf.c — the GL calls that GLX must see: glFlush and glFinish show what was drawn
 * to a single buffer or the front buffer (GLX 1.4 section 2.2: glFlush makes rendering
 * visible), and glDrawBuffer says whether the app draws to the front. */
#include "enc_gl.h"
#include "fgl.h"

FGL_EXPORT void glFlush(void)
{
	struct fgl_thread *t = fgl_tls;
	if (!t || !t->ctx)
		return;
	fgl_enc_glFlush();
	fgl_glx_front_flush(t, false);
	fgl_flush(t);
}

FGL_EXPORT void glFinish(void)
{
	struct fgl_thread *t = fgl_tls;
	if (!t || !t->ctx)
		return;
	fgl_enc_glFinish();
	fgl_glx_front_flush(t, true);
}

FGL_EXPORT void glDrawBuffer(GLenum buf)
{
	struct fgl_thread *t = fgl_tls;
	if (!t || !t->ctx)
		return;
	fgl_enc_glDrawBuffer(buf);
	switch (buf) {
	case GL_FRONT:
	case GL_FRONT_LEFT:
	case GL_FRONT_RIGHT:
	case GL_LEFT:
	case GL_RIGHT:
	case GL_FRONT_AND_BACK:
		t->ctx->front_drawn = true;
		break;
	case GL_BACK:
	case GL_BACK_LEFT:
	case GL_BACK_RIGHT:
		t->ctx->front_drawn = false;
		break;
	}
}
