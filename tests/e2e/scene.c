/* scene.c — guards against a forwarded GL path that draws differently from native GL:
 * one deterministic GLX scene that touches immediate mode, client arrays, a VBO, an
 * odd-sized texture with unusual pixel store, a GLSL program with a uniform, a display
 * list and queries; it writes what glReadPixels gives and what the X window shows.
 *
 * Only GLX and GL <= 2.1 entry points, linked against -lGL -lX11 alone, so the same
 * binary runs on the system's libGL and on ours (LD_LIBRARY_PATH).
 *
 *   scene [--out-gl FILE] [--out-x FILE] [--size WxH] [--resize WxH] [--loop SECONDS]
 *
 * --loop (a benchmark, issue 6): after the checks, draw and swap the scene for SECONDS
 * with no glGetError between frames, then print "scene: N frames in S seconds = F FPS".
 *
 * Both outputs are binary PPM (P6), rows top-down. Exit 0 on success, 1 with one
 * line on stderr saying which stage failed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* nanosleep; meson defines it already */
#endif
#define GL_GLEXT_PROTOTYPES 1 /* the VBO calls below are called directly */
#include <GL/gl.h>
#include <GL/glext.h>
#include <GL/glx.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int width = 253; /* odd on purpose: catches stride and alignment bugs */
static int height = 191;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("scene: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int looping; /* --loop: no glGetError (a round trip when forwarded) per stage */

static void check(const char *stage)
{
	if (looping)
		return;
	GLenum e = glGetError();
	if (e == GL_NO_ERROR)
		return;
	fprintf(stderr, "scene: GL error 0x%04x after stage '%s'", (unsigned)e, stage);
	/* drain: glGetError may hold several flags */
	for (int i = 0; i < 16 && (e = glGetError()) != GL_NO_ERROR; i++)
		fprintf(stderr, ", 0x%04x", (unsigned)e);
	fputc('\n', stderr);
	exit(1);
}

static int x_error(Display *dpy, XErrorEvent *ev)
{
	char text[256];
	XGetErrorText(dpy, ev->error_code, text, sizeof text);
	die("X error: %s (request %d.%d, resource 0x%lx)", text, ev->request_code, ev->minor_code,
	    ev->resourceid);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* ---- GL 2.0 entry points through glXGetProcAddressARB ---------------------
 * Half of the shader calls come this way, the rest (and the VBO calls) are
 * called directly, so that both ways of reaching a function are exercised. */
static PFNGLCREATESHADERPROC p_glCreateShader;
static PFNGLSHADERSOURCEPROC p_glShaderSource;
static PFNGLCOMPILESHADERPROC p_glCompileShader;
static PFNGLGETSHADERIVPROC p_glGetShaderiv;
static PFNGLGETSHADERINFOLOGPROC p_glGetShaderInfoLog;
static PFNGLCREATEPROGRAMPROC p_glCreateProgram;
static PFNGLATTACHSHADERPROC p_glAttachShader;
static PFNGLLINKPROGRAMPROC p_glLinkProgram;
static PFNGLGETPROGRAMIVPROC p_glGetProgramiv;
static PFNGLGETPROGRAMINFOLOGPROC p_glGetProgramInfoLog;
static PFNGLGETUNIFORMLOCATIONPROC p_glGetUniformLocation;

typedef void (*any_proc)(void); /* function to function pointer casts are ISO C */

static any_proc load(const char *name)
{
	any_proc p = (any_proc)glXGetProcAddressARB((const GLubyte *)name);
	if (!p)
		die("glXGetProcAddressARB(\"%s\") returned NULL", name);
	return p;
}

static void load_procs(void)
{
	p_glCreateShader = (PFNGLCREATESHADERPROC)load("glCreateShader");
	p_glShaderSource = (PFNGLSHADERSOURCEPROC)load("glShaderSource");
	p_glCompileShader = (PFNGLCOMPILESHADERPROC)load("glCompileShader");
	p_glGetShaderiv = (PFNGLGETSHADERIVPROC)load("glGetShaderiv");
	p_glGetShaderInfoLog = (PFNGLGETSHADERINFOLOGPROC)load("glGetShaderInfoLog");
	p_glCreateProgram = (PFNGLCREATEPROGRAMPROC)load("glCreateProgram");
	p_glAttachShader = (PFNGLATTACHSHADERPROC)load("glAttachShader");
	p_glLinkProgram = (PFNGLLINKPROGRAMPROC)load("glLinkProgram");
	p_glGetProgramiv = (PFNGLGETPROGRAMIVPROC)load("glGetProgramiv");
	p_glGetProgramInfoLog = (PFNGLGETPROGRAMINFOLOGPROC)load("glGetProgramInfoLog");
	p_glGetUniformLocation = (PFNGLGETUNIFORMLOCATIONPROC)load("glGetUniformLocation");
}

/* ---- resources made once ------------------------------------------------- */

static GLuint vbo, tex, prog, list;
static GLint u_color;

static GLuint compile(GLenum kind, const char *src)
{
	GLuint s = p_glCreateShader(kind);
	GLint ok = 0;
	p_glShaderSource(s, 1, &src, NULL);
	p_glCompileShader(s);
	p_glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		char log[4096] = "";
		p_glGetShaderInfoLog(s, sizeof log, NULL, log);
		die("%s shader does not compile:\n%s",
		    kind == GL_VERTEX_SHADER ? "vertex" : "fragment", log);
	}
	return s;
}

static void make_program(void)
{
	static const char *vs = "#version 110\n"
	                        "varying vec2 v_pos;\n"
	                        "void main() {\n"
	                        "  gl_Position = ftransform();\n"
	                        "  v_pos = gl_Vertex.xy;\n"
	                        "  gl_FrontColor = gl_Color;\n"
	                        "}\n";
	static const char *fs = "#version 110\n"
	                        "uniform vec4 u_color;\n"
	                        "varying vec2 v_pos;\n"
	                        "void main() {\n"
	                        "  float stripe = step(0.5, fract(v_pos.x * 20.0));\n"
	                        "  gl_FragColor = mix(gl_Color, u_color, 0.25 + 0.5 * stripe);\n"
	                        "}\n";
	GLint ok = 0;
	prog = p_glCreateProgram();
	p_glAttachShader(prog, compile(GL_VERTEX_SHADER, vs));
	p_glAttachShader(prog, compile(GL_FRAGMENT_SHADER, fs));
	p_glLinkProgram(prog);
	p_glGetProgramiv(prog, GL_LINK_STATUS, &ok);
	if (!ok) {
		char log[4096] = "";
		p_glGetProgramInfoLog(prog, sizeof log, NULL, log);
		die("program does not link:\n%s", log);
	}
	u_color = p_glGetUniformLocation(prog, "u_color");
	if (u_color < 0)
		die("glGetUniformLocation(\"u_color\") = %d", u_color);
}

static void make_texture(void)
{
	/* 5x3 GL_RGB: 15-byte rows, packed with GL_UNPACK_ALIGNMENT 1 */
	static const GLubyte texels[3][5][3] = {
	    {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {0, 255, 255}},
	    {{255, 0, 255}, {255, 255, 255}, {40, 40, 40}, {128, 0, 0}, {0, 128, 0}},
	    {{0, 0, 128}, {128, 128, 0}, {0, 128, 128}, {128, 0, 128}, {200, 100, 50}},
	};
	/* a 7-pixel-wide source with a 1-pixel border around a 2x2 patch, for
	 * glTexSubImage2D with ROW_LENGTH/SKIP_* set: only the patch must travel */
	GLubyte src[4][7][3];
	memset(src, 0x11, sizeof src);
	for (int y = 1; y < 3; y++)
		for (int x = 1; x < 3; x++) {
			src[y][x][0] = (GLubyte)(60 * x);
			src[y][x][1] = 250;
			src[y][x][2] = (GLubyte)(90 * y);
		}

	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB, 5, 3, 0, GL_RGB, GL_UNSIGNED_BYTE, texels);
	check("texture upload");
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 7);
	glPixelStorei(GL_UNPACK_SKIP_PIXELS, 1);
	glPixelStorei(GL_UNPACK_SKIP_ROWS, 1);
	glTexSubImage2D(GL_TEXTURE_2D, 0, 3, 1, 2, 2, GL_RGB, GL_UNSIGNED_BYTE, src);
	glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
	glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
	glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
	glBindTexture(GL_TEXTURE_2D, 0);
	check("texture sub-image with row length and skips");
}

