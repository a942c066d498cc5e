/* sema_column.c - columns: a column definition resolved (name, type, modifiers,
 * default), and the steps add_column, drop_column and alter_column.
 */
#include "sema_int.h"

#include <string.h>

#include "types.h"

/* The hint for a change of the key of table `path`: rebuild_table. */
static const char *rebuild_hint(sema_ctx *s, const char *path)
{
    return mig_rebuild_hint(s->a, MIG_REBUILD_SHAPE, path, NULL, NULL);
}

bool sema_resolve_coldef(sema_ctx *s, const mig_column *c, bool in_create, sema_coldef *out)
{
    memset(out, 0, sizeof *out);
    out->ast = c;
    out->col.name = c->name.s;
    out->col.where = sema_here(s, c->name.loc);
    bool ok = sema_check_name(s, &c->name, "column", true);
    if (!mig_type_resolve(s->d, s->src, c->type, s->target, in_create, &out->col.type)) ok = false;
    const mig_mod *seen[16] = {0};
    for (size_t i = 0; i < c->nmods; i++) {
        const mig_mod *m = &c->mods[i];
        if ((unsigned)m->kind < 16 && seen[m->kind] && m->kind != MIG_MOD_REFERENCES) {
            mig_diag *g = ERR(m->loc, "column \"%s\" repeats a modifier", c->name.s);
            mig_note(s->d, g, s->src, seen[m->kind]->loc, "first given here");
            ok = false;
            continue;
        }
        if ((unsigned)m->kind < 16) seen[m->kind] = m;
        switch (m->kind) {
        case MIG_MOD_PK: out->pk = true; break;
        case MIG_MOD_NOT_NULL: out->explicit_not_null = true; break;
        case MIG_MOD_NULL: out->explicit_null = true; break;
        case MIG_MOD_DEFAULT: out->deflit = m->lit; out->defloc = m->loc; break;
        case MIG_MOD_FAMILY: out->col.family = strcmp(m->name.s, "default") == 0 ? NULL : m->name.s; break;
        case MIG_MOD_REFERENCES: {
            mig_diag *g = ERR(m->loc, "YDB has no foreign keys (column \"%s\" references \"%s\")", c->name.s, m->path.s);
            HINT(g, "YDB does not enforce references. Remove it and keep the rule in the application; an index on the column keeps lookups fast.");
            ok = false;
            break;
        }
        case MIG_MOD_UNIQUE: {
            mig_diag *g = ERR(m->loc, "YDB has no unique constraint on a column (column \"%s\")", c->name.s);
            HINT(g, "Declare a unique index in create_table instead: `index %s_unique unique on (%s);`.", c->name.s, c->name.s);
            ok = false;
            break;
        }
        case MIG_MOD_AUTO_INCREMENT: {
            mig_diag *g = ERR(m->loc, "YDB has no auto_increment (column \"%s\")", c->name.s);
            HINT(g, "Use a Serial type: `%s Serial pk;` (Int32), `BigSerial` (Int64) or `SmallSerial` (Int16).", c->name.s);
            ok = false;
            break;
        }
        case MIG_MOD_COMMENT: {
            mig_diag *g = ERR(m->loc, "YDB keeps no comments on columns (column \"%s\")", c->name.s);
            HINT(g, "Write the comment in the .mig file after `--` instead.");
            ok = false;
            break;
        }
        case MIG_MOD_RENAMED_FROM:
            if (!sema_renamed_from_ok(s, m->loc)) ok = false;
            break;
        case MIG_MOD_PRIMARY_KEY: {
            mig_diag *g = ERR(m->loc, "\"primary key\" is not a column modifier in .mig files");
            HINT(g, "Write `pk` after the type (`%s Uint64 pk;`), or a `primary_key (%s);` item.", c->name.s, c->name.s);
            ok = false;
            break;
        }
        }
    }
    if (out->explicit_null && out->explicit_not_null) {
        ERR(c->loc, "column \"%s\" is declared both null and not null", c->name.s);
        ok = false;
    }
    if (mig_type_nullable(c->type) == 1) { /* T? or Optional<T>: nullable, as written */
        if (out->explicit_not_null) {
            mig_diag *g = ERR(c->type->loc, "column \"%s\" is declared both nullable (by its type) and not null",
                              c->name.s);
            HINT(g, "Write the plain type with `not null` for a required column, or drop `not null`.");
            ok = false;
        }
        out->explicit_null = true;
    }
    if (out->col.type.serial && out->deflit) {
        mig_diag *g = ERR(out->defloc, "a Serial column cannot have a default (column \"%s\")", c->name.s);
        HINT(g, "Its default is the next value of its sequence.");
        out->deflit = NULL;
        ok = false;
    }
    if (out->col.type.serial && out->explicit_null) {
        ERR(c->loc, "a Serial column cannot be null (column \"%s\")", c->name.s);
        ok = false;
    }
    if (out->deflit && out->col.type.id != MIG_TYPE_NONE) {
        mig_ydbver since = 0;
        if (!sema_need_feature(s, MIG_FEAT_DEFAULT_IN_CREATE, out->defloc)) ok = false;
        else if (!mig_type_default_ok(out->col.type.id, s->target, &since)) {
            char vb[16];
            mig_diag *g = ERR(out->defloc, "YDB %s cannot give column \"%s\" (%s) a default", s->tv, c->name.s,
                              mig_type_name(out->col.type.id));
            if (since) HINT(g, "YDB %s and later can.", mig_ydbver_str(since, vb));
            ok = false;
        } else if (mig_literal_check(s->a, s->d, s->src, out->deflit, &out->col.type, &out->col.def)) {
            out->col.has_default = true;
        } else ok = false;
    }
    out->ok = ok;
    return ok;
}

