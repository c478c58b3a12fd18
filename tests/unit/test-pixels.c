/* test-pixels.c — guards against pixel transfers sized wrong (too few bytes sent, or
 * a host reading past a buffer): alignment, row length, skips, 3D, bitmaps, packed types. */
#include <GL/gl.h>
#include <GL/glext.h>

#include "pixels.h"
#include "suites.h"

/* Every size below is worked out by hand from the spec's formulas:
 * stride = alignment-rounded bytes of a row of row_length (or w) pixels,
 * size = (skip_images + d-1) * image_stride + (skip_rows + h-1) * stride
 *        + (skip_pixels + w) * pixel_bytes. */
/* clang-format off */
static const struct {
	const char *what;
	struct wire_pixelstore ps; /* swap, lsb, row_length, image_height, skip_rows,
	                              skip_pixels, skip_images, alignment */
	uint32_t format, type;
	int dims;
	int32_t w, h, d;
	size_t size;
} cases[] = {
	{"RGBA8 3x2 align 4: 12 + 12",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 2, 3, 2, 1, 24},
	{"RGB8 3x2 align 4: row 9 -> 12, 12 + 9",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGB, GL_UNSIGNED_BYTE, 2, 3, 2, 1, 21},
	{"RGB8 3x2 align 1: 9 + 9",
	 {0, 0, 0, 0, 0, 0, 0, 1}, GL_RGB, GL_UNSIGNED_BYTE, 2, 3, 2, 1, 18},
	{"RGB8 5x3 align 8: row 15 -> 16, 2*16 + 15",
	 {0, 0, 0, 0, 0, 0, 0, 8}, GL_RGB, GL_UNSIGNED_BYTE, 2, 5, 3, 1, 47},
	{"L8 1x1 align 4: the last row is not padded",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_LUMINANCE, GL_UNSIGNED_BYTE, 2, 1, 1, 1, 1},
	{"LA8 odd 7x2 align 2: row 14, 14 + 14",
	 {0, 0, 0, 0, 0, 0, 0, 2}, GL_LUMINANCE_ALPHA, GL_UNSIGNED_BYTE, 2, 7, 2, 1, 28},
	{"A8 7x2 align 2: row 7 -> 8, 8 + 7",
	 {0, 0, 0, 0, 0, 0, 0, 2}, GL_ALPHA, GL_BYTE, 2, 7, 2, 1, 15},
	{"RGB float 3x2 align 8: s < a, row 36 -> 40, 40 + 36",
	 {0, 0, 0, 0, 0, 0, 0, 8}, GL_RGB, GL_FLOAT, 2, 3, 2, 1, 76},
	{"RGBA float 3x2 align 8: row 48, 48 + 48",
	 {0, 0, 0, 0, 0, 0, 0, 8}, GL_RGBA, GL_FLOAT, 2, 3, 2, 1, 96},
	{"RGB short 3x2 align 4: row 18 -> 20, 20 + 18",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGB, GL_SHORT, 2, 3, 2, 1, 38},
	{"RGBA half 3x1 align 8: 24",
	 {0, 0, 0, 0, 0, 0, 0, 8}, GL_RGBA, GL_HALF_FLOAT, 2, 3, 1, 1, 24},
	{"R32I 3x2 align 8: row 12 -> 16, 16 + 12",
	 {0, 0, 0, 0, 0, 0, 0, 8}, GL_RED_INTEGER, GL_INT, 2, 3, 2, 1, 28},
	{"RG16UI 3x2 align 8: row 12 -> 16, 16 + 12",
	 {0, 0, 0, 0, 0, 0, 0, 8}, GL_RG_INTEGER, GL_UNSIGNED_SHORT, 2, 3, 2, 1, 28},
	{"BGRA8 2x2: 8 + 8",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_BGRA, GL_UNSIGNED_BYTE, 2, 2, 2, 1, 16},
	{"ABGR8 2x2: 8 + 8",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_ABGR_EXT, GL_UNSIGNED_BYTE, 2, 2, 2, 1, 16},
	{"BGR_INTEGER uint 1x2 align 8: row 12 -> 16, 16 + 12",
	 {0, 0, 0, 0, 0, 0, 0, 8}, GL_BGR_INTEGER, GL_UNSIGNED_INT, 2, 1, 2, 1, 28},
	{"depth uint 3x2 align 4: 12 + 12",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_DEPTH_COMPONENT, GL_UNSIGNED_INT, 2, 3, 2, 1, 24},
	{"stencil ubyte 3x3 align 4: 4 + 4 + 3",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_STENCIL_INDEX, GL_UNSIGNED_BYTE, 2, 3, 3, 1, 11},
	{"color index ushort 3x2 align 4: row 6 -> 8, 8 + 6",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_COLOR_INDEX, GL_UNSIGNED_SHORT, 2, 3, 2, 1, 14},
	{"row_length 10, RGBA8 4x3: stride 40, 2*40 + 16",
	 {0, 0, 10, 0, 0, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 2, 4, 3, 1, 96},
	{"row_length 5, RGB8 2x2 align 4: row 15 -> 16, 16 + 6",
	 {0, 0, 5, 0, 0, 0, 0, 4}, GL_RGB, GL_UNSIGNED_BYTE, 2, 2, 2, 1, 22},
	{"skips rows 2 pixels 3, RGBA8 4x2: 3*16 + 7*4",
	 {0, 0, 0, 0, 2, 3, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 2, 4, 2, 1, 76},
	{"skips with row_length 8, RGB8 2x2 align 1: (1+1)*24 + (1+2)*3",
	 {0, 0, 8, 0, 1, 1, 0, 1}, GL_RGB, GL_UNSIGNED_BYTE, 2, 2, 2, 1, 57},
	{"swap_bytes and lsb_first change nothing",
	 {1, 1, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 2, 3, 2, 1, 24},
	{"3D RGBA8 2x2x3: image 16, 2*16 + 8 + 8",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 3, 2, 2, 3, 48},
	{"3D image_height 5 skip_images 1: image 40, 3*40 + 8 + 8",
	 {0, 0, 0, 5, 0, 0, 1, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 3, 2, 2, 3, 136},
	{"3D RGB8 3x2x2 align 4, all skips: stride 12, image 24, (1+1)*24 + (1+1)*12 + (1+3)*3",
	 {0, 0, 0, 0, 1, 1, 1, 4}, GL_RGB, GL_UNSIGNED_BYTE, 3, 3, 2, 2, 84},
	{"2D ignores image_height, skip_images and d",
	 {0, 0, 0, 5, 0, 0, 1, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 2, 2, 2, 9, 16},
	{"1D RGBA8 w 5, h ignored: 20",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 1, 5, 7, 7, 20},
	{"1D honours skip_rows: 20 + 20",
	 {0, 0, 0, 0, 1, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 1, 5, 1, 1, 40},
	{"bitmap 10x3 align 4: 2 bytes -> 4, 2*4 + 2",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_COLOR_INDEX, GL_BITMAP, 2, 10, 3, 1, 10},
	{"bitmap 10x3 align 1: 2*2 + 2",
	 {0, 0, 0, 0, 0, 0, 0, 1}, GL_COLOR_INDEX, GL_BITMAP, 2, 10, 3, 1, 6},
	{"bitmap 8x2 align 1: 1 + 1",
	 {0, 0, 0, 0, 0, 0, 0, 1}, GL_COLOR_INDEX, GL_BITMAP, 2, 8, 2, 1, 2},
	{"bitmap skip_pixels 7 w 10: 17 bits, 3 bytes",
	 {0, 0, 0, 0, 0, 7, 0, 1}, GL_STENCIL_INDEX, GL_BITMAP, 2, 10, 1, 1, 3},
	{"bitmap row_length 20 align 2: 3 bytes -> 4, 4 + 1",
	 {0, 0, 20, 0, 0, 0, 0, 2}, GL_COLOR_INDEX, GL_BITMAP, 2, 5, 2, 1, 5},
	{"polygon stipple 32x32 align 4: 31*4 + 4",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_COLOR_INDEX, GL_BITMAP, 2, 32, 32, 1, 128},
	{"bitmap 9x2 align 8: 2 bytes -> 8, 8 + 2",
	 {0, 0, 0, 0, 0, 0, 0, 8}, GL_COLOR_INDEX, GL_BITMAP, 2, 9, 2, 1, 10},
	{"565 3x2 align 4: row 6 -> 8, 8 + 6",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGB, GL_UNSIGNED_SHORT_5_6_5, 2, 3, 2, 1, 14},
	{"4444 rev 3x2 align 2: 6 + 6",
	 {0, 0, 0, 0, 0, 0, 0, 2}, GL_RGBA, GL_UNSIGNED_SHORT_4_4_4_4_REV, 2, 3, 2, 1, 12},
	{"8888 rev 3x2 align 8: row 12 -> 16, 16 + 12",
	 {0, 0, 0, 0, 0, 0, 0, 8}, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, 2, 3, 2, 1, 28},
	{"2_10_10_10 rev 2x2: 8 + 8",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_INT_2_10_10_10_REV, 2, 2, 2, 1, 16},
	{"332 5x2 align 4: row 5 -> 8, 8 + 5",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGB, GL_UNSIGNED_BYTE_3_3_2, 2, 5, 2, 1, 13},
	{"depth-stencil 24_8 2x2: 8 + 8",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_DEPTH_STENCIL, GL_UNSIGNED_INT_24_8, 2, 2, 2, 1, 16},
	{"depth-stencil f32_24_8 3x2 align 4: 8 bytes a pixel, 24 + 24",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_DEPTH_STENCIL, GL_FLOAT_32_UNSIGNED_INT_24_8_REV, 2, 3, 2, 1, 48},
	{"11F_11F_10F 1x1: 4",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGB, GL_UNSIGNED_INT_10F_11F_11F_REV, 2, 1, 1, 1, 4},
	{"5_9_9_9 2x1 with skip_pixels 1: 3*4",
	 {0, 0, 0, 0, 0, 1, 0, 4}, GL_RGB, GL_UNSIGNED_INT_5_9_9_9_REV, 2, 2, 1, 1, 12},
	{"width 0",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 2, 0, 2, 1, 0},
	{"negative height",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 2, 2, -1, 1, 0},
	{"depth 0 in 3D",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 3, 2, 2, 0, 0},
	{"unknown type",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, 0x1234, 2, 2, 2, 1, WIRE_SIZE_UNKNOWN},
	{"unknown format",
	 {0, 0, 0, 0, 0, 0, 0, 4}, 0x1234, GL_UNSIGNED_BYTE, 2, 2, 2, 1, WIRE_SIZE_UNKNOWN},
	{"GL_2_BYTES is not a pixel type",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_2_BYTES, 2, 2, 2, 1, WIRE_SIZE_UNKNOWN},
	{"a bitmap has one component",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_BITMAP, 2, 8, 8, 1, WIRE_SIZE_UNKNOWN},
	{"dims 4",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 4, 2, 2, 2, WIRE_SIZE_UNKNOWN},
	{"negative skip_rows",
	 {0, 0, 0, 0, -1, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 2, 2, 2, 1, WIRE_SIZE_UNKNOWN},
	{"negative row_length",
	 {0, 0, -5, 0, 0, 0, 0, 4}, GL_RGBA, GL_UNSIGNED_BYTE, 2, 2, 2, 1, WIRE_SIZE_UNKNOWN},
	{"alignment 0",
	 {0, 0, 0, 0, 0, 0, 0, 0}, GL_RGBA, GL_UNSIGNED_BYTE, 2, 2, 2, 1, WIRE_SIZE_UNKNOWN},
	{"overflow 2D",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_FLOAT, 2, INT32_MAX, INT32_MAX, 1, WIRE_SIZE_UNKNOWN},
	{"overflow 3D",
	 {0, 0, 0, 0, 0, 0, 0, 4}, GL_RGBA, GL_FLOAT, 3, INT32_MAX, INT32_MAX, 2, WIRE_SIZE_UNKNOWN},
	{"overflow from skips",
	 {0, 0, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX, 8},
	 GL_RGBA, GL_FLOAT, 3, 1, 1, 1, WIRE_SIZE_UNKNOWN},
};
/* clang-format on */

START_TEST(image_size)
{
	size_t got = wire_image_size(&cases[_i].ps, cases[_i].format, cases[_i].type,
	                             cases[_i].dims, cases[_i].w, cases[_i].h, cases[_i].d);

	ck_assert_msg(got == cases[_i].size, "%s: got %zu, want %zu", cases[_i].what, got,
	              cases[_i].size);
}
END_TEST

START_TEST(default_store)
{
	struct wire_pixelstore ps = WIRE_PIXELSTORE_DEFAULT;

	ck_assert_int_eq(ps.alignment, 4);
	ck_assert_uint_eq(wire_image_size(&ps, GL_RGB, GL_UNSIGNED_BYTE, 2, 3, 2, 1), 21);
}
END_TEST

START_TEST(components)
{
	ck_assert_int_eq(wire_format_components(GL_RED), 1);
	ck_assert_int_eq(wire_format_components(GL_GREEN_INTEGER), 1);
	ck_assert_int_eq(wire_format_components(GL_INTENSITY), 1);
	ck_assert_int_eq(wire_format_components(GL_DEPTH_STENCIL), 2);
	ck_assert_int_eq(wire_format_components(GL_LUMINANCE_ALPHA), 2);
	ck_assert_int_eq(wire_format_components(GL_BGR), 3);
	ck_assert_int_eq(wire_format_components(GL_RGBA_INTEGER), 4);
	ck_assert_int_eq(wire_format_components(GL_ABGR_EXT), 4);
	ck_assert_int_eq(wire_format_components(GL_UNSIGNED_BYTE), 0);
}
END_TEST

START_TEST(type_sizes)
{
	int packed = -1;

	ck_assert_int_eq(wire_type_size(GL_UNSIGNED_BYTE, &packed), 1);
	ck_assert_int_eq(packed, 0);
	ck_assert_int_eq(wire_type_size(GL_HALF_FLOAT, &packed), 2);
	ck_assert_int_eq(wire_type_size(GL_FLOAT, &packed), 4);
	ck_assert_int_eq(packed, 0);
	ck_assert_int_eq(wire_type_size(GL_2_BYTES, &packed), 2);
	ck_assert_int_eq(wire_type_size(GL_3_BYTES, NULL), 3);
	ck_assert_int_eq(wire_type_size(GL_UNSIGNED_INT_8_8_8_8, &packed), 4);
	ck_assert_int_eq(packed, 1);
	ck_assert_int_eq(wire_type_size(GL_UNSIGNED_SHORT_1_5_5_5_REV, &packed), 2);
	ck_assert_int_eq(packed, 1);
	ck_assert_int_eq(wire_type_size(GL_UNSIGNED_BYTE_2_3_3_REV, &packed), 1);
	ck_assert_int_eq(packed, 1);
	ck_assert_int_eq(wire_type_size(GL_FLOAT_32_UNSIGNED_INT_24_8_REV, &packed), 8);
	ck_assert_int_eq(packed, 1);
	ck_assert_int_eq(wire_type_size(GL_DOUBLE, &packed), 0);
	ck_assert_int_eq(packed, 0);
}
END_TEST

START_TEST(index_sizes)
{
	ck_assert_int_eq(wire_index_size(GL_BYTE), 1);
	ck_assert_int_eq(wire_index_size(GL_UNSIGNED_BYTE), 1);
	ck_assert_int_eq(wire_index_size(GL_SHORT), 2);
	ck_assert_int_eq(wire_index_size(GL_UNSIGNED_SHORT), 2);
	ck_assert_int_eq(wire_index_size(GL_INT), 4);
	ck_assert_int_eq(wire_index_size(GL_UNSIGNED_INT), 4);
	ck_assert_int_eq(wire_index_size(GL_FLOAT), 4);
	ck_assert_int_eq(wire_index_size(GL_2_BYTES), 2);
	ck_assert_int_eq(wire_index_size(GL_3_BYTES), 3);
	ck_assert_int_eq(wire_index_size(GL_4_BYTES), 4);
	ck_assert_int_eq(wire_index_size(GL_DOUBLE), 0);
	ck_assert_int_eq(wire_index_size(GL_UNSIGNED_INT_8_8_8_8), 0);
}
END_TEST

Suite *pixels_suite(void)
{
	Suite *s = suite_create("pixels");
	TCase *tc = tcase_create("pixels");

	tcase_add_loop_test(tc, image_size, 0, (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(tc, default_store);
	tcase_add_test(tc, components);
	tcase_add_test(tc, type_sizes);
	tcase_add_test(tc, index_sizes);
	suite_add_tcase(s, tc);
	return s;
}
