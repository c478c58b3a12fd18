/* record.c — glrender --record DIR: each client's command stream, as received, into
 * DIR/<process>-<pid>-<n>.gls (n: the guest's connection number), in the .gls format of
 * tools/GLSTREAM.md. The trace is written by a thread of the writer's own (wire/gls.c). */
#include <errno.h>
#include <stdio.h>
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

struct gls_writer *glr_record_open(const struct wire_hello *h)
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
	struct gls_writer *w = gls_writer_open(path, &info, err, sizeof err);
	if (!w)
		glr_log("not recording %s[%u]#%u: %s", h->name, h->pid, h->thread, err);
	else
		glr_log("recording %s[%u]#%u to %s", h->name, h->pid, h->thread, path);
	return w;
}

void glr_record_close(struct gls_writer *w)
{
	char err[600];
	if (w && gls_writer_close(w, err, sizeof err) < 0)
		glr_log("recording: %s", err);
}
