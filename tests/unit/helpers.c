/* helpers.c - shared test helpers. */
#include "helpers.h"
#include "../../common/buf.h"
#include "../../grammar/parse.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
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

static mig_step *th_first_step(th_ctx *t, const char *body, const mig_source **src)
{
    char *text = mig_printf(t->arena, "revision r1;\nrevises base;\nupgrade <\n%s\n>\n", body);
    mig_file *f = th_parse(t, text);
    if (src) *src = f ? f->src : NULL;
    if (!f || f->nerrors || f->nsections == 0 || f->sections[0]->steps.n == 0) return NULL;
    return f->sections[0]->steps.v[0];
}

mig_type *th_parse_type(th_ctx *t, const char *text, const mig_source **src)
{
    mig_step *s = th_first_step(t, mig_printf(t->arena, "create_table t < c %s; >", text), src);
    if (!s || s->nitems == 0 || s->items[0].kind != MIG_ITEM_COLUMN) return NULL;
    return s->items[0].column->type;
}

mig_lit *th_parse_lit(th_ctx *t, const char *text, const mig_source **src)
{
    mig_step *s = th_first_step(t, mig_printf(t->arena, "create_table t < c Int32 default %s; >", text),
                                src);
    if (!s || s->nitems == 0 || s->items[0].kind != MIG_ITEM_COLUMN) return NULL;
    mig_column *c = s->items[0].column;
    for (size_t i = 0; i < c->nmods; i++)
        if (c->mods[i].kind == MIG_MOD_DEFAULT) return c->mods[i].lit;
    return NULL;
}

mig_setting *th_parse_setting(th_ctx *t, const char *text, const mig_source **src)
{
    mig_step *s = th_first_step(t, mig_printf(t->arena, "set t (%s);", text), src);
    if (!s || s->settings.n == 0) return NULL;
    return &s->settings.v[0];
}

int th_hint_has(th_ctx *t, const char *needle)
{
    for (size_t i = 0; i < t->diags.n; i++)
        if (t->diags.v[i]->hint && strstr(t->diags.v[i]->hint, needle)) return 1;
    return 0;
}

unsigned th_count_sev(th_ctx *t, mig_severity sev)
{
    unsigned n = 0;
    for (size_t i = 0; i < t->diags.n; i++)
        if (t->diags.v[i]->sev == sev) n++;
    return n;
}

char *th_mkdtemp(void)
{
    const char *base = getenv("TMPDIR");
    size_t n = strlen(base && *base ? base : "/tmp") + 32;
    char *p = malloc(n);
    if (!p) abort();
    snprintf(p, n, "%s/migc-test.XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(p)) abort();
    return p;
}

void th_write_bytes(const char *dir, const char *name, const char *data, size_t len)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p) abort();
    snprintf(p, n, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (!f) abort();
    fwrite(data, 1, len, f);
    fclose(f);
    free(p);
}

void th_write(const char *dir, const char *name, const char *text) { th_write_bytes(dir, name, text, strlen(text)); }

char *th_read(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p) abort();
    snprintf(p, n, "%s/%s", dir, name);
    FILE *f = fopen(p, "rb");
    free(p);
    if (!f) return NULL;
    mig_buf b = MIG_BUF_INIT;
    char tmp[4096];
    size_t r;
    while ((r = fread(tmp, 1, sizeof tmp, f)) > 0) mig_buf_add(&b, tmp, r);
    fclose(f);
    mig_buf_puts(&b, "");
    return b.s;
}

void th_rmtree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            size_t n = strlen(path) + strlen(e->d_name) + 2;
            char *p = malloc(n);
            if (!p) abort();
            snprintf(p, n, "%s/%s", path, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) th_rmtree(p);
            else unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(path);
}

int th_count(th_ctx *t, const char *needle)
{
    int n = 0;
    for (size_t i = 0; i < t->diags.n; i++)
        if (strstr(t->diags.v[i]->msg, needle)) n++;
    return n;
}
