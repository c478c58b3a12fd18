/* glxfont.c — glXUseXFont on the guest: each glyph of an X font is drawn into a 1-bit
 * pixmap by the X server, read back with XGetImage, and compiled into a display list
 * holding one glBitmap (as the X server's GLX does it). Only core X11 requests. */
#include <GL/gl.h>
#include <GL/glx.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "fgl.h"
#include "glxint.h"

/* The metrics of character ch, or NULL when the font has none for it. */
static const XCharStruct *char_metrics(const XFontStruct *fs, unsigned ch)
{
	unsigned b1 = (ch >> 8) & 0xff, b2 = ch & 0xff;
	if (fs->min_byte1 == 0 && fs->max_byte1 == 0) {
		if (ch < fs->min_char_or_byte2 || ch > fs->max_char_or_byte2)
			return NULL;
		b1 = 0;
		b2 = ch;
	} else if (b1 < fs->min_byte1 || b1 > fs->max_byte1 || b2 < fs->min_char_or_byte2 ||
		   b2 > fs->max_char_or_byte2) {
		return NULL;
	}
	if (!fs->per_char)
		return &fs->min_bounds; /* a fixed font: every glyph the same */
	unsigned cols = fs->max_char_or_byte2 - fs->min_char_or_byte2 + 1;
	const XCharStruct *cs =
		&fs->per_char[(b1 - fs->min_byte1) * cols + (b2 - fs->min_char_or_byte2)];
	/* "A nonexistent character is represented with all members zero." */
	if (!cs->width && !cs->lbearing && !cs->rbearing && !cs->ascent && !cs->descent)
		return NULL;
	return cs;
}

FGL_EXPORT void glXUseXFont(Font font, int first, int count, int list_base)
{
	struct fgl_thread *t = fgl_tls;
	if (!t || !t->ctx || !t->ctx->dpy || count <= 0)
		return;
	Display *dpy = (Display *)t->ctx->dpy;
	XFontStruct *fs = XQueryFont(dpy, font);
	if (!fs) {
		fgl_glx_error(dpy, BadFont, false, font, 0);
		return;
	}
	int max_w = fs->max_bounds.rbearing - fs->min_bounds.lbearing;
	int max_h = fs->max_bounds.ascent + fs->max_bounds.descent;
	if (max_w < 1)
		max_w = 1;
	if (max_h < 1)
		max_h = 1;
	Pixmap pm = XCreatePixmap(dpy, RootWindow(dpy, DefaultScreen(dpy)), (unsigned)max_w,
				  (unsigned)max_h, 1);
	XGCValues gv = {.foreground = 0, .background = 0, .font = font};
	GC gc = XCreateGC(dpy, pm, GCForeground | GCBackground | GCFont, &gv);
	size_t stride = ((size_t)max_w + 7) / 8;
	GLubyte *bits = malloc(stride * (size_t)max_h);
	if (!bits)
		goto cleanup;

	glPushClientAttrib(GL_CLIENT_PIXEL_STORE_BIT);
	glPixelStorei(GL_UNPACK_SWAP_BYTES, GL_FALSE);
	glPixelStorei(GL_UNPACK_LSB_FIRST, GL_FALSE);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
	glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
	for (int i = 0; i < count; i++) {
		unsigned ch = (unsigned)(first + i);
		const XCharStruct *cs = char_metrics(fs, ch);
		glNewList((GLuint)(list_base + i), GL_COMPILE);
		if (cs) {
			int w = cs->rbearing - cs->lbearing, h = cs->ascent + cs->descent;
			GLfloat xorig = (GLfloat)-cs->lbearing, yorig = (GLfloat)cs->descent;
			if (w > 0 && h > 0 && w <= max_w && h <= max_h) {
				XSetForeground(dpy, gc, 0);
				XFillRectangle(dpy, pm, gc, 0, 0, (unsigned)max_w, (unsigned)max_h);
				XSetForeground(dpy, gc, 1);
				XChar2b c2 = {(unsigned char)(ch >> 8), (unsigned char)ch};
				if (fs->min_byte1 == 0 && fs->max_byte1 == 0) {
					char c = (char)ch;
					XDrawString(dpy, pm, gc, -cs->lbearing, cs->ascent, &c, 1);
				} else {
					XDrawString16(dpy, pm, gc, -cs->lbearing, cs->ascent, &c2, 1);
				}
				XImage *img = XGetImage(dpy, pm, 0, 0, (unsigned)w, (unsigned)h, 1,
							XYPixmap);
				size_t row = ((size_t)w + 7) / 8;
				memset(bits, 0, row * (size_t)h);
				/* glBitmap rows go bottom up, MSB first. */
				for (int y = 0; img && y < h; y++)
					for (int x = 0; x < w; x++)
						if (XGetPixel(img, x, y))
							bits[(size_t)(h - 1 - y) * row + (size_t)x / 8] |=
								(GLubyte)(0x80 >> (x % 8));
				if (img)
					XDestroyImage(img);
				glBitmap(w, h, xorig, yorig, (GLfloat)cs->width, 0, bits);
			} else {
				/* a glyph with no pixels (space) still advances */
				glBitmap(0, 0, 0, 0, (GLfloat)cs->width, 0, NULL);
			}
		}
		glEndList();
	}
	glPopClientAttrib();
cleanup:
	free(bits);
	XFreeGC(dpy, gc);
	XFreePixmap(dpy, pm);
	XFreeFontInfo(NULL, fs, 1);
}
