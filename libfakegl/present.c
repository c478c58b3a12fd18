/* present.c — frames from the host into the app's X drawable: MIT-SHM when the X
 * server shares this machine's memory, XPutImage otherwise, converting to the
 * drawable's visual. Runs on the app's thread with the app's Display.
 * FAKEGL_NO_SHM=1 forces XPutImage; FAKEGL_SHM_FRAMES=0 keeps MIT-SHM but has the
 * frames come on the socket (not written by the host into shared memory);
 * FAKEGL_DEBUG=1 logs which path a drawable takes. */
#include "present.h"

#include <X11/Xlib-xcb.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>
#include <xcb/shm.h>

#define LOG(...)                                                                                   \
	do {                                                                                       \
		if (getenv("FAKEGL_DEBUG")) {                                                      \
			fprintf(stderr, "fakegl: %s:%d: ", __FILE__, __LINE__);                    \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
		}                                                                                  \
	} while (0)

/* Two shared segments: the one written next is never the one the server may
 * still be reading from the last XShmPutImage. */
#define SHM_BUFFERS 2

struct shm_buffer {
	XShmSegmentInfo info;
	XImage *image;
	size_t size;
	unsigned long serial; /* of the XShmPutImage that last read it, 0 if none */
	bool attached;
	bool memfd; /* a ring buffer: shmaddr is our mmap of a memfd, not a SysV segment */
};

struct channel {
	int shift, bits; /* where the top `bits` bits of the 8-bit value go */
};

struct fgl_presenter {
	Display *dpy;
	Drawable drawable;
	GC gc;
	Visual *visual;
	Visual own_visual; /* for pixmaps whose depth has no visual */
	int depth;
	bool shm;  /* MIT-SHM in use; cleared for good on the first failure */
	bool fast; /* 32 bpp, masks 0xff0000/0xff00/0xff, host byte order */
	struct channel red, green, blue, alpha;
	uint32_t width, height;
	struct shm_buffer bufs[SHM_BUFFERS];
	int next_buf;
	/* frames the host writes into shared memory (fgl_presenter_ring) */
	int ring_state; /* 0 not tried, 1 usable, -1 not here */
	struct shm_buffer ring[FGL_PRESENT_SLOTS];
	uint32_t ring_width, ring_height;
	unsigned ring_next;
	XImage *image; /* the XPutImage path's image, data from malloc */
	int rect_x, rect_y;         /* what the next put shows, X coordinates */
	unsigned rect_w, rect_h;
};

/* XSetErrorHandler is process-wide: one trap at a time. */
static pthread_mutex_t trap_lock = PTHREAD_MUTEX_INITIALIZER;
static int trapped_error;

static int trap_handler(Display *dpy, XErrorEvent *ev)
{
	(void)dpy;
	trapped_error = ev->error_code;
	return 0;
}

/* Traps nest in one thread (a careful presentation allocates shared memory inside its
 * own trap): the inner ones only sync. */
static __thread int trap_depth;

static int (*trap_begin(Display *dpy))(Display *, XErrorEvent *)
{
	if (trap_depth++) {
		XSync(dpy, False);
		return trap_handler;
	}
	pthread_mutex_lock(&trap_lock);
	XSync(dpy, False); /* earlier errors belong to the app's handler */
	trapped_error = 0;
	return XSetErrorHandler(trap_handler);
}

static int trap_end(Display *dpy, int (*old)(Display *, XErrorEvent *))
{
	int err;

	XSync(dpy, False);
	if (--trap_depth)
		return trapped_error;
	XSetErrorHandler(old);
	err = trapped_error;
	pthread_mutex_unlock(&trap_lock);
	return err;
}

static bool host_little_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 1;
}

