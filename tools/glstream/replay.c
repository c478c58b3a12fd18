/* replay.c — `glstream replay`: the recorded bytes go, as recorded, either straight into
 * glrender's own client code and decoders on a headless EGL display in this process
 * (glr_client_feed), or to a running glrender over a connection per recorded thread.
 * Either way the answers come back on a socket that a reader thread drains: frames are
 * counted, and chosen ones written as PNG, top row first as the app's window showed it. */
#include <errno.h>
#include <png.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dec_gl.h"
#include "glr.h"
#include "glstream.h"

#define MAX_CONNS 64

struct options {
	const char *path, *server, *snapshot, *dir;
	bool benchmark;
	uint64_t loops;
};

struct replay; /* one pass over the trace */

struct conn {
	struct replay *r;
	int fd;			/* ours: commands out (remote), answers in */
	struct glr_client *c;	/* local: the host side, fed directly */
	pthread_t reader;
	bool reading;
};

struct replay {
	const struct options *o;
	struct gls_range *shots;
	size_t nshots;
	uint64_t total_frames;
	struct conn conns[MAX_CONNS];
	atomic_uint_fast64_t frames;
	atomic_int failed;
	char error[500];
	pthread_mutex_t lock;
	double last_progress;
	bool progress;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void set_failed(struct replay *r, const char *msg)
{
	pthread_mutex_lock(&r->lock);
	if (!atomic_exchange(&r->failed, 1))
		snprintf(r->error, sizeof r->error, "%s", msg);
	pthread_mutex_unlock(&r->lock);
}

static bool chosen(const struct replay *r, uint64_t frame)
{
	if (!r->o->dir)
		return false;
	if (!r->nshots)
		return true;
	for (size_t i = 0; i < r->nshots; i++)
		if (frame >= r->shots[i].first && frame <= r->shots[i].last)
			return true;
	return false;
}

/* B,G,R,A rows bottom-up (the wire's frame) → an RGB PNG, top row first. */
static int write_png(const char *path, const uint8_t *bgra, uint32_t w, uint32_t h)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	uint8_t *row = malloc((size_t)w * 3);
	int rc = -1;
	if (!png || !info || !row)
		goto out;
	if (setjmp(png_jmpbuf(png)))
		goto out;
	png_init_io(png, f);
	png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, 1);
	/* unfiltered rows: quick to write, and simple for the tests to read */
	png_set_filter(png, 0, PNG_FILTER_NONE);
	png_write_info(png, info);
	for (uint32_t y = 0; y < h; y++) {
		const uint8_t *src = bgra + (size_t)(h - 1 - y) * w * 4;
		for (uint32_t x = 0; x < w; x++) {
			row[3 * x] = src[4 * x + 2];
			row[3 * x + 1] = src[4 * x + 1];
			row[3 * x + 2] = src[4 * x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	rc = 0;
out:
	png_destroy_write_struct(&png, &info);
	free(row);
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static void progress(struct replay *r, uint64_t frame, bool force)
{
	if (!r->progress)
		return;
	double t = now_s();
	if (!force && t - r->last_progress < 0.2)
		return;
	r->last_progress = t;
	fprintf(stderr, "\rglstream: replaying frame %llu of %llu", (unsigned long long)frame,
		(unsigned long long)r->total_frames);
}

/* The answers of one connection: replies dropped, frames counted and kept. */
static void *reader_main(void *arg)
{
	struct conn *cn = arg;
	struct replay *r = cn->r;
	uint8_t *buf = NULL;
	size_t cap = 0;
	for (;;) {
		uint32_t hdr[2], op;
		size_t hb;
		if (wire_read_all(cn->fd, hdr, 4) < 0)
			break;
		size_t total = wire_msg_size(hdr, 4, (size_t)1 << 31, &op, &hb);
		if (total == 0) {
			if (wire_read_all(cn->fd, &hdr[1], 4) < 0)
				break;
			total = wire_msg_size(hdr, 8, (size_t)1 << 31, &op, &hb);
		}
		if (total == (size_t)-1 || total == 0) {
			set_failed(r, "glrender sent a malformed message");
			break;
		}
		size_t n = total - hb;
		if (n > cap) {
			uint8_t *p = realloc(buf, n);
			if (!p) {
				set_failed(r, "out of memory for an answer");
				break;
			}
			buf = p;
			cap = n;
		}
		if (n && wire_read_all(cn->fd, buf, n) < 0)
			break;
		if (op == WIRE_MSG_ERROR) {
			char text[400];
			snprintf(text, sizeof text, "glrender refused the stream: %.*s",
				 (int)(n < 300 ? n : 300), (const char *)buf);
			set_failed(r, text);
			break;
		}
		if (op != WIRE_MSG_FRAME)
			continue;
		struct wire_frame f;
		if (n < sizeof f) {
			set_failed(r, "glrender sent a short frame");
			break;
		}
		memcpy(&f, buf, sizeof f);
		uint64_t frame = atomic_fetch_add(&r->frames, 1);
		progress(r, frame + 1, false);
		if (!chosen(r, frame) || !f.width || !f.height)
			continue;
		if ((n - sizeof f) / 4 / f.width < f.height) {
			set_failed(r, "glrender sent a truncated frame");
			break;
		}
		char path[4200];
		snprintf(path, sizeof path, "%s/frame-%06llu.png", r->o->dir, (unsigned long long)frame);
		if (write_png(path, buf + sizeof f, f.width, f.height) < 0) {
			char text[500];
			snprintf(text, sizeof text, "cannot write %.400s", path);
			set_failed(r, text);
		}
	}
	free(buf);
	return NULL;
}

static int start_reader(struct conn *cn)
{
	if (pthread_create(&cn->reader, NULL, reader_main, cn) != 0)
		return -1;
	cn->reading = true;
	return 0;
}

/* The connection for recorded thread `thread`, made on first use. */
static struct conn *conn_for(struct replay *r, uint32_t thread, uint64_t session,
			     const struct gls_header *h, char *err, size_t errlen)
{
	if (thread >= MAX_CONNS) {
		snprintf(err, errlen, "the trace has more than %d threads", MAX_CONNS);
		return NULL;
	}
	struct conn *cn = &r->conns[thread];
	if (cn->fd > 0)
		return cn;
	/* A glrender's logs (and its --record files) name the replay, not the program. */
	struct wire_hello hello = {.version = WIRE_VERSION, .session = session,
				   .pid = r->o->server ? (uint32_t)getpid() : h->pid, .thread = thread};
	snprintf(hello.name, sizeof hello.name, "%s", r->o->server ? "glstream" : h->program);
	cn->r = r;
	if (r->o->server) {
		struct wire_addr a;
		char why[256];
		if (wire_addr_parse(r->o->server, &a, why, sizeof why) < 0) {
			snprintf(err, errlen, "--server %s: %s", r->o->server, why);
			return NULL;
		}
		int fd = wire_connect(&a, why, sizeof why);
		if (fd < 0) {
			snprintf(err, errlen, "cannot reach glrender at %s: %s", r->o->server, why);
			return NULL;
		}
		const char *token = getenv("FAKEGL_TOKEN");
		if (token)
			snprintf(hello.token, sizeof hello.token, "%s", token);
		if (wire_client_handshake(fd, &hello, why, sizeof why) < 0) {
			close(fd);
			snprintf(err, errlen, "glrender at %s: %s", r->o->server, why);
			return NULL;
		}
		cn->fd = fd;
	} else {
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
			snprintf(err, errlen, "socketpair: %s", strerror(errno));
			return NULL;
		}
		cn->c = glr_client_new(sv[0], &hello);
		if (!cn->c) {
			close(sv[0]);
			close(sv[1]);
			snprintf(err, errlen, "out of memory");
			return NULL;
		}
		cn->fd = sv[1];
	}
	if (start_reader(cn) < 0) {
		snprintf(err, errlen, "cannot start a thread");
		return NULL;
	}
	return cn;
}

/* The end of a pass: the host sees the end of each stream, sends what is left, and
 * the readers see the end of theirs. */
static void finish(struct replay *r)
{
	for (int i = 0; i < MAX_CONNS; i++) {
		struct conn *cn = &r->conns[i];
		if (cn->fd <= 0)
			continue;
		if (cn->c)
			glr_client_free(cn->c); /* closes the host's end */
		else
			shutdown(cn->fd, SHUT_WR);
		if (cn->reading)
			pthread_join(cn->reader, NULL);
		close(cn->fd);
		memset(cn, 0, sizeof *cn);
	}
}

static int one_pass(struct replay *r, struct gls_trace *t, char *err, size_t errlen)
{
	uint64_t session;
	if (getrandom(&session, sizeof session, 0) != sizeof session)
		session = (uint64_t)getpid() << 32 ^ (uint64_t)time(NULL);
	uint64_t off = gls_first_chunk(t);
	struct gls_chunk c;
	bool dropped = false;
	int rc;
	while ((rc = gls_read_chunk(t, &off, &c, err, errlen)) > 0 && !atomic_load(&r->failed)) {
		if (c.type != GLS_CHUNK_COMMANDS)
			continue;
		struct conn *cn = conn_for(r, c.thread, session, gls_header(t), err, errlen);
		if (!cn) {
			rc = -1;
			break;
		}
		if (cn->c) {
			if (glr_client_feed(cn->c, c.data, c.len) < 0) {
				/* the reader says why, from the host's error message */
				dropped = true;
				break;
			}
		} else if (wire_write_all(cn->fd, c.data, c.len) < 0) {
			snprintf(err, errlen, "lost glrender at %s: %s", r->o->server,
				 errno ? strerror(errno) : "the connection was closed");
			rc = -1;
			break;
		}
	}
	finish(r);
	if (rc < 0)
		return -1;
	if (atomic_load(&r->failed)) {
		snprintf(err, errlen, "%s", r->error);
		return -1;
	}
	if (dropped) {
		snprintf(err, errlen, "glrender's decoder refused the stream");
		return -1;
	}
	return 0;
}

static int parse_shots(const char *s, struct replay *r)
{
	char *copy = strdup(s), *save = NULL;
	if (!copy)
		return -1;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct gls_range g;
		if (gls_parse_range(tok, &g) < 0) {
			free(copy);
			return -1;
		}
		void *p = realloc(r->shots, (r->nshots + 1) * sizeof *r->shots);
		if (!p) {
			free(copy);
			return -1;
		}
		r->shots = p;
		r->shots[r->nshots++] = g;
	}
	free(copy);
	return r->nshots ? 0 : -1;
}

#define USAGE "usage: glstream replay FILE [--server ADDR] [--benchmark] [--loop N] " \
	      "[--snapshot FRAMES] [--snapshot-dir DIR]"

int gls_replay(int argc, char **argv)
{
	struct options o = {.loops = 1};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has = i + 1 < argc;
		if (!strcmp(a, "--server") && has) {
			o.server = argv[++i];
		} else if (!strcmp(a, "--benchmark")) {
			o.benchmark = true;
		} else if (!strcmp(a, "--loop") && has) {
			char *end;
			errno = 0;
			o.loops = strtoull(argv[++i], &end, 10);
			if (errno || *end || o.loops == 0 || argv[i][0] == '-')
				return gls_fail(NULL, "--loop %s: expected a count from 1", argv[i]), 2;
		} else if (!strcmp(a, "--snapshot") && has) {
			o.snapshot = argv[++i];
		} else if (!strcmp(a, "--snapshot-dir") && has) {
			o.dir = argv[++i];
		} else if (a[0] == '-' || o.path) {
			return gls_fail(NULL, USAGE), 2;
		} else {
			o.path = a;
		}
	}
	if (!o.path)
		return gls_fail(NULL, USAGE), 2;
	if (o.snapshot && !o.dir)
		return gls_fail(NULL, "--snapshot needs --snapshot-dir DIR"), 2;
	struct replay r = {.o = &o, .lock = PTHREAD_MUTEX_INITIALIZER,
			   .progress = isatty(STDERR_FILENO) && !o.benchmark};
	int status = 0;
	char err[600];
	struct gls_trace *t = NULL;
	if (o.snapshot && parse_shots(o.snapshot, &r) < 0) {
		status = gls_fail(NULL, "--snapshot %s: expected frames like 0,5,10-20", o.snapshot);
		status = 2;
		goto out;
	}
	if (o.dir) {
		struct stat st;
		if (mkdir(o.dir, 0755) < 0 && errno != EEXIST) {
			status = gls_fail(o.dir, "cannot make the folder: %s", strerror(errno));
			goto out;
		}
		if (stat(o.dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			status = gls_fail(o.dir, "not a folder");
			goto out;
		}
	}
	t = gls_open_file(o.path, err, sizeof err);
	if (!t) {
		status = gls_fail(o.path, "%s", err);
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);
	if (!o.server) {
		char desc[256];
		if (glr_egl_init(getenv("GLSTREAM_EGL_DEVICE"), desc, sizeof desc, err, sizeof err) < 0) {
			status = gls_fail(NULL, "no headless EGL display to replay on: %s", err);
			goto out;
		}
		glr_gl_load(glr_egl_proc);
		glr_alpha_wrap();
	}
	r.total_frames = gls_frames(t);
	double start = now_s();
	for (uint64_t loop = 0; loop < o.loops; loop++) {
		if (loop)
			r.o = &o; /* snapshots of the first pass only */
		if (one_pass(&r, t, err, sizeof err) < 0) {
			if (r.progress)
				fputc('\n', stderr);
			status = gls_fail(o.path, "%s", err);
			goto out;
		}
		if (loop == 0 && o.dir && o.loops > 1) {
			static struct options no_shots;
			no_shots = o;
			no_shots.dir = NULL;
			r.o = &no_shots;
		}
	}
	double secs = now_s() - start;
	progress(&r, atomic_load(&r.frames), true);
	if (r.progress)
		fputc('\n', stderr);
	uint64_t frames = atomic_load(&r.frames);
	if (o.benchmark)
		printf("glstream: replayed %llu frames in %.3f s: %.1f fps%s%s\n",
		       (unsigned long long)frames, secs, secs > 0 ? (double)frames / secs : 0.0,
		       o.server ? " on " : " (local, headless EGL)", o.server ? o.server : "");
	if (gls_damage(t))
		status = gls_fail(o.path, "%s; what precedes it was replayed", gls_damage(t));
out:
	free(r.shots);
	gls_close(t);
	return status;
}
