/* vendor.c — libGLX_fakegl.so.0, fakegl as a GLVND vendor library: libGLX.so.0 loads it
 * when __GLX_VENDOR_LIBRARY_NAME=fakegl and calls __glx_Main, then takes every GLX 1.4
 * function and every GL function of our contexts from us through getProcAddress.
 *
 * The GLX extension functions libGLX does not know itself go through "dispatch
 * functions" that libGLX shares between all vendors of the process: each finds the
 * vendor that owns its context, config or drawable and calls that vendor's entry (see
 * glvnd/libglxabi.h). Those that create or destroy objects also tell libGLX who owns
 * the object, or glXMakeCurrent on a context of glXCreateContextAttribsARB would fail.
 *
 * The same objects as libGL.so.1 are linked in; vendor.map hides all but __glx_Main. */
#define GLX_GLXEXT_PROTOTYPES
#include <GL/glx.h>
#include <GL/glxext.h>
#include <glvnd/libglxabi.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const __GLXapiExports *glvnd;
static __GLXvendorInfo *self;

/* Our own implementation of a GL or GLX function (the same lookup as libGL.so.1's
 * glXGetProcAddress), NULL when we have none. */
static __GLXextFuncPtr own_proc(const char *name)
{
	return glXGetProcAddressARB((const GLubyte *)name);
}

/* The ABI passes functions as void *: POSIX makes that conversion work, ISO C does not
 * define it, so it is spelled out once here. */
_Static_assert(sizeof(void *) == sizeof(__GLXextFuncPtr), "function and data pointers differ");
static void *fn_ptr(__GLXextFuncPtr fn)
{
	void *p;
	memcpy(&p, &fn, sizeof p);
	return p;
}

/* ---- dispatch functions of the GLX extensions we implement ---- */

enum ext {
	EXT_CreateContextAttribsARB,
	EXT_SwapIntervalEXT,
	EXT_SwapIntervalMESA,
	EXT_GetSwapIntervalMESA,
	EXT_SwapIntervalSGI,
	EXT_CopySubBufferMESA,
	EXT_QueryCurrentRendererIntegerMESA,
	EXT_QueryCurrentRendererStringMESA,
	EXT_QueryRendererIntegerMESA,
	EXT_QueryRendererStringMESA,
	EXT_ChooseFBConfigSGIX,
	EXT_GetFBConfigAttribSGIX,
	EXT_CreateContextWithConfigSGIX,
	EXT_GetVisualFromFBConfigSGIX,
	EXT_GetFBConfigFromVisualSGIX,
	EXT_CreateGLXPbufferSGIX,
	EXT_DestroyGLXPbufferSGIX,
	EXT_QueryGLXPbufferSGIX,
	EXT_COUNT
};

static const char *const ext_names[EXT_COUNT] = {
	[EXT_CreateContextAttribsARB] = "glXCreateContextAttribsARB",
	[EXT_SwapIntervalEXT] = "glXSwapIntervalEXT",
	[EXT_SwapIntervalMESA] = "glXSwapIntervalMESA",
	[EXT_GetSwapIntervalMESA] = "glXGetSwapIntervalMESA",
	[EXT_SwapIntervalSGI] = "glXSwapIntervalSGI",
	[EXT_CopySubBufferMESA] = "glXCopySubBufferMESA",
	[EXT_QueryCurrentRendererIntegerMESA] = "glXQueryCurrentRendererIntegerMESA",
	[EXT_QueryCurrentRendererStringMESA] = "glXQueryCurrentRendererStringMESA",
	[EXT_QueryRendererIntegerMESA] = "glXQueryRendererIntegerMESA",
	[EXT_QueryRendererStringMESA] = "glXQueryRendererStringMESA",
	[EXT_ChooseFBConfigSGIX] = "glXChooseFBConfigSGIX",
	[EXT_GetFBConfigAttribSGIX] = "glXGetFBConfigAttribSGIX",
	[EXT_CreateContextWithConfigSGIX] = "glXCreateContextWithConfigSGIX",
	[EXT_GetVisualFromFBConfigSGIX] = "glXGetVisualFromFBConfigSGIX",
	[EXT_GetFBConfigFromVisualSGIX] = "glXGetFBConfigFromVisualSGIX",
	[EXT_CreateGLXPbufferSGIX] = "glXCreateGLXPbufferSGIX",
	[EXT_DestroyGLXPbufferSGIX] = "glXDestroyGLXPbufferSGIX",
	[EXT_QueryGLXPbufferSGIX] = "glXQueryGLXPbufferSGIX",
};

