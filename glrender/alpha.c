/* alpha.c — an app whose config has no alpha draws, on the host, to a surface with 8 alpha
 * bits (egl.c: llvmpipe reads those back with a memcpy, X8 ones through a per-pixel
 * conversion that cost half of glrender's time per frame). The app must not be able to
 * tell: the surface's alpha stays 1.0, as an X8 buffer reads (filled when the surface is
 * made; never written, because the host's alpha write mask is off while the default
 * framebuffer is drawn to, and filled again after a blit into it, which ignores masks),
 * and queries answer for the app's config: GL_ALPHA_BITS and the default framebuffer's
 * GL_FRAMEBUFFER_ATTACHMENT_ALPHA_SIZE are 0, GL_COLOR_WRITEMASK is what the app set.
 *
 * glr_alpha_wrap puts this file's functions in glr_gl in place of the driver's for the
 * entry points concerned, so that every decoder, generated or hand-written, goes through
 * them: each calls the driver's, and does more only when the thread's current drawable is
 * such a one (or, for the masks, keeps the app's values: a few stores). One place for a
 * concern that touches thirty commands, instead of thirty hand-written decoders. */
#include <string.h>

#include "dec_gl.h"
#include "glr.h"

/* The driver's functions, for those this file replaces in glr_gl. */
static struct glr_gl_table real;

/* The calling thread's (a client's) context and whether its draw and read surfaces are
 * ones with alpha that the app's config has not (glr_alpha_bind). */
static _Thread_local struct {
	struct glr_context *x;
	void *draw_surface;
	bool draw, read;
} cur;

static bool has_fbo(void)
{
	return real.BindFramebuffer || real.BindFramebufferEXT;
}

/* A framebuffer binding; -1 when the driver refused the query (inside glBegin/glEnd). */
static GLint binding(GLenum pname)
{
	if (!has_fbo())
		return 0;
	GLint v = -1;
	real.GetIntegerv(pname, &v);
	return v;
}

static bool masks_differ(const struct glr_alpha *a)
{
	for (int i = 1; i < GLR_ALPHA_BUFFERS; i++)
		if (memcmp(a->masks[i], a->masks[0], 4) != 0)
			return true;
	return false;
}

/* Give the host the app's masks, alpha off where forced. */
static void apply(struct glr_context *x, bool forced)
{
	struct glr_alpha *a = &x->alpha;
	PFN_glColorMaski maski = real.ColorMaski ? real.ColorMaski : real.ColorMaskIndexedEXT;
	if (!a->indexed || !maski) {
		const unsigned char *m = a->masks[0];
		real.ColorMask(m[0], m[1], m[2], forced ? GL_FALSE : m[3]);
	} else {
		for (int i = 0; i < a->buffers; i++) {
			const unsigned char *m = a->masks[i];
			maski((GLuint)i, m[0], m[1], m[2], forced ? GL_FALSE : m[3]);
		}
	}
	a->forced = forced;
}

/* Alpha writes off exactly while the default framebuffer of such a surface is drawn. */
static void sync(struct glr_context *x)
{
	bool want = false;
	if (cur.draw) {
		GLint fb = binding(GL_DRAW_FRAMEBUFFER_BINDING);
		if (fb < 0)
			return; /* the binding did not change either */
		want = fb == 0;
	}
	if (want != x->alpha.forced)
		apply(x, want);
}

/* The draw framebuffer binding may have changed. While a list is made (GL_COMPILE) our
 * own calls would go into the list instead of running: wait for glEndList (nothing is
 * drawn meanwhile). */
static void binding_changed(void)
{
	struct glr_context *x = cur.x;
	if (!x || !x->alpha.ready || (!cur.draw && !x->alpha.forced))
		return;
	if (x->alpha.list_mode == GL_COMPILE) {
		x->alpha.dirty = true;
		return;
	}
	if (x->alpha.list_mode)
		x->alpha.lists_mask = true; /* our calls went into the list too */
	sync(x);
}

