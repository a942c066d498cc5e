/* test_paging.c - what backfill and rebuild_table ask of ydbsim: keyed paging written with
 * OR/AND and as a tuple comparison, its key range (keyrange.c: a page reads its rows, not
 * the table), UPSERT INTO S (cols) SELECT exprs (columns by position), COUNT(*) with a
 * WHERE, `(expr) IS NULL AS name`, a page's two statements in one transaction, and 100 000
 * rows paged through 1000 at a time. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine_int.h"
#include "test_util.h"

static sim_engine *E;

static void setup(void) { E = sim_engine_new("/local"); }
static void teardown(void) { sim_engine_free(E); }

TestSuite(paging, .init = setup, .fini = teardown);

static sim_result qp(const char *yql, const sim_param *p, size_t np)
{
    sim_result r = sim_execute(E, SIM_API_QUERY, NULL, -1, false, yql, p, np);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s -> %d %s", yql, r.status, r.nissues ? r.issues[0].message : "");
    return r;
}

static void ok(const char *yql)
{
    sim_result r = qp(yql, NULL, 0);
    sim_result_free(&r);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* t (k0 Uint64, k1 Uint64): n rows, keys (i / 3, i % 3), v = i */
static void load(size_t n)
{
    ok("CREATE TABLE t (k0 Uint64 NOT NULL, k1 Uint64 NOT NULL, v Int64, PRIMARY KEY (k0, k1));");
    size_t cap = 64 * 1000 + 64;
    char *buf = malloc(cap);
    for (size_t i = 0; i < n; i += 1000) {
        int len = snprintf(buf, cap, "UPSERT INTO t (k0, k1, v) VALUES ");
        for (size_t j = i; j < i + 1000 && j < n; j++)
            len += snprintf(buf + len, cap - (size_t)len, "%s(%zuul, %zuul, %zu)", j > i ? ", " : "", j / 3, j % 3, j);
        snprintf(buf + len, cap - (size_t)len, ";");
        ok(buf);
    }
    free(buf);
}

static sim_type T_U64 = {.kind = SIM_T_PRIMITIVE, .prim = SIM_UINT64};

/* Pages of `page` rows after the cursor ($c0, $c1), by the WHERE `after`: every row once,
 * in key order. Returns the number of pages. */
static size_t page_through(size_t n, size_t page, const char *after)
{
    char first[128], next[512];
    snprintf(first, sizeof first, "SELECT k0, k1, v FROM t ORDER BY k0, k1 LIMIT %zu;", page);
    snprintf(next, sizeof next, "DECLARE $c0 AS Uint64; DECLARE $c1 AS Uint64;\n"
             "SELECT k0, k1, v FROM t WHERE %s ORDER BY k0, k1 LIMIT %zu;", after, page);
    sim_value c0 = {.kind = SIM_V_U64}, c1 = {.kind = SIM_V_U64};
    sim_param p[] = {{"$c0", &T_U64, &c0}, {"$c1", &T_U64, &c1}};
    size_t seen = 0, pages = 0;
    for (;;) {
        sim_result r = qp(seen ? next : first, p, 2);
        size_t got = r.sets[0].nrows;
        for (size_t i = 0; i < got; i++)
            cr_assert_eq(r.sets[0].rows[i].items[2].i64, (int64_t)(seen + i), "row %zu of page %zu", i, pages);
        if (got) {
            c0.u64 = r.sets[0].rows[got - 1].items[0].u64;
            c1.u64 = r.sets[0].rows[got - 1].items[1].u64;
        }
        sim_result_free(&r);
        if (!got) break;
        seen += got;
        pages++;
    }
    cr_assert_eq(seen, n);
    return pages;
}

static const char *OR_FORM = "(k0 > $c0) OR (k0 = $c0 AND k1 > $c1)";
static const char *TUPLE_FORM = "(k0, k1) > ($c0, $c1)";

