/* diag.c - collecting, sorting and printing diagnostics. */
#include "diag.h"
#include "buf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_PER_SOURCE 50
#define WINDOW 120 /* display columns of a long source line shown around the caret */

void mig_diags_init(mig_diags *d, mig_arena *a)
{
    memset(d, 0, sizeof *d);
    d->arena = a;
    d->max_per_source = DEFAULT_MAX_PER_SOURCE;
}

mig_source *mig_source_new(mig_arena *a, const char *path, const char *text, size_t len,
                           unsigned index)
{
    mig_source *s = mig_alloc(a, sizeof *s);
    s->path = mig_strdup(a, path);
    s->text = mig_strndup(a, text, len);
    s->len = (uint32_t)len;
    s->index = index;
    size_t cap = 0, n = 0;
    uint32_t *lines = NULL;
    MIG_PUSH(a, lines, n, cap, 0);
    for (uint32_t i = 0; i < s->len; i++)
        if (s->text[i] == '\n') MIG_PUSH(a, lines, n, cap, i + 1);
    s->lines = lines;
    s->nlines = (uint32_t)n;
    return s;
}

static uint32_t line_index(const mig_source *s, uint32_t off)
{
    uint32_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->lines[mid] <= off) lo = mid;
        else hi = mid;
    }
    return lo;
}

static bool cont_byte(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Length of the valid UTF-8 sequence at p (1 for ASCII), or 0 if invalid. */
static int utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    int n;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3;
    else if (c >= 0xF0 && c <= 0xF4) n = 4;
    else return 0;
    if (end - p < n) return 0;
    for (int i = 1; i < n; i++)
        if (!cont_byte(p[i])) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;
    if (c == 0xED && p[1] > 0x9F) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;
    if (c == 0xF4 && p[1] > 0x8F) return 0;
    return n;
}

void mig_source_linecol(const mig_source *s, uint32_t off, unsigned *line, unsigned *col)
{
    if (off > s->len) off = s->len;
    uint32_t li = line_index(s, off);
    const unsigned char *p = (const unsigned char *)s->text + s->lines[li];
    const unsigned char *q = (const unsigned char *)s->text + off;
    unsigned c = 1;
    while (p < q) {
        int n = utf8_len(p, q);
        p += n ? n : 1;
        c++;
    }
    *line = li + 1;
    *col = c;
}

bool mig_source_capped(const mig_source *src) { return src && src->capped; }

static mig_diag *add(mig_diags *d, mig_severity sev, const mig_source *src, mig_loc loc, bool has_loc,
                     const char *fmt, va_list ap)
{
    if (src && sev == MIG_SEV_ERROR) {
        mig_source *ms = (mig_source *)src; /* the count is bookkeeping, not content */
        if (ms->capped) {
            memset(&d->sink, 0, sizeof d->sink);
            return &d->sink;
        }
        if (++ms->nerrors >= d->max_per_source) ms->capped = true;
    }
    mig_diag *g = mig_alloc(d->arena, sizeof *g);
    g->sev = sev;
    g->src = src;
    g->loc = loc;
    g->has_loc = has_loc;
    g->msg = mig_vprintf(d->arena, fmt, ap);
    g->seq = (unsigned)d->n;
    MIG_PUSH(d->arena, d->v, d->n, d->cap, g);
    if (sev == MIG_SEV_ERROR) d->nerrors++;
    else if (sev == MIG_SEV_WARNING) d->nwarnings++;
    if (src && src->capped && sev == MIG_SEV_ERROR) {
        g->hint = mig_printf(d->arena,
                             "This file has %u errors; the rest of it is not checked. "
                             "Fix these first.",
                             d->max_per_source);
    }
    return g;
}

mig_diag *mig_report(mig_diags *d, mig_severity sev, const mig_source *src, mig_loc loc,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mig_diag *g = add(d, sev, src, loc, src != NULL, fmt, ap);
    va_end(ap);
    return g;
}

mig_diag *mig_report_plain(mig_diags *d, mig_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mig_loc none = {0, 0};
    mig_diag *g = add(d, sev, NULL, none, false, fmt, ap);
    va_end(ap);
    return g;
}

