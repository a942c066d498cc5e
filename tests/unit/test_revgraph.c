/* test_revgraph.c - common/revgraph: the one revision graph, on records built in memory. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../common/revgraph.h"

static mig_arena *arena;
static mig_rg_rec recs[16];
static size_t nrecs;
static mig_rg g;

static void setup(void)
{
    arena = mig_arena_new();
    nrecs = 0;
}
static void teardown(void) { mig_arena_free(arena); }

TestSuite(revgraph, .init = setup, .fini = teardown);

static const char **words(const char *s, size_t *n)
{
    const char **v = mig_alloc(arena, 8 * sizeof *v);
    *n = 0;
    char *copy = mig_strdup(arena, s);
    for (char *t = strtok(copy, " "); t; t = strtok(NULL, " ")) v[(*n)++] = t;
    return v;
}

/* A record: ID (NULL: unnamed), space-separated parents, depends and labels. */
static void rec(const char *id, const char *parents, const char *depends, const char *labels)
{
    mig_rg_rec *r = &recs[nrecs++];
    memset(r, 0, sizeof *r);
    r->id = id;
    r->parents = words(parents, &r->nparents);
    r->depends = words(depends, &r->ndepends);
    r->labels = words(labels, &r->nlabels);
}

static void build(void) { mig_rg_build(arena, &g, recs, nrecs); }

/* The ids of v[0..n), space-separated. */
static const char *ids(const uint32_t *v, size_t n)
{
    char *s = mig_strdup(arena, "");
    for (size_t i = 0; i < n; i++) s = mig_printf(arena, "%s%s%s", s, i ? " " : "", recs[v[i]].id);
    return s;
}

static uint32_t at(const char *id) { return mig_rg_find(&g, id); }

/*   0001_root ─┬─ 0002_alpha ── 0003_beta (label main) ── 0004_gamma
 *              └─ 0005_side (label side, depends_on 0002_alpha) */
static void branched(void)
{
    rec("0001_root", "", "", "core");
    rec("0002_alpha", "0001_root", "", "");
    rec("0003_beta", "0002_alpha", "", "main");
    rec("0004_gamma", "0003_beta", "", "");
    rec("0005_side", "0001_root", "0002_alpha", "side");
    build();
}

Test(revgraph, order_is_topological_lowest_index_first)
{
    rec("c", "b", "", "");
    rec("a", "", "", "");
    rec("b", "a", "", "");
    rec("z", "", "", "");
    build();
    cr_assert_str_eq(ids(g.order, g.norder), "a b c z", "c is ready before z and comes first in the records");
    cr_assert_eq(g.nodes[0].topo, 2);
    cr_assert(g.nodes[3].in_order);
}

Test(revgraph, a_listed_order_is_kept)
{
    branched();
    cr_assert_str_eq(ids(g.order, g.norder), "0001_root 0002_alpha 0003_beta 0004_gamma 0005_side");
}

Test(revgraph, heads_are_what_nothing_revises_in_index_order)
{
    branched();
    cr_assert_str_eq(ids(g.heads, g.nheads), "0004_gamma 0005_side");
    cr_assert_eq(g.nodes[at("0002_alpha")].nchildren, 1, "depends_on is no child edge");
    cr_assert_eq(g.nodes[at("0002_alpha")].ndependents, 1);
    cr_assert_eq(g.nodes[at("0005_side")].npar, 1);
    cr_assert_eq(g.nodes[at("0005_side")].npred, 2);
}

Test(revgraph, ancestry_follows_parents_and_depends)
{
    branched();
    cr_assert(mig_rg_is_ancestor(&g, at("0001_root"), at("0004_gamma")));
    cr_assert(mig_rg_is_ancestor(&g, at("0002_alpha"), at("0005_side")), "through depends_on");
    cr_assert(!mig_rg_is_ancestor(&g, at("0003_beta"), at("0005_side")));
    cr_assert(!mig_rg_is_ancestor(&g, at("0004_gamma"), at("0004_gamma")));
    cr_assert(!mig_rg_is_ancestor(&g, at("0004_gamma"), at("0001_root")));
}

