/* test_graph.c - the revision graph: parents, heads, cycles, the order and resolving ids. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "project_fx.h"
#include "../../compiler/graph.h"

/* ---- the graph ---- */

Test(graph, branches_give_two_heads_in_load_order)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "r1", "base", NULL);
    rev(&f, "2.mig", "r2b", "r1", NULL);
    rev(&f, "3.mig", "r2a", "r1", NULL);
    load(&f);
    expect_clean(&f);
    cr_assert_str_eq(heads_str(&f), "r2b r2a");
    cr_assert_eq(f.p->revs[0]->nchildren, 2);
    cr_assert_str_eq(order_str(&f), "r1 r2b r2a");
    fx_fini(&f);
}

Test(graph, merge_has_two_parents_and_one_head)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "r1", "base", NULL);
    rev(&f, "2.mig", "r2", "r1", NULL);
    rev(&f, "3.mig", "r3", "r1", NULL);
    rev(&f, "4.mig", "r4", "r2, r3", NULL);
    load(&f);
    expect_clean(&f);
    cr_assert_str_eq(heads_str(&f), "r4");
    cr_assert_eq(f.p->revs[3]->nparents, 2);
    cr_assert(mig_graph_is_ancestor(f.p, f.p->revs[0], f.p->revs[3]));
    cr_assert(mig_graph_is_ancestor(f.p, f.p->revs[2], f.p->revs[3]));
    cr_assert(!mig_graph_is_ancestor(f.p, f.p->revs[1], f.p->revs[2]));
    cr_assert(!mig_graph_is_ancestor(f.p, f.p->revs[3], f.p->revs[3]));
    cr_assert(!mig_graph_is_ancestor(f.p, f.p->revs[3], f.p->revs[0]));
    fx_fini(&f);
}

Test(graph, depends_on_orders_before_and_is_not_a_parent)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "acc1", "base", "depends_on usr2;\n");
    rev(&f, "2.mig", "usr1", "base", NULL);
    rev(&f, "3.mig", "usr2", "usr1", NULL);
    load(&f);
    expect_clean(&f);
    cr_assert_str_eq(order_str(&f), "usr1 usr2 acc1");
    cr_assert_eq(f.p->revs[0]->ndeps, 1);
    cr_assert_eq(f.p->revs[0]->deps[0], f.p->revs[2]);
    cr_assert_eq(f.p->revs[2]->nchildren, 0); /* depends_on does not make a child */
    cr_assert_str_eq(heads_str(&f), "acc1 usr2");
    cr_assert(mig_graph_is_ancestor(f.p, f.p->revs[1], f.p->revs[0]));
    fx_fini(&f);
}

Test(graph, depends_on_a_parent_is_a_warning)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", NULL);
    rev(&f, "2.mig", "b", "a", "depends_on a;\n");
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 0);
    cr_assert_eq(f.t.diags.nwarnings, 1);
    cr_assert(th_has(&f.t, "revision \"b\" depends on \"a\", which it already revises"));
    cr_assert_eq(f.p->norder, 2);
    fx_fini(&f);
}

Test(graph, labels_resolve_and_clash_across_files_and_with_ids)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", "label accounts;\n");
    rev(&f, "2.mig", "b", "a", "label accounts;\n");
    rev(&f, "3.mig", "cc", "b", "label a;\n");
    load(&f);
    cr_assert_eq(th_count(&f.t, "duplicate label \"accounts\""), 1);
    cr_assert_eq(th_count(&f.t, "label \"a\" is also a revision id"), 1);
    const char *why;
    cr_assert_eq(mig_graph_resolve(f.p, "accounts", &why), f.p->revs[0]);
    fx_fini(&f);
}

Test(graph, duplicate_id_is_reported_at_the_second_with_a_note)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", NULL);
    rev(&f, "2.mig", "a", "base", NULL);
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    mig_diag *g = f.t.diags.v[0];
    cr_assert_str_eq(g->msg, "duplicate revision id \"a\"");
    cr_assert_eq(g->src, f.p->revs[1]->src);
    cr_assert_not_null(g->notes);
    cr_assert_str_eq(g->notes->msg, "first defined here");
    cr_assert_eq(g->notes->src, f.p->revs[0]->src);
    cr_assert(f.p->graph_broken);
    cr_assert_eq(mig_graph_find(f.p, "a"), f.p->revs[0]);
    cr_assert(mig_graph_uncertain(f.p));
    fx_fini(&f);
}

/* Revision ids are suggested with the same did-you-mean as every other name
 * (common/suggest.c): case is ignored, a swap of neighbours is one edit. */
