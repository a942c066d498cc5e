/* arena.h - bump allocator that owns everything a parse or an analysis makes.
 *
 * Every AST node, name, diagnostic and schema snapshot of one migc run lives in one
 * arena and is freed with it in a single call. Allocation never returns NULL: running
 * out of memory aborts with a message (there is nothing sensible to recover to).
 */
#ifndef MIG_ARENA_H
#define MIG_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct mig_arena mig_arena;

mig_arena *mig_arena_new(void);
void mig_arena_free(mig_arena *a);

/* Bytes handed out so far (what the arena's allocations cost, for tests of growth). */
size_t mig_arena_size(const mig_arena *a);

void *mig_alloc(mig_arena *a, size_t size);          /* zeroed, aligned to max_align_t */
void *mig_dup(mig_arena *a, const void *p, size_t size);
char *mig_strdup(mig_arena *a, const char *s);
/* The whole file at path, read into a and NUL-terminated (*len, if not NULL, gets its
 * length), of at most max bytes (0: no limit); NULL with errno set when it cannot be
 * opened or read, EISDIR for a directory, EFBIG when it holds more than max bytes. */
char *mig_read_file(mig_arena *a, const char *path, size_t max, size_t *len);
char *mig_strndup(mig_arena *a, const char *s, size_t n);
char *mig_printf(mig_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *mig_vprintf(mig_arena *a, const char *fmt, va_list ap);

/* Grow an arena array to hold at least `need` elements of `elem` bytes; returns the
 * (possibly moved) array and updates *cap. Old storage stays in the arena. */
void *mig_grow(mig_arena *a, void *v, size_t elem, size_t *cap, size_t need);

#define MIG_PUSH(arena, vec, n, cap, value)                                               \
    do {                                                                                  \
        if ((n) >= (cap)) (vec) = mig_grow((arena), (vec), sizeof *(vec), &(cap), (n) + 1); \
        (vec)[(n)++] = (value);                                                           \
    } while (0)

/* Heap helpers that abort on exhaustion (for the few things that do not live in an arena). */
void *mig_xmalloc(size_t n);
void *mig_xrealloc(void *p, size_t n);
char *mig_xstrdup(const char *s);

/* A stack of pointers on the heap, for walks that must not recurse (a graph's depth is
 * input). Zero-initialize; push aborts on exhaustion; pop returns NULL when empty. */
typedef struct mig_ptrstack {
    const void **v;
    size_t n, cap;
} mig_ptrstack;
void mig_ptrstack_push(mig_ptrstack *s, const void *p);
const void *mig_ptrstack_pop(mig_ptrstack *s);
void mig_ptrstack_free(mig_ptrstack *s);

#endif