void glr_alpha_bind(struct glr_client *c)
{
	struct glr_context *x = c->ctx;
	cur.x = x;
	cur.draw = x && c->draw && c->draw->attrs.alpha == 0 &&
		   glr_egl_surface_alpha(c->draw->surface) > 0;
	cur.read = x && c->read && c->read->attrs.alpha == 0 &&
		   glr_egl_surface_alpha(c->read->surface) > 0;
	cur.draw_surface = cur.draw ? c->draw->surface : NULL;
	if (!x || !real.ColorMask)
		return;
	struct glr_alpha *a = &x->alpha;
	if (!a->ready) {
		/* a context's first make-current: GL's initial masks */
		memset(a->masks, GL_TRUE, sizeof a->masks);
		GLint n = 1;
		glr_hold_errors(x);
		real.GetIntegerv(GL_MAX_DRAW_BUFFERS, &n);
		glr_drop_errors();
		a->buffers = n < 1 ? 1 : n > GLR_ALPHA_BUFFERS ? GLR_ALPHA_BUFFERS : n;
		a->ready = true;
	}
	if (a->list_mode == GL_COMPILE)
		a->dirty = true;
	else
		sync(x);
}

void glr_alpha_fill_current(void)
{
	const struct glr_gl_table *t = real.Clear ? &real : &glr_gl;
	if (!t->Clear || !t->ColorMask || !t->ClearColor || !t->Finish)
		return;
	t->ColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
	t->ClearColor(0.0f, 0.0f, 0.0f, 1.0f);
	t->Clear(GL_COLOR_BUFFER_BIT);
	t->Finish(); /* before the app's context draws to it again */
}

/* ---- colour masks ---- */

static bool compiling_only(struct glr_alpha *a)
{
	if (a->list_mode)
		a->lists_mask = true;
	return a->list_mode == GL_COMPILE;
}

static void w_ColorMask(GLboolean r, GLboolean g, GLboolean b, GLboolean al)
{
	struct glr_context *x = cur.x;
	if (!x || !x->alpha.ready || compiling_only(&x->alpha)) {
		real.ColorMask(r, g, b, al);
		return;
	}
	struct glr_alpha *a = &x->alpha;
	for (int i = 0; i < GLR_ALPHA_BUFFERS; i++) {
		a->masks[i][0] = r != 0;
		a->masks[i][1] = g != 0;
		a->masks[i][2] = b != 0;
		a->masks[i][3] = al != 0;
	}
	a->indexed = false;
	real.ColorMask(r, g, b, a->forced ? GL_FALSE : al);
}

static void color_mask_indexed(PFN_glColorMaski f, GLuint buf, GLboolean r, GLboolean g,
			       GLboolean b, GLboolean al)
{
	struct glr_context *x = cur.x;
	if (!x || !x->alpha.ready || compiling_only(&x->alpha) ||
	    buf >= (GLuint)x->alpha.buffers) {
		f(buf, r, g, b, al); /* GL_INVALID_VALUE for a buffer out of range */
		return;
	}
	struct glr_alpha *a = &x->alpha;
	a->masks[buf][0] = r != 0;
	a->masks[buf][1] = g != 0;
	a->masks[buf][2] = b != 0;
	a->masks[buf][3] = al != 0;
	a->indexed = masks_differ(a);
	f(buf, r, g, b, a->forced ? GL_FALSE : al);
}

static void w_ColorMaski(GLuint buf, GLboolean r, GLboolean g, GLboolean b, GLboolean al)
{
	color_mask_indexed(real.ColorMaski, buf, r, g, b, al);
}

static void w_ColorMaskIndexedEXT(GLuint buf, GLboolean r, GLboolean g, GLboolean b,
				  GLboolean al)
{
	color_mask_indexed(real.ColorMaskIndexedEXT, buf, r, g, b, al);
}

/* The host's masks as the app's, from the driver (after a glPopAttrib or a list). */
static void read_masks(struct glr_context *x)
{
	struct glr_alpha *a = &x->alpha;
	int n = real.GetBooleani_v ? a->buffers : 1;
	for (int i = 0; i < n; i++) {
		GLboolean m[4] = {a->masks[i][0], a->masks[i][1], a->masks[i][2], a->masks[i][3]};
		if (real.GetBooleani_v)
			real.GetBooleani_v(GL_COLOR_WRITEMASK, (GLuint)i, m);
		else
			real.GetBooleanv(GL_COLOR_WRITEMASK, m);
		for (int k = 0; k < 4; k++)
			a->masks[i][k] = m[k] != 0;
	}
	for (int i = n; i < GLR_ALPHA_BUFFERS; i++)
		memcpy(a->masks[i], a->masks[0], 4);
	a->indexed = masks_differ(a);
}

