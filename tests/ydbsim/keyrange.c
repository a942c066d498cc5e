/* keyrange.c - ydbsim: the rows of a table a WHERE can hold for, as one range of its key
 * order, so that keyed paging (`WHERE (k0, k1) > ($c0, $c1) ... ORDER BY k0, k1 LIMIT N`, or
 * the same written with OR/AND) and a page's copy (`... AND (k0, k1) <= ($l0, $l1)`) read
 * what they need, not the whole table, as YDB reads a key range.
 *
 * A bound is a position in key order: the values of the first m key columns and what
 * follows them, -infinity or +infinity (`tail`). `k0 > 5` holds only after (5, +inf);
 * `k0 = 5 AND k1 >= 7` only from (5, 7, -inf) on; an AND holds where all its parts do (the
 * greatest lower bound of its parts), an OR where one does (the least). The range is only
 * ever wider than the WHERE: every row inside it is still tested, so a condition this file
 * does not understand only costs time. Constants are the comparison's other side when it is
 * a literal or a parameter (the caller evaluates it) of the key column's own kind. */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

#define KR_MAX 16

typedef struct bound {
    bool has;
    size_t m;
    sim_value v[KR_MAX]; /* borrowed from the caller's arena of constants (kr->vals) */
    int tail;            /* -1 or +1 */
} bound;

typedef struct kr {
    const stable *t;
    kr_const_fn fn;
    void *ud;
    sim_value *vals; /* evaluated constants, freed at the end */
    size_t nvals;
} kr;

/* position a against position b */
static int pos_cmp(const bound *a, const bound *b)
{
    size_t n = a->m < b->m ? a->m : b->m;
    for (size_t i = 0; i < n; i++) {
        int c = sv_cmp(&a->v[i], &b->v[i]);
        if (c) return c;
    }
    if (a->m == b->m) return (a->tail > b->tail) - (a->tail < b->tail);
    return a->m < b->m ? a->tail : -b->tail;
}

/* a row's key against a position: never equal (a position sits between keys) */
static int key_cmp(const stable *t, const srow *row, const bound *b)
{
    for (size_t i = 0; i < b->m; i++) {
        int c = sv_cmp(&row->v[t->pk[i]], &b->v[i]);
        if (c) return c;
    }
    return -b->tail;
}

/* the key column's position in the key, or -1 */
static long key_pos(const stable *t, const expr *x)
{
    if (!x || x->kind != E_COL) return -1;
    for (size_t k = 0; k < t->npk && k < KR_MAX; k++)
        if (!strcmp(t->cols[t->pk[k]].name, x->name)) return (long)k;
    return -1;
}

static bool comparable(ety col, ety c)
{
    if (c.k != ET_PRIM || col.k != ET_PRIM) return col.k == ET_DEC && c.k == ET_DEC;
    if (prim_is_int(col.prim) && prim_is_int(c.prim)) return true;
    if ((col.prim == SIM_STRING || col.prim == SIM_UTF8) && (c.prim == SIM_STRING || c.prim == SIM_UTF8)) return true;
    return col.prim == c.prim && (prim_is_time(col.prim) || col.prim == SIM_BOOL);
}

/* the constant x as a value of key column k, or false */
static bool constant(kr *s, const expr *x, size_t k, sim_value *out)
{
    if (!x || (x->kind != E_LIT && x->kind != E_PARAM && x->kind != E_NEG && x->kind != E_CAST)) return false;
    ety ct;
    sim_value v;
    if (!s->fn(s->ud, x, &ct, &v)) return false;
    const scol *col = &s->t->cols[s->t->pk[k]];
    bool ok = v.kind != SIM_V_NULL && comparable(col->t, ct);
    sim_value cv = sv_null();
    if (ok) ok = conv_value(ct, &v, col->t, &cv, true) && cv.kind != SIM_V_NULL;
    sv_free(&v);
    if (!ok) { sv_free(&cv); return false; }
    s->vals = xrealloc(s->vals, sizeof *s->vals * (s->nvals + 1));
    s->vals[s->nvals++] = cv;
    *out = cv;
    return true;
}

/* one comparison `key column OP constant` (either way round), with OP as seen from the
 * column; false when x is not one */
typedef struct atom { size_t k; int op; sim_value v; } atom;