static void make_vbo(void)
{
	/* a fan of 6 triangles; the first 2 vertices are padding that the
	 * glVertexPointer offset skips */
	/* a hexagon, closed; exact decimals, so that nothing hinges on libm */
	static const float c[7] = {1.0f, 0.5f, -0.5f, -1.0f, -0.5f, 0.5f, 1.0f};
	static const float s[7] = {0.0f, 0.875f, 0.875f, 0.0f, -0.875f, -0.875f, 0.0f};
	GLfloat v[2 + 8][2] = {{9, 9}, {9, 9}, {0.0f, 0.0f}};
	for (int i = 0; i < 7; i++) {
		v[3 + i][0] = 0.2f * c[i];
		v[3 + i][1] = 0.2f * s[i];
	}
	glGenBuffers(1, &vbo);
	glBindBuffer(GL_ARRAY_BUFFER, vbo);
	glBufferData(GL_ARRAY_BUFFER, sizeof v, v, GL_STATIC_DRAW);
	glBindBuffer(GL_ARRAY_BUFFER, 0);
	check("VBO creation");
}

static void make_list(void)
{
	list = glGenLists(1);
	if (!list)
		die("glGenLists(1) returned 0");
	glNewList(list, GL_COMPILE);
	glBegin(GL_QUADS);
	glColor3ub(250, 130, 10);
	glVertex2f(-0.08f, -0.08f);
	glVertex2f(0.08f, -0.08f);
	glColor3ub(10, 130, 250);
	glVertex2f(0.08f, 0.08f);
	glVertex2f(-0.08f, 0.08f);
	glEnd();
	glEndList();
	if (!glIsList(list))
		die("glIsList(%u) is false after glEndList", list);
	check("display list compilation");
}

