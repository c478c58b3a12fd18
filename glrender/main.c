/* main.c — glrender: listens on each --listen address, serves every guest connection
 * on a render thread of its own, and shuts down cleanly on SIGTERM or SIGINT (each
 * client's commands received finished, the client told, what it held freed). */
#include <errno.h>
#include <stdbool.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dec_gl.h"
#include "glr.h"

#define MAX_LISTEN 16

static int stop_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
	char b = (char)sig;
	ssize_t r = write(stop_pipe[1], &b, 1);
	(void)r;
}

static void *client_thread(void *arg)
{
	glr_serve((int)(intptr_t)arg);
	return NULL;
}

/* The token is the first line of the file, without its newline. */
static int read_token(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "glrender: --token-file %s: %s\n", path, strerror(errno));
		return -1;
	}
	bool ok = fgets(out, (int)len, f) != NULL;
	fclose(f);
	out[strcspn(out, "\r\n")] = 0;
	if (!ok || !out[0]) {
		fprintf(stderr, "glrender: --token-file %s: the file holds no token\n", path);
		return -1;
	}
	return 0;
}

/* Whether anyone beyond this machine's users could connect to a. */
static bool reachable_from_outside(const struct wire_addr *a)
{
	if (a->kind == WIRE_UNIX)
		return false;
	if (a->kind == WIRE_VSOCK)
		return true;
	return strncmp(a->host, "127.", 4) != 0 && strcmp(a->host, "::1") != 0 &&
	       strcmp(a->host, "localhost") != 0;
}

/* A count or a byte size: digits with an optional K, M or G (powers of 1024); 0 means no
 * limit. -1 with a message when it is none of those or above max. */
