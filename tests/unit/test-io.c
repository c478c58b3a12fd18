/* test-io.c — guards against lost or reordered bytes on short transfers, SIGPIPE
 * killing the application, and reads that hang past a timeout or on a non-blocking fd. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suites.h"
#include "wire.h"

#define BIG (1u << 20)

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + seed + (i >> 12));
}

/* Write data with several iovecs (some empty) from a child while we read it
 * back: the 1 MiB does not fit a socket or pipe buffer, so writev is short. */
static void writev_through(int rfd, int wfd)
{
	unsigned char *data = malloc(BIG), *back = malloc(BIG);
	pid_t pid;
	int status;

	ck_assert_ptr_nonnull(data);
	ck_assert_ptr_nonnull(back);
	fill(data, BIG, 7);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct iovec iov[] = {
		    {data, 3},           {NULL, 0}, {data + 3, BIG / 2 - 3},
		    {data + BIG / 2, 1}, {NULL, 0}, {data + BIG / 2 + 1, BIG / 2 - 1},
		};

		close(rfd);
		_exit(wire_writev_all(wfd, iov, 6) == 0 ? 0 : 1);
	}
	close(wfd);
	ck_assert_int_eq(wire_read_all(rfd, back, BIG), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(memcmp(data, back, BIG), 0);
	/* And then the end of the stream: -1 with errno 0. */
	errno = EINVAL;
	ck_assert_int_eq(wire_read_all(rfd, back, 1), -1);
	ck_assert_int_eq(errno, 0);
	close(rfd);
	free(data);
	free(back);
}

START_TEST(writev_socket)
{
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	writev_through(sv[0], sv[1]);
}
END_TEST

START_TEST(writev_pipe)
{
	int p[2];

	/* Not a socket: sendmsg says ENOTSOCK, writev takes over. */
	ck_assert_int_eq(pipe(p), 0);
	writev_through(p[0], p[1]);
}
END_TEST

START_TEST(write_all_big)
{
	unsigned char *data = malloc(BIG), *back = malloc(BIG);
	int sv[2], status;
	pid_t pid;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fill(data, BIG, 3);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(sv[0]);
		/* Non-blocking: EAGAIN must wait, not fail. */
		fcntl(sv[1], F_SETFL, O_NONBLOCK);
		_exit(wire_write_all(sv[1], data, BIG) == 0 ? 0 : 1);
	}
	close(sv[1]);
	ck_assert_int_eq(wire_read_all(sv[0], back, BIG), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(memcmp(data, back, BIG), 0);
	close(sv[0]);
	free(data);
	free(back);
}
END_TEST

START_TEST(no_sigpipe)
{
	struct iovec iov = {.iov_base = "x", .iov_len = 1};
	int sv[2];

	/* SIGPIPE keeps its default action: were it raised, this test would die. */
	signal(SIGPIPE, SIG_DFL);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[1]);
	ck_assert_int_eq(wire_write_all(sv[0], "x", 1), -1);
	ck_assert_int_eq(errno, EPIPE);
	ck_assert_int_eq(wire_writev_all(sv[0], &iov, 1), -1);
	ck_assert_int_eq(errno, EPIPE);
	close(sv[0]);
}
END_TEST

START_TEST(read_timeout)
{
	struct timeval tv = {.tv_usec = 100000};
	char buf[4];
	int sv[2];

	/* SO_RCVTIMEO on a blocking socket: EAGAIN means time is up, not "wait more". */
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
	ck_assert_int_eq(wire_write_all(sv[1], "ab", 2), 0);
	ck_assert_int_eq(wire_read_all(sv[0], buf, 4), -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_int_eq(wire_read_some(sv[0], buf, 4, false), -1);
	ck_assert_int_eq(errno, EAGAIN);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(read_all_nonblocking_waits)
{
	char buf[8];
	int sv[2], status;
	pid_t pid;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		usleep(100000);
		_exit(wire_write_all(sv[1], "late", 4) == 0 ? 0 : 1);
	}
	ck_assert_int_eq(wire_read_all(sv[0], buf, 4), 0);
	ck_assert_int_eq(memcmp(buf, "late", 4), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

static void read_some_on(int rfd, int wfd)
{
	char buf[16];

	ck_assert_int_eq(wire_read_some(rfd, buf, sizeof buf, true), -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_int_eq(wire_write_all(wfd, "abcdef", 6), 0);
	ck_assert_int_eq(wire_read_some(rfd, buf, 4, true), 4);
	ck_assert_int_eq(memcmp(buf, "abcd", 4), 0);
	ck_assert_int_eq(wire_read_some(rfd, buf, sizeof buf, false), 2);
	ck_assert_int_eq(memcmp(buf, "ef", 2), 0);
	close(wfd);
	ck_assert_int_eq(wire_read_some(rfd, buf, sizeof buf, true), 0);
	ck_assert_int_eq(wire_read_some(rfd, buf, sizeof buf, false), 0);
	close(rfd);
}

START_TEST(read_some_socket)
{
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	read_some_on(sv[0], sv[1]);
}
END_TEST

START_TEST(read_some_pipe)
{
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	read_some_on(p[0], p[1]);
}
END_TEST

START_TEST(zero_length)
{
	struct iovec iov[2] = {{NULL, 0}, {NULL, 0}};

	/* Nothing to move is done at once, even on a bad descriptor. */
	ck_assert_int_eq(wire_write_all(-1, NULL, 0), 0);
	ck_assert_int_eq(wire_writev_all(-1, iov, 2), 0);
	ck_assert_int_eq(wire_read_all(-1, NULL, 0), 0);
	ck_assert_int_eq(wire_write_all(-1, "x", 1), -1);
	ck_assert_int_eq(errno, EBADF);
}
END_TEST

Suite *io_suite(void)
{
	Suite *s = suite_create("io");
	TCase *tc = tcase_create("io");

	tcase_add_test(tc, writev_socket);
	tcase_add_test(tc, writev_pipe);
	tcase_add_test(tc, write_all_big);
	tcase_add_test(tc, no_sigpipe);
	tcase_add_test(tc, read_timeout);
	tcase_add_test(tc, read_all_nonblocking_waits);
	tcase_add_test(tc, read_some_socket);
	tcase_add_test(tc, read_some_pipe);
	tcase_add_test(tc, zero_length);
	suite_add_tcase(s, tc);
	return s;
}