/* ---- the scene ------------------------------------------------------------ */

static void draw(void)
{
	glViewport(0, 0, width, height);
	glClearColor(0.1f, 0.2f, 0.3f, 1.0f);
	glClearDepth(1.0);
	glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
	glMatrixMode(GL_PROJECTION);
	glLoadIdentity();
	glOrtho(-1, 1, -1, 1, -1, 1);
	glMatrixMode(GL_MODELVIEW);
	glLoadIdentity();
	glDisable(GL_DITHER);
	glDisable(GL_BLEND);
	glDisable(GL_LIGHTING);
	glShadeModel(GL_SMOOTH);
	glEnable(GL_DEPTH_TEST);
	glDepthFunc(GL_LESS);
	check("state setup");

	/* 1. immediate mode, with depth: the green triangle is drawn second but
	 * lies behind the red one */
	glBegin(GL_TRIANGLES);
	glColor3f(1, 0, 0);
	glVertex3f(-0.95f, 0.15f, 0.5f);
	glColor3f(1, 1, 0);
	glVertex3f(-0.35f, 0.15f, 0.5f);
	glColor3f(1, 0, 1);
	glVertex3f(-0.65f, 0.9f, 0.5f);
	glColor3f(0, 1, 0);
	glVertex3f(-0.9f, 0.8f, -0.5f);
	glVertex3f(-0.4f, 0.8f, -0.5f);
	glVertex3f(-0.65f, 0.05f, -0.5f);
	glEnd();
	check("immediate mode");

	/* 2. client-side arrays, interleaved with a 12-byte stride, drawn with
	 * glDrawElements and indices that skip the first vertices */
	static const struct {
		GLfloat x, y;
		GLubyte r, g, b, a;
	} verts[] = {
	    {7, 7, 0, 0, 0, 255},
	    {7, 7, 0, 0, 0, 255},
	    {-0.25f, 0.15f, 255, 128, 0, 255},
	    {0.25f, 0.15f, 0, 255, 128, 255},
	    {0.25f, 0.9f, 128, 0, 255, 255},
	    {-0.25f, 0.9f, 255, 255, 255, 255},
	    {0.0f, 0.5f, 0, 0, 0, 255},
	};
	static const GLushort idx[] = {2, 3, 6, 3, 4, 6, 4, 5, 6, 5, 2, 6};
	glEnableClientState(GL_VERTEX_ARRAY);
	glEnableClientState(GL_COLOR_ARRAY);
	glVertexPointer(2, GL_FLOAT, sizeof verts[0], &verts[0].x);
	glColorPointer(4, GL_UNSIGNED_BYTE, sizeof verts[0], &verts[0].r);
	glDrawElements(GL_TRIANGLES, 12, GL_UNSIGNED_SHORT, idx);
	glDisableClientState(GL_COLOR_ARRAY);
	check("client arrays with glDrawElements");

	/* 3. a VBO, with an offset into it */
	glPushMatrix();
	glTranslatef(0.65f, 0.5f, 0.0f);
	glColor3ub(30, 200, 90);
	glBindBuffer(GL_ARRAY_BUFFER, vbo);
	glVertexPointer(2, GL_FLOAT, 0, (const void *)(2 * 2 * sizeof(GLfloat)));
	glDrawArrays(GL_TRIANGLE_FAN, 0, 8);
	glBindBuffer(GL_ARRAY_BUFFER, 0);
	glDisableClientState(GL_VERTEX_ARRAY);
	glPopMatrix();
	check("VBO with glDrawArrays");

	/* 4. the texture on a quad, texels mapped one to many */
	glEnable(GL_TEXTURE_2D);
	glBindTexture(GL_TEXTURE_2D, tex);
	glTexEnvi(GL_TEXTURE_ENV, GL_TEXTURE_ENV_MODE, GL_REPLACE);
	glBegin(GL_QUADS);
	glTexCoord2f(0, 0);
	glVertex2f(-0.95f, -0.9f);
	glTexCoord2f(1, 0);
	glVertex2f(-0.35f, -0.9f);
	glTexCoord2f(1, 1);
	glVertex2f(-0.35f, -0.1f);
	glTexCoord2f(0, 1);
	glVertex2f(-0.95f, -0.1f);
	glEnd();
	glBindTexture(GL_TEXTURE_2D, 0);
	glDisable(GL_TEXTURE_2D);
	check("textured quad");

	/* 5. the GLSL program with a uniform; glUseProgram and glUniform4f are
	 * called directly (GL_GLEXT_PROTOTYPES) */
	glUseProgram(prog);
	glUniform4f(u_color, 0.9f, 0.8f, 0.1f, 1.0f);
	glBegin(GL_TRIANGLES);
	glColor3f(0.0f, 0.3f, 1.0f);
	glVertex2f(-0.25f, -0.9f);
	glColor3f(1.0f, 0.0f, 0.3f);
	glVertex2f(0.25f, -0.9f);
	glColor3f(0.3f, 1.0f, 0.0f);
	glVertex2f(0.0f, -0.1f);
	glEnd();
	glUseProgram(0);
	check("GLSL program with a uniform");

	/* 6. the display list, called three times under different matrices */
	for (int i = 0; i < 3; i++) {
		glPushMatrix();
		glTranslatef(0.45f + 0.2f * (float)i, -0.3f - 0.2f * (float)i, 0.0f);
		glRotatef(30.0f * (float)i, 0, 0, 1);
		glCallList(list);
		glPopMatrix();
	}
	check("display list calls");

	/* 7. lines and points, flat shading */
	glShadeModel(GL_FLAT);
	glColor3ub(255, 255, 255);
	glBegin(GL_LINE_LOOP);
	glVertex2f(-0.98f, -0.98f);
	glVertex2f(0.98f, -0.98f);
	glVertex2f(0.98f, 0.98f);
	glVertex2f(-0.98f, 0.98f);
	glEnd();
	glPointSize(3.0f);
	glBegin(GL_POINTS);
	for (int i = 0; i < 10; i++) {
		glColor3ub((GLubyte)(25 * i), (GLubyte)(255 - 25 * i), 128);
		glVertex2f(0.3f + 0.06f * (float)i, 0.05f);
	}
	glEnd();
	glShadeModel(GL_SMOOTH);
	check("lines and points");
}

