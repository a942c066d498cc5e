/* buf.c - growable byte buffer. */
#include "buf.h"
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(mig_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t nc = b->cap ? b->cap : 64;
    while (nc < b->len + extra + 1) nc *= 2;
    b->s = mig_xrealloc(b->s, nc);
    b->cap = nc;
}

void mig_buf_add(mig_buf *b, const char *s, size_t n)
{
    reserve(b, n);
    if (n) memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void mig_buf_puts(mig_buf *b, const char *s) { mig_buf_add(b, s, strlen(s)); }

void mig_buf_putc(mig_buf *b, char c) { mig_buf_add(b, &c, 1); }

/* One formatting pass when the text fits the room left (most do: the room is kept at 128
 * bytes or more), a second only when it does not. */
void mig_buf_vprintf(mig_buf *b, const char *fmt, va_list ap)
{
    reserve(b, 128);
    size_t room = b->cap - b->len;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(b->s + b->len, room, fmt, ap2);
    va_end(ap2);
    if (n <= 0) {
        b->s[b->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        reserve(b, (size_t)n);
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void mig_buf_printf(mig_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mig_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *mig_buf_str(mig_buf *b) { return b->s ? b->s : ""; }

void mig_buf_reset(mig_buf *b)
{
    b->len = 0;
    if (b->s) b->s[0] = '\0';
}

void mig_buf_free(mig_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

void mig_buf_put_lines(mig_buf *b, const char *prefix, const char *text)
{
    while (text && *text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        mig_buf_puts(b, prefix);
        mig_buf_add(b, text, n);
        mig_buf_putc(b, '\n');
        text += n + (nl ? 1 : 0);
    }
}
