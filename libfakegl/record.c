/* record.c — FAKEGL_RECORD=PATH.gls: every byte the guest sends to glrender is also
 * written to a .gls trace (wire/gls.c; format in tools/GLSTREAM.md), plus what the
 * stream does not carry: the program, its command line, the GL strings it was given.
 * The writer copies and returns; a thread of its own compresses and writes. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fgl.h"
#include "gls.h"

atomic_bool fgl_recording;
static struct gls_writer *_Atomic fgl_recorder;
static pthread_mutex_t record_lock = PTHREAD_MUTEX_INITIALIZER;
static char record_path[4096];
static bool opened;

/* The file's text, NUL bytes turned into spaces, at most len - 1 bytes. */
static void read_proc(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;
	out[0] = 0;
	if (f) {
		n = fread(out, 1, len - 1, f);
		fclose(f);
	}
	while (n && (out[n - 1] == 0 || out[n - 1] == '\n'))
		n--;
	for (size_t i = 0; i < n; i++)
		if (!out[i])
			out[i] = ' ';
	out[n] = 0;
}

static void stop(bool from_signal)
{
	if (from_signal ? pthread_mutex_trylock(&record_lock) != 0
			: pthread_mutex_lock(&record_lock) != 0)
		return; /* a thread is inside the writer: the file stays readable without index */
	struct gls_writer *w = atomic_exchange(&fgl_recorder, NULL);
	char err[300];
	if (w && gls_writer_close(w, err, sizeof err) < 0)
		fprintf(stderr, "fakegl: FAKEGL_RECORD: %s\n", err);
	pthread_mutex_unlock(&record_lock);
}

static void stop_at_exit(void)
{
	stop(false);
}

/* A program ended by a signal it does not handle still gets a finished trace (as
 * apitrace does): finish it, then die of the signal as before. */
static atomic_int pending_signal;

static void on_signal(int sig)
{
	if (pthread_mutex_trylock(&record_lock) != 0) {
		/* a thread is inside the writer: it finishes the trace as it leaves */
		atomic_store(&pending_signal, sig);
		return;
	}
	pthread_mutex_unlock(&record_lock);
	stop(true);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void leave(void)
{
	pthread_mutex_unlock(&record_lock);
	int sig = atomic_exchange(&pending_signal, 0);
	if (sig) {
		stop(false);
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

/* The file is made at the first command sent, so that a launcher that loads libGL
 * but draws nothing leaves the trace to the program it starts. */
static void open_writer(void)
{
	char err[600], comm[64], cmdline[4096];
	opened = true;
	read_proc("/proc/self/comm", comm, sizeof comm);
	read_proc("/proc/self/cmdline", cmdline, sizeof cmdline);
	const char *z = getenv("FAKEGL_RECORD_COMPRESS");
	struct gls_writer_info info = {
		.source = "guest", .program = comm, .cmdline = cmdline, .pid = (uint32_t)getpid(),
		.compress = !(z && (!strcmp(z, "0") || !strcmp(z, "none"))),
	};
	struct gls_writer *w = gls_writer_open(record_path, &info, err, sizeof err);
	if (!w) {
		fprintf(stderr, "fakegl: FAKEGL_RECORD: %s; not recording\n", err);
		atomic_store(&fgl_recording, false);
		return;
	}
	atomic_store(&fgl_recorder, w);
	atexit(stop_at_exit);
	static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			signal(sigs[i], on_signal);
	}
}

void fgl_record_start(const char *path)
{
	snprintf(record_path, sizeof record_path, "%s", path);
	atomic_store(&fgl_recording, true);
}

void fgl_record(uint32_t thread, const void *data, size_t len)
{
	pthread_mutex_lock(&record_lock);
	if (!opened)
		open_writer();
	struct gls_writer *w = atomic_load(&fgl_recorder);
	if (w)
		gls_writer_commands(w, thread, data, len);
	leave();
}

void fgl_record_note(const char *key, const char *value)
{
	if (!atomic_load_explicit(&fgl_recording, memory_order_relaxed) || !value)
		return;
	pthread_mutex_lock(&record_lock);
	if (!opened)
		open_writer();
	struct gls_writer *w = atomic_load(&fgl_recorder);
	if (w)
		gls_writer_note(w, key, value);
	leave();
}