/* Queries whose answers the guest must get right (from the host or its own
 * shadow state). */
static void queries(void)
{
	GLint vp[4] = {0};
	GLfloat col[4] = {0};
	GLint align = 0;

	glGetIntegerv(GL_VIEWPORT, vp);
	if (vp[0] != 0 || vp[1] != 0 || vp[2] != width || vp[3] != height)
		die("glGetIntegerv(GL_VIEWPORT) = %d %d %d %d, expected 0 0 %d %d", vp[0], vp[1],
		    vp[2], vp[3], width, height);
	glColor4f(0.25f, 0.5f, 0.75f, 1.0f);
	glGetFloatv(GL_CURRENT_COLOR, col);
	if (col[0] != 0.25f || col[1] != 0.5f || col[2] != 0.75f || col[3] != 1.0f)
		die("glGetFloatv(GL_CURRENT_COLOR) = %g %g %g %g, expected 0.25 0.5 0.75 1", col[0],
		    col[1], col[2], col[3]);
	if (!glIsEnabled(GL_DEPTH_TEST) || glIsEnabled(GL_DITHER))
		die("glIsEnabled: GL_DEPTH_TEST %d, GL_DITHER %d; expected 1, 0",
		    glIsEnabled(GL_DEPTH_TEST), glIsEnabled(GL_DITHER));
	glGetIntegerv(GL_UNPACK_ALIGNMENT, &align);
	if (align != 4)
		die("glGetIntegerv(GL_UNPACK_ALIGNMENT) = %d, expected 4", align);
	if (!glIsTexture(tex) || !glIsBuffer(vbo) || !glIsProgram(prog))
		die("glIsTexture/glIsBuffer/glIsProgram: %d %d %d, expected 1 1 1",
		    glIsTexture(tex), glIsBuffer(vbo), glIsProgram(prog));
	check("queries");
}

