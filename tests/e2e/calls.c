/* calls.c — guards against GL 4.x calls that write more, fewer or other bytes forwarded
 * than natively: uniform and uniform-block queries, evaluator and pixel-map queries, debug
 * output reaching the app's callback, labels (sync objects too), array and callback
 * pointers, indirect draws (client arrays and buffers), DSA textures and clears, arrays of
 * names (glBindTextures), viewport arrays, answers that name objects (bindings,
 * attachments, attached shaders: the app's names, not glrender's), display lists (the
 * numbers glGenLists gives and that glNewList, glCallList(s), glDeleteLists and glIsList
 * name are native's, in two share groups), primitive restart with client arrays (the
 * restart index is no vertex to send). Every output buffer
 * starts filled with a sentinel and is printed whole, so a count one too large or too
 * small shows. The same binary runs on the system's libGL and on ours; the e2e script
 * compares the outputs.
 *
 *   calls        comparable lines on stdout; lines starting with '#' differ by design
 *                (the extension list); exit 0, or 1 with a line on stderr
 *
 * Needs GL 4.5 (a compatibility context from glXCreateContext, as Mesa gives). */
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#include <GL/glx.h>
#include <X11/Xlib.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glxwin.h"

#define W 64
#define H 64

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("calls: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

#define PROCS(X)                                                                                   \
	X(PFNGLCREATESHADERPROC, glCreateShader)                                                   \
	X(PFNGLSHADERSOURCEPROC, glShaderSource)                                                   \
	X(PFNGLCOMPILESHADERPROC, glCompileShader)                                                 \
	X(PFNGLCREATEPROGRAMPROC, glCreateProgram)                                                 \
	X(PFNGLATTACHSHADERPROC, glAttachShader)                                                   \
	X(PFNGLLINKPROGRAMPROC, glLinkProgram)                                                     \
	X(PFNGLUSEPROGRAMPROC, glUseProgram)                                                       \
	X(PFNGLGETPROGRAMIVPROC, glGetProgramiv)                                                   \
	X(PFNGLGETUNIFORMLOCATIONPROC, glGetUniformLocation)                                       \
	X(PFNGLUNIFORM1FPROC, glUniform1f)                                                         \
	X(PFNGLUNIFORM3FPROC, glUniform3f)                                                         \
	X(PFNGLUNIFORM2IPROC, glUniform2i)                                                         \
	X(PFNGLUNIFORM1UIPROC, glUniform1ui)                                                       \
	X(PFNGLUNIFORM1FVPROC, glUniform1fv)                                                       \
	X(PFNGLUNIFORMMATRIX4FVPROC, glUniformMatrix4fv)                                           \
	X(PFNGLGETUNIFORMFVPROC, glGetUniformfv)                                                   \
	X(PFNGLGETUNIFORMIVPROC, glGetUniformiv)                                                   \
	X(PFNGLGETUNIFORMUIVPROC, glGetUniformuiv)                                                 \
	X(PFNGLGETUNIFORMBLOCKINDEXPROC, glGetUniformBlockIndex)                                   \
	X(PFNGLGETACTIVEUNIFORMBLOCKIVPROC, glGetActiveUniformBlockiv)                             \
	X(PFNGLGETUNIFORMINDICESPROC, glGetUniformIndices)                                         \
	X(PFNGLGETACTIVEUNIFORMSIVPROC, glGetActiveUniformsiv)                                     \
	X(PFNGLDEBUGMESSAGECALLBACKPROC, glDebugMessageCallback)                                   \
	X(PFNGLDEBUGMESSAGEINSERTPROC, glDebugMessageInsert)                                       \
	X(PFNGLPUSHDEBUGGROUPPROC, glPushDebugGroup)                                               \
	X(PFNGLPOPDEBUGGROUPPROC, glPopDebugGroup)                                                 \
	X(PFNGLGETDEBUGMESSAGELOGPROC, glGetDebugMessageLog)                                       \
	X(PFNGLOBJECTLABELPROC, glObjectLabel)                                                     \
	X(PFNGLGETOBJECTLABELPROC, glGetObjectLabel)                                               \
	X(PFNGLOBJECTPTRLABELPROC, glObjectPtrLabel)                                               \
	X(PFNGLGETOBJECTPTRLABELPROC, glGetObjectPtrLabel)                                         \
	X(PFNGLFENCESYNCPROC, glFenceSync)                                                         \
	X(PFNGLDELETESYNCPROC, glDeleteSync)                                                       \
	X(PFNGLGENBUFFERSPROC, glGenBuffers)                                                       \
	X(PFNGLBINDBUFFERPROC, glBindBuffer)                                                       \
	X(PFNGLBUFFERDATAPROC, glBufferData)                                                       \
	X(PFNGLDELETEBUFFERSPROC, glDeleteBuffers)                                                 \
	X(PFNGLGENVERTEXARRAYSPROC, glGenVertexArrays)                                             \
	X(PFNGLBINDVERTEXARRAYPROC, glBindVertexArray)                                             \
	X(PFNGLVERTEXATTRIBPOINTERPROC, glVertexAttribPointer)                                     \
	X(PFNGLENABLEVERTEXATTRIBARRAYPROC, glEnableVertexAttribArray)                             \
	X(PFNGLGETVERTEXATTRIBPOINTERVPROC, glGetVertexAttribPointerv)                             \
	X(PFNGLDRAWARRAYSINDIRECTPROC, glDrawArraysIndirect)                                       \
	X(PFNGLMULTIDRAWARRAYSINDIRECTPROC, glMultiDrawArraysIndirect)                             \
	X(PFNGLCREATETEXTURESPROC, glCreateTextures)                                               \
	X(PFNGLTEXTURESTORAGE2DPROC, glTextureStorage2D)                                           \
	X(PFNGLCLEARTEXIMAGEPROC, glClearTexImage)                                                 \
	X(PFNGLTEXTURESUBIMAGE2DPROC, glTextureSubImage2D)                                         \
	X(PFNGLGETTEXTUREIMAGEPROC, glGetTextureImage)                                             \
	X(PFNGLGETTEXTUREPARAMETERIVPROC, glGetTextureParameteriv)                                 \
	X(PFNGLGETTEXTURELEVELPARAMETERIVPROC, glGetTextureLevelParameteriv)                       \
	X(PFNGLCREATEBUFFERSPROC, glCreateBuffers)                                                 \
	X(PFNGLNAMEDBUFFERSTORAGEPROC, glNamedBufferStorage)                                       \
	X(PFNGLCLEARNAMEDBUFFERDATAPROC, glClearNamedBufferData)                                   \
	X(PFNGLGETNAMEDBUFFERSUBDATAPROC, glGetNamedBufferSubData)                                 \
	X(PFNGLBINDTEXTURESPROC, glBindTextures)                                                   \
	X(PFNGLACTIVETEXTUREPROC, glActiveTexture)                                                 \
	X(PFNGLSCISSORARRAYVPROC, glScissorArrayv)                                                 \
	X(PFNGLGETINTEGERI_VPROC, glGetIntegeri_v)                                                 \
	X(PFNGLGETNMAPFVPROC, glGetnMapfv)                                                         \
	X(PFNGLGETSTRINGIPROC, glGetStringi)                                                       \
	X(PFNGLDELETESHADERPROC, glDeleteShader)                                                   \
	X(PFNGLDELETEPROGRAMPROC, glDeleteProgram)                                                 \
	X(PFNGLGETATTACHEDSHADERSPROC, glGetAttachedShaders)                                       \
	X(PFNGLPROGRAMPARAMETERIPROC, glProgramParameteri)                                         \
	X(PFNGLGENPROGRAMPIPELINESPROC, glGenProgramPipelines)                                     \
	X(PFNGLDELETEPROGRAMPIPELINESPROC, glDeleteProgramPipelines)                               \
	X(PFNGLUSEPROGRAMSTAGESPROC, glUseProgramStages)                                           \
	X(PFNGLACTIVESHADERPROGRAMPROC, glActiveShaderProgram)                                     \
	X(PFNGLGETPROGRAMPIPELINEIVPROC, glGetProgramPipelineiv)                                   \
	X(PFNGLBINDBUFFERBASEPROC, glBindBufferBase)                                               \
	X(PFNGLGETINTEGER64VPROC, glGetInteger64v)                                                 \
	X(PFNGLGETINTEGER64I_VPROC, glGetInteger64i_v)                                             \
	X(PFNGLGETDOUBLEI_VPROC, glGetDoublei_v)                                                   \
	X(PFNGLGETINTEGERINDEXEDVEXTPROC, glGetIntegerIndexedvEXT)                                 \
	X(PFNGLBINDVERTEXBUFFERPROC, glBindVertexBuffer)                                           \
	X(PFNGLTEXSTORAGE2DPROC, glTexStorage2D)                                                   \
	X(PFNGLBINDIMAGETEXTUREPROC, glBindImageTexture)                                           \
	X(PFNGLGENSAMPLERSPROC, glGenSamplers)                                                     \
	X(PFNGLDELETESAMPLERSPROC, glDeleteSamplers)                                               \
	X(PFNGLBINDSAMPLERPROC, glBindSampler)                                                     \
	X(PFNGLBINDFRAMEBUFFERPROC, glBindFramebuffer)                                             \
	X(PFNGLBINDRENDERBUFFERPROC, glBindRenderbuffer)                                           \
	X(PFNGLRENDERBUFFERSTORAGEPROC, glRenderbufferStorage)                                     \
	X(PFNGLFRAMEBUFFERTEXTURE2DPROC, glFramebufferTexture2D)                                   \
	X(PFNGLFRAMEBUFFERRENDERBUFFERPROC, glFramebufferRenderbuffer)                             \
	X(PFNGLGETFRAMEBUFFERATTACHMENTPARAMETERIVPROC, glGetFramebufferAttachmentParameteriv)     \
	X(PFNGLGETFRAMEBUFFERATTACHMENTPARAMETERIVEXTPROC,                                         \
	  glGetFramebufferAttachmentParameterivEXT)                                                \
	X(PFNGLGETNAMEDFRAMEBUFFERATTACHMENTPARAMETERIVPROC,                                       \
	  glGetNamedFramebufferAttachmentParameteriv)                                              \
	X(PFNGLGETNAMEDFRAMEBUFFERATTACHMENTPARAMETERIVEXTPROC,                                    \
	  glGetNamedFramebufferAttachmentParameterivEXT)                                           \
	X(PFNGLDELETEFRAMEBUFFERSPROC, glDeleteFramebuffers)                                       \
	X(PFNGLDELETERENDERBUFFERSPROC, glDeleteRenderbuffers)                                     \
	X(PFNGLGETVERTEXATTRIBIVPROC, glGetVertexAttribiv)                                         \
	X(PFNGLGETVERTEXATTRIBIIVPROC, glGetVertexAttribIiv)                                       \
	X(PFNGLGETVERTEXATTRIBIUIVPROC, glGetVertexAttribIuiv)                                     \
	X(PFNGLGETVERTEXATTRIBFVPROC, glGetVertexAttribfv)                                         \
	X(PFNGLGETVERTEXATTRIBDVPROC, glGetVertexAttribdv)                                         \
	X(PFNGLGETVERTEXATTRIBLDVPROC, glGetVertexAttribLdv)                                       \
	X(PFNGLGETVERTEXARRAYIVPROC, glGetVertexArrayiv)                                           \
	X(PFNGLGETVERTEXARRAYINDEXEDIVPROC, glGetVertexArrayIndexediv)                             \
	X(PFNGLGETVERTEXARRAYINTEGERVEXTPROC, glGetVertexArrayIntegervEXT)                         \
	X(PFNGLGETVERTEXARRAYINTEGERI_VEXTPROC, glGetVertexArrayIntegeri_vEXT)                     \
	X(PFNGLDELETEVERTEXARRAYSPROC, glDeleteVertexArrays)                                       \
	X(PFNGLISBUFFERPROC, glIsBuffer)                                                           \
	X(PFNGLISSAMPLERPROC, glIsSampler)                                                         \
	X(PFNGLISPROGRAMPROC, glIsProgram)                                                         \
	X(PFNGLISSHADERPROC, glIsShader)                                                           \
	X(PFNGLISQUERYPROC, glIsQuery)                                                             \
	X(PFNGLISVERTEXARRAYPROC, glIsVertexArray)                                                 \
	X(PFNGLISFRAMEBUFFERPROC, glIsFramebuffer)                                                 \
	X(PFNGLISRENDERBUFFERPROC, glIsRenderbuffer)                                               \
	X(PFNGLISPROGRAMPIPELINEPROC, glIsProgramPipeline)                                         \
	X(PFNGLISTRANSFORMFEEDBACKPROC, glIsTransformFeedback)                                     \
	X(PFNGLTEXBUFFERPROC, glTexBuffer)                                                         \
	X(PFNGLGENTRANSFORMFEEDBACKSPROC, glGenTransformFeedbacks)                                 \
	X(PFNGLDELETETRANSFORMFEEDBACKSPROC, glDeleteTransformFeedbacks)                           \
	X(PFNGLBINDTRANSFORMFEEDBACKPROC, glBindTransformFeedback)                                 \
	X(PFNGLGETTRANSFORMFEEDBACKI_VPROC, glGetTransformFeedbacki_v)                             \
	X(PFNGLDELETEQUERIESPROC, glDeleteQueries)                                                 \
	X(PFNGLBEGINQUERYPROC, glBeginQuery)                                                       \
	X(PFNGLENDQUERYPROC, glEndQuery)                                                           \
	X(PFNGLGETQUERYIVPROC, glGetQueryiv)                                                       \
	X(PFNGLGETQUERYINDEXEDIVPROC, glGetQueryIndexediv)                                         \
	X(PFNGLBINDPROGRAMARBPROC, glBindProgramARB)                                               \
	X(PFNGLGETPROGRAMIVARBPROC, glGetProgramivARB)                                             \
	X(PFNGLGENFRAMEBUFFERSPROC, glGenFramebuffers)                                             \
	X(PFNGLCREATESHADERPROGRAMVPROC, glCreateShaderProgramv)                                   \
	X(PFNGLPRIMITIVERESTARTINDEXPROC, glPrimitiveRestartIndex)                                 \
	X(PFNGLPRIMITIVERESTARTINDEXNVPROC, glPrimitiveRestartIndexNV)                             \
	X(PFNGLDRAWRANGEELEMENTSPROC, glDrawRangeElements)                                         \
	X(PFNGLDRAWELEMENTSBASEVERTEXPROC, glDrawElementsBaseVertex)                               \
	X(PFNGLDRAWELEMENTSINSTANCEDPROC, glDrawElementsInstanced)                                 \
	X(PFNGLDRAWELEMENTSINSTANCEDBASEVERTEXBASEINSTANCEPROC,                                    \
	  glDrawElementsInstancedBaseVertexBaseInstance)                                           \
	X(PFNGLMULTIDRAWELEMENTSPROC, glMultiDrawElements)

#define DECLARE(type, name) static type p_##name;
PROCS(DECLARE)

static void load_procs(void)
{
#define LOAD(type, name)                                                                           \
	if (!(p_##name = (type)glXGetProcAddressARB((const GLubyte *)#name)))                      \
		die("no %s", #name);
	PROCS(LOAD)
}

static void errors(const char *where)
{
	GLenum e;
	while ((e = glGetError()) != GL_NO_ERROR)
		printf("%s: GL error 0x%04x\n", where, e);
}

/* n 32-bit words as hex: untouched sentinels show as 55555555 */
static void words(const char *what, const void *p, size_t n)
{
	uint32_t w;
	printf("%s:", what);
	for (size_t i = 0; i < n; i++) {
		memcpy(&w, (const uint8_t *)p + 4 * i, 4);
		printf(" %08x", w);
	}
	printf("\n");
}

static uint32_t fnv(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static GLuint shader(GLenum type, const char *src)
{
	GLuint s = p_glCreateShader(type);
	p_glShaderSource(s, 1, &src, NULL);
	p_glCompileShader(s);
	return s;
}

static void uniforms(void)
{
	static const char *vs = "#version 330 core\n"
				"layout(location = 0) in vec4 pos;\n"
				"uniform float f; uniform vec3 v3; uniform mat4 m; uniform ivec2 iv;\n"
				"uniform uint u; uniform float arr[3];\n"
				"layout(std140) uniform Block { vec4 a; float b; } blk;\n"
				"void main() { gl_Position = m * pos * f + vec4(v3, float(iv.x) + "
				"float(u) + arr[2]) + blk.a * blk.b; }\n";
	static const char *fs = "#version 330 core\nout vec4 c;\nvoid main() { c = vec4(1); }\n";
	GLuint p = p_glCreateProgram();
	p_glAttachShader(p, shader(GL_VERTEX_SHADER, vs));
	p_glAttachShader(p, shader(GL_FRAGMENT_SHADER, fs));
	p_glLinkProgram(p);
	GLint ok = 0;
	p_glGetProgramiv(p, GL_LINK_STATUS, &ok);
	if (!ok)
		die("the uniform program does not link");
	p_glUseProgram(p);
	static const float mat[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	static const float arr[3] = {0.5f, 1.5f, 2.5f};
	p_glUniform1f(p_glGetUniformLocation(p, "f"), 3.25f);
	p_glUniform3f(p_glGetUniformLocation(p, "v3"), 1, 2, 3);
	p_glUniformMatrix4fv(p_glGetUniformLocation(p, "m"), 1, GL_FALSE, mat);
	p_glUniform2i(p_glGetUniformLocation(p, "iv"), -7, 9);
	p_glUniform1ui(p_glGetUniformLocation(p, "u"), 42);
	p_glUniform1fv(p_glGetUniformLocation(p, "arr"), 3, arr);
	static const char *names[] = {"f", "v3", "m", "iv", "u", "arr[0]", "arr[2]"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		uint32_t buf[20];
		char what[64];
		GLint loc = p_glGetUniformLocation(p, names[i]);
		memset(buf, 0x55, sizeof buf);
		if (!strcmp(names[i], "iv"))
			p_glGetUniformiv(p, loc, (GLint *)buf);
		else if (!strcmp(names[i], "u"))
			p_glGetUniformuiv(p, loc, (GLuint *)buf);
		else
			p_glGetUniformfv(p, loc, (GLfloat *)buf);
		snprintf(what, sizeof what, "uniform %s", names[i]);
		words(what, buf, 20);
	}
	GLuint block = p_glGetUniformBlockIndex(p, "Block");
	GLint v[8];
	memset(v, 0x55, sizeof v);
	p_glGetActiveUniformBlockiv(p, block, GL_UNIFORM_BLOCK_DATA_SIZE, v);
	words("block size", v, 2);
	memset(v, 0x55, sizeof v);
	p_glGetActiveUniformBlockiv(p, block, GL_UNIFORM_BLOCK_ACTIVE_UNIFORM_INDICES, v);
	words("block indices", v, 4);
	static const char *const members[] = {"Block.a", "Block.b", "nothing"};
	GLuint idx[4];
	memset(idx, 0x55, sizeof idx);
	p_glGetUniformIndices(p, 3, members, idx);
	words("uniform indices", idx, 4);
	memset(v, 0x55, sizeof v);
	p_glGetActiveUniformsiv(p, 2, idx, GL_UNIFORM_OFFSET, v);
	words("member offsets", v, 3);
	p_glUseProgram(0);
	errors("uniforms");
}

static int callbacks;
static void APIENTRY on_debug(GLenum source, GLenum type, GLuint id, GLenum severity,
			      GLsizei length, const GLchar *message, const void *user)
{
	callbacks++;
	printf("debug: user %s source 0x%x type 0x%x id %u severity 0x%x: %.*s\n",
	       user == (const void *)&callbacks ? "ok" : "WRONG", source, type, id, severity,
	       (int)length, message);
}

static void debug(void)
{
	glEnable(GL_DEBUG_OUTPUT);
	glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
	p_glDebugMessageCallback(on_debug, &callbacks);
	void *fn = NULL;
	glGetPointerv(GL_DEBUG_CALLBACK_FUNCTION, &fn);
	void *user = NULL;
	glGetPointerv(GL_DEBUG_CALLBACK_USER_PARAM, &user);
	printf("callback pointers: %s %s\n", fn == (void *)(uintptr_t)on_debug ? "ok" : "WRONG",
	       user == &callbacks ? "ok" : "WRONG");
	p_glDebugMessageInsert(GL_DEBUG_SOURCE_APPLICATION, GL_DEBUG_TYPE_MARKER, 77,
			       GL_DEBUG_SEVERITY_NOTIFICATION, -1, "marker from the app");
	p_glDebugMessageInsert(GL_DEBUG_SOURCE_THIRD_PARTY, GL_DEBUG_TYPE_OTHER, 78,
			       GL_DEBUG_SEVERITY_LOW, 5, "sized: not this");
	p_glPushDebugGroup(GL_DEBUG_SOURCE_APPLICATION, 1, -1, "group");
	p_glPopDebugGroup();
	glEnable(0xdead); /* GL_INVALID_ENUM, reported to the callback */
	/* A call that waits for the host: messages arrive with its answer. */
	printf("error after the callback: 0x%04x\n", glGetError());
	printf("callbacks: %d\n", callbacks);
	p_glDebugMessageCallback(NULL, NULL);
	p_glDebugMessageInsert(GL_DEBUG_SOURCE_APPLICATION, GL_DEBUG_TYPE_MARKER, 79,
			       GL_DEBUG_SEVERITY_NOTIFICATION, -1, "logged, not called back");
	GLenum src[4], type[4], sev[4];
	GLuint id[4];
	GLsizei len[4];
	char log[256];
	memset(log, 0, sizeof log);
	GLuint n = p_glGetDebugMessageLog(4, sizeof log, src, type, id, sev, len, log);
	printf("log: %u message(s), first id %u: %s\n", n, n ? id[0] : 0, n ? log : "");
	glDisable(GL_DEBUG_OUTPUT);
	errors("debug");
}

static void labels(void)
{
	GLuint b;
	p_glGenBuffers(1, &b);
	p_glBindBuffer(GL_ARRAY_BUFFER, b);
	p_glObjectLabel(GL_BUFFER, b, -1, "the buffer");
	char text[64];
	GLsizei len = -5;
	memset(text, 'x', sizeof text);
	p_glGetObjectLabel(GL_BUFFER, b, sizeof text, &len, text);
	printf("buffer label: %d '%s'\n", len, text);
	GLsync s = p_glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
	p_glObjectPtrLabel(s, 5, "fence label");
	len = -5;
	memset(text, 'x', sizeof text);
	p_glGetObjectPtrLabel(s, 4, &len, text);
	printf("sync label (4 bytes): %d '%.8s'\n", len, text);
	p_glGetObjectPtrLabel(s, sizeof text, &len, text);
	printf("sync label: %d '%s'\n", len, text);
	p_glDeleteSync(s);
	p_glBindBuffer(GL_ARRAY_BUFFER, 0);
	p_glDeleteBuffers(1, &b);
	errors("labels");
}

static uint32_t pixels_hash(void)
{
	static uint8_t px[W * H * 4];
	glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, px);
	return fnv(px, sizeof px);
}

/* Indirect draws: client arrays with commands in client memory (the guest runs them as
 * direct draws), then a vertex buffer with commands in a buffer. */
static void indirect(void)
{
	static const float tri[] = {-1, -1, 0, 1, -1, 0, 0, 1, 0, -1, 1, 0, 1, 1, 0, 0, -1, 0};
	static const GLuint cmds[] = {3, 1, 0, 0, 3, 1, 3, 0};
	glClearColor(0, 0, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glColor3f(1, 0.5f, 0.25f);
	glEnableClientState(GL_VERTEX_ARRAY);
	glVertexPointer(3, GL_FLOAT, 0, tri);
	void *ptr = NULL;
	glGetPointerv(GL_VERTEX_ARRAY_POINTER, &ptr);
	printf("vertex array pointer: %s\n", ptr == tri ? "ok" : "WRONG");
	p_glDrawArraysIndirect(GL_TRIANGLES, cmds);
	printf("client arrays, client commands: pixels %08x\n", pixels_hash());
	glDisableClientState(GL_VERTEX_ARRAY);

	GLuint vao, b[2];
	p_glGenVertexArrays(1, &vao);
	p_glBindVertexArray(vao);
	p_glGenBuffers(2, b);
	p_glBindBuffer(GL_ARRAY_BUFFER, b[0]);
	p_glBufferData(GL_ARRAY_BUFFER, 64 + sizeof tri, NULL, GL_STATIC_DRAW);
	glBufferSubData(GL_ARRAY_BUFFER, 64, sizeof tri, tri);
	p_glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 0, (const void *)64);
	p_glEnableVertexAttribArray(0);
	p_glGetVertexAttribPointerv(0, GL_VERTEX_ATTRIB_ARRAY_POINTER, &ptr);
	printf("attribute pointer: %lu\n", (unsigned long)(uintptr_t)ptr);
	p_glBindBuffer(GL_DRAW_INDIRECT_BUFFER, b[1]);
	p_glBufferData(GL_DRAW_INDIRECT_BUFFER, sizeof cmds, cmds, GL_STATIC_DRAW);
	glClear(GL_COLOR_BUFFER_BIT);
	p_glMultiDrawArraysIndirect(GL_TRIANGLES, NULL, 2, 0);
	printf("buffers, buffer commands: pixels %08x\n", pixels_hash());
	p_glBindVertexArray(0);
	p_glBindBuffer(GL_DRAW_INDIRECT_BUFFER, 0);
	p_glBindBuffer(GL_ARRAY_BUFFER, 0);
	p_glDeleteBuffers(2, b);
	errors("indirect");
}

/* Primitive restart with client arrays: a restart index reads no vertex, so the vertices
 * sent stop at the largest real index (a restart index of 0x12345678 once asked the guest
 * for 2.4 GB and got the client dropped), under each way to turn restart on, in each
 * draw that takes indices, in lists, in glBegin/glEnd through glArrayElement (where GL
 * takes no array pointer), and across glPushClientAttrib. Two quads as one strip: the
 * restart leaves the gap between them clear. */
static const float restart_v[10][2] = {{0, 0},	  {0, 0},    {-1, -1}, {-0.1f, -1}, {-1, 1},
				       {-0.1f, 1}, {0.1f, -1}, {1, -1},  {0.1f, 1},  {1, 1}};
static const float restart_c[10][3] = {{1, 1, 1}, {1, 1, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1},
				       {1, 1, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}, {0.5f, 0, 0}};

static void restart_shown(const char *what)
{
	printf("restart, %s: pixels %08x\n", what, pixels_hash());
	glClear(GL_COLOR_BUFFER_BIT);
	errors(what);
}

static void restart_elements(GLuint restart)
{
	/* vertices 2..9 (0 and 1 for the base-vertex draws) */
	GLuint ui[9] = {2, 3, 4, 5, restart, 6, 7, 8, 9}, ui0[9] = {0, 1, 2, 3, restart, 4, 5, 6, 7};
	const void *lists[2] = {ui, ui + 5};
	const GLsizei counts[2] = {5, 4};
	glDrawElements(GL_TRIANGLE_STRIP, 9, GL_UNSIGNED_INT, ui);
	restart_shown("glDrawElements");
	p_glDrawRangeElements(GL_TRIANGLE_STRIP, 2, 9, 9, GL_UNSIGNED_INT, ui);
	restart_shown("glDrawRangeElements");
	p_glDrawElementsBaseVertex(GL_TRIANGLE_STRIP, 9, GL_UNSIGNED_INT, ui0, 2);
	restart_shown("glDrawElementsBaseVertex");
	p_glDrawElementsInstanced(GL_TRIANGLE_STRIP, 9, GL_UNSIGNED_INT, ui, 2);
	restart_shown("glDrawElementsInstanced");
	p_glDrawElementsInstancedBaseVertexBaseInstance(GL_TRIANGLE_STRIP, 9, GL_UNSIGNED_INT,
							ui0, 1, 2, 0);
	restart_shown("glDrawElementsInstancedBaseVertexBaseInstance");
	p_glMultiDrawElements(GL_TRIANGLE_STRIP, counts, GL_UNSIGNED_INT, lists, 2);
	restart_shown("glMultiDrawElements");
	glBegin(GL_TRIANGLE_STRIP);
	for (int i = 0; i < 9; i++)
		glArrayElement((GLint)ui[i]);
	glEnd();
	restart_shown("glArrayElement");
}

static void primitive_restart(void)
{
	glClearColor(0, 0, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT);
	glEnableClientState(GL_VERTEX_ARRAY);
	glEnableClientState(GL_COLOR_ARRAY);
	glVertexPointer(2, GL_FLOAT, 0, restart_v);
	glColorPointer(3, GL_FLOAT, 0, restart_c);

	/* NV_primitive_restart: client state, any 32-bit index */
	glEnableClientState(GL_PRIMITIVE_RESTART_NV);
	p_glPrimitiveRestartIndexNV(0x12345678);
	restart_elements(0x12345678);
	glDisableClientState(GL_PRIMITIVE_RESTART_NV);
	/* GL 3.1 */
	glEnable(GL_PRIMITIVE_RESTART);
	p_glPrimitiveRestartIndex(1000000);
	restart_elements(1000000);

	/* indices in an element buffer, vertices in the app's memory */
	static const GLuint in_buffer[9] = {2, 3, 4, 5, 1000000, 6, 7, 8, 9};
	GLuint b;
	p_glGenBuffers(1, &b);
	p_glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, b);
	p_glBufferData(GL_ELEMENT_ARRAY_BUFFER, sizeof in_buffer, in_buffer, GL_STATIC_DRAW);
	glDrawElements(GL_TRIANGLE_STRIP, 9, GL_UNSIGNED_INT, NULL);
	restart_shown("indices in a buffer");
	p_glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, 0);
	p_glDeleteBuffers(1, &b);

	/* the fixed index wins over the other: with both on, index 3 is a vertex */
	static const GLushort us[9] = {2, 3, 4, 5, 0xffff, 6, 7, 8, 9};
	static const GLubyte ub[9] = {2, 3, 4, 5, 0xff, 6, 7, 8, 9};
	glEnable(GL_PRIMITIVE_RESTART_FIXED_INDEX);
	p_glPrimitiveRestartIndex(3);
	glDrawElements(GL_TRIANGLE_STRIP, 9, GL_UNSIGNED_SHORT, us);
	restart_shown("fixed index, unsigned short");
	glDisable(GL_PRIMITIVE_RESTART);
	glDrawElements(GL_TRIANGLE_STRIP, 9, GL_UNSIGNED_BYTE, ub);
	restart_shown("fixed index, unsigned byte");
	glDisable(GL_PRIMITIVE_RESTART_FIXED_INDEX);

	/* lists: the restart state of the compile counts; GL_PRIMITIVE_RESTART_NV and the
	 * index are client state, set at once while the list is made */
	static const GLuint in_list[9] = {2, 3, 4, 5, 0x12345678, 6, 7, 8, 9};
	GLuint list = glGenLists(1);
	glNewList(list, GL_COMPILE);
	glEnableClientState(GL_PRIMITIVE_RESTART_NV);
	p_glPrimitiveRestartIndexNV(0x12345678);
	glDrawElements(GL_TRIANGLE_STRIP, 9, GL_UNSIGNED_INT, in_list);
	glBegin(GL_TRIANGLE_STRIP);
	for (int i = 0; i < 9; i++)
		glArrayElement((GLint)in_list[i]);
	glEnd();
	glEndList();
	glDisableClientState(GL_PRIMITIVE_RESTART_NV);
	glCallList(list);
	glDeleteLists(list, 1);
	restart_shown("list");

	/* glPopClientAttrib gives the restart state back */
	glEnableClientState(GL_PRIMITIVE_RESTART_NV);
	glPushClientAttrib(GL_CLIENT_VERTEX_ARRAY_BIT);
	glDisableClientState(GL_PRIMITIVE_RESTART_NV);
	glPopClientAttrib();
	glDrawElements(GL_TRIANGLE_STRIP, 9, GL_UNSIGNED_INT, in_list);
	restart_shown("after glPopClientAttrib");
	glDisableClientState(GL_PRIMITIVE_RESTART_NV);

	/* glArrayElement from a vertex buffer just after the arrays changed */
	glDisableClientState(GL_COLOR_ARRAY);
	p_glGenBuffers(1, &b);
	p_glBindBuffer(GL_ARRAY_BUFFER, b);
	p_glBufferData(GL_ARRAY_BUFFER, sizeof restart_v, restart_v, GL_STATIC_DRAW);
	glVertexPointer(2, GL_FLOAT, 0, NULL);
	p_glBindBuffer(GL_ARRAY_BUFFER, 0);
	glColor3f(0.25f, 0.5f, 1);
	glBegin(GL_TRIANGLE_STRIP);
	for (int i = 2; i < 6; i++)
		glArrayElement(i);
	glEnd();
	restart_shown("glArrayElement from a buffer");
	p_glDeleteBuffers(1, &b);
	glDisableClientState(GL_VERTEX_ARRAY);
}

static void textures(void)
{
	/* Names the host reuses but the guest does not: glBindTextures must map them. */
	GLuint old[3], tex[2];
	p_glCreateTextures(GL_TEXTURE_2D, 3, old);
	glDeleteTextures(3, old);
	p_glCreateTextures(GL_TEXTURE_2D, 2, tex);
	static const uint8_t red[4] = {255, 0, 0, 255}, blue[4] = {0, 0, 255, 128};
	static const uint8_t block[2 * 2 * 4] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	for (int i = 0; i < 2; i++) {
		p_glTextureStorage2D(tex[i], 1, GL_RGBA8, 4, 4);
		p_glClearTexImage(tex[i], 0, GL_RGBA, GL_UNSIGNED_BYTE, i ? blue : red);
	}
	p_glTextureSubImage2D(tex[1], 0, 1, 1, 2, 2, GL_RGBA, GL_UNSIGNED_BYTE, block);
	uint8_t img[4 * 4 * 4 + 16];
	memset(img, 0x55, sizeof img);
	p_glGetTextureImage(tex[1], 0, GL_RGBA, GL_UNSIGNED_BYTE, sizeof img, img);
	words("texture 1", img, sizeof img / 4);
	GLint v[4];
	memset(v, 0x55, sizeof v);
	p_glGetTextureParameteriv(tex[0], GL_TEXTURE_MIN_FILTER, v);
	p_glGetTextureLevelParameteriv(tex[0], 0, GL_TEXTURE_WIDTH, v + 2);
	words("texture parameters", v, 4);
	p_glBindTextures(0, 2, tex);
	GLint bound = -1;
	glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
	printf("GL_TEXTURE_BINDING_2D names the app's texture: %s\n",
	       bound == (GLint)tex[0] ? "yes" : "NO");
	uint8_t px[4 * 4 * 4];
	p_glActiveTexture(GL_TEXTURE1);
	glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, px);
	p_glActiveTexture(GL_TEXTURE0);
	printf("bound by glBindTextures, unit 1: %08x\n", fnv(px, sizeof px));
	p_glBindTextures(0, 2, NULL);
	glDeleteTextures(2, tex);

	GLuint b;
	p_glCreateBuffers(1, &b);
	p_glNamedBufferStorage(b, 32, NULL, GL_DYNAMIC_STORAGE_BIT);
	static const uint16_t pair[2] = {0x1234, 0xabcd};
	p_glClearNamedBufferData(b, GL_RG16UI, GL_RG_INTEGER, GL_UNSIGNED_SHORT, pair);
	uint32_t got[10];
	memset(got, 0x55, sizeof got);
	p_glGetNamedBufferSubData(b, 4, 28, got);
	words("cleared buffer", got, 10);
	p_glDeleteBuffers(1, &b);
	errors("textures");
}

static void state_queries(void)
{
	static const float ctl[4 * 3] = {0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
	glMap1f(GL_MAP1_VERTEX_3, 0.25f, 0.75f, 3, 4, ctl);
	float v[16];
	memset(v, 0x55, sizeof v);
	glGetMapfv(GL_MAP1_VERTEX_3, GL_ORDER, v);
	words("map order", v, 2);
	memset(v, 0x55, sizeof v);
	glGetMapfv(GL_MAP1_VERTEX_3, GL_DOMAIN, v);
	words("map domain", v, 3);
	memset(v, 0x55, sizeof v);
	glGetMapfv(GL_MAP1_VERTEX_3, GL_COEFF, v);
	words("map coefficients", v, 14);
	memset(v, 0x55, sizeof v);
	p_glGetnMapfv(GL_MAP1_VERTEX_3, GL_COEFF, 8, v);
	words("map coefficients (8 bytes)", v, 4);
	static const float pm[4] = {0.25f, 0.5f, 0.75f, 1};
	glPixelMapfv(GL_PIXEL_MAP_R_TO_R, 4, pm);
	memset(v, 0x55, sizeof v);
	glGetPixelMapfv(GL_PIXEL_MAP_R_TO_R, v);
	words("pixel map", v, 6);
	memset(v, 0x55, sizeof v);
	glGetIntegerv(0xdead, (GLint *)v); /* GL_INVALID_ENUM: nothing written */
	words("unknown pname", v, 2);
	errors("unknown pname");
	static const GLint box[8] = {1, 2, 30, 40, 5, 6, 70, 80};
	p_glScissorArrayv(1, 2, box);
	memset(v, 0x55, sizeof v);
	p_glGetIntegeri_v(GL_SCISSOR_BOX, 2, (GLint *)v);
	words("scissor box 2", v, 5);
	float fb[8];
	glFeedbackBuffer(8, GL_3D, fb);
	void *ptr = NULL;
	glGetPointerv(GL_FEEDBACK_BUFFER_POINTER, &ptr);
	printf("feedback pointer: %s\n", ptr == fb ? "ok" : "WRONG");
	errors("state queries");
}

/* One answer that should be the name the app gave an object. */
static void named(const char *what, double got, GLuint want)
{
	printf("%s names the app's object: %s\n", what, got == (double)want ? "yes" : "NO");
}

/* Answers that name an object give the app's name, not glrender's. The two differ where
 * the app picks its own names (compatibility: binding creates; glrender makes one of its
 * own), where GL reuses deleted names (samplers here; the guest never does) and where GL
 * makes an object the app does not see (glCreateShaderProgramv's shader). */
/* glIs* of names the app never used answers GL_FALSE and makes no object: asking
 * twice, and after glGen (not yet bound), gives what native gives; a list made by
 * glNewList without glGenLists is a list. */
static void never_named(void)
{
	const GLuint n = 4321;
	for (int round = 0; round < 2; round++)
		printf("glIs* of never-used %u (round %d): list %d texture %d buffer %d sampler %d "
		       "program %d shader %d query %d vao %d fbo %d rbo %d pipeline %d xfb %d\n",
		       n, round, glIsList(n), glIsTexture(n), p_glIsBuffer(n), p_glIsSampler(n),
		       p_glIsProgram(n), p_glIsShader(n), p_glIsQuery(n), p_glIsVertexArray(n),
		       p_glIsFramebuffer(n), p_glIsRenderbuffer(n), p_glIsProgramPipeline(n),
		       p_glIsTransformFeedback(n));
	GLuint list = glGenLists(1), s, vao;
	p_glGenSamplers(1, &s);
	p_glGenVertexArrays(1, &vao);
	printf("glIs* after glGen, unbound: list %d sampler %d vao %d\n", glIsList(list),
	       p_glIsSampler(s), p_glIsVertexArray(vao));
	glNewList(n + 1, GL_COMPILE);
	glColor3f(1, 0, 0);
	glEndList();
	printf("glIsList of a list made without glGenLists: %d\n", glIsList(n + 1));
	glDeleteLists(n + 1, 1);
	glDeleteLists(list, 1);
	p_glDeleteSamplers(1, &s);
	p_glDeleteVertexArrays(1, &vao);
	errors("never_named");
}

static void object_names(void)
{
	GLuint junk[4];
	p_glGenSamplers(4, junk);
	p_glDeleteSamplers(4, junk);
	static const char *const frag =
		"#version 330 core\nout vec4 c;\nvoid main() { c = vec4(0); }\n";
	p_glDeleteProgram(p_glCreateShaderProgramv(GL_FRAGMENT_SHADER, 1, &frag));

	GLint v = -1;
	GLint64 w = -1;
	GLdouble d = -1;
	GLfloat f = -1;
	static const GLuint b[4] = {5001, 5002, 5003, 5004};
	static const GLenum targets[4] = {GL_UNIFORM_BUFFER, GL_SHADER_STORAGE_BUFFER,
					  GL_ATOMIC_COUNTER_BUFFER, GL_TRANSFORM_FEEDBACK_BUFFER};
	for (int i = 0; i < 4; i++) {
		p_glBindBuffer(targets[i], b[i]);
		p_glBufferData(targets[i], 256, NULL, GL_STATIC_DRAW);
		p_glBindBufferBase(targets[i], (GLuint)i, b[i]);
	}
	p_glGetIntegeri_v(GL_UNIFORM_BUFFER_BINDING, 0, &v);
	named("glGetIntegeri_v(GL_UNIFORM_BUFFER_BINDING)", v, b[0]);
	p_glGetInteger64i_v(GL_SHADER_STORAGE_BUFFER_BINDING, 1, &w);
	named("glGetInteger64i_v(GL_SHADER_STORAGE_BUFFER_BINDING)", (double)w, b[1]);
	p_glGetIntegerIndexedvEXT(GL_ATOMIC_COUNTER_BUFFER_BINDING, 2, &v);
	named("glGetIntegerIndexedvEXT(GL_ATOMIC_COUNTER_BUFFER_BINDING)", v, b[2]);
	p_glGetDoublei_v(GL_TRANSFORM_FEEDBACK_BUFFER_BINDING, 3, &d);
	named("glGetDoublei_v(GL_TRANSFORM_FEEDBACK_BUFFER_BINDING)", d, b[3]);

	GLuint vao;
	p_glGenVertexArrays(1, &vao);
	p_glBindVertexArray(vao);
	p_glBindVertexBuffer(3, b[1], 0, 16);
	p_glGetIntegeri_v(GL_VERTEX_BINDING_BUFFER, 3, &v);
	named("glGetIntegeri_v(GL_VERTEX_BINDING_BUFFER)", v, b[1]);
	p_glBindBuffer(GL_ARRAY_BUFFER, b[2]);
	p_glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, 0, NULL);
	glVertexPointer(3, GL_FLOAT, 0, NULL);
	p_glBindBuffer(GL_ARRAY_BUFFER, 0);
	p_glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, b[3]);
	glGetIntegerv(GL_VERTEX_ARRAY_BUFFER_BINDING, &v);
	named("glGetIntegerv(GL_VERTEX_ARRAY_BUFFER_BINDING)", v, b[2]);
	p_glGetVertexAttribiv(1, GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING, &v);
	named("glGetVertexAttribiv(GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING)", v, b[2]);
	p_glGetVertexAttribIiv(1, GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING, &v);
	named("glGetVertexAttribIiv(GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING)", v, b[2]);
	p_glGetVertexAttribIuiv(1, GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING, (GLuint *)&v);
	named("glGetVertexAttribIuiv(GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING)", v, b[2]);
	p_glGetVertexAttribfv(1, GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING, &f);
	named("glGetVertexAttribfv(GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING)", f, b[2]);
	p_glGetVertexAttribdv(1, GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING, &d);
	named("glGetVertexAttribdv(GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING)", d, b[2]);
	p_glGetVertexAttribLdv(1, GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING, &d);
	named("glGetVertexAttribLdv(GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING)", d, b[2]);
	p_glBindVertexArray(0);
	p_glGetVertexArrayiv(vao, GL_ELEMENT_ARRAY_BUFFER_BINDING, &v);
	named("glGetVertexArrayiv(GL_ELEMENT_ARRAY_BUFFER_BINDING)", v, b[3]);
	p_glGetVertexArrayIndexediv(vao, 1, GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING, &v);
	named("glGetVertexArrayIndexediv(GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING)", v, b[2]);
	p_glGetVertexArrayIntegervEXT(vao, GL_VERTEX_ARRAY_BUFFER_BINDING, &v);
	named("glGetVertexArrayIntegervEXT(GL_VERTEX_ARRAY_BUFFER_BINDING)", v, b[2]);
	p_glGetVertexArrayIntegeri_vEXT(vao, 1, GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING, &v);
	named("glGetVertexArrayIntegeri_vEXT(GL_VERTEX_ATTRIB_ARRAY_BUFFER_BINDING)", v, b[2]);

	static const GLuint tex[2] = {6001, 6002};
	GLuint smp;
	glBindTexture(GL_TEXTURE_2D, tex[0]);
	p_glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA8, 4, 4);
	glBindTexture(GL_TEXTURE_2D, 0);
	p_glBindImageTexture(2, tex[0], 0, GL_FALSE, 0, GL_READ_ONLY, GL_RGBA8);
	p_glGetIntegeri_v(GL_IMAGE_BINDING_NAME, 2, &v);
	named("glGetIntegeri_v(GL_IMAGE_BINDING_NAME)", v, tex[0]);
	p_glGenSamplers(1, &smp);
	p_glBindSampler(3, smp);
	p_glActiveTexture(GL_TEXTURE3);
	glBindTexture(GL_TEXTURE_2D, tex[0]);
	p_glActiveTexture(GL_TEXTURE0);
	p_glGetIntegeri_v(GL_TEXTURE_BINDING_2D, 3, &v);
	named("glGetIntegeri_v(GL_TEXTURE_BINDING_2D)", v, tex[0]);
	p_glGetIntegeri_v(GL_SAMPLER_BINDING, 3, &v);
	named("glGetIntegeri_v(GL_SAMPLER_BINDING)", v, smp);
	glBindTexture(GL_TEXTURE_BUFFER, tex[1]);
	p_glTexBuffer(GL_TEXTURE_BUFFER, GL_R32F, b[0]);
	p_glBindBuffer(GL_TEXTURE_BUFFER, b[1]);
	glGetTexLevelParameteriv(GL_TEXTURE_BUFFER, 0, GL_TEXTURE_BUFFER_DATA_STORE_BINDING, &v);
	named("glGetTexLevelParameteriv(GL_TEXTURE_BUFFER_DATA_STORE_BINDING)", v, b[0]);
	p_glGetTextureLevelParameteriv(tex[1], 0, GL_TEXTURE_BUFFER_DATA_STORE_BINDING, &v);
	named("glGetTextureLevelParameteriv(GL_TEXTURE_BUFFER_DATA_STORE_BINDING)", v, b[0]);
	glGetIntegerv(GL_TEXTURE_BUFFER_BINDING, &v);
	named("glGetIntegerv(GL_TEXTURE_BUFFER_BINDING)", v, b[1]);
	p_glGetInteger64v(GL_TEXTURE_BUFFER_BINDING, &w);
	named("glGetInteger64v(GL_TEXTURE_BUFFER_BINDING)", (double)w, b[1]);
	glGetFloatv(GL_TEXTURE_BINDING_BUFFER, &f);
	named("glGetFloatv(GL_TEXTURE_BINDING_BUFFER)", f, tex[1]);
	glGetDoublev(GL_TEXTURE_BINDING_BUFFER, &d);
	named("glGetDoublev(GL_TEXTURE_BINDING_BUFFER)", d, tex[1]);
	p_glBindBuffer(GL_TEXTURE_BUFFER, 0);
	glBindTexture(GL_TEXTURE_BUFFER, 0);

	GLuint xfb;
	p_glGenTransformFeedbacks(1, &xfb);
	p_glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, xfb);
	p_glBindBufferBase(GL_TRANSFORM_FEEDBACK_BUFFER, 0, b[2]);
	p_glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, 0);
	p_glGetTransformFeedbacki_v(xfb, GL_TRANSFORM_FEEDBACK_BUFFER_BINDING, 0, &v);
	named("glGetTransformFeedbacki_v(GL_TRANSFORM_FEEDBACK_BUFFER_BINDING)", v, b[2]);

	GLuint q = 7001;
	p_glBeginQuery(GL_SAMPLES_PASSED, q);
	p_glGetQueryiv(GL_SAMPLES_PASSED, GL_CURRENT_QUERY, &v);
	named("glGetQueryiv(GL_CURRENT_QUERY)", v, q);
	p_glGetQueryIndexediv(GL_SAMPLES_PASSED, 0, GL_CURRENT_QUERY, &v);
	named("glGetQueryIndexediv(GL_CURRENT_QUERY)", v, q);
	p_glEndQuery(GL_SAMPLES_PASSED);

	/* Labels name objects by an identifier: the app's names (5001 is glrender's own
	 * number for another buffer or none) */
	char label[32] = "";
	GLsizei label_len = -1;
	p_glObjectLabel(GL_BUFFER, b[0], -1, "uniforms");
	p_glGetObjectLabel(GL_BUFFER, b[0], (GLsizei)sizeof label, &label_len, label);
	printf("glGetObjectLabel(GL_BUFFER %u): '%s' (%d)\n", b[0], label, label_len);
	p_glObjectLabel(GL_DISPLAY_LIST, 4321, -1, "no such list");
	errors("glObjectLabel");

	/* ARB assembly programs: names of the program class too */
	GLuint arb = 6001;
	p_glBindProgramARB(GL_VERTEX_PROGRAM_ARB, arb);
	p_glGetProgramivARB(GL_VERTEX_PROGRAM_ARB, GL_PROGRAM_BINDING_ARB, &v);
	named("glGetProgramivARB(GL_PROGRAM_BINDING_ARB)", v, arb);
	p_glBindProgramARB(GL_VERTEX_PROGRAM_ARB, 0);

	GLuint list = 8001;
	glNewList(list, GL_COMPILE);
	glGetIntegerv(GL_LIST_INDEX, &v);
	glEndList();
	named("glGetIntegerv(GL_LIST_INDEX)", v, list);

	GLuint fb, rb = 9001;
	p_glGenFramebuffers(1, &fb);
	p_glBindFramebuffer(GL_FRAMEBUFFER, fb);
	p_glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex[0], 0);
	p_glBindRenderbuffer(GL_RENDERBUFFER, rb);
	p_glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, 4, 4);
	p_glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, rb);
	p_glBindRenderbuffer(GL_RENDERBUFFER, 0);
	p_glGetFramebufferAttachmentParameteriv(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
						GL_FRAMEBUFFER_ATTACHMENT_OBJECT_NAME, &v);
	named("glGetFramebufferAttachmentParameteriv(texture)", v, tex[0]);
	p_glGetFramebufferAttachmentParameterivEXT(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT,
						   GL_FRAMEBUFFER_ATTACHMENT_OBJECT_NAME, &v);
	named("glGetFramebufferAttachmentParameterivEXT(renderbuffer)", v, rb);
	p_glBindFramebuffer(GL_FRAMEBUFFER, 0);
	p_glGetNamedFramebufferAttachmentParameteriv(fb, GL_DEPTH_ATTACHMENT,
						     GL_FRAMEBUFFER_ATTACHMENT_OBJECT_NAME, &v);
	named("glGetNamedFramebufferAttachmentParameteriv(renderbuffer)", v, rb);
	p_glGetNamedFramebufferAttachmentParameterivEXT(fb, GL_COLOR_ATTACHMENT0,
							GL_FRAMEBUFFER_ATTACHMENT_OBJECT_NAME, &v);
	named("glGetNamedFramebufferAttachmentParameterivEXT(texture)", v, tex[0]);

	static const char *vs = "#version 410 core\nout gl_PerVertex { vec4 gl_Position; };\n"
				"void main() { gl_Position = vec4(0); }\n";
	static const char *fs = "#version 410 core\nout vec4 c;\nvoid main() { c = vec4(1); }\n";
	GLuint sh[2] = {shader(GL_VERTEX_SHADER, vs), shader(GL_FRAGMENT_SHADER, fs)};
	GLuint p = p_glCreateProgram();
	p_glAttachShader(p, sh[0]);
	p_glAttachShader(p, sh[1]);
	p_glProgramParameteri(p, GL_PROGRAM_SEPARABLE, GL_TRUE);
	p_glLinkProgram(p);
	GLuint got[4];
	GLsizei count = -1;
	memset(got, 0, sizeof got);
	p_glGetAttachedShaders(p, 4, &count, got);
	printf("glGetAttachedShaders: %d shaders, the app's: %s\n", count,
	       (got[0] == sh[0] && got[1] == sh[1]) || (got[0] == sh[1] && got[1] == sh[0])
		       ? "yes"
		       : "NO");
	GLuint pipe;
	p_glGenProgramPipelines(1, &pipe);
	p_glUseProgramStages(pipe, GL_VERTEX_SHADER_BIT | GL_FRAGMENT_SHADER_BIT, p);
	p_glActiveShaderProgram(pipe, p);
	p_glGetProgramPipelineiv(pipe, GL_VERTEX_SHADER, &v);
	named("glGetProgramPipelineiv(GL_VERTEX_SHADER)", v, p);
	p_glGetProgramPipelineiv(pipe, GL_ACTIVE_PROGRAM, &v);
	named("glGetProgramPipelineiv(GL_ACTIVE_PROGRAM)", v, p);

	p_glDeleteProgramPipelines(1, &pipe);
	p_glDeleteProgram(p);
	p_glDeleteShader(sh[0]);
	p_glDeleteShader(sh[1]);
	p_glDeleteFramebuffers(1, &fb);
	p_glDeleteRenderbuffers(1, &rb);
	glDeleteLists(list, 1);
	p_glDeleteQueries(1, &q);
	p_glDeleteTransformFeedbacks(1, &xfb);
	p_glBindSampler(3, 0);
	p_glDeleteSamplers(1, &smp);
	p_glActiveTexture(GL_TEXTURE3);
	glBindTexture(GL_TEXTURE_2D, 0);
	p_glActiveTexture(GL_TEXTURE0);
	glDeleteTextures(2, tex);
	p_glDeleteVertexArrays(1, &vao);
	p_glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, 0);
	for (int i = 0; i < 4; i++)
		p_glBindBuffer(targets[i], 0);
	p_glDeleteBuffers(4, b);
	errors("object names");
}