/* The index libGLX gave each function (setDispatchIndex); -1 before it did. */
static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static int ext_index[EXT_COUNT] = {-1, -1, -1, -1, -1, -1, -1, -1, -1,
				   -1, -1, -1, -1, -1, -1, -1, -1, -1};

/* The entry of function e of vendor v: ours directly, another vendor's through libGLX.
 * NULL when v is NULL or has none. */
static __GLXextFuncPtr entry(__GLXvendorInfo *v, enum ext e)
{
	if (!v)
		return NULL;
	if (v == self)
		return own_proc(ext_names[e]);
	pthread_mutex_lock(&index_lock);
	int index = ext_index[e];
	pthread_mutex_unlock(&index_lock);
	return index < 0 ? NULL : glvnd->fetchDispatchEntry(v, index);
}

static __GLXvendorInfo *screen_vendor(Display *dpy)
{
	return dpy ? glvnd->getDynDispatch(dpy, DefaultScreen(dpy)) : NULL;
}

static __GLXvendorInfo *config_vendor(Display *dpy, GLXFBConfig config)
{
	return dpy && config ? glvnd->vendorFromFBConfig(dpy, config) : NULL;
}

static __GLXvendorInfo *drawable_vendor(Display *dpy, GLXDrawable draw)
{
	return dpy && draw ? glvnd->vendorFromDrawable(dpy, draw) : NULL;
}

static GLXContext d_CreateContextAttribsARB(Display *dpy, GLXFBConfig config, GLXContext share,
					    Bool direct, const int *attribs)
{
	__GLXvendorInfo *v = config ? config_vendor(dpy, config) : screen_vendor(dpy);
	PFNGLXCREATECONTEXTATTRIBSARBPROC fn =
		(PFNGLXCREATECONTEXTATTRIBSARBPROC)entry(v, EXT_CreateContextAttribsARB);
	if (!fn)
		return NULL;
	GLXContext ctx = fn(dpy, config, share, direct, attribs);
	if (ctx && glvnd->addVendorContextMapping(dpy, ctx, v) != 0) {
		/* libGLX could not record it: a context it cannot make current is no use */
		if (v == self)
			glXDestroyContext(dpy, ctx);
		ctx = NULL;
	}
	return ctx;
}

static void d_SwapIntervalEXT(Display *dpy, GLXDrawable draw, int interval)
{
	PFNGLXSWAPINTERVALEXTPROC fn =
		(PFNGLXSWAPINTERVALEXTPROC)entry(drawable_vendor(dpy, draw), EXT_SwapIntervalEXT);
	if (fn)
		fn(dpy, draw, interval);
}

static int d_SwapIntervalMESA(unsigned int interval)
{
	PFNGLXSWAPINTERVALMESAPROC fn = (PFNGLXSWAPINTERVALMESAPROC)entry(
		glvnd->getCurrentDynDispatch(), EXT_SwapIntervalMESA);
	return fn ? fn(interval) : GLX_BAD_CONTEXT;
}

static int d_GetSwapIntervalMESA(void)
{
	PFNGLXGETSWAPINTERVALMESAPROC fn = (PFNGLXGETSWAPINTERVALMESAPROC)entry(
		glvnd->getCurrentDynDispatch(), EXT_GetSwapIntervalMESA);
	return fn ? fn() : 0;
}

static int d_SwapIntervalSGI(int interval)
{
	PFNGLXSWAPINTERVALSGIPROC fn = (PFNGLXSWAPINTERVALSGIPROC)entry(
		glvnd->getCurrentDynDispatch(), EXT_SwapIntervalSGI);
	return fn ? fn(interval) : GLX_BAD_CONTEXT;
}

