/* test-pnames.c — guards against wire/pnames.c giving a value count for a pname that differs from what the host driver writes (truncated answers or overwritten app memory). */
/*
 * For every enum value of gl.xml, in a compatibility and a core 4.5 context made on
 * EGL, each query family is called twice into buffers filled with two different
 * sentinels: the values written are those that differ from the sentinel in either run.
 * Pnames the driver rejects (any GL error) are skipped; for the rest the count must
 * be wire_pname_count's (wire_indexed_count's for glGet*i_v).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include "pnames.h"
#include "pnames-enums.h"

#define NENUMS (sizeof all_enums / sizeof all_enums[0])
#define NMAX 1024 /* values a buffer holds; GL_COMPRESSED_TEXTURE_FORMATS is the longest */

enum { CTX_COMPAT, CTX_CORE };

/* ------------------------------------------------------------------ context */

static EGLDisplay dpy = EGL_NO_DISPLAY;
static EGLContext ctx = EGL_NO_CONTEXT;

/* Opens the EGL display (surfaceless, else the first device) once; NULL or why not. */
static const char *open_display(void)
{
	static const char *why;
	static int tried;
	if (tried)
		return dpy == EGL_NO_DISPLAY ? why : NULL;
	tried = 1;
	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_base")) {
		why = "EGL has no EGL_EXT_platform_base";
		return why;
	}
	if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless")) {
		dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
		if (dpy != EGL_NO_DISPLAY && !eglInitialize(dpy, NULL, NULL))
			dpy = EGL_NO_DISPLAY;
	}
	if (dpy == EGL_NO_DISPLAY && epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_device")) {
		EGLDeviceEXT dev[8];
		EGLint n = 0;
		if (eglQueryDevicesEXT(8, dev, &n) && n > 0) {
			dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, dev[0], NULL);
			if (dpy != EGL_NO_DISPLAY && !eglInitialize(dpy, NULL, NULL))
				dpy = EGL_NO_DISPLAY;
		}
	}
	if (dpy == EGL_NO_DISPLAY) {
		why = "no surfaceless or device EGL display could be initialized";
		return why;
	}
	if (!eglBindAPI(EGL_OPENGL_API)) {
		dpy = EGL_NO_DISPLAY;
		why = "the EGL display has no desktop OpenGL";
	}
	return why;
}

/* A current context without surfaces: NULL or why not. */
static const char *make_context(int kind)
{
	static const EGLint compat[] = {EGL_NONE};
	static const EGLint core[] = {
		EGL_CONTEXT_MAJOR_VERSION, 4, EGL_CONTEXT_MINOR_VERSION, 5,
		EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
	const char *why = open_display();
	if (why)
		return why;
	if (!epoxy_has_egl_extension(dpy, "EGL_KHR_surfaceless_context") ||
	    !epoxy_has_egl_extension(dpy, "EGL_KHR_no_config_context"))
		return "EGL lacks EGL_KHR_surfaceless_context or EGL_KHR_no_config_context";
	ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, kind == CTX_CORE ? core : compat);
	if (ctx == EGL_NO_CONTEXT)
		return kind == CTX_CORE ? "no core 4.5 context" : "no compatibility context";
	if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
		eglDestroyContext(dpy, ctx);
		ctx = EGL_NO_CONTEXT;
		return "eglMakeCurrent failed";
	}
	return NULL;
}

static void drop_context(void)
{
	eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	eglDestroyContext(dpy, ctx);
	ctx = EGL_NO_CONTEXT;
}

/* ------------------------------------------------------------------ objects queried */

static GLuint tex, buf, rb, fbo, msrb, msfbo, query, sampler, vao, vs, prog, cprog, pipeline;

static GLuint compile(GLenum type, const char *src)
{
	GLuint s = glCreateShader(type);
	GLint ok = 0;
	glShaderSource(s, 1, &src, NULL);
	glCompileShader(s);
	glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
	ck_assert_msg(ok, "a shader of the test does not compile");
	return s;
}

