/* test-addr.c — guards against address texts parsed wrong, or accepted when malformed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/vm_sockets.h>

#include "suites.h"
#include "wire.h"

static const struct {
	const char *in;
	enum wire_transport kind;
	const char *host;
	unsigned port;
	uint32_t cid;
	const char *path;
	const char *canonical; /* what wire_addr_format gives back */
} good[] = {
    {NULL, WIRE_TCP, "127.0.0.1", 7450, 0, "", "tcp:127.0.0.1:7450"},
    {"", WIRE_TCP, "127.0.0.1", 7450, 0, "", "tcp:127.0.0.1:7450"},
    {"tcp:localhost:1", WIRE_TCP, "localhost", 1, 0, "", "tcp:localhost:1"},
    {"tcp:10.0.0.2:0", WIRE_TCP, "10.0.0.2", 0, 0, "", "tcp:10.0.0.2:0"},
    {"tcp:example.com:65535", WIRE_TCP, "example.com", 65535, 0, "", "tcp:example.com:65535"},
    {"tcp:[::1]:7450", WIRE_TCP, "::1", 7450, 0, "", "tcp:[::1]:7450"},
    {"tcp:[fe80::1%eth0]:80", WIRE_TCP, "fe80::1%eth0", 80, 0, "", "tcp:[fe80::1%eth0]:80"},
    {"tcp:host:007", WIRE_TCP, "host", 7, 0, "", "tcp:host:7"},
    {"unix:/run/fakegl.sock", WIRE_UNIX, "", 0, 0, "/run/fakegl.sock", "unix:/run/fakegl.sock"},
    {"unix:rel/sock", WIRE_UNIX, "", 0, 0, "rel/sock", "unix:rel/sock"},
    {"unix:@fakegl", WIRE_UNIX, "", 0, 0, "@fakegl", "unix:@fakegl"},
    {"vsock:any:7450", WIRE_VSOCK, "", 7450, VMADDR_CID_ANY, "", "vsock:any:7450"},
    {"vsock:host:5", WIRE_VSOCK, "", 5, 2, "", "vsock:2:5"},
    {"vsock:local:5", WIRE_VSOCK, "", 5, 1, "", "vsock:1:5"},
    {"vsock:3:7450", WIRE_VSOCK, "", 7450, 3, "", "vsock:3:7450"},
    {"vsock:4294967295:1", WIRE_VSOCK, "", 1, VMADDR_CID_ANY, "", "vsock:any:1"},
};

START_TEST(parse_good)
{
	struct wire_addr a;
	char err[256] = "", text[300];

	ck_assert_msg(wire_addr_parse(good[_i].in, &a, err, sizeof err) == 0, "%s: %s",
	              good[_i].in ? good[_i].in : "(null)", err);
	ck_assert_int_eq(a.kind, good[_i].kind);
	ck_assert_str_eq(a.host, good[_i].host);
	ck_assert_uint_eq(a.port, good[_i].port);
	ck_assert_uint_eq(a.cid, good[_i].cid);
	ck_assert_str_eq(a.path, good[_i].path);
	wire_addr_format(&a, text, sizeof text);
	ck_assert_str_eq(text, good[_i].canonical);
}
END_TEST

static const struct {
	const char *in;
	const char *why; /* a part of the reason */
} bad[] = {
    {"tcp:host", "no port"},
    {"tcp:host:", "bad port"},
    {"tcp:host:65536", "bad port"},
    {"tcp:host:99999999999999999999", "bad port"},
    {"tcp:host:-1", "bad port"},
    {"tcp:host:+1", "bad port"},
    {"tcp:host:12a", "bad port"},
    {"tcp:host: 80", "bad port"},
    {"tcp::80", "empty host"},
    {"tcp:[]:80", "empty host"},
    {"tcp:::1:80", "brackets"},
    {"tcp:[::1", "no ']'"},
    {"tcp:[::1]80", "no port"},
    {"tcp:[::1]:", "bad port"},
    {"tcp:", "no port"},
    {"unix:", "empty path"},
    {"unix:@", "empty path"},
    {"udp:host:1", "unknown scheme"},
    {"TCP:host:1", "unknown scheme"},
    {"fakegl", "unknown scheme"},
    {"vsock:1", "no port"},
    {"vsock:abc:1", "bad CID"},
    {"vsock::1", "bad CID"},
    {"vsock:-1:1", "bad CID"},
    {"vsock:4294967296:1", "bad CID"},
    {"vsock:2:99999", "bad port"},
    {"vsock:2:", "bad port"},
};