static void d_CopySubBufferMESA(Display *dpy, GLXDrawable draw, int x, int y, int w, int h)
{
	PFNGLXCOPYSUBBUFFERMESAPROC fn = (PFNGLXCOPYSUBBUFFERMESAPROC)entry(
		drawable_vendor(dpy, draw), EXT_CopySubBufferMESA);
	if (fn)
		fn(dpy, draw, x, y, w, h);
}

static Bool d_QueryCurrentRendererIntegerMESA(int attribute, unsigned int *value)
{
	PFNGLXQUERYCURRENTRENDERERINTEGERMESAPROC fn =
		(PFNGLXQUERYCURRENTRENDERERINTEGERMESAPROC)entry(
			glvnd->getCurrentDynDispatch(), EXT_QueryCurrentRendererIntegerMESA);
	return fn ? fn(attribute, value) : False;
}

static const char *d_QueryCurrentRendererStringMESA(int attribute)
{
	PFNGLXQUERYCURRENTRENDERERSTRINGMESAPROC fn =
		(PFNGLXQUERYCURRENTRENDERERSTRINGMESAPROC)entry(
			glvnd->getCurrentDynDispatch(), EXT_QueryCurrentRendererStringMESA);
	return fn ? fn(attribute) : NULL;
}

static Bool d_QueryRendererIntegerMESA(Display *dpy, int screen, int renderer, int attribute,
				       unsigned int *value)
{
	PFNGLXQUERYRENDERERINTEGERMESAPROC fn = (PFNGLXQUERYRENDERERINTEGERMESAPROC)entry(
		dpy ? glvnd->getDynDispatch(dpy, screen) : NULL, EXT_QueryRendererIntegerMESA);
	return fn ? fn(dpy, screen, renderer, attribute, value) : False;
}

static const char *d_QueryRendererStringMESA(Display *dpy, int screen, int renderer,
					     int attribute)
{
	PFNGLXQUERYRENDERERSTRINGMESAPROC fn = (PFNGLXQUERYRENDERERSTRINGMESAPROC)entry(
		dpy ? glvnd->getDynDispatch(dpy, screen) : NULL, EXT_QueryRendererStringMESA);
	return fn ? fn(dpy, screen, renderer, attribute) : NULL;
}

static GLXFBConfigSGIX *d_ChooseFBConfigSGIX(Display *dpy, int screen, int *attribs,
					     int *nelements)
{
	__GLXvendorInfo *v = dpy ? glvnd->getDynDispatch(dpy, screen) : NULL;
	PFNGLXCHOOSEFBCONFIGSGIXPROC fn =
		(PFNGLXCHOOSEFBCONFIGSGIXPROC)entry(v, EXT_ChooseFBConfigSGIX);
	if (!fn)
		return NULL;
	GLXFBConfigSGIX *configs = fn(dpy, screen, attribs, nelements);
	for (int i = 0; configs && nelements && i < *nelements; i++)
		glvnd->addVendorFBConfigMapping(dpy, configs[i], v);
	return configs;
}

static int d_GetFBConfigAttribSGIX(Display *dpy, GLXFBConfigSGIX config, int attribute,
				   int *value)
{
	PFNGLXGETFBCONFIGATTRIBSGIXPROC fn = (PFNGLXGETFBCONFIGATTRIBSGIXPROC)entry(
		config_vendor(dpy, config), EXT_GetFBConfigAttribSGIX);
	return fn ? fn(dpy, config, attribute, value) : GLX_BAD_ATTRIBUTE;
}

static GLXContext d_CreateContextWithConfigSGIX(Display *dpy, GLXFBConfigSGIX config,
						int render_type, GLXContext share, Bool direct)
{
	__GLXvendorInfo *v = config_vendor(dpy, config);
	PFNGLXCREATECONTEXTWITHCONFIGSGIXPROC fn =
		(PFNGLXCREATECONTEXTWITHCONFIGSGIXPROC)entry(v, EXT_CreateContextWithConfigSGIX);
	if (!fn)
		return NULL;
	GLXContext ctx = fn(dpy, config, render_type, share, direct);
	if (ctx)
		glvnd->addVendorContextMapping(dpy, ctx, v);
	return ctx;
}

