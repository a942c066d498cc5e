/* helpers.c - shared test helpers. */
#include "helpers.h"
#include "../../common/buf.h"
#include "../../grammar/parse.h"

#include <stdlib.h>
#include <string.h>

void th_init(th_ctx *t)
{
    t->arena = mig_arena_new();
    mig_diags_init(&t->diags, t->arena);
}

void th_fini(th_ctx *t) { mig_arena_free(t->arena); }

mig_file *th_parse(th_ctx *t, const char *text)
{
    mig_source *s = mig_source_new(t->arena, "test.mig", text, strlen(text), 0);
    return mig_parse(t->arena, &t->diags, s);
}

char *th_render(th_ctx *t)
{
    mig_print_opts o = {0};
    mig_buf b = MIG_BUF_INIT;
    for (size_t i = 0; i < t->diags.n; i++) {
        char *s = mig_diag_render(t->diags.v[i], &o);
        mig_buf_puts(&b, s);
        free(s);
    }
    mig_buf_puts(&b, "");
    return b.s;
}

int th_has(th_ctx *t, const char *needle)
{
    for (size_t i = 0; i < t->diags.n; i++)
        if (strstr(t->diags.v[i]->msg, needle)) return 1;
    return 0;
}
