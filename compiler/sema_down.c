/* sema_down.c - a revision's downgrade: the written one replayed and compared with the
 * schema before the revision, or one derived (derive.h) and checked to restore it.
 */
#include "sema_int.h"
#include "derive.h"

static void check_downgrade_in(sema_ctx *s, mig_revision *r, mig_rev_sema *rs, mig_arena *scratch)
{
    if (r->downgrade) {
        mig_schema *cur = mig_schema_clone(&s->sc, rs->after);
        cur->nodes = scratch;
        unsigned errs = s->d->nerrors;
        bool ok = sema_run_steps(s, cur, &r->downgrade->steps, &rs->down);
        if (ok && s->d->nerrors == errs && !rs->up_errors && !mig_schema_equal(cur, rs->before)) {
            mig_buf b = MIG_BUF_INIT;
            mig_schema_diff(cur, rs->before, "the schema after the downgrade", "the schema before the revision", &b, 5);
            mig_diag *g = WARN(r->downgrade->kw_loc, "the downgrade of revision \"%s\" does not restore the schema before it", r->id);
            while (b.len && b.s[b.len - 1] == '\n') b.s[--b.len] = '\0';
            mig_detail(s->d, g, "Differences:\n%s", mig_buf_str(&b));
            HINT(g, "Leave the downgrade out to have it derived, or make it undo every upgrade step.");
            mig_buf_free(&b);
        }
        return;
    }
    if (r->irreversible) {
        rs->down_missing = true;
        return;
    }
    if (rs->up_errors) return; /* nothing sensible to derive from */
    if (!mig_derive_downgrade(&s->sc, s->d, r, s->target, rs->before, &rs->up, &rs->down)) {
        rs->down_missing = true;
        return;
    }
    rs->down_derived = true;
    /* The derived downgrade must bring back the schema before the revision. */
    mig_schema *cur = mig_schema_clone(&s->sc, rs->after);
    cur->nodes = scratch;
    bool ok = true;
    for (size_t i = 0; i < rs->down.n && ok; i++) ok = mig_op_apply(&s->sc, cur, &rs->down.v[i]) == NULL;
    if (!ok || !mig_schema_equal(cur, rs->before)) {
        mig_buf b = MIG_BUF_INIT;
        mig_schema_diff(cur, rs->before, "after the derived downgrade", "before the revision", &b, 5);
        mig_diag *g = ERR(r->upgrade->kw_loc, "internal error: the derived downgrade of revision \"%s\" does not restore the schema", r->id);
        while (b.len && b.s[b.len - 1] == '\n') b.s[--b.len] = '\0';
        mig_detail(s->d, g, "%s", mig_buf_str(&b));
        HINT(g, "Please report this. Write an explicit downgrade block to continue.");
        mig_buf_free(&b);
        rs->down_missing = true;
    }
}

void sema_check_downgrade(sema_ctx *s, mig_revision *r, mig_rev_sema *rs)
{
    /* The schemas replayed here only serve the comparison: their nodes go to a scratch
     * arena (the tables they make stay: they are the downgrade ops' post states). */
    mig_arena *scratch = mig_arena_new();
    check_downgrade_in(s, r, rs, scratch);
    mig_arena_free(scratch);
}
