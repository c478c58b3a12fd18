/* names.c — a map from the guest's object names to the host's: open addressing with
 * linear probing and backward-shift deletion, keys never 0 (name 0 is never mapped). */
#include <stdlib.h>

#include "glr.h"

struct slot {
	uint64_t key, value;
};

struct glr_map {
	struct slot *slots;
	size_t cap, count; /* cap is a power of two */
};

static size_t hash(uint64_t k, size_t cap)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	return (size_t)k & (cap - 1);
}

struct glr_map *glr_map_new(void)
{
	struct glr_map *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->cap = 64;
	m->slots = calloc(m->cap, sizeof *m->slots);
	if (!m->slots) {
		free(m);
		return NULL;
	}
	return m;
}

void glr_map_free(struct glr_map *m)
{
	if (m) {
		free(m->slots);
		free(m);
	}
}

bool glr_map_get(struct glr_map *m, uint64_t key, uint64_t *value)
{
	for (size_t i = hash(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].key == key) {
			*value = m->slots[i].value;
			return true;
		}
		if (!m->slots[i].key)
			return false;
	}
}

static int grow(struct glr_map *m)
{
	size_t cap = m->cap * 2;
	struct slot *s = calloc(cap, sizeof *s);
	if (!s)
		return -1;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].key)
			continue;
		size_t j = hash(m->slots[i].key, cap);
		while (s[j].key)
			j = (j + 1) & (cap - 1);
		s[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = s;
	m->cap = cap;
	return 0;
}

int glr_map_put(struct glr_map *m, uint64_t key, uint64_t value)
{
	if (!key)
		return -1;
	if ((m->count + 1) * 4 > m->cap * 3 && grow(m) < 0)
		return -1;
	size_t i = hash(key, m->cap);
	while (m->slots[i].key && m->slots[i].key != key)
		i = (i + 1) & (m->cap - 1);
	if (!m->slots[i].key)
		m->count++;
	m->slots[i].key = key;
	m->slots[i].value = value;
	return 0;
}

bool glr_map_del(struct glr_map *m, uint64_t key, uint64_t *value)
{
	size_t i = hash(key, m->cap);
	while (m->slots[i].key != key) {
		if (!m->slots[i].key)
			return false;
		i = (i + 1) & (m->cap - 1);
	}
	if (value)
		*value = m->slots[i].value;
	/* Shift back the entries of the run after i that hash at or before the hole. */
	size_t hole = i;
	for (size_t j = (i + 1) & (m->cap - 1); m->slots[j].key; j = (j + 1) & (m->cap - 1)) {
		size_t h = hash(m->slots[j].key, m->cap);
		if (((j - h) & (m->cap - 1)) >= ((j - hole) & (m->cap - 1))) {
			m->slots[hole] = m->slots[j];
			hole = j;
		}
	}
	m->slots[hole].key = 0;
	m->slots[hole].value = 0;
	m->count--;
	return true;
}

bool glr_map_find_value(struct glr_map *m, uint64_t value, uint64_t *key)
{
	for (size_t i = 0; i < m->cap; i++) {
		if (m->slots[i].key && m->slots[i].value == value) {
			*key = m->slots[i].key;
			return true;
		}
	}
	return false;
}