Test(paging, keyed_pages_both_forms)
{
    load(3000);
    cr_assert_eq(page_through(3000, 100, OR_FORM), 30);
    cr_assert_eq(page_through(3000, 100, TUPLE_FORM), 30);
    cr_assert_eq(page_through(3000, 7, "k0 > $c0 OR k0 = $c0 AND k1 > $c1"), 429);
}

/* YQL compares tuples element by element, left to right (YDB's docs, "Comparison
 * operators"); other shapes are refused, as YQL's type check would */
Test(paging, tuple_comparisons)
{
    load(30); /* keys (0,0) (0,1) (0,2) (1,0) ... (9,2) */
    struct { const char *where; size_t n; int64_t first; } cases[] = {
        {"(k0, k1) > (1ul, 1ul)", 25, 5},
        {"(k0, k1) >= (1ul, 1ul)", 26, 4},
        {"(k0, k1) < (1ul, 1ul)", 4, 0},
        {"(k0, k1) <= (1ul, 1ul)", 5, 0},
        {"(k0, k1) = (2ul, 2ul)", 1, 8},
        {"(k0, k1) != (0ul, 0ul)", 29, 1},
        {"(k0, k1) > (1ul, 1ul) AND (k0, k1) <= (2ul, 0ul)", 2, 5},
        {"(k1, k0) > (1ul, 8ul)", 11, 2}, /* not the key order: every k1 = 2, and (9, 1) */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char q[256];
        snprintf(q, sizeof q, "SELECT v FROM t WHERE %s ORDER BY v;", cases[i].where);
        sim_result r = qp(q, NULL, 0);
        cr_assert_eq(r.sets[0].nrows, cases[i].n, "%s: %zu rows", cases[i].where, r.sets[0].nrows);
        cr_assert_eq(r.sets[0].rows[0].items[0].i64, cases[i].first, "%s", cases[i].where);
        sim_result_free(&r);
    }
    const char *bad[] = {"SELECT v FROM t WHERE (k0, k1) > 1ul;", "SELECT v FROM t WHERE (k0, k1) > (1ul, 1ul, 1ul);",
                         "SELECT (1, 2);"};
    for (size_t i = 0; i < 3; i++) {
        sim_result r = sim_execute(E, SIM_API_QUERY, NULL, -1, false, bad[i], NULL, 0);
        cr_assert_eq(r.status, SIM_GENERIC_ERROR, "%s", bad[i]);
        sim_result_free(&r);
    }
}

/* kr_range's constants in these tests: literals only */
static bool lit_only(void *ud, const expr *x, ety *t, sim_value *v)
{
    (void)ud;
    if (x->kind != E_LIT) return false;
    *t = x->t;
    *v = sv_copy(&x->v);
    return true;
}

/* the range of rows kr_range gives a WHERE over t */
static void range_of(const char *where, size_t *from, size_t *to)
{
    char q[512];
    snprintf(q, sizeof q, "SELECT * FROM t WHERE %s;", where);
    script sc;
    sim_result r;
    memset(&r, 0, sizeof r);
    cr_assert(yql_parse(q, &sc, &r), "%s", where);
    stable *t = eng_find_table(E, "/local/t");
    kr_range(t, t->rs, sc.st[0]->sel->where, lit_only, NULL, from, to);
    script_free(&sc);
    sim_result_free(&r);
}

