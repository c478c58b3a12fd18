/* pixels.c — how many bytes a pixel transfer touches (OpenGL 4.6 compatibility
 * profile, 8.4.4.1 "Unpacking"; packing in 18.2.8 uses the same addressing). */
#include "pixels.h"

#include <stdbool.h>

#include <GL/gl.h>
#include <GL/glext.h>

int wire_format_components(uint32_t format)
{
	switch (format) {
	case GL_COLOR_INDEX:
	case GL_STENCIL_INDEX:
	case GL_DEPTH_COMPONENT:
	case GL_RED:
	case GL_GREEN:
	case GL_BLUE:
	case GL_ALPHA:
	case GL_LUMINANCE:
	case GL_INTENSITY: /* not a pixel format, but harmless to know */
	case GL_RED_INTEGER:
	case GL_GREEN_INTEGER:
	case GL_BLUE_INTEGER:
	case GL_ALPHA_INTEGER:
	case GL_LUMINANCE_INTEGER_EXT:
		return 1;
	case GL_DEPTH_STENCIL:
	case GL_RG:
	case GL_RG_INTEGER:
	case GL_LUMINANCE_ALPHA:
	case GL_LUMINANCE_ALPHA_INTEGER_EXT:
		return 2;
	case GL_RGB:
	case GL_BGR:
	case GL_RGB_INTEGER:
	case GL_BGR_INTEGER:
		return 3;
	case GL_RGBA:
	case GL_BGRA:
	case GL_RGBA_INTEGER:
	case GL_BGRA_INTEGER:
	case GL_ABGR_EXT:
		return 4;
	default:
		return 0;
	}
}

int wire_type_size(uint32_t type, int *packed)
{
	int size = 0, pk = 0;

	switch (type) {
	case GL_BITMAP: /* 8 pixels a byte: wire_image_size counts its bits */
	case GL_BYTE:
	case GL_UNSIGNED_BYTE:
		size = 1;
		break;
	case GL_SHORT:
	case GL_UNSIGNED_SHORT:
	case GL_HALF_FLOAT:
	case GL_2_BYTES:
		size = 2;
		break;
	case GL_3_BYTES:
		size = 3;
		break;
	case GL_INT:
	case GL_UNSIGNED_INT:
	case GL_FLOAT:
	case GL_4_BYTES:
		size = 4;
		break;
	case GL_UNSIGNED_BYTE_3_3_2:
	case GL_UNSIGNED_BYTE_2_3_3_REV:
		size = 1;
		pk = 1;
		break;
	case GL_UNSIGNED_SHORT_5_6_5:
	case GL_UNSIGNED_SHORT_5_6_5_REV:
	case GL_UNSIGNED_SHORT_4_4_4_4:
	case GL_UNSIGNED_SHORT_4_4_4_4_REV:
	case GL_UNSIGNED_SHORT_5_5_5_1:
	case GL_UNSIGNED_SHORT_1_5_5_5_REV:
		size = 2;
		pk = 1;
		break;
	case GL_UNSIGNED_INT_8_8_8_8:
	case GL_UNSIGNED_INT_8_8_8_8_REV:
	case GL_UNSIGNED_INT_10_10_10_2:
	case GL_UNSIGNED_INT_2_10_10_10_REV:
	case GL_UNSIGNED_INT_24_8:
	case GL_UNSIGNED_INT_10F_11F_11F_REV:
	case GL_UNSIGNED_INT_5_9_9_9_REV:
		size = 4;
		pk = 1;
		break;
	case GL_FLOAT_32_UNSIGNED_INT_24_8_REV:
		/* A float depth, then 24 unused bits and 8 of stencil: one pixel, 8 bytes. */
		size = 8;
		pk = 1;
		break;
	default:
		break;
	}
	if (packed)
		*packed = pk;
	return size;
}

/* r = a * b + c, false on size_t overflow. */
static bool mul_add(size_t a, size_t b, size_t c, size_t *r)
{
	size_t m;

	return !__builtin_mul_overflow(a, b, &m) && !__builtin_add_overflow(m, c, r);
}

