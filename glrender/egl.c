/* egl.c — host contexts and drawables on EGL: EGL_EXT_platform_device first (one GPU
 * chosen with --egl-device), then EGL_MESA_platform_surfaceless. Each guest drawable
 * is a pbuffer of its window's size; contexts carry no config
 * (EGL_KHR_no_config_context) so any drawable suits any context, as in GLX. */
#include <epoxy/egl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glr.h"

/* The guest sends GLX_ARB_create_context values (wire/PROTOCOL.md, glXCreateContext). */
#define GLX_CONTEXT_DEBUG_BIT_ARB 0x1
#define GLX_CONTEXT_FORWARD_COMPATIBLE_BIT_ARB 0x2
#define GLX_CONTEXT_ROBUST_ACCESS_BIT_ARB 0x4
#define GLX_CONTEXT_CORE_PROFILE_BIT_ARB 0x1
#define GLX_LOSE_CONTEXT_ON_RESET_ARB 0x8252

static EGLDisplay dpy = EGL_NO_DISPLAY;
/* Drawables whose guest asked for no alpha get 8 alpha bits on the host (issue 6,
 * BENCHMARKS.md): llvmpipe reads an X8 colour buffer back through a per-pixel conversion
 * (about 0.55 ms a frame at 400x300) but an A8 one with a memcpy (23 us). alpha.c keeps
 * that alpha at 1.0 and out of the app's sight, as an X8 buffer has it.
 * GLRENDER_FAST_READBACK=0 asks for X8 surfaces instead. */
static bool fast_readback;
static EGLContext fill_ctx = EGL_NO_CONTEXT;
static pthread_mutex_t fill_lock = PTHREAD_MUTEX_INITIALIZER;
/* Whether the driver gives contexts robust buffer access (EGL 1.5 or
 * EGL_EXT_create_context_robustness, and a driver that accepts it): then every host
 * context gets it, whatever the app asked, so that a read past a buffer's end returns
 * zeros (or data of that buffer) instead of other memory of glrender's; the app still
 * sees the GL_CONTEXT_FLAGS it asked for (robust.c). */
static bool robust_access;
static EGLint robust_attr = EGL_CONTEXT_OPENGL_ROBUST_ACCESS;

const char *glr_egl_error(void)
{
	switch (eglGetError()) {
	case EGL_SUCCESS:
		return "no error";
	case EGL_BAD_MATCH:
		return "EGL_BAD_MATCH";
	case EGL_BAD_CONFIG:
		return "EGL_BAD_CONFIG";
	case EGL_BAD_ATTRIBUTE:
		return "EGL_BAD_ATTRIBUTE";
	case EGL_BAD_ALLOC:
		return "EGL_BAD_ALLOC";
	case EGL_BAD_ACCESS:
		return "EGL_BAD_ACCESS";
	case EGL_BAD_CONTEXT:
		return "EGL_BAD_CONTEXT";
	case EGL_BAD_SURFACE:
		return "EGL_BAD_SURFACE";
	case EGL_NOT_INITIALIZED:
		return "EGL_NOT_INITIALIZED";
	}
	return "EGL error";
}

bool glr_egl_has_devices(void)
{
	/* EGL_EXT_device_base is enumeration and query in one: GLVND's libEGL with NVIDIA's
	 * driver names only it (seen on an H100), Mesa names the two parts */
	return (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_device_enumeration") ||
		epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_device_base")) &&
	       epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_device");
}

static EGLDisplay open_device(const char *want, char *desc, size_t desclen)
{
	if (!glr_egl_has_devices())
		return EGL_NO_DISPLAY;
	EGLDeviceEXT devs[16];
	EGLint n = 0;
	if (!eglQueryDevicesEXT(16, devs, &n) || n <= 0)
		return EGL_NO_DISPLAY;
	for (EGLint i = 0; i < n; i++) {
		const char *exts = eglQueryDeviceStringEXT(devs[i], EGL_EXTENSIONS);
		const char *path = NULL;
		if (exts && strstr(exts, "EGL_EXT_device_drm"))
			path = eglQueryDeviceStringEXT(devs[i], EGL_DRM_DEVICE_FILE_EXT);
		bool software = exts && strstr(exts, "EGL_MESA_device_software");
		if (want) {
			char idx[16];
			snprintf(idx, sizeof idx, "%d", (int)i);
			if (strcmp(want, idx) != 0 && !(path && strcmp(want, path) == 0))
				continue;
		} else if (software && n > 1) {
			continue; /* prefer a real GPU when there is one */
		}
		EGLDisplay d = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devs[i], NULL);
		if (d == EGL_NO_DISPLAY)
			continue;
		snprintf(desc, desclen, "EGL device %d (%s)", (int)i,
			 path ? path : software ? "software" : "no DRM node");
		return d;
	}
	return EGL_NO_DISPLAY;
}