/* Settle NOT NULL once the key is known, and check a NULL default. */
void sema_finish_col(sema_ctx *s, sema_coldef *cd, bool key)
{
    mig_scol *c = &cd->col;
    if (c->type.serial) c->not_null = true;
    else if (key) c->not_null = !cd->explicit_null;
    else c->not_null = cd->explicit_not_null;
    if (c->has_default && c->def.is_null && c->not_null) {
        mig_diag *g = ERR(cd->defloc, "column \"%s\" is NOT NULL but its default is null", c->name);
        HINT(g, "Give a value, or drop the default.");
        c->has_default = false;
    }
}

/* ---- steps ---- */

bool sema_op_add_column(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    sema_cond_not_allowed(s, st, MIG_COND_IF_NOT_EXISTS);
    const mig_table *t = sema_need_table(s, cur, &st->table);
    bool ok = t != NULL;
    if (st->ncols == 0) {
        ERR(st->kw_loc, "add_column adds no column");
        return false;
    }
    op->cols = mig_alloc(s->a, st->ncols * sizeof *op->cols);
    for (size_t i = 0; i < st->ncols; i++) {
        const mig_column *c = st->cols[i];
        sema_coldef cd;
        if (!sema_resolve_coldef(s, c, false, &cd)) ok = false;
        if (cd.pk) {
            mig_diag *g = ERR(c->loc, "cannot add key column \"%s\" to an existing table", c->name.s);
            HINT(g, "%s", rebuild_hint(s, t ? t->path : st->table.s)); /* t: NULL when missing */
            ok = false;
        }
        sema_finish_col(s, &cd, false);
        if (cd.col.not_null && !cd.col.has_default) {
            mig_diag *g = ERR(c->loc, "cannot add NOT NULL column \"%s\" without a default", c->name.s);
            HINT(g, "YDB refuses it even on an empty table. Add the column as nullable and fill it with a yql step; from YDB 26.1 a NOT NULL column can be added with a default.");
            ok = false;
        }
        if (cd.col.has_default && !sema_need_feature(s, MIG_FEAT_ADD_COLUMN_DEFAULT, cd.defloc)) {
            ok = false;
        }
        if (t) {
            int k = mig_table_col(t, c->name.s);
            if (k >= 0 && st->cond != MIG_COND_IF_NOT_EXISTS) {
                mig_diag *g = ERR(c->name.loc, "column \"%s\" already exists in table \"%s\"", c->name.s, t->path);
                sema_note_at(s, g, t->cols[k].where, "declared here");
                HINT(g, "Write `add_column %s if_not_exists < ... >` if the column may already be there.", t->path);
                ok = false;
            } else if (k >= 0) {
                const mig_scol *old = &t->cols[k];
                bool same = old->type.id == cd.col.type.id && old->type.precision == cd.col.type.precision &&
                            old->type.scale == cd.col.type.scale && old->not_null == cd.col.not_null;
                mig_diag *g = WARN(c->name.loc, "column \"%s\" already exists in table \"%s\"%s; this step does nothing for it",
                                   c->name.s, t->path, same ? "" : " with another definition");
                sema_note_at(s, g, old->where, "declared here");
            }
            if (cd.col.family && mig_table_family(t, cd.col.family) < 0) {
                mig_diag *g = WARN(c->loc, "column family \"%s\" does not exist on table \"%s\"; YDB creates it with default settings",
                                   cd.col.family, t->path);
                (void)g;
            }
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(op->cols[j].name, c->name.s) == 0) {
                ERR(c->name.loc, "column \"%s\" is added twice", c->name.s);
                ok = false;
            }
        op->cols[op->ncols++] = cd.col;
    }
    if (t && t->ncols + op->ncols > MAX_COLUMNS) {
        ERR(st->kw_loc, "table \"%s\" would have %zu columns; YDB allows at most %d", t->path, t->ncols + op->ncols, MAX_COLUMNS);
        ok = false;
    }
    return ok;
}