Test(graph, missing_parent_suggestion_ignores_case)
{
    static const char *const typos[] = {"0001_CREATE_USERS", "0001_Create_Uesrs"};
    for (size_t i = 0; i < sizeof typos / sizeof *typos; i++) {
        fx f;
        fx_init(&f);
        rev(&f, "1.mig", "0001_create_users", "base", NULL);
        rev(&f, "2.mig", "0002_add_posts", typos[i], NULL);
        load(&f);
        cr_assert_eq(f.t.diags.nerrors, 1, "%s", typos[i]);
        cr_assert_str_eq(f.t.diags.v[0]->hint, "Did you mean \"0001_create_users\"?", "%s", typos[i]);
        fx_fini(&f);
    }
}

Test(graph, missing_parent_suggests_the_closest_id)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "0001_create_users", "base", NULL);
    rev(&f, "2.mig", "0002_add_posts", "0001_create_user", NULL);
    rev(&f, "3.mig", "0003_x", "0002_add_posts", NULL);
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    mig_diag *g = f.t.diags.v[0];
    cr_assert_str_eq(g->msg, "revision \"0002_add_posts\" revises \"0001_create_user\", which does not exist");
    cr_assert_str_eq(g->hint, "Did you mean \"0001_create_users\"?");
    cr_assert(f.p->graph_broken);
    cr_assert_str_eq(order_str(&f), "0001_create_users"); /* and not its descendants */
    cr_assert(!f.p->revs[2]->in_order);
    fx_fini(&f);
}

Test(graph, missing_parent_without_a_close_id_has_no_hint)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "0001_create_users", "base", NULL);
    rev(&f, "2.mig", "b", "zzzzzzzzzzz", NULL);
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    cr_assert_null(f.t.diags.v[0]->hint);
    fx_fini(&f);
}

Test(graph, self_reference_is_an_error)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "a", NULL);
    load(&f);
    cr_assert(th_has(&f.t, "revision \"a\" revises itself"));
    cr_assert_eq(f.p->norder, 0);
    fx_fini(&f);
}

Test(graph, two_cycle_is_reported_once_and_excluded_from_order)
{
    fx f;
    fx_init(&f);
    rev(&f, "0.mig", "root", "base", NULL);
    rev(&f, "1.mig", "a", "b", NULL);
    rev(&f, "2.mig", "b", "a", NULL);
    rev(&f, "3.mig", "cc", "a", NULL);
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    mig_diag *g = f.t.diags.v[0];
    cr_assert_str_eq(g->msg, "revisions form a cycle: \"a\" -> \"b\" -> \"a\"");
    cr_assert_eq(g->src, f.p->revs[1]->src);
    cr_assert_str_eq(order_str(&f), "root");
    cr_assert(!f.p->revs[3]->in_order);
    cr_assert(f.p->graph_broken);
    fx_fini(&f);
}

Test(graph, three_cycle_lists_every_member)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "cc", NULL);
    rev(&f, "2.mig", "b", "a", NULL);
    rev(&f, "3.mig", "cc", "b", NULL);
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    cr_assert_str_eq(f.t.diags.v[0]->msg, "revisions form a cycle: \"a\" -> \"cc\" -> \"b\" -> \"a\"");
    /* located at the name in a's revises header */
    const mig_revision *a = f.p->revs[0];
    cr_assert_eq(f.t.diags.v[0]->loc.start, a->h_revises->names.v[0].loc.start);
    cr_assert_eq(f.p->norder, 0);
    cr_assert_eq(f.p->nheads, 0);
    fx_fini(&f);
}

Test(graph, cycle_through_depends_on_is_found)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", "depends_on b;\n");
    rev(&f, "2.mig", "b", "a", NULL);
    load(&f);
    cr_assert_eq(th_count(&f.t, "revisions form a cycle: \"a\" -> \"b\" -> \"a\""), 1);
    fx_fini(&f);
}

Test(graph, broken_file_does_not_hide_other_files_errors)
{
    fx f;
    fx_init(&f);
    th_write(f.dir, "1.mig", "revision a;\nrevises base;\nupgrade < create_table ; >\n");
    rev(&f, "2.mig", "b", "a", NULL);        /* child of a broken revision: no cascade */
    rev(&f, "3.mig", "cc", "nothere", NULL);  /* a real error elsewhere */
    rev(&f, "4.mig", "d", "base", NULL);
    rev(&f, "5.mig", "d", "base", NULL);
    load(&f);
    cr_assert(f.p->revs[0]->broken);
    cr_assert_str_eq(f.p->revs[0]->id, "a");
    cr_assert_eq(th_count(&f.t, "which does not exist"), 1);
    cr_assert(th_has(&f.t, "revision \"cc\" revises \"nothere\""));
    cr_assert(th_has(&f.t, "duplicate revision id \"d\""));
    cr_assert(!f.p->revs[1]->in_order);
    cr_assert(f.p->revs[3]->in_order);
    fx_fini(&f);
}

