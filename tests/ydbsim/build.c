/* build.c - ydbsim: index builds. TEST TOOL.
 *
 * On YDB an index added to a table that has rows is built in the background: DescribeTable
 * lists it with status BUILDING until the build ends, and the ALTER TABLE that added it
 * answers only then (a client whose deadline is shorter sees DEADLINE_EXCEEDED while the
 * build goes on). A build that fails leaves no index. ydbsim models this with a configured
 * build time (--index-build-ms) and, for tests, a build that fails (--index-build-fail).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine_int.h"

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sim_engine_set_index_build(sim_engine *e, unsigned ms, bool fail)
{
    e->index_build_ms = ms;
    e->index_build_fail = fail;
}

void eng_build_start(sim_engine *e, stable *t, sindex *x, const char *abs_table, sim_result *r)
{
    if (!e->index_build_ms || !t->rs || t->rs->n == 0) return; /* an empty table: ready at once */
    x->ready_at_ms = mono_ms() + e->index_build_ms;
    x->build_fails = e->index_build_fail;
    r->delay_ms = e->index_build_ms;
    if (x->build_fails) {
        r->status = SIM_GENERIC_ERROR; /* the text is a guess */
        char *m = xasprintf("Index %s of %s: the build failed (ydbsim --index-build-fail)", x->name, abs_table);
        res_push(r, m, 0, 0, 0);
        free(m);
    }
}

void eng_builds_settle(sim_engine *e)
{
    int64_t now = mono_ms();
    for (size_t i = 0; i < e->ntabs; i++) {
        stable *t = e->tabs[i];
        for (size_t k = 0; k < t->nidx;) {
            sindex *x = &t->idx[k];
            if (!x->ready_at_ms || x->ready_at_ms > now) { k++; continue; }
            x->ready_at_ms = 0;
            if (!x->build_fails) { k++; continue; }
            sindex_free(x);
            memmove(t->idx + k, t->idx + k + 1, sizeof *t->idx * (t->nidx - k - 1));
            t->nidx--;
        }
    }
}
