/* test-transport.c — guards against listen/connect failing, leaking fds to exec, or
 * leaving unix sockets open to others, and against replacing files that are not ours. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "suites.h"
#include "wire.h"

static char tmpdir[64];

static void make_tmpdir(void)
{
	strcpy(tmpdir, "/tmp/fakegl-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
	rmdir(tmpdir);
}

static struct wire_addr parse(const char *s)
{
	struct wire_addr a;
	char err[256];

	ck_assert_msg(wire_addr_parse(s, &a, err, sizeof err) == 0, "%s", err);
	return a;
}

static void assert_cloexec(int fd)
{
	ck_assert_int_ne(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
}

/* Connect to listening fd lfd at a, accept, and move bytes both ways. */
static void exchange(int lfd, const struct wire_addr *a)
{
	char err[256], buf[6];
	int c, s;

	c = wire_connect(a, err, sizeof err);
	ck_assert_msg(c >= 0, "%s", err);
	s = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	ck_assert_int_ge(s, 0);
	assert_cloexec(c);
	/* connect is non-blocking only while it waits. */
	ck_assert_int_eq(fcntl(c, F_GETFL) & O_NONBLOCK, 0);
	ck_assert_int_eq(wire_write_all(c, "hello", 6), 0);
	ck_assert_int_eq(wire_read_all(s, buf, 6), 0);
	ck_assert_str_eq(buf, "hello");
	ck_assert_int_eq(wire_write_all(s, "world", 6), 0);
	ck_assert_int_eq(wire_read_all(c, buf, 6), 0);
	ck_assert_str_eq(buf, "world");
	close(c);
	close(s);
}

static uint16_t bound_port(int fd)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;

	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	ck_assert_int_eq(sin.sin_family, AF_INET);
	return ntohs(sin.sin_port);
}

START_TEST(tcp_exchange)
{
	struct wire_addr a = parse("tcp:127.0.0.1:0");
	char err[256];
	int lfd, c, one = 0;
	socklen_t len = sizeof one;

	lfd = wire_listen(&a, err, sizeof err);
	ck_assert_msg(lfd >= 0, "%s", err);
	assert_cloexec(lfd);
	a.port = bound_port(lfd);
	ck_assert_uint_ne(a.port, 0);
	exchange(lfd, &a);

	c = wire_connect(&a, err, sizeof err);
	ck_assert_msg(c >= 0, "%s", err);
	ck_assert_int_eq(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, &len), 0);
	ck_assert_int_ne(one, 0);
	close(c);
	close(lfd);
}
END_TEST