/* ---- images ---------------------------------------------------------------- */

/* rgb: width*height*3 bytes, rows top-down */
static void write_ppm(const char *path, const uint8_t *rgb)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		die("cannot write %s: %s", path, strerror(errno));
	fprintf(f, "P6\n%d %d\n255\n", width, height);
	fwrite(rgb, 3, (size_t)width * (size_t)height, f);
	if (fclose(f) != 0)
		die("cannot write %s: %s", path, strerror(errno));
}

/* The back buffer, read twice: GL_RGBA with pack alignment 1, and GL_RGB with
 * the default alignment 4 (rows of 759 bytes padded to 760); both must agree.
 * Returns the RGB image top-down. */
static uint8_t *read_gl(void)
{
	size_t n = (size_t)width * (size_t)height;
	size_t stride4 = ((size_t)width * 3 + 3) & ~(size_t)3;
	uint8_t *rgba = malloc(n * 4);
	uint8_t *padded = malloc(stride4 * (size_t)height + 16);
	uint8_t *rgb = malloc(n * 3);
	if (!rgba || !padded || !rgb)
		die("out of memory");
	memset(padded, 0xa5, stride4 * (size_t)height + 16);

	glPixelStorei(GL_PACK_ALIGNMENT, 1);
	glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
	glPixelStorei(GL_PACK_ALIGNMENT, 4);
	glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, padded);
	check("glReadPixels");

	for (int y = 0; y < height; y++) {
		const uint8_t *src = rgba + (size_t)(height - 1 - y) * (size_t)width * 4;
		const uint8_t *alt = padded + (size_t)(height - 1 - y) * stride4;
		uint8_t *dst = rgb + (size_t)y * (size_t)width * 3;
		for (int x = 0; x < width; x++) {
			for (int c = 0; c < 3; c++) {
				if (src[4 * x + c] != alt[3 * x + c])
					die("glReadPixels GL_RGBA/alignment 1 and GL_RGB/alignment "
					    "4 "
					    "differ at (%d,%d) channel %d: %u vs %u",
					    x, height - 1 - y, c, src[4 * x + c], alt[3 * x + c]);
				dst[3 * x + c] = src[4 * x + c];
			}
		}
	}
	for (size_t i = stride4 * (size_t)height; i < stride4 * (size_t)height + 16; i++)
		if (padded[i] != 0xa5)
			die("glReadPixels wrote past the end of the buffer");
	free(rgba);
	free(padded);
	return rgb;
}

static int mask_shift(unsigned long mask)
{
	int s = 0;
	if (!mask)
		return 0;
	while (!(mask & 1)) {
		mask >>= 1;
		s++;
	}
	return s;
}

static unsigned channel(unsigned long pixel, unsigned long mask)
{
	unsigned long v = (pixel & mask) >> mask_shift(mask);
	unsigned long max = mask >> mask_shift(mask);
	return max ? (unsigned)((v * 255 + max / 2) / max) : 0;
}

