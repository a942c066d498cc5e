/* exec.c - ydbsim: DML execution: the writes (UPSERT, REPLACE, INSERT, UPDATE, DELETE, their
 * checks and conversions) and exec_dml, which runs a script's statements in a transaction.
 * Expressions are in exec_eval.c, SELECT in exec_select.c, transactions in exec_tx.c. */
#include "exec_int.h"
#include "common/text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- writes ---- */

static void conv_fail(sim_result *r, const char *col, ety from, ety to)
{
    if (r->status != SIM_SUCCESS) return;
    r->status = SIM_GENERIC_ERROR;
    sim_issue *top = res_push(r, "Type annotation", 1030, 0, 0);
    sim_issue *m = iss_push(top, "Failed to convert input columns types to scheme types", 0, 0, 0);
    char *a = tname(from), *b = tname(to);
    char *t = xasprintf("Failed to convert type for column %s: %s to %s", col, a, b);
    iss_push(m, t, 0, 0, 0);
    free(t);
    free(a);
    free(b);
}

/* Whether a value of type `it` may be stored in a column of type `ct`, decided as YDB does
 * when it compiles the query, rows or no rows: by the value when it is known (a literal),
 * else by a representative of the type. */
static bool fits(ety it, const sim_value *known, ety ct)
{
    if (it.k == ET_NULL) return true;
    if (it.k == ET_OTHER) return false;
    sim_value probe = sv_null(), outv;
    if (known && known->kind != SIM_V_NULL) probe = *known; /* borrowed */
    else if (it.k == ET_PRIM && prim_is_string(it.prim)) { probe.kind = SIM_V_BYTES; probe.bytes = ""; }
    else if (it.k == ET_DEC) sv_set_i128(&probe, 0);
    else if (it.k == ET_PRIM && prim_is_float(it.prim)) probe.kind = SIM_V_DOUBLE;
    else if (it.k == ET_PRIM && it.prim == SIM_BOOL) probe.kind = SIM_V_BOOL;
    else if (it.k == ET_PRIM && it.prim == SIM_UUID) probe.kind = SIM_V_I128;
    else if (it.k == ET_PRIM && prim_is_unsigned(it.prim)) probe.kind = SIM_V_U64;
    else if (it.k == ET_PRIM && (it.prim == SIM_DATE || it.prim == SIM_DATETIME || it.prim == SIM_TIMESTAMP)) probe.kind = SIM_V_U64;
    else probe.kind = SIM_V_I64;
    bool ok = conv_value(it, &probe, ct, &outv, it.lit);
    if (ok) sv_free(&outv);
    return ok;
}

static void not_null_fail(sim_result *r, const char *col)
{
    if (r->status != SIM_SUCCESS) return;
    r->status = SIM_BAD_REQUEST;
    char *m = xasprintf("Can't set NULL or optional value to not null column: %s", col);
    res_push(r, m, 0, 0, 0);
    free(m);
}

/* A unique index's columns of row clash with another row's. old: the row it replaces (an
 * UPDATE's), whose index values it keeps unless it changes them; NULL: none known. */
static bool check_unique(run *u, tref *tr, const srow *row, const srow *old)
{
    const stable *t = tr->t;
    for (size_t i = 0; i < t->nidx; i++) {
        if (!t->idx[i].unique) continue;
        size_t nc = t->idx[i].ncols;
        long ci[32];
        bool any_null = false, unchanged = old != NULL;
        for (size_t k = 0; k < nc && k < 32; k++) {
            ci[k] = -1;
            for (size_t j = 0; j < t->ncols; j++)
                if (!strcmp(t->cols[j].name, t->idx[i].cols[k])) ci[k] = (long)j;
            if (ci[k] < 0 || row->v[ci[k]].kind == SIM_V_NULL) any_null = true;
            else if (unchanged) unchanged = sv_eq(&old->v[ci[k]], &row->v[ci[k]]);
        }
        if (any_null || nc > 32 || unchanged) continue; /* unchanged: it clashed with none before */
        mark_read(tr);
        for (size_t r2 = 0; r2 < tr->rs->n; r2++) {
            const srow *o = tr->rs->rows[r2];
            if (!row_key_cmp(t, o, row)) continue;
            bool same = true;
            for (size_t k = 0; k < nc && same; k++) same = sv_eq(&o->v[ci[k]], &row->v[ci[k]]);
            if (same) {
                u->r->status = SIM_PRECONDITION_FAILED;
                res_push(u->r, "Conflict with existing key.", 2012, 0, 0);
                return false;
            }
        }
    }
    return true;
}