Test(graph, broken_revisions_count_for_heads)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", NULL);
    th_write(f.dir, "2.mig", "revision b;\nrevises a;\n"); /* no upgrade: broken */
    load(&f);
    cr_assert(f.p->revs[1]->broken);
    cr_assert_str_eq(heads_str(&f), "b");
    cr_assert_str_eq(order_str(&f), "a");
    fx_fini(&f);
}

Test(graph, order_is_deterministic_and_prefers_load_order)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "m", "x2, y1", NULL);
    rev(&f, "2.mig", "y1", "root", NULL);
    rev(&f, "3.mig", "root", "base", NULL);
    rev(&f, "4.mig", "x1", "root", NULL);
    rev(&f, "5.mig", "x2", "x1", NULL);
    load(&f);
    expect_clean(&f);
    const char *first = order_str(&f);
    cr_assert_str_eq(first, "root y1 x1 x2 m");
    fx g;
    g.t = f.t;
    g.dir = f.dir;
    g.p = mig_project_load(f.t.arena, &f.t.diags, f.dir, MIG_YDB_NEWEST);
    mig_graph_build(g.p);
    cr_assert_str_eq(order_str(&g), first);
    fx_fini(&f);
}

Test(graph, resolve_ids_prefixes_labels_and_heads)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "0001_users", "base", NULL);
    rev(&f, "2.mig", "0002_posts", "0001_users", "label blog;\n");
    rev(&f, "3.mig", "0003_tags", "0002_posts", NULL);
    rev(&f, "4.mig", "0002_pets", "0001_users", NULL);
    load(&f);
    expect_clean(&f);
    const char *why = "x";
    cr_assert_eq(mig_graph_resolve(f.p, "0003_tags", &why), f.p->revs[2]);
    cr_assert_eq(mig_graph_resolve(f.p, "0003", &why), f.p->revs[2]);
    cr_assert_null(mig_graph_resolve(f.p, "000", &why));
    cr_assert(strstr(why, "at least 4 characters"), "%s", why);
    cr_assert_null(mig_graph_resolve(f.p, "0002_p", &why));
    cr_assert(strstr(why, "\"0002_pets\"") && strstr(why, "\"0002_posts\"") && strstr(why, "ambiguous"), "%s",
              why);
    cr_assert_eq(mig_graph_resolve(f.p, "blog", &why), f.p->revs[1]);
    cr_assert_eq(mig_graph_resolve(f.p, "blog@head", &why), f.p->revs[2]);
    cr_assert_null(mig_graph_resolve(f.p, "head", &why));
    cr_assert(strstr(why, "\"0003_tags\"") && strstr(why, "\"0002_pets\""), "%s", why);
    cr_assert_null(mig_graph_resolve(f.p, "heads", &why));
    cr_assert_not_null(why);
    why = "x";
    cr_assert_null(mig_graph_resolve(f.p, "base", &why));
    cr_assert_null(why);
    cr_assert_null(mig_graph_resolve(f.p, "nosuch", &why));
    cr_assert_not_null(why);
    cr_assert_null(mig_graph_resolve(f.p, "0001_users@head", &why));
    cr_assert(strstr(why, "2 heads"), "%s", why);
    fx_fini(&f);
}

Test(graph, resolve_head_with_one_head)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", NULL);
    rev(&f, "2.mig", "b", "a", NULL);
    load(&f);
    const char *why;
    cr_assert_eq(mig_graph_resolve(f.p, "head", &why), f.p->revs[1]);
    fx_fini(&f);
}

Test(graph, a_thousand_revisions_build_fast)
{
    fx f;
    fx_init(&f);
    char name[64], id[64], parent[128];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "%04d.mig", i);
        snprintf(id, sizeof id, "r%04d", i);
        if (i == 0) snprintf(parent, sizeof parent, "base");
        else if (i % 10 == 0) snprintf(parent, sizeof parent, "r%04d, r%04d", i - 1, i - 6);
        else if (i % 10 == 5) snprintf(parent, sizeof parent, "r%04d", i - 5);
        else snprintf(parent, sizeof parent, "r%04d", i - 1);
        rev(&f, name, id, parent, NULL);
    }
    f.p = mig_project_load(f.t.arena, &f.t.diags, f.dir, MIG_YDB_NEWEST);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    mig_graph_build(f.p);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    expect_clean(&f);
    cr_assert_eq(f.p->norder, 1000);
    const char *vg = getenv("VALGRIND");
    if (!vg || !*vg) cr_assert_lt(ms, 10.0, "graph build took %.2f ms", ms);
    cr_assert(mig_graph_is_ancestor(f.p, f.p->revs[0], f.p->revs[999]));
    fx_fini(&f);
}
