/* bench-encode.c — guards against a slow guest encoder: times calls that return nothing
 * (immediate-mode vertex calls of several argument shapes between glBegin and glEnd, a
 * uniform vector, a small texture update) and prints calls per second of the loop
 * alone, and of the loop plus glFinish (what the host needed to catch up). Against
 * tests/bench/bench-sink (a host that discards) the loop rate is the encoder's alone.
 *
 *   bench-encode [-n MILLIONS] [-l LABEL]     (default 5 million calls per shape;
 *                                             a tenth of that for glTexSubImage2D) */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "glwin.h"

#include <GL/glext.h>
#include <string.h>

enum shape {
	VERTEX3F, VERTEX3FV, COLOR4UB, NORMAL3F, TEXCOORD2I, UNIFORM4FV, TEXSUBIMAGE2D, SHAPES
};
static const char *const shape_names[SHAPES] = {
	[VERTEX3F] = "glVertex3f", [VERTEX3FV] = "glVertex3fv", [COLOR4UB] = "glColor4ub",
	[NORMAL3F] = "glNormal3f", [TEXCOORD2I] = "glTexCoord2i", [UNIFORM4FV] = "glUniform4fv",
	[TEXSUBIMAGE2D] = "glTexSubImage2D-4x4",
};

static PFNGLUNIFORM4FVPROC p_glUniform4fv;
static PFNGLUSEPROGRAMPROC p_glUseProgram;
static GLuint prog;
static GLint u_vec;

/* What the last two shapes need: a current program with a vec4 uniform, and a bound
 * 8x8 RGBA texture. GL 2.0 entry points come through glXGetProcAddressARB. */
static void setup_objects(void)
{
#define LOAD(T, f) T f = (T)glXGetProcAddressARB((const GLubyte *)#f)
	LOAD(PFNGLCREATESHADERPROC, glCreateShader);
	LOAD(PFNGLSHADERSOURCEPROC, glShaderSource);
	LOAD(PFNGLCOMPILESHADERPROC, glCompileShader);
	LOAD(PFNGLCREATEPROGRAMPROC, glCreateProgram);
	LOAD(PFNGLATTACHSHADERPROC, glAttachShader);
	LOAD(PFNGLLINKPROGRAMPROC, glLinkProgram);
	LOAD(PFNGLUSEPROGRAMPROC, glUseProgram);
	LOAD(PFNGLGETUNIFORMLOCATIONPROC, glGetUniformLocation);
#undef LOAD
	p_glUniform4fv = (PFNGLUNIFORM4FVPROC)glXGetProcAddressARB((const GLubyte *)"glUniform4fv");
	p_glUseProgram = glUseProgram;
	if (!glCreateShader || !glShaderSource || !glCompileShader || !glCreateProgram ||
	    !glAttachShader || !glLinkProgram || !glUseProgram || !glGetUniformLocation ||
	    !p_glUniform4fv) {
		fprintf(stderr, "bench-encode: no GL 2.0 shader entry points\n");
		exit(1);
	}
	static const char *vs = "uniform vec4 u; void main() { gl_Position = u; }";
	static const char *fs = "void main() { gl_FragColor = vec4(1.0); }";
	GLuint v = glCreateShader(GL_VERTEX_SHADER), f = glCreateShader(GL_FRAGMENT_SHADER);
	glShaderSource(v, 1, &vs, NULL);
	glShaderSource(f, 1, &fs, NULL);
	glCompileShader(v);
	glCompileShader(f);
	prog = glCreateProgram();
	glAttachShader(prog, v);
	glAttachShader(prog, f);
	glLinkProgram(prog);
	glUseProgram(prog);
	u_vec = glGetUniformLocation(prog, "u");
	if (u_vec < 0) {
		fprintf(stderr, "bench-encode: the uniform of the test program is missing\n");
		exit(1);
	}
	glUseProgram(0); /* only the glUniform4fv shape draws nothing with it */
	static GLubyte texels[8 * 8 * 4];
	GLuint tex;
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 8, 8, 0, GL_RGBA, GL_UNSIGNED_BYTE, texels);
}

/* Vertices far outside the view volume: the host clips them, it draws nothing. */
static void batch(enum shape s, long calls)
{
	static const GLfloat v[3] = {10.f, 10.f, 10.f};
	if (s == UNIFORM4FV || s == TEXSUBIMAGE2D) {
		static GLubyte texels[4 * 4 * 4];
		if (s == UNIFORM4FV)
			p_glUseProgram(prog);
		for (long i = 0; i < calls; i++) {
			GLfloat u[4] = {(float)(i & 1023), 0.f, 0.f, 1.f};
			if (s == UNIFORM4FV)
				p_glUniform4fv(u_vec, 1, u);
			else
				glTexSubImage2D(GL_TEXTURE_2D, 0, (GLint)(i & 3), 0, 4, 4, GL_RGBA,
						GL_UNSIGNED_BYTE, texels);
		}
		if (s == UNIFORM4FV)
			p_glUseProgram(0);
		return;
	}
	glBegin(GL_POINTS);
	for (long i = 0; i < calls; i++) {
		float f = (float)(i & 1023) + 100.f;
		switch (s) {
		case VERTEX3F: glVertex3f(f, f, f); break;
		case VERTEX3FV: glVertex3fv(v); break;
		case COLOR4UB: glColor4ub((GLubyte)i, 2, 3, 4); break;
		case NORMAL3F: glNormal3f(f, 0.f, 1.f); break;
		case TEXCOORD2I: glTexCoord2i((GLint)i, 1); break;
		default: break;
		}
	}
	glEnd();
}

int main(int argc, char **argv)
{
	double millions = 5;
	const char *label = "";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			millions = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "-l") && i + 1 < argc)
			label = argv[++i];
		else {
			fprintf(stderr, "usage: %s [-n MILLIONS] [-l LABEL]\n", argv[0]);
			return 2;
		}
	}
	const long per_batch = 4096;
	long batches = (long)(millions * 1e6) / per_batch;
	if (batches < 1)
		batches = 1;
	struct glwin w;
	glwin_open(&w, "bench-encode");
	setup_objects();
	glFinish();
	for (enum shape s = 0; s < SHAPES; s++) {
		long n = s == TEXSUBIMAGE2D ? (batches + 9) / 10 : batches;
		batch(s, per_batch); /* warm up */
		glFinish();
		double t0 = now_s();
		for (long b = 0; b < n; b++)
			batch(s, per_batch);
		double t1 = now_s();
		glFinish();
		double t2 = now_s();
		/* + glBegin, glEnd around the immediate-mode shapes */
		int extra = s == UNIFORM4FV || s == TEXSUBIMAGE2D ? 0 : 2;
		double calls = (double)(n * (per_batch + extra));
		printf("encode %-8s %-20s %6.1f Mcalls/s loop, %6.1f Mcalls/s to glFinish (%.0f calls)\n",
		       label, shape_names[s], calls / (t1 - t0) * 1e-6, calls / (t2 - t0) * 1e-6,
		       calls);
	}
	GLenum e = glGetError();
	glwin_close(&w);
	if (e != GL_NO_ERROR) {
		fprintf(stderr, "bench-encode: glGetError returned 0x%x\n", e);
		return 1;
	}
	return 0;
}