static GLuint link(GLuint a, GLuint b)
{
	GLuint p = glCreateProgram();
	GLint ok = 0;
	glAttachShader(p, a);
	if (b)
		glAttachShader(p, b);
	glLinkProgram(p);
	glGetProgramiv(p, GL_LINK_STATUS, &ok);
	ck_assert_msg(ok, "a program of the test does not link");
	return p;
}

/* One object of each kind a family asks about, bound where the family looks. */
static void make_objects(void)
{
	static const unsigned char pixels[4 * 4 * 4];
	GLuint fs, cs;

	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 4, 4, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);

	glGenBuffers(1, &buf);
	glBindBuffer(GL_ARRAY_BUFFER, buf);
	glBufferData(GL_ARRAY_BUFFER, 64, NULL, GL_STATIC_DRAW);

	glGenRenderbuffers(1, &rb);
	glBindRenderbuffer(GL_RENDERBUFFER, rb);
	glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, 4, 4);

	glGenFramebuffers(1, &fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, fbo);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
	glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, GL_RENDERBUFFER, rb);

	/* glGetMultisamplefv asks the bound framebuffer: one with 4 samples. */
	glGenRenderbuffers(1, &msrb);
	glBindRenderbuffer(GL_RENDERBUFFER, msrb);
	glRenderbufferStorageMultisample(GL_RENDERBUFFER, 4, GL_RGBA8, 4, 4);
	glBindRenderbuffer(GL_RENDERBUFFER, rb);
	glGenFramebuffers(1, &msfbo);
	glBindFramebuffer(GL_FRAMEBUFFER, msfbo);
	glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, msrb);
	glBindFramebuffer(GL_FRAMEBUFFER, fbo);

	glGenQueries(1, &query);
	glBeginQuery(GL_SAMPLES_PASSED, query);
	glEndQuery(GL_SAMPLES_PASSED);

	glGenSamplers(1, &sampler);
	glGenVertexArrays(1, &vao);
	glBindVertexArray(vao);
	glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, 0, NULL);

	vs = compile(GL_VERTEX_SHADER,
		     "#version 330 core\nlayout(location = 0) in vec4 p;\nuniform vec4 u;\n"
		     "void main() { gl_Position = p + u; }\n");
	fs = compile(GL_FRAGMENT_SHADER,
		     "#version 330 core\nout vec4 c;\nvoid main() { c = vec4(1.0); }\n");
	prog = link(vs, fs);
	glUseProgram(prog);
	cs = compile(GL_COMPUTE_SHADER,
		     "#version 430 core\nlayout(local_size_x = 2, local_size_y = 3, local_size_z = 4) in;\n"
		     "layout(std430, binding = 0) buffer B { uint v[]; };\n"
		     "void main() { v[gl_LocalInvocationIndex] = 1u; }\n");
	cprog = link(cs, 0);
	glGenProgramPipelines(1, &pipeline);
	glBindProgramPipeline(pipeline);
	ck_assert_int_eq(glGetError(), GL_NO_ERROR);
}

/* ------------------------------------------------------------------ the families */

enum type { T_UBYTE, T_BOOL, T_INT, T_UINT, T_INT64, T_FLOAT, T_DOUBLE };
static const size_t type_size[] = {
	sizeof(GLubyte), sizeof(GLboolean), sizeof(GLint), sizeof(GLuint), sizeof(GLint64), sizeof(GLfloat), sizeof(GLdouble)};

typedef void getter(GLenum pname, void *out);