/* The extension list the app sees: GL_EXTENSIONS, glGetStringi and GL_NUM_EXTENSIONS
 * agree. '#' lines: the list itself differs by design (fakegl hides some). */
/* ---- display lists: the app's numbers are the host's ---- */

/* The x translation of the modelview matrix: lists below each add a power of two, so the
 * sum says exactly which ran. */
static float list_sum(void)
{
	GLfloat m[16];
	glGetFloatv(GL_MODELVIEW_MATRIX, m);
	glLoadIdentity();
	return m[12];
}

/* base..base+n-1: list i translates by 2^(i + shift) */
static void power_lists(GLuint base, int n, int shift)
{
	for (int i = 0; i < n; i++) {
		glNewList(base + (GLuint)i, GL_COMPILE);
		glTranslatef((float)(1u << (i + shift)), 0, 0);
		glEndList();
	}
}

static void print_is_lists(const char *what, GLuint first, GLuint n)
{
	printf("%s: glIsList of %u..%u:", what, first, first + n - 1);
	for (GLuint i = 0; i < n; i++)
		printf(" %d", glIsList(first + i));
	printf("\n");
}

static GLenum first_error(void)
{
	GLenum e = glGetError(), more;
	while ((more = glGetError()) != GL_NO_ERROR)
		;
	return e;
}