/* glPushAttrib(GL_COLOR_BUFFER_BIT) saves the host's masks and glPopAttrib puts them back;
 * Mesa also sets the draw buffers again at the pop (with their errors) only when the masks
 * differ. So the host holds the app's own masks across both calls, and forced ones again
 * after. */
static void w_PushAttrib(GLbitfield mask)
{
	struct glr_context *x = cur.x;
	if (!x || !x->alpha.ready || compiling_only(&x->alpha) || !x->alpha.forced ||
	    !(mask & GL_COLOR_BUFFER_BIT)) {
		real.PushAttrib(mask);
		return;
	}
	apply(x, false);
	real.PushAttrib(mask);
	apply(x, true);
}

static void w_PopAttrib(void)
{
	struct glr_context *x = cur.x;
	if (!x || !x->alpha.ready || compiling_only(&x->alpha)) {
		real.PopAttrib();
		return;
	}
	bool forced = x->alpha.forced;
	if (forced)
		apply(x, false);
	real.PopAttrib();
	read_masks(x);
	if (forced)
		apply(x, true);
}

/* ---- clears: with the alpha mask on and alpha 1.0, as an X8 buffer clears ---- */

/* llvmpipe clears a buffer whose channels are not all written by drawing, and rounds
 * otherwise than its clear of a whole pixel (0.25 gives 63, not 64): an X8 buffer under
 * the app's (r,g,b,any) mask is cleared whole, so the A8 one must be too. Writing its
 * alpha is harmless when the value written is 1.0. */
static bool clear_unforced(GLbitfield mask)
{
	struct glr_context *x = cur.x;
	return (mask & GL_COLOR_BUFFER_BIT) && x && x->alpha.ready && x->alpha.forced &&
	       !compiling_only(&x->alpha);
}

static void w_Clear(GLbitfield mask)
{
	if (!clear_unforced(mask)) {
		real.Clear(mask);
		return;
	}
	GLfloat cc[4] = {-1e30f, 0, 0, 0};
	real.GetFloatv(GL_COLOR_CLEAR_VALUE, cc);
	if (cc[0] == -1e30f) { /* refused (inside glBegin/glEnd): so is the clear */
		real.Clear(mask);
		return;
	}
	real.ClearColor(cc[0], cc[1], cc[2], 1.0f);
	apply(cur.x, false);
	real.Clear(mask);
	apply(cur.x, true);
	real.ClearColor(cc[0], cc[1], cc[2], cc[3]);
}

static void w_ClearBufferfv(GLenum buffer, GLint drawbuffer, const GLfloat *value)
{
	if (buffer != GL_COLOR || !value || !clear_unforced(GL_COLOR_BUFFER_BIT)) {
		real.ClearBufferfv(buffer, drawbuffer, value);
		return;
	}
	GLfloat v[4] = {value[0], value[1], value[2], 1.0f};
	apply(cur.x, false);
	real.ClearBufferfv(buffer, drawbuffer, v);
	apply(cur.x, true);
}

static void w_ClearNamedFramebufferfv(GLuint fb, GLenum buffer, GLint drawbuffer,
				      const GLfloat *value)
{
	if (fb != 0 || buffer != GL_COLOR || !value || !clear_unforced(GL_COLOR_BUFFER_BIT)) {
		real.ClearNamedFramebufferfv(fb, buffer, drawbuffer, value);
		return;
	}
	GLfloat v[4] = {value[0], value[1], value[2], 1.0f};
	apply(cur.x, false);
	real.ClearNamedFramebufferfv(fb, buffer, drawbuffer, v);
	apply(cur.x, true);
}

/* ---- display lists: our calls must not go into them ---- */

static void w_NewList(GLuint list, GLenum mode)
{
	real.NewList(list, mode);
	struct glr_context *x = cur.x;
	if (!x || !x->alpha.ready)
		return;
	GLint index = 0;
	real.GetIntegerv(GL_LIST_INDEX, &index);
	if (index != 0)
		x->alpha.list_mode = mode;
}

static void w_EndList(void)
{
	real.EndList();
	struct glr_context *x = cur.x;
	if (!x || !x->alpha.ready || !x->alpha.list_mode)
		return;
	GLint index = 1;
	real.GetIntegerv(GL_LIST_INDEX, &index);
	if (index != 0)
		return; /* refused (inside glBegin/glEnd): still compiling */
	x->alpha.list_mode = 0;
	if (x->alpha.dirty) {
		x->alpha.dirty = false;
		sync(x);
	}
}

