/* framing.c — the one- or two-word header that starts every message
 * (see wire.h and wire/PROTOCOL.md, "Framing"). */
#include "wire.h"

#include <endian.h>

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

size_t wire_msg_size(const void *buf, size_t avail, size_t max, uint32_t *op, size_t *hdr_bytes)
{
	const uint8_t *p = buf;
	uint32_t h, words, total;

	if (avail < 4)
		return 0;
	h = get_le32(p);
	words = WIRE_HDR_WORDS(h);
	if (words != 0) {
		if ((size_t)words * 4 > max)
			return (size_t)-1;
		*op = WIRE_HDR_OP(h);
		*hdr_bytes = 4;
		return (size_t)words * 4;
	}
	if (avail < 8)
		return 0;
	total = get_le32(p + 4);
	/* The long form is only for what the short one cannot say: a message of
	 * more than WIRE_SHORT_MAX_WORDS words with a one-word header. */
	if (total < 8 || total % 4 != 0 || (total - 4) / 4 <= WIRE_SHORT_MAX_WORDS || total > max)
		return (size_t)-1;
	*op = WIRE_HDR_OP(h);
	*hdr_bytes = 8;
	return total;
}

size_t wire_put_hdr(uint32_t *out, uint32_t op, size_t total_bytes)
{
	if (total_bytes / 4 <= WIRE_SHORT_MAX_WORDS) {
		out[0] = htole32(WIRE_HDR(op & 0xffffu, total_bytes / 4));
		return 4;
	}
	/* Cannot be said in a u32: the caller must not build such a message. */
	if (total_bytes > UINT32_MAX)
		return 0;
	out[0] = htole32(WIRE_HDR(op & 0xffffu, 0));
	out[1] = htole32((uint32_t)total_bytes);
	return 8;
}