#define GETTER(name, call) static void name(GLenum pname, void *out) { call; }
GETTER(get_b, glGetBooleanv(pname, out))
GETTER(get_i, glGetIntegerv(pname, out))
GETTER(get_i64, glGetInteger64v(pname, out))
GETTER(get_f, glGetFloatv(pname, out))
GETTER(get_d, glGetDoublev(pname, out))
GETTER(geti_b, glGetBooleani_v(pname, 0, out))
GETTER(geti_i, glGetIntegeri_v(pname, 0, out))
GETTER(geti_i64, glGetInteger64i_v(pname, 0, out))
GETTER(geti_f, glGetFloati_v(pname, 0, out))
GETTER(geti_d, glGetDoublei_v(pname, 0, out))
GETTER(texparam_i, glGetTexParameteriv(GL_TEXTURE_2D, pname, out))
GETTER(texparam_f, glGetTexParameterfv(GL_TEXTURE_2D, pname, out))
GETTER(texparam_Ii, glGetTexParameterIiv(GL_TEXTURE_2D, pname, out))
GETTER(texparam_Iui, glGetTexParameterIuiv(GL_TEXTURE_2D, pname, out))
GETTER(texlevel_i, glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, pname, out))
GETTER(texlevel_f, glGetTexLevelParameterfv(GL_TEXTURE_2D, 0, pname, out))
GETTER(light_f, glGetLightfv(GL_LIGHT0, pname, out))
GETTER(light_i, glGetLightiv(GL_LIGHT0, pname, out))
GETTER(material_f, glGetMaterialfv(GL_FRONT, pname, out))
GETTER(material_i, glGetMaterialiv(GL_FRONT, pname, out))
GETTER(texenv_f, glGetTexEnvfv(GL_TEXTURE_ENV, pname, out))
GETTER(texenv_i, glGetTexEnviv(GL_TEXTURE_ENV, pname, out))
GETTER(texfilter_f, glGetTexEnvfv(GL_TEXTURE_FILTER_CONTROL, pname, out))
GETTER(pointsprite_i, glGetTexEnviv(GL_POINT_SPRITE, pname, out))
GETTER(texgen_f, glGetTexGenfv(GL_S, pname, out))
GETTER(texgen_i, glGetTexGeniv(GL_S, pname, out))
GETTER(texgen_d, glGetTexGendv(GL_S, pname, out))
GETTER(bufparam_i, glGetBufferParameteriv(GL_ARRAY_BUFFER, pname, out))
GETTER(bufparam_i64, glGetBufferParameteri64v(GL_ARRAY_BUFFER, pname, out))
GETTER(program_i, glGetProgramiv(prog, pname, out))
GETTER(cprogram_i, glGetProgramiv(cprog, pname, out))
GETTER(shader_i, glGetShaderiv(vs, pname, out))
GETTER(pipeline_i, glGetProgramPipelineiv(pipeline, pname, out))
GETTER(iface_uniform_i, glGetProgramInterfaceiv(prog, GL_UNIFORM, pname, out))
GETTER(iface_input_i, glGetProgramInterfaceiv(prog, GL_PROGRAM_INPUT, pname, out))
GETTER(rbparam_i, glGetRenderbufferParameteriv(GL_RENDERBUFFER, pname, out))
GETTER(fbattach_tex_i, glGetFramebufferAttachmentParameteriv(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, pname, out))
GETTER(fbattach_rb_i, glGetFramebufferAttachmentParameteriv(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, pname, out))
GETTER(fbparam_i, glGetFramebufferParameteriv(GL_FRAMEBUFFER, pname, out))
GETTER(query_samples_i, glGetQueryiv(GL_SAMPLES_PASSED, pname, out))
GETTER(query_timestamp_i, glGetQueryiv(GL_TIMESTAMP, pname, out))
GETTER(query_indexed_i, glGetQueryIndexediv(GL_PRIMITIVES_GENERATED, 0, pname, out))
GETTER(queryobj_i, glGetQueryObjectiv(query, pname, out))
GETTER(queryobj_ui, glGetQueryObjectuiv(query, pname, out))
GETTER(queryobj_i64, glGetQueryObjecti64v(query, pname, out))
GETTER(queryobj_ui64, glGetQueryObjectui64v(query, pname, out))
GETTER(sampler_i, glGetSamplerParameteriv(sampler, pname, out))
GETTER(sampler_f, glGetSamplerParameterfv(sampler, pname, out))
GETTER(sampler_Ii, glGetSamplerParameterIiv(sampler, pname, out))
GETTER(sampler_Iui, glGetSamplerParameterIuiv(sampler, pname, out))
GETTER(attrib_i, glGetVertexAttribiv(1, pname, out))
GETTER(attrib_f, glGetVertexAttribfv(1, pname, out))
GETTER(attrib_d, glGetVertexAttribdv(1, pname, out))
GETTER(attrib_Ii, glGetVertexAttribIiv(1, pname, out))
GETTER(attrib_Iui, glGetVertexAttribIuiv(1, pname, out))
GETTER(attrib_Ld, glGetVertexAttribLdv(1, pname, out))
GETTER(multisample_f, glBindFramebuffer(GL_FRAMEBUFFER, msfbo); glGetMultisamplefv(pname, 0, out);
       glBindFramebuffer(GL_FRAMEBUFFER, fbo))
