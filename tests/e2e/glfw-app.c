/* glfw-app.c — guards against GLFW programs breaking on the forwarder: GLFW dlopen()s
 * libGL.so.1 and libepoxy does too; two windows with core 4.5 contexts of one share
 * group, a worker thread that uploads a texture through a hidden shared context, and a
 * window resized while it is drawn into. Every result is checked against what it must
 * be and printed, so that the test can also compare the output with the native run.
 *
 *   glfw-app
 *
 * stdout: "version: …", "A …"/"B …" pixel lines, "loaded: PATH" for each library whose
 * name starts with libGL. Exit 0 on success, 1 with one line on stderr on failure. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dl_iterate_phdr; meson defines it already */
#endif
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEX 64

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("glfw-app: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void check(const char *stage)
{
	GLenum e = glGetError();
	if (e != GL_NO_ERROR)
		die("GL error 0x%04x at %s", (unsigned)e, stage);
}

static void glfw_error(int code, const char *text)
{
	fprintf(stderr, "glfw-app: GLFW error 0x%x: %s\n", code, text);
}

static int list_gl_lib(struct dl_phdr_info *info, size_t size, void *data)
{
	const char *base = strrchr(info->dlpi_name, '/');
	base = base ? base + 1 : info->dlpi_name;
	if (strncmp(base, "libGL", 5) == 0 || strncmp(base, "libOpenGL", 9) == 0)
		printf("loaded: %s\n", info->dlpi_name);
	return 0;
}

/* ---- the worker: fills a texture through a hidden context shared with the windows ---- */

struct upload {
	GLFWwindow *ctx;
	GLuint tex;
	pthread_mutex_t lock;
	pthread_cond_t done_cv;
	int done; /* 1: uploaded, -1: failed */
};

static void texel(int x, int y, unsigned char out[4])
{
	out[0] = (unsigned char)(x * 4);
	out[1] = (unsigned char)(y * 4);
	out[2] = 128;
	out[3] = 255;
}

static void *upload_main(void *arg)
{
	struct upload *u = arg;
	static unsigned char pixels[TEX * TEX * 4];
	int ok = 0;
	glfwMakeContextCurrent(u->ctx);
	for (int y = 0; y < TEX; y++)
		for (int x = 0; x < TEX; x++)
			texel(x, y, pixels + (y * TEX + x) * 4);
	glGenTextures(1, &u->tex);
	glBindTexture(GL_TEXTURE_2D, u->tex);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, TEX, TEX, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
	/* GL 4.5 core, 5.3: the other contexts see the texture once this one finished */
	glFinish();
	ok = glGetError() == GL_NO_ERROR;
	glfwMakeContextCurrent(NULL);
	pthread_mutex_lock(&u->lock);
	u->done = ok ? 1 : -1;
	pthread_cond_signal(&u->done_cv);
	pthread_mutex_unlock(&u->lock);
	return NULL;
}

/* ---- drawing ---- */

static const char *vs_src = "#version 450 core\n"
			    "out vec2 uv;\n"
			    "void main() {\n"
			    "  vec2 p = vec2(gl_VertexID & 1, gl_VertexID >> 1);\n"
			    "  uv = p;\n"
			    "  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);\n"
			    "}\n";
static const char *fs_src = "#version 450 core\n"
			    "layout(binding = 0) uniform sampler2D tex;\n"
			    "in vec2 uv;\n"
			    "out vec4 color;\n"
			    "void main() { color = texture(tex, uv); }\n";

static GLuint shader(GLenum type, const char *src)
{
	GLuint s = glCreateShader(type);
	glShaderSource(s, 1, &src, NULL);
	glCompileShader(s);
	GLint ok = 0;
	glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		char log[512] = "";
		glGetShaderInfoLog(s, sizeof log, NULL, log);
		die("shader does not compile: %s", log);
	}
	return s;
}

static GLuint program(void)
{
	GLuint p = glCreateProgram();
	glAttachShader(p, shader(GL_VERTEX_SHADER, vs_src));
	glAttachShader(p, shader(GL_FRAGMENT_SHADER, fs_src));
	glLinkProgram(p);
	GLint ok = 0;
	glGetProgramiv(p, GL_LINK_STATUS, &ok);
	if (!ok)
		die("program does not link");
	return p;
}