static XVisualInfo *d_GetVisualFromFBConfigSGIX(Display *dpy, GLXFBConfigSGIX config)
{
	PFNGLXGETVISUALFROMFBCONFIGSGIXPROC fn = (PFNGLXGETVISUALFROMFBCONFIGSGIXPROC)entry(
		config_vendor(dpy, config), EXT_GetVisualFromFBConfigSGIX);
	return fn ? fn(dpy, config) : NULL;
}

static GLXFBConfigSGIX d_GetFBConfigFromVisualSGIX(Display *dpy, XVisualInfo *vis)
{
	__GLXvendorInfo *v = dpy && vis ? glvnd->getDynDispatch(dpy, vis->screen) : NULL;
	PFNGLXGETFBCONFIGFROMVISUALSGIXPROC fn =
		(PFNGLXGETFBCONFIGFROMVISUALSGIXPROC)entry(v, EXT_GetFBConfigFromVisualSGIX);
	if (!fn)
		return NULL;
	GLXFBConfigSGIX config = fn(dpy, vis);
	if (config)
		glvnd->addVendorFBConfigMapping(dpy, config, v);
	return config;
}

static GLXPbufferSGIX d_CreateGLXPbufferSGIX(Display *dpy, GLXFBConfigSGIX config,
					     unsigned int width, unsigned int height,
					     int *attribs)
{
	__GLXvendorInfo *v = config_vendor(dpy, config);
	PFNGLXCREATEGLXPBUFFERSGIXPROC fn =
		(PFNGLXCREATEGLXPBUFFERSGIXPROC)entry(v, EXT_CreateGLXPbufferSGIX);
	if (!fn)
		return None;
	GLXPbufferSGIX pbuf = fn(dpy, config, width, height, attribs);
	if (pbuf)
		glvnd->addVendorDrawableMapping(dpy, pbuf, v);
	return pbuf;
}

static void d_DestroyGLXPbufferSGIX(Display *dpy, GLXPbufferSGIX pbuf)
{
	PFNGLXDESTROYGLXPBUFFERSGIXPROC fn = (PFNGLXDESTROYGLXPBUFFERSGIXPROC)entry(
		drawable_vendor(dpy, pbuf), EXT_DestroyGLXPbufferSGIX);
	if (!fn)
		return;
	fn(dpy, pbuf);
	glvnd->removeVendorDrawableMapping(dpy, pbuf);
}

static void d_QueryGLXPbufferSGIX(Display *dpy, GLXPbufferSGIX pbuf, int attribute,
				  unsigned int *value)
{
	PFNGLXQUERYGLXPBUFFERSGIXPROC fn = (PFNGLXQUERYGLXPBUFFERSGIXPROC)entry(
		drawable_vendor(dpy, pbuf), EXT_QueryGLXPbufferSGIX);
	if (fn)
		fn(dpy, pbuf, attribute, value);
}