/* glGenLists gives the numbers native GL gives, in two share groups (a list made with
 * glNewList without glGenLists counts, deleted numbers are not given again, past the top
 * the lowest free block is), and glCallList(s), glListBase, glDeleteLists, glIsList and
 * GL_LIST_INDEX all name the same lists as the app: before, glGenLists's numbers were
 * mapped and glNewList's/glCallList's were not. */
static void lists_numbers(const char *group, GLuint before)
{
	GLenum e;
	glMatrixMode(GL_MODELVIEW);
	glLoadIdentity();
	/* a list made without glGenLists moves where glGenLists starts */
	glNewList(before, GL_COMPILE);
	glEndList();
	GLuint base = glGenLists(8);
	printf("%s: glGenLists(8) after list %u: %u\n", group, before, base);
	power_lists(base, 8, 0);
	print_is_lists(group, base, 9);
	glCallList(base + 3);
	printf("%s: glCallList(base+3): %g\n", group, list_sum());

	glListBase(base);
	GLint v = -1;
	glGetIntegerv(GL_LIST_BASE, &v);
	printf("%s: GL_LIST_BASE %d (base %u)\n", group, v, base);
	const GLubyte ub[] = {0, 2, 5};
	glCallLists(3, GL_UNSIGNED_BYTE, ub);
	printf("%s: glCallLists GL_UNSIGNED_BYTE {0,2,5}: %g\n", group, list_sum());
	const GLint in[] = {1, 7};
	glCallLists(2, GL_INT, in);
	printf("%s: glCallLists GL_INT {1,7}: %g\n", group, list_sum());
	const GLubyte two[] = {0, 4, 0, 6};
	glCallLists(2, GL_2_BYTES, two);
	printf("%s: glCallLists GL_2_BYTES {4,6}: %g\n", group, list_sum());
	const GLushort us[] = {3, 3, 0};
	glCallLists(3, GL_UNSIGNED_SHORT, us);
	printf("%s: glCallLists GL_UNSIGNED_SHORT {3,3,0}: %g\n", group, list_sum());
	glListBase(0);
	const GLuint abs_names[] = {base + 1, base + 2, before};
	glCallLists(3, GL_UNSIGNED_INT, abs_names);
	printf("%s: glCallLists GL_UNSIGNED_INT of the numbers, base 0: %g\n", group, list_sum());

	/* compile and execute, GL_LIST_INDEX/GL_LIST_MODE during and after; nested lists,
	 * one calling a list made after it */
	GLuint more = glGenLists(3);
	printf("%s: glGenLists(3): %u\n", group, more);
	glNewList(more, GL_COMPILE_AND_EXECUTE);
	glTranslatef(256, 0, 0);
	GLint index = -1, mode = -1;
	glGetIntegerv(GL_LIST_INDEX, &index);
	glGetIntegerv(GL_LIST_MODE, &mode);
	glEndList();
	printf("%s: during compile GL_LIST_INDEX is list %u: %s, mode 0x%x; executed %g\n", group,
	       more, index == (GLint)more ? "yes" : "NO", mode, list_sum());
	glGetIntegerv(GL_LIST_INDEX, &index);
	printf("%s: GL_LIST_INDEX after glEndList: %d\n", group, index);
	glNewList(more + 1, GL_COMPILE);
	glCallList(base);
	glCallList(more + 2);
	glCallList(more);
	glEndList();
	glNewList(more + 2, GL_COMPILE);
	glCallList(base + 1);
	glEndList();
	printf("%s: compile only drew nothing: %g\n", group, list_sum());
	glCallList(more + 1);
	printf("%s: nested lists (1 + 2 + 256): %g\n", group, list_sum());

	/* glGenLists while a list compiles: that list is not yet one, so its number may
	 * come back; glEndList makes it the compiled list */
	GLuint compiled = glGenLists(1) + 1;
	glNewList(compiled, GL_COMPILE);
	glTranslatef(512, 0, 0);
	GLuint during = glGenLists(2);
	glGetIntegerv(GL_LIST_INDEX, &index);
	printf("%s: glGenLists(2) while list %u compiles: %u; glIsList %d %d; GL_LIST_INDEX %d\n",
	       group, compiled, during, glIsList(during), glIsList(during + 1), index);
	glEndList();
	glCallList(compiled);
	printf("%s: list %u after glEndList: %g\n", group, compiled, list_sum());

	/* deleting a range, inside a range, across lists never made */
	glDeleteLists(base + 2, 3);
	print_is_lists(group, base, 8);
	glCallList(base + 3);
	printf("%s: glCallList of a deleted list: %g\n", group, list_sum());
	GLuint again = glGenLists(2);
	printf("%s: glGenLists(2) after glDeleteLists: %u\n", group, again);
	glDeleteLists(before, 1);
	printf("%s: glIsList(%u) after deleting it: %d\n", group, before, glIsList(before));
	glDeleteLists(0xffffff00u, 0x7fffffff); /* past 0xffffffff: nothing */
	print_is_lists(group, base, 2);

	/* errors */
	GLuint zero = glGenLists(0);
	e = first_error();
	printf("%s: glGenLists(0): %u, error 0x%x\n", group, zero, e);
	GLuint neg = glGenLists(-1);
	e = first_error();
	printf("%s: glGenLists(-1): %u, error 0x%x\n", group, neg, e);
	glDeleteLists(base, -1);
	printf("%s: glDeleteLists(range -1): error 0x%x\n", group, first_error());
	glNewList(0, GL_COMPILE);
	printf("%s: glNewList(0): error 0x%x\n", group, first_error());
	glNewList(again, 0x1234);
	printf("%s: glNewList(bad mode): error 0x%x; glIsList %d\n", group, first_error(),
	       glIsList(again));
	glNewList(again, GL_COMPILE);
	glNewList(again + 1, GL_COMPILE);
	printf("%s: glNewList while compiling: error 0x%x\n", group, first_error());
	glEndList();
	glEndList();
	printf("%s: glEndList while not compiling: error 0x%x\n", group, first_error());
	errors(group);
}