/* the rows a page reads: from the cursor to the page's end, not the table */
Test(paging, key_ranges)
{
    load(300); /* row i at index i */
    struct { const char *where; size_t from, to; } cases[] = {
        {"k0 > 10ul", 33, 300},
        {"k0 >= 10ul", 30, 300},
        {"k0 < 10ul", 0, 30},
        {"k0 = 10ul", 30, 33},
        {"(k0 > 10ul) OR (k0 = 10ul AND k1 > 1ul)", 32, 300},
        {"(k0, k1) > (10ul, 1ul)", 32, 300},
        {"(k0, k1) > (10ul, 1ul) AND (k0, k1) <= (20ul, 0ul)", 32, 61},
        {"((k0 > 10ul) OR (k0 = 10ul AND k1 > 1ul)) AND ((k0 < 20ul) OR (k0 = 20ul AND k1 <= 0ul))", 32, 61},
        {"k0 BETWEEN 5ul AND 6ul", 15, 21},
        {"10ul < k0 AND v > 0", 33, 300},
        {"k0 > 10ul OR v = 5", 0, 300},       /* an OR with an unbounded side: everything */
        {"k1 > 1ul", 0, 300},                 /* not the key's first column */
        {"NOT (k0 < 10ul)", 0, 300},          /* not understood: everything (still correct) */
        {"k0 > 10ul AND k0 < 5ul", 33, 33},   /* nothing */
        {"k0 > -1", 0, 300},                  /* a constant the key column cannot hold */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t from, to;
        range_of(cases[i].where, &from, &to);
        cr_assert(from == cases[i].from && to == cases[i].to, "%s: [%zu, %zu), want [%zu, %zu)", cases[i].where, from,
                  to, cases[i].from, cases[i].to);
    }
}

/* random WHEREs over (a Int32, b Utf8): the same rows with the key range as without it
 * (NOT NOT (...) hides the condition from kr_range) */
Test(paging, key_ranges_never_lose_rows)
{
    ok("CREATE TABLE r (a Int32 NOT NULL, b Utf8 NOT NULL, PRIMARY KEY (a, b));");
    ok("UPSERT INTO r (a, b) VALUES (-2, 'x'u), (-1, ''u), (-1, 'b'u), (0, 'a'u), (0, 'c'u), (1, 'a'u), "
       "(1, 'b'u), (1, 'bb'u), (2, 'z'u), (3, 'a'u), (5, 'q'u);");
    const char *atoms[] = {"a > 0", "a >= 1", "a < 2", "a <= -1", "a = 1", "b > 'b'u", "b <= 'a'u", "b = 'a'u",
                           "0 < a", "'b' > b", "(a, b) > (1, 'a'u)", "(a, b) <= (0, 'c'u)", "a BETWEEN 0 AND 2",
                           "a > 2147483647", "b > 'bb'u"};
    size_t na = sizeof atoms / sizeof *atoms;
    unsigned seed = 12345;
    for (int iter = 0; iter < 400; iter++) {
        char w[512];
        size_t x = (size_t)rand_r(&seed) % na, y = (size_t)rand_r(&seed) % na, z = (size_t)rand_r(&seed) % na;
        int shape = rand_r(&seed) % 4;
        if (shape == 0) snprintf(w, sizeof w, "%s", atoms[x]);
        else if (shape == 1) snprintf(w, sizeof w, "(%s) AND (%s)", atoms[x], atoms[y]);
        else if (shape == 2) snprintf(w, sizeof w, "(%s) OR (%s) AND (%s)", atoms[x], atoms[y], atoms[z]);
        else snprintf(w, sizeof w, "((%s) OR (%s)) AND (%s)", atoms[x], atoms[y], atoms[z]);
        char q1[1024], q2[1024];
        int lim = rand_r(&seed) % 4;
        snprintf(q1, sizeof q1, "SELECT a, b FROM r WHERE %s ORDER BY a, b%s;", w, lim ? " LIMIT 2" : "");
        snprintf(q2, sizeof q2, "SELECT a, b FROM r WHERE NOT NOT (%s) ORDER BY a, b%s;", w, lim ? " LIMIT 2" : "");
        sim_result r1 = qp(q1, NULL, 0), r2 = qp(q2, NULL, 0);
        cr_assert_eq(r1.sets[0].nrows, r2.sets[0].nrows, "%s: %zu rows, want %zu", w, r1.sets[0].nrows,
                     r2.sets[0].nrows);
        for (size_t i = 0; i < r1.sets[0].nrows; i++) {
            cr_assert_eq(r1.sets[0].rows[i].items[0].i64, r2.sets[0].rows[i].items[0].i64, "%s row %zu", w, i);
            cr_assert_str_eq(r1.sets[0].rows[i].items[1].bytes, r2.sets[0].rows[i].items[1].bytes, "%s row %zu", w, i);
        }
        sim_result_free(&r1);
        sim_result_free(&r2);
    }
}

