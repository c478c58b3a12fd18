/* mapbuf.c — guards against buffer maps that lose, invent or misplace bytes when
 * forwarded: every glMapBuffer* access mode, flushes, named and persistent maps, the map
 * state queries and the errors GL raises, each followed by a checksum of the whole
 * buffer as GL holds it, then draws from mapped vertex buffers and a checksum of the
 * pixels. The same binary runs on the system's libGL and on ours; the e2e script
 * compares the two outputs line by line.
 *
 *   mapbuf            prints one line per check on stdout; exit 0, or 1 with a line on
 *                     stderr naming the failed stage
 *
 * Needs GL 4.5 (compatibility profile from glXCreateContext, as Mesa gives). */
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#include <GL/glx.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glxwin.h"

#define W 64
#define H 64
#define SIZE 4096

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("mapbuf: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

#define PROCS(X)                                                                                   \
	X(PFNGLGENBUFFERSPROC, glGenBuffers)                                                       \
	X(PFNGLBINDBUFFERPROC, glBindBuffer)                                                       \
	X(PFNGLBINDBUFFERBASEPROC, glBindBufferBase)                                               \
	X(PFNGLBUFFERDATAPROC, glBufferData)                                                       \
	X(PFNGLBUFFERSTORAGEPROC, glBufferStorage)                                                 \
	X(PFNGLGETBUFFERSUBDATAPROC, glGetBufferSubData)                                           \
	X(PFNGLMAPBUFFERPROC, glMapBuffer)                                                         \
	X(PFNGLMAPBUFFERARBPROC, glMapBufferARB)                                                   \
	X(PFNGLUNMAPBUFFERARBPROC, glUnmapBufferARB)                                               \
	X(PFNGLMAPBUFFERRANGEPROC, glMapBufferRange)                                               \
	X(PFNGLFLUSHMAPPEDBUFFERRANGEPROC, glFlushMappedBufferRange)                               \
	X(PFNGLUNMAPBUFFERPROC, glUnmapBuffer)                                                     \
	X(PFNGLGETBUFFERPARAMETERIVPROC, glGetBufferParameteriv)                                   \
	X(PFNGLGETBUFFERPARAMETERI64VPROC, glGetBufferParameteri64v)                               \
	X(PFNGLGETBUFFERPOINTERVPROC, glGetBufferPointerv)                                         \
	X(PFNGLCREATEBUFFERSPROC, glCreateBuffers)                                                 \
	X(PFNGLNAMEDBUFFERSTORAGEPROC, glNamedBufferStorage)                                       \
	X(PFNGLMAPNAMEDBUFFERPROC, glMapNamedBuffer)                                               \
	X(PFNGLMAPNAMEDBUFFERRANGEPROC, glMapNamedBufferRange)                                     \
	X(PFNGLFLUSHMAPPEDNAMEDBUFFERRANGEPROC, glFlushMappedNamedBufferRange)                     \
	X(PFNGLUNMAPNAMEDBUFFERPROC, glUnmapNamedBuffer)                                           \
	X(PFNGLGETNAMEDBUFFERPARAMETERIVPROC, glGetNamedBufferParameteriv)                         \
	X(PFNGLGETNAMEDBUFFERPOINTERVPROC, glGetNamedBufferPointerv)                               \
	X(PFNGLDELETEBUFFERSPROC, glDeleteBuffers)                                                 \
	X(PFNGLBUFFERSUBDATAPROC, glBufferSubData)                                                 \
	X(PFNGLNAMEDBUFFERSUBDATAPROC, glNamedBufferSubData)                                       \
	X(PFNGLCOPYBUFFERSUBDATAPROC, glCopyBufferSubData)                                         \
	X(PFNGLMEMORYBARRIERPROC, glMemoryBarrier)

#define DECLARE(type, name) static type p_##name;
PROCS(DECLARE)

static void load_procs(void)
{
#define LOAD(type, name)                                                                           \
	if (!(p_##name = (type)glXGetProcAddressARB((const GLubyte *)#name)))                      \
		die("no %s", #name);
	PROCS(LOAD)
}

static uint32_t fnv(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static void errors(const char *stage)
{
	GLenum e = glGetError();
	if (e != GL_NO_ERROR)
		die("GL error 0x%04x after %s", (unsigned)e, stage);
}

/* What GL holds now in the buffer bound to GL_COPY_READ_BUFFER, as one checksum. */
static void report(const char *what, GLuint buffer)
{
	static uint8_t data[SIZE];
	GLint size = 0;
	p_glBindBuffer(GL_COPY_READ_BUFFER, buffer);
	p_glGetBufferParameteriv(GL_COPY_READ_BUFFER, GL_BUFFER_SIZE, &size);
	if (size < 0 || size > SIZE)
		die("%s: buffer size %d", what, size);
	memset(data, 0, sizeof data);
	p_glGetBufferSubData(GL_COPY_READ_BUFFER, 0, size, data);
	errors(what);
	printf("%-34s size %4d  fnv %08x  [0]=%02x [100]=%02x [150]=%02x [2001]=%02x [4095]=%02x\n",
	       what, size, fnv(data, (size_t)size), data[0], data[100], data[150],
	       data[2001 % size], data[(size_t)size - 1]);
}

static void map_state(const char *what, GLenum target, const void *ptr)
{
	GLint mapped = -1, flags = -1, access = -1;
	GLint64 offset = -1, length = -1;
	void *p = (void *)1;
	p_glGetBufferParameteriv(target, GL_BUFFER_MAPPED, &mapped);
	p_glGetBufferParameteriv(target, GL_BUFFER_ACCESS_FLAGS, &flags);
	p_glGetBufferParameteriv(target, GL_BUFFER_ACCESS, &access);
	p_glGetBufferParameteri64v(target, GL_BUFFER_MAP_OFFSET, &offset);
	p_glGetBufferParameteri64v(target, GL_BUFFER_MAP_LENGTH, &length);
	p_glGetBufferPointerv(target, GL_BUFFER_MAP_POINTER, &p);
	errors(what);
	printf("%-34s mapped %d flags 0x%02x access 0x%04x offset %lld length %lld pointer %s\n",
	       what, mapped, (unsigned)flags, (unsigned)access, (long long)offset,
	       (long long)length, p == ptr ? "same" : p ? "OTHER" : "null");
}

static void expect_error(const char *what, GLenum want)
{
	GLenum e = glGetError();
	printf("%-34s error 0x%04x\n", what, (unsigned)e);
	if (e != want)
		die("%s: error 0x%04x, expected 0x%04x", what, (unsigned)e, (unsigned)want);
	errors(what);
}

/* GL: "pointer - offset" is a multiple of GL_MIN_MAP_BUFFER_ALIGNMENT (at least 64). */
static void *must_at(void *p, uintptr_t offset, const char *what)
{
	if (!p)
		die("%s returned NULL (error 0x%04x)", what, (unsigned)glGetError());
	if (((uintptr_t)p - offset) % 64)
		die("%s: pointer %p - offset %lu not aligned to 64", what, p, (unsigned long)offset);
	return p;
}
#define must(p, what) must_at((p), 0, (what))

static void unmap(GLenum target, const char *what)
{
	GLboolean ok = p_glUnmapBuffer(target);
	if (ok != GL_TRUE)
		die("%s: glUnmapBuffer returned %d", what, ok);
	errors(what);
}

/* ---- the access modes on one mutable buffer ---- */

static GLuint legacy_and_range(void)
{
	uint8_t init[SIZE];
	for (int i = 0; i < SIZE; i++)
		init[i] = (uint8_t)(i * 7 + 3);
	GLuint b;
	p_glGenBuffers(1, &b);
	p_glBindBuffer(GL_ARRAY_BUFFER, b);
	p_glBufferData(GL_ARRAY_BUFFER, SIZE, init, GL_DYNAMIC_DRAW);
	report("initial", b);

	uint8_t *p = must(p_glMapBuffer(GL_ARRAY_BUFFER, GL_READ_ONLY), "MapBuffer READ_ONLY");
	map_state("  state READ_ONLY", GL_ARRAY_BUFFER, p);
	printf("%-34s fnv %08x\n", "MapBuffer READ_ONLY sees", fnv(p, SIZE));
	unmap(GL_ARRAY_BUFFER, "unmap READ_ONLY");
	map_state("  state after unmap", GL_ARRAY_BUFFER, NULL);

	p = must(p_glMapBuffer(GL_ARRAY_BUFFER, GL_WRITE_ONLY), "MapBuffer WRITE_ONLY");
	memset(p + 100, 0xaa, 100); /* the rest must stay as it was */
	unmap(GL_ARRAY_BUFFER, "unmap WRITE_ONLY");
	report("MapBuffer WRITE_ONLY [100,200)", b);

	p = must(p_glMapBufferARB(GL_ARRAY_BUFFER, GL_READ_WRITE_ARB), "MapBufferARB READ_WRITE");
	printf("%-34s fnv %08x\n", "MapBufferARB READ_WRITE sees", fnv(p, SIZE));
	for (int i = 0; i < 16; i++)
		p[i]++;
	if (p_glUnmapBufferARB(GL_ARRAY_BUFFER) != GL_TRUE)
		die("glUnmapBufferARB");
	report("MapBufferARB READ_WRITE [0,16)++", b);

	p = must_at(p_glMapBufferRange(GL_ARRAY_BUFFER, 1000, 500, GL_MAP_READ_BIT), 1000, "Range READ");
	map_state("  state Range READ", GL_ARRAY_BUFFER, p);
	printf("%-34s fnv %08x\n", "Range READ 1000+500 sees", fnv(p, 500));
	unmap(GL_ARRAY_BUFFER, "unmap Range READ");

	p = must_at(p_glMapBufferRange(GL_ARRAY_BUFFER, 2000, 100, GL_MAP_WRITE_BIT), 2000,
		    "Range WRITE");
	for (int i = 0; i < 100; i += 2)
		p[i] = (uint8_t)(0x40 + i); /* every other byte: the others stay */
	unmap(GL_ARRAY_BUFFER, "unmap Range WRITE");
	report("Range WRITE 2000+100 even bytes", b);

	p = must_at(p_glMapBufferRange(GL_ARRAY_BUFFER, 3000, 64,
				    GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_RANGE_BIT),
		 3000, "Range INVALIDATE_RANGE");
	memset(p, 0x33, 64);
	unmap(GL_ARRAY_BUFFER, "unmap INVALIDATE_RANGE");
	report("Range WRITE|INVALIDATE_RANGE", b);

	p = must_at(p_glMapBufferRange(GL_ARRAY_BUFFER, 64, 64,
				    GL_MAP_WRITE_BIT | GL_MAP_UNSYNCHRONIZED_BIT),
		 64, "Range UNSYNCHRONIZED");
	memset(p + 8, 0x5c, 8);
	unmap(GL_ARRAY_BUFFER, "unmap UNSYNCHRONIZED");
	report("Range WRITE|UNSYNCHRONIZED", b);

	p = must_at(p_glMapBufferRange(GL_ARRAY_BUFFER, 512, 1024,
				    GL_MAP_WRITE_BIT | GL_MAP_FLUSH_EXPLICIT_BIT),
		 512, "Range FLUSH_EXPLICIT");
	map_state("  state FLUSH_EXPLICIT", GL_ARRAY_BUFFER, p);
	/* Only flushed bytes are defined after the unmap: write only those. */
	memset(p, 0x11, 100);
	p_glFlushMappedBufferRange(GL_ARRAY_BUFFER, 0, 100);
	memset(p + 500, 0x22, 100);
	p_glFlushMappedBufferRange(GL_ARRAY_BUFFER, 500, 100);
	errors("FlushMappedBufferRange");
	unmap(GL_ARRAY_BUFFER, "unmap FLUSH_EXPLICIT");
	report("Range WRITE|FLUSH_EXPLICIT", b);

	p = must_at(p_glMapBufferRange(GL_ARRAY_BUFFER, 7, 333, GL_MAP_READ_BIT | GL_MAP_WRITE_BIT),
		    7, "Range READ|WRITE");
	printf("%-34s fnv %08x\n", "Range READ|WRITE 7+333 sees", fnv(p, 333));
	for (int i = 0; i < 333; i += 37)
		p[i] ^= 0xff;
	unmap(GL_ARRAY_BUFFER, "unmap READ|WRITE");
	report("Range READ|WRITE xor", b);

	p = must(p_glMapBufferRange(GL_ARRAY_BUFFER, 0, SIZE,
				    GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT),
		 "Range INVALIDATE_BUFFER");
	for (int i = 0; i < SIZE; i++)
		p[i] = (uint8_t)(i ^ (i >> 8));
	unmap(GL_ARRAY_BUFFER, "unmap INVALIDATE_BUFFER");
	report("Range WRITE|INVALIDATE_BUFFER", b);

	/* errors GL raises, with nothing changed */
	p = must(p_glMapBufferRange(GL_ARRAY_BUFFER, 0, 16, GL_MAP_READ_BIT), "Range READ again");
	printf("%-34s %s\n", "map a mapped buffer",
	       p_glMapBufferRange(GL_ARRAY_BUFFER, 0, 16, GL_MAP_READ_BIT) ? "non-NULL" : "NULL");
	expect_error("  error", GL_INVALID_OPERATION);
	unmap(GL_ARRAY_BUFFER, "unmap READ again");
	printf("%-34s %d\n", "unmap an unmapped buffer", p_glUnmapBuffer(GL_ARRAY_BUFFER));
	expect_error("  error", GL_INVALID_OPERATION);
	printf("%-34s %s\n", "map past the end",
	       p_glMapBufferRange(GL_ARRAY_BUFFER, SIZE - 8, 16, GL_MAP_READ_BIT) ? "non-NULL" :
										   "NULL");
	expect_error("  error", GL_INVALID_VALUE);
	printf("%-34s %s\n", "map READ|INVALIDATE_RANGE",
	       p_glMapBufferRange(GL_ARRAY_BUFFER, 0, 16,
				  GL_MAP_READ_BIT | GL_MAP_INVALIDATE_RANGE_BIT) ?
		       "non-NULL" :
		       "NULL");
	expect_error("  error", GL_INVALID_OPERATION);
	report("after the errors", b);

	/* another target: the uniform buffer binding, set by glBindBufferBase */
	p_glBindBuffer(GL_ARRAY_BUFFER, 0);
	p_glBindBufferBase(GL_UNIFORM_BUFFER, 0, b);
	p = must_at(p_glMapBufferRange(GL_UNIFORM_BUFFER, 256, 256, GL_MAP_READ_BIT | GL_MAP_WRITE_BIT),
		    256, "Range on GL_UNIFORM_BUFFER");
	map_state("  state UNIFORM_BUFFER", GL_UNIFORM_BUFFER, p);
	for (int i = 0; i < 256; i++)
		p[i] = (uint8_t)(p[i] + i);
	unmap(GL_UNIFORM_BUFFER, "unmap UNIFORM_BUFFER");
	p_glBindBuffer(GL_UNIFORM_BUFFER, 0);
	report("UNIFORM_BUFFER READ|WRITE", b);
	return b;
}

/* ---- named maps of immutable storage (no GL_DYNAMIC_STORAGE_BIT) ---- */

static void named(void)
{
	uint8_t init[SIZE];
	for (int i = 0; i < SIZE; i++)
		init[i] = (uint8_t)(i * 13 + 1);
	GLuint b;
	p_glCreateBuffers(1, &b);
	p_glNamedBufferStorage(b, SIZE, init, GL_MAP_READ_BIT | GL_MAP_WRITE_BIT);
	report("named storage", b);

	uint8_t *p = must(p_glMapNamedBuffer(b, GL_READ_WRITE), "MapNamedBuffer");
	printf("%-34s fnv %08x\n", "MapNamedBuffer sees", fnv(p, SIZE));
	p[4095] = 0x77;
	p[0] = 0x66;
	GLint mapped = 0;
	p_glGetNamedBufferParameteriv(b, GL_BUFFER_MAPPED, &mapped);
	void *q = NULL;
	p_glGetNamedBufferPointerv(b, GL_BUFFER_MAP_POINTER, &q);
	printf("%-34s mapped %d pointer %s\n", "  named state", mapped, q == p ? "same" : "OTHER");
	if (p_glUnmapNamedBuffer(b) != GL_TRUE)
		die("glUnmapNamedBuffer");
	report("MapNamedBuffer ends", b);

	p = must_at(p_glMapNamedBufferRange(b, 1024, 2048, GL_MAP_WRITE_BIT |
							    GL_MAP_INVALIDATE_RANGE_BIT |
							    GL_MAP_FLUSH_EXPLICIT_BIT),
		 1024, "MapNamedBufferRange");
	memset(p + 10, 0x99, 30);
	p_glFlushMappedNamedBufferRange(b, 10, 30);
	memset(p + 2000, 0x98, 48);
	p_glFlushMappedNamedBufferRange(b, 2000, 48);
	if (p_glUnmapNamedBuffer(b) != GL_TRUE)
		die("glUnmapNamedBuffer range");
	errors("named range");
	/* Bytes of an INVALIDATE_RANGE map that were not flushed are undefined: report only
	 * the flushed ones. */
	uint8_t back[SIZE];
	p_glBindBuffer(GL_COPY_READ_BUFFER, b);
	p_glGetBufferSubData(GL_COPY_READ_BUFFER, 0, SIZE, back);
	printf("%-34s fnv %08x %08x %08x %08x\n", "named range flushed", fnv(back, 1024),
	       fnv(back + 1034, 30), fnv(back + 3024, 48), fnv(back + 3072, 1024));
	p_glDeleteBuffers(1, &b);
	errors("named");
}

/* ---- maps repeated: the guest may answer them from its copy of the buffer ---- */

/* What a READ map of the buffer bound to GL_ARRAY_BUFFER shows, whole. */
static void sees(const char *what, GLsizeiptr size)
{
	uint8_t *p = must(p_glMapBuffer(GL_ARRAY_BUFFER, GL_READ_ONLY), what);
	printf("%-34s fnv %08x\n", what, fnv(p, (size_t)size));
	unmap(GL_ARRAY_BUFFER, what);
}

/* A buffer mapped again and again with its old contents showing, changed in between by
 * every other way there is: each map must show what GL holds. */
static void copies(void)
{
	uint8_t data[SIZE];
	for (int i = 0; i < SIZE; i++)
		data[i] = (uint8_t)(i * 5 + 11);
	GLuint b, other;
	p_glGenBuffers(1, &b);
	p_glGenBuffers(1, &other);
	p_glBindBuffer(GL_ARRAY_BUFFER, other);
	p_glBufferData(GL_ARRAY_BUFFER, SIZE, data, GL_STATIC_DRAW);
	p_glBindBuffer(GL_ARRAY_BUFFER, b);
	p_glBufferData(GL_ARRAY_BUFFER, SIZE, data, GL_DYNAMIC_DRAW);
	for (int round = 0; round < 3; round++) {
		uint8_t *p = must(p_glMapBuffer(GL_ARRAY_BUFFER, GL_WRITE_ONLY), "copies WRITE_ONLY");
		memset(p + 300 * round, 0x30 + round, 50); /* the rest must stay */
		unmap(GL_ARRAY_BUFFER, "copies unmap");
		report("copies WRITE_ONLY round", b);
	}
	sees("copies READ after writes", SIZE);
	/* a range inside what the last map showed, then the whole again, read and written */
	uint8_t *q = must_at(p_glMapBufferRange(GL_ARRAY_BUFFER, 1024, 512, GL_MAP_WRITE_BIT), 1024,
			     "copies Range WRITE inside");
	memset(q + 100, 0x3a, 20);
	unmap(GL_ARRAY_BUFFER, "copies unmap Range inside");
	sees("copies READ after Range WRITE", SIZE);
	q = must(p_glMapBuffer(GL_ARRAY_BUFFER, GL_READ_WRITE), "copies READ_WRITE");
	printf("%-34s fnv %08x\n", "copies READ_WRITE shows", fnv(q, SIZE));
	q[5] ^= 0xff;
	q[SIZE - 1] ^= 0x0f;
	unmap(GL_ARRAY_BUFFER, "copies unmap READ_WRITE");
	report("copies READ_WRITE", b);
	p_glBufferSubData(GL_ARRAY_BUFFER, 1000, 24, data + 3000);
	sees("copies READ after SubData", SIZE);
	p_glNamedBufferSubData(b, 4090, 6, data);
	p_glBufferSubData(GL_ARRAY_BUFFER, 4090, 7, data); /* past the end: refused */
	expect_error("copies SubData past the end", GL_INVALID_VALUE);
	sees("copies READ after named SubData", SIZE);
	uint8_t *p = must_at(p_glMapBufferRange(GL_ARRAY_BUFFER, 64, 128,
						GL_MAP_WRITE_BIT | GL_MAP_FLUSH_EXPLICIT_BIT),
			     64, "copies Range WRITE FLUSH");
	memset(p, 0x51, 128);
	p_glFlushMappedBufferRange(GL_ARRAY_BUFFER, 8, 16); /* the rest was not flushed */
	unmap(GL_ARRAY_BUFFER, "copies unmap flushed");
	p = must(p_glMapBuffer(GL_ARRAY_BUFFER, GL_READ_ONLY), "copies READ flushed");
	/* bytes mapped but not flushed are undefined: not shown */
	printf("%-34s fnv %08x %08x %08x\n", "copies READ flushed", fnv(p, 64), fnv(p + 72, 16),
	       fnv(p + 192, SIZE - 192));
	unmap(GL_ARRAY_BUFFER, "copies READ flushed");
	p_glBufferData(GL_ARRAY_BUFFER, SIZE / 2, data + 100, GL_DYNAMIC_DRAW);
	sees("copies READ after BufferData", SIZE / 2);
	p_glBufferData(GL_ARRAY_BUFFER, SIZE, NULL, GL_DYNAMIC_DRAW);
	p_glBufferSubData(GL_ARRAY_BUFFER, 0, SIZE, data + 0);
	p = must(p_glMapBuffer(GL_ARRAY_BUFFER, GL_WRITE_ONLY), "copies WRITE after NULL store");
	memset(p + 10, 0x61, 10);
	unmap(GL_ARRAY_BUFFER, "copies unmap after NULL store");
	sees("copies READ after NULL store", SIZE);
	/* GL copies from another buffer: the guest does not follow that */
	p_glBindBuffer(GL_COPY_READ_BUFFER, other);
	p_glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_ARRAY_BUFFER, 2000, 500, 300);
	sees("copies READ after CopyBufferSubData", SIZE);
	p = must(p_glMapBuffer(GL_ARRAY_BUFFER, GL_WRITE_ONLY), "copies WRITE after copy");
	p[4000] = 0x71;
	unmap(GL_ARRAY_BUFFER, "copies unmap after copy");
	report("copies WRITE after copy", b);
	p_glDeleteBuffers(1, &b);
	p_glDeleteBuffers(1, &other);
	errors("copies");
}

/* In a context of its own (copies end for a share group): glGetTexImage writes into a
 * pixel pack buffer on the host, and a later map must show the texels. */
static void copies_pack(struct glxwin *g)
{
	XWindowAttributes wa;
	XVisualInfo want, *vi;
	int n = 0;
	if (!XGetWindowAttributes(g->dpy, g->win, &wa))
		die("copies_pack: no window attributes");
	want.visualid = XVisualIDFromVisual(wa.visual);
	if (!(vi = XGetVisualInfo(g->dpy, VisualIDMask, &want, &n)) || n < 1)
		die("copies_pack: no visual");
	GLXContext ctx = glXCreateContext(g->dpy, vi, NULL, True);
	XFree(vi);
	if (!ctx || !glXMakeCurrent(g->dpy, g->win, ctx))
		die("copies_pack: no second context");
	uint8_t data[64 + W * H * 4];
	memset(data, 0x2c, sizeof data);
	GLuint b;
	p_glGenBuffers(1, &b);
	p_glBindBuffer(GL_ARRAY_BUFFER, b);
	p_glBufferData(GL_ARRAY_BUFFER, sizeof data, data, GL_DYNAMIC_DRAW);
	for (int round = 0; round < 2; round++) {
		uint8_t *p = must(p_glMapBuffer(GL_ARRAY_BUFFER, GL_WRITE_ONLY), "pack WRITE_ONLY");
		p[round] = 0x90;
		unmap(GL_ARRAY_BUFFER, "pack unmap");
	}
	/* a texture's texels, not the window's pixels: those are the X server's business */
	uint8_t texels[W * H * 4];
	for (size_t i = 0; i < sizeof texels; i++)
		texels[i] = (uint8_t)(i * 3 + 1);
	GLuint tex;
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, W, H, 0, GL_RGBA, GL_UNSIGNED_BYTE, texels);
	p_glBindBuffer(GL_PIXEL_PACK_BUFFER, b);
	glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, (void *)(uintptr_t)64);
	p_glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
	glDeleteTextures(1, &tex);
	sees("pack READ after glGetTexImage", (GLsizeiptr)sizeof data);
	p_glDeleteBuffers(1, &b);
	errors("copies_pack");
	if (!glXMakeCurrent(g->dpy, g->win, g->ctx))
		die("copies_pack: back to the first context");
	glXDestroyContext(g->dpy, ctx);
}

/* ---- drawing from mapped buffers ---- */

struct vertex {
	float x, y;
	uint8_t rgba[4];
};

static void quad(struct vertex *v, float x0, float y0, float x1, float y1, uint8_t r, uint8_t g,
		 uint8_t b)
{
	const float xy[6][2] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y0}, {x1, y1}, {x0, y1}};
	for (int i = 0; i < 6; i++) {
		v[i].x = xy[i][0];
		v[i].y = xy[i][1];
		v[i].rgba[0] = r;
		v[i].rgba[1] = g;
		v[i].rgba[2] = b;
		v[i].rgba[3] = 255;
	}
}