GETTER(named_buf_i, glGetNamedBufferParameteriv(buf, pname, out))
GETTER(named_buf_i64, glGetNamedBufferParameteri64v(buf, pname, out))
GETTER(named_fbattach_i, glGetNamedFramebufferAttachmentParameteriv(fbo, GL_COLOR_ATTACHMENT0, pname, out))
GETTER(named_fbparam_i, glGetNamedFramebufferParameteriv(fbo, pname, out))
GETTER(ubyte_ub, glGetUnsignedBytevEXT(pname, out))
GETTER(named_rb_i, glGetNamedRenderbufferParameteriv(rb, pname, out))

enum { ANY, COMPAT_ONLY, GL45, MEMORY_OBJECT };
struct family {
	const char *name;
	getter *get;
	enum type type;
	int needs;   /* ANY, COMPAT_ONLY, GL45 or MEMORY_OBJECT (GL_EXT_memory_object) */
	int wire;    /* the count it must match: VALUES, INDEXED or BYTES */
};
/* wire_pname_count; wire_indexed_count (glGet*i_v); wire_pname_bytes (glGetUnsignedBytevEXT). */
enum { VALUES, INDEXED, BYTES };

#define F(call, fn, type, needs) {call, fn, type, needs, VALUES}
static const struct family families[] = {
	F("glGetBooleanv", get_b, T_BOOL, ANY),
	F("glGetIntegerv", get_i, T_INT, ANY),
	F("glGetInteger64v", get_i64, T_INT64, ANY),
	F("glGetFloatv", get_f, T_FLOAT, ANY),
	F("glGetDoublev", get_d, T_DOUBLE, ANY),
	{"glGetBooleani_v(, 0)", geti_b, T_BOOL, ANY, 1},
	{"glGetIntegeri_v(, 0)", geti_i, T_INT, ANY, 1},
	{"glGetInteger64i_v(, 0)", geti_i64, T_INT64, ANY, 1},
	{"glGetFloati_v(, 0)", geti_f, T_FLOAT, ANY, 1},
	{"glGetDoublei_v(, 0)", geti_d, T_DOUBLE, ANY, 1},
	F("glGetTexParameteriv(GL_TEXTURE_2D)", texparam_i, T_INT, ANY),
	F("glGetTexParameterfv(GL_TEXTURE_2D)", texparam_f, T_FLOAT, ANY),
	F("glGetTexParameterIiv(GL_TEXTURE_2D)", texparam_Ii, T_INT, ANY),
	F("glGetTexParameterIuiv(GL_TEXTURE_2D)", texparam_Iui, T_UINT, ANY),
	F("glGetTexLevelParameteriv(GL_TEXTURE_2D, 0)", texlevel_i, T_INT, ANY),
	F("glGetTexLevelParameterfv(GL_TEXTURE_2D, 0)", texlevel_f, T_FLOAT, ANY),
	F("glGetLightfv(GL_LIGHT0)", light_f, T_FLOAT, COMPAT_ONLY),
	F("glGetLightiv(GL_LIGHT0)", light_i, T_INT, COMPAT_ONLY),
	F("glGetMaterialfv(GL_FRONT)", material_f, T_FLOAT, COMPAT_ONLY),
	F("glGetMaterialiv(GL_FRONT)", material_i, T_INT, COMPAT_ONLY),
	F("glGetTexEnvfv(GL_TEXTURE_ENV)", texenv_f, T_FLOAT, COMPAT_ONLY),
	F("glGetTexEnviv(GL_TEXTURE_ENV)", texenv_i, T_INT, COMPAT_ONLY),
	F("glGetTexEnvfv(GL_TEXTURE_FILTER_CONTROL)", texfilter_f, T_FLOAT, COMPAT_ONLY),
	F("glGetTexEnviv(GL_POINT_SPRITE)", pointsprite_i, T_INT, COMPAT_ONLY),
	F("glGetTexGenfv(GL_S)", texgen_f, T_FLOAT, COMPAT_ONLY),
	F("glGetTexGeniv(GL_S)", texgen_i, T_INT, COMPAT_ONLY),
	F("glGetTexGendv(GL_S)", texgen_d, T_DOUBLE, COMPAT_ONLY),
	F("glGetBufferParameteriv(GL_ARRAY_BUFFER)", bufparam_i, T_INT, ANY),
	F("glGetBufferParameteri64v(GL_ARRAY_BUFFER)", bufparam_i64, T_INT64, ANY),
	F("glGetProgramiv(vertex+fragment)", program_i, T_INT, ANY),
	F("glGetProgramiv(compute)", cprogram_i, T_INT, ANY),
	F("glGetShaderiv", shader_i, T_INT, ANY),
	F("glGetProgramPipelineiv", pipeline_i, T_INT, ANY),
	F("glGetProgramInterfaceiv(GL_UNIFORM)", iface_uniform_i, T_INT, ANY),
	F("glGetProgramInterfaceiv(GL_PROGRAM_INPUT)", iface_input_i, T_INT, ANY),
	F("glGetRenderbufferParameteriv", rbparam_i, T_INT, ANY),
	F("glGetFramebufferAttachmentParameteriv(texture)", fbattach_tex_i, T_INT, ANY),
	F("glGetFramebufferAttachmentParameteriv(renderbuffer)", fbattach_rb_i, T_INT, ANY),
	F("glGetFramebufferParameteriv", fbparam_i, T_INT, ANY),
	F("glGetQueryiv(GL_SAMPLES_PASSED)", query_samples_i, T_INT, ANY),
	F("glGetQueryiv(GL_TIMESTAMP)", query_timestamp_i, T_INT, ANY),
	F("glGetQueryIndexediv(GL_PRIMITIVES_GENERATED, 0)", query_indexed_i, T_INT, ANY),
	F("glGetQueryObjectiv", queryobj_i, T_INT, ANY),
	F("glGetQueryObjectuiv", queryobj_ui, T_UINT, ANY),
	F("glGetQueryObjecti64v", queryobj_i64, T_INT64, ANY),
	F("glGetQueryObjectui64v", queryobj_ui64, T_INT64, ANY),
	F("glGetSamplerParameteriv", sampler_i, T_INT, ANY),
	F("glGetSamplerParameterfv", sampler_f, T_FLOAT, ANY),
	F("glGetSamplerParameterIiv", sampler_Ii, T_INT, ANY),
	F("glGetSamplerParameterIuiv", sampler_Iui, T_UINT, ANY),
	F("glGetVertexAttribiv(1)", attrib_i, T_INT, ANY),
	F("glGetVertexAttribfv(1)", attrib_f, T_FLOAT, ANY),
	F("glGetVertexAttribdv(1)", attrib_d, T_DOUBLE, ANY),
	F("glGetVertexAttribIiv(1)", attrib_Ii, T_INT, ANY),
	F("glGetVertexAttribIuiv(1)", attrib_Iui, T_UINT, ANY),
	F("glGetVertexAttribLdv(1)", attrib_Ld, T_DOUBLE, ANY),
	F("glGetMultisamplefv(, 0)", multisample_f, T_FLOAT, ANY),
	F("glGetNamedBufferParameteriv", named_buf_i, T_INT, GL45),
	F("glGetNamedBufferParameteri64v", named_buf_i64, T_INT64, GL45),
	F("glGetNamedFramebufferAttachmentParameteriv", named_fbattach_i, T_INT, GL45),
	F("glGetNamedFramebufferParameteriv", named_fbparam_i, T_INT, GL45),
	F("glGetNamedRenderbufferParameteriv", named_rb_i, T_INT, GL45),
	{"glGetUnsignedBytevEXT", ubyte_ub, T_UBYTE, MEMORY_OBJECT, BYTES},
};
#define NFAMILIES (sizeof families / sizeof families[0])

