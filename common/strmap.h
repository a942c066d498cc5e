/* strmap.h - string -> index map (open addressing, in an arena), for the lookups by id
 * that would otherwise make reading a long history quadratic. */
#ifndef MIG_STRMAP_H
#define MIG_STRMAP_H

#include <stddef.h>

#include "arena.h"

typedef struct mig_strmap {
    const char **keys; /* borrowed: they must outlive the map */
    int *vals;
    size_t cap, n;     /* cap is a power of two */
} mig_strmap;

void mig_strmap_init(mig_arena *a, mig_strmap *m, size_t expected);
/* The value stored for key, or -1. */
int mig_strmap_get(const mig_strmap *m, const char *key);
/* Store key -> val (replacing a value already there). */
void mig_strmap_put(mig_arena *a, mig_strmap *m, const char *key, int val);

#endif
