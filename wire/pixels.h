/* pixels.h — sizes of pixel transfers, from format, type, dimensions and the
 * pack/unpack state (OpenGL 4.6 compatibility profile, section 8.4.4 "Transfer
 * of Pixel Rectangles" and 18.2 "Reading Pixels"). Both sides use it: the guest
 * to know how many bytes to send or receive, the host to check them. */
#ifndef FAKEGL_WIRE_PIXELS_H
#define FAKEGL_WIRE_PIXELS_H

#include <stddef.h>
#include <stdint.h>

/* The GL_{UN,}PACK_* state, as glPixelStore sets it. */
struct wire_pixelstore {
	int32_t swap_bytes, lsb_first;
	int32_t row_length, image_height;
	int32_t skip_rows, skip_pixels, skip_images;
	int32_t alignment;
};
#define WIRE_PIXELSTORE_DEFAULT {0, 0, 0, 0, 0, 0, 0, 4}

#define WIRE_SIZE_UNKNOWN ((size_t)-1)

/* Apply glPixelStore{i,f}(pname, v) to the pack or unpack state it names; both sides
 * keep their copy of the state with it (the guest to size what it sends, the host to
 * check it, without asking the driver, which cannot answer inside glBegin/glEnd). */
void wire_pixelstore_set(struct wire_pixelstore *pack, struct wire_pixelstore *unpack,
			 uint32_t pname, int32_t v);

/* Number of components of a pixel format (GL_RGBA: 4, GL_DEPTH_STENCIL: 2…);
 * 0 for a format it does not know. */
int wire_format_components(uint32_t format);
/* Bytes of one element of type (GL_FLOAT: 4, GL_2_BYTES: 2, GL_UNSIGNED_INT_8_8_8_8: 4
 * with packed=1…); 0 for an unknown type. *packed (may be NULL) is set to 1 when the
 * type packs all components of a pixel into one element. */
int wire_type_size(uint32_t type, int *packed);
/* Bytes from the first byte GL touches at the pointer to one past the last one, for
 * an image of w×h×d pixels (d = 1 for 2D, h = d = 1 for 1D), skips included.
 * GL_BITMAP (and glBitmap/glPolygonStipple) is handled: 1 bit per pixel, rows padded
 * to the alignment. 0 when any dimension is 0 or less; WIRE_SIZE_UNKNOWN for a
 * format/type pair it does not know. dims is 1, 2 or 3: image_height and skip_images
 * only apply to 3D images. */
size_t wire_image_size(const struct wire_pixelstore *ps, uint32_t format, uint32_t type,
		       int dims, int32_t w, int32_t h, int32_t d);
/* Bytes per element of the type of glCallLists, glDrawElements indices and the like
 * (GL_UNSIGNED_SHORT: 2, GL_2_BYTES: 2, GL_3_BYTES: 3…); 0 when unknown. */
int wire_index_size(uint32_t type);
/* Bytes of one pixel of format and type (the data of glClearTexImage, glClearBufferData);
 * WIRE_SIZE_UNKNOWN for a pair it does not know. */
size_t wire_pixel_bytes(uint32_t format, uint32_t type);
/* Bytes of count indirect draw commands of command bytes each, stride apart (0: packed);
 * 0 for a count of 0 or less, or a negative stride (GL refuses those). */
size_t wire_indirect_size(int32_t count, int32_t stride, size_t command);

#endif