/* The driver's per-frame memory stays with the process (issue 6). Mesa's llvmpipe
 * mallocs its binned scene anew each frame (measured in glmark2 shading at 400x300:
 * ~18 blocks of 64 KiB and ~11 of 208 KiB) and frees it at the flush. Our contexts render
 * on client threads, whose glibc arenas give the freed top back to the kernel once it
 * passes the trim threshold (128 KiB until glibc's sliding threshold moves, which it did
 * not in glrender): one madvise(MADV_DONTNEED) of ~0.5 MB a frame, the pages faulted in
 * and zeroed again in the next (7.9% of glrender's samples; 2.7 ms a frame against 2.4 ms
 * natively). These are the values glibc's sliding threshold ends at by itself. */
static void keep_driver_memory(void)
{
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

int glr_egl_init(const char *device, char *desc, size_t desclen, char *err, size_t errlen)
{
	EGLint major, minor;
	keep_driver_memory();
	dpy = open_device(device, desc, desclen);
	if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, &major, &minor)) {
		if (device) {
			snprintf(err, errlen, "no usable EGL device \"%s\"", device);
			return -1;
		}
		dpy = EGL_NO_DISPLAY;
		if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
			dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY,
						       NULL);
		if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, &major, &minor)) {
			snprintf(err, errlen, "no EGL device or surfaceless platform: %s",
				 glr_egl_error());
			return -1;
		}
		snprintf(desc, desclen, "EGL surfaceless");
	}
	if (!epoxy_has_egl_extension(dpy, "EGL_KHR_no_config_context") ||
	    !eglBindAPI(EGL_OPENGL_API)) {
		snprintf(err, errlen, "EGL %d.%d lacks desktop OpenGL or EGL_KHR_no_config_context",
			 major, minor);
		return -1;
	}
	/* EGL 1.5's attribute, or the same one of EGL_EXT_create_context_robustness */
	if (major == 1 && minor < 5)
		robust_attr = EGL_CONTEXT_OPENGL_ROBUST_ACCESS_EXT;
	if ((major > 1 || minor >= 5) ||
	    epoxy_has_egl_extension(dpy, "EGL_EXT_create_context_robustness")) {
		EGLint probe[] = {robust_attr, EGL_TRUE, EGL_NONE};
		EGLContext ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, probe);
		robust_access = ctx != EGL_NO_CONTEXT;
		if (robust_access)
			eglDestroyContext(dpy, ctx);
	}
	const char *fast = getenv("GLRENDER_FAST_READBACK");
	fast_readback = !fast || strcmp(fast, "0") != 0;
	/* The context that fills new surfaces' alpha (glr_egl_fill_alpha): made here, alone
	 * on the driver. */
	fill_ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, NULL);
	if (fill_ctx == EGL_NO_CONTEXT) {
		snprintf(err, errlen, "no EGL context: %s", glr_egl_error());
		return -1;
	}
	size_t l = strlen(desc);
	snprintf(desc + l, desclen - l, ", EGL %d.%d %s, %s%s", major, minor,
		 eglQueryString(dpy, EGL_VENDOR),
		 robust_access ? "robust buffer access" : "no robust buffer access",
		 fast_readback ? "" : ", X8 surfaces (GLRENDER_FAST_READBACK=0)");
	return 0;
}