Test(revgraph, cycles_are_found_and_kept_out_of_the_order)
{
    rec("r", "", "", "");
    rec("x", "y", "", "");
    rec("y", "z", "", "");
    rec("z", "r x", "", "");
    rec("w", "x", "", "");
    build();
    cr_assert_eq(g.ncycles, 1);
    cr_assert_str_eq(ids(g.cycles[0].path, g.cycles[0].len), "x y z");
    cr_assert(g.nodes[1].cyclic && g.nodes[2].cyclic && g.nodes[3].cyclic);
    cr_assert(!g.nodes[0].cyclic && !g.nodes[4].cyclic);
    cr_assert_str_eq(ids(g.order, g.norder), "r", "what is built on a cycle is out too");
}

Test(revgraph, duplicates_and_names_that_resolve_to_nothing_are_flagged)
{
    rec("a", "", "", "");
    rec("b", "a a nope", "a", "");
    rec("c", "c b", "b", "");
    rec("a", "", "", "");
    rec(NULL, "a", "", "");
    build();
    cr_assert(g.nodes[3].dup);
    cr_assert_eq(g.nodes[3].first, 0);
    cr_assert_eq(at("a"), 0);
    cr_assert_eq(g.nodes[1].edge[0], MIG_RG_EDGE_OK);
    cr_assert_eq(g.nodes[1].edge[1], MIG_RG_EDGE_REPEAT);
    cr_assert_eq(g.nodes[1].edge[2], MIG_RG_EDGE_UNKNOWN);
    cr_assert_eq(g.nodes[1].edge[3], MIG_RG_EDGE_PARENT);
    cr_assert_eq(g.nodes[1].to[0], 0);
    cr_assert_eq(g.nodes[1].to[2], MIG_RG_NONE);
    cr_assert(g.nodes[1].missing);
    cr_assert_eq(g.nodes[2].edge[0], MIG_RG_EDGE_SELF);
    cr_assert_eq(g.nodes[2].edge[2], MIG_RG_EDGE_PARENT, "depends on a parent");
    cr_assert_eq(g.nodes[0].nchildren, 1, "an unnamed record makes nobody's child");
    cr_assert_str_eq(ids(g.heads, g.nheads), "c", "neither the duplicate nor the unnamed one is a head");
    cr_assert_str_eq(ids(g.order, g.norder), "a", "missing names keep b and what is built on it out");
    cr_assert_str_eq(ids(g.sorted, g.nsorted), "a b c");
}

Test(revgraph, labels_first_holder_keeps_them)
{
    rec("a", "", "", "accounts");
    rec("b", "a", "", "accounts a");
    rec("c", "b", "", "x x");
    build();
    cr_assert_eq(g.nodes[0].label[0].st, MIG_RG_LABEL_OK);
    cr_assert_eq(g.nodes[1].label[0].st, MIG_RG_LABEL_TAKEN);
    cr_assert_eq(g.nodes[1].label[0].other, 0);
    cr_assert_eq(g.nodes[1].label[1].st, MIG_RG_LABEL_IS_ID);
    cr_assert_eq(g.nodes[2].label[1].st, MIG_RG_LABEL_REPEAT);
    cr_assert_eq(mig_rg_label(&g, "accounts"), 0);
    cr_assert_eq(mig_rg_label(&g, "a"), MIG_RG_NONE);
    mig_rg_hit h = mig_rg_resolve(&g, "accounts");
    cr_assert_eq(h.err, MIG_RG_OK);
    cr_assert_eq(h.rev, 0);
}

/* Resolve spec; assert err and (for OK) the id it names. */
static mig_rg_hit expect(const char *spec, mig_rg_err err, const char *id)
{
    mig_rg_hit h = mig_rg_resolve(&g, spec);
    cr_assert_eq(h.err, err, "%s: error %d, not %d", spec, h.err, err);
    if (err == MIG_RG_OK && id) cr_assert_str_eq(recs[h.rev].id, id, "%s", spec);
    if (err == MIG_RG_OK && !id) cr_assert_eq(h.rev, MIG_RG_NONE, "%s", spec);
    return h;
}

