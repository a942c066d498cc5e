/* fuzz_manifest.c - libFuzzer target: the manifest reader, and what migrun does with a
 * manifest that reads (the graph, history, heads, plans), on any bytes.
 *
 * Oracles besides the sanitizers: a manifest that reads is written back by the writer
 * and reads again to the same revisions; every plan names revisions of the graph. Built
 * and run by `make fuzz` (tests/fuzz/fuzz.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/arena.h"
#include "common/manifest.h"
#include "runtime/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_manifest: %s\n", what);
        abort();
    }
}

/* Written and read again: the same revisions, in the same order. */
static void round_trip(mig_arena *a, const mig_manifest *m)
{
    char dir[] = "/tmp/fuzz-manifest.XXXXXX";
    if (!mkdtemp(dir)) return;
    const char *path = mig_printf(a, "%s/manifest", dir), *err = NULL;
    mig_manifest back;
    check(mig_manifest_write(a, path, m, &err) == 0, "a manifest that reads cannot be written");
    check(mig_manifest_read(a, path, &back, &err) == 0, "a written manifest does not read");
    check(back.nrevs == m->nrevs, "the written manifest has another number of revisions");
    for (size_t i = 0; i < m->nrevs; i++) {
        const mig_manifest_rev *x = &m->revs[i], *y = &back.revs[i];
        check(strcmp(x->id, y->id) == 0 && strcmp(x->file, y->file) == 0 &&
                  strcmp(x->plugin_sha256, y->plugin_sha256) == 0 && x->nparents == y->nparents &&
                  x->ndepends == y->ndepends && x->nlabels == y->nlabels && x->downgrade == y->downgrade,
              "a revision changed in the round trip");
    }
    unlink(path);
    rmdir(dir);
}

static void plans(const mig_revgraph *g)
{
    mig_rt_error e;
    mig_rev **v;
    size_t n;
    mig_history_range(g, NULL, &v, &n, &e);
    if (g->nrevs) {
        const char *first = g->revs[0].m->id;
        mig_history_range(g, mig_printf(g->a, "%s:", first), &v, &n, &e);
        mig_target_resolve(g, mig_printf(g->a, "%s@head", first), NULL, &v, &n, &e);
    }
    mig_plan p;
    mig_revset none = mig_revset_new(g), all = mig_revset_new(g);
    for (size_t i = 0; i < g->nrevs; i++) all.in[i] = true;
    if (mig_plan_upgrade(g, &none, "heads", &p, &e) == 0)
        for (size_t i = 0; i < p.n; i++) check(p.revs[i]->index < g->nrevs, "a plan names no revision of the graph");
    mig_plan_downgrade(g, &all, "base", &p, &e);
    mig_plan_downgrade(g, &all, "-1", &p, &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mig_arena *a = mig_arena_new();
    mig_manifest m;
    const char *err = NULL;
    if (mig_manifest_parse(a, "manifest", (const char *)data, size, &m, &err) == 0) {
        round_trip(a, &m);
        mig_revgraph g;
        mig_rt_error e;
        if (mig_revgraph_build(a, &m, &g, &e) == 0) plans(&g);
    } else {
        check(err && strncmp(err, "manifest", 8) == 0, "an error that does not name the file");
    }
    mig_arena_free(a);
    return 0;
}