/* ------------------------------------------------------------------ measuring */

static unsigned char runs[2][NMAX * sizeof(GLdouble)];
static const unsigned char sentinel[2] = {0xA5, 0x5A};

static void clear_errors(void)
{
	for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; i++)
		;
}

/* Pnames that crash the driver instead of answering: Mesa's llvmpipe calls a NULL hook
 * for GL_DEVICE_LUID_EXT and GL_DEVICE_NODE_MASK_EXT. */
static int crashes_driver(GLenum pname)
{
	return pname == GL_DEVICE_LUID_EXT || pname == GL_DEVICE_NODE_MASK_EXT;
}

/* The values pname gets from f, -1 where the driver rejects it. */
static int measure(const struct family *f, GLenum pname)
{
	size_t es = type_size[f->type];
	int last = -1;

	if (crashes_driver(pname))
		return -1;

	for (int r = 0; r < 2; r++) {
		memset(runs[r], sentinel[r], sizeof runs[r]);
		clear_errors();
		f->get(pname, runs[r]);
		if (glGetError() != GL_NO_ERROR) {
			clear_errors();
			return -1;
		}
	}
	for (int i = 0; i < NMAX; i++)
		for (size_t b = 0; b < es; b++)
			if (runs[0][i * es + b] != sentinel[0] || runs[1][i * es + b] != sentinel[1]) {
				last = i;
				break;
			}
	ck_assert_msg(last < NMAX - 1, "%s(0x%04X) fills the whole buffer", f->name, pname);
	return last + 1;
}

