/* lists.c — display-list numbers, which the guest hands out as GL does: the host uses the
 * app's numbers as they are (glNewList and glCallList(s) name lists without a class in
 * gl.xml, so they could not be mapped), and glGenLists needs no round trip when the guest
 * knows which numbers of the share group are lists. wire/PROTOCOL.md, "Display lists". */
#include <pthread.h>
#include <stdlib.h>

#include "enc_gl.h"
#include "fgl.h"

/* The numbers of a share group that are lists, as disjoint ranges in ascending order,
 * none adjacent to the next; and the largest number ever made a list, which Mesa's
 * glGenLists counts on (it never goes down). */
struct list_range {
	uint32_t first, last;
};

struct fgl_lists {
	pthread_mutex_t lock;
	struct list_range *used;
	size_t n, cap;
	uint32_t max_key;
};

struct fgl_lists *fgl_lists_new(void)
{
	struct fgl_lists *ls = calloc(1, sizeof *ls);
	if (ls)
		pthread_mutex_init(&ls->lock, NULL);
	return ls;
}

void fgl_lists_free(struct fgl_lists *ls)
{
	if (!ls)
		return;
	pthread_mutex_destroy(&ls->lock);
	free(ls->used);
	free(ls);
}

/* The first range whose last number is at least key (n when none). */
static size_t range_at(const struct fgl_lists *ls, uint32_t key)
{
	size_t lo = 0, hi = ls->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ls->used[mid].last < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* first..last become lists. -1 when out of memory (the numbers then stay free here: the
 * guest may give them again, which GL would not). */
static int mark(struct fgl_lists *ls, uint32_t first, uint32_t last)
{
	if (last > ls->max_key)
		ls->max_key = last;
	/* ranges that overlap first..last or touch it merge with it */
	size_t i = range_at(ls, first > 0 ? first - 1 : 0), j = i;
	while (j < ls->n && (last == UINT32_MAX || ls->used[j].first <= last + 1)) {
		if (ls->used[j].first < first)
			first = ls->used[j].first;
		if (ls->used[j].last > last)
			last = ls->used[j].last;
		j++;
	}
	if (i == j) {
		if (ls->n == ls->cap) {
			size_t cap = ls->cap ? ls->cap * 2 : 16;
			struct list_range *p = realloc(ls->used, cap * sizeof *p);
			if (!p)
				return -1;
			ls->used = p;
			ls->cap = cap;
		}
		memmove(ls->used + i + 1, ls->used + i, (ls->n - i) * sizeof *ls->used);
		ls->n++;
		j = i + 1;
	}
	ls->used[i].first = first;
	ls->used[i].last = last;
	memmove(ls->used + i + 1, ls->used + j, (ls->n - j) * sizeof *ls->used);
	ls->n -= j - i - 1;
	return 0;
}

/* first..last are lists no more. */
static void unmark(struct fgl_lists *ls, uint32_t first, uint32_t last)
{
	size_t i = range_at(ls, first);
	if (i < ls->n && ls->used[i].first < first && ls->used[i].last > last) {
		/* inside one range: split it in two */
		struct list_range tail = {last + 1, ls->used[i].last};
		ls->used[i].last = first - 1;
		if (mark(ls, tail.first, tail.last) < 0)
			ls->used[i].last = tail.last; /* out of memory: keep them lists */
		return;
	}
	if (i < ls->n && ls->used[i].first < first) {
		ls->used[i].last = first - 1;
		i++;
	}
	size_t j = i;
	while (j < ls->n && ls->used[j].last <= last)
		j++;
	if (j < ls->n && ls->used[j].first <= last)
		ls->used[j].first = last + 1;
	memmove(ls->used + i, ls->used + j, (ls->n - j) * sizeof *ls->used);
	ls->n -= j - i;
}

/* Where glGenLists(range) starts, as Mesa's _mesa_HashFindFreeKeyBlock finds it: one past
 * the largest number ever made a list while that fits below 0xfffffffe, else the lowest
 * free block among 1..0xfffffffd; 0 when there is none. Other drivers may number
 * otherwise: the host then makes these numbers lists all the same (glrender/lists.c). */
static uint32_t free_block(const struct fgl_lists *ls, uint32_t range)
{
	const uint32_t top = UINT32_MAX - 1;
	if (top - range > ls->max_key)
		return ls->max_key + 1;
	uint64_t start = 1;
	for (size_t i = 0; i < ls->n; i++) {
		if (ls->used[i].first >= start + range)
			break;
		if (ls->used[i].last >= start)
			start = (uint64_t)ls->used[i].last + 1;
	}
	return start + range - 1 < top ? (uint32_t)start : 0;
}

uint64_t fgl_lists_gen(struct fgl_thread *t, int32_t range)
{
	if (range <= 0)
		return 0; /* GL_INVALID_VALUE for a negative one comes from the host */
	if (range > WIRE_MAX_LIST_RANGE) {
		fgl_set_error(t, GL_OUT_OF_MEMORY);
		return 0;
	}
	struct fgl_lists *ls = t->ctx->share->lists;
	pthread_mutex_lock(&ls->lock);
	uint32_t first = free_block(ls, (uint32_t)range);
	if (first && mark(ls, first, first + (uint32_t)range - 1) < 0)
		first = 0;
	pthread_mutex_unlock(&ls->lock);
	return first;
}

/* A list exists from its glEndList on (Mesa adds it to the share group there, so that a
 * glGenLists while it compiles may give its number). glNewList's own errors start no
 * compile; one the guest cannot see (inside glBegin/glEnd) leaves a number marked here
 * that GL has not made a list, which only moves where later blocks start. */
FGL_EXPORT void glNewList(GLuint list, GLenum mode)
{
	struct fgl_thread *t = fgl_tls;
	if (!t || !t->ctx)
		return;
	if (!t->ctx->list_compiling && list &&
	    (mode == GL_COMPILE || mode == GL_COMPILE_AND_EXECUTE)) {
		t->ctx->list_compiling = list;
		t->ctx->list_mode = mode;
	}
	fgl_enc_glNewList(list, mode);
}

FGL_EXPORT void glEndList(void)
{
	struct fgl_thread *t = fgl_tls;
	if (!t || !t->ctx)
		return;
	uint32_t list = t->ctx->list_compiling;
	if (list) {
		struct fgl_lists *ls = t->ctx->share->lists;
		pthread_mutex_lock(&ls->lock);
		mark(ls, list, list);
		pthread_mutex_unlock(&ls->lock);
		t->ctx->list_compiling = 0;
		t->ctx->list_mode = 0;
	}
	fgl_enc_glEndList();
}

/* Mesa deletes list..list+range-1 counted in GLuint: a range past 0xffffffff deletes
 * nothing. */
FGL_EXPORT void glDeleteLists(GLuint list, GLsizei range)
{
	struct fgl_thread *t = fgl_tls;
	if (!t || !t->ctx)
		return;
	uint32_t end = list + (uint32_t)range;
	if (range > 0 && end > list) {
		struct fgl_lists *ls = t->ctx->share->lists;
		pthread_mutex_lock(&ls->lock);
		unmark(ls, list, end - 1);
		pthread_mutex_unlock(&ls->lock);
	}
	fgl_enc_glDeleteLists(list, range);
}