bool sema_op_drop_column(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    sema_cond_not_allowed(s, st, MIG_COND_IF_EXISTS);
    const mig_table *t = sema_need_table(s, cur, &st->table);
    if (!t) return false;
    bool ok = true;
    size_t known = 0; /* names of columns the table has at this point */
    op->names = mig_alloc(s->a, st->names.n * sizeof *op->names);
    for (size_t i = 0; i < st->names.n; i++) {
        const mig_name *n = &st->names.v[i];
        for (size_t j = 0; j < op->nnames; j++)
            if (strcmp(op->names[j], n->s) == 0) {
                ERR(n->loc, "column \"%s\" is listed twice", n->s);
                ok = false;
            }
        int k = mig_table_col(t, n->s);
        if (k < 0) {
            if (st->cond != MIG_COND_IF_EXISTS) {
                sema_need_col(s, t, n);
                ok = false;
            } else {
                op->names[op->nnames++] = n->s; /* the live table decides (decisions/0016) */
            }
            continue;
        }
        const mig_scol *c = &t->cols[k];
        if (mig_table_is_key(t, n->s)) {
            mig_diag *g = ERR(n->loc, "cannot drop key column \"%s\" of table \"%s\"", n->s, t->path);
            HINT(g, "%s", rebuild_hint(s, t->path));
            ok = false;
        }
        for (size_t x = 0; x < t->nindexes; x++) {
            const mig_sindex *ix = &t->indexes[x];
            bool key = false, cov = false;
            for (size_t j = 0; j < ix->ncols; j++) key = key || strcmp(ix->cols[j], n->s) == 0;
            for (size_t j = 0; j < ix->ncover; j++) cov = cov || strcmp(ix->cover[j], n->s) == 0;
            if (key || cov) {
                mig_diag *g = ERR(n->loc, "cannot drop column \"%s\": index \"%s\" %s it", n->s, ix->name, key ? "uses" : "covers");
                sema_note_at(s, g, ix->where, "the index is declared here");
                HINT(g, "Drop the index first, in its own step: `drop_index %s on %s;`.", ix->name, t->path);
                ok = false;
            }
        }
        if (t->ttl.set && strcmp(t->ttl.col, n->s) == 0) {
            mig_diag *g = ERR(n->loc, "cannot drop column \"%s\": it is the TTL column of table \"%s\"", n->s, t->path);
            HINT(g, "Remove the TTL first, in its own step: `reset_ttl %s;`.", t->path);
            ok = false;
        }
        if (c->type.serial) {
            mig_diag *g = ERR(n->loc, "cannot drop Serial column \"%s\"", n->s);
            HINT(g, "YDB cannot drop or alter a Serial column; rebuild the table without it.");
            ok = false;
        }
        op->names[op->nnames++] = n->s;
        known++;
    }
    if (ok && known && known >= t->ncols) {
        ERR(st->kw_loc, "cannot drop every column of table \"%s\"", t->path);
        ok = false;
    }
    if (known == 0 && ok) op->noop = true;
    return ok;
}