/* YQL's INSERT/UPSERT ... SELECT with a column list takes the SELECT's columns by position
 * (the translator's TModifyBySource: AsStruct(list[i] = Member(row, select column i)) */
Test(paging, upsert_select_by_position)
{
    load(12);
    ok("CREATE TABLE s (k1 Uint64 NOT NULL, k0 Uint64 NOT NULL, twice Int64, odd Bool, PRIMARY KEY (k1, k0));");
    ok("UPSERT INTO s (k1, k0, twice, odd) SELECT k1, k0, v * 2, v % 2 = 1 FROM t WHERE (k0, k1) > (1ul, 2ul) AND "
       "(k0, k1) <= (2ul, 2ul);");
    sim_result r = qp("SELECT k1, k0, twice, odd FROM s ORDER BY k1, k0;", NULL, 0);
    cr_assert_eq(r.sets[0].nrows, 3); /* v = 6, 7, 8 */
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 0);
    cr_assert_eq(r.sets[0].rows[0].items[1].u64, 2);
    cr_assert_eq(r.sets[0].rows[0].items[2].i64, 12);
    cr_assert_eq(r.sets[0].rows[1].items[2].i64, 14);
    cr_assert(r.sets[0].rows[1].items[3].b);
    cr_assert_eq(r.sets[0].rows[2].items[2].i64, 16);
    sim_result_free(&r);
    r = sim_execute(E, SIM_API_QUERY, NULL, -1, false, "UPSERT INTO s (k1, k0) SELECT k1, k0, v FROM t;", NULL, 0);
    cr_assert_eq(r.status, SIM_GENERIC_ERROR);
    cr_assert(issue_has(r.issues, r.nissues, "SELECT has 3 columns, UPSERT INTO expects: 2"));
    sim_result_free(&r);
}

Test(paging, count_and_is_null_columns)
{
    ok("CREATE TABLE n (k Uint64 NOT NULL, a Int32, b Utf8, PRIMARY KEY (k));");
    ok("UPSERT INTO n (k, a, b) VALUES (1, 1, 'x'u), (2, NULL, 'y'u), (3, 3, NULL), (4, 4, 'z'u);");
    sim_result r = qp("SELECT COUNT(*) FROM n WHERE k <= 3ul; SELECT COUNT(*) FROM n;", NULL, 0);
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 3);
    cr_assert_eq(r.sets[0].columns[0].type->prim, SIM_UINT64);
    cr_assert_eq(r.sets[1].rows[0].items[0].u64, 4);
    sim_result_free(&r);
    r = qp("SELECT k, ((a) IS NULL OR (b) IS NULL) AS __null, (a + 1) IS NULL AS an FROM n ORDER BY k;", NULL, 0);
    cr_assert_str_eq(r.sets[0].columns[1].name, "__null");
    cr_assert_str_eq(r.sets[0].columns[2].name, "an");
    cr_assert_eq(r.sets[0].columns[1].type->kind, SIM_T_PRIMITIVE);
    cr_assert_eq(r.sets[0].columns[1].type->prim, SIM_BOOL);
    bool want_null[] = {false, true, true, false}, want_an[] = {false, true, false, false};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(r.sets[0].rows[i].items[1].b, want_null[i], "row %zu", i);
        cr_assert_eq(r.sets[0].rows[i].items[2].b, want_an[i], "row %zu", i);
    }
    sim_result_free(&r);
}

/* a copy page as rebuild_table runs it: the first query reads the cursor and the page, the
 * second copies the page into S and moves the cursor, committing both */
