/* test-sizes.c — guards against wire_image_size (wire/pixels.c) and wire_pixel_bytes disagreeing with the host driver on how many bytes a pixel transfer touches. */
/*
 * The driver is the oracle: a transfer into or out of a pixel buffer object raises
 * GL_INVALID_OPERATION exactly when it would go past the buffer's end. For each case
 * (format, type, size, alignment, row length, image height, skips) the transfer must
 * succeed with a buffer of wire_image_size's bytes and fail with one byte less: so the
 * count is neither short (the guest would send too little) nor long. Reads go through
 * glReadPixels from an RGBA8 framebuffer; 3D uploads through glTexImage3D, which also
 * applies the image height and skipped images. Needs an EGL display (else exit 77).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include "pixels.h"

static EGLDisplay dpy = EGL_NO_DISPLAY;
static EGLContext ctx = EGL_NO_CONTEXT;

static const char *make_context(void)
{
	if (ctx != EGL_NO_CONTEXT)
		return NULL;
	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
		return "EGL has no surfaceless platform";
	dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
	if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, NULL, NULL) || !eglBindAPI(EGL_OPENGL_API))
		return "no surfaceless EGL display with desktop OpenGL";
	static const EGLint attrs[] = {EGL_NONE};
	ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attrs);
	if (ctx == EGL_NO_CONTEXT || !eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx))
		return "no surfaceless compatibility context";
	return NULL;
}

struct store {
	int alignment, row_length, image_height, skip_rows, skip_pixels, skip_images;
};

static void apply(GLenum base, const struct store *s, struct wire_pixelstore *ps)
{
	/* base: GL_PACK_ALIGNMENT or GL_UNPACK_ALIGNMENT; the others follow in GL's order */
	bool pack = base == GL_PACK_ALIGNMENT;
	glPixelStorei(base, s->alignment);
	glPixelStorei(pack ? GL_PACK_ROW_LENGTH : GL_UNPACK_ROW_LENGTH, s->row_length);
	glPixelStorei(pack ? GL_PACK_IMAGE_HEIGHT : GL_UNPACK_IMAGE_HEIGHT, s->image_height);
	glPixelStorei(pack ? GL_PACK_SKIP_ROWS : GL_UNPACK_SKIP_ROWS, s->skip_rows);
	glPixelStorei(pack ? GL_PACK_SKIP_PIXELS : GL_UNPACK_SKIP_PIXELS, s->skip_pixels);
	glPixelStorei(pack ? GL_PACK_SKIP_IMAGES : GL_UNPACK_SKIP_IMAGES, s->skip_images);
	*ps = (struct wire_pixelstore)WIRE_PIXELSTORE_DEFAULT;
	ps->alignment = s->alignment;
	ps->row_length = s->row_length;
	ps->image_height = s->image_height;
	ps->skip_rows = s->skip_rows;
	ps->skip_pixels = s->skip_pixels;
	ps->skip_images = s->skip_images;
}

static const struct store stores[] = {
	{4, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}, {2, 0, 0, 0, 0, 0}, {8, 0, 0, 0, 0, 0},
	{4, 41, 0, 0, 0, 0}, {8, 0, 0, 3, 2, 0}, {1, 45, 0, 2, 5, 0}, {2, 0, 9, 1, 1, 2},
	{4, 40, 11, 0, 3, 1},
};

static const struct {
	GLenum format, type;
} read_pairs[] = {
	{GL_RGBA, GL_UNSIGNED_BYTE}, {GL_RGB, GL_UNSIGNED_BYTE}, {GL_BGRA, GL_UNSIGNED_BYTE},
	{GL_RED, GL_UNSIGNED_BYTE}, {GL_RG, GL_UNSIGNED_BYTE}, {GL_RGBA, GL_FLOAT},
	{GL_RGB, GL_FLOAT}, {GL_LUMINANCE_ALPHA, GL_UNSIGNED_BYTE}, {GL_ALPHA, GL_UNSIGNED_SHORT},
	{GL_RGBA, GL_UNSIGNED_SHORT_4_4_4_4}, {GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV},
	{GL_RGB, GL_UNSIGNED_SHORT_5_6_5}, {GL_RGBA, GL_HALF_FLOAT}, {GL_RED, GL_INT},
	{GL_RGBA, GL_UNSIGNED_INT_2_10_10_10_REV}, {GL_RGB, GL_BYTE},
};

static const int sizes[][3] = {{1, 1, 1}, {7, 3, 2}, {13, 5, 3}, {32, 17, 1}};

/* Whether the transfer into a buffer of bytes raised no error. */
static bool read_fits(size_t bytes, GLenum format, GLenum type, int w, int h)
{
	GLuint b;
	glGenBuffers(1, &b);
	glBindBuffer(GL_PIXEL_PACK_BUFFER, b);
	glBufferData(GL_PIXEL_PACK_BUFFER, (GLsizeiptr)bytes, NULL, GL_STREAM_READ);
	while (glGetError())
		;
	glReadPixels(0, 0, w, h, format, type, NULL);
	bool ok = glGetError() == GL_NO_ERROR;
	glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
	glDeleteBuffers(1, &b);
	return ok;
}

static bool upload_fits(size_t bytes, GLenum format, GLenum type, int w, int h, int d)
{
	GLuint b, t;
	glGenBuffers(1, &b);
	glGenTextures(1, &t);
	glBindTexture(GL_TEXTURE_3D, t);
	glBindBuffer(GL_PIXEL_UNPACK_BUFFER, b);
	glBufferData(GL_PIXEL_UNPACK_BUFFER, (GLsizeiptr)bytes, NULL, GL_STREAM_DRAW);
	while (glGetError())
		;
	glTexImage3D(GL_TEXTURE_3D, 0, GL_RGBA8, w, h, d, 0, format, type, NULL);
	bool ok = glGetError() == GL_NO_ERROR;
	glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
	glDeleteTextures(1, &t);
	glDeleteBuffers(1, &b);
	return ok;
}