bool sema_op_alter_column(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = sema_need_table(s, cur, &st->table);
    if (!t) return false;
    int k = sema_need_col(s, t, &st->name);
    if (k < 0) return false;
    const mig_scol *c = &t->cols[k];
    bool key = mig_table_is_key(t, c->name);
    bool ok = true;
    if (st->nchanges == 0) {
        ERR(st->kw_loc, "alter_column changes nothing");
        return false;
    }
    op->changes = mig_alloc(s->a, st->nchanges * sizeof *op->changes);
    const mig_change *seen[8] = {0};
    for (size_t i = 0; i < st->nchanges; i++) {
        const mig_change *ch = &st->changes[i];
        mig_opchange oc = {ch->kind, NULL, {0}};
        if (seen[ch->kind]) {
            mig_diag *g = ERR(ch->loc, "alter_column repeats a change");
            mig_note(s->d, g, s->src, seen[ch->kind]->loc, "first given here");
            ok = false;
            continue;
        }
        seen[ch->kind] = ch;
        switch (ch->kind) {
        case MIG_CHG_NULL:
            if (key) {
                mig_diag *g = ERR(ch->loc, "cannot make key column \"%s\" nullable", c->name);
                HINT(g, "%s", rebuild_hint(s, t->path));
                ok = false;
            } else if (!sema_need_feature(s, MIG_FEAT_DROP_NOT_NULL, ch->loc)) ok = false;
            else if (!c->not_null) WARN(ch->loc, "column \"%s\" is already nullable; this change does nothing", c->name);
            break;
        case MIG_CHG_NOT_NULL: {
            char tb[64];
            mig_diag *g = ERR(ch->loc, "YDB cannot make an existing column NOT NULL (column \"%s\")", c->name);
            HINT(g, "%s", mig_rebuild_hint(s->a, MIG_REBUILD_NOT_NULL, t->path, c->name, mig_coltype_str(&c->type, true, tb)));
            ok = false;
            break;
        }
        case MIG_CHG_TYPE: {
            mig_diag *g = ERR(ch->loc, "YDB cannot change the type of a column (column \"%s\")", c->name);
            const char *ty = mig_strndup(s->a, s->src->text + ch->type->loc.start, ch->type->loc.end - ch->type->loc.start);
            HINT(g, "%s", mig_rebuild_hint(s->a, MIG_REBUILD_TYPE, t->path, c->name, ty));
            ok = false;
            break;
        }
        case MIG_CHG_RENAME: {
            mig_diag *g = ERR(ch->loc, "YDB cannot rename a column (column \"%s\")", c->name);
            if (key) HINT(g, "%s", rebuild_hint(s, t->path));
            else HINT(g, "Add a column named \"%s\", copy the values with a yql step, switch readers to it, and drop \"%s\".",
                      ch->name.s, c->name);
            ok = false;
            break;
        }
        case MIG_CHG_FAMILY:
            if (key) {
                mig_diag *g = ERR(ch->loc, "key column \"%s\" cannot move to another column family", c->name);
                HINT(g, "YDB keeps key columns in the default family.");
                ok = false;
            } else {
                oc.family = strcmp(ch->name.s, "default") == 0 ? NULL : ch->name.s;
                if (oc.family && mig_table_family(t, oc.family) < 0)
                    WARN(ch->name.loc, "column family \"%s\" does not exist on table \"%s\"; YDB creates it with default settings",
                         oc.family, t->path);
            }
            break;
        case MIG_CHG_DEFAULT:
            if (!sema_need_feature(s, MIG_FEAT_SET_DROP_DEFAULT, ch->loc)) ok = false;
            else if (c->type.serial) {
                ERR(ch->loc, "a Serial column cannot have a default (column \"%s\")", c->name);
                ok = false;
            } else if (!mig_literal_check(s->a, s->d, s->src, ch->lit, &c->type, &oc.def)) ok = false;
            else if (oc.def.is_null && c->not_null) {
                ERR(ch->lit->loc, "column \"%s\" is NOT NULL but the default is null", c->name);
                ok = false;
            }
            break;
        case MIG_CHG_DROP_DEFAULT:
            if (!sema_need_feature(s, MIG_FEAT_SET_DROP_DEFAULT, ch->loc)) ok = false;
            else if (!c->has_default) WARN(ch->loc, "column \"%s\" has no default; this change does nothing", c->name);
            break;
        }
        op->changes[op->nchanges++] = oc;
    }
    op->name = c->name;
    return ok;
}