/* A list made with colour masks (or attribute pops) in it set the host's masks as it ran:
 * take what it set (where forced, an alpha left off cannot be told from ours: the app's
 * alpha stays), and force again. */
static void after_list(void)
{
	struct glr_context *x = cur.x;
	if (!x || !x->alpha.ready || !x->alpha.lists_mask || x->alpha.list_mode == GL_COMPILE)
		return;
	struct glr_alpha *a = &x->alpha;
	glr_hold_errors(x);
	int n = a->indexed && real.GetBooleani_v ? a->buffers : 1;
	for (int i = 0; i < n; i++) {
		GLboolean m[4] = {a->masks[i][0], a->masks[i][1], a->masks[i][2], a->masks[i][3]};
		if (n > 1)
			real.GetBooleani_v(GL_COLOR_WRITEMASK, (GLuint)i, m);
		else
			real.GetBooleanv(GL_COLOR_WRITEMASK, m);
		for (int k = 0; k < 3; k++)
			a->masks[i][k] = m[k] != 0;
		if (m[3] || !a->forced)
			a->masks[i][3] = m[3] != 0;
	}
	if (n == 1)
		for (int i = 1; i < GLR_ALPHA_BUFFERS; i++)
			memcpy(a->masks[i], a->masks[0], 4);
	a->indexed = masks_differ(a);
	apply(x, a->forced);
	glr_drop_errors();
}

static void w_CallList(GLuint list)
{
	real.CallList(list);
	after_list();
}

static void w_CallLists(GLsizei n, GLenum type, const void *lists)
{
	real.CallLists(n, type, lists);
	after_list();
}

/* ---- framebuffer bindings ---- */

static void w_BindFramebuffer(GLenum target, GLuint fb)
{
	real.BindFramebuffer(target, fb);
	if (target != GL_READ_FRAMEBUFFER)
		binding_changed();
}

static void w_BindFramebufferEXT(GLenum target, GLuint fb)
{
	real.BindFramebufferEXT(target, fb);
	if (target != GL_READ_FRAMEBUFFER)
		binding_changed();
}

/* Deleting the bound framebuffer binds 0. */
static void w_DeleteFramebuffers(GLsizei n, const GLuint *fbs)
{
	real.DeleteFramebuffers(n, fbs);
	binding_changed();
}

static void w_DeleteFramebuffersEXT(GLsizei n, const GLuint *fbs)
{
	real.DeleteFramebuffersEXT(n, fbs);
	binding_changed();
}

/* ---- blits ignore write masks: fill the alpha again after one into the surface ---- */

static void after_blit(GLbitfield mask, bool to_default)
{
	if (!(mask & GL_COLOR_BUFFER_BIT) || !cur.x || !cur.draw || !to_default)
		return;
	real.Finish(); /* the blit done before another context writes the surface */
	if (glr_egl_fill_alpha(cur.draw_surface) < 0)
		glr_log("could not set the alpha of a surface back to 1.0: %s", glr_egl_error());
}

/* Mesa copies pixels with a blit where no per-fragment operation is on, the write mask
 * not counted. */
static void w_CopyPixels(GLint x, GLint y, GLsizei width, GLsizei height, GLenum type)
{
	real.CopyPixels(x, y, width, height, type);
	if (type == GL_COLOR && cur.draw && cur.x && cur.x->alpha.forced &&
	    cur.x->alpha.list_mode != GL_COMPILE)
		after_blit(GL_COLOR_BUFFER_BIT, true);
}

static void w_BlitFramebuffer(GLint sx0, GLint sy0, GLint sx1, GLint sy1, GLint dx0,
			      GLint dy0, GLint dx1, GLint dy1, GLbitfield mask, GLenum filter)
{
	real.BlitFramebuffer(sx0, sy0, sx1, sy1, dx0, dy0, dx1, dy1, mask, filter);
	if (cur.draw)
		after_blit(mask, binding(GL_DRAW_FRAMEBUFFER_BINDING) == 0);
}