/* Past the top of the numbers: glGenLists takes the lowest free block. */
static void lists_top(void)
{
	GLuint low = glGenLists(6);
	glDeleteLists(low + 1, 2);
	glDeleteLists(low + 4, 1);
	glNewList(0xfffffffdu, GL_COMPILE);
	glEndList();
	GLuint a = glGenLists(1), b = glGenLists(2), c = glGenLists(1), d = glGenLists(1);
	printf("lists near the top: block %u, then %u %u %u %u\n", low, a, b, c, d);
	errors("lists near the top");
}

/* Where the guest's numbers and the driver's part (glNewList inside glBegin/glEnd is
 * refused by GL, which the guest does not see, so the guest counts the list as made): the
 * numbers the app gets still work as lists. They differ from native by design, so only
 * what they do is printed; a compile in progress defers making them lists. */
static void lists_parted(void)
{
	for (int round = 0; round < 2; round++) {
		GLuint mark = 60000u + 1000u * (GLuint)round;
		glBegin(GL_POINTS);
		glNewList(mark, GL_COMPILE);
		glEnd();
		glEndList();
		GLenum e1 = first_error();
		if (round)
			glNewList(7, GL_COMPILE); /* compiling while glGenLists runs */
		GLuint n = glGenLists(3);
		int during = glIsList(n) && glIsList(n + 1) && glIsList(n + 2);
		if (round)
			glEndList();
		int after = glIsList(n) && glIsList(n + 1) && glIsList(n + 2);
		power_lists(n, 3, 0);
		glCallList(n + 2);
		glCallList(n);
		float sum = list_sum();
		glDeleteLists(n, 3);
		int gone = !glIsList(n) && !glIsList(n + 1) && !glIsList(n + 2);
		printf("# lists after a refused glNewList, round %d: %u\n", round, n);
		printf("lists after a refused glNewList (round %d): error 0x%x, lists %s%s, called %g, "
		       "deleted %s\n", round, e1, during ? "yes" : "NO",
		       after ? " yes" : " NO", sum, gone ? "yes" : "NO");
	}
	errors("lists after a refused glNewList");
}

