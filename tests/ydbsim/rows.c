/* rows.c - ydbsim: a table's rows: reference-counted rows and rowsets kept in primary key
 * order (find, put, delete by key). */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- rows ---- */
srow *row_new(size_t n)
{
    srow *r = xcalloc(1, sizeof *r + n * sizeof(sim_value));
    r->refs = 1;
    r->n = n;
    for (size_t i = 0; i < n; i++) r->v[i] = sv_null();
    return r;
}
srow *row_ref(srow *r) { r->refs++; return r; }
void row_unref(srow *r)
{
    if (!r || --r->refs > 0) return;
    for (size_t i = 0; i < r->n; i++) sv_free(&r->v[i]);
    free(r);
}
rowset *rs_new(void)
{
    rowset *rs = xcalloc(1, sizeof *rs);
    rs->refs = 1;
    return rs;
}
rowset *rs_ref(rowset *rs) { rs->refs++; return rs; }
void rs_unref(rowset *rs)
{
    if (!rs || --rs->refs > 0) return;
    for (size_t i = 0; i < rs->n; i++) row_unref(rs->rows[i]);
    free(rs->rows);
    free(rs);
}
rowset *rs_clone(const rowset *rs)
{
    rowset *c = rs_new();
    c->n = c->cap = rs->n;
    c->rows = xcalloc(rs->n ? rs->n : 1, sizeof *c->rows);
    for (size_t i = 0; i < rs->n; i++) c->rows[i] = row_ref(rs->rows[i]);
    return c;
}
int row_key_cmp(const stable *t, const srow *a, const srow *b)
{
    for (size_t k = 0; k < t->npk; k++) {
        int c = sv_cmp(&a->v[t->pk[k]], &b->v[t->pk[k]]);
        if (c) return c;
    }
    return 0;
}
long rs_find(const stable *t, const rowset *rs, const srow *key)
{
    size_t lo = 0, hi = rs->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = row_key_cmp(t, rs->rows[mid], key);
        if (c == 0) return (long)mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -(long)lo - 1;
}
void rs_put(const stable *t, rowset *rs, srow *row)
{
    long i = rs_find(t, rs, row);
    if (i >= 0) {
        row_unref(rs->rows[i]);
        rs->rows[i] = row;
        return;
    }
    size_t at = (size_t)(-i - 1);
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 16;
        rs->rows = xrealloc(rs->rows, sizeof *rs->rows * rs->cap);
    }
    memmove(rs->rows + at + 1, rs->rows + at, sizeof *rs->rows * (rs->n - at));
    rs->rows[at] = row;
    rs->n++;
}
void rs_del(const stable *t, rowset *rs, const srow *key)
{
    long i = rs_find(t, rs, key);
    if (i < 0) return;
    row_unref(rs->rows[i]);
    memmove(rs->rows + i, rs->rows + i + 1, sizeof *rs->rows * (rs->n - (size_t)i - 1));
    rs->n--;
}
