/* test-log.c — guards against log lines that are split, unterminated, or clobber errno. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "suites.h"
#include "wire.h"

/* Log with stderr sent to a pipe; return what came out. */
static size_t capture(char *out, size_t cap, const char *msg)
{
	int p[2], saved = dup(STDERR_FILENO);
	ssize_t n;

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_ge(dup2(p[1], STDERR_FILENO), 0);
	close(p[1]);
	errno = ENOENT;
	wire_log("glrender", "../../wire/io.c", 42, "%s", msg);
	ck_assert_int_eq(errno, ENOENT);
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = read(p[0], out, cap - 1);
	close(p[0]);
	ck_assert_int_ge(n, 0);
	out[n] = '\0';
	return (size_t)n;
}

START_TEST(one_line)
{
	char out[4096];

	capture(out, sizeof out, "client 3 dropped");
	ck_assert_str_eq(out, "glrender: io.c:42: client 3 dropped\n");
	/* A newline given by the caller is not doubled. */
	capture(out, sizeof out, "bye\n");
	ck_assert_str_eq(out, "glrender: io.c:42: bye\n");
}
END_TEST

START_TEST(long_message)
{
	char msg[3000], out[4096];
	size_t n;

	memset(msg, 'x', sizeof msg - 1);
	msg[sizeof msg - 1] = '\0';
	n = capture(out, sizeof out, msg);
	ck_assert_uint_le(n, 1024);
	ck_assert_int_eq(out[n - 1], '\n');
	ck_assert_ptr_eq(strchr(out, '\n'), out + n - 1);
	ck_assert_int_eq(memcmp(out + n - 4, "...", 3), 0);
	ck_assert_int_eq(strncmp(out, "glrender: io.c:42: xxx", 22), 0);
}
END_TEST

Suite *log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("log");

	tcase_add_test(tc, one_line);
	tcase_add_test(tc, long_message);
	suite_add_tcase(s, tc);
	return s;
}