static void display_lists(struct glxwin *g)
{
	lists_numbers("lists, first group", 20000);
	/* a second share group: its own numbers, none of the first group's */
	int attribs[] = {GLX_RGBA, GLX_DOUBLEBUFFER, GLX_RED_SIZE, 8, GLX_GREEN_SIZE, 8,
			 GLX_BLUE_SIZE, 8, None};
	XVisualInfo *vi = glXChooseVisual(g->dpy, DefaultScreen(g->dpy), attribs);
	GLXContext other = vi ? glXCreateContext(g->dpy, vi, NULL, True) : NULL;
	if (vi)
		XFree(vi);
	if (!other || !glXMakeCurrent(g->dpy, g->win, other))
		die("no second GLX context");
	GLuint first = glGenLists(1);
	printf("lists, second group: first glGenLists(1): %u; glIsList of the first group's "
	       "20001: %d\n", first, glIsList(20001));
	lists_numbers("lists, second group", 300);
	lists_top();
	glXMakeCurrent(g->dpy, g->win, g->ctx);
	glXDestroyContext(g->dpy, other);
	/* the first group's lists are still its own */
	glCallList(20001);
	printf("lists, first group again: glCallList(20001): %g; glIsList(20001) %d\n",
	       list_sum(), glIsList(20001));
	lists_parted();
}