START_TEST(parse_bad)
{
	struct wire_addr a;
	char err[256] = "", want[128];

	errno = 0;
	ck_assert_int_eq(wire_addr_parse(bad[_i].in, &a, err, sizeof err), -1);
	ck_assert_int_eq(errno, EINVAL);
	snprintf(want, sizeof want, "bad address \"%s\": ", bad[_i].in);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s: got \"%s\"", bad[_i].in, err);
	ck_assert_msg(strstr(err, bad[_i].why), "%s: got \"%s\"", bad[_i].in, err);
	ck_assert_ptr_null(strchr(err, '\n'));
}
END_TEST

START_TEST(parse_too_long)
{
	char in[400], err[256];
	struct wire_addr a;

	/* 107 bytes is the most sun_path can hold with its NUL. */
	strcpy(in, "unix:/");
	memset(in + 6, 'p', 106);
	in[112] = '\0';
	ck_assert_int_eq(wire_addr_parse(in, &a, err, sizeof err), 0);
	ck_assert_uint_eq(strlen(a.path), 107);
	strcat(in, "p");
	ck_assert_int_eq(wire_addr_parse(in, &a, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "path too long"));
	ck_assert_ptr_nonnull(strstr(err, "bad address \"unix:/ppp"));

	strcpy(in, "unix:@");
	memset(in + 6, 'n', 106);
	in[112] = '\0';
	ck_assert_int_eq(wire_addr_parse(in, &a, err, sizeof err), 0);
	strcat(in, "n");
	ck_assert_int_eq(wire_addr_parse(in, &a, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "path too long"));

	strcpy(in, "tcp:");
	memset(in + 4, 'h', 300);
	strcpy(in + 304, ":1");
	ck_assert_int_eq(wire_addr_parse(in, &a, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "host name too long"));
	/* The quoted input is cut, the reason still there. */
	ck_assert_ptr_nonnull(strstr(err, "...\""));
}
END_TEST

START_TEST(parse_one_line)
{
	struct wire_addr a;
	char err[256];

	ck_assert_int_eq(wire_addr_parse("unix\n:x\r", &a, err, sizeof err), -1);
	ck_assert_ptr_null(strchr(err, '\n'));
	ck_assert_ptr_null(strchr(err, '\r'));
	ck_assert_ptr_nonnull(strstr(err, "\"unix?:x?\""));
	/* A tiny or absent err buffer is not written past. */
	err[0] = 'X';
	err[1] = 'Y';
	ck_assert_int_eq(wire_addr_parse("bad", &a, err, 1), -1);
	ck_assert_int_eq(err[0], '\0');
	ck_assert_int_eq(err[1], 'Y');
	ck_assert_int_eq(wire_addr_parse("bad", &a, NULL, 0), -1);
}
END_TEST

START_TEST(parse_error_keeps_out)
{
	struct wire_addr a;
	char err[256];

	ck_assert_int_eq(wire_addr_parse("tcp:keep:1", &a, err, sizeof err), 0);
	ck_assert_int_eq(wire_addr_parse("tcp:other:x", &a, err, sizeof err), -1);
	ck_assert_str_eq(a.host, "keep");
	ck_assert_uint_eq(a.port, 1);
}
END_TEST

START_TEST(format_truncates)
{
	struct wire_addr a;
	char err[256], text[8];

	ck_assert_int_eq(wire_addr_parse("tcp:127.0.0.1:7450", &a, err, sizeof err), 0);
	memset(text, 'X', sizeof text);
	wire_addr_format(&a, text, sizeof text);
	ck_assert_str_eq(text, "tcp:127");
}
END_TEST

Suite *addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, parse_good, 0, (int)(sizeof good / sizeof good[0]));
	tcase_add_loop_test(tc, parse_bad, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, parse_too_long);
	tcase_add_test(tc, parse_one_line);
	tcase_add_test(tc, parse_error_keeps_out);
	tcase_add_test(tc, format_truncates);
	suite_add_tcase(s, tc);
	return s;
}
