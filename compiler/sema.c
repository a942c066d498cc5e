/* sema.c - replaying revisions and checking every step against YDB's rules.
 *
 * Each written step is resolved against the schema it meets into a mig_op (names
 * checked, types resolved, literals typed) and then applied. Every rule of language.md's
 * "What the compiler guarantees" and yql-ddl.md §9 is checked by semantic analysis: this
 * file replays the revisions in graph order and hands each step to the checks of its
 * family (sema_int.h lists the files); the facts about types, literals and settings live
 * in types.c, literal.c and settings.c.
 */
#include "sema_int.h"

#include <string.h>

/* ---- one step ---- */

/* Resolve one written step against `cur`. Returns true when the op may be applied. */
static bool resolve_step(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    memset(op, 0, sizeof *op);
    op->kind = st->kind;
    op->step = st;
    op->table = st->table.s;
    op->name = st->name.s;
    op->name2 = st->name2.s;
    op->cond = st->cond;
    switch (st->kind) {
    case MIG_STEP_CREATE_TABLE: return sema_op_create_table(s, cur, st, op);
    case MIG_STEP_DROP_TABLE: return sema_op_drop_table(s, cur, st, op);
    case MIG_STEP_RENAME_TABLE: return sema_op_rename_table(s, cur, st, op);
    case MIG_STEP_ADD_COLUMN: return sema_op_add_column(s, cur, st, op);
    case MIG_STEP_DROP_COLUMN: return sema_op_drop_column(s, cur, st, op);
    case MIG_STEP_ALTER_COLUMN: return sema_op_alter_column(s, cur, st, op);
    case MIG_STEP_CREATE_INDEX: return sema_op_create_index(s, cur, st, op);
    case MIG_STEP_DROP_INDEX: return sema_op_drop_index(s, cur, st, op);
    case MIG_STEP_RENAME_INDEX: return sema_op_rename_index(s, cur, st, op);
    case MIG_STEP_SET_TTL: return sema_op_set_ttl(s, cur, st, op);
    case MIG_STEP_RESET_TTL: return sema_op_reset_ttl(s, cur, st, op);
    case MIG_STEP_SET: return sema_op_set(s, cur, st, op);
    case MIG_STEP_ADD_CHANGEFEED: return sema_op_add_changefeed(s, cur, st, op);
    case MIG_STEP_DROP_CHANGEFEED: return sema_op_drop_changefeed(s, cur, st, op);
    case MIG_STEP_YQL:
    case MIG_STEP_C: return sema_op_yql(s, st, op);
    case MIG_STEP_BACKFILL: return sema_op_backfill(s, cur, st, op);
    case MIG_STEP_REBUILD_TABLE: return sema_op_rebuild_table(s, cur, st, op);
    }
    return false;
}

/* Does a failed op carry enough to be applied to the model? */
static bool applicable(const mig_op *op)
{
    switch (op->kind) {
    case MIG_STEP_CREATE_TABLE: return op->def != NULL;
    case MIG_STEP_REBUILD_TABLE: return op->def != NULL && op->to != NULL;
    case MIG_STEP_RENAME_TABLE: return op->to != NULL;
    case MIG_STEP_ADD_COLUMN: return op->cols != NULL;
    case MIG_STEP_CREATE_INDEX: return op->index != NULL;
    case MIG_STEP_SET_TTL: return op->ttl.col != NULL;
    case MIG_STEP_DROP_TABLE: case MIG_STEP_DROP_INDEX:
    case MIG_STEP_RESET_TTL: case MIG_STEP_DROP_CHANGEFEED: return true;
    case MIG_STEP_ADD_CHANGEFEED: return op->settings != NULL;
    default: return false; /* alter_column, rename_index, set, yql, c: nothing to gain */
    }
}

