/* glmark2-shim.c — guards against glmark2 frames that cannot be compared with native ones:
 * an LD_PRELOAD library that makes glmark2 deterministic and dumps its frames.
 *
 * glmark2 animates by the wall clock (Util::get_timestamp_us: clock_gettime
 * CLOCK_MONOTONIC) and seeds rand() from time(). This library answers both, for calls
 * from the glmark2 program itself, from a clock that moves only at glXSwapBuffers, by
 * a fixed step per frame: frame k of a scene is drawn at scene start + k × step on every
 * run, native or forwarded. glmark2 dlopen()s libGL and looks up the GLX functions in
 * that handle (glXGetProcAddress for the rest), so this library answers that dlopen()
 * with its own handle: its glXSwapBuffers, glXCreateNewContext (a new context is a new
 * scene: glmark2 makes one per scene) and glXGetProcAddress come first there, then its
 * dependency libGL.so.1 (ours or the system's, as LD_LIBRARY_PATH says). Before each
 * swap it records glGetError() (every error is printed) and reads the drawable with
 * glReadPixels into a PPM, rows top-down, named sSS-fFF.ppm after the scene and the
 * frame in it.
 *
 * Environment:
 *   GLMARK2_SHIM_OUT     folder for the PPM files (none written when unset)
 *   GLMARK2_SHIM_STEP_US clock step per frame in microseconds (default 100000)
 *   GLMARK2_SHIM_FRAMES  the frames of each scene to write: "all" (default) or a number
 *
 * Lines on stderr, all starting "glmark2-shim: ": "scene S frame F: GL error 0xE" for
 * each error, and at exit (once libGL was opened) "scenes=N frames=N written=N errors=N". */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* RTLD_NEXT, dladdr, dl_iterate_phdr; meson defines it already */
#endif
#include <GL/gl.h>
#include <GL/glx.h>
#include <X11/Xlib.h>

#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SHIM_EXPORT __attribute__((visibility("default")))
#define SHIM_BASE_US 1000000000ull /* the fake clock starts at 1000 s */
#define SHIM_MAX_SEGMENTS 16

typedef void *(*dlopen_fn)(const char *, int);
typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);
typedef time_t (*time_fn)(time_t *);
typedef __GLXextFuncPtr (*gpa_fn)(const GLubyte *);
typedef void (*swap_fn)(Display *, GLXDrawable);
typedef GLXContext (*create_new_fn)(Display *, GLXFBConfig, int, GLXContext, Bool);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static dlopen_fn real_dlopen;
static clock_gettime_fn real_clock_gettime;
static time_fn real_time;
static gpa_fn real_gpa;
static swap_fn real_swap;
static create_new_fn real_create_new;

/* The program's own code (its PT_LOAD segments): only its calls see the fake clock. */
static struct {
	uintptr_t start, end;
} exe_seg[SHIM_MAX_SEGMENTS];
static int exe_nseg = -1;

static uint64_t step_us = 100000;
static long capture_frame = -1; /* -1: all */
static const char *out_dir;
/* the fake clock: SHIM_BASE_US + swaps × step_us; read without the lock, which
 * write_ppm's malloc() may need (libasan's allocator reads the clock) */
static _Atomic uint64_t swaps;
static long scene = -1, frame;
static unsigned long n_written, n_errors, n_frames;
static int opened; /* glmark2 opened libGL */

/* ISO C has no cast from void * to a function pointer; POSIX's dlsym() answer is
 * copied instead (the form its rationale gives). */
#define SHIM_SYM(fp, handle, name) (*(void **)&(fp) = dlsym((handle), (name)))

static int find_exe(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	exe_nseg = 0;
	for (int i = 0; i < info->dlpi_phnum && exe_nseg < SHIM_MAX_SEGMENTS; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		exe_seg[exe_nseg].start = info->dlpi_addr + ph->p_vaddr;
		exe_seg[exe_nseg].end = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
		exe_nseg++;
	}
	return 1; /* the first object is the program */
}

/* Whether a call returning to ret comes from the program. Under a sanitizer build the
 * program's calls reach us through libasan's interceptors, so those count too (the
 * forwarded process then holds no Mesa that reads the clock). */
static int from_program(const void *ret)
{
	uintptr_t a = (uintptr_t)ret;
	Dl_info info;

	for (int i = 0; i < exe_nseg; i++)
		if (a >= exe_seg[i].start && a < exe_seg[i].end)
			return 1;
	return dladdr(ret, &info) && info.dli_fname && strstr(info.dli_fname, "libasan.so");
}

