/* viewer.c — glrender --window: every guest drawable that presents a frame also appears
 * in a window on the host's own display (GLFW), the VMGL viewer mode, for guests without
 * a display of their own or to watch what a guest draws.
 *
 * Render threads never touch a window: at each glXSwapBuffers they copy the frame they
 * read back for the guest into the drawable's slot here (glr_viewer_post) and wake the
 * main thread, which owns GLFW (it must: GLFW's windows and events belong to the main
 * thread) and shows the newest frame of each slot with a GL context of its own
 * (glr_viewer_pump). A window appears with a drawable's first frame, at its size, follows
 * its resizes, and goes when the guest destroys the GLX window or its process ends.
 * Closing a viewer window hides that drawable's view only; the guest goes on. A window
 * resized by hand shows the frame scaled. */
#include "glr.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef GLR_HAVE_GLFW
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

struct slot {
	uintptr_t session;
	uint32_t drawable;
	char title[128];
	/* written by render threads under lock: the newest frame not shown yet */
	uint8_t *pending;
	size_t pending_cap;
	int pending_w, pending_h;
	bool fresh;
	bool gone; /* the guest destroyed it: the main thread closes the window */
	/* the main thread's alone */
	uint8_t *shown;
	size_t shown_cap;
	int shown_w, shown_h;
	GLFWwindow *win;
	bool closed; /* closed by the user: not shown again */
	bool redraw; /* exposed: draw the shown frame again */
	struct slot *next;
};

static bool on;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot *slots;
static int wake[2] = {-1, -1};
static bool woken; /* a byte sits in the pipe (under lock) */

static void on_glfw_error(int code, const char *what)
{
	glr_log("--window: GLFW error %d: %s", code, what);
}

int glr_viewer_init(char *err, size_t errlen)
{
	glfwSetErrorCallback(on_glfw_error);
	if (!glfwInit()) {
		snprintf(err, errlen,
			 "--window: cannot open the host display (DISPLAY=%s): GLFW could not "
			 "start",
			 getenv("DISPLAY") ? getenv("DISPLAY") : "");
		return -1;
	}
	if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		snprintf(err, errlen, "--window: pipe: %s", strerror(errno));
		glfwTerminate();
		return -1;
	}
	on = true;
	return 0;
}

/* The listener checks the display at start and leaves the windows to its workers. */
int glr_viewer_check(char *err, size_t errlen)
{
	if (glr_viewer_init(err, errlen) < 0)
		return -1;
	glr_viewer_fini();
	return 0;
}

bool glr_viewer_on(void)
{
	return on;
}

int glr_viewer_fd(void)
{
	return on ? wake[0] : -1;
}

static void wake_main(void)
{
	if (!woken) {
		char b = 'f';
		woken = write(wake[1], &b, 1) == 1;
	}
}

static struct slot *find_slot(uintptr_t session, uint32_t drawable)
{
	for (struct slot *s = slots; s; s = s->next)
		if (s->session == session && s->drawable == drawable)
			return s;
	return NULL;
}

void glr_viewer_post(const struct glr_session *session, const char *name, uint32_t drawable,
		     int width, int height, const void *bgra)
{
	if (!on || width <= 0 || height <= 0)
		return;
	size_t need = (size_t)width * (size_t)height * 4;
	pthread_mutex_lock(&lock);
	struct slot *s = find_slot((uintptr_t)session, drawable);
	if (!s && (s = calloc(1, sizeof *s))) {
		s->session = (uintptr_t)session;
		s->drawable = drawable;
		int same = 0;
		for (struct slot *o = slots; o; o = o->next)
			same += o->session == (uintptr_t)session;
		if (same)
			snprintf(s->title, sizeof s->title, "glrender: %s #%d", name, same + 1);
		else
			snprintf(s->title, sizeof s->title, "glrender: %s", name);
		s->next = slots;
		slots = s;
	}
	if (s && !s->closed && !s->gone) {
		if (need > s->pending_cap) {
			uint8_t *p = realloc(s->pending, need);
			if (p) {
				s->pending = p;
				s->pending_cap = need;
			}
		}
		if (need <= s->pending_cap) {
			memcpy(s->pending, bgra, need);
			s->pending_w = width;
			s->pending_h = height;
			s->fresh = true;
			wake_main();
		}
	}
	pthread_mutex_unlock(&lock);
}

void glr_viewer_forget(const struct glr_session *session, uint32_t drawable)
{
	if (!on)
		return;
	pthread_mutex_lock(&lock);
	for (struct slot *s = slots; s; s = s->next)
		if (s->session == (uintptr_t)session && (!drawable || s->drawable == drawable)) {
			s->gone = true;
			wake_main();
		}
	pthread_mutex_unlock(&lock);
}