START_TEST(tcp_refused)
{
	struct wire_addr a = parse("tcp:127.0.0.1:0");
	char err[256], want[128];
	int lfd;

	/* A port that was just free: nobody listens there any more. */
	lfd = wire_listen(&a, err, sizeof err);
	ck_assert_msg(lfd >= 0, "%s", err);
	a.port = bound_port(lfd);
	close(lfd);
	errno = 0;
	ck_assert_int_eq(wire_connect(&a, err, sizeof err), -1);
	ck_assert_int_eq(errno, ECONNREFUSED);
	snprintf(want, sizeof want, "cannot connect to tcp:127.0.0.1:%u: Connection refused",
	         (unsigned)a.port);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(tcp_in_use)
{
	struct wire_addr a = parse("tcp:127.0.0.1:0");
	char err[256], want[128];
	int lfd;

	lfd = wire_listen(&a, err, sizeof err);
	ck_assert_msg(lfd >= 0, "%s", err);
	a.port = bound_port(lfd);
	ck_assert_int_eq(wire_listen(&a, err, sizeof err), -1);
	ck_assert_int_eq(errno, EADDRINUSE);
	snprintf(want, sizeof want, "cannot listen on tcp:127.0.0.1:%u: Address already in use",
	         (unsigned)a.port);
	ck_assert_str_eq(err, want);
	close(lfd);
}
END_TEST

START_TEST(unix_exchange)
{
	struct wire_addr a;
	struct stat st;
	char path[128], err[256];
	int lfd;

	make_tmpdir();
	snprintf(path, sizeof path, "unix:%s/s", tmpdir);
	a = parse(path);
	lfd = wire_listen(&a, err, sizeof err);
	ck_assert_msg(lfd >= 0, "%s", err);
	assert_cloexec(lfd);
	ck_assert_int_eq(lstat(a.path, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	exchange(lfd, &a);
	close(lfd);
	wire_unlisten(&a);
	ck_assert_int_eq(lstat(a.path, &st), -1);
	ck_assert_int_eq(errno, ENOENT);
	remove_tmpdir();
}
END_TEST

START_TEST(unix_mode_ignores_umask)
{
	struct wire_addr a;
	struct stat st;
	char path[128], err[256];
	mode_t old = umask(0);
	int lfd;

	make_tmpdir();
	snprintf(path, sizeof path, "unix:%s/s", tmpdir);
	a = parse(path);
	lfd = wire_listen(&a, err, sizeof err);
	umask(old);
	ck_assert_msg(lfd >= 0, "%s", err);
	ck_assert_int_eq(lstat(a.path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	close(lfd);
	wire_unlisten(&a);
	remove_tmpdir();
}
END_TEST

START_TEST(unix_stale_replaced)
{
	struct sockaddr_un un = {.sun_family = AF_UNIX};
	struct wire_addr a;
	struct stat st;
	char path[128], err[256];
	int fd, lfd;

	make_tmpdir();
	snprintf(path, sizeof path, "unix:%s/s", tmpdir);
	a = parse(path);
	/* What a crashed glrender leaves: a socket file nobody listens on. */
	strcpy(un.sun_path, a.path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&un, sizeof un), 0);
	close(fd);
	ck_assert_int_eq(lstat(a.path, &st), 0);

	lfd = wire_listen(&a, err, sizeof err);
	ck_assert_msg(lfd >= 0, "%s", err);
	exchange(lfd, &a);
	close(lfd);
	wire_unlisten(&a);
	remove_tmpdir();
}
END_TEST

START_TEST(unix_live_kept)
{
	struct wire_addr a;
	char path[128], err[256];
	int lfd, probe;

	make_tmpdir();
	snprintf(path, sizeof path, "unix:%s/s", tmpdir);
	a = parse(path);
	lfd = wire_listen(&a, err, sizeof err);
	ck_assert_msg(lfd >= 0, "%s", err);
	ck_assert_int_eq(wire_listen(&a, err, sizeof err), -1);
	ck_assert_int_eq(errno, EADDRINUSE);
	ck_assert_ptr_nonnull(strstr(err, "another server is listening there"));
	ck_assert_ptr_nonnull(strstr(err, path));
	/* The probe that found it live shows up as a client that left at once. */
	probe = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	ck_assert_int_ge(probe, 0);
	ck_assert_int_eq(wire_read_all(probe, err, 1), -1);
	ck_assert_int_eq(errno, 0);
	close(probe);
	/* The first server still gets its clients. */
	exchange(lfd, &a);
	close(lfd);
	wire_unlisten(&a);
	remove_tmpdir();
}
END_TEST

START_TEST(unix_regular_file_refused)
{
	struct wire_addr a;
	struct stat st;
	char path[128], err[256], buf[8] = "";
	int fd;

	make_tmpdir();
	snprintf(path, sizeof path, "unix:%s/s", tmpdir);
	a = parse(path);
	fd = open(a.path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "data", 4), 4);
	close(fd);

	ck_assert_int_eq(wire_listen(&a, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "exists and is not a socket"));
	ck_assert_ptr_nonnull(strstr(err, a.path));
	/* wire_unlisten leaves it alone too. */
	wire_unlisten(&a);
	ck_assert_int_eq(lstat(a.path, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	fd = open(a.path, O_RDONLY);
	ck_assert_int_eq(read(fd, buf, sizeof buf - 1), 4);
	ck_assert_str_eq(buf, "data");
	close(fd);
	unlink(a.path);
	remove_tmpdir();
}
END_TEST

START_TEST(unix_errors)
{
	struct wire_addr a;
	char path[128], err[256], want[256];

	make_tmpdir();
	snprintf(path, sizeof path, "unix:%s/none", tmpdir);
	a = parse(path);
	ck_assert_int_eq(wire_connect(&a, err, sizeof err), -1);
	ck_assert_int_eq(errno, ENOENT);
	snprintf(want, sizeof want, "cannot connect to %s: No such file or directory", path);
	ck_assert_str_eq(err, want);

	snprintf(path, sizeof path, "unix:%s/no/dir", tmpdir);
	a = parse(path);
	ck_assert_int_eq(wire_listen(&a, err, sizeof err), -1);
	snprintf(want, sizeof want, "cannot listen on %s: No such file or directory", path);
	ck_assert_str_eq(err, want);
	remove_tmpdir();
}
END_TEST

START_TEST(abstract_exchange)
{
	struct wire_addr a;
	struct stat st;
	char path[128], err[256];
	int lfd;

	snprintf(path, sizeof path, "unix:@fakegl-test-%ld", (long)getpid());
	a = parse(path);
	lfd = wire_listen(&a, err, sizeof err);
	ck_assert_msg(lfd >= 0, "%s", err);
	/* Nothing in the file system, not even a file named "@…". */
	ck_assert_int_eq(lstat(a.path, &st), -1);
	exchange(lfd, &a);
	/* A second listener on the same name is refused. */
	ck_assert_int_eq(wire_listen(&a, err, sizeof err), -1);
	ck_assert_int_eq(errno, EADDRINUSE);
	wire_unlisten(&a);
	close(lfd);
	/* Gone with its socket. */
	ck_assert_int_eq(wire_connect(&a, err, sizeof err), -1);
	ck_assert_int_eq(errno, ECONNREFUSED);
}
END_TEST

START_TEST(vsock_listen)
{
	struct wire_addr a = parse("vsock:any:0");
	char err[256];
	int lfd;

	/* This machine has no vsock loopback: connecting is never tried (it
	 * would hang); listening either works or says why, naming vsock. */
	lfd = wire_listen(&a, err, sizeof err);
	if (lfd >= 0) {
		assert_cloexec(lfd);
		close(lfd);
		return;
	}
	ck_assert_msg(errno == EAFNOSUPPORT || errno == ENODEV || errno == EADDRNOTAVAIL, "%s",
	              err);
	ck_assert_msg(strncmp(err, "cannot listen on vsock:any:0: ", 30) == 0, "%s", err);
	if (errno != EADDRNOTAVAIL)
		ck_assert_ptr_nonnull(strstr(err, "no vsock support"));
}
END_TEST

Suite *transport_suite(void)
{
	Suite *s = suite_create("transport");
	TCase *tc = tcase_create("tcp");

	tcase_add_test(tc, tcp_exchange);
	tcase_add_test(tc, tcp_refused);
	tcase_add_test(tc, tcp_in_use);
	suite_add_tcase(s, tc);
	tc = tcase_create("unix");
	tcase_add_test(tc, unix_exchange);
	tcase_add_test(tc, unix_mode_ignores_umask);
	tcase_add_test(tc, unix_stale_replaced);
	tcase_add_test(tc, unix_live_kept);
	tcase_add_test(tc, unix_regular_file_refused);
	tcase_add_test(tc, unix_errors);
	tcase_add_test(tc, abstract_exchange);
	suite_add_tcase(s, tc);
	tc = tcase_create("vsock");
	tcase_add_test(tc, vsock_listen);
	suite_add_tcase(s, tc);
	return s;
}
