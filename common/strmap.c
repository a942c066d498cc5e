/* strmap.c - see strmap.h. */
#include "strmap.h"

#include <stdint.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

void mig_strmap_init(mig_arena *a, mig_strmap *m, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2) cap *= 2;
    m->keys = mig_alloc(a, cap * sizeof *m->keys);
    m->vals = mig_alloc(a, cap * sizeof *m->vals);
    m->cap = cap;
    m->n = 0;
}

static size_t slot(const mig_strmap *m, const char *key)
{
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0) i = (i + 1) & (m->cap - 1);
    return i;
}

int mig_strmap_get(const mig_strmap *m, const char *key)
{
    if (!m->cap) return -1;
    size_t i = slot(m, key);
    return m->keys[i] ? m->vals[i] : -1;
}

void mig_strmap_put(mig_arena *a, mig_strmap *m, const char *key, int val)
{
    if (!m->cap) mig_strmap_init(a, m, 8);
    if ((m->n + 1) * 2 > m->cap) {
        mig_strmap bigger;
        mig_strmap_init(a, &bigger, m->cap);
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) mig_strmap_put(a, &bigger, m->keys[i], m->vals[i]);
        *m = bigger;
    }
    size_t i = slot(m, key);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->n++;
    }
    m->vals[i] = val;
}