__attribute__((constructor)) static void shim_init(void)
{
	const char *s;

	SHIM_SYM(real_dlopen, RTLD_NEXT, "dlopen");
	SHIM_SYM(real_clock_gettime, RTLD_NEXT, "clock_gettime");
	SHIM_SYM(real_time, RTLD_NEXT, "time");
	dl_iterate_phdr(find_exe, NULL);
	if ((s = getenv("GLMARK2_SHIM_STEP_US")) && *s) {
		char *end;
		unsigned long long v = strtoull(s, &end, 10);
		if (*end || v == 0 || v > 10000000) {
			fprintf(stderr, "glmark2-shim: GLMARK2_SHIM_STEP_US must be 1..10000000, not '%s'\n", s);
			exit(1);
		}
		step_us = v;
	}
	if ((s = getenv("GLMARK2_SHIM_FRAMES")) && *s && strcmp(s, "all")) {
		char *end;
		long v = strtol(s, &end, 10);
		if (*end || v < 0) {
			fprintf(stderr, "glmark2-shim: GLMARK2_SHIM_FRAMES must be 'all' or a frame number, not '%s'\n", s);
			exit(1);
		}
		capture_frame = v;
	}
	out_dir = getenv("GLMARK2_SHIM_OUT");
	if (out_dir && !*out_dir)
		out_dir = NULL;
	if (!real_dlopen || !real_clock_gettime || !real_time || exe_nseg <= 0) {
		fprintf(stderr, "glmark2-shim: cannot find the C library's dlopen/clock_gettime/time or the program\n");
		exit(1);
	}
}

__attribute__((destructor)) static void shim_fini(void)
{
	if (!opened) /* not glmark2, or no libGL opened: nothing to say */
		return;
	fprintf(stderr, "glmark2-shim: scenes=%ld frames=%lu written=%lu errors=%lu\n", scene + 1, n_frames,
		n_written, n_errors);
}

SHIM_EXPORT int clock_gettime(clockid_t id, struct timespec *ts)
{
	if (!real_clock_gettime) /* called before the constructor ran */
		SHIM_SYM(real_clock_gettime, RTLD_NEXT, "clock_gettime");
	if (id == CLOCK_MONOTONIC && from_program(__builtin_return_address(0))) {
		uint64_t us = SHIM_BASE_US + atomic_load(&swaps) * step_us;
		ts->tv_sec = (time_t)(us / 1000000u);
		ts->tv_nsec = (long)(us % 1000000u) * 1000;
		return 0;
	}
	return real_clock_gettime(id, ts);
}

SHIM_EXPORT time_t time(time_t *t)
{
	if (!real_time)
		SHIM_SYM(real_time, RTLD_NEXT, "time");
	if (!from_program(__builtin_return_address(0)))
		return real_time(t);
	time_t v = (time_t)1700000000;
	if (t)
		*t = v;
	return v;
}

/* ---- GLX hooks ---- */

