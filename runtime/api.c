/* api.c - mig/migrun.h: libmigrun's public interface over the loader and the planner. */
#include "mig/migrun.h"

#include <stdlib.h>

#include "loader.h"
#include "plan.h"

struct migrun {
    mig_arena *a;
    mig_plugins *plugins; /* NULL until opened */
    mig_revgraph g;
    migrun_error last;
};

/* Keep e as the last error; returns -1. */
static int failed(migrun *m, const mig_rt_error *e)
{
    m->last.kind = mig_rt_code_name(e->code);
    m->last.exit_status = mig_rt_exit_code(e->code);
    m->last.file = e->file;
    m->last.message = e->message;
    m->last.detail = e->detail;
    m->last.hint = e->hint;
    return -1;
}

static int refused(migrun *m, mig_rt_code code, const char *msg, const char *hint)
{
    mig_rt_error e;
    mig_rt_fail(&e, code, msg, NULL, hint);
    return failed(m, &e);
}

migrun *migrun_new(void)
{
    migrun *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->a = mig_arena_new();
    m->last.kind = mig_rt_code_name(MIG_RT_OK);
    return m;
}

void migrun_free(migrun *m)
{
    if (!m) return;
    if (m->plugins) mig_plugins_close(m->plugins);
    mig_arena_free(m->a);
    free(m);
}

const migrun_error *migrun_last_error(const migrun *m) { return &m->last; }

int migrun_open(migrun *m, const char *dir)
{
    if (m->plugins) return refused(m, MIG_RT_IO, "this handle has a plugin directory open already", "Use one handle per directory.");
    mig_rt_error e;
    mig_plugins *p;
    if (mig_plugins_open(m->a, dir, &p, &e)) return failed(m, &e);
    if (mig_revgraph_build(m->a, mig_plugins_manifest(p), &m->g, &e)) {
        mig_plugins_close(p);
        return failed(m, &e);
    }
    m->plugins = p;
    return 0;
}

size_t migrun_count(const migrun *m) { return m->plugins ? m->g.nrevs : 0; }

const char *migrun_id(const migrun *m, size_t i) { return i < migrun_count(m) ? m->g.revs[i].m->id : NULL; }

long migrun_find(const migrun *m, const char *id)
{
    const mig_rev *r = m->plugins ? mig_revgraph_find(&m->g, id) : NULL;
    return r ? (long)r->index : -1;
}

int migrun_plan(migrun *m, migrun_direction dir, const char *const *applied, size_t napplied, const char *target,
                const size_t **order, size_t *n)
{
    if (!m->plugins) return refused(m, MIG_RT_IO, "no plugin directory is open", "Call migrun_open first.");
    mig_revset set = mig_revset_new(&m->g);
    for (size_t i = 0; i < napplied; i++) {
        mig_rev *r = mig_revgraph_find(&m->g, applied[i]);
        if (!r)
            return refused(m, MIG_RT_STATE, mig_printf(m->a, "applied revision \"%s\" is not in the manifest", applied[i]),
                           "Build the plugins from the sources the database was migrated with.");
        mig_revset_add_closure(&set, r);
    }
    mig_plan plan;
    mig_rt_error e;
    if ((dir == MIGRUN_DOWNGRADE ? mig_plan_downgrade : mig_plan_upgrade)(&m->g, &set, target, &plan, &e))
        return failed(m, &e);
    size_t *v = mig_alloc(m->a, (plan.n + 1) * sizeof *v);
    for (size_t i = 0; i < plan.n; i++) v[i] = plan.revs[i]->index;
    *order = v;
    *n = plan.n;
    return 0;
}

int migrun_descriptor(migrun *m, size_t i, const mig_revision_desc **out)
{
    if (i >= migrun_count(m)) return refused(m, MIG_RT_TARGET, "no such revision index", "Use an index below migrun_count.");
    mig_rt_error e;
    if (mig_plugins_get(m->plugins, i, out, &e)) return failed(m, &e);
    return 0;
}
