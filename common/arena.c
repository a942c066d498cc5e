/* arena.c - chunked bump allocator. */
#include "arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK_MIN (64 * 1024)

struct chunk {
    struct chunk *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
};

struct mig_arena {
    struct chunk *head;
};

static void oom(size_t n)
{
    fprintf(stderr, "fatal: out of memory (could not allocate %zu bytes)\n", n);
    abort();
}

void *mig_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *mig_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

char *mig_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(mig_xmalloc(n), s, n);
}

mig_arena *mig_arena_new(void)
{
    mig_arena *a = mig_xmalloc(sizeof *a);
    a->head = NULL;
    return a;
}

void mig_arena_free(mig_arena *a)
{
    if (!a) return;
    struct chunk *c = a->head;
    while (c) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

size_t mig_arena_size(const mig_arena *a)
{
    size_t n = 0;
    for (const struct chunk *c = a->head; c; c = c->next) n += c->used;
    return n;
}

void *mig_alloc(mig_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0) size = align;
    struct chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cs = size > CHUNK_MIN ? size : CHUNK_MIN;
        if (cs > SIZE_MAX - sizeof *c) oom(size);
        c = malloc(sizeof *c + cs);
        if (!c) oom(cs);
        c->size = cs;
        c->used = 0;
        /* A chunk made for one large request goes behind the head so the
         * head's remaining space is not wasted. */
        if (a->head && size > CHUNK_MIN) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

void *mig_dup(mig_arena *a, const void *p, size_t size)
{
    void *q = mig_alloc(a, size);
    if (size) memcpy(q, p, size);
    return q;
}

char *mig_strndup(mig_arena *a, const char *s, size_t n)
{
    char *q = mig_alloc(a, n + 1);
    memcpy(q, s, n);
    q[n] = '\0';
    return q;
}

char *mig_strdup(mig_arena *a, const char *s)
{
    return mig_strndup(a, s, strlen(s));
}

char *mig_read_file(mig_arena *a, const char *path, size_t max, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    bool known = fstat(fd, &st) == 0, sized = known && S_ISREG(st.st_mode);
    if (known && S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return NULL;
    }
    /* Sized by fstat, and read to the end even when the file grew since (or has no size),
     * but never past max: a device or a growing file cannot fill the memory. */
    size_t cap = sized ? (size_t)st.st_size + 1 : 8192, n = 0;
    if (max && cap > max + 2) cap = max + 2;
    char *s = mig_alloc(a, cap);
    for (;;) {
        if (max && n > max) {
            close(fd);
            errno = EFBIG;
            return NULL;
        }
        if (n + 1 >= cap) {
            char *more = mig_alloc(a, cap * 2);
            memcpy(more, s, n);
            s = more;
            cap *= 2;
        }
        ssize_t got = read(fd, s + n, cap - 1 - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int e = errno;
            close(fd);
            errno = e;
            return NULL;
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    close(fd);
    s[n] = '\0';
    if (len) *len = n;
    return s;
}

char *mig_vprintf(mig_arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0;
    char *s = mig_alloc(a, (size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *mig_printf(mig_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = mig_vprintf(a, fmt, ap);
    va_end(ap);
    return s;
}

void *mig_grow(mig_arena *a, void *v, size_t elem, size_t *cap, size_t need)
{
    size_t nc = *cap ? *cap : 4;
    while (nc < need) nc *= 2;
    void *nv = mig_alloc(a, nc * elem);
    if (v && *cap) memcpy(nv, v, *cap * elem);
    *cap = nc;
    return nv;
}

void mig_ptrstack_push(mig_ptrstack *s, const void *p)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = mig_xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = p;
}

const void *mig_ptrstack_pop(mig_ptrstack *s) { return s->n ? s->v[--s->n] : NULL; }

void mig_ptrstack_free(mig_ptrstack *s)
{
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}
