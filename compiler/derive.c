/* derive.c - deriving a revision's downgrade from its upgrade.
 *
 * The upgrade is replayed from the schema before the revision; before each op the table
 * it touches is remembered, and the op's inverse is built from that state. Inverses are
 * emitted in reverse order. An op with no inverse is reported at its step.
 */
#include "derive.h"

#include <string.h>

typedef struct D {
    mig_schema_ctx *c;
    mig_diags *d;
    const mig_revision *r;
    mig_ydbver target;
    bool ok;
} D;

static void blocked(D *x, const mig_op *op, const char *why, const char *hint)
{
    x->ok = false;
    mig_loc loc = op->step ? op->step->loc : x->r->upgrade->kw_loc;
    if (op->step) loc.end = op->step->kw_loc.end;
    mig_diag *g = mig_report(x->d, MIG_SEV_ERROR, x->r->src, loc,
                             "revision \"%s\" has no downgrade, and this step cannot be undone automatically: %s", x->r->id, why);
    mig_hint(x->d, g, "%s%sWrite a `downgrade < ... >` block that undoes the revision, or `downgrade irreversible;` if it cannot be undone.",
             hint ? hint : "", hint ? " " : "");
}

static mig_op *push(D *x, mig_ops *out, mig_step_kind kind, const char *table)
{
    mig_op op;
    memset(&op, 0, sizeof op);
    op.kind = kind;
    op.table = table;
    MIG_PUSH(x->c->arena, out->v, out->n, out->cap, op);
    return &out->v[out->n - 1];
}

/* Emit the inverse of `op` (pre is the table before it, or NULL) into `out`. Inverses of
 * one op come out in the order they must run. */