/* What both sides of the wire size the answer to. */
static int wire_count(const struct family *f, GLenum pname)
{
	uint32_t query;
	int n;
	if (f->wire == INDEXED)
		return wire_indexed_count(pname);
	n = wire_pname_count(pname, &query);
	if (n == 0) {
		GLint count = 0;
		glGetIntegerv(query, &count);
		n = count;
	}
	return f->wire == BYTES ? wire_pname_bytes(pname, n) : n;
}

/* Whether got values answer a wire count of want. */
static int agrees(const struct family *f, GLenum pname, int got, int want)
{
	/* Mesa accepts some pnames in some forms and writes nothing (GL_*_ARRAY_STRIDE in
	 * glGetInteger64v, GL_VIEWPORT in glGetBooleani_v): the guest gets the host's zeroed
	 * values, within what the app's buffer holds. */
	if (got == 0)
		return 1;
	/* glGetUnsignedBytevEXT is for the identifiers; Mesa answers every other glGet*v
	 * pname there too, in its own bytes: the wire's bytes need only hold them. */
	if (f->wire == BYTES && pname != GL_DEVICE_UUID_EXT && pname != GL_DRIVER_UUID_EXT &&
	    pname != GL_DEVICE_LUID_EXT)
		return got <= want;
	return got == want;
}