static void w_BlitFramebufferEXT(GLint sx0, GLint sy0, GLint sx1, GLint sy1, GLint dx0,
				 GLint dy0, GLint dx1, GLint dy1, GLbitfield mask, GLenum filter)
{
	real.BlitFramebufferEXT(sx0, sy0, sx1, sy1, dx0, dy0, dx1, dy1, mask, filter);
	if (cur.draw)
		after_blit(mask, binding(GL_DRAW_FRAMEBUFFER_BINDING) == 0);
}

static void w_BlitNamedFramebuffer(GLuint rfb, GLuint dfb, GLint sx0, GLint sy0, GLint sx1,
				   GLint sy1, GLint dx0, GLint dy0, GLint dx1, GLint dy1,
				   GLbitfield mask, GLenum filter)
{
	real.BlitNamedFramebuffer(rfb, dfb, sx0, sy0, sx1, sy1, dx0, dy0, dx1, dy1, mask, filter);
	after_blit(mask, dfb == 0);
}

/* ---- queries ---- */

/* The app's answer to glGet*v(pname) where it is not the driver's: its count of values
 * in v, or 0. */
static int app_answer(GLenum pname, GLint v[4])
{
	struct glr_context *x = cur.x;
	if (!x || !x->alpha.ready)
		return 0;
	if (pname == GL_ALPHA_BITS && cur.draw && binding(GL_DRAW_FRAMEBUFFER_BINDING) == 0) {
		v[0] = 0;
		return 1;
	}
	if (pname == GL_COLOR_WRITEMASK && x->alpha.forced) {
		for (int k = 0; k < 4; k++)
			v[k] = x->alpha.masks[0][k];
		return 4;
	}
	return 0;
}

/* The same for indexed queries (glGet*i_v). */
static int app_answer_i(GLenum target, GLuint index, GLint v[4])
{
	struct glr_context *x = cur.x;
	if (target != GL_COLOR_WRITEMASK || !x || !x->alpha.ready || !x->alpha.forced ||
	    index >= (GLuint)x->alpha.buffers)
		return 0;
	for (int k = 0; k < 4; k++)
		v[k] = x->alpha.masks[index][k];
	return 4;
}

#define GETV(NAME, T, CONV)                                                                  \
	static void w_##NAME(GLenum pname, T *data)                                          \
	{                                                                                    \
		real.NAME(pname, data);                                                      \
		GLint v[4];                                                                  \
		int n = app_answer(pname, v);                                                \
		for (int i = 0; i < n; i++)                                                  \
			data[i] = CONV(v[i]);                                                \
	}
#define GETI(NAME, T, CONV)                                                                  \
	static void w_##NAME(GLenum target, GLuint index, T *data)                           \
	{                                                                                    \
		real.NAME(target, index, data);                                              \
		GLint v[4];                                                                  \
		int n = app_answer_i(target, index, v);                                      \
		for (int i = 0; i < n; i++)                                                  \
			data[i] = CONV(v[i]);                                                \
	}
#define AS_BOOLEAN(v) ((v) ? GL_TRUE : GL_FALSE)
#define AS_INT(v) (v)
#define AS_INT64(v) ((GLint64)(v))
#define AS_FLOAT(v) ((GLfloat)(v))
#define AS_DOUBLE(v) ((GLdouble)(v))

GETV(GetBooleanv, GLboolean, AS_BOOLEAN)
GETV(GetIntegerv, GLint, AS_INT)
GETV(GetInteger64v, GLint64, AS_INT64)
GETV(GetFloatv, GLfloat, AS_FLOAT)
GETV(GetDoublev, GLdouble, AS_DOUBLE)
GETI(GetBooleani_v, GLboolean, AS_BOOLEAN)
GETI(GetIntegeri_v, GLint, AS_INT)
GETI(GetInteger64i_v, GLint64, AS_INT64)
GETI(GetFloati_v, GLfloat, AS_FLOAT)
GETI(GetDoublei_v, GLdouble, AS_DOUBLE)
GETI(GetBooleanIndexedvEXT, GLboolean, AS_BOOLEAN)
GETI(GetIntegerIndexedvEXT, GLint, AS_INT)
GETI(GetFloatIndexedvEXT, GLfloat, AS_FLOAT)
GETI(GetDoubleIndexedvEXT, GLdouble, AS_DOUBLE)

/* A colour buffer of the default framebuffer (the attachments it has, OpenGL 4.6 table
 * 9.1, and the aliases glGetFramebufferAttachmentParameteriv accepts for it). */