static void invert(D *x, const mig_op *op, const mig_table *pre, mig_ops *out)
{
    mig_arena *a = x->c->arena;
    if (op->noop) return;
    switch (op->kind) {
    case MIG_STEP_CREATE_TABLE:
        push(x, out, MIG_STEP_DROP_TABLE, op->table);
        return;
    case MIG_STEP_DROP_TABLE: {
        if (!pre) return;
        /* Changefeeds are not part of CREATE TABLE: add them back afterwards. */
        mig_table *def = mig_dup(a, pre, sizeof *pre);
        def->feeds = NULL;
        def->nfeeds = 0;
        def->gen = 0;
        mig_op *o = push(x, out, MIG_STEP_CREATE_TABLE, op->table);
        o->def = def;
        for (size_t i = 0; i < pre->nfeeds; i++) {
            o = push(x, out, MIG_STEP_ADD_CHANGEFEED, op->table);
            o->name = pre->feeds[i].name;
            o->settings = pre->feeds[i].opts;
            o->nsettings = pre->feeds[i].nopts;
        }
        return;
    }
    case MIG_STEP_RENAME_TABLE: {
        if (op->replace) {
            blocked(x, op, "rename_table ... replace drops the table it replaces, which the compiler cannot bring back",
                    NULL);
            return;
        }
        mig_op *o = push(x, out, MIG_STEP_RENAME_TABLE, op->to);
        o->to = op->table;
        return;
    }
    case MIG_STEP_REBUILD_TABLE: {
        /* the kept table swapped back; the rebuilt one, and what was written to it, dropped */
        mig_op *o = push(x, out, MIG_STEP_RENAME_TABLE, op->to);
        o->to = op->table;
        o->replace = true;
        return;
    }
    case MIG_STEP_ADD_COLUMN: {
        const char **names = mig_alloc(a, (op->ncols + 1) * sizeof *names);
        size_t n = 0;
        for (size_t i = 0; i < op->ncols; i++)
            if (!pre || mig_table_col(pre, op->cols[i].name) < 0) names[n++] = op->cols[i].name;
        if (!n) return;
        mig_op *o = push(x, out, MIG_STEP_DROP_COLUMN, op->table);
        o->names = names;
        o->nnames = n;
        return;
    }
    case MIG_STEP_DROP_COLUMN: {
        if (!pre) return;
        mig_scol *cols = mig_alloc(a, (op->nnames + 1) * sizeof *cols);
        size_t n = 0;
        for (size_t i = 0; i < op->nnames; i++) {
            int k = mig_table_col(pre, op->names[i]);
            if (k < 0) continue;
            const mig_scol *c = &pre->cols[k];
            if (c->not_null && !c->has_default) {
                blocked(x, op, mig_printf(a, "column \"%s\" was NOT NULL without a default, and YDB cannot add such a column", c->name),
                        NULL);
                continue;
            }
            if (c->has_default && !mig_ydb_has(x->target, MIG_FEAT_ADD_COLUMN_DEFAULT)) {
                char vb[16];
                blocked(x, op,
                        mig_printf(a, "column \"%s\" had a default, and adding a column with a default needs YDB %s or later",
                                   c->name, mig_ydbver_str(mig_ydb_since(MIG_FEAT_ADD_COLUMN_DEFAULT), vb)),
                        NULL);
                continue;
            }
            cols[n++] = *c;
        }
        if (!n) return;
        mig_op *o = push(x, out, MIG_STEP_ADD_COLUMN, op->table);
        o->cols = cols;
        o->ncols = n;
        return;
    }
    case MIG_STEP_ALTER_COLUMN: {
        if (!pre) return;
        int k = mig_table_col(pre, op->name);
        if (k < 0) return;
        const mig_scol *c = &pre->cols[k];
        mig_opchange *ch = mig_alloc(a, (op->nchanges + 1) * sizeof *ch);
        size_t n = 0;
        for (size_t i = 0; i < op->nchanges; i++) {
            switch (op->changes[i].kind) {
            case MIG_CHG_NULL:
                if (c->not_null)
                    blocked(x, op, mig_printf(a, "column \"%s\" was made nullable, and YDB cannot make it NOT NULL again", c->name),
                            NULL);
                break;
            case MIG_CHG_FAMILY:
                ch[n].kind = MIG_CHG_FAMILY;
                ch[n++].family = c->family;
                break;
            case MIG_CHG_DEFAULT:
            case MIG_CHG_DROP_DEFAULT:
                if (c->has_default) {
                    ch[n].kind = MIG_CHG_DEFAULT;
                    ch[n++].def = c->def;
                } else if (op->changes[i].kind == MIG_CHG_DEFAULT) {
                    ch[n++].kind = MIG_CHG_DROP_DEFAULT;
                }
                break;
            default: break;
            }
        }
        if (!n) return;
        mig_op *o = push(x, out, MIG_STEP_ALTER_COLUMN, op->table);
        o->name = op->name;
        o->changes = ch;
        o->nchanges = n;
        return;
    }
    case MIG_STEP_CREATE_INDEX: {
        mig_op *o = push(x, out, MIG_STEP_DROP_INDEX, op->table);
        o->name = op->index->name;
        return;
    }
    case MIG_STEP_DROP_INDEX: {
        if (!pre) return;
        int k = mig_table_index(pre, op->name);
        if (k < 0) return;
        const mig_sindex *ix = &pre->indexes[k];
        if (ix->unique && !mig_ydb_has(x->target, MIG_FEAT_ADD_UNIQUE_INDEX)) {
            blocked(x, op, mig_printf(a, "index \"%s\" was unique, and YDB cannot add a unique index to an existing table", ix->name),
                    NULL);
            return;
        }
        mig_op *o = push(x, out, MIG_STEP_CREATE_INDEX, op->table);
        o->index = mig_dup(a, ix, sizeof *ix);
        o->name = ix->name;
        return;
    }
    case MIG_STEP_RENAME_INDEX: {
        mig_op *o = push(x, out, MIG_STEP_RENAME_INDEX, op->table);
        o->name = op->name2;
        o->name2 = op->name;
        return;
    }
    case MIG_STEP_SET_TTL:
    case MIG_STEP_RESET_TTL:
        if (!pre) return;
        if (pre->ttl.set) {
            mig_op *o = push(x, out, MIG_STEP_SET_TTL, op->table);
            o->ttl = pre->ttl;
        } else if (op->kind == MIG_STEP_SET_TTL) {
            push(x, out, MIG_STEP_RESET_TTL, op->table);
        }
        return;
    case MIG_STEP_SET: {
        if (!pre) return;
        mig_kv *kv = mig_alloc(a, (op->nsettings + 1) * sizeof *kv);
        size_t n = 0;
        for (size_t i = 0; i < op->nsettings; i++) {
            const char *key = op->settings[i].key;
            const char *old = mig_table_setting(pre, key);
            if (!old) old = mig_setting_default(key);
            if (!old) {
                blocked(x, op, mig_printf(a, "setting %s was not set before, and YDB has no default to return it to", key),
                        NULL);
                continue;
            }
            kv[n].key = key;
            kv[n++].value = old;
        }
        if (!n) return;
        mig_op *o = push(x, out, MIG_STEP_SET, op->table);
        o->settings = kv;
        o->nsettings = n;
        return;
    }
    case MIG_STEP_ADD_CHANGEFEED: {
        mig_op *o = push(x, out, MIG_STEP_DROP_CHANGEFEED, op->table);
        o->name = op->name;
        return;
    }
    case MIG_STEP_DROP_CHANGEFEED: {
        if (!pre) return;
        int k = mig_table_feed(pre, op->name);
        if (k < 0) return;
        mig_op *o = push(x, out, MIG_STEP_ADD_CHANGEFEED, op->table);
        o->name = op->name;
        o->settings = pre->feeds[k].opts;
        o->nsettings = pre->feeds[k].nopts;
        return;
    }
    case MIG_STEP_YQL:
        blocked(x, op, "a yql step changes data in ways the compiler cannot reverse", NULL);
        return;
    case MIG_STEP_C:
        blocked(x, op, "a c step does things the compiler cannot reverse", NULL);
        return;
    case MIG_STEP_BACKFILL:
        blocked(x, op, "a backfill overwrites values the compiler cannot bring back", NULL);
        return;
    }
}

bool mig_derive_downgrade(mig_schema_ctx *c, mig_diags *d, const mig_revision *r, mig_ydbver target,
                          const mig_schema *before, const mig_ops *up, mig_ops *down)
{
    D x = {c, d, r, target, true};
    /* The inverses of every op, one after the other; start[i] is where op i's begin. */
    mig_ops all = {mig_alloc(c->arena, (up->n + 1) * sizeof *all.v), 0, up->n + 1};
    size_t *start = mig_alloc(c->arena, (up->n + 1) * sizeof *start);
    for (size_t i = 0; i < up->n; i++) {
        const mig_op *op = &up->v[i];
        start[i] = all.n;
        invert(&x, op, mig_ops_table_before(up, i, before), &all);
    }
    start[up->n] = all.n;
    if (!x.ok) return false;
    if (all.n > down->cap - down->n) {
        mig_op *v = mig_alloc(c->arena, (down->n + all.n) * sizeof *v);
        if (down->n) memcpy(v, down->v, down->n * sizeof *v);
        down->v = v;
        down->cap = down->n + all.n;
    }
    for (size_t i = up->n; i-- > 0;)
        for (size_t j = start[i]; j < start[i + 1]; j++) down->v[down->n++] = all.v[j];
    return true;
}
