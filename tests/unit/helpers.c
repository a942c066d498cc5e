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

void th_write(const char *dir, const char *name, const char *text)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p) abort();
    snprintf(p, n, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (!f) abort();
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    free(p);
}

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
