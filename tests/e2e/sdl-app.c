/* sdl-app.c — guards against SDL2 programs breaking on (or routing around) the
 * forwarder: SDL2 dlopen()s libGL.so.1 and loads every GL function through
 * SDL_GL_GetProcAddress; a 3.3 core context, scissored clears, a resize through SDL,
 * swaps; pixels are checked and printed for comparison with the native run.
 *
 *   sdl-app
 *
 * stdout: "driver: …", "version: …", pixel lines, "loaded: PATH" for each library
 * whose name starts with libGL. Exit 0 on success, 1 with one line on stderr. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dl_iterate_phdr; meson defines it already */
#endif
#include <SDL.h>
#include <SDL_opengl.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("sdl-app: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int list_gl_lib(struct dl_phdr_info *info, size_t size, void *data)
{
	const char *base = strrchr(info->dlpi_name, '/');
	base = base ? base + 1 : info->dlpi_name;
	if (strncmp(base, "libGL", 5) == 0 || strncmp(base, "libOpenGL", 9) == 0 ||
	    strncmp(base, "libEGL", 6) == 0)
		printf("loaded: %s\n", info->dlpi_name);
	return 0;
}

static void (*p_glViewport)(GLint, GLint, GLsizei, GLsizei);
static void (*p_glClearColor)(GLfloat, GLfloat, GLfloat, GLfloat);
static void (*p_glClear)(GLbitfield);
static void (*p_glEnable)(GLenum);
static void (*p_glDisable)(GLenum);
static void (*p_glScissor)(GLint, GLint, GLsizei, GLsizei);
static void (*p_glReadPixels)(GLint, GLint, GLsizei, GLsizei, GLenum, GLenum, void *);
static void (*p_glGetIntegerv)(GLenum, GLint *);
static GLenum (*p_glGetError)(void);

static void load(void *dst, const char *name)
{
	void *fn = SDL_GL_GetProcAddress(name);
	if (!fn)
		die("SDL_GL_GetProcAddress(\"%s\") failed: %s", name, SDL_GetError());
	memcpy(dst, &fn, sizeof fn);
}

/* Clear to dark blue with a yellow square in the middle; check and print pixels. */
static void frame(SDL_Window *win, int w, int h, int check)
{
	p_glViewport(0, 0, w, h);
	p_glDisable(GL_SCISSOR_TEST);
	p_glClearColor(0.0f, 0.0f, 0.4f, 1.0f);
	p_glClear(GL_COLOR_BUFFER_BIT);
	p_glEnable(GL_SCISSOR_TEST);
	p_glScissor(w / 4, h / 4, w / 2, h / 2);
	p_glClearColor(1.0f, 1.0f, 0.0f, 1.0f);
	p_glClear(GL_COLOR_BUFFER_BIT);
	if (check) {
		static const int at[][2] = {{1, 1}, {2, 2}, {-1, -1}}; /* in quarters; -1: last */
		for (size_t i = 0; i < 3; i++) {
			int x = at[i][0] < 0 ? w - 1 : at[i][0] * w / 4 + 1;
			int y = at[i][1] < 0 ? h - 1 : at[i][1] * h / 4 + 1;
			unsigned char px[4] = {0};
			p_glReadPixels(x, y, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
			int inside = x >= w / 4 && x < w / 4 + w / 2 && y >= h / 4 && y < h / 4 + h / 2;
			unsigned char want[3] = {inside ? 255 : 0, inside ? 255 : 0, inside ? 0 : 102};
			printf("%dx%d pixel %d %d: %u %u %u\n", w, h, x, y, px[0], px[1], px[2]);
			if (memcmp(px, want, 3) != 0)
				die("pixel %d,%d of %dx%d is %u %u %u, expected %u %u %u", x, y, w, h,
				    px[0], px[1], px[2], want[0], want[1], want[2]);
		}
	}
	GLenum e = p_glGetError();
	if (e != GL_NO_ERROR)
		die("GL error 0x%04x", (unsigned)e);
	SDL_GL_SwapWindow(win);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		puts("usage: sdl-app (no arguments; see the comment at the top of sdl-app.c)");
		return strcmp(argv[1], "--help") == 0 ? 0 : 2;
	}
	if (SDL_Init(SDL_INIT_VIDEO) != 0)
		die("SDL_Init: %s", SDL_GetError());
	printf("driver: %s\n", SDL_GetCurrentVideoDriver());
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
	SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
	SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
	SDL_Window *win = SDL_CreateWindow("sdl-app", SDL_WINDOWPOS_UNDEFINED,
					   SDL_WINDOWPOS_UNDEFINED, 160, 120,
					   SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE);
	if (!win)
		die("SDL_CreateWindow: %s", SDL_GetError());
	SDL_GLContext ctx = SDL_GL_CreateContext(win);
	if (!ctx)
		die("SDL_GL_CreateContext: %s", SDL_GetError());
	SDL_GL_SetSwapInterval(0);
	load(&p_glViewport, "glViewport");
	load(&p_glClearColor, "glClearColor");
	load(&p_glClear, "glClear");
	load(&p_glEnable, "glEnable");
	load(&p_glDisable, "glDisable");
	load(&p_glScissor, "glScissor");
	load(&p_glReadPixels, "glReadPixels");
	load(&p_glGetIntegerv, "glGetIntegerv");
	load(&p_glGetError, "glGetError");
	GLint major = 0, minor = 0;
	p_glGetIntegerv(GL_MAJOR_VERSION, &major);
	p_glGetIntegerv(GL_MINOR_VERSION, &minor);
	printf("version: at least 3.3: %s\n", major * 10 + minor >= 33 ? "yes" : "no");

	int w, h;
	SDL_GL_GetDrawableSize(win, &w, &h);
	for (int f = 0; f < 3; f++)
		frame(win, w, h, f == 2);

	SDL_SetWindowSize(win, 222, 111);
	for (int i = 0; i < 200; i++) {
		SDL_Event ev;
		while (SDL_PollEvent(&ev))
			;
		SDL_GL_GetDrawableSize(win, &w, &h);
		if (w == 222 && h == 111)
			break;
		SDL_Delay(20);
	}
	if (w != 222 || h != 111)
		die("the window did not become 222x111 (it is %dx%d)", w, h);
	for (int f = 0; f < 3; f++)
		frame(win, w, h, f == 2);

	dl_iterate_phdr(list_gl_lib, NULL);
	SDL_GL_DeleteContext(ctx);
	SDL_DestroyWindow(win);
	SDL_Quit();
	return 0;
}
