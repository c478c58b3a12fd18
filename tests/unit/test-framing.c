/* test-framing.c — guards against misread message lengths: short/long header confusion,
 * lengths below the header, unaligned or oversized messages. */
#include <string.h>

#include "suites.h"
#include "wire.h"

static void le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#define LONG_MIN_TOTAL (4u * 0x10000u + 4u) /* the smallest message needing 8 header bytes */

START_TEST(short_header)
{
	uint8_t b[8];
	uint32_t op = 0;
	size_t hb = 0;

	le32(b, WIRE_HDR(0x1234, 3));
	ck_assert_uint_eq(wire_msg_size(b, 4, 1024, &op, &hb), 12);
	ck_assert_uint_eq(op, 0x1234);
	ck_assert_uint_eq(hb, 4);
	/* One word: a message that is only its header. */
	le32(b, WIRE_HDR(0xffff, 1));
	ck_assert_uint_eq(wire_msg_size(b, 8, 1024, &op, &hb), 4);
	ck_assert_uint_eq(op, 0xffff);
	/* The largest short one. */
	le32(b, WIRE_HDR(1, WIRE_SHORT_MAX_WORDS));
	ck_assert_uint_eq(wire_msg_size(b, 4, 1u << 20, &op, &hb), 4u * 0xffffu);
}
END_TEST

START_TEST(need_more)
{
	uint8_t b[8];
	uint32_t op = 99;
	size_t hb = 99;

	le32(b, WIRE_HDR(5, 2));
	ck_assert_uint_eq(wire_msg_size(b, 0, 1024, &op, &hb), 0);
	ck_assert_uint_eq(wire_msg_size(b, 3, 1024, &op, &hb), 0);
	le32(b, WIRE_HDR(5, 0));
	le32(b + 4, LONG_MIN_TOTAL);
	ck_assert_uint_eq(wire_msg_size(b, 4, 1u << 20, &op, &hb), 0);
	ck_assert_uint_eq(wire_msg_size(b, 7, 1u << 20, &op, &hb), 0);
	ck_assert_uint_eq(op, 99);
	ck_assert_uint_eq(hb, 99);
}
END_TEST

START_TEST(long_header)
{
	uint8_t b[8];
	uint32_t op = 0;
	size_t hb = 0;

	le32(b, WIRE_HDR(0x42, 0));
	le32(b + 4, LONG_MIN_TOTAL);
	ck_assert_uint_eq(wire_msg_size(b, 8, 1u << 20, &op, &hb), LONG_MIN_TOTAL);
	ck_assert_uint_eq(op, 0x42);
	ck_assert_uint_eq(hb, 8);
	le32(b + 4, 64u << 20);
	ck_assert_uint_eq(wire_msg_size(b, 8, 64u << 20, &op, &hb), 64u << 20);
}
END_TEST

START_TEST(malformed)
{
	static const uint32_t bad_long[] = {
	    0,
	    4,
	    7,
	    8,
	    12,
	    4u * 0xffffu,
	    4u * 0xffffu + 4,   /* would fit the short form */
	    LONG_MIN_TOTAL + 2, /* not a multiple of 4 */
	    0xffffffffu,
	};
	uint8_t b[8];
	uint32_t op = 99;
	size_t hb = 99;

	le32(b, WIRE_HDR(1, 0));
	for (size_t i = 0; i < sizeof bad_long / sizeof bad_long[0]; i++) {
		le32(b + 4, bad_long[i]);
		ck_assert_msg(wire_msg_size(b, 8, (size_t)-2, &op, &hb) == (size_t)-1,
		              "long form with %u bytes accepted", (unsigned)bad_long[i]);
	}
	ck_assert_uint_eq(op, 99);
	ck_assert_uint_eq(hb, 99);
}
END_TEST

START_TEST(above_max)
{
	uint8_t b[8];
	uint32_t op;
	size_t hb;

	le32(b, WIRE_HDR(1, 4));
	ck_assert_uint_eq(wire_msg_size(b, 4, 16, &op, &hb), 16);
	ck_assert_uint_eq(wire_msg_size(b, 4, 15, &op, &hb), (size_t)-1);
	le32(b, WIRE_HDR(1, 0));
	le32(b + 4, LONG_MIN_TOTAL);
	ck_assert_uint_eq(wire_msg_size(b, 8, LONG_MIN_TOTAL, &op, &hb), LONG_MIN_TOTAL);
	ck_assert_uint_eq(wire_msg_size(b, 8, LONG_MIN_TOTAL - 4, &op, &hb), (size_t)-1);
}
END_TEST

START_TEST(put_hdr_bytes)
{
	uint32_t out[2];
	const uint8_t *b = (const uint8_t *)out;

	/* Little-endian on the wire whatever the host. */
	ck_assert_uint_eq(wire_put_hdr(out, 0x0102, 8), 4);
	ck_assert_int_eq(b[0], 0x02);
	ck_assert_int_eq(b[1], 0x01);
	ck_assert_int_eq(b[2], 0x02);
	ck_assert_int_eq(b[3], 0x00);
	ck_assert_uint_eq(wire_put_hdr(out, 7, LONG_MIN_TOTAL), 8);
	ck_assert_int_eq(b[0], 7);
	ck_assert_int_eq(b[2] | b[3], 0);
	ck_assert_int_eq(b[4], 4);
	ck_assert_int_eq(b[5], 0);
	ck_assert_int_eq(b[6], 4);
	ck_assert_int_eq(b[7], 0);
}
END_TEST

/* Build every header around the short/long boundary and read it back. */
START_TEST(round_trip)
{
	size_t sizes[64], n = 0;

	for (size_t p = 0; p <= 64; p += 4)
		sizes[n++] = p;
	for (size_t p = 4u * 0xffffu - 24; p <= 4u * 0xffffu + 24; p += 4)
		sizes[n++] = p;
	sizes[n++] = 16u << 20;
	for (size_t i = 0; i < n; i++) {
		uint32_t out[2], op = 0;
		size_t hb = wire_hdr_bytes(sizes[i]), total = sizes[i] + hb, got_hb = 0;

		ck_assert_uint_eq(wire_put_hdr(out, 0xbeef, total), hb);
		ck_assert_uint_eq(wire_msg_size(out, hb, 64u << 20, &op, &got_hb), total);
		ck_assert_uint_eq(op, 0xbeef);
		ck_assert_uint_eq(got_hb, hb);
		/* The boundary itself: the last payload of a short header. */
		ck_assert_uint_eq(hb, sizes[i] <= 4u * 0xffffu - 4 ? 4 : 8);
	}
}
END_TEST

START_TEST(pad4)
{
	ck_assert_uint_eq(wire_pad4(0), 0);
	ck_assert_uint_eq(wire_pad4(1), 4);
	ck_assert_uint_eq(wire_pad4(4), 4);
	ck_assert_uint_eq(wire_pad4(5), 8);
}
END_TEST

Suite *framing_suite(void)
{
	Suite *s = suite_create("framing");
	TCase *tc = tcase_create("framing");

	tcase_add_test(tc, short_header);
	tcase_add_test(tc, need_more);
	tcase_add_test(tc, long_header);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, above_max);
	tcase_add_test(tc, put_hdr_bytes);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, pad4);
	suite_add_tcase(s, tc);
	return s;
}