static void on_refresh(GLFWwindow *win)
{
	struct slot *s = glfwGetWindowUserPointer(win);
	if (s)
		s->redraw = true;
}

static void draw(struct slot *s)
{
	if (!s->win) {
		glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
		glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
		s->win = glfwCreateWindow(s->shown_w, s->shown_h, s->title, NULL, NULL);
		if (!s->win) {
			glr_log("--window: cannot open a window for %s", s->title);
			s->closed = true;
			return;
		}
		glfwSetWindowUserPointer(s->win, s);
		glfwSetWindowRefreshCallback(s->win, on_refresh);
		glfwMakeContextCurrent(s->win);
		glfwSwapInterval(0); /* the guest sets the pace, never the host's display */
	}
	glfwMakeContextCurrent(s->win);
	int ww, wh;
	glfwGetFramebufferSize(s->win, &ww, &wh);
	if (ww <= 0 || wh <= 0)
		return;
	glViewport(0, 0, ww, wh);
	glClearColor(0, 0, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
	glPixelZoom((float)ww / (float)s->shown_w, (float)wh / (float)s->shown_h);
	glRasterPos2f(-1.0f, -1.0f); /* rows bottom-up, as read back */
	glDrawPixels(s->shown_w, s->shown_h, GL_BGRA, GL_UNSIGNED_BYTE, s->shown);
	glfwSwapBuffers(s->win);
	s->redraw = false;
}

void glr_viewer_pump(void)
{
	if (!on)
		return;
	char buf[16];
	pthread_mutex_lock(&lock);
	while (read(wake[0], buf, sizeof buf) > 0)
		;
	woken = false;
	pthread_mutex_unlock(&lock);
	glfwPollEvents();
	for (struct slot **p = &slots;;) {
		pthread_mutex_lock(&lock);
		struct slot *s = *p;
		if (!s) {
			pthread_mutex_unlock(&lock);
			break;
		}
		if (s->gone) {
			*p = s->next;
			pthread_mutex_unlock(&lock);
			if (s->win)
				glfwDestroyWindow(s->win);
			free(s->pending);
			free(s->shown);
			free(s);
			continue;
		}
		bool show = s->fresh && !s->closed;
		if (show) { /* take the pending frame: swap buffers, no copy */
			uint8_t *b = s->shown;
			size_t cap = s->shown_cap;
			s->shown = s->pending;
			s->shown_cap = s->pending_cap;
			s->pending = b;
			s->pending_cap = cap;
			s->fresh = false;
		}
		int w = s->pending_w, h = s->pending_h;
		pthread_mutex_unlock(&lock);
		if (s->win && glfwWindowShouldClose(s->win)) {
			glfwDestroyWindow(s->win);
			s->win = NULL;
			s->closed = true;
			glr_log("--window: %s closed; that drawable is no longer shown", s->title);
		}
		if (show) {
			if (s->win && (w != s->shown_w || h != s->shown_h))
				glfwSetWindowSize(s->win, w, h);
			s->shown_w = w;
			s->shown_h = h;
		}
		if (!s->closed && s->shown && (show || s->redraw))
			draw(s);
		p = &s->next;
	}
	glfwMakeContextCurrent(NULL);
}

void glr_viewer_fini(void)
{
	if (!on)
		return;
	pthread_mutex_lock(&lock);
	while (slots) {
		struct slot *s = slots;
		slots = s->next;
		if (s->win)
			glfwDestroyWindow(s->win);
		free(s->pending);
		free(s->shown);
		free(s);
	}
	pthread_mutex_unlock(&lock);
	glfwTerminate();
	close(wake[0]);
	close(wake[1]);
	wake[0] = wake[1] = -1;
	on = false;
}

#else /* built without GLFW */

int glr_viewer_init(char *err, size_t errlen)
{
	snprintf(err, errlen, "--window: this glrender was built without GLFW (Debian package "
			      "libglfw3-dev)");
	return -1;
}

int glr_viewer_check(char *err, size_t errlen)
{
	return glr_viewer_init(err, errlen);
}

bool glr_viewer_on(void)
{
	return false;
}

int glr_viewer_fd(void)
{
	return -1;
}

void glr_viewer_post(const struct glr_session *session, const char *name, uint32_t drawable,
		     int width, int height, const void *bgra)
{
	(void)session, (void)name, (void)drawable, (void)width, (void)height, (void)bgra;
}

void glr_viewer_forget(const struct glr_session *session, uint32_t drawable)
{
	(void)session, (void)drawable;
}

void glr_viewer_pump(void)
{
}

void glr_viewer_fini(void)
{
}
#endif
