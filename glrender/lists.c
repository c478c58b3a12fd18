/* lists.c — display lists keep the app's numbers on the host: glNewList and glCallList(s)
 * name lists without a class in gl.xml, so no map could sit between the two. The guest
 * numbers glGenLists's block as GL does (libfakegl/lists.c) and sends it with the command;
 * here those numbers become lists whatever numbers the host's driver picked (another
 * driver, or lists made here by others), so that glIsList, glCallList and glDeleteLists
 * of the app's numbers reach the app's lists. wire/PROTOCOL.md, "Display lists". */
#include <stdlib.h>

#include "dec_gl.h"
#include "glr.h"

/* Whether the current context compiles a list (or asking failed: inside glBegin/glEnd),
 * when glNewList cannot make one. */
static bool compiling(void)
{
	GLint index = 1;
	glr_gl.GetIntegerv(GL_LIST_INDEX, &index);
	return index != 0;
}

/* first..first+count-1 become empty lists, as glGenLists leaves them: glIsList answers
 * GL_TRUE, glCallList does nothing. The app's pending error stays the app's. */
static void make_lists(struct glr_client *c, uint32_t first, uint32_t count)
{
	glr_hold_errors(c->ctx);
	for (uint32_t i = 0; i < count; i++) {
		glr_gl.NewList(first + i, GL_COMPILE);
		glr_gl.EndList();
	}
	glr_drop_errors();
}

/* Numbers that must become lists once no list compiles; share->lock held. */
static int pend(struct glr_share *s, uint32_t first, uint32_t count)
{
	if (s->lists_npending == s->lists_cap) {
		size_t cap = s->lists_cap ? s->lists_cap * 2 : 8;
		struct glr_list_range *p = realloc(s->lists_pending, cap * sizeof *p);
		if (!p)
			return -1;
		s->lists_pending = p;
		s->lists_cap = cap;
	}
	s->lists_pending[s->lists_npending++] = (struct glr_list_range){first, count};
	return 0;
}

/* first..last (inclusive) are no longer owed; share->lock held. */
static int unpend(struct glr_share *s, uint32_t first, uint32_t last)
{
	size_t n = s->lists_npending;
	/* each range may leave a part on either side: at most one more range */
	struct glr_list_range *out = malloc((n + 1) * sizeof *out);
	if (!out)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t a = s->lists_pending[i].first;
		uint32_t b = a + s->lists_pending[i].count - 1;
		if (b < first || a > last) {
			out[k++] = s->lists_pending[i];
			continue;
		}
		if (a < first)
			out[k++] = (struct glr_list_range){a, first - a};
		if (b > last)
			out[k++] = (struct glr_list_range){last + 1, b - last};
	}
	free(s->lists_pending);
	s->lists_pending = out;
	s->lists_npending = k;
	s->lists_cap = n + 1;
	return 0;
}

/* Make the owed numbers lists if there are any and this context compiles none; one the
 * app made a list meanwhile (glNewList/glEndList) stays as it is. */
static void settle(struct glr_client *c)
{
	struct glr_share *s = c->ctx->share;
	pthread_mutex_lock(&s->lock);
	if (s->lists_npending && !compiling()) {
		glr_hold_errors(c->ctx);
		for (size_t i = 0; i < s->lists_npending; i++) {
			const struct glr_list_range *r = &s->lists_pending[i];
			for (uint32_t j = 0; j < r->count; j++)
				if (!glr_gl.IsList(r->first + j)) {
					glr_gl.NewList(r->first + j, GL_COMPILE);
					glr_gl.EndList();
				}
		}
		glr_drop_errors();
		s->lists_npending = 0;
	}
	pthread_mutex_unlock(&s->lock);
}

/* a0..a1 less b0..b1 (half-open; of one length, or b empty): one range, maybe empty */
static void less(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1, uint64_t *r0, uint64_t *r1)
{
	*r0 = a0;
	*r1 = a1;
	if (b0 >= b1 || b1 <= a0 || a1 <= b0)
		return;
	if (a0 < b0)
		*r1 = b0;
	else
		*r0 = b1;
}

/* The guest has numbered the block (made, 0 when it found none): the driver's own
 * numbers, where they differ, are exchanged for the guest's. */
