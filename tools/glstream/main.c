/* main.c — glstream: record, inspect and replay fakegl command streams (.gls files).
 * This file: the command line, `info` and `stats`; dump.c and replay.c do the rest. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gl_ops.h"
#include "glstream.h"

int gls_fail(const char *file, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fflush(stdout);
	if (file)
		fprintf(stderr, "glstream: %s: %s\n", file, msg);
	else
		fprintf(stderr, "glstream: %s\n", msg);
	return 1;
}

static int parse_u64(const char *s, const char **end, uint64_t *v)
{
	char *e;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long x = strtoull(s, &e, 10);
	if (errno)
		return -1;
	*v = x;
	*end = e;
	return 0;
}

int gls_parse_range(const char *s, struct gls_range *r)
{
	const char *e = s;
	r->first = 0;
	r->last = UINT64_MAX;
	if (*s != '-' && parse_u64(s, &e, &r->first) < 0)
		return -1;
	if (!*e) {
		r->last = r->first;
		return 0;
	}
	if (*e != '-')
		return -1;
	e++;
	if (*e && (parse_u64(e, &e, &r->last) < 0 || *e))
		return -1;
	return r->first <= r->last ? 0 : -1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: glstream COMMAND FILE.gls [options]\n"
		"Inspects and replays the GL command streams that fakegl records\n"
		"(FAKEGL_RECORD=FILE.gls, fakegl-run --record FILE.gls, glrender --record DIR).\n\n"
		"commands:\n"
		"  info FILE      header, calls, frames, duration, size, compression\n"
		"  dump FILE [--calls A-B] [--frames A-B]\n"
		"                 one call a line, numbered, arguments named, enums by name\n"
		"  stats FILE     calls and bytes per command and per frame\n"
		"  replay FILE [--server ADDR] [--benchmark] [--loop N] [--snapshot FRAMES]\n"
		"              [--snapshot-dir DIR]\n"
		"                 replay on a headless EGL context with glrender's decoder, or on\n"
		"                 the glrender at ADDR; FRAMES is a list like 0,5,10-20 (default:\n"
		"                 every frame); snapshots are DIR/frame-NNNNNN.png\n"
		"  help           this text\n");
}

static struct gls_trace *open_trace(const char *path)
{
	char err[300];
	struct gls_trace *t = gls_open_file(path, err, sizeof err);
	if (!t)
		gls_fail(path, "%s", err);
	return t;
}

static void human_bytes(char *out, size_t len, uint64_t n)
{
	if (n >= 10u << 20)
		snprintf(out, len, "%.1f MiB", (double)n / (1 << 20));
	else if (n >= 10u << 10)
		snprintf(out, len, "%.1f KiB", (double)n / (1 << 10));
	else
		snprintf(out, len, "%llu bytes", (unsigned long long)n);
}

static int cmd_info(int argc, char **argv)
{
	if (argc != 2)
		return gls_fail(NULL, "usage: glstream info FILE"), 2;
	const char *path = argv[1];
	struct gls_trace *t = open_trace(path);
	if (!t)
		return 1;
	const struct gls_header *h = gls_header(t);
	uint64_t off = gls_first_chunk(t), raw = 0, stored = 0, chunks = 0, zchunks = 0;
	uint32_t threads = 0, last_ms = 0;
	struct gls_chunk c;
	char err[300];
	int r;
	while ((r = gls_read_chunk(t, &off, &c, err, sizeof err)) > 0) {
		if (c.type != GLS_CHUNK_COMMANDS)
			continue;
		chunks++;
		raw += c.len;
		stored += c.stored;
		if (c.flags & GLS_CHUNK_ZSTD)
			zchunks++;
		if (c.thread + 1 > threads)
			threads = c.thread + 1;
		last_ms = c.time_ms;
	}
	if (r < 0) {
		gls_close(t);
		return gls_fail(path, "%s", err);
	}
	time_t when = (time_t)(h->time_us / 1000000u);
	struct tm tm;
	char date[64] = "?", size[32], rawtext[32];
	if (gmtime_r(&when, &tm))
		strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", &tm);
	human_bytes(size, sizeof size, gls_size(t));
	human_bytes(rawtext, sizeof rawtext, raw);
	printf("file:          %s\n", path);
	printf("format:        %u (wire protocol %u)\n", h->format, h->protocol);
	printf("recorded:      %s, by the %s\n", date, h->source);
	printf("program:       %s (pid %u)\n", h->program, h->pid);
	printf("command line:  %s\n", h->cmdline);
	static const char *const keys[] = {"GL_VERSION", "GL_RENDERER", "GL_VENDOR",
					   "GL_SHADING_LANGUAGE_VERSION"};
	static const char *const labels[] = {"GL version:", "renderer:", "vendor:", "GLSL:"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *v = gls_note(t, keys[i]);
		printf("%-14s %s\n", labels[i], *v ? v : "(not asked by the program)");
	}
	const char *ext = gls_note(t, "GL_EXTENSIONS");
	unsigned next = 0;
	for (const char *p = ext; *p;) {
		while (*p == ' ')
			p++;
		if (*p)
			next++;
		while (*p && *p != ' ')
			p++;
	}
	printf("extensions:    %u%s\n", next, *ext ? "" : " (not asked by the program)");
	printf("calls:         %llu\n", (unsigned long long)gls_calls(t));
	printf("frames:        %llu\n", (unsigned long long)gls_frames(t));
	printf("threads:       %u\n", threads);
	printf("duration:      %.3f s\n", last_ms / 1000.0);
	printf("size:          %s; commands %s in %llu chunks\n", size, rawtext,
	       (unsigned long long)chunks);
	if (zchunks)
		printf("compression:   zstd, %llu of %llu chunks, %.2fx\n",
		       (unsigned long long)zchunks, (unsigned long long)chunks,
		       stored ? (double)raw / (double)stored : 0.0);
	else
		printf("compression:   none\n");
	printf("index:         %s\n", gls_indexed(t) ? "at the end"
					: "rebuilt (the recording was not finished)");
	/* the reason lives in t: say it before closing */
	int rc = gls_damage(t) ? gls_fail(path, "%s; what precedes it is shown", gls_damage(t)) : 0;
	gls_close(t);
	return rc;
}