void glr_egl_terminate(void)
{
	if (dpy != EGL_NO_DISPLAY) {
		eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
		if (fill_ctx != EGL_NO_CONTEXT)
			eglDestroyContext(dpy, fill_ctx);
		fill_ctx = EGL_NO_CONTEXT;
		eglTerminate(dpy);
		dpy = EGL_NO_DISPLAY;
	}
}

void *glr_egl_create_context(void *share, const struct glr_ctx_attrs *a)
{
	EGLint attrs[24];
	int n = 0;
	if (a->major > 0) {
		attrs[n++] = EGL_CONTEXT_MAJOR_VERSION;
		attrs[n++] = a->major;
		attrs[n++] = EGL_CONTEXT_MINOR_VERSION;
		attrs[n++] = a->minor;
	}
	if (a->profile) {
		attrs[n++] = EGL_CONTEXT_OPENGL_PROFILE_MASK;
		attrs[n++] = a->profile == GLX_CONTEXT_CORE_PROFILE_BIT_ARB
				     ? EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT
				     : EGL_CONTEXT_OPENGL_COMPATIBILITY_PROFILE_BIT;
	}
	if (a->flags & GLX_CONTEXT_DEBUG_BIT_ARB) {
		attrs[n++] = EGL_CONTEXT_OPENGL_DEBUG;
		attrs[n++] = EGL_TRUE;
	}
	if (a->flags & GLX_CONTEXT_FORWARD_COMPATIBLE_BIT_ARB) {
		attrs[n++] = EGL_CONTEXT_OPENGL_FORWARD_COMPATIBLE;
		attrs[n++] = EGL_TRUE;
	}
	/* asked by the app, or added by the host (robust_access); n_robust: where it is */
	int n_robust = -1;
	if ((a->flags & GLX_CONTEXT_ROBUST_ACCESS_BIT_ARB) || robust_access) {
		n_robust = n;
		attrs[n++] = robust_attr;
		attrs[n++] = EGL_TRUE;
	}
	if (a->no_error) {
		attrs[n++] = 0x31B3; /* EGL_CONTEXT_OPENGL_NO_ERROR_KHR */
		attrs[n++] = EGL_TRUE;
	}
	if (a->release == 0 /* GLX_CONTEXT_RELEASE_BEHAVIOR_NONE_ARB */ &&
	    epoxy_has_egl_extension(dpy, "EGL_KHR_context_flush_control")) {
		attrs[n++] = 0x2097; /* EGL_CONTEXT_RELEASE_BEHAVIOR_KHR */
		attrs[n++] = 0;	     /* EGL_CONTEXT_RELEASE_BEHAVIOR_NONE_KHR */
	}
	if (a->reset == GLX_LOSE_CONTEXT_ON_RESET_ARB) {
		attrs[n++] = EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY;
		attrs[n++] = EGL_LOSE_CONTEXT_ON_RESET;
	}
	attrs[n] = EGL_NONE;
	/* The bound API is per thread, and each client has a thread of its own. */
	eglBindAPI(EGL_OPENGL_API);
	EGLContext ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, share ? share : EGL_NO_CONTEXT,
					  attrs);
	if (ctx == EGL_NO_CONTEXT && n_robust >= 0 && !(a->flags & GLX_CONTEXT_ROBUST_ACCESS_BIT_ARB)) {
		/* a version or profile the driver gives without robust access only: what the
		 * app asked for matters more than the host's safety net */
		memmove(&attrs[n_robust], &attrs[n_robust + 2],
			sizeof attrs[0] * (size_t)(n + 1 - (n_robust + 2)));
		ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, share ? share : EGL_NO_CONTEXT, attrs);
	}
	return ctx == EGL_NO_CONTEXT ? NULL : ctx;
}

void glr_egl_destroy_context(void *ctx)
{
	if (ctx)
		eglDestroyContext(dpy, ctx);
}

/* The config closest to what the guest's FBConfig promised: each size at least what was
 * asked, and among those the one with the fewest extra bits. */
