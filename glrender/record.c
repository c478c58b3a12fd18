/* record.c — glrender --record DIR: each client's command stream, as received, into
 * DIR/<process>-<pid>-<n>.gls (n: the guest's connection number), in the .gls format of
 * tools/GLSTREAM.md. The trace is written by a thread of the writer's own (wire/gls.c).
 * Only whole commands are recorded (glr_run_commands passes those it ran), so that a
 * trace stopped at --max-trace, or of a client killed mid-command, ends cleanly. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "glr.h"
#include "gls.h"

static char record_dir[4096];

int glr_record_set_dir(const char *dir, char *err, size_t errlen)
{
	struct stat st;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "--record %s: %s", dir,
			 errno && errno != ENOTDIR ? strerror(errno) : "not a folder");
		return -1;
	}
	snprintf(record_dir, sizeof record_dir, "%s", dir);
	return 0;
}

/* One client's recording: the bytes of its stream written so far, against
 * glr_options.max_trace. */
struct glr_recording {
	struct gls_writer *w;
	uint64_t bytes;
	char path[4400];
};

struct glr_recording *glr_record_open(const struct wire_hello *h)
{
	if (!record_dir[0])
		return NULL;
	char path[4400], name[WIRE_NAME_MAX], err[600];
	/* the process name as a file name: no '/' */
	snprintf(name, sizeof name, "%s", h->name[0] ? h->name : "guest");
	for (char *p = name; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	snprintf(path, sizeof path, "%s/%s-%u-%u.gls", record_dir, name, h->pid, h->thread);
	struct gls_writer_info info = {.source = "host", .program = h->name, .cmdline = "",
				       .pid = h->pid, .compress = true};
	struct glr_recording *r = calloc(1, sizeof *r);
	struct gls_writer *w = r ? gls_writer_open(path, &info, err, sizeof err) : NULL;
	if (!w) {
		glr_log("not recording %s[%u]#%u: %s", h->name, h->pid, h->thread,
			r ? err : "out of memory");
		free(r);
		return NULL;
	}
	glr_log("recording %s[%u]#%u to %s", h->name, h->pid, h->thread, path);
	r->w = w;
	snprintf(r->path, sizeof r->path, "%s", path);
	return r;
}

static void finish(struct glr_recording *r)
{
	char err[600];
	if (r->w && gls_writer_close(r->w, err, sizeof err) < 0)
		glr_log("recording: %s", err);
	r->w = NULL;
}

void glr_record_commands(struct glr_client *c, const uint8_t *data, size_t n)
{
	struct glr_recording *r = c->rec;
	if (!r->w)
		return; /* stopped at --max-trace */
	if (glr_options.max_trace && n > glr_options.max_trace - r->bytes) {
		glr_log("%s: recording stopped at %llu bytes (--max-trace %zu): %s is complete up "
			"to there; the client goes on",
			c->peer, (unsigned long long)r->bytes, glr_options.max_trace, r->path);
		finish(r);
		return;
	}
	gls_writer_commands(r->w, 0, data, n);
	r->bytes += n;
}

void glr_record_close(struct glr_recording *r)
{
	if (r) {
		finish(r);
		free(r);
	}
}