START_TEST(read_sizes)
{
	const char *why = make_context();
	if (why) {
		fprintf(stderr, "test-sizes: %s\n", why);
		exit(77);
	}
	GLuint rb, fb;
	glGenRenderbuffers(1, &rb);
	glBindRenderbuffer(GL_RENDERBUFFER, rb);
	glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, 64, 64);
	glGenFramebuffers(1, &fb);
	glBindFramebuffer(GL_FRAMEBUFFER, fb);
	glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
	ck_assert(glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE);
	int cases = 0;
	for (size_t p = 0; p < sizeof read_pairs / sizeof read_pairs[0]; p++) {
		for (size_t s = 0; s < sizeof stores / sizeof stores[0]; s++) {
			for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
				struct wire_pixelstore ps;
				apply(GL_PACK_ALIGNMENT, &stores[s], &ps);
				int w = sizes[z][0], h = sizes[z][1];
				size_t n = wire_image_size(&ps, read_pairs[p].format, read_pairs[p].type,
							   2, w, h, 1);
				ck_assert_msg(n != WIRE_SIZE_UNKNOWN, "format 0x%x type 0x%x unknown",
					      read_pairs[p].format, read_pairs[p].type);
				ck_assert_msg(read_fits(n, read_pairs[p].format, read_pairs[p].type, w, h),
					      "glReadPixels %dx%d format 0x%x type 0x%x store %zu: "
					      "%zu bytes too few for the driver",
					      w, h, read_pairs[p].format, read_pairs[p].type, s, n);
				ck_assert_msg(!read_fits(n - 1, read_pairs[p].format, read_pairs[p].type,
							 w, h),
					      "glReadPixels %dx%d format 0x%x type 0x%x store %zu: the "
					      "driver needs fewer than %zu bytes",
					      w, h, read_pairs[p].format, read_pairs[p].type, s, n);
				cases++;
			}
		}
	}
	printf("test-sizes: %d glReadPixels cases agree with the driver\n", cases);
}
END_TEST

START_TEST(upload_sizes_3d)
{
	static const struct {
		GLenum format, type;
	} pairs[] = {{GL_RGBA, GL_UNSIGNED_BYTE}, {GL_RGB, GL_UNSIGNED_BYTE}, {GL_RED, GL_FLOAT},
		     {GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV}, {GL_LUMINANCE, GL_UNSIGNED_SHORT},
		     {GL_RGB, GL_UNSIGNED_BYTE_3_3_2}};
	const char *why = make_context();
	if (why) {
		fprintf(stderr, "test-sizes: %s\n", why);
		exit(77);
	}
	int cases = 0;
	for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
		for (size_t s = 0; s < sizeof stores / sizeof stores[0]; s++) {
			for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
				struct wire_pixelstore ps;
				apply(GL_UNPACK_ALIGNMENT, &stores[s], &ps);
				int w = sizes[z][0], h = sizes[z][1], d = sizes[z][2];
				size_t n = wire_image_size(&ps, pairs[p].format, pairs[p].type, 3, w, h,
							   d);
				ck_assert_msg(upload_fits(n, pairs[p].format, pairs[p].type, w, h, d),
					      "glTexImage3D %dx%dx%d format 0x%x type 0x%x store %zu: "
					      "%zu bytes too few",
					      w, h, d, pairs[p].format, pairs[p].type, s, n);
				ck_assert_msg(!upload_fits(n - 1, pairs[p].format, pairs[p].type, w, h, d),
					      "glTexImage3D %dx%dx%d format 0x%x type 0x%x store %zu: the "
					      "driver needs fewer than %zu bytes",
					      w, h, d, pairs[p].format, pairs[p].type, s, n);
				cases++;
			}
		}
	}
	printf("test-sizes: %d glTexImage3D cases agree with the driver\n", cases);
}
END_TEST

/* glClearTexImage reads one pixel: a clear with fewer bytes of data is not checkable
 * through a buffer (data is client memory), so the pixel size is checked against the
 * driver's own readback of one pixel. */
START_TEST(pixel_bytes)
{
	ck_assert_uint_eq(wire_pixel_bytes(GL_RGBA, GL_UNSIGNED_BYTE), 4);
	ck_assert_uint_eq(wire_pixel_bytes(GL_RG_INTEGER, GL_UNSIGNED_SHORT), 4);
	ck_assert_uint_eq(wire_pixel_bytes(GL_DEPTH_STENCIL, GL_UNSIGNED_INT_24_8), 4);
	ck_assert_uint_eq(wire_pixel_bytes(GL_DEPTH_STENCIL, GL_FLOAT_32_UNSIGNED_INT_24_8_REV), 8);
	ck_assert_uint_eq(wire_pixel_bytes(GL_RGB, GL_FLOAT), 12);
	ck_assert_uint_eq(wire_pixel_bytes(GL_RGBA, GL_BITMAP), WIRE_SIZE_UNKNOWN);
	ck_assert_uint_eq(wire_indirect_size(3, 0, 20), 60);
	ck_assert_uint_eq(wire_indirect_size(3, 32, 20), 84);
	ck_assert_uint_eq(wire_indirect_size(0, 32, 20), 0);
	ck_assert_uint_eq(wire_indirect_size(2, -4, 16), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sizes");
	TCase *tc = tcase_create("driver");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, read_sizes);
	tcase_add_test(tc, upload_sizes_3d);
	tcase_add_test(tc, pixel_bytes);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