static bool as_atom(kr *s, const expr *x, atom *a)
{
    if (x->kind == E_BETWEEN && !x->negate) return false; /* two atoms: see collect() */
    if (x->kind != E_BIN || x->op < OP_EQ || x->op > OP_GE || x->op == OP_NE) return false;
    long k = key_pos(s->t, x->a);
    int op = x->op;
    const expr *other = x->b;
    if (k < 0) {
        k = key_pos(s->t, x->b);
        other = x->a;
        op = op == OP_LT ? OP_GT : op == OP_LE ? OP_GE : op == OP_GT ? OP_LT : op == OP_GE ? OP_LE : op;
    }
    if (k < 0 || !constant(s, other, (size_t)k, &a->v)) return false;
    a->k = (size_t)k;
    a->op = op;
    return true;
}

static bound derive(kr *s, const expr *x, bool lower, int depth);

/* an AND's conjuncts, flattened */
static void conjuncts(const expr *x, const expr **v, size_t *n, size_t cap)
{
    if (x->kind == E_BIN && x->op == OP_AND) {
        conjuncts(x->a, v, n, cap);
        conjuncts(x->b, v, n, cap);
    } else if (*n < cap) {
        v[(*n)++] = x;
    }
}

static void keep(bound *best, const bound *b, bool lower, bool wider)
{
    if (!b->has) {
        if (wider) best->has = false; /* an OR with an unbounded side is unbounded */
        return;
    }
    if (!best->has) {
        if (!wider) *best = *b;
        return;
    }
    int c = pos_cmp(b, best);
    /* AND (narrower): the greatest lower / least upper bound; OR (wider): the opposite */
    if (lower != wider ? c > 0 : c < 0) *best = *b;
}

static bound derive(kr *s, const expr *x, bool lower, int depth)
{
    bound out = {0};
    if (!x || depth > 64) return out;
    if (x->kind == E_BIN && x->op == OP_OR) {
        bound a = derive(s, x->a, lower, depth + 1), b = derive(s, x->b, lower, depth + 1);
        if (!a.has || !b.has) return out;
        out = a;
        keep(&out, &b, lower, true);
        return out;
    }
    const expr *cj[64];
    size_t n = 0;
    conjuncts(x, cj, &n, 64);
    /* the atoms, by key column: equalities, and this side's inequality */
    atom eq[KR_MAX], ineq[KR_MAX];
    bool has_eq[KR_MAX] = {0}, has_ineq[KR_MAX] = {0};
    for (size_t i = 0; i < n; i++) {
        atom a;
        if (cj[i]->kind == E_BETWEEN && !cj[i]->negate) {
            long k = key_pos(s->t, cj[i]->a);
            if (k >= 0 && constant(s, lower ? cj[i]->b : cj[i]->c, (size_t)k, &a.v)) {
                a.k = (size_t)k;
                a.op = lower ? OP_GE : OP_LE;
                ineq[k] = a;
                has_ineq[k] = true;
            }
            continue;
        }
        if (as_atom(s, cj[i], &a)) {
            if (a.op == OP_EQ) { eq[a.k] = a; has_eq[a.k] = true; }
            else if (lower == (a.op == OP_GT || a.op == OP_GE)) { ineq[a.k] = a; has_ineq[a.k] = true; }
            continue;
        }
        if (n > 1 || cj[i] != x) {
            bound b = derive(s, cj[i], lower, depth + 1);
            keep(&out, &b, lower, false);
        }
    }
    /* equalities on k0..kj-1, then k_j's own bound */
    bound b = {0};
    b.has = true;
    b.tail = lower ? -1 : +1;
    size_t j = 0;
    while (j < s->t->npk && j < KR_MAX && has_eq[j]) b.v[b.m++] = eq[j++].v;
    if (j < s->t->npk && j < KR_MAX && has_ineq[j]) {
        b.v[b.m++] = ineq[j].v;
        bool strict = ineq[j].op == OP_GT || ineq[j].op == OP_LT;
        b.tail = lower ? (strict ? +1 : -1) : (strict ? -1 : +1);
    }
    if (b.m) keep(&out, &b, lower, false);
    return out;
}

/* the first row (from lo) whose key is after position b */
static size_t first_after(const stable *t, const rowset *rs, const bound *b)
{
    size_t lo = 0, hi = rs->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(t, rs->rows[mid], b) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

void kr_range(const stable *t, const rowset *rs, const expr *where, kr_const_fn fn, void *ud, size_t *from,
              size_t *to)
{
    *from = 0;
    *to = rs->n;
    if (!where || !t->npk) return;
    kr s = {t, fn, ud, NULL, 0};
    bound lo = derive(&s, where, true, 0), hi = derive(&s, where, false, 0);
    if (lo.has) *from = first_after(t, rs, &lo);
    if (hi.has) *to = first_after(t, rs, &hi);
    if (*to < *from) *to = *from;
    for (size_t i = 0; i < s.nvals; i++) sv_free(&s.vals[i]);
    free(s.vals);
}