/* What the X server has in the window, as RGB top-down. */
static uint8_t *read_x(Display *dpy, Window win)
{
	XImage *img =
	    XGetImage(dpy, win, 0, 0, (unsigned)width, (unsigned)height, AllPlanes, ZPixmap);
	if (!img)
		die("XGetImage of the window failed");
	uint8_t *rgb = malloc((size_t)width * (size_t)height * 3);
	if (!rgb)
		die("out of memory");
	for (int y = 0; y < height; y++)
		for (int x = 0; x < width; x++) {
			unsigned long p = XGetPixel(img, x, y);
			uint8_t *d = rgb + ((size_t)y * (size_t)width + (size_t)x) * 3;
			d[0] = (uint8_t)channel(p, img->red_mask);
			d[1] = (uint8_t)channel(p, img->green_mask);
			d[2] = (uint8_t)channel(p, img->blue_mask);
		}
	XDestroyImage(img);
	return rgb;
}

static void frame(Display *dpy, Window win)
{
	draw();
	glXSwapBuffers(dpy, win);
	check("glXSwapBuffers");
}

/* Resize the window after the context is current and a frame was shown at the old
 * size: the drawable must follow (GLX resizes a window's buffers with the window). */
static void resize_window(Display *dpy, Window win, int w, int h)
{
	XSizeHints hints = {0};
	hints.flags = PSize | PMinSize | PMaxSize;
	hints.width = hints.min_width = hints.max_width = w;
	hints.height = hints.min_height = hints.max_height = h;
	XSetWMNormalHints(dpy, win, &hints);
	XResizeWindow(dpy, win, (unsigned)w, (unsigned)h);
	for (XEvent ev;;) {
		XNextEvent(dpy, &ev);
		if (ev.type == ConfigureNotify && ev.xconfigure.window == win &&
		    ev.xconfigure.width == w && ev.xconfigure.height == h)
			break;
	}
	width = w;
	height = h;
}

