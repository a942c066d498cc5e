/* sema_table.c - the steps create_table, drop_table and rename_table; the body a
 * create_table and a rebuild_table share. */
#include "sema_int.h"

#include <string.h>

bool sema_op_create_table(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    sema_cond_not_allowed(s, st, MIG_COND_IF_NOT_EXISTS);
    bool ok = sema_check_path(s, st->table.s, st->table.loc);
    const mig_table *old = mig_schema_find(cur, st->table.s);
    if (old) {
        if (st->cond == MIG_COND_IF_NOT_EXISTS) {
            /* The model says it is there; the runtime decides on the live schema, so the
             * definition is still resolved and kept. */
            mig_diag *g = WARN(st->table.loc, "table \"%s\" already exists at this revision; this step does nothing", st->table.s);
            sema_note_at(s, g, old->where, "created here");
            op->noop = true;
        } else {
            mig_diag *g = ERR(st->table.loc, "table \"%s\" already exists", st->table.s);
            sema_note_at(s, g, old->where, "created here");
            HINT(g, "Use another name, drop the table first, or add if_not_exists if the table may already be there.");
            return false;
        }
    }
    return sema_table_body(s, st, op) && ok;
}

bool sema_table_body(sema_ctx *s, const mig_step *st, mig_op *op)
{
    bool ok = true;
    mig_table *t = mig_table_new(&s->sc, st->table.s);
    t->where = sema_here(s, st->table.loc);
    sema_coldef *cds = mig_alloc(s->a, (st->nitems + 1) * sizeof *cds);
    size_t ncd = 0;
    const mig_item *pk_item = NULL, *ttl_item = NULL;
    const mig_column *inline_pk_first = NULL;
    /* columns first: the other items refer to them */
    for (size_t i = 0; i < st->nitems; i++) {
        const mig_item *it = &st->items[i];
        if (it->kind != MIG_ITEM_COLUMN) continue;
        sema_coldef cd;
        if (!sema_resolve_coldef(s, it->column, true, &cd)) ok = false;
        bool dup = false;
        for (size_t j = 0; j < ncd; j++)
            if (strcmp(cds[j].col.name, cd.col.name) == 0) {
                mig_diag *g = ERR(it->column->name.loc, "column \"%s\" is declared twice in table \"%s\"", cd.col.name, t->path);
                mig_note(s->d, g, s->src, cds[j].ast->name.loc, "first declared here");
                dup = ok = false;
                dup = true;
            }
        if (dup) continue;
        if (cd.pk && !inline_pk_first) inline_pk_first = it->column;
        cds[ncd++] = cd;
    }
    if (ncd > MAX_COLUMNS) {
        ERR(st->table.loc, "table \"%s\" has %zu columns; YDB allows at most %d", t->path, ncd, MAX_COLUMNS);
        ok = false;
    }
    t->cols = mig_alloc(s->a, (ncd + 1) * sizeof *t->cols);
    t->ncols = ncd;
    for (size_t i = 0; i < ncd; i++) t->cols[i] = cds[i].col;

    /* the primary key */
    size_t pkcap = 0;
    for (size_t i = 0; i < st->nitems; i++) {
        const mig_item *it = &st->items[i];
        if (it->kind != MIG_ITEM_PRIMARY_KEY) continue;
        if (pk_item) {
            mig_diag *g = ERR(it->loc, "table \"%s\" has two primary_key items", t->path);
            mig_note(s->d, g, s->src, pk_item->loc, "first given here");
            ok = false;
            continue;
        }
        pk_item = it;
        for (size_t j = 0; j < it->pk.n; j++) {
            const mig_name *n = &it->pk.v[j];
            if (mig_table_col(t, n->s) < 0) {
                mig_diag *g = ERR(n->loc, "key column \"%s\" is not a column of table \"%s\"", n->s, t->path);
                const char **c = mig_alloc(s->a, (t->ncols + 1) * sizeof *c);
                for (size_t k = 0; k < t->ncols; k++) c[k] = t->cols[k].name;
                sema_suggest(s, g, n->s, c, t->ncols);
                ok = false;
                continue;
            }
            bool dup = false;
            for (size_t k = 0; k < t->npk; k++) dup = dup || strcmp(t->pk[k], n->s) == 0;
            if (dup) {
                ERR(n->loc, "key column \"%s\" is listed twice", n->s);
                ok = false;
                continue;
            }
            PUSHA(t->pk, t->npk, pkcap, n->s);
        }
    }
    if (pk_item) {
        if (inline_pk_first) {
            bool same = true;
            size_t n = 0;
            for (size_t i = 0; i < ncd; i++)
                if (cds[i].pk) same = same && n < t->npk && strcmp(t->pk[n++], cds[i].col.name) == 0;
            if (!same || n != t->npk) {
                mig_diag *g = WARN(inline_pk_first->loc, "`pk` on column \"%s\" is overridden by the primary_key item",
                                   inline_pk_first->name.s);
                mig_note(s->d, g, s->src, pk_item->loc, "the key is given here");
                HINT(g, "Remove `pk` from the columns, or the primary_key item, so the key is stated once.");
            }
        }
    } else {
        for (size_t i = 0; i < ncd; i++)
            if (cds[i].pk) PUSHA(t->pk, t->npk, pkcap, cds[i].col.name);
    }
    if (t->npk == 0 && ok) {
        mig_diag *g = ERR(st->table.loc, "table \"%s\" has no primary key", t->path);
        HINT(g, "YDB requires a primary key on every table. Mark the key column with `pk` (`id Uint64 pk;`), or add `primary_key (a, b);` for a composite key.");
        ok = false;
    }
    size_t maxpk = mig_ydb_has(s->target, MIG_FEAT_PK_30) ? 30 : 20;
    if (t->npk > maxpk) {
        ERR(pk_item ? pk_item->loc : st->table.loc, "the primary key of table \"%s\" has %zu columns; YDB %s allows at most %zu",
            t->path, t->npk, s->tv, maxpk);
        ok = false;
    }
    for (size_t i = 0; i < t->npk; i++) {
        int k = mig_table_col(t, t->pk[i]);
        const mig_scol *c = &t->cols[k];
        mig_loc at = cds[k].ast->type->loc;
        if (c->type.id != MIG_TYPE_NONE && !mig_type_keyable(c->type.id)) {
            mig_diag *g = ERR(at, "column \"%s\" of type %s cannot be part of a primary key", c->name, mig_type_name(c->type.id));
            HINT(g, "YDB cannot key on Float, Double, Json, JsonDocument or Yson. Key the table on another column, such as a Uint64 id.");
            ok = false;
        }
        if (c->type.serial && !sema_need_feature(s, MIG_FEAT_SERIAL_PK, at)) ok = false;
        if (c->family) {
            mig_diag *g = ERR(cds[k].ast->loc, "key column \"%s\" cannot be in column family \"%s\"", c->name, c->family);
            HINT(g, "YDB keeps key columns in the default family.");
            ok = false;
        }
    }
    for (size_t i = 0; i < ncd; i++) {
        sema_finish_col(s, &cds[i], mig_table_is_key(t, cds[i].col.name));
        t->cols[i] = cds[i].col;
    }

    /* families, indexes, TTL, settings */
    size_t fcap = 0, icap = 0;
    for (size_t i = 0; i < st->nitems; i++) {
        const mig_item *it = &st->items[i];
        switch (it->kind) {
        case MIG_ITEM_FAMILY: {
            if (!sema_check_name(s, &it->family, "column family", false)) ok = false;
            if (mig_table_family(t, it->family.s) >= 0) {
                ERR(it->family.loc, "column family \"%s\" is declared twice", it->family.s);
                ok = false;
                break;
            }
            mig_sfamily f = {it->family.s, NULL, NULL, sema_here(s, it->family.loc)};
            for (size_t j = 0; j < it->settings.n; j++) {
                mig_kv kv;
                if (!mig_family_setting_check(s->a, s->d, s->src, &it->settings.v[j], &kv)) {
                    ok = false;
                    continue;
                }
                if (strcmp(kv.key, "DATA") == 0) f.data = kv.value;
                else f.compression = kv.value;
            }
            PUSHA(t->families, t->nfamilies, fcap, f);
            break;
        }
        case MIG_ITEM_INDEX: {
            if (mig_table_index(t, it->index->name.s) >= 0) {
                ERR(it->index->name.loc, "index \"%s\" is declared twice in table \"%s\"", it->index->name.s, t->path);
                ok = false;
                break;
            }
            mig_sindex *x = sema_resolve_index(s, t, it->index, true, NULL);
            if (!x) {
                ok = false;
                break;
            }
            if (t->nindexes >= MAX_INDEXES) {
                ERR(it->loc, "table \"%s\" has more than %d indexes; YDB allows at most %d", t->path, MAX_INDEXES, MAX_INDEXES);
                ok = false;
                break;
            }
            PUSHA(t->indexes, t->nindexes, icap, *x);
            break;
        }
        case MIG_ITEM_TTL:
            if (ttl_item) {
                mig_diag *g = ERR(it->loc, "table \"%s\" has two ttl items", t->path);
                mig_note(s->d, g, s->src, ttl_item->loc, "first given here");
                HINT(g, "YDB keeps one TTL rule per table.");
                ok = false;
                break;
            }
            ttl_item = it;
            if (!sema_resolve_ttl(s, t, it->ttl, &t->ttl)) {
                ok = false;
                memset(&t->ttl, 0, sizeof t->ttl);
            }
            break;
        case MIG_ITEM_WITH: {
            mig_kv *kv;
            size_t n;
            if (!sema_resolve_settings(s, &it->settings, MIG_SET_CREATE, &kv, &n)) ok = false;
            for (size_t j = 0; j < n; j++) {
                if (mig_table_setting(t, kv[j].key)) {
                    ERR(it->loc, "setting %s is given twice", kv[j].key);
                    ok = false;
                    continue;
                }
                mig_table_set_setting(&s->sc, t, kv[j].key, kv[j].value);
            }
            break;
        }
        case MIG_ITEM_RENAMED_FROM:
            if (!sema_renamed_from_ok(s, it->loc)) ok = false;
            break;
        default: break;
        }
    }
    /* column families named by columns must exist */
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i].family && mig_table_family(t, t->cols[i].family) < 0) {
            mig_diag *g = ERR(cds[i].ast->loc, "column family \"%s\" is not declared in table \"%s\"", t->cols[i].family, t->path);
            HINT(g, "Declare it with an item `family %s (data = \"ssd\", compression = \"lz4\");`.", t->cols[i].family);
            ok = false;
        }
    if (mig_table_setting(t, "UNIFORM_PARTITIONS") && t->npk) {
        int k = mig_table_col(t, t->pk[0]);
        mig_type_id ty = t->cols[k].type.id;
        if (ty != MIG_PT_UINT32 && ty != MIG_PT_UINT64) {
            mig_diag *g = ERR(st->table.loc, "UNIFORM_PARTITIONS needs the first key column to be Uint32 or Uint64; \"%s\" is %s",
                              t->pk[0], mig_type_name(ty));
            HINT(g, "Use AUTO_PARTITIONING_MIN_PARTITIONS_COUNT, or PARTITION_AT_KEYS, to split the table.");
            ok = false;
        }
    }
    op->def = t;
    return ok;
}