/* Draw the texture over the whole framebuffer of the current window. */
static void draw(GLuint prog, GLuint vao, GLuint tex, int w, int h)
{
	glViewport(0, 0, w, h);
	glClearColor(1, 0, 1, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glUseProgram(prog);
	glBindVertexArray(vao);
	glBindTextureUnit(0, tex);
	glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
	check("draw");
}

/* Check some pixels of the back buffer against the texel that must cover them. */
static void check_pixels(const char *tag, int w, int h)
{
	static const float at[][2] = {{0.0f, 0.0f}, {0.3f, 0.6f}, {0.5f, 0.5f}, {0.9f, 0.1f},
				      {1.0f, 1.0f}};
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		int x = (int)(at[i][0] * (float)(w - 1)), y = (int)(at[i][1] * (float)(h - 1));
		unsigned char px[4] = {0}, want[4];
		glReadPixels(x, y, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
		/* the nearest texel to the pixel's centre */
		texel((int)(((double)x + 0.5) * TEX / w), (int)(((double)y + 0.5) * TEX / h), want);
		printf("%s %dx%d pixel %d %d: %u %u %u\n", tag, w, h, x, y, px[0], px[1], px[2]);
		if (memcmp(px, want, 3) != 0)
			die("%s: pixel %d,%d of %dx%d is %u %u %u, the texture has %u %u %u there", tag,
			    x, y, w, h, px[0], px[1], px[2], want[0], want[1], want[2]);
	}
	check("glReadPixels");
}

static void wait_size(GLFWwindow *win, int w, int h)
{
	for (int i = 0; i < 200; i++) {
		int fw, fh;
		glfwGetFramebufferSize(win, &fw, &fh);
		if (fw == w && fh == h)
			return;
		glfwWaitEventsTimeout(0.05);
	}
	die("the window did not become %dx%d", w, h);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		puts("usage: glfw-app (no arguments; see the comment at the top of glfw-app.c)");
		return strcmp(argv[1], "--help") == 0 ? 0 : 2;
	}
	glfwSetErrorCallback(glfw_error);
#if GLFW_VERSION_MAJOR > 3 || (GLFW_VERSION_MAJOR == 3 && GLFW_VERSION_MINOR >= 4)
	glfwInitHint(GLFW_PLATFORM, GLFW_PLATFORM_X11);
#endif
	if (!glfwInit())
		die("glfwInit failed");
	glfwWindowHint(GLFW_CONTEXT_CREATION_API, GLFW_NATIVE_CONTEXT_API); /* GLX, not EGL */
	glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 4);
	glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 5);
	glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
	glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
	glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
	GLFWwindow *a = glfwCreateWindow(128, 96, "glfw-app A", NULL, NULL);
	if (!a)
		die("no 4.5 core window");
	GLFWwindow *b = glfwCreateWindow(80, 60, "glfw-app B", NULL, a);
	glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
	GLFWwindow *hidden = glfwCreateWindow(16, 16, "glfw-app worker", NULL, a);
	if (!b || !hidden)
		die("no second window or hidden shared context");

	/* the worker uploads while the main thread builds its program */
	struct upload u = {.ctx = hidden,
			   .lock = PTHREAD_MUTEX_INITIALIZER,
			   .done_cv = PTHREAD_COND_INITIALIZER};
	pthread_t worker;
	if (pthread_create(&worker, NULL, upload_main, &u) != 0)
		die("pthread_create failed");

	glfwMakeContextCurrent(a);
	GLint major = 0, minor = 0, profile = 0;
	glGetIntegerv(GL_MAJOR_VERSION, &major);
	glGetIntegerv(GL_MINOR_VERSION, &minor);
	glGetIntegerv(GL_CONTEXT_PROFILE_MASK, &profile);
	printf("version: %d.%d %s\n", major, minor,
	       profile & GL_CONTEXT_CORE_PROFILE_BIT ? "core" : "compatibility");
	if (major * 10 + minor < 45 || !(profile & GL_CONTEXT_CORE_PROFILE_BIT))
		die("asked for a 4.5 core context, got %d.%d profile mask 0x%x", major, minor,
		    (unsigned)profile);
	GLuint prog = program();
	GLuint vao_a;
	glGenVertexArrays(1, &vao_a);
	check("program");

	pthread_mutex_lock(&u.lock);
	while (!u.done)
		pthread_cond_wait(&u.done_cv, &u.lock);
	pthread_mutex_unlock(&u.lock);
	pthread_join(worker, NULL);
	if (u.done < 0)
		die("the worker thread's upload failed");

	/* window A, then A resized twice while current, each checked before the swap */
	static const int sizes[][2] = {{128, 96}, {256, 192}, {100, 150}};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		int w = sizes[i][0], h = sizes[i][1];
		if (i > 0) {
			glfwSetWindowSize(a, w, h);
			wait_size(a, w, h);
		}
		for (int f = 0; f < 2; f++) {
			draw(prog, vao_a, u.tex, w, h);
			if (f == 1)
				check_pixels("A", w, h);
			glfwSwapBuffers(a);
			glfwPollEvents();
		}
	}

	/* window B: another context of the share group draws the same texture */
	glfwMakeContextCurrent(b);
	GLuint vao_b; /* vertex arrays are not shared */
	glGenVertexArrays(1, &vao_b);
	int bw, bh;
	glfwGetFramebufferSize(b, &bw, &bh);
	draw(prog, vao_b, u.tex, bw, bh);
	check_pixels("B", bw, bh);
	glfwSwapBuffers(b);

	/* and A again after B: each window keeps its own drawable */
	glfwMakeContextCurrent(a);
	draw(prog, vao_a, u.tex, 100, 150);
	check_pixels("A-again", 100, 150);
	glfwSwapBuffers(a);

	dl_iterate_phdr(list_gl_lib, NULL);
	glfwMakeContextCurrent(NULL);
	glfwDestroyWindow(hidden);
	glfwDestroyWindow(b);
	glfwDestroyWindow(a);
	glfwTerminate();
	return 0;
}