Test(revgraph, targets_resolve_each_spelling)
{
    branched();
    expect("0003_beta", MIG_RG_OK, "0003_beta");
    expect("0003", MIG_RG_OK, "0003_beta");
    expect("main", MIG_RG_OK, "0003_beta");
    expect("main@head", MIG_RG_OK, "0004_gamma");
    expect("0002_alpha@head", MIG_RG_OK, "0004_gamma");
    expect("0002@head", MIG_RG_OK, "0004_gamma");
    expect("side@head", MIG_RG_OK, "0005_side");
    expect("base", MIG_RG_OK, NULL);
    mig_rg_hit h = expect("000", MIG_RG_SHORT_PREFIX, NULL);
    cr_assert_str_eq(ids(h.cand, h.ncand), "0001_root 0002_alpha 0003_beta 0004_gamma 0005_side");
    h = expect("head", MIG_RG_SEVERAL_HEADS, NULL);
    cr_assert_str_eq(ids(h.cand, h.ncand), "0004_gamma 0005_side");
    h = expect("core@head", MIG_RG_BRANCH_HEADS, NULL);
    cr_assert_str_eq(h.name, "core");
    cr_assert_str_eq(recs[h.rev].id, "0001_root");
    cr_assert_str_eq(ids(h.cand, h.ncand), "0004_gamma 0005_side");
    expect("heads", MIG_RG_ALL_HEADS, NULL);
    expect("", MIG_RG_EMPTY, NULL);
    expect("main@tail", MIG_RG_BAD_AT, NULL);
    h = expect("0003_betta", MIG_RG_NOT_FOUND, NULL);
    cr_assert_str_eq(recs[h.suggest].id, "0003_beta");
    h = expect("nothing_like_it", MIG_RG_NOT_FOUND, NULL);
    cr_assert_eq(h.suggest, MIG_RG_NONE);
    h = expect("nope@head", MIG_RG_NOT_FOUND, NULL);
    cr_assert_str_eq(h.name, "nope");
}

Test(revgraph, ambiguous_prefix_lists_every_candidate_in_id_order)
{
    rec("abcd_2", "", "", "");
    rec("abcd_1", "", "", "");
    rec("abce", "", "", "");
    build();
    mig_rg_hit h = expect("abcd", MIG_RG_AMBIGUOUS_PREFIX, NULL);
    cr_assert_str_eq(ids(h.cand, h.ncand), "abcd_1 abcd_2");
    cr_assert_str_eq(mig_rg_quote_list(arena, &g, h.cand, h.ncand), "\"abcd_1\" and \"abcd_2\"");
    expect("abce", MIG_RG_OK, "abce");
}

Test(revgraph, head_with_one_head_and_with_none)
{
    rec("a", "", "", "");
    rec("b", "a", "", "");
    build();
    expect("head", MIG_RG_OK, "b");
    mig_rg g2;
    mig_rg_build(arena, &g2, recs, 0);
    mig_rg_hit h = mig_rg_resolve(&g2, "head");
    cr_assert_eq(h.err, MIG_RG_NO_HEAD);
}

Test(revgraph, a_branch_on_a_cycle_has_no_head)
{
    rec("a", "b", "", "");
    rec("b", "a", "", "");
    build();
    expect("a@head", MIG_RG_BRANCH_NO_HEAD, NULL);
}

Test(revgraph, suggestion_skips_self_and_what_self_names)
{
    rec("alpha", "", "", "");
    rec("alphb", "alpha", "", "");
    rec("alphc", "", "", "");
    build();
    cr_assert_eq(mig_rg_suggest(&g, "alphx", MIG_RG_NONE), 0, "the earliest of equally close ids");
    cr_assert_eq(mig_rg_suggest(&g, "alphx", 1), 2, "not itself, nor alpha it revises");
    cr_assert_eq(mig_rg_suggest(&g, "alphc_more", MIG_RG_NONE), MIG_RG_NONE);
    cr_assert_eq(mig_rg_suggest(&g, "alphb_", MIG_RG_NONE), 1);
}

Test(revgraph, quote_list_names_five_then_counts)
{
    for (int i = 0; i < 7; i++) rec(mig_printf(arena, "r%d", i), "", "", "");
    build();
    cr_assert_str_eq(mig_rg_quote_list(arena, &g, g.heads, g.nheads),
                     "\"r0\", \"r1\", \"r2\", \"r3\", \"r4\" and 2 more");
    cr_assert_str_eq(mig_rg_quote_list(arena, &g, g.heads, 1), "\"r0\"");
}