bool sema_op_drop_table(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    sema_cond_not_allowed(s, st, MIG_COND_IF_EXISTS);
    for (size_t i = 0; s->done && i < s->done->n; i++) {
        const mig_op *q = &s->done->v[i];
        if (q->kind != MIG_STEP_REBUILD_TABLE || strcmp(q->to, st->table.s) != 0) continue;
        mig_diag *g = ERR(st->table.loc, "table \"%s\" keeps the rows of \"%s\" from before its rebuild in this revision",
                          st->table.s, q->table);
        if (q->step) mig_note(s->d, g, s->src, q->step->kw_loc, "rebuilt here");
        HINT(g, "Drop it in a later revision, after you have checked the rebuilt table.");
        return false;
    }
    if (!mig_schema_find(cur, st->table.s)) {
        if (st->cond == MIG_COND_IF_EXISTS) {
            op->noop = true;
            return true;
        }
        sema_need_table(s, cur, &st->table);
        return false;
    }
    return true;
}

bool sema_op_rename_table(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    sema_cond_not_allowed(s, st, MIG_COND_NONE);
    const mig_table *t = sema_need_table(s, cur, &st->table);
    bool ok = t != NULL;
    if (!sema_check_path(s, st->to.s, st->to.loc)) ok = false;
    const mig_table *dst = mig_schema_find(cur, st->to.s);
    if (st->replace && t && strcmp(st->table.s, st->to.s) == 0) {
        mig_diag *g = ERR(st->to.loc, "table \"%s\" cannot replace itself", st->to.s);
        HINT(g, "rename_table ... replace drops the destination and renames the source to it: name two tables.");
        ok = false;
    } else if (dst && !st->replace) {
        mig_diag *g = ERR(st->to.loc, "table \"%s\" already exists", st->to.s);
        sema_note_at(s, g, dst->where, "created here");
        ok = false;
    }
    if (t && t->nfeeds) {
        mig_diag *g = ERR(st->kw_loc, "table \"%s\" has a changefeed (\"%s\") and cannot be renamed", t->path, t->feeds[0].name);
        HINT(g, "YDB cannot move a table with changefeeds. Drop the changefeed first (drop_changefeed), rename, and add it again.");
        ok = false;
    }
    op->to = st->to.s;
    op->replace = st->replace;
    return ok;
}