/* measured[family][enum]: the count, -1 where rejected, -2 where not run. */
static int measured[NFAMILIES][NENUMS];

static void check_context(int kind)
{
	const char *why = make_context(kind);
	int bad = 0;
	ck_assert_msg(why == NULL, "%s", why ? why : "");
	if (kind == CTX_CORE)
		ck_assert_int_ge(epoxy_gl_version(), 45);
	make_objects();

	for (size_t fi = 0; fi < NFAMILIES; fi++) {
		const struct family *f = &families[fi];
		int accepted = 0, multi = 0;
		if ((f->needs == COMPAT_ONLY && kind == CTX_CORE) ||
		    (f->needs == GL45 && epoxy_gl_version() < 45) ||
		    (f->needs == MEMORY_OBJECT && !epoxy_has_gl_extension("GL_EXT_memory_object"))) {
			for (size_t e = 0; e < NENUMS; e++)
				measured[fi][e] = -2;
			continue;
		}
		for (size_t e = 0; e < NENUMS; e++) {
			GLenum pname = all_enums[e].value;
			int got = measure(f, pname), want;
			measured[fi][e] = got;
			if (got < 0)
				continue;
			accepted++;
			multi += got != 1;
			want = wire_count(f, pname);
			if (!agrees(f, pname, got, want)) {
				fprintf(stderr, "%s: %s(%s = 0x%04X) writes %d values, wire says %d\n",
					kind == CTX_CORE ? "core" : "compat", f->name, all_enums[e].name,
					pname, got, want);
				bad++;
			}
		}
		printf("%s: %-52s %4d pnames accepted, %3d not one value\n",
		       kind == CTX_CORE ? "core  " : "compat", f->name, accepted, multi);
	}
	fflush(stdout);

	/* One table serves every family: a pname must have one count in all of them
	 * (glGet*i_v and glGetUnsignedBytevEXT have their own). */
	for (size_t e = 0; e < NENUMS; e++) {
		int first = -1;
		for (size_t fi = 0; fi < NFAMILIES; fi++) {
			int n = measured[fi][e];
			if (n <= 0 || families[fi].wire != VALUES)
				continue;
			if (first < 0) {
				first = (int)fi;
			} else if (n != measured[first][e]) {
				fprintf(stderr, "%s: %s = 0x%04X is %d values in %s but %d in %s\n",
					kind == CTX_CORE ? "core" : "compat", all_enums[e].name,
					all_enums[e].value, measured[first][e], families[first].name, n,
					families[fi].name);
				bad++;
			}
		}
	}
	drop_context();
	ck_assert_msg(bad == 0, "%d pname counts differ from the driver's (listed above)", bad);
}

START_TEST(compat_context)
{
	check_context(CTX_COMPAT);
}
END_TEST

START_TEST(core_context)
{
	check_context(CTX_CORE);
}
END_TEST

START_TEST(clearbuffer_counts)
{
	/* glClearBuffer*v: GL_COLOR is one RGBA, depth and stencil one value, both two. */
	ck_assert_int_eq(wire_clearbuffer_count(GL_COLOR), 4);
	ck_assert_int_eq(wire_clearbuffer_count(GL_DEPTH), 1);
	ck_assert_int_eq(wire_clearbuffer_count(GL_STENCIL), 1);
	ck_assert_int_eq(wire_clearbuffer_count(GL_DEPTH_STENCIL), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pnames");
	TCase *tc = tcase_create("driver");
	SRunner *sr;
	const char *why;
	int failed;

	/* The contexts are made in the test process itself: no fork after EGL is up. */
	why = open_display();
	if (why) {
		printf("SKIP: %s\n", why);
		return 77;
	}
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, compat_context);
	tcase_add_test(tc, core_context);
	tcase_add_test(tc, clearbuffer_counts);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
