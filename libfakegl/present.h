/* present.h — putting a frame that came back from the host into an X window,
 * with MIT-SHM when the X server is on this machine, XPutImage otherwise. Uses core X11
 * and the MIT-SHM extension only: the guest X server needs no GLX. */
#ifndef FAKEGL_PRESENT_H
#define FAKEGL_PRESENT_H

#include <X11/Xlib.h>
#include <stdbool.h>
#include <stdint.h>

struct fgl_presenter; /* one per X drawable that frames are shown in */

/* Frame buffers in shared memory that the host writes (wire.h: WIRE_SHM_SLOTS). */
#define FGL_PRESENT_SLOTS 3

/* For drawable (a Window, or a Pixmap for GLX pixmaps) on dpy. Creates its own GC.
 * Never fails for a valid drawable: falls back from XShm to XPutImage by itself
 * (remote display, no MIT-SHM, shmget refused, an X error on XShmAttach).
 * FAKEGL_NO_SHM=1 in the environment turns MIT-SHM off (read here, per presenter). */
struct fgl_presenter *fgl_presenter_create(Display *dpy, Drawable drawable);
/* Show a width×height frame: pixels are 4 bytes each, B,G,R,A (as GL_BGRA /
 * GL_UNSIGNED_BYTE gives them), rows bottom-up (GL order), stride width*4. The
 * window gets it top-down, at (0,0). Converts when the drawable's visual is not
 * the usual 24/32-bit TrueColor with masks 0xff0000/0xff00/0xff. Grows its image
 * when the size changes. Returns 0, or -1 when nothing could be shown. */
/* While on, this thread's presentations catch X errors (the window may be gone). */
void fgl_present_set_careful(bool on);
int fgl_presenter_show(struct fgl_presenter *p, const uint8_t *pixels, uint32_t width,
		       uint32_t height);
/* The same, showing only the rectangle x,y,w,h of the frame (GL coordinates: origin
 * at the bottom left, as glXCopySubBufferMESA gives it); the rest of the drawable is
 * left as it was. */
int fgl_presenter_show_rect(struct fgl_presenter *p, const uint8_t *pixels, uint32_t width,
			    uint32_t height, int x, int y, int w, int h);
/* Frames the host writes into shared memory: memfds the X server maps too (MIT-SHM
 * 1.2), used in turn, one per swap. Before each swap request of the drawable: makes the
 * buffers when there are none of width×height yet and returns 1 with their
 * descriptors in fds (the caller sends them to the host and closes them) and the size
 * of each in *size; returns 0 when the ones made before serve; either way *slot is the
 * buffer the host will write for this swap, which the server is done reading. -1: not
 * possible here (remote or old X server, a visual that needs converting, no memfd);
 * frames then come with their pixels. */
int fgl_presenter_ring(struct fgl_presenter *p, uint32_t width, uint32_t height,
		       int fds[FGL_PRESENT_SLOTS], uint32_t *size, unsigned *slot);
/* Show the rectangle x,y,w,h (as fgl_presenter_show_rect) of the width×height frame
 * the host wrote into buffer slot (rows top-down). */
int fgl_presenter_show_slot(struct fgl_presenter *p, unsigned slot, uint32_t width,
			    uint32_t height, int x, int y, int w, int h);
/* Free the image, the shared memory and the GC; XSync first so the server is done. */
void fgl_presenter_destroy(struct fgl_presenter *p);
/* Whether it uses MIT-SHM (for logs and tests). */
int fgl_presenter_uses_shm(const struct fgl_presenter *p);

#endif