void mig_hint(mig_diags *d, mig_diag *g, const char *fmt, ...)
{
    if (g == &d->sink || g->hint) return; /* first hint wins (the cap hint included) */
    va_list ap;
    va_start(ap, fmt);
    g->hint = mig_vprintf(d->arena, fmt, ap);
    va_end(ap);
}

void mig_detail(mig_diags *d, mig_diag *g, const char *fmt, ...)
{
    if (g == &d->sink) return;
    va_list ap;
    va_start(ap, fmt);
    g->detail = mig_vprintf(d->arena, fmt, ap);
    va_end(ap);
}

void mig_note(mig_diags *d, mig_diag *g, const mig_source *src, mig_loc loc, const char *fmt, ...)
{
    if (g == &d->sink) return;
    mig_diag *n = mig_alloc(d->arena, sizeof *n);
    n->sev = MIG_SEV_NOTE;
    n->src = src;
    n->loc = loc;
    n->has_loc = src != NULL;
    va_list ap;
    va_start(ap, fmt);
    n->msg = mig_vprintf(d->arena, fmt, ap);
    va_end(ap);
    mig_diag **tail = &g->notes;
    while (*tail) tail = &(*tail)->next;
    *tail = n;
}

/* ---- rendering ---- */

static const char *sev_name(mig_severity s, bool werror)
{
    switch (s) {
    case MIG_SEV_ERROR: return "error";
    case MIG_SEV_WARNING: return werror ? "error" : "warning";
    default: return "note";
    }
}

static const char *sev_color(mig_severity s, bool werror)
{
    switch (s) {
    case MIG_SEV_ERROR: return "\033[1;31m";
    case MIG_SEV_WARNING: return werror ? "\033[1;31m" : "\033[1;35m";
    default: return "\033[1;36m";
    }
}

/* Append the source line under loc with a caret line below it. */
static void render_excerpt(mig_buf *b, const mig_source *s, mig_loc loc, const mig_print_opts *o)
{
    uint32_t start = loc.start > s->len ? s->len : loc.start;
    uint32_t li = line_index(s, start);
    uint32_t ls = s->lines[li];
    uint32_t le = li + 1 < s->nlines ? s->lines[li + 1] - 1 : s->len;
    if (le > ls && s->text[le - 1] == '\r') le--;
    uint32_t end = loc.end < start ? start : loc.end;
    if (end > le) end = le;

    /* Pick a window of the line around the caret when the line is long. */
    const unsigned char *t = (const unsigned char *)s->text;
    uint32_t ws = ls, we = le;
    unsigned cols = 0;
    for (uint32_t i = ls; i < le;) {
        int n = utf8_len(t + i, t + le);
        i += n ? n : 1;
        cols++;
    }
    bool cut_left = false, cut_right = false;
    if (cols > WINDOW) {
        /* Start WINDOW/3 characters before the caret, stop WINDOW characters later. */
        unsigned before = 0;
        uint32_t i = start;
        while (i > ls && before < WINDOW / 3) {
            i--;
            while (i > ls && cont_byte(t[i])) i--;
            before++;
        }
        ws = i;
        cut_left = ws > ls;
        unsigned shown = 0;
        i = ws;
        while (i < le && shown < WINDOW) {
            int n = utf8_len(t + i, t + le);
            i += n ? n : 1;
            shown++;
        }
        we = i;
        cut_right = we < le;
        if (end > we) end = we;
    }

    char gutter[32];
    int gw = snprintf(gutter, sizeof gutter, "%6u", li + 1);
    mig_buf_printf(b, "%s | ", gutter);
    mig_buf caret = MIG_BUF_INIT;
    mig_buf_printf(&caret, "%*s | ", gw, "");
    if (cut_left) {
        mig_buf_puts(b, "...");
        mig_buf_puts(&caret, "   ");
    }
    bool marked = false;
    uint32_t i = ws;
    for (; i < we || (i == we && !marked && i == start);) {
        if (i == we) { /* caret at end of line */
            if (o->color) mig_buf_puts(&caret, "\033[1;32m");
            mig_buf_putc(&caret, '^');
            if (o->color) mig_buf_puts(&caret, "\033[0m");
            marked = true;
            break;
        }
        if (marked && i >= end) break;
        int n = utf8_len(t + i, t + we);
        unsigned char c = t[i];
        char mark = ' ';
        if (i == start) mark = '^', marked = true;
        else if (i > start && i < end) mark = '~';
        if (n == 0 || (c < 0x20 && c != '\t') || c == 0x7F) {
            mig_buf_putc(b, '?');
            n = n ? n : 1;
        } else {
            mig_buf_add(b, (const char *)t + i, (size_t)n);
        }
        if (c == '\t' && mark == ' ') mig_buf_putc(&caret, '\t');
        else {
            if (mark != ' ' && o->color) mig_buf_puts(&caret, "\033[1;32m");
            mig_buf_putc(&caret, mark);
            if (mark != ' ' && o->color) mig_buf_puts(&caret, "\033[0m");
        }
        i += (uint32_t)n;
    }
    /* the rest of the source line, after the marked span */
    for (; i < we;) {
        int n = utf8_len(t + i, t + we);
        unsigned char c = t[i];
        if (n == 0 || (c < 0x20 && c != '\t') || c == 0x7F) {
            mig_buf_putc(b, '?');
            n = n ? n : 1;
        } else mig_buf_add(b, (const char *)t + i, (size_t)n);
        i += (uint32_t)n;
    }
    if (cut_right) mig_buf_puts(b, "...");
    mig_buf_putc(b, '\n');
    /* trim trailing blanks of the caret line */
    while (caret.len && caret.s[caret.len - 1] == ' ') caret.s[--caret.len] = '\0';
    mig_buf_puts(b, mig_buf_str(&caret));
    mig_buf_putc(b, '\n');
    mig_buf_free(&caret);
}