/* Resolve and apply a section's steps to `cur`. Returns false if any step had errors. */
bool sema_run_steps(sema_ctx *s, mig_schema *cur, const mig_steps *steps, mig_ops *out)
{
    bool ok = true;
    if (!out->cap && steps->n) {
        out->v = mig_alloc(s->a, steps->n * sizeof *out->v);
        out->cap = steps->n;
    }
    const mig_ops *outer = s->done;
    s->done = out;
    for (size_t i = 0; i < steps->n; i++) {
        mig_op op;
        unsigned before = s->d->nerrors;
        bool good = resolve_step(s, cur, steps->v[i], &op);
        if (!good) {
            ok = false;
            /* A step with errors still changes the model as far as it can (a table with
             * the columns that were right, a rename that YDB would refuse), so that later
             * steps and revisions are checked against what the author meant instead of
             * all failing with "does not exist". */
            if (s->d->nerrors == before || !applicable(&op)) continue;
        }
        const char *err = mig_op_apply(&s->sc, cur, &op);
        if (err && good) {
            ERR(steps->v[i]->loc, "%s", err);
            ok = false;
        }
        if (good) MIG_PUSH(s->a, out->v, out->n, out->cap, op);
    }
    s->done = outer;
    return ok;
}

/* ---- the schema before a revision ---- */

/* Mark every ancestor of r (parents and depends_on) in `seen` (indexed by topo). An
 * explicit stack: a history may be any length. */
static void mark_ancestors(const mig_revision *r, unsigned char *seen)
{
    mig_ptrstack todo = {0};
    do {
        for (size_t i = 0; i < r->nparents + r->ndeps; i++) {
            const mig_revision *x = i < r->nparents ? r->parents[i] : r->deps[i - r->nparents];
            if (!x->in_order || seen[x->topo]) continue;
            seen[x->topo] = 1;
            mig_ptrstack_push(&todo, x);
        }
    } while ((r = mig_ptrstack_pop(&todo)) != NULL);
    mig_ptrstack_free(&todo);
}

static mig_schema *schema_before(sema_ctx *s, mig_revision *r)
{
    mig_project *p = s->p;
    if (r->nparents == 1 && r->ndeps == 0) return mig_schema_clone(&s->sc, mig_sema_of(r->parents[0])->after);
    mig_schema *cur;
    unsigned char *have = mig_alloc(s->a, p->norder + 1);
    unsigned char *need = mig_alloc(s->a, p->norder + 1);
    if (r->nparents) {
        mig_revision *p0 = r->parents[0];
        cur = mig_schema_clone(&s->sc, mig_sema_of(p0)->after);
        have[p0->topo] = 1;
        mark_ancestors(p0, have);
    } else {
        cur = mig_schema_new(&s->sc);
    }
    mark_ancestors(r, need);
    for (size_t i = 0; i < r->topo; i++) {
        if (!need[i] || have[i]) continue;
        mig_revision *x = p->order[i];
        mig_rev_sema *xs = mig_sema_of(x);
        for (size_t j = 0; j < xs->up.n; j++) {
            mig_op op = xs->up.v[j];
            const char *err = mig_op_apply(&s->sc, cur, &op);
            if (err && op.step) {
                mig_diag *g = mig_report(s->d, MIG_SEV_ERROR, x->src, op.step->loc,
                                         "the branches merged by revision \"%s\" collide: %s", r->id, err);
                mig_note(s->d, g, r->src, r->id_loc, "merged here");
                mig_hint(s->d, g, "Two branches changed the same object. Make one branch revise the other, or rename one of the objects.");
            }
        }
    }
    return cur;
}

unsigned mig_sema_run(mig_project *p)
{
    sema_ctx st = {0};
    sema_ctx *s = &st;
    s->p = p;
    s->a = p->arena;
    s->d = p->diags;
    s->sc.arena = p->arena;
    s->target = p->target;
    mig_ydbver_str(p->target, s->tv);
    unsigned errs = s->d->nerrors;
    for (size_t i = 0; i < p->norder; i++) {
        mig_revision *r = p->order[i];
        mig_rev_sema *rs = mig_alloc(s->a, sizeof *rs);
        r->sema = rs;
        s->src = r->src;
        s->rev = r;
        rs->before = schema_before(s, r);
        mig_schema *cur = mig_schema_clone(&s->sc, rs->before);
        rs->up_errors = !sema_run_steps(s, cur, &r->upgrade->steps, &rs->up);
        rs->after = cur;
        sema_check_downgrade(s, r, rs);
    }
    return s->d->nerrors - errs;
}