static EGLConfig choose_config(const struct glr_fb_attrs *a)
{
	EGLint want[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
			 EGL_RED_SIZE, a->red, EGL_GREEN_SIZE, a->green, EGL_BLUE_SIZE, a->blue,
			 EGL_ALPHA_SIZE, a->alpha, EGL_DEPTH_SIZE, a->depth, EGL_STENCIL_SIZE,
			 a->stencil, EGL_SAMPLE_BUFFERS, a->samples > 0, EGL_SAMPLES, a->samples,
			 EGL_NONE};
	EGLConfig configs[256];
	EGLint n = 0;
	if (!eglChooseConfig(dpy, want, configs, 256, &n) || n == 0)
		return NULL;
	EGLConfig best = configs[0];
	long best_extra = -1;
	for (EGLint i = 0; i < n; i++) {
		EGLint v[7];
		EGLint names[7] = {EGL_RED_SIZE,   EGL_GREEN_SIZE,   EGL_BLUE_SIZE, EGL_ALPHA_SIZE,
				   EGL_DEPTH_SIZE, EGL_STENCIL_SIZE, EGL_SAMPLES};
		int asked[7] = {a->red, a->green, a->blue, a->alpha, a->depth, a->stencil, a->samples};
		long extra = 0;
		for (int k = 0; k < 7; k++) {
			eglGetConfigAttrib(dpy, configs[i], names[k], &v[k]);
			extra += v[k] - asked[k];
		}
		if (best_extra < 0 || extra < best_extra) {
			best_extra = extra;
			best = configs[i];
		}
	}
	return best;
}

void *glr_egl_create_surface(const struct glr_fb_attrs *a, int width, int height)
{
	struct glr_fb_attrs with_alpha = *a;
	if (fast_readback && a->alpha == 0)
		with_alpha.alpha = 8;
	EGLConfig cfg = choose_config(&with_alpha);
	if (!cfg)
		return NULL;
	EGLint attrs[] = {EGL_WIDTH, width > 0 ? width : 1, EGL_HEIGHT, height > 0 ? height : 1,
			  EGL_NONE};
	EGLSurface s = eglCreatePbufferSurface(dpy, cfg, attrs);
	if (s == EGL_NO_SURFACE)
		return NULL;
	/* A new pbuffer holds alpha 0; the guest's X8 window reads 1.0. */
	if (a->alpha == 0 && glr_egl_surface_alpha(s) > 0 && glr_egl_fill_alpha(s) < 0) {
		eglDestroySurface(dpy, s);
		return NULL;
	}
	return s;
}

int glr_egl_surface_alpha(void *surface)
{
	EGLint id = 0, n = 0, alpha = 0;
	EGLConfig cfg;
	EGLint want[] = {EGL_CONFIG_ID, 0, EGL_NONE};
	if (!surface || !eglQuerySurface(dpy, surface, EGL_CONFIG_ID, &id))
		return 0;
	want[1] = id;
	if (!eglChooseConfig(dpy, want, &cfg, 1, &n) || n < 1 ||
	    !eglGetConfigAttrib(dpy, cfg, EGL_ALPHA_SIZE, &alpha))
		return 0;
	return alpha;
}

int glr_egl_fill_alpha(void *surface)
{
	/* The calling thread's context (the app's, its state untouched) steps aside for
	 * fill_ctx on the same surface, and comes back. */
	pthread_mutex_lock(&fill_lock);
	EGLContext ctx = eglGetCurrentContext();
	EGLSurface draw = eglGetCurrentSurface(EGL_DRAW), read = eglGetCurrentSurface(EGL_READ);
	int rc = -1;
	if (eglMakeCurrent(dpy, surface, surface, fill_ctx)) {
		glr_alpha_fill_current();
		rc = 0;
	}
	if (!eglMakeCurrent(dpy, draw, read, ctx))
		rc = -1;
	pthread_mutex_unlock(&fill_lock);
	return rc;
}

void glr_egl_destroy_surface(void *surface)
{
	if (surface)
		eglDestroySurface(dpy, surface);
}

bool glr_egl_make_current(void *draw, void *read, void *ctx)
{
	eglBindAPI(EGL_OPENGL_API);
	return eglMakeCurrent(dpy, draw ? draw : EGL_NO_SURFACE, read ? read : EGL_NO_SURFACE,
			      ctx ? ctx : EGL_NO_CONTEXT);
}

void (*glr_egl_proc(const char *name))(void)
{
	return eglGetProcAddress(name);
}