static void write_ppm(Display *dpy, GLXDrawable d)
{
	Window root;
	int x, y;
	unsigned w = 0, h = 0, border, depth;
	unsigned char *rgba = NULL, *rgb = NULL;
	char path[4096];
	FILE *f = NULL;

	if (!XGetGeometry(dpy, d, &root, &x, &y, &w, &h, &border, &depth) || !w || !h) {
		fprintf(stderr, "glmark2-shim: scene %ld frame %ld: cannot get the drawable's size\n", scene, frame);
		goto cleanup;
	}
	rgba = malloc((size_t)w * h * 4);
	rgb = malloc((size_t)w * h * 3);
	if (!rgba || !rgb)
		goto cleanup;
	/* glmark2 (an OpenGL ES 2.0 program) leaves the pack state at its defaults:
	 * alignment 4, which RGBA rows always meet. */
	glReadPixels(0, 0, (GLsizei)w, (GLsizei)h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
	for (unsigned row = 0; row < h; row++) {
		const unsigned char *src = rgba + (size_t)(h - 1 - row) * w * 4;
		unsigned char *dst = rgb + (size_t)row * w * 3;
		for (unsigned col = 0; col < w; col++)
			memcpy(dst + 3 * col, src + 4 * col, 3);
	}
	snprintf(path, sizeof path, "%s/s%02ld-f%02ld.ppm", out_dir, scene, frame);
	f = fopen(path, "wb");
	if (!f || fprintf(f, "P6\n%u %u\n255\n", w, h) < 0 || fwrite(rgb, 3, (size_t)w * h, f) != (size_t)w * h) {
		fprintf(stderr, "glmark2-shim: cannot write %s: %s\n", path, strerror(errno));
		goto cleanup;
	}
	n_written++;
cleanup:
	if (f && fclose(f) != 0)
		fprintf(stderr, "glmark2-shim: cannot write %s: %s\n", path, strerror(errno));
	free(rgb);
	free(rgba);
}

/* The next definition of a GLX function after this library: libGL's. */
static int resolve(void)
{
	if (!real_gpa)
		SHIM_SYM(real_gpa, RTLD_NEXT, "glXGetProcAddressARB");
	if (!real_swap)
		SHIM_SYM(real_swap, RTLD_NEXT, "glXSwapBuffers");
	if (!real_create_new)
		SHIM_SYM(real_create_new, RTLD_NEXT, "glXCreateNewContext");
	if (real_gpa && real_swap && real_create_new)
		return 0;
	fprintf(stderr, "glmark2-shim: no libGL after me defines glXGetProcAddressARB, glXSwapBuffers and glXCreateNewContext\n");
	exit(1);
}

SHIM_EXPORT void glXSwapBuffers(Display *dpy, GLXDrawable d)
{
	resolve();
	pthread_mutex_lock(&lock);
	for (int i = 0; i < 8; i++) {
		GLenum e = glGetError();
		if (e == GL_NO_ERROR)
			break;
		fprintf(stderr, "glmark2-shim: scene %ld frame %ld: GL error 0x%04x\n", scene, frame, e);
		n_errors++;
	}
	if (out_dir && (capture_frame < 0 || capture_frame == frame))
		write_ppm(dpy, d);
	n_frames++;
	frame++;
	atomic_fetch_add(&swaps, 1);
	pthread_mutex_unlock(&lock);
	real_swap(dpy, d);
}

SHIM_EXPORT GLXContext glXCreateNewContext(Display *dpy, GLXFBConfig cfg, int type, GLXContext share, Bool direct)
{
	resolve();
	pthread_mutex_lock(&lock);
	scene++;
	frame = 0;
	pthread_mutex_unlock(&lock);
	return real_create_new(dpy, cfg, type, share, direct);
}

SHIM_EXPORT __GLXextFuncPtr glXGetProcAddressARB(const GLubyte *name)
{
	const char *n = (const char *)name;

	resolve();
	if (!n)
		return NULL;
	if (!strcmp(n, "glXGetProcAddress") || !strcmp(n, "glXGetProcAddressARB"))
		return (__GLXextFuncPtr)glXGetProcAddressARB;
	if (!strcmp(n, "glXSwapBuffers"))
		return (__GLXextFuncPtr)glXSwapBuffers;
	if (!strcmp(n, "glXCreateNewContext"))
		return (__GLXextFuncPtr)glXCreateNewContext;
	return real_gpa(name);
}

SHIM_EXPORT __GLXextFuncPtr glXGetProcAddress(const GLubyte *name)
{
	return glXGetProcAddressARB(name);
}

/* glmark2 opens "libGL.so" or "libGL.so.1" and looks up GLX functions in that handle,
 * which a preloaded library does not belong to: answer with this library's handle.
 * Its own hooks come first there, then its dependency libGL.so.1, the same library
 * (LD_LIBRARY_PATH picks ours or the system's). */
SHIM_EXPORT void *dlopen(const char *file, int mode)
{
	void *real, *self;
	Dl_info info;

	if (!real_dlopen)
		SHIM_SYM(real_dlopen, RTLD_NEXT, "dlopen");
	if (!file || (strcmp(file, "libGL.so") && strcmp(file, "libGL.so.1")))
		return real_dlopen(file, mode);
	real = real_dlopen(file, mode);
	if (!real)
		return NULL;
	pthread_mutex_lock(&lock);
	opened = 1;
	pthread_mutex_unlock(&lock);
	if (!dladdr(&step_us, &info) || !(self = real_dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD))) {
		fprintf(stderr, "glmark2-shim: cannot open myself: %s\n", dlerror());
		exit(1);
	}
	dlclose(real); /* the same libGL stays loaded: this library needs it */
	return self;
}