static int parse_limit(const char *opt, const char *s, unsigned long long max,
		       unsigned long long *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	int shift = 0;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (errno || end == s || *end || *s == '-' || (shift && v > (max >> shift)) ||
	    (v << shift) > max) {
		fprintf(stderr, "glrender: --%s %s: not a number from 0 to %llu\n", opt, s, max);
		return -1;
	}
	*out = v << shift;
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: glrender [--listen ADDR]... [--egl-device N|PATH] | --list-devices\n"
		"Replays the GL streams of fakegl guests on this machine's GPU.\n\n"
		"  -l, --listen ADDR     tcp:HOST:PORT | unix:PATH | vsock:CID:PORT (repeatable;\n"
		"                        default " WIRE_DEFAULT_ADDR ")\n"
		"      --egl-device D    the EGL device to render on: its index or DRM path\n"
		"      --list-devices    list the EGL devices, their renderers and the default\n"
		"      --token-file FILE clients must send the token in FILE (FAKEGL_TOKEN or\n"
		"                        FAKEGL_TOKEN_FILE); required to listen beyond loopback\n"
		"      --record DIR      record each client's stream to DIR/NAME-PID-N.gls\n"
		"                        (glstream info|dump|stats|replay reads them)\n"
		"      --max-trace SIZE  stream bytes recorded per client; beyond, its recording\n"
		"                        stops there and the client goes on (4G; 0: none)\n"
		"      --window          show each guest drawable in a window on this machine's\n"
		"                        display too (DISPLAY; the VMGL viewer mode)\n"
		"      --no-isolate      serve every guest process in this one process; by\n"
		"                        default each gets a worker process of its own, so that\n"
		"                        a driver fault takes down that guest alone\n"
		"\nLimits (0: none; sizes take K, M or G), each with its default:\n"
		"      --max-clients N   connections served at once; more are told the host is\n"
		"                        busy (64)\n"
		"      --max-contexts N  contexts of one guest process; more are refused (64)\n"
		"      --max-memory SIZE textures, buffers and renderbuffers of one guest process,\n"
		"                        counted when allocated; beyond: GL_OUT_OF_MEMORY (4G)\n"
		"      --max-drawable N  width and height of a drawable; larger: dropped (16384)\n"
		"      --max-command SIZE  one command; larger: the client is dropped (1G+64K)\n"
		"\n"
		"  -h, --help            this text\n"
		"      --version         the version and the protocol version\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"egl-device", required_argument, NULL, 'd'},
		{"list-devices", no_argument, NULL, 'E'},
		{"token-file", required_argument, NULL, 't'},
		{"max-clients", required_argument, NULL, 'C'},
		{"max-contexts", required_argument, NULL, 'X'},
		{"max-memory", required_argument, NULL, 'M'},
		{"max-drawable", required_argument, NULL, 'D'},
		{"max-command", required_argument, NULL, 'K'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"record", required_argument, NULL, 'R'},
		{"max-trace", required_argument, NULL, 'T'},
		{"no-isolate", no_argument, NULL, 'I'},
		{"worker", required_argument, NULL, 'W'},
		{"window", no_argument, NULL, 'w'},
		{0, 0, 0, 0},
	};
	struct wire_addr addrs[MAX_LISTEN];
	int nlisten = 0, fds[MAX_LISTEN];
	const char *device = NULL;
	char err[256], desc[256] = "";
	int opt;
	bool isolate = true, window = false;
	int worker_fd = -1;
	unsigned long long v;
	while ((opt = getopt_long(argc, argv, "l:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			if (nlisten == MAX_LISTEN) {
				fprintf(stderr, "glrender: at most %d --listen addresses\n", MAX_LISTEN);
				return 2;
			}
			if (wire_addr_parse(optarg, &addrs[nlisten], err, sizeof err) < 0) {
				fprintf(stderr, "glrender: --listen %s: %s\n", optarg, err);
				return 2;
			}
			nlisten++;
			break;
		case 'd':
			device = optarg;
			break;
		case 'E':
			return glr_list_devices(stdout) < 0 ? 1 : 0;
		case 't':
			if (read_token(optarg, glr_options.token, sizeof glr_options.token) < 0)
				return 2;
			break;
		case 'C':
		case 'X':
			if (parse_limit(opt == 'C' ? "max-clients" : "max-contexts", optarg, 1 << 20,
					&v) < 0)
				return 2;
			*(opt == 'C' ? &glr_options.max_clients : &glr_options.max_contexts) = (int)v;
			break;
		case 'M':
			if (parse_limit("max-memory", optarg, SIZE_MAX / 2, &v) < 0)
				return 2;
			glr_options.max_memory = (size_t)v;
			break;
		case 'D':
			if (parse_limit("max-drawable", optarg, 16384, &v) < 0 || v == 0) {
				fprintf(stderr, "glrender: --max-drawable takes 1 to 16384\n");
				return 2;
			}
			glr_options.max_drawable = (int)v;
			break;
		case 'K':
			if (parse_limit("max-command", optarg, WIRE_MAX_COMMAND, &v) < 0)
				return 2;
			glr_options.max_command = v ? (size_t)v : WIRE_MAX_COMMAND;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'I':
			isolate = false;
			break;
		case 'w':
			window = true;
			break;
		case 'W': /* isolate.c starts workers with it; not for people */
			worker_fd = atoi(optarg);
			break;
		case 'V':
			printf("glrender %s, protocol %u\n", FAKEGL_VERSION, WIRE_VERSION);
			return 0;
		case 'T':
			if (parse_limit("max-trace", optarg, SIZE_MAX / 2, &v) < 0)
				return 2;
			glr_options.max_trace = (size_t)v;
			break;
		case 'R':
			if (glr_record_set_dir(optarg, err, sizeof err) < 0) {
				fprintf(stderr, "glrender: %s\n", err);
				return 2;
			}
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "glrender: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!nlisten) {
		wire_addr_parse(WIRE_DEFAULT_ADDR, &addrs[0], err, sizeof err);
		nlisten = 1;
	}
	for (int i = 0; i < nlisten; i++) {
		char text[300];
		wire_addr_format(&addrs[i], text, sizeof text);
		if (reachable_from_outside(&addrs[i]) && !glr_options.token[0]) {
			fprintf(stderr,
				"glrender: refusing to listen on %s without --token-file: anyone who "
				"can reach it could use this GPU\n",
				text);
			return 2;
		}
	}
	if (glr_egl_init(device, desc, sizeof desc, err, sizeof err) < 0) {
		fprintf(stderr, "glrender: %s\n", err);
		return 1;
	}
	glr_gl_load(glr_egl_proc);
	glr_alpha_wrap();
	/* --window: the process that serves guests opens the windows; a listener that
	 * hands them to workers only checks the display, to say at once when it cannot. */
	if (window && ((worker_fd >= 0 || !isolate) ? glr_viewer_init(err, sizeof err)
						    : glr_viewer_check(err, sizeof err)) < 0) {
		fprintf(stderr, "glrender: %s\n", err);
		return 1;
	}

	if (pipe(stop_pipe) < 0) {
		perror("glrender: pipe");
		return 1;
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (worker_fd >= 0)
		return glr_worker_run(worker_fd, stop_pipe[0]);
	glr_isolate_init(argc, argv, isolate);

	struct pollfd pfd[MAX_LISTEN + 2];
	for (int i = 0; i < nlisten; i++) {
		fds[i] = wire_listen(&addrs[i], err, sizeof err);
		if (fds[i] < 0) {
			fprintf(stderr, "glrender: %s\n", err);
			for (int k = 0; k < i; k++)
				wire_unlisten(&addrs[k]);
			return 1;
		}
		char text[300];
		wire_addr_format(&addrs[i], text, sizeof text);
		glr_log("listening on %s (%s)", text, desc);
		pfd[i].fd = fds[i];
		pfd[i].events = POLLIN;
	}
	pfd[nlisten].fd = stop_pipe[0];
	pfd[nlisten].events = POLLIN;
	pfd[nlisten + 1].fd = glr_viewer_fd(); /* -1 (ignored by poll) without --window */
	pfd[nlisten + 1].events = POLLIN;

	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (;;) {
		/* the viewer's windows want their events even when no frame comes */
		if (poll(pfd, (nfds_t)nlisten + 2, glr_viewer_on() ? 50 : -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("glrender: poll");
			break;
		}
		if (pfd[nlisten].revents)
			break;
		glr_viewer_pump();
		for (int i = 0; i < nlisten; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			int fd = accept4(fds[i], NULL, NULL, SOCK_CLOEXEC);
			if (fd < 0)
				continue;
			pthread_t th;
			if (pthread_create(&th, &attr, client_thread, (void *)(intptr_t)fd) != 0) {
				glr_log("cannot start a render thread: %s", strerror(errno));
				close(fd);
			}
		}
	}
	glr_log("shutting down");
	for (int i = 0; i < nlisten; i++) {
		close(fds[i]);
		wire_unlisten(&addrs[i]);
	}
	/* Each client finishes the commands it sent, is told why it goes and frees what it
	 * held; one stuck in the driver or in a write (10 s at most) is left to the exit. */
	glr_isolate_stop(6000);
	int left = glr_shutdown(5000);
	if (left) {
		glr_log("%d clients still running after 5 s: exiting without them", left);
		fflush(stderr);
		_exit(0);
	}
	glr_viewer_fini();
	glr_log("stopped");
	return 0;
}
