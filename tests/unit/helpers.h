/* helpers.h - shared test helpers: parse text, collect rendered diagnostics. */
#ifndef MIG_TEST_HELPERS_H
#define MIG_TEST_HELPERS_H

#include "../../common/arena.h"
#include "../../common/diag.h"
#include "../../grammar/ast.h"

typedef struct th_ctx {
    mig_arena *arena;
    mig_diags diags;
} th_ctx;

void th_init(th_ctx *t);
void th_fini(th_ctx *t);
/* Parse text as "test.mig". */
mig_file *th_parse(th_ctx *t, const char *text);
/* All diagnostics, rendered without color, concatenated (heap; free it). */
char *th_render(th_ctx *t);
/* Does any diagnostic's primary message contain needle? */
int th_has(th_ctx *t, const char *needle);

/* Temporary directories for tests that read or write files. */
char *th_mkdtemp(void);                                          /* heap; abort on failure */
void th_write(const char *dir, const char *name, const char *text); /* dir/name := text */
/* The same, for data that may hold NUL bytes. */
void th_write_bytes(const char *dir, const char *name, const char *data, size_t len);
char *th_read(const char *dir, const char *name);                /* heap, NULL if missing */
void th_rmtree(const char *path);                                /* remove, recursively */
int th_count(th_ctx *t, const char *needle);                     /* diagnostics whose message contains needle */

#endif

/* Pieces of a parsed snippet, for the knowledge-module tests. Each wraps `text` in a
 * minimal revision, parses it and returns the node (NULL on a syntax error); *src gets
 * the parsed source. */
/* The type of a column written `c TEXT;` in create_table. */
mig_type *th_parse_type(th_ctx *t, const char *text, const mig_source **src);
/* The literal of `c Int32 default TEXT;`. */
mig_lit *th_parse_lit(th_ctx *t, const char *text, const mig_source **src);
/* The first setting of `set t (TEXT);`. */
mig_setting *th_parse_setting(th_ctx *t, const char *text, const mig_source **src);
/* Does any diagnostic's hint contain needle? */
int th_hint_has(th_ctx *t, const char *needle);
/* Number of diagnostics of the given severity. */
unsigned th_count_sev(th_ctx *t, mig_severity sev);