static const __GLXextFuncPtr ext_dispatch[EXT_COUNT] = {
	[EXT_CreateContextAttribsARB] = (__GLXextFuncPtr)d_CreateContextAttribsARB,
	[EXT_SwapIntervalEXT] = (__GLXextFuncPtr)d_SwapIntervalEXT,
	[EXT_SwapIntervalMESA] = (__GLXextFuncPtr)d_SwapIntervalMESA,
	[EXT_GetSwapIntervalMESA] = (__GLXextFuncPtr)d_GetSwapIntervalMESA,
	[EXT_SwapIntervalSGI] = (__GLXextFuncPtr)d_SwapIntervalSGI,
	[EXT_CopySubBufferMESA] = (__GLXextFuncPtr)d_CopySubBufferMESA,
	[EXT_QueryCurrentRendererIntegerMESA] = (__GLXextFuncPtr)d_QueryCurrentRendererIntegerMESA,
	[EXT_QueryCurrentRendererStringMESA] = (__GLXextFuncPtr)d_QueryCurrentRendererStringMESA,
	[EXT_QueryRendererIntegerMESA] = (__GLXextFuncPtr)d_QueryRendererIntegerMESA,
	[EXT_QueryRendererStringMESA] = (__GLXextFuncPtr)d_QueryRendererStringMESA,
	[EXT_ChooseFBConfigSGIX] = (__GLXextFuncPtr)d_ChooseFBConfigSGIX,
	[EXT_GetFBConfigAttribSGIX] = (__GLXextFuncPtr)d_GetFBConfigAttribSGIX,
	[EXT_CreateContextWithConfigSGIX] = (__GLXextFuncPtr)d_CreateContextWithConfigSGIX,
	[EXT_GetVisualFromFBConfigSGIX] = (__GLXextFuncPtr)d_GetVisualFromFBConfigSGIX,
	[EXT_GetFBConfigFromVisualSGIX] = (__GLXextFuncPtr)d_GetFBConfigFromVisualSGIX,
	[EXT_CreateGLXPbufferSGIX] = (__GLXextFuncPtr)d_CreateGLXPbufferSGIX,
	[EXT_DestroyGLXPbufferSGIX] = (__GLXextFuncPtr)d_DestroyGLXPbufferSGIX,
	[EXT_QueryGLXPbufferSGIX] = (__GLXextFuncPtr)d_QueryGLXPbufferSGIX,
};

static int find_ext(const char *name)
{
	for (int e = 0; e < EXT_COUNT; e++)
		if (strcmp(ext_names[e], name) == 0)
			return e;
	return -1;
}

/* ---- the imports libGLX calls ---- */

/* The guest's X server needs no GLX of its own: every screen is ours. */
static Bool is_screen_supported(Display *dpy, int screen)
{
	return True;
}

static void *get_proc_address(const GLubyte *name)
{
	return name ? fn_ptr(own_proc((const char *)name)) : NULL;
}

/* A dispatch function only for the extensions we implement: an unknown glX name
 * returns NULL, which libGLX takes as "not GLX" and asks getProcAddress instead. */
static void *get_dispatch_address(const GLubyte *name)
{
	int e = name ? find_ext((const char *)name) : -1;
	if (e < 0 || !own_proc(ext_names[e]))
		return NULL;
	return fn_ptr(ext_dispatch[e]);
}

static void set_dispatch_index(const GLubyte *name, int index)
{
	int e = name ? find_ext((const char *)name) : -1;
	if (e < 0)
		return;
	pthread_mutex_lock(&index_lock);
	ext_index[e] = index;
	pthread_mutex_unlock(&index_lock);
}

__attribute__((visibility("default"))) Bool __glx_Main(uint32_t version,
						       const __GLXapiExports *exports,
						       __GLXvendorInfo *vendor,
						       __GLXapiImports *imports)
{
	/* the same major version: a newer minor one only adds to the structures */
	if (GLX_VENDOR_ABI_GET_MAJOR_VERSION(version) != GLX_VENDOR_ABI_MAJOR_VERSION) {
		fprintf(stderr,
			"fakegl: libGLX_fakegl.so.0: libGLX speaks vendor ABI %u.%u, we need %u.x\n",
			(unsigned)GLX_VENDOR_ABI_GET_MAJOR_VERSION(version),
			(unsigned)GLX_VENDOR_ABI_GET_MINOR_VERSION(version),
			(unsigned)GLX_VENDOR_ABI_MAJOR_VERSION);
		return False;
	}
	glvnd = exports;
	self = vendor;
	imports->isScreenSupported = is_screen_supported;
	imports->getProcAddress = get_proc_address;
	imports->getDispatchAddress = get_dispatch_address;
	imports->setDispatchIndex = set_dispatch_index;
	imports->notifyError = NULL;
	imports->isPatchSupported = NULL;
	imports->initiatePatch = NULL;
	imports->releasePatch = NULL;
	imports->patchThreadAttach = NULL;
	return True;
}
