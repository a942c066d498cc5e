/* diag.h - sources, locations and diagnostics for people.
 *
 * A location is a pair of byte offsets into one source. Line and column are computed
 * only when a diagnostic is printed, from a line map built once per source. Every
 * diagnostic has the one shape
 *
 *     FILE:LINE:COL: error: primary message
 *        12 |     drop_column posts titel;
 *           |                       ^~~~~
 *     detail: A full sentence or two.
 *     hint: What to do instead.
 *
 * Primary messages are lower-case with no final period; detail and hint are sentences.
 */
#ifndef MIG_DIAG_H
#define MIG_DIAG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"

typedef struct mig_loc {
    uint32_t start, end; /* byte offsets, end exclusive */
} mig_loc;

typedef struct mig_source {
    const char *path;    /* as shown in diagnostics */
    const char *text;    /* NUL-terminated copy; may contain NUL bytes before len */
    uint32_t len;
    unsigned index;      /* load order, for sorting diagnostics */
    /* built by mig_source_new */
    uint32_t *lines;     /* start offset of each line */
    uint32_t nlines;
    unsigned nerrors;
    bool capped;
} mig_source;

typedef enum mig_severity { MIG_SEV_ERROR, MIG_SEV_WARNING, MIG_SEV_NOTE } mig_severity;

typedef struct mig_diag mig_diag;
struct mig_diag {
    mig_severity sev;
    const mig_source *src; /* NULL: not tied to a file */
    mig_loc loc;
    bool has_loc;
    const char *msg, *detail, *hint;
    mig_diag *notes, *next; /* notes attached to this diagnostic, in order */
    unsigned seq;
};

typedef struct mig_diags {
    mig_arena *arena;
    mig_diag **v;
    size_t n, cap;
    unsigned nerrors, nwarnings;
    unsigned max_per_source; /* errors shown per file before giving up on it */
    mig_diag sink;           /* where diagnostics past the cap go */
} mig_diags;

void mig_diags_init(mig_diags *d, mig_arena *a);

mig_source *mig_source_new(mig_arena *a, const char *path, const char *text, size_t len,
                           unsigned index);
void mig_source_linecol(const mig_source *s, uint32_t off, unsigned *line, unsigned *col);

/* Report at a location (src may be NULL for file-less messages). Always returns a
 * diagnostic to which hints and notes may be added, even past the per-file cap. */
mig_diag *mig_report(mig_diags *d, mig_severity sev, const mig_source *src, mig_loc loc,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
mig_diag *mig_report_plain(mig_diags *d, mig_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void mig_hint(mig_diags *d, mig_diag *g, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void mig_detail(mig_diags *d, mig_diag *g, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void mig_note(mig_diags *d, mig_diag *g, const mig_source *src, mig_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* True once the per-file cap is reached for src: scanners stop reading it. */
bool mig_source_capped(const mig_source *src);

typedef struct mig_print_opts {
    bool color;
    bool werror;    /* print warnings as errors */
    const char *prog; /* prefix for file-less messages, e.g. "migc" */
    unsigned max_errors; /* stop after this many errors; 0: print all */
} mig_print_opts;

/* Sort and print the diagnostics. With max_errors, printing stops once that many errors
 * (warnings too, with werror) are out; the rest, warnings and notes included, are not
 * printed. Returns how many errors were left out. */
unsigned mig_diags_print(mig_diags *d, FILE *out, const mig_print_opts *o);
/* Render one diagnostic (and its notes) into a heap string; for tests. */
char *mig_diag_render(const mig_diag *g, const mig_print_opts *o);

#endif
