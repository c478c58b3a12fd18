/* isolate.c — one worker process per guest session (the default; --no-isolate serves
 * everything in one process). The listening process does each connection's handshake and
 * hands the connection, with its hello, to the worker of its session over a unix socket
 * (SCM_RIGHTS); the worker is glrender itself, started fresh with --worker FD on the
 * session's first connection, and serves its connections on render threads as before.
 *
 * Why: the host driver is not ours to trust either. Debian 12's llvmpipe (Mesa 22.3)
 * writes out of bounds under piglit's polygon-mode-facing, natively too (valgrind); in one
 * long-lived process that corrupted the heap and killed every guest a few runs later. Now
 * it takes down that guest's worker alone, and a worker that dies is logged with its
 * cause while every other session goes on.
 *
 * Ending a worker without losing a connection in flight: an idle worker (no clients for a
 * second) says 'B' (bye) and keeps reading; the listener forgets it, so later connections
 * of that session start a new worker, and closes its end; the worker serves whatever
 * reached it before, then sees end of file and exits. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "glr.h"

struct worker {
	uint64_t session;
	pid_t pid;
	int ctl;
	char name[WIRE_NAME_MAX];
	uint32_t guest_pid;
	struct worker *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct worker *workers;
static char **worker_argv; /* glrender's own arguments, then --worker FD */
static int worker_argc;
static bool isolating;

void glr_isolate_init(int argc, char **argv, bool on)
{
	isolating = on;
	worker_argv = calloc((size_t)argc + 3, sizeof *worker_argv);
	if (!worker_argv) {
		isolating = false;
		return;
	}
	for (int i = 0; i < argc; i++)
		worker_argv[i] = argv[i];
	worker_argc = argc;
}

bool glr_isolating(void)
{
	return isolating;
}

static void unlink_worker(struct worker *w)
{
	for (struct worker **p = &workers; *p; p = &(*p)->next) {
		if (*p == w) {
			*p = w->next;
			return;
		}
	}
}

/* One thread per worker: its bye, or its death, then its exit status in the log. */
static void *watch_worker(void *arg)
{
	struct worker *w = arg;
	char b;
	ssize_t n;
	do
		n = read(w->ctl, &b, 1);
	while (n < 0 && errno == EINTR);
	pthread_mutex_lock(&lock);
	unlink_worker(w);
	pthread_mutex_unlock(&lock);
	close(w->ctl); /* after a bye: the worker sees end of file once it served the rest */
	int status = 0;
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status))
		glr_log("the worker of %s[%u] (pid %d) died of signal %d (%s): that session's "
			"clients were dropped, every other session goes on",
			w->name, w->guest_pid, (int)w->pid, WTERMSIG(status),
			strsignal(WTERMSIG(status)));
	else if (WEXITSTATUS(status) != 0)
		glr_log("the worker of %s[%u] (pid %d) exited with status %d", w->name,
			w->guest_pid, (int)w->pid, WEXITSTATUS(status));
	free(w);
	return NULL;
}

static struct worker *start_worker(const struct wire_hello *hello)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return NULL;
	struct worker *w = calloc(1, sizeof *w);
	if (!w) {
		close(sv[0]);
		close(sv[1]);
		return NULL;
	}
	char fdtext[16];
	snprintf(fdtext, sizeof fdtext, "%d", sv[1]);
	pid_t pid = fork();
	if (pid == 0) {
		/* the child: only async-signal-safe calls until exec */
		if (fcntl(sv[1], F_SETFD, 0) < 0)
			_exit(127);
		worker_argv[worker_argc] = "--worker";
		worker_argv[worker_argc + 1] = fdtext;
		worker_argv[worker_argc + 2] = NULL;
		sigset_t none;
		sigemptyset(&none);
		pthread_sigmask(SIG_SETMASK, &none, NULL);
		execv("/proc/self/exe", worker_argv);
		_exit(127);
	}
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		free(w);
		return NULL;
	}
	w->session = hello->session;
	w->pid = pid;
	w->ctl = sv[0];
	w->guest_pid = hello->pid;
	memcpy(w->name, hello->name, sizeof w->name);
	w->name[sizeof w->name - 1] = 0;
	pthread_t th;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&th, &attr, watch_worker, w) != 0) {
		close(sv[0]);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		free(w);
		w = NULL;
	}
	pthread_attr_destroy(&attr);
	if (w) {
		w->next = workers;
		workers = w;
	}
	return w;
}