static bool is_key(const stable *t, size_t ci)
{
    for (size_t k = 0; k < t->npk; k++)
        if (t->pk[k] == ci) return true;
    return false;
}

/* maps input columns to table columns and checks types; map[i] = table column of input i */
static bool map_input(run *u, tref *tr, const qres *in, long *map, int kind)
{
    stable *t = tr->t;
    sim_result *r = u->r;
    for (size_t i = 0; i < in->ncols; i++) {
        map[i] = -1;
        for (size_t j = 0; j < t->ncols; j++)
            if (!strcmp(t->cols[j].name, in->names[i])) map[i] = (long)j;
        if (map[i] < 0) {
            r->status = SIM_GENERIC_ERROR;
            sim_issue *top = res_push(r, "Type annotation", 1030, 0, 0);
            char *m = xasprintf("No such column: %s, table: db.[%s]", in->names[i], t->path);
            iss_push(top, m, 0, 0, 0);
            free(m);
            return false;
        }
        for (size_t k = 0; k < i; k++)
            if (map[k] == map[i]) {
                xfail(r, NULL, "Duplicate column in input: %s", in->names[i]);
                return false;
            }
        scol *c = &t->cols[map[i]];
        ety ct = c->t;
        ety it = in->types[i];
        if (c->not_null && (it.opt || it.k == ET_NULL)) { not_null_fail(r, c->name); return false; }
        if (it.k == ET_NULL) continue;
        /* VALUES: each cell as written (a literal converts by its value); a SELECT: its types */
        for (size_t ri = 0; in->ctypes && ri < in->nrows; ri++)
            if (!fits(in->ctypes[ri][i], &in->rows[ri][i], ct)) { conv_fail(r, c->name, in->ctypes[ri][i], ct); return false; }
        if (!in->ctypes && !fits(it, NULL, ct)) { conv_fail(r, c->name, it, ct); return false; }
    }
    if (kind == S_UPDATE_ON || kind == S_DELETE_ON || kind == S_UPSERT || kind == S_INSERT || kind == S_REPLACE) {
        for (size_t k = 0; k < t->npk; k++) {
            bool have = false;
            for (size_t i = 0; i < in->ncols; i++) have |= map[i] == (long)t->pk[k];
            if (!have) {
                r->status = SIM_BAD_REQUEST;
                char *m = xasprintf("Missing key column in input: %s for table: %s", t->cols[t->pk[k]].name, t->path);
                res_push(r, m, 0, 0, 0);
                free(m);
                return false;
            }
        }
    }
    if (kind == S_UPSERT || kind == S_INSERT || kind == S_REPLACE) {
        for (size_t j = 0; j < t->ncols; j++) {
            if (!t->cols[j].not_null || t->cols[j].has_def) continue;
            bool have = false;
            for (size_t i = 0; i < in->ncols; i++) have |= map[i] == (long)j;
            if (!have) {
                r->status = SIM_BAD_REQUEST;
                char *m = xasprintf("Missing not null column in input: %s. All not null columns should be initialized", t->cols[j].name);
                res_push(r, m, 0, 0, 0);
                free(m);
                return false;
            }
        }
    }
    return true;
}

/* builds a full-width row from input row i; fills defaults for absent columns */
static srow *make_row(run *u, tref *tr, const qres *in, const long *map, size_t ri, bool **mask_out, bool defaults)
{
    stable *t = tr->t;
    srow *row = row_new(t->ncols);
    bool *mask = xcalloc(t->ncols ? t->ncols : 1, sizeof *mask);
    for (size_t j = 0; j < t->ncols; j++)
        if (defaults && t->cols[j].has_def) row->v[j] = sv_copy(&t->cols[j].def);
    for (size_t i = 0; i < in->ncols; i++) {
        size_t j = (size_t)map[i];
        sim_value cv;
        if (in->rows[ri][i].kind == SIM_V_NULL) {
            if (t->cols[j].not_null) { not_null_fail(u->r, t->cols[j].name); goto bad; }
            cv = sv_null();
        } else if (!conv_value(in->ctypes ? in->ctypes[ri][i] : in->types[i], &in->rows[ri][i], t->cols[j].t, &cv,
                               (in->ctypes ? in->ctypes[ri][i] : in->types[i]).lit)) {
            u->r->status = SIM_BAD_REQUEST;
            char *m = xasprintf("Value out of range for column %s", t->cols[j].name); /* guess */
            res_push(u->r, m, 0, 0, 0);
            free(m);
            goto bad;
        }
        sv_free(&row->v[j]);
        row->v[j] = cv;
        mask[j] = true;
    }
    *mask_out = mask;
    return row;
bad:
    free(mask);
    row_unref(row);
    return NULL;
}