static void render_one(mig_buf *b, const mig_diag *g, const mig_print_opts *o, bool is_note)
{
    const char *on = o->color ? "\033[1m" : "", *off = o->color ? "\033[0m" : "";
    if (g->has_loc && g->src) {
        unsigned line, col;
        mig_source_linecol(g->src, g->loc.start, &line, &col);
        mig_buf_printf(b, "%s%s:%u:%u:%s ", on, g->src->path, line, col, off);
    } else if (o->prog && !is_note) {
        mig_buf_printf(b, "%s%s:%s ", on, o->prog, off);
    }
    if (o->color)
        mig_buf_printf(b, "%s%s:\033[0m %s%s%s\n", sev_color(g->sev, o->werror), sev_name(g->sev, o->werror),
                       on, g->msg, off);
    else mig_buf_printf(b, "%s: %s\n", sev_name(g->sev, o->werror), g->msg);
    if (g->has_loc && g->src) render_excerpt(b, g->src, g->loc, o);
    if (g->detail) mig_buf_printf(b, "detail: %s\n", g->detail);
    if (g->hint) mig_buf_printf(b, "hint: %s\n", g->hint);
}

char *mig_diag_render(const mig_diag *g, const mig_print_opts *o)
{
    mig_buf b = MIG_BUF_INIT;
    render_one(&b, g, o, false);
    for (const mig_diag *n = g->notes; n; n = n->next) render_one(&b, n, o, true);
    if (!b.s) mig_buf_puts(&b, "");
    return b.s;
}

static int cmp_diag(const void *pa, const void *pb)
{
    const mig_diag *a = *(mig_diag *const *)pa, *b = *(mig_diag *const *)pb;
    unsigned ia = a->src ? a->src->index + 1 : 0, ib = b->src ? b->src->index + 1 : 0;
    if (ia != ib) return ia < ib ? -1 : 1;
    if (a->loc.start != b->loc.start) return a->loc.start < b->loc.start ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

unsigned mig_diags_print(mig_diags *d, FILE *out, const mig_print_opts *o)
{
    if (d->n) qsort(d->v, d->n, sizeof *d->v, cmp_diag);
    unsigned shown = 0, left_out = 0;
    for (size_t i = 0; i < d->n; i++) {
        bool is_error = d->v[i]->sev == MIG_SEV_ERROR || (o->werror && d->v[i]->sev == MIG_SEV_WARNING);
        if (o->max_errors && shown >= o->max_errors) {
            if (is_error) left_out++;
            continue;
        }
        if (is_error) shown++;
        char *s = mig_diag_render(d->v[i], o);
        fputs(s, out);
        free(s);
    }
    return left_out;
}