struct op_stat {
	uint32_t op;
	uint64_t calls, bytes;
};

static int by_bytes(const void *a, const void *b)
{
	const struct op_stat *x = a, *y = b;
	if (x->bytes != y->bytes)
		return x->bytes < y->bytes ? 1 : -1;
	if (x->calls != y->calls)
		return x->calls < y->calls ? 1 : -1;
	return x->op < y->op ? -1 : x->op > y->op;
}

static const char *op_name(uint32_t op)
{
	return op < WIRE_OP_COUNT && wire_op_names[op] ? wire_op_names[op] : "(unknown)";
}

static int cmd_stats(int argc, char **argv)
{
	if (argc != 2)
		return gls_fail(NULL, "usage: glstream stats FILE"), 2;
	const char *path = argv[1];
	struct gls_trace *t = open_trace(path);
	if (!t)
		return 1;
	char err[300];
	struct gls_cursor *cur = gls_cursor_new(t, 0, err, sizeof err);
	if (!cur) {
		gls_close(t);
		return gls_fail(path, "%s", err);
	}
	struct op_stat *ops = calloc(65536, sizeof *ops);
	uint64_t nframes = gls_frames(t) + 1;
	struct op_stat *frames = calloc(nframes, sizeof *frames);
	int rc = 0;
	if (!ops || !frames) {
		rc = gls_fail(path, "out of memory");
		goto out;
	}
	struct gls_command cmd;
	int r;
	uint64_t total_calls = 0, total_bytes = 0;
	while ((r = gls_cursor_next(cur, &cmd, err, sizeof err)) > 0) {
		ops[cmd.op].op = cmd.op;
		ops[cmd.op].calls++;
		ops[cmd.op].bytes += cmd.wire_len;
		uint64_t f = cmd.frame < nframes ? cmd.frame : nframes - 1;
		frames[f].op = (uint32_t)f;
		frames[f].calls++;
		frames[f].bytes += cmd.wire_len;
		total_calls++;
		total_bytes += cmd.wire_len;
	}
	if (r < 0) {
		rc = gls_fail(path, "%s", err);
		goto out;
	}
	if (gls_damage(t))
		rc = 1; /* said after the table, which shows what precedes the damage */
	qsort(ops, 65536, sizeof *ops, by_bytes);
	printf("%-40s %10s %7s %14s %7s %10s\n", "command", "calls", "calls%", "bytes", "bytes%",
	       "bytes/call");
	for (int i = 0; i < 65536 && ops[i].calls; i++)
		printf("%-40s %10llu %6.2f%% %14llu %6.2f%% %10.1f\n", op_name(ops[i].op),
		       (unsigned long long)ops[i].calls, 100.0 * (double)ops[i].calls / (double)total_calls,
		       (unsigned long long)ops[i].bytes, 100.0 * (double)ops[i].bytes / (double)total_bytes,
		       (double)ops[i].bytes / (double)ops[i].calls);
	printf("%-40s %10llu %7s %14llu\n\n", "total", (unsigned long long)total_calls, "",
	       (unsigned long long)total_bytes);
	uint64_t full = gls_frames(t);
	if (full) {
		uint64_t minc = UINT64_MAX, maxc = 0, minb = UINT64_MAX, maxb = 0, sumc = 0, sumb = 0;
		for (uint64_t i = 0; i < full; i++) {
			minc = frames[i].calls < minc ? frames[i].calls : minc;
			maxc = frames[i].calls > maxc ? frames[i].calls : maxc;
			minb = frames[i].bytes < minb ? frames[i].bytes : minb;
			maxb = frames[i].bytes > maxb ? frames[i].bytes : maxb;
			sumc += frames[i].calls;
			sumb += frames[i].bytes;
		}
		printf("%-10s %12s %12s %12s\n", "per frame", "min", "mean", "max");
		printf("%-10s %12llu %12.1f %12llu\n", "calls", (unsigned long long)minc,
		       (double)sumc / (double)full, (unsigned long long)maxc);
		printf("%-10s %12llu %12.1f %12llu\n\n", "bytes", (unsigned long long)minb,
		       (double)sumb / (double)full, (unsigned long long)maxb);
		qsort(frames, full, sizeof *frames, by_bytes);
		printf("%-10s %12s %14s\n", "frame", "calls", "bytes");
		for (uint64_t i = 0; i < full && i < 10; i++)
			printf("%-10u %12llu %14llu\n", frames[i].op, (unsigned long long)frames[i].calls,
			       (unsigned long long)frames[i].bytes);
	}
	if (rc)
		gls_fail(path, "%s; what precedes it is counted", gls_damage(t));
out:
	free(ops);
	free(frames);
	gls_cursor_free(cur);
	gls_close(t);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "info"))
		return cmd_info(argc - 1, argv + 1);
	if (!strcmp(cmd, "stats"))
		return cmd_stats(argc - 1, argv + 1);
	if (!strcmp(cmd, "dump"))
		return gls_dump(argc - 1, argv + 1);
	if (!strcmp(cmd, "replay"))
		return gls_replay(argc - 1, argv + 1);
	fprintf(stderr, "glstream: unknown command \"%s\" (try glstream help)\n", cmd);
	return 2;
}