int main(int argc, char **argv)
{
	int resize_w = 0, resize_h = 0;
	double loop_seconds = 0;
	const char *out_gl = NULL, *out_x = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--out-gl") && i + 1 < argc)
			out_gl = argv[++i];
		else if (!strcmp(argv[i], "--out-x") && i + 1 < argc)
			out_x = argv[++i];
		else if (!strcmp(argv[i], "--size") && i + 1 < argc) {
			if (sscanf(argv[++i], "%dx%d", &width, &height) != 2 || width < 16 ||
			    height < 16 || width > 4096 || height > 4096)
				die("bad --size '%s' (WxH, 16..4096)", argv[i]);
		} else if (!strcmp(argv[i], "--resize") && i + 1 < argc) {
			if (sscanf(argv[++i], "%dx%d", &resize_w, &resize_h) != 2 || resize_w < 16 ||
			    resize_h < 16 || resize_w > 4096 || resize_h > 4096)
				die("bad --resize '%s' (WxH, 16..4096)", argv[i]);
		} else if (!strcmp(argv[i], "--loop") && i + 1 < argc) {
			loop_seconds = strtod(argv[++i], NULL);
			if (!(loop_seconds > 0 && loop_seconds <= 3600))
				die("bad --loop '%s' (seconds, up to 3600)", argv[i]);
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: %s [--out-gl FILE] [--out-x FILE] [--size WxH] [--resize WxH] "
			       "[--loop SECONDS]\n",
			       argv[0]);
			return 0;
		} else
			die("unknown argument '%s' (try --help)", argv[i]);
	}

	Display *dpy = XOpenDisplay(NULL);
	if (!dpy)
		die("cannot open display '%s'", XDisplayName(NULL));
	XSetErrorHandler(x_error);
	int scr = DefaultScreen(dpy);

	int err_base, ev_base;
	if (!glXQueryExtension(dpy, &err_base, &ev_base))
		die("glXQueryExtension: no GLX");
	int attribs[] = {
	    GLX_RGBA, GLX_DOUBLEBUFFER, GLX_RED_SIZE, 8,   GLX_GREEN_SIZE, 8, GLX_BLUE_SIZE,
	    8,        GLX_DEPTH_SIZE,   16,           None};
	XVisualInfo *vi = glXChooseVisual(dpy, scr, attribs);
	if (!vi)
		die("glXChooseVisual: no double-buffered RGB visual with depth");

	Window root = RootWindow(dpy, scr);
	XSetWindowAttributes swa = {0};
	swa.colormap = XCreateColormap(dpy, root, vi->visual, AllocNone);
	swa.border_pixel = 0;
	swa.background_pixmap = None; /* no server-side clears between our frames */
	swa.event_mask = StructureNotifyMask | ExposureMask;
	Window win = XCreateWindow(dpy, root, 0, 0, (unsigned)width, (unsigned)height, 0, vi->depth,
	                           InputOutput, vi->visual,
	                           CWColormap | CWBorderPixel | CWBackPixmap | CWEventMask, &swa);
	XStoreName(dpy, win, "fakegl scene");
	XSizeHints hints = {0};
	hints.flags = PSize | PMinSize | PMaxSize;
	hints.width = hints.min_width = hints.max_width = width;
	hints.height = hints.min_height = hints.max_height = height;
	XSetWMNormalHints(dpy, win, &hints);
	XMapWindow(dpy, win);
	for (XEvent ev;;) {
		XNextEvent(dpy, &ev);
		if (ev.type == MapNotify && ev.xmap.window == win)
			break;
	}

	GLXContext ctx = glXCreateContext(dpy, vi, NULL, True);
	if (!ctx)
		die("glXCreateContext failed");
	if (!glXMakeCurrent(dpy, win, ctx))
		die("glXMakeCurrent failed");
	const char *version = (const char *)glGetString(GL_VERSION);
	if (!version)
		die("glGetString(GL_VERSION) is NULL");
	int major = 0, minor = 0;
	if (sscanf(version, "%d.%d", &major, &minor) != 2 || major * 10 + minor < 21)
		die("GL_VERSION '%s': need 2.1", version);
	check("context creation");

	load_procs();
	make_program();
	make_texture();
	make_vbo();
	make_list();

	if (resize_w) {
		/* a frame at the first size, then the new size for the rest */
		draw();
		glXSwapBuffers(dpy, win);
		glFinish();
		resize_window(dpy, win, resize_w, resize_h);
		/* glXSwapBuffers is where a forwarder learns of the new size at the latest */
		glClear(GL_COLOR_BUFFER_BIT);
		glXSwapBuffers(dpy, win);
		check("resize");
	}

	/* frame 1: read back the back buffer before the swap */
	draw();
	queries();
	glFinish();
	uint8_t *gl_img = read_gl();
	if (out_gl)
		write_ppm(out_gl, gl_img);
	glXSwapBuffers(dpy, win);
	check("glXSwapBuffers");

	/* frame 2, identical: a forwarder may show frames one swap late */
	frame(dpy, win);
	glFinish();
	XSync(dpy, False);

	/* Wait (bounded) until the window shows what GL drew; redraw and swap
	 * again between tries, so that a pipelined forwarder gets every chance.
	 * What is in the window at the end is written either way: the caller
	 * compares it with the native run. */
	uint8_t *x_img = NULL;
	int tries = 0;
	for (;; tries++) {
		free(x_img);
		x_img = read_x(dpy, win);
		if (!memcmp(x_img, gl_img, (size_t)width * (size_t)height * 3) || tries == 30)
			break;
		sleep_ms(100);
		frame(dpy, win);
		glFinish();
		XSync(dpy, False);
	}
	if (tries == 30)
		fprintf(stderr,
		        "scene: warning: after %d tries the window still differs from "
		        "glReadPixels\n",
		        tries);
	if (out_x)
		write_ppm(out_x, x_img);

	if (loop_seconds > 0) {
		struct timespec a, b;
		long frames = 0;
		double t = 0;
		looping = 1;
		clock_gettime(CLOCK_MONOTONIC, &a);
		do {
			for (int k = 0; k < 10; k++, frames++) {
				draw();
				glXSwapBuffers(dpy, win);
			}
			clock_gettime(CLOCK_MONOTONIC, &b);
			t = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
		} while (t < loop_seconds);
		looping = 0;
		check("--loop");
		printf("scene: %ld frames in %.2f seconds = %.1f FPS\n", frames, t, (double)frames / t);
	}

	glDeleteLists(list, 1);
	glDeleteTextures(1, &tex);
	glDeleteBuffers(1, &vbo);
	glDeleteProgram(prog);
	check("deleting objects");
	glXMakeCurrent(dpy, None, NULL);
	glXDestroyContext(dpy, ctx);
	XFree(vi);
	XDestroyWindow(dpy, win);
	XCloseDisplay(dpy);
	free(gl_img);
	free(x_img);
	return 0;
}