static bool input_rows(run *u, const stmt *s, qres *in)
{
    memset(in, 0, sizeof *in);
    if (s->sel) {
        if (!run_select(u, s->sel, in)) return false;
        if (!s->nicols) return true; /* the SELECT's column names are the table's */
        /* a column list takes the SELECT's columns by position (YQL's TModifyBySource) */
        if (in->ncols != s->nicols) {
            res_fail(u->r, SIM_GENERIC_ERROR, 0, "SELECT has %zu columns, %s expects: %zu", in->ncols,
                     s->kind == S_UPSERT ? "UPSERT INTO" : s->kind == S_INSERT ? "INSERT INTO" : "REPLACE INTO",
                     s->nicols);
            qres_free(in);
            return false;
        }
        for (size_t i = 0; i < s->nicols; i++) {
            free(in->names[i]);
            in->names[i] = xstrdup(s->icols[i]);
        }
        return true;
    }
    ctx c = u->base;
    c.src = NULL;
    in->ncols = s->nicols;
    in->names = xcalloc(s->nicols ? s->nicols : 1, sizeof *in->names);
    in->types = xcalloc(s->nicols ? s->nicols : 1, sizeof *in->types);
    for (size_t i = 0; i < s->nicols; i++) in->names[i] = xstrdup(s->icols[i]);
    for (size_t ri = 0; ri < s->nrows; ri++) {
        sim_value *row = xcalloc(s->nicols ? s->nicols : 1, sizeof *row);
        in->ctypes = xrealloc(in->ctypes, sizeof *in->ctypes * (in->nrows + 1));
        in->ctypes[in->nrows] = xcalloc(s->nicols ? s->nicols : 1, sizeof **in->ctypes);
        qres_push(in, row);
        for (size_t i = 0; i < s->nicols; i++) {
            tv v;
            if (!eval(&c, s->rows[ri][i], &v, 0)) { qres_free(in); return false; }
            row[i] = v.v;
            in->ctypes[ri][i] = v.t;
            if (ri == 0 || in->types[i].k == ET_NULL) in->types[i] = v.t;
            else if (v.t.k != ET_NULL && (v.t.k != in->types[i].k || v.t.prim != in->types[i].prim)) {
                /* rows of VALUES must agree; literal ints are widened */
                if (!(v.t.k == ET_PRIM && in->types[i].k == ET_PRIM && prim_is_int(v.t.prim) && prim_is_int(in->types[i].prim))) {
                    xfail(u->r, s->rows[ri][i], "VALUES rows have different types for column %s", s->icols[i]);
                    qres_free(in);
                    return false;
                }
            }
            if (v.t.opt || v.t.k == ET_NULL) in->types[i].opt = true;
        }
    }
    if (!s->nrows && s->rows == NULL && !s->sel) return true;
    return true;
}

static bool do_write(run *u, const stmt *s)
{
    tref tr;
    if (!open_table(u, s->table, "KiWriteTable!", true, &tr)) return false;
    qres in;
    bool ok = false;
    long *map = NULL;
    if (!input_rows(u, s, &in)) { tref_free(&tr); return false; }
    map = xcalloc(in.ncols ? in.ncols : 1, sizeof *map);
    if (!map_input(u, &tr, &in, map, s->kind)) goto done;
    if (s->kind == S_INSERT || s->kind == S_UPDATE_ON) mark_read(&tr);
    for (size_t ri = 0; ri < in.nrows; ri++) {
        bool *mask = NULL;
        srow *row;
        if (s->kind == S_DELETE_ON) {
            row = make_row(u, &tr, &in, map, ri, &mask, false);
            if (!row) goto done;
            free(mask);
            tt_write(tr.tt, tr.t, W_DELETE, row, NULL);
            continue;
        }
        if (s->kind == S_UPDATE_ON) {
            row = make_row(u, &tr, &in, map, ri, &mask, false);
            if (!row) goto done;
            long at = rs_find(tr.t, tr.rs, row);
            if (at < 0) { row_unref(row); free(mask); continue; }
            srow *o = tr.tt->rs->rows[at];
            srow *n = row_new(tr.t->ncols);
            for (size_t j = 0; j < tr.t->ncols; j++) n->v[j] = sv_copy(mask[j] ? &row->v[j] : &o->v[j]);
            row_unref(row);
            free(mask);
            if (!check_unique(u, &tr, n, o)) { row_unref(n); goto done; }
            tt_write(tr.tt, tr.t, W_REPLACE, n, NULL);
            tr.rs = tr.tt->rs;
            continue;
        }
        row = make_row(u, &tr, &in, map, ri, &mask, true);
        if (!row) goto done;
        if (s->kind == S_INSERT && rs_find(tr.t, tr.tt->rs, row) >= 0) {
            row_unref(row);
            free(mask);
            u->r->status = SIM_PRECONDITION_FAILED;
            sim_issue *top = res_push(u->r, "Execution", 1060, 0, 0);
            iss_push(top, "Conflict with existing key.", 2012, 0, 0);
            goto done;
        }
        if (!check_unique(u, &tr, row, NULL)) { row_unref(row); free(mask); goto done; }
        if (s->kind == S_UPSERT) tt_write(tr.tt, tr.t, W_UPSERT, row, mask);
        else { free(mask); tt_write(tr.tt, tr.t, W_REPLACE, row, NULL); }
        tr.rs = tr.tt->rs;
    }
    ok = true;
done:
    free(map);
    qres_free(&in);
    tref_free(&tr);
    return ok;
}