int glr_dec_glGenLists(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (!glr_gl.GenLists)
		return glr_missing(c, OP_glGenLists, 0, 0, 0);
	if (len < 12)
		return glr_bad(c, OP_glGenLists, "short command");
	size_t at = 0;
	GLsizei range = GETSCALAR(m, at, GLsizei);
	uint64_t made = GET64(m, at, uint64_t);
	if (range > WIRE_MAX_LIST_RANGE)
		return 0; /* the guest raised GL_OUT_OF_MEMORY */
	if (range > 0 && made && made - 1 > (uint64_t)UINT32_MAX - (uint64_t)range)
		return glr_bad(c, OP_glGenLists, "list numbers past 0xffffffff");
	/* the driver's errors (a negative range, inside glBegin/glEnd) are the app's */
	GLuint got = glr_gl.GenLists(range);
	if (range <= 0 || !got)
		return 0; /* GL made none: neither does the host (the app has the guest's) */
	struct glr_share *s = c->ctx->share;
	if (got != made) {
		uint64_t g0 = made, g1 = made ? made + (uint64_t)range : 0;
		uint64_t h0 = got, h1 = got + (uint64_t)range, a, b;
		/* the driver's numbers outside the guest's block are lists no more */
		less(h0, h1, g0, g1, &a, &b);
		if (b > a) {
			glr_hold_errors(c->ctx);
			glr_gl.DeleteLists((GLuint)a, (GLsizei)(b - a));
			glr_drop_errors();
		}
		/* and the guest's outside the driver's become lists, now or, since glNewList is
		 * refused while a list compiles, once none does */
		less(g0, g1, h0, h1, &a, &b);
		if (b > a && !compiling()) {
			make_lists(c, (uint32_t)a, (uint32_t)(b - a));
		} else if (b > a) {
			pthread_mutex_lock(&s->lock);
			int rc = pend(s, (uint32_t)a, (uint32_t)(b - a));
			pthread_mutex_unlock(&s->lock);
			if (rc < 0)
				return glr_bad(c, OP_glGenLists, "out of memory for list numbers");
		}
	}
	settle(c);
	return 0;
}

int glr_dec_glEndList(struct glr_client *c, const uint8_t *m, size_t len)
{
	(void)m;
	(void)len;
	if (!glr_gl.EndList)
		return glr_missing(c, OP_glEndList, 0, 0, 0);
	glr_gl.EndList();
	settle(c);
	return 0;
}

int glr_dec_glIsList(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (!glr_gl.IsList)
		return glr_missing(c, OP_glIsList, 1, 0, sizeof(GLboolean));
	if (len < 4)
		return glr_bad(c, OP_glIsList, "short command");
	size_t at = 0;
	GLuint list = GETSCALAR(m, at, GLuint);
	GLboolean ret = glr_gl.IsList(list);
	struct glr_share *s = c->ctx->share;
	if (!ret && list) {
		/* glGenLists gave it while a list compiled: a list, not yet made one here */
		pthread_mutex_lock(&s->lock);
		for (size_t i = 0; i < s->lists_npending && !ret; i++)
			if (list - s->lists_pending[i].first < s->lists_pending[i].count)
				ret = GL_TRUE;
		pthread_mutex_unlock(&s->lock);
	}
	return glr_reply(c, 0, &ret, sizeof ret);
}

int glr_dec_glDeleteLists(struct glr_client *c, const uint8_t *m, size_t len)
{
	if (!glr_gl.DeleteLists)
		return glr_missing(c, OP_glDeleteLists, 0, 0, 0);
	if (len < 8)
		return glr_bad(c, OP_glDeleteLists, "short command");
	size_t at = 0;
	GLuint list = GETSCALAR(m, at, GLuint);
	GLsizei range = GETSCALAR(m, at, GLsizei);
	glr_gl.DeleteLists(list, range);
	struct glr_share *s = c->ctx->share;
	/* Mesa counts list..list+range-1 in GLuint: past 0xffffffff nothing is deleted */
	uint32_t end = list + (uint32_t)range;
	if (range > 0 && end > list) {
		pthread_mutex_lock(&s->lock);
		int rc = s->lists_npending ? unpend(s, list, end - 1) : 0;
		pthread_mutex_unlock(&s->lock);
		if (rc < 0)
			return glr_bad(c, OP_glDeleteLists, "out of memory for list numbers");
	}
	return 0;
}