static int send_client(int ctl, int fd, const struct wire_hello *hello)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof u);
	struct iovec iov = {(void *)hello, sizeof *hello};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	ssize_t n;
	do
		n = sendmsg(ctl, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof *hello ? 0 : -1;
}

int glr_isolate_handoff(int fd, const struct wire_hello *hello)
{
	pthread_mutex_lock(&lock);
	int rc = -1;
	for (int attempt = 0; attempt < 2 && rc < 0; attempt++) {
		struct worker *w = workers;
		while (w && w->session != hello->session)
			w = w->next;
		if (!w)
			w = start_worker(hello);
		if (!w)
			break;
		rc = send_client(w->ctl, fd, hello);
		if (rc < 0) /* it just died: forget it, a new one takes the connection */
			unlink_worker(w);
	}
	pthread_mutex_unlock(&lock);
	if (rc < 0)
		glr_log("no worker process for %s[%u]: %s", hello->name, hello->pid,
			strerror(errno));
	return rc;
}

void glr_isolate_stop(int timeout_ms)
{
	pthread_mutex_lock(&lock);
	for (struct worker *w = workers; w; w = w->next)
		kill(w->pid, SIGTERM);
	pthread_mutex_unlock(&lock);
	for (int waited = 0; waited < timeout_ms; waited += 10) {
		pthread_mutex_lock(&lock);
		bool none = !workers;
		pthread_mutex_unlock(&lock);
		if (none)
			return;
		usleep(10 * 1000);
	}
}

/* ---- the worker ---- */

static void *serve_thread(void *arg)
{
	struct glr_handoff *h = arg;
	glr_serve_hello(h->fd, &h->hello);
	free(h);
	return NULL;
}

static int receive_client(int ctl, struct glr_handoff *h)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = {&h->hello, sizeof h->hello};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf};
	ssize_t n;
	do
		n = recvmsg(ctl, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return (int)n; /* 0: the listener closed its end */
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	if (n != (ssize_t)sizeof h->hello || !cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&h->fd, CMSG_DATA(cm), sizeof h->fd);
	return 1;
}

int glr_worker_run(int ctl, int stop_fd)
{
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	struct pollfd pfd[3] = {{ctl, POLLIN, 0}, {stop_fd, POLLIN, 0}, {glr_viewer_fd(), POLLIN, 0}};
	bool said_bye = false, closed = false;
	int idle_ms = 0;
	while (!closed || glr_active_clients() > 0) {
		int r = poll(pfd, 3, glr_viewer_on() ? 50 : 100);
		if (r < 0 && errno != EINTR)
			break;
		if (pfd[1].revents)
			break; /* SIGTERM */
		glr_viewer_pump();
		if (r > 0 && (pfd[0].revents & (POLLIN | POLLHUP)) && !closed) {
			struct glr_handoff *h = calloc(1, sizeof *h);
			int got = h ? receive_client(ctl, h) : -1;
			pthread_t th;
			if (got == 1 && pthread_create(&th, &attr, serve_thread, h) == 0) {
				idle_ms = 0;
				continue;
			}
			if (got == 1)
				close(h->fd);
			free(h);
			if (got <= 0) {
				closed = true;
				pfd[0].fd = -1;
			}
			continue;
		}
		if (glr_active_clients() > 0) {
			idle_ms = 0;
		} else if ((idle_ms += 100) >= 1000 && !said_bye) {
			char b = 'B';
			said_bye = write(ctl, &b, 1) == 1;
			if (!said_bye)
				break;
		}
	}
	pthread_attr_destroy(&attr);
	int left = glr_shutdown(5000);
	if (left) {
		fflush(stderr);
		_exit(0);
	}
	glr_viewer_fini();
	return 0;
}
