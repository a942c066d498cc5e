/* test_schema.c - persistent schemas: sharing, cost of a change, order and equality. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "../../compiler/schema.h"

static mig_arena *arena;
static mig_schema_ctx ctx;

static void setup(void)
{
    arena = mig_arena_new();
    ctx = (mig_schema_ctx){arena, 0};
}

static void teardown(void) { mig_arena_free(arena); }

TestSuite(schema, .init = setup, .fini = teardown);

static const char *name(unsigned i) { return mig_printf(arena, "t%05u", i); }

/* A schema with tables t00000 .. t<n-1>, put in a scrambled order. */
static mig_schema *with_tables(unsigned n, unsigned stride)
{
    mig_schema *s = mig_schema_new(&ctx);
    for (unsigned i = 0; i < n; i++) mig_schema_put(&ctx, s, mig_table_new(&ctx, name((i * stride) % n)));
    return mig_schema_clone(&ctx, s); /* freeze what was put */
}

Test(schema, a_clone_shares_what_it_does_not_change)
{
    mig_schema *a = with_tables(50, 7);
    mig_schema *b = mig_schema_clone(&ctx, a);
    mig_table *t = mig_schema_edit(&ctx, b, "t00010");
    cr_assert_not_null(t);
    cr_assert_neq(t, mig_schema_find(a, "t00010"), "the edited table is a copy");
    t->npk = 1;
    cr_assert_eq(mig_schema_find(a, "t00010")->npk, 0, "the original schema does not see the edit");
    cr_assert_eq(mig_schema_find(a, "t00011"), mig_schema_find(b, "t00011"), "unchanged tables are shared");
    cr_assert(mig_schema_remove(&ctx, b, "t00020"));
    cr_assert_not(mig_schema_remove(&ctx, b, "t00020"), "removing a missing table says so");
    cr_assert_not_null(mig_schema_find(a, "t00020"));
    cr_assert_eq(a->n, 50);
    cr_assert_eq(b->n, 49);
}

/* A long linear history costs what its revisions change, not the size of the schema at
 * each of them: keeping 2 000 revisions of a 2 000-table schema, each editing one table,
 * must not copy the schema at every revision (that alone would be 16 KB a revision). */
Test(schema, a_revision_costs_what_it_changes)
{
    enum { TABLES = 2000, REVS = 2000 };
    mig_schema *cur = with_tables(TABLES, 7);
    size_t start = mig_arena_size(arena);
    for (unsigned r = 0; r < REVS; r++) {
        mig_schema *next = mig_schema_clone(&ctx, cur);
        mig_table *t = mig_schema_edit(&ctx, next, name((r * 13) % TABLES));
        t->npk++;
        cur = mig_schema_clone(&ctx, next);
    }
    size_t per_rev = (mig_arena_size(arena) - start) / REVS;
    cr_assert_lt(per_rev, 2048, "a revision that edits one table costs %zu bytes", per_rev);
}

Test(schema, tables_come_in_path_order)
{
    mig_schema *s = with_tables(300, 37);
    unsigned i = 0;
    for (const mig_table *t = mig_schema_first(s); t; t = mig_schema_next(s, t), i++)
        cr_assert_str_eq(t->path, name(i));
    cr_assert_eq(i, 300);
}

Test(schema, equality_does_not_depend_on_history)
{
    mig_schema *a = with_tables(200, 1);
    mig_schema *b = with_tables(200, 77);
    cr_assert(mig_schema_equal(a, b), "the same tables put in another order");
    mig_schema *c = mig_schema_clone(&ctx, a);
    mig_schema_put(&ctx, c, mig_table_new(&ctx, "extra"));
    c = mig_schema_clone(&ctx, c);
    cr_assert_not(mig_schema_equal(a, c));
    mig_schema_remove(&ctx, c, "extra");
    cr_assert(mig_schema_equal(a, c), "a table added and removed again");
    mig_table *t = mig_schema_edit(&ctx, c, "t00005");
    t->path = name(5); /* same content, another object */
    cr_assert(mig_schema_equal(a, c), "an edited copy with the same content");
}