static bool window_color(GLenum attachment)
{
	switch (attachment) {
	case GL_FRONT_LEFT:
	case GL_FRONT_RIGHT:
	case GL_BACK_LEFT:
	case GL_BACK_RIGHT:
	case GL_FRONT:
	case GL_BACK:
	case GL_LEFT:
	case GL_RIGHT:
		return true;
	}
	return false;
}

static void attachment_alpha(GLenum target, GLenum attachment, GLenum pname, GLint *params)
{
	if (pname != GL_FRAMEBUFFER_ATTACHMENT_ALPHA_SIZE || !cur.x || !window_color(attachment))
		return;
	bool read = target == GL_READ_FRAMEBUFFER;
	if ((read ? cur.read : cur.draw) &&
	    binding(read ? GL_READ_FRAMEBUFFER_BINDING : GL_DRAW_FRAMEBUFFER_BINDING) == 0)
		params[0] = 0;
}

static void w_GetFramebufferAttachmentParameteriv(GLenum target, GLenum attachment,
						  GLenum pname, GLint *params)
{
	real.GetFramebufferAttachmentParameteriv(target, attachment, pname, params);
	attachment_alpha(target, attachment, pname, params);
}

static void w_GetFramebufferAttachmentParameterivEXT(GLenum target, GLenum attachment,
						     GLenum pname, GLint *params)
{
	real.GetFramebufferAttachmentParameterivEXT(target, attachment, pname, params);
	attachment_alpha(target, attachment, pname, params);
}

/* Framebuffer 0 of the DSA queries is the default draw framebuffer. */
static void w_GetNamedFramebufferAttachmentParameteriv(GLuint fb, GLenum attachment,
						       GLenum pname, GLint *params)
{
	real.GetNamedFramebufferAttachmentParameteriv(fb, attachment, pname, params);
	if (fb == 0 && pname == GL_FRAMEBUFFER_ATTACHMENT_ALPHA_SIZE && cur.x && cur.draw &&
	    window_color(attachment))
		params[0] = 0;
}

static void w_GetNamedFramebufferAttachmentParameterivEXT(GLuint fb, GLenum attachment,
							  GLenum pname, GLint *params)
{
	real.GetNamedFramebufferAttachmentParameterivEXT(fb, attachment, pname, params);
	if (fb == 0 && pname == GL_FRAMEBUFFER_ATTACHMENT_ALPHA_SIZE && cur.x && cur.draw &&
	    window_color(attachment))
		params[0] = 0;
}

void glr_alpha_wrap(void)
{
	real = glr_gl;
#define WRAP(f)                                                                              \
	do {                                                                                 \
		if (real.f)                                                                  \
			glr_gl.f = w_##f;                                                    \
	} while (0)
	WRAP(ColorMask);
	WRAP(ColorMaski);
	WRAP(ColorMaskIndexedEXT);
	WRAP(PushAttrib);
	WRAP(PopAttrib);
	WRAP(NewList);
	WRAP(EndList);
	WRAP(CallList);
	WRAP(CallLists);
	WRAP(BindFramebuffer);
	WRAP(BindFramebufferEXT);
	WRAP(DeleteFramebuffers);
	WRAP(DeleteFramebuffersEXT);
	WRAP(Clear);
	WRAP(ClearBufferfv);
	WRAP(ClearNamedFramebufferfv);
	WRAP(CopyPixels);
	WRAP(BlitFramebuffer);
	WRAP(BlitFramebufferEXT);
	WRAP(BlitNamedFramebuffer);
	WRAP(GetBooleanv);
	WRAP(GetIntegerv);
	WRAP(GetInteger64v);
	WRAP(GetFloatv);
	WRAP(GetDoublev);
	WRAP(GetBooleani_v);
	WRAP(GetIntegeri_v);
	WRAP(GetInteger64i_v);
	WRAP(GetFloati_v);
	WRAP(GetDoublei_v);
	WRAP(GetBooleanIndexedvEXT);
	WRAP(GetIntegerIndexedvEXT);
	WRAP(GetFloatIndexedvEXT);
	WRAP(GetDoubleIndexedvEXT);
	WRAP(GetFramebufferAttachmentParameteriv);
	WRAP(GetFramebufferAttachmentParameterivEXT);
	WRAP(GetNamedFramebufferAttachmentParameteriv);
	WRAP(GetNamedFramebufferAttachmentParameterivEXT);
#undef WRAP
}
