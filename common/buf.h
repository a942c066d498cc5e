/* buf.h - growable byte buffer on the heap (for text that outlives no arena). */
#ifndef MIG_BUF_H
#define MIG_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct mig_buf {
    char *s;      /* always NUL-terminated once anything was added */
    size_t len, cap;
} mig_buf;

#define MIG_BUF_INIT {NULL, 0, 0}

void mig_buf_add(mig_buf *b, const char *s, size_t n);
void mig_buf_puts(mig_buf *b, const char *s);
void mig_buf_putc(mig_buf *b, char c);
void mig_buf_printf(mig_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mig_buf_vprintf(mig_buf *b, const char *fmt, va_list ap);
const char *mig_buf_str(mig_buf *b);  /* "" when empty */
void mig_buf_reset(mig_buf *b);       /* keeps capacity */
void mig_buf_free(mig_buf *b);
/* Each line of text (NULL: none) after prefix, each ending in a newline. */
void mig_buf_put_lines(mig_buf *b, const char *prefix, const char *text);

#endif
