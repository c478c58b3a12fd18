/* devices.c — glrender --list-devices: the EGL devices of this machine
 * (EGL_EXT_device_enumeration), each with its DRM nodes and the GL_RENDERER of a
 * context made on it, numbered as --egl-device counts them. */
#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "glr.h"

#define MAX_DEVICES 16
#ifndef EGL_DRM_RENDER_NODE_FILE_EXT /* EGL_EXT_device_drm_render_node, newer than epoxy's */
#define EGL_DRM_RENDER_NODE_FILE_EXT 0x3377
#endif

/* The renderer string of a desktop-GL context on device dev, or why there is none. */
static void device_renderer(EGLDeviceEXT dev, char *out, size_t outlen)
{
	EGLint major, minor;
	EGLContext ctx = EGL_NO_CONTEXT;
	EGLDisplay d = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, dev, NULL);
	if (d == EGL_NO_DISPLAY || !eglInitialize(d, &major, &minor)) {
		snprintf(out, outlen, "(cannot initialize: %s)", glr_egl_error());
		return;
	}
	if (!epoxy_has_egl_extension(d, "EGL_KHR_no_config_context") ||
	    !epoxy_has_egl_extension(d, "EGL_KHR_surfaceless_context") ||
	    !eglBindAPI(EGL_OPENGL_API)) {
		snprintf(out, outlen, "(EGL %d.%d: no desktop GL without a surface)", major, minor);
		goto cleanup;
	}
	ctx = eglCreateContext(d, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, NULL);
	if (ctx == EGL_NO_CONTEXT || !eglMakeCurrent(d, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
		snprintf(out, outlen, "(no context: %s)", glr_egl_error());
		goto cleanup;
	}
	const char *renderer = (const char *)glGetString(GL_RENDERER);
	const char *version = (const char *)glGetString(GL_VERSION);
	snprintf(out, outlen, "%s, OpenGL %s", renderer ? renderer : "?", version ? version : "?");
	eglMakeCurrent(d, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
cleanup:
	if (ctx != EGL_NO_CONTEXT)
		eglDestroyContext(d, ctx);
	eglTerminate(d);
}

int glr_list_devices(FILE *out)
{
	if (!glr_egl_has_devices()) {
		fprintf(out, "no EGL device enumeration (EGL_EXT_device_enumeration or _base, "
			     "EGL_EXT_platform_device): glrender renders on EGL surfaceless\n");
		return 0;
	}
	EGLDeviceEXT devs[MAX_DEVICES];
	EGLint n = 0;
	if (!eglQueryDevicesEXT(MAX_DEVICES, devs, &n)) {
		fprintf(stderr, "glrender: eglQueryDevicesEXT failed: %s\n", glr_egl_error());
		return -1;
	}
	/* the default, as glr_egl_init picks it without --egl-device: the first device
	 * that is not software, else the first */
	EGLint def = n > 0 ? 0 : -1;
	for (EGLint i = 0; i < n; i++) {
		const char *exts = eglQueryDeviceStringEXT(devs[i], EGL_EXTENSIONS);
		if (!(exts && strstr(exts, "EGL_MESA_device_software"))) {
			def = i;
			break;
		}
	}
	for (EGLint i = 0; i < n; i++) {
		const char *exts = eglQueryDeviceStringEXT(devs[i], EGL_EXTENSIONS);
		bool software = exts && strstr(exts, "EGL_MESA_device_software");
		const char *path = NULL, *render = NULL;
		if (exts && strstr(exts, "EGL_EXT_device_drm"))
			path = eglQueryDeviceStringEXT(devs[i], EGL_DRM_DEVICE_FILE_EXT);
		if (exts && strstr(exts, "EGL_EXT_device_drm_render_node"))
			render = eglQueryDeviceStringEXT(devs[i], EGL_DRM_RENDER_NODE_FILE_EXT);
		char renderer[256];
		device_renderer(devs[i], renderer, sizeof renderer);
		fprintf(out, "%d%s\t%s%s%s\t%s\n", (int)i, i == def ? "*" : "",
			path ? path : software ? "software" : "-", render ? " " : "",
			render ? render : "", renderer);
	}
	if (n == 0)
		fprintf(out, "no EGL devices: glrender renders on EGL surfaceless\n");
	else
		fprintf(out, "(*: the default; pick another with --egl-device N or --egl-device PATH)\n");
	return 0;
}