static bool refs_column(const expr *x, char **cols, size_t n)
{
    if (!x) return false;
    if (x->kind == E_COL)
        for (size_t i = 0; i < n; i++)
            if (!strcmp(cols[i], x->name)) return true;
    if (refs_column(x->a, cols, n) || refs_column(x->b, cols, n) || refs_column(x->c, cols, n)) return true;
    for (size_t i = 0; i < x->n; i++)
        if (refs_column(x->list[i], cols, n)) return true;
    return false;
}

static bool do_update_delete(run *u, const stmt *s)
{
    bool upd = s->kind == S_UPDATE || s->kind == S_BATCH_UPDATE;
    tref tr;
    if (!open_table(u, s->table, "KiWriteTable!", true, &tr)) return false;
    mark_read(&tr);
    stable *t = tr.t;
    ctx c = u->base;
    source src = {.ncols = t->ncols, .names = (const char *const *)tr.names, .types = tr.types, .row = NULL};
    c.src = &src;
    bool ok = false;
    long *map = xcalloc(s->nset ? s->nset : 1, sizeof *map);
    srow **targets = NULL;
    size_t ntargets = 0;
    if (upd) {
        if (s->kind == S_BATCH_UPDATE) {
            for (size_t i = 0; i < s->nset; i++)
                if (refs_column(s->setvals[i], s->setcols, s->nset)) {
                    u->r->status = SIM_GENERIC_ERROR; /* text guess */
                    res_push(u->r, "BATCH UPDATE is supported only for idempotent updates: SET may not reference the updated columns", 0, 0, 0);
                    goto done;
                }
        }
        for (size_t i = 0; i < s->nset; i++) {
            map[i] = -1;
            for (size_t j = 0; j < t->ncols; j++)
                if (!strcmp(t->cols[j].name, s->setcols[i])) map[i] = (long)j;
            if (map[i] < 0) {
                u->r->status = SIM_GENERIC_ERROR;
                sim_issue *top = res_push(u->r, "Type annotation", 1030, 0, 0);
                char *m = xasprintf("Column '%s' does not exist in table '%s'.", s->setcols[i], t->path);
                iss_push(top, m, 0, 0, 0);
                free(m);
                goto done;
            }
            if (is_key(t, (size_t)map[i])) {
                u->r->status = SIM_GENERIC_ERROR;
                sim_issue *top = res_push(u->r, "Type annotation", 1030, 0, 0);
                char *m = xasprintf("Cannot update primary key column: %s", s->setcols[i]);
                iss_push(top, m, 0, 0, 0);
                free(m);
                goto done;
            }
            /* type check by probe */
            tv pv;
            if (!eval(&c, s->setvals[i], &pv, 0)) goto done;
            scol *col = &t->cols[map[i]];
            if (col->not_null && (pv.t.opt || pv.t.k == ET_NULL)) { not_null_fail(u->r, col->name); sv_free(&pv.v); goto done; }
            /* the type check is the compiler's, rows or no rows: a literal by its value, the
             * rest by type (the probe evaluates columns as NULL) */
            if (!fits(pv.t, pv.t.lit ? &pv.v : NULL, col->t)) { conv_fail(u->r, col->name, pv.t, col->t); sv_free(&pv.v); goto done; }
            sv_free(&pv.v);
        }
    }
    { bool w; if (!where_ok(&c, s->where, &w)) goto done; } /* type check */
    size_t ri0 = 0, ri1 = tr.rs->n; /* the key range the WHERE allows */
    kr_range(t, tr.rs, s->where, key_const, &c, &ri0, &ri1);
    for (size_t i = ri0; i < ri1; i++) {
        src.row = tr.rs->rows[i]->v;
        bool pass;
        if (!where_ok(&c, s->where, &pass)) goto done;
        if (!pass) continue;
        targets = xrealloc(targets, sizeof *targets * (ntargets + 1));
        targets[ntargets++] = row_ref(tr.rs->rows[i]);
    }
    for (size_t k = 0; k < ntargets; k++) {
        srow *o = targets[k];
        if (!upd) { tt_write(tr.tt, t, W_DELETE, row_ref(o), NULL); continue; }
        src.row = o->v;
        srow *n = row_new(t->ncols);
        for (size_t j = 0; j < t->ncols; j++) n->v[j] = sv_copy(&o->v[j]);
        for (size_t i = 0; i < s->nset; i++) {
            tv v;
            if (!eval(&c, s->setvals[i], &v, 0)) { row_unref(n); goto done; }
            scol *col = &t->cols[map[i]];
            sim_value cv = sv_null();
            if (!is_null(&v) && !conv_value(v.t, &v.v, col->t, &cv, v.t.lit)) {
                sv_free(&v.v);
                row_unref(n);
                conv_fail(u->r, col->name, v.t, col->t);
                goto done;
            }
            sv_free(&v.v);
            sv_free(&n->v[map[i]]);
            n->v[map[i]] = cv;
        }
        if (!check_unique(u, &tr, n, o)) { row_unref(n); goto done; }
        tt_write(tr.tt, t, W_REPLACE, n, NULL);
        tr.rs = tr.tt->rs;
    }
    ok = true;
done:
    for (size_t k = 0; k < ntargets; k++) row_unref(targets[k]);
    free(targets);
    free(map);
    tref_free(&tr);
    return ok;
}

