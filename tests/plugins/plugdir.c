/* plugdir.c - see plugdir.h. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "plugdir.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../common/sha256.h"
#include "mig/plugin.h"

static void die(const char *what, const char *path)
{
    fprintf(stderr, "plugdir: %s \"%s\": %s\n", what, path, errno ? strerror(errno) : "failed");
    abort();
}

void tp_init(tp_dir *d, mig_arena *a, const char *dir, const char *from)
{
    memset(d, 0, sizeof *d);
    d->a = a;
    d->dir = mig_strdup(a, dir);
    d->from = mig_strdup(a, from);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) die("cannot create", dir);
    chmod(dir, 0755);
    d->m.migc_version = "0.1.0";
    d->m.target_ydb = "26.2";
}

const char *tp_path(tp_dir *d, const char *name) { return mig_printf(d->a, "%s/%s", d->dir, name); }

static const char **dup_list(mig_arena *a, const char *const *v, size_t n)
{
    const char **o = mig_alloc(a, (n + 1) * sizeof *o);
    for (size_t i = 0; i < n; i++) o[i] = mig_strdup(a, v[i]);
    return o;
}

static void copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY);
    if (in < 0) die("cannot open", from);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) die("cannot create", to);
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n) die("cannot write", to);
    close(in);
    fchmod(out, 0644);
    close(out);
}

mig_manifest_rev *tp_add(tp_dir *d, const char *so, const char *meta)
{
    mig_arena *a = d->a;
    const char *meta_path = mig_printf(a, "%s/%s.so", d->from, meta ? meta : so);
    void *h = dlopen(meta_path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "plugdir: %s\n", dlerror());
        abort();
    }
    void *sym = dlsym(h, MIG_PLUGIN_SYMBOL);
    if (!sym) die("no descriptor in", meta_path);
    mig_plugin_descriptor_fn fn;
    memcpy(&fn, &sym, sizeof fn);
    const mig_revision_desc *desc = fn();
    mig_manifest_rev r;
    memset(&r, 0, sizeof r);
    r.id = mig_strdup(a, desc->id);
    r.file = mig_printf(a, "%s.so", desc->id);
    r.source = mig_strdup(a, desc->source_path);
    r.source_sha256 = mig_strdup(a, desc->source_sha256);
    r.message = desc->message ? mig_strdup(a, desc->message) : NULL;
    r.parents = dup_list(a, desc->parents, desc->nparents);
    r.nparents = desc->nparents;
    r.depends = dup_list(a, desc->depends, desc->ndepends);
    r.ndepends = desc->ndepends;
    r.labels = dup_list(a, desc->labels, desc->nlabels);
    r.nlabels = desc->nlabels;
    r.downgrade = (int)desc->downgrade_kind;
    dlclose(h);
    const char *src = mig_printf(a, "%s/%s.so", d->from, so);
    const char *dst = tp_path(d, r.file);
    copy_file(src, dst);
    char hex[65];
    if (mig_sha256_file(dst, hex) != 0) die("cannot hash", dst);
    r.plugin_sha256 = mig_strdup(a, hex);
    MIG_PUSH(a, d->m.revs, d->m.nrevs, d->cap, r);
    return &d->m.revs[d->m.nrevs - 1];
}

void tp_write(tp_dir *d)
{
    const char *err;
    if (mig_manifest_write(d->a, tp_path(d, MIG_MANIFEST_NAME), &d->m, &err) != 0) {
        fprintf(stderr, "plugdir: %s\n", err);
        abort();
    }
}

char *tp_tmpdir(void)
{
    const char *t = getenv("TMPDIR");
    char *p = mig_xmalloc(strlen(t && *t ? t : "/tmp") + 32);
    sprintf(p, "%s/migrun-test.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(p)) die("cannot create", p);
    return p;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    chmod(path, 0700);
    return remove(path);
}

void tp_rmtree(const char *path)
{
    chmod(path, 0700);
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void tp_write_file(const char *path, const char *text, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) die("cannot create", path);
    if (write(fd, text, n) != (ssize_t)n) die("cannot write", path);
    fchmod(fd, 0644);
    close(fd);
}