Test(paging, page_in_one_transaction)
{
    load(30);
    ok("CREATE TABLE s (k0 Uint64 NOT NULL, k1 Uint64 NOT NULL, v Int64, PRIMARY KEY (k0, k1));");
    ok("CREATE TABLE cur (id Utf8 NOT NULL, c0 Uint64, c1 Uint64, done Uint64, PRIMARY KEY (id));");
    ok("UPSERT INTO cur (id, c0, c1, done) VALUES ('x'u, 1ul, 2ul, 6ul);");
    sim_tx *tx = sim_tx_begin(E, SIM_TX_SERIALIZABLE_RW);
    const char *id = sim_tx_id(tx);
    sim_result r = sim_execute(E, SIM_API_QUERY, tx, -1, false,
                               "SELECT c0, c1, done FROM cur WHERE id = 'x'u;\n"
                               "SELECT k0, k1 FROM t WHERE (k0, k1) > (1ul, 2ul) ORDER BY k0, k1 LIMIT 10;",
                               NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    cr_assert_eq(r.nsets, 2);
    cr_assert_eq(r.sets[1].nrows, 10);
    cr_assert_eq(r.sets[1].rows[9].items[0].u64, 5); /* the page's last key: (5, 0), row 15 */
    sim_result_free(&r);
    tx = sim_tx_find(E, id);
    cr_assert_not_null(tx);
    r = sim_execute(E, SIM_API_QUERY, tx, -1, true,
                    "UPSERT INTO s (k0, k1, v) SELECT k0, k1, v + 100 FROM t\n"
                    "  WHERE (k0, k1) > (1ul, 2ul) AND (k0, k1) <= (5ul, 0ul);\n"
                    "UPSERT INTO cur (id, c0, c1, done) VALUES ('x'u, 5ul, 0ul, 16ul);",
                    NULL, 0);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s", r.nissues ? r.issues[0].message : "");
    sim_result_free(&r);
    r = qp("SELECT COUNT(*), MIN(v), MAX(v) FROM s; SELECT c0, c1, done FROM cur;", NULL, 0);
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 10);
    cr_assert_eq(r.sets[0].rows[0].items[1].i64, 106);
    cr_assert_eq(r.sets[0].rows[0].items[2].i64, 115);
    cr_assert_eq(r.sets[1].rows[0].items[0].u64, 5);
    cr_assert_eq(r.sets[1].rows[0].items[2].u64, 16);
    sim_result_free(&r);
}

/* 100 000 rows, paged 1000 at a time both ways, and a page's copy: each page reads its own
 * range (key_ranges shows which rows), so the whole run takes about a second (before
 * keyrange.c: about 8 s, every page filtering and sorting the whole table) */
Test(paging, hundred_thousand_rows, .timeout = 120)
{
    double t0 = now();
    load(100000);
    double t1 = now();
    cr_assert_eq(page_through(100000, 1000, OR_FORM), 100);
    double t2 = now();
    cr_assert_eq(page_through(100000, 1000, TUPLE_FORM), 100);
    double t3 = now();
    ok("CREATE TABLE s (k0 Uint64 NOT NULL, k1 Uint64 NOT NULL, v Int64, PRIMARY KEY (k0, k1));");
    ok("UPSERT INTO s (k0, k1, v) SELECT k0, k1, v FROM t WHERE (k0, k1) > (20000ul, 2ul) AND (k0, k1) <= (20333ul, 2ul);");
    double t4 = now();
    sim_result r = qp("SELECT COUNT(*) FROM s; SELECT COUNT(*) FROM t WHERE (k0, k1) <= (33333ul, 0ul);", NULL, 0);
    cr_assert_eq(r.sets[0].rows[0].items[0].u64, 999);
    cr_assert_eq(r.sets[1].rows[0].items[0].u64, 100000);
    sim_result_free(&r);
    cr_log_info("100 000 rows: load %.2f s; 100 pages of 1000 (OR form) %.2f s, (tuple form) %.2f s; "
                "one page's copy %.1f ms; the counts %.1f ms",
                t1 - t0, t2 - t1, t3 - t2, (t4 - t3) * 1000, (now() - t4) * 1000);
}