static void emit_set(sim_result *r, qres *q)
{
    r->sets = xrealloc(r->sets, sizeof *r->sets * (r->nsets + 1));
    sim_result_set *rs = &r->sets[r->nsets++];
    memset(rs, 0, sizeof *rs);
    rs->ncolumns = q->ncols;
    rs->columns = xcalloc(q->ncols ? q->ncols : 1, sizeof *rs->columns);
    for (size_t i = 0; i < q->ncols; i++) {
        rs->columns[i].name = q->names[i];
        q->names[i] = NULL;
        rs->columns[i].type = st_from_ety(q->types[i]);
    }
    rs->nrows = q->nrows;
    rs->rows = xcalloc(q->nrows ? q->nrows : 1, sizeof *rs->rows);
    for (size_t i = 0; i < q->nrows; i++) {
        rs->rows[i] = sv_null();
        rs->rows[i].kind = SIM_V_ITEMS;
        rs->rows[i].items = q->rows[i];
        rs->rows[i].nitems = q->ncols;
        q->rows[i] = NULL;
    }
    q->nrows = 0;
    qres_free(q);
}

void exec_dml(sim_engine *e, sim_tx *tx, stmt **st, size_t n, const sim_param *params,
              size_t nparams, sim_result *r)
{
    run u;
    memset(&u, 0, sizeof u);
    u.e = e;
    u.tx = tx;
    u.r = r;
    u.base.e = e;
    u.base.params = params;
    u.base.nparams = nparams;
    u.base.st = st;
    u.base.nst = n;
    u.base.r = r;
    for (size_t i = 0; i < n && r->status == SIM_SUCCESS; i++) {
        stmt *s = st[i];
        switch (s->kind) {
        case S_PRAGMA:
            if (!strcasecmp(s->name, "TablePathPrefix")) u.prefix = s->pragma_value;
            break;
        case S_DECLARE: break;
        case S_SELECT: {
            qres q;
            if (run_select(&u, s->sel, &q)) emit_set(r, &q);
            break;
        }
        case S_UPSERT: case S_INSERT: case S_REPLACE: case S_UPDATE_ON: case S_DELETE_ON:
            do_write(&u, s);
            break;
        case S_UPDATE: case S_DELETE: case S_BATCH_UPDATE: case S_BATCH_DELETE:
            do_update_delete(&u, s);
            break;
        default:
            r->status = SIM_GENERIC_ERROR;
            res_push(r, "ydbsim does not support this statement here", 0, s->line, s->col);
        }
    }
    if (r->status != SIM_SUCCESS && r->nsets) {
        /* no partial result sets on failure */
        sim_result sets;
        memset(&sets, 0, sizeof sets);
        sets.sets = r->sets;
        sets.nsets = r->nsets;
        r->sets = NULL;
        r->nsets = 0;
        sim_result_free(&sets);
    }
}