static void arrays(void)
{
	glVertexPointer(2, GL_FLOAT, sizeof(struct vertex), (void *)0);
	glColorPointer(4, GL_UNSIGNED_BYTE, sizeof(struct vertex), (void *)8);
	glEnableClientState(GL_VERTEX_ARRAY);
	glEnableClientState(GL_COLOR_ARRAY);
}

static void draw(void)
{
	glViewport(0, 0, W, H);
	glClearColor(0, 0, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glDisable(GL_DITHER);

	/* 1: a vertex buffer filled through an invalidating write map */
	GLuint vb;
	p_glGenBuffers(1, &vb);
	p_glBindBuffer(GL_ARRAY_BUFFER, vb);
	p_glBufferData(GL_ARRAY_BUFFER, 12 * sizeof(struct vertex), NULL, GL_STREAM_DRAW);
	struct vertex *v = must(p_glMapBufferRange(GL_ARRAY_BUFFER, 0, 12 * sizeof *v,
						    GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT),
				"vertex map");
	quad(v, -1, -1, 0, 0, 255, 0, 0);
	quad(v + 6, 0, -1, 1, 0, 0, 255, 0);
	unmap(GL_ARRAY_BUFFER, "vertex unmap");
	arrays();
	glDrawArrays(GL_TRIANGLES, 0, 12);
	errors("draw 1");

	/* 2: persistent coherent: written, drawn, rewritten, drawn again, still mapped */
	GLuint pb;
	p_glGenBuffers(1, &pb);
	p_glBindBuffer(GL_ARRAY_BUFFER, pb);
	GLbitfield flags = GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT;
	p_glBufferStorage(GL_ARRAY_BUFFER, 12 * sizeof(struct vertex), NULL, flags);
	v = must(p_glMapBufferRange(GL_ARRAY_BUFFER, 0, 12 * sizeof *v, flags), "persistent map");
	map_state("  state persistent", GL_ARRAY_BUFFER, v);
	arrays();
	quad(v, -1, 0, -0.5f, 1, 0, 0, 255);
	glDrawArrays(GL_TRIANGLES, 0, 6);
	quad(v + 6, -0.5f, 0, 0, 1, 255, 255, 0);
	glDrawArrays(GL_TRIANGLES, 6, 6);
	glFinish(); /* the GPU is done with the first quad's vertices before they change */
	quad(v, 0, 0, 0.5f, 0.5f, 255, 0, 255);
	glDrawArrays(GL_TRIANGLES, 0, 6);
	errors("draw 2");

	/* 3: persistent with explicit flushes (not coherent) */
	GLuint fb;
	p_glGenBuffers(1, &fb);
	p_glBindBuffer(GL_ARRAY_BUFFER, fb);
	flags = GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT;
	p_glBufferStorage(GL_ARRAY_BUFFER, 6 * sizeof(struct vertex), NULL, flags);
	v = must(p_glMapBufferRange(GL_ARRAY_BUFFER, 0, 6 * sizeof *v,
				    flags | GL_MAP_FLUSH_EXPLICIT_BIT),
		 "persistent flush map");
	quad(v, 0.5f, 0.5f, 1, 1, 0, 255, 255);
	p_glFlushMappedBufferRange(GL_ARRAY_BUFFER, 0, 6 * sizeof *v);
	p_glMemoryBarrier(GL_CLIENT_MAPPED_BUFFER_BARRIER_BIT);
	arrays();
	glDrawArrays(GL_TRIANGLES, 0, 6);
	errors("draw 3");

	/* the persistent buffers stay mapped through the frame; then they go */
	p_glBindBuffer(GL_ARRAY_BUFFER, pb);
	unmap(GL_ARRAY_BUFFER, "persistent unmap");
	p_glBindBuffer(GL_ARRAY_BUFFER, fb);
	unmap(GL_ARRAY_BUFFER, "persistent flush unmap");
	report("persistent buffer", pb);
	p_glBindBuffer(GL_ARRAY_BUFFER, 0);
	glDisableClientState(GL_VERTEX_ARRAY);
	glDisableClientState(GL_COLOR_ARRAY);
	GLuint all[3] = {vb, pb, fb};
	p_glDeleteBuffers(3, all);

	static uint8_t pixels[W * H * 4];
	glPixelStorei(GL_PACK_ALIGNMENT, 1);
	glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
	errors("glReadPixels");
	printf("%-34s fnv %08x  (0,0)=%02x%02x%02x (48,16)=%02x%02x%02x (8,40)=%02x%02x%02x "
	       "(24,40)=%02x%02x%02x (40,40)=%02x%02x%02x (56,56)=%02x%02x%02x\n",
	       "pixels", fnv(pixels, sizeof pixels),
#define PX(x, y) pixels[((y)*W + (x)) * 4], pixels[((y)*W + (x)) * 4 + 1], pixels[((y)*W + (x)) * 4 + 2]
	       PX(0, 0), PX(48, 16), PX(8, 40), PX(24, 40), PX(40, 40), PX(56, 56));
#undef PX
}

int main(void)
{
	struct glxwin g = glxwin_open(W, H);
	load_procs();
	errors("context");

	GLuint b = legacy_and_range();
	named();
	copies();
	copies_pack(&g);
	draw();
	glXSwapBuffers(g.dpy, g.win);
	report("after the swap", b);
	p_glDeleteBuffers(1, &b);
	glFinish();
	errors("end");
	glxwin_close(&g);
	return 0;
}