size_t wire_image_size(const struct wire_pixelstore *ps, uint32_t format, uint32_t type, int dims,
                       int32_t w, int32_t h, int32_t d)
{
	int n = wire_format_components(format);
	int packed = 0;
	int s = wire_type_size(type, &packed);
	size_t a, groups, rows, row_stride, image_stride, total;
	bool bitmap = type == GL_BITMAP;

	/* GL_2_BYTES and the like are for glCallLists, not for pixels. */
	if (n == 0 || s == 0 || dims < 1 || dims > 3 || (bitmap && n != 1) || type == GL_2_BYTES ||
	    type == GL_3_BYTES || type == GL_4_BYTES)
		return WIRE_SIZE_UNKNOWN;
	if (ps->row_length < 0 || ps->image_height < 0 || ps->skip_rows < 0 ||
	    ps->skip_pixels < 0 || ps->skip_images < 0 || ps->alignment <= 0)
		return WIRE_SIZE_UNKNOWN;
	if (dims < 2)
		h = 1;
	if (dims < 3)
		d = 1;
	if (w <= 0 || h <= 0 || d <= 0)
		return 0;
	if (packed)
		n = 1; /* one element holds the whole pixel */
	a = (size_t)ps->alignment;
	groups = ps->row_length > 0 ? (size_t)ps->row_length : (size_t)w;

	if (bitmap) {
		/* "k = a * ceil(l / 8a)" bytes a row, pixels counted in bits. */
		size_t bytes = groups / 8 + (groups % 8 != 0);

		row_stride = (bytes + a - 1) / a * a;
	} else {
		size_t row;

		if (!mul_add((size_t)n * (size_t)s, groups, a - 1, &row))
			return WIRE_SIZE_UNKNOWN;
		row -= a - 1;
		/* "k = nl if s >= a, else (a/s) * ceil(snl / a)" elements of s bytes. */
		row_stride = (size_t)s >= a ? row : (row + a - 1) / a * a;
	}
	/* Whole images and rows before the last ones, then the last row itself. */
	total = 0;
	if (dims == 3) {
		rows = ps->image_height > 0 ? (size_t)ps->image_height : (size_t)h;
		if (__builtin_mul_overflow(row_stride, rows, &image_stride) ||
		    !mul_add((size_t)ps->skip_images + (size_t)d - 1, image_stride, 0, &total))
			return WIRE_SIZE_UNKNOWN;
	}
	if (!mul_add((size_t)ps->skip_rows + (size_t)h - 1, row_stride, total, &total))
		return WIRE_SIZE_UNKNOWN;
	if (bitmap) {
		size_t bits = (size_t)ps->skip_pixels + (size_t)w;

		if (__builtin_add_overflow(total, bits / 8 + (bits % 8 != 0), &total))
			return WIRE_SIZE_UNKNOWN;
	} else if (!mul_add((size_t)ps->skip_pixels + (size_t)w, (size_t)n * (size_t)s, total,
	                    &total)) {
		return WIRE_SIZE_UNKNOWN;
	}
	return total;
}

int wire_index_size(uint32_t type)
{
	switch (type) {
	case GL_BYTE:
	case GL_UNSIGNED_BYTE:
		return 1;
	case GL_SHORT:
	case GL_UNSIGNED_SHORT:
	case GL_2_BYTES:
		return 2;
	case GL_3_BYTES:
		return 3;
	case GL_INT:
	case GL_UNSIGNED_INT:
	case GL_FLOAT:
	case GL_4_BYTES:
		return 4;
	default:
		return 0;
	}
}

size_t wire_pixel_bytes(uint32_t format, uint32_t type)
{
	int packed = 0;
	int ts = wire_type_size(type, &packed);
	int n = wire_format_components(format);
	if (ts <= 0 || n <= 0 || type == GL_BITMAP)
		return WIRE_SIZE_UNKNOWN;
	return packed ? (size_t)ts : (size_t)ts * (size_t)n;
}

size_t wire_indirect_size(int32_t count, int32_t stride, size_t command)
{
	if (count <= 0 || stride < 0)
		return 0;
	size_t step = stride ? (size_t)stride : command;
	return (size_t)(count - 1) * step + command;
}

/* glPixelStore as GL applies it: the values it refuses leave the state as it was. */
void wire_pixelstore_set(struct wire_pixelstore *pack, struct wire_pixelstore *unpack,
			 uint32_t pname, int32_t v)
{
	struct wire_pixelstore *s = (pname >= GL_PACK_SWAP_BYTES && pname <= GL_PACK_ALIGNMENT) ||
					    pname == GL_PACK_IMAGE_HEIGHT || pname == GL_PACK_SKIP_IMAGES
				    ? pack
				    : unpack;
	switch (pname) {
	case GL_PACK_SWAP_BYTES:
	case GL_UNPACK_SWAP_BYTES:
		s->swap_bytes = v;
		break;
	case GL_PACK_LSB_FIRST:
	case GL_UNPACK_LSB_FIRST:
		s->lsb_first = v;
		break;
	case GL_PACK_ROW_LENGTH:
	case GL_UNPACK_ROW_LENGTH:
		if (v >= 0)
			s->row_length = v;
		break;
	case GL_PACK_SKIP_ROWS:
	case GL_UNPACK_SKIP_ROWS:
		if (v >= 0)
			s->skip_rows = v;
		break;
	case GL_PACK_SKIP_PIXELS:
	case GL_UNPACK_SKIP_PIXELS:
		if (v >= 0)
			s->skip_pixels = v;
		break;
	case GL_PACK_ALIGNMENT:
	case GL_UNPACK_ALIGNMENT:
		if (v == 1 || v == 2 || v == 4 || v == 8)
			s->alignment = v;
		break;
	case GL_PACK_IMAGE_HEIGHT:
		if (v >= 0)
			pack->image_height = v;
		break;
	case GL_UNPACK_IMAGE_HEIGHT:
		if (v >= 0)
			unpack->image_height = v;
		break;
	case GL_PACK_SKIP_IMAGES:
		if (v >= 0)
			pack->skip_images = v;
		break;
	case GL_UNPACK_SKIP_IMAGES:
		if (v >= 0)
			unpack->skip_images = v;
		break;
	}
}