static void extensions(void)
{
	const char *all = (const char *)glGetString(GL_EXTENSIONS);
	GLint n = 0;
	glGetIntegerv(GL_NUM_EXTENSIONS, &n);
	int words_in_string = 0, agree = 1;
	for (const char *p = all; p && *p;) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (len)
			words_in_string++;
		p += len;
	}
	for (GLint i = 0; i < n; i++) {
		const char *e = (const char *)p_glGetStringi(GL_EXTENSIONS, (GLuint)i);
		size_t len = e ? strlen(e) : 0;
		const char *hit = e ? strstr(all, e) : NULL;
		if (!hit || (hit[len] != ' ' && hit[len] != 0))
			agree = 0;
	}
	printf("every extension of glGetStringi is in GL_EXTENSIONS: %s\n", agree ? "yes" : "NO");
	printf("# extensions: %d indexed, %d in the string\n", n, words_in_string);
	printf("# GL_EXT_memory_object_fd: %s\n",
	       all && strstr(all, "GL_EXT_memory_object_fd") ? "offered" : "hidden");
	errors("extensions");
}

int main(void)
{
	struct glxwin g = glxwin_open(W, H);
	load_procs();
	errors("context");
	uniforms();
	debug();
	labels();
	indirect();
	primitive_restart();
	textures();
	state_queries();
	object_names();
	never_named();
	display_lists(&g);
	extensions();
	glXSwapBuffers(g.dpy, g.win);
	glFinish();
	errors("end");
	glxwin_close(&g);
	return 0;
}