static int popcount(unsigned long v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static struct channel channel_of(unsigned long mask)
{
	struct channel ch = {0, 0};

	if (!mask)
		return ch;
	while (!(mask & 1)) {
		mask >>= 1;
		ch.shift++;
	}
	ch.bits = popcount(mask);
	if (ch.bits > 8) { /* wider than 8 bits: fill from the top */
		ch.shift += ch.bits - 8;
		ch.bits = 8;
	}
	return ch;
}

/* Only an X server on this machine can see our shared memory. */
static bool display_is_local(Display *dpy)
{
	const char *name = DisplayString(dpy);

	if (!name)
		return false;
	return name[0] == ':' || name[0] == '/' || !strncmp(name, "unix:", 5) ||
	       !strncmp(name, "localhost:", 10) || !strncmp(name, "127.0.0.1:", 10);
}

static bool shm_wanted(Display *dpy)
{
	const char *env = getenv("FAKEGL_NO_SHM");

	if (env && *env && strcmp(env, "0"))
		return false;
	return display_is_local(dpy) && XShmQueryExtension(dpy);
}

/* The visual and depth of drawable: a window's own visual, or for a pixmap a visual
 * of its depth on its screen. */
static int find_visual(struct fgl_presenter *p)
{
	XWindowAttributes wa;
	int (*old)(Display *, XErrorEvent *);
	Window root;
	int x, y, screen = 0, err;
	unsigned int w, h, border, depth;
	Status ok;
	XVisualInfo vi;

	/* The drawable may be gone (a frame that arrives after the app destroyed its
	 * window): not an error for the app's handler. */
	old = trap_begin(p->dpy);
	ok = XGetGeometry(p->dpy, p->drawable, &root, &x, &y, &w, &h, &border, &depth);
	err = trap_end(p->dpy, old);
	if (!ok || err)
		return -1;
	p->depth = (int)depth;
	old = trap_begin(p->dpy);
	ok = XGetWindowAttributes(p->dpy, p->drawable, &wa);
	err = trap_end(p->dpy, old);
	if (ok && !err) {
		p->visual = wa.visual;
		return 0;
	}
	for (int i = 0; i < ScreenCount(p->dpy); i++)
		if (RootWindow(p->dpy, i) == root)
			screen = i;
	if ((int)depth == DefaultDepth(p->dpy, screen)) {
		p->visual = DefaultVisual(p->dpy, screen);
		return 0;
	}
	if (XMatchVisualInfo(p->dpy, screen, (int)depth, TrueColor, &vi) ||
	    XMatchVisualInfo(p->dpy, screen, (int)depth, DirectColor, &vi)) {
		p->visual = vi.visual;
		return 0;
	}
	/* A pixmap of a depth no visual has (16 on a 24-bit screen): its pixels mean
	 * what the usual layout of that depth says. */
	switch (depth) {
	case 15:
		p->own_visual.red_mask = 0x7c00, p->own_visual.green_mask = 0x3e0;
		p->own_visual.blue_mask = 0x1f;
		break;
	case 16:
		p->own_visual.red_mask = 0xf800, p->own_visual.green_mask = 0x7e0;
		p->own_visual.blue_mask = 0x1f;
		break;
	case 24:
	case 32:
		p->own_visual.red_mask = 0xff0000, p->own_visual.green_mask = 0xff00;
		p->own_visual.blue_mask = 0xff;
		break;
	default:
		return -1;
	}
	p->own_visual.class = TrueColor;
	p->own_visual.bits_per_rgb = 8;
	p->own_visual.visualid = 0;
	p->visual = &p->own_visual;
	return 0;
}

static void setup_conversion(struct fgl_presenter *p, const XImage *img)
{
	unsigned long rgb = p->visual->red_mask | p->visual->green_mask | p->visual->blue_mask;
	unsigned long all = p->depth >= 32 ? 0xffffffffUL : (1UL << p->depth) - 1;

	p->red = channel_of(p->visual->red_mask);
	p->green = channel_of(p->visual->green_mask);
	p->blue = channel_of(p->visual->blue_mask);
	/* The bits of the depth that no color uses are alpha (ARGB visuals). */
	p->alpha = channel_of(all & ~rgb);
	p->fast = img->bits_per_pixel == 32 && p->visual->red_mask == 0xff0000 &&
	          p->visual->green_mask == 0xff00 && p->visual->blue_mask == 0xff &&
	          (img->byte_order == LSBFirst) == host_little_endian();
}

static void destroy_image(XImage *img)
{
	if (!img)
		return;
	img->data = NULL; /* ours: shared memory or freed by the caller */
	XDestroyImage(img);
}

static void shm_release(struct fgl_presenter *p, struct shm_buffer *b)
{
	if (b->attached) {
		XShmDetach(p->dpy, &b->info);
		b->attached = false;
	}
	if (b->memfd && b->info.shmaddr)
		munmap(b->info.shmaddr, b->size);
	else if (b->info.shmaddr && b->info.shmaddr != (char *)-1)
		shmdt(b->info.shmaddr);
	b->memfd = false;
	b->info.shmaddr = NULL;
	destroy_image(b->image);
	b->image = NULL;
	b->size = 0;
	b->serial = 0;
}

/* A segment of at least size bytes for b, attached by the server. */
static int shm_alloc(struct fgl_presenter *p, struct shm_buffer *b, size_t size)
{
	int (*old)(Display *, XErrorEvent *);
	int err;

	b->info.shmid = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
	if (b->info.shmid < 0) {
		LOG("shmget of %zu bytes: %s", size, strerror(errno));
		return -1;
	}
	b->info.shmaddr = shmat(b->info.shmid, NULL, 0);
	if (b->info.shmaddr == (char *)-1) {
		LOG("shmat: %s", strerror(errno));
		shmctl(b->info.shmid, IPC_RMID, NULL);
		b->info.shmaddr = NULL;
		return -1;
	}
	b->info.readOnly = True;
	old = trap_begin(p->dpy);
	XShmAttach(p->dpy, &b->info);
	err = trap_end(p->dpy, old);
	/* Attached or not, the segment goes when the last process detaches. */
	shmctl(b->info.shmid, IPC_RMID, NULL);
	if (err) {
		LOG("XShmAttach failed with X error %d, using XPutImage", err);
		shmdt(b->info.shmaddr);
		b->info.shmaddr = NULL;
		return -1;
	}
	b->attached = true;
	b->size = size;
	return 0;
}

/* The XImage of b for width×height, growing its segment when it is too small. */
static XImage *shm_image(struct fgl_presenter *p, struct shm_buffer *b, uint32_t width,
                         uint32_t height)
{
	XImage *img;

	destroy_image(b->image);
	b->image = NULL;
	img = XShmCreateImage(p->dpy, p->visual, (unsigned int)p->depth, ZPixmap, NULL, &b->info,
	                      width, height);
	if (!img)
		return NULL;
	if ((size_t)img->bytes_per_line * height > b->size) {
		shm_release(p, b);
		if (shm_alloc(p, b, (size_t)img->bytes_per_line * height) < 0) {
			destroy_image(img);
			return NULL;
		}
	}
	img->data = b->info.shmaddr;
	b->image = img;
	return img;
}

static void shm_drop(struct fgl_presenter *p)
{
	for (int i = 0; i < SHM_BUFFERS; i++)
		shm_release(p, &p->bufs[i]);
	p->shm = false;
}

static XImage *plain_image(struct fgl_presenter *p, uint32_t width, uint32_t height)
{
	XImage *img;
	char *data;

	if (p->image && p->image->width == (int)width && p->image->height == (int)height)
		return p->image;
	if (p->image) {
		free(p->image->data);
		destroy_image(p->image);
		p->image = NULL;
	}
	img = XCreateImage(p->dpy, p->visual, (unsigned int)p->depth, ZPixmap, 0, NULL, width,
	                   height, 32, 0);
	if (!img)
		return NULL;
	/* Client-side pixels in our own byte order; Xlib swaps them if the server
	 * wants the other one. */
	img->byte_order = host_little_endian() ? LSBFirst : MSBFirst;
	data = malloc((size_t)img->bytes_per_line * height);
	if (!data) {
		destroy_image(img);
		return NULL;
	}
	img->data = data;
	p->image = img;
	return img;
}

static unsigned long scale(uint8_t v, struct channel ch)
{
	if (!ch.bits)
		return 0;
	return (unsigned long)(v >> (8 - ch.bits)) << ch.shift;
}

/* Bottom-up BGRA rows into img top-down. */
static void convert(const struct fgl_presenter *p, XImage *img, const uint8_t *pixels,
                    uint32_t width, uint32_t height)
{
	size_t stride = (size_t)width * 4;
	bool lsb = img->byte_order == LSBFirst;

	for (uint32_t y = 0; y < height; y++) {
		const uint8_t *src = pixels + (size_t)(height - 1 - y) * stride;
		uint8_t *dst = (uint8_t *)img->data + (size_t)y * (size_t)img->bytes_per_line;

		if (p->fast) {
			memcpy(dst, src, stride);
			continue;
		}
		for (uint32_t x = 0; x < width; x++, src += 4) {
			unsigned long v = scale(src[2], p->red) | scale(src[1], p->green) |
			                  scale(src[0], p->blue) | scale(src[3], p->alpha);

			switch (img->bits_per_pixel) {
			case 32:
				for (int i = 0; i < 4; i++)
					*dst++ = (uint8_t)(v >> (lsb ? 8 * i : 24 - 8 * i));
				break;
			case 24:
				for (int i = 0; i < 3; i++)
					*dst++ = (uint8_t)(v >> (lsb ? 8 * i : 16 - 8 * i));
				break;
			case 16:
				*dst++ = (uint8_t)(lsb ? v : v >> 8);
				*dst++ = (uint8_t)(lsb ? v >> 8 : v);
				break;
			default:
				XPutPixel(img, (int)x, (int)y, v);
				break;
			}
		}
	}
}

/* ---- frames the host writes into shared memory ---- */

/* Whether the server takes a memfd (MIT-SHM 1.2, ShmAttachFd) and the drawable's
 * pixels are the host's B,G,R,A bytes as they are: the host writes them for X. */
static bool ring_possible(struct fgl_presenter *p)
{
	xcb_connection_t *conn = XGetXCBConnection(p->dpy);
	xcb_shm_query_version_reply_t *v;
	bool ok;
	XImage *img;

	const char *env = getenv("FAKEGL_SHM_FRAMES");

	if (!p->shm || !conn || (env && !strcmp(env, "0")))
		return false;
	v = xcb_shm_query_version_reply(conn, xcb_shm_query_version(conn), NULL);
	ok = v && (v->major_version > 1 || (v->major_version == 1 && v->minor_version >= 2));
	free(v);
	if (!ok) {
		LOG("MIT-SHM without file descriptors: frames on the socket");
		return false;
	}
	img = XCreateImage(p->dpy, p->visual, (unsigned int)p->depth, ZPixmap, 0, NULL, 1, 1, 32,
	                   0);
	if (!img)
		return false;
	setup_conversion(p, img);
	destroy_image(img);
	if (!p->fast)
		LOG("drawable 0x%lx: visual needs converting: frames on the socket",
		    (unsigned long)p->drawable);
	return p->fast;
}

/* One ring buffer of size bytes: a memfd sealed against resizing, attached by the
 * server, mapped here for XShmCreateImage. Its descriptor (ours to send and close) in
 * *fd. */
static int ring_alloc(struct fgl_presenter *p, struct shm_buffer *b, size_t size, int *fd)
{
	xcb_connection_t *conn = XGetXCBConnection(p->dpy);
	xcb_generic_error_t *err;
	int xfd = -1;

	*fd = memfd_create("fakegl-frame", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (*fd < 0)
		goto fail;
	if (ftruncate(*fd, (off_t)size) < 0 ||
	    fcntl(*fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0)
		goto fail;
	b->info.shmaddr = mmap(NULL, size, PROT_READ, MAP_SHARED, *fd, 0);
	if (b->info.shmaddr == MAP_FAILED) {
		b->info.shmaddr = NULL;
		goto fail;
	}
	b->memfd = true;
	b->size = size;
	b->info.shmid = -1;
	b->info.readOnly = True;
	b->info.shmseg = xcb_generate_id(conn);
	xfd = dup(*fd); /* xcb closes the one it sends */
	if (xfd < 0)
		goto fail;
	err = xcb_request_check(conn, xcb_shm_attach_fd_checked(conn, b->info.shmseg, xfd, 1));
	if (err) {
		LOG("ShmAttachFd failed with X error %d", err->error_code);
		free(err);
		goto fail;
	}
	b->attached = true;
	return 0;
fail:
	LOG("a frame buffer of %zu bytes: %s", size, strerror(errno));
	shm_release(p, b);
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	return -1;
}

int fgl_presenter_ring(struct fgl_presenter *p, uint32_t width, uint32_t height,
                       int fds[FGL_PRESENT_SLOTS], uint32_t *size, unsigned *slot)
{
	if (!p || !width || !height || width > 16384 || height > 16384)
		return -1;
	if (!p->ring_state)
		p->ring_state = ring_possible(p) ? 1 : -1;
	if (p->ring_state < 0)
		return -1;
	int made = 0;
	if (p->ring_width != width || p->ring_height != height || !p->ring[0].attached) {
		size_t bytes = (size_t)width * height * 4;
		XSync(p->dpy, False); /* the server is done with the old ones */
		for (int i = 0; i < FGL_PRESENT_SLOTS; i++)
			shm_release(p, &p->ring[i]);
		for (int i = 0; i < FGL_PRESENT_SLOTS; i++) {
			if (ring_alloc(p, &p->ring[i], bytes, &fds[i]) < 0) {
				while (i--) {
					close(fds[i]);
					shm_release(p, &p->ring[i]);
				}
				p->ring_state = -1;
				return -1;
			}
		}
		p->ring_width = width;
		p->ring_height = height;
		p->ring_next = 0;
		*size = (uint32_t)bytes;
		made = 1;
	}
	/* The host writes the next buffer when it runs the swap that follows: the server
	 * must be done with the put that read it last. */
	struct shm_buffer *b = &p->ring[p->ring_next];
	if (b->serial && LastKnownRequestProcessed(p->dpy) < b->serial)
		XSync(p->dpy, False);
	*slot = p->ring_next;
	p->ring_next = (p->ring_next + 1) % FGL_PRESENT_SLOTS;
	return made;
}

static int show_slot(struct fgl_presenter *p, unsigned slot, uint32_t width, uint32_t height)
{
	struct shm_buffer *b = slot < FGL_PRESENT_SLOTS ? &p->ring[slot] : NULL;
	XImage *img;

	if (!b || !b->attached || (size_t)width * height * 4 > b->size) {
		errno = EINVAL;
		return -1;
	}
	img = b->image;
	if (!img || img->width != (int)width || img->height != (int)height) {
		destroy_image(b->image);
		b->image = NULL;
		img = XShmCreateImage(p->dpy, p->visual, (unsigned int)p->depth, ZPixmap, NULL,
		                      &b->info, width, height);
		if (!img)
			return -1;
		if (img->bytes_per_line != (int)width * 4) {
			destroy_image(img);
			errno = EINVAL;
			return -1;
		}
		img->data = b->info.shmaddr;
		b->image = img;
	}
	b->serial = NextRequest(p->dpy);
	XShmPutImage(p->dpy, p->drawable, p->gc, img, p->rect_x, p->rect_y, p->rect_x, p->rect_y,
	             p->rect_w, p->rect_h, False);
	XFlush(p->dpy);
	p->width = width;
	p->height = height;
	return 0;
}

struct fgl_presenter *fgl_presenter_create(Display *dpy, Drawable drawable)
{
	struct fgl_presenter *p = calloc(1, sizeof(*p));
	XGCValues gcv = {.graphics_exposures = False};

	if (!p)
		return NULL;
	p->dpy = dpy;
	p->drawable = drawable;
	if (find_visual(p) < 0)
		goto fail;
	p->gc = XCreateGC(dpy, drawable, GCGraphicsExposures, &gcv);
	if (!p->gc)
		goto fail;
	p->shm = shm_wanted(dpy);
	LOG("drawable 0x%lx depth %d: %s", (unsigned long)drawable, p->depth,
	    p->shm ? "MIT-SHM" : "XPutImage");
	return p;
fail:
	free(p);
	return NULL;
}

static int show_shm(struct fgl_presenter *p, const uint8_t *pixels, uint32_t width, uint32_t height)
{
	struct shm_buffer *b = &p->bufs[p->next_buf];
	XImage *img = b->image;

	/* The server reads the segment when it handles the request; wait only if it may
	 * not have handled the last one that used this segment. */
	if (b->serial && LastKnownRequestProcessed(p->dpy) < b->serial)
		XSync(p->dpy, False);
	if (!img || img->width != (int)width || img->height != (int)height) {
		img = shm_image(p, b, width, height);
		if (!img)
			return -1;
	}
	setup_conversion(p, img);
	convert(p, img, pixels, width, height);
	b->serial = NextRequest(p->dpy);
	XShmPutImage(p->dpy, p->drawable, p->gc, img, p->rect_x, p->rect_y, p->rect_x, p->rect_y,
	             p->rect_w, p->rect_h, False);
	XFlush(p->dpy);
	p->next_buf = (p->next_buf + 1) % SHM_BUFFERS;
	return 0;
}

int fgl_presenter_show(struct fgl_presenter *p, const uint8_t *pixels, uint32_t width,
                       uint32_t height)
{
	return fgl_presenter_show_rect(p, pixels, width, height, 0, 0, (int)width, (int)height);
}

/* Frames shown while a context is released: the app may already have destroyed the
 * window (SDL does, then releases), and the X error must not reach its handler, whose
 * default exits the app. */
static __thread bool careful;

void fgl_present_set_careful(bool on)
{
	careful = on;
}

/* pixels NULL: the frame is in ring buffer slot. */
static int show_rect(struct fgl_presenter *p, const uint8_t *pixels, unsigned slot,
		     uint32_t width, uint32_t height, int x, int y, int w, int h);

static int show_careful(struct fgl_presenter *p, const uint8_t *pixels, unsigned slot,
			uint32_t width, uint32_t height, int x, int y, int w, int h)
{
	if (!careful || !p)
		return show_rect(p, pixels, slot, width, height, x, y, w, h);
	int (*old)(Display *, XErrorEvent *) = trap_begin(p->dpy);
	int rc = show_rect(p, pixels, slot, width, height, x, y, w, h);
	if (trap_end(p->dpy, old))
		rc = 0; /* the window is gone: nothing to show it in */
	return rc;
}

int fgl_presenter_show_rect(struct fgl_presenter *p, const uint8_t *pixels, uint32_t width,
                            uint32_t height, int x, int y, int w, int h)
{
	if (!pixels) {
		errno = EINVAL;
		return -1;
	}
	return show_careful(p, pixels, 0, width, height, x, y, w, h);
}

int fgl_presenter_show_slot(struct fgl_presenter *p, unsigned slot, uint32_t width,
			    uint32_t height, int x, int y, int w, int h)
{
	return show_careful(p, NULL, slot, width, height, x, y, w, h);
}

static int show_rect(struct fgl_presenter *p, const uint8_t *pixels, unsigned slot,
		     uint32_t width, uint32_t height, int x, int y, int w, int h)
{
	XImage *img;

	if (!p) {
		errno = EINVAL;
		return -1;
	}
	if (!width || !height)
		return 0;
	if (width > 32767 || height > 32767) { /* X coordinates are 16-bit */
		errno = EINVAL;
		return -1;
	}
	/* The rectangle in GL coordinates, clipped, then as X sees it (top down). */
	if (x < 0)
		w += x, x = 0;
	if (y < 0)
		h += y, y = 0;
	if (x + w > (int)width)
		w = (int)width - x;
	if (y + h > (int)height)
		h = (int)height - y;
	if (w <= 0 || h <= 0)
		return 0;
	p->rect_x = x;
	p->rect_y = (int)height - (y + h);
	p->rect_w = (unsigned)w;
	p->rect_h = (unsigned)h;
	if (!pixels)
		return show_slot(p, slot, width, height);
	if (p->shm) {
		if (show_shm(p, pixels, width, height) == 0)
			goto done;
		shm_drop(p);
	}
	img = plain_image(p, width, height);
	if (!img) {
		errno = ENOMEM;
		return -1;
	}
	setup_conversion(p, img);
	convert(p, img, pixels, width, height);
	XPutImage(p->dpy, p->drawable, p->gc, img, p->rect_x, p->rect_y, p->rect_x, p->rect_y,
	          p->rect_w, p->rect_h);
	XFlush(p->dpy);
done:
	p->width = width;
	p->height = height;
	return 0;
}

void fgl_presenter_destroy(struct fgl_presenter *p)
{
	if (!p)
		return;
	XSync(p->dpy, False);
	for (int i = 0; i < SHM_BUFFERS; i++)
		shm_release(p, &p->bufs[i]);
	for (int i = 0; i < FGL_PRESENT_SLOTS; i++)
		shm_release(p, &p->ring[i]);
	if (p->image) {
		free(p->image->data);
		destroy_image(p->image);
	}
	if (p->gc)
		XFreeGC(p->dpy, p->gc);
	free(p);
}

int fgl_presenter_uses_shm(const struct fgl_presenter *p)
{
	return p && p->shm;
}
