/* test_plan.c - the revision graph and plans, on a manifest built in memory:
 *
 *   r0001_a (core) ─┬─ r0002_b ─┬─ r0003_c1 ── r0004_c2 ──┬─ r0006_m (merge)
 *                   │           └─ r0005_d1 (audit) ──────┘
 *                   │               depends_on r0003_c1
 *                   └─ r0007_x (side) ── r0008_y (irreversible)
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../../runtime/plan.h"
#include "mig/plugin.h"

#define SHA "1111111111111111111111111111111111111111111111111111111111111111"

static mig_arena *arena;
static mig_manifest man;
static mig_revgraph g;

static const char **words(const char *s, size_t *n)
{
    const char **v = mig_alloc(arena, 8 * sizeof *v);
    *n = 0;
    char *copy = mig_strdup(arena, s);
    for (char *t = strtok(copy, " "); t; t = strtok(NULL, " ")) v[(*n)++] = t;
    return v;
}

static void rev(const char *id, const char *parents, const char *depends, const char *labels, int down)
{
    mig_manifest_rev *r = &man.revs[man.nrevs++];
    memset(r, 0, sizeof *r);
    r->id = id;
    r->file = mig_printf(arena, "%s.so", id);
    r->source = mig_printf(arena, "migrations/%s.mig", id);
    r->source_sha256 = r->plugin_sha256 = SHA;
    r->parents = words(parents, &r->nparents);
    r->depends = words(depends, &r->ndepends);
    r->labels = words(labels, &r->nlabels);
    r->downgrade = down;
}

static void setup(void)
{
    arena = mig_arena_new();
    memset(&man, 0, sizeof man);
    man.revs = mig_alloc(arena, 16 * sizeof *man.revs);
    rev("r0001_a", "", "", "core", MIG_DOWN_DERIVED);
    rev("r0002_b", "r0001_a", "", "", MIG_DOWN_WRITTEN);
    rev("r0003_c1", "r0002_b", "", "", MIG_DOWN_DERIVED);
    rev("r0004_c2", "r0003_c1", "", "", MIG_DOWN_DERIVED);
    rev("r0005_d1", "r0002_b", "r0003_c1", "audit", MIG_DOWN_DERIVED);
    rev("r0006_m", "r0004_c2 r0005_d1", "", "", MIG_DOWN_DERIVED);
    rev("r0007_x", "r0001_a", "", "side", MIG_DOWN_DERIVED);
    rev("r0008_y", "r0007_x", "", "", MIG_DOWN_IRREVERSIBLE);
    mig_rt_error e;
    cr_assert_eq(mig_revgraph_build(arena, &man, &g, &e), 0, "%s", e.message);
}
static void teardown(void) { mig_arena_free(arena); }

TestSuite(plan, .init = setup, .fini = teardown);

static int has(const char *s, const char *needle) { return s && strstr(s, needle) != NULL; }

/* The ids of v, space-separated. */
static const char *ids(mig_rev *const *v, size_t n)
{
    char *s = mig_strdup(arena, "");
    for (size_t i = 0; i < n; i++) s = mig_printf(arena, "%s%s%s", s, i ? " " : "", v[i]->m->id);
    return s;
}

static mig_revset applied_upto(const char *targets)
{
    mig_revset s = mig_revset_new(&g);
    size_t n;
    const char **t = words(targets, &n);
    for (size_t i = 0; i < n; i++) mig_revset_add_closure(&s, mig_revgraph_find(&g, t[i]));
    return s;
}

static const char *resolve(const char *spec, const mig_revset *cur)
{
    mig_rev **v;
    size_t n;
    mig_rt_error e;
    cr_assert_eq(mig_target_resolve(&g, spec, cur, &v, &n, &e), 0, "\"%s\": %s / %s", spec, e.message, e.detail);
    return ids(v, n);
}

static mig_rt_error resolve_fails(const char *spec, const mig_revset *cur)
{
    mig_rev **v;
    size_t n;
    mig_rt_error e;
    cr_assert_eq(mig_target_resolve(&g, spec, cur, &v, &n, &e), -1, "\"%s\" is refused", spec);
    cr_assert_eq(e.code, MIG_RT_TARGET);
    return e;
}

Test(plan, graph_has_heads_branch_points_and_merges)
{
    cr_assert_str_eq(ids(g.heads, g.nheads), "r0006_m r0008_y");
    cr_assert_eq(mig_revgraph_find(&g, "r0001_a")->nchildren, 2, "a branches into b and x");
    cr_assert_eq(mig_revgraph_find(&g, "r0002_b")->nchildren, 2, "b branches into c1 and d1");
    cr_assert_eq(mig_revgraph_find(&g, "r0006_m")->nparents, 2, "m merges");
    cr_assert_str_eq(ids(mig_revgraph_find(&g, "r0003_c1")->dependents, 1), "r0005_d1");
    cr_assert_eq(mig_revgraph_find(&g, "r0003_c1")->nchildren, 1, "depends_on is not a child edge");
}

Test(plan, keyword_targets)
{
    cr_assert_str_eq(resolve("heads", NULL), "r0006_m r0008_y");
    cr_assert_str_eq(resolve("base", NULL), "");
    mig_rt_error e = resolve_fails("head", NULL);
    cr_assert(has(e.message, "\"head\" is ambiguous") && has(e.detail, "\"r0006_m\" and \"r0008_y\""), "%s %s",
              e.message, e.detail);
}

Test(plan, ids_prefixes_and_labels)
{
    cr_assert_str_eq(resolve("r0004_c2", NULL), "r0004_c2");
    cr_assert_str_eq(resolve("r0003", NULL), "r0003_c1", "a unique prefix");
    cr_assert_str_eq(resolve("audit", NULL), "r0005_d1", "a label names its revision");
    mig_rt_error e = resolve_fails("r000", NULL);
    cr_assert(has(e.message, "\"r000\" is ambiguous"), "%s", e.message);
    cr_assert(has(e.detail, "\"r0001_a\", \"r0002_b\""), "lists the candidates: %s", e.detail);
    e = resolve_fails("r00", NULL);
    cr_assert(has(e.detail, "at least 4 characters"), "%s", e.detail);
    e = resolve_fails("nope", NULL);
    cr_assert(has(e.message, "no revision or label is named \"nope\""), "%s", e.message);
}

Test(plan, branch_heads)
{
    cr_assert_str_eq(resolve("audit@head", NULL), "r0006_m");
    cr_assert_str_eq(resolve("side@head", NULL), "r0008_y");
    cr_assert_str_eq(resolve("r0003_c1@head", NULL), "r0006_m", "REV@head");
    mig_rt_error e = resolve_fails("core@head", NULL);
    cr_assert(has(e.detail, "has 2 heads"), "%s", e.detail);
    e = resolve_fails("core@tail", NULL);
    cr_assert(has(e.message, "\"core@tail\" is not a target") && has(e.detail, "head, base, +N or -N"), "%s / %s",
              e.message, e.detail);
    cr_assert_str_eq(resolve("side@base", NULL), "", "LABEL@base names no revision (downgrade removes the branch)");
    e = resolve_fails("nope@base", NULL);
    cr_assert(has(e.message, "no revision or label is named \"nope\""), "%s", e.message);
    e = resolve_fails("side@-x", NULL);
    cr_assert(has(e.message, "is not a target"), "%s", e.message);
}

Test(plan, relative_targets)
{
    cr_assert_str_eq(resolve("+1", NULL), "r0001_a", "+1 from base");
    mig_rt_error e = resolve_fails("+2", NULL);
    cr_assert(has(e.detail, "branch after \"r0001_a\""), "%s", e.detail);
    cr_assert_str_eq(resolve("r0003_c1+2", NULL), "r0006_m");
    e = resolve_fails("r0006_m+1", NULL);
    cr_assert(has(e.message, "goes past the head"), "%s", e.message);
    mig_revset cur = applied_upto("r0004_c2");
    cr_assert_str_eq(resolve("-1", &cur), "r0003_c1", "-1 from the current head");
    cr_assert_str_eq(resolve("+1", &cur), "r0006_m", "+1 from the current head");
    cr_assert_str_eq(resolve("r0006_m-1", NULL), "r0004_c2 r0005_d1", "down from a merge: both parents");
    e = resolve_fails("r0006_m-2", NULL);
    cr_assert(has(e.detail, "crosses a merge"), "%s", e.detail);
    cr_assert_str_eq(resolve("r0001_a-1", NULL), "", "down to base");
    e = resolve_fails("r0001_a-2", NULL);
    cr_assert(has(e.message, "goes below base"), "%s", e.message);
    e = resolve_fails("-1", NULL);
    cr_assert(has(e.message, "goes below base"), "%s", e.message);
    mig_revset two = applied_upto("r0004_c2 r0007_x");
    e = resolve_fails("-1", &two);
    cr_assert(has(e.detail, "2 heads") && has(e.hint, "REV-N"), "%s", e.detail);
    e = resolve_fails("+x", NULL);
    cr_assert(has(e.message, "is not a target"), "%s", e.message);
}

static const char *plan(bool up, const mig_revset *applied, const char *target)
{
    mig_plan p;
    mig_rt_error e;
    int rc = up ? mig_plan_upgrade(&g, applied, target, &p, &e) : mig_plan_downgrade(&g, applied, target, &p, &e);
    cr_assert_eq(rc, 0, "%s %s: %s / %s", up ? "upgrade" : "downgrade", target, e.message, e.detail);
    cr_assert_eq(p.dir, up ? MIG_UPGRADE : MIG_DOWNGRADE);
    return ids(p.revs, p.n);
}

Test(plan, upgrade_runs_parents_and_depends_on_first)
{
    mig_revset none = mig_revset_new(&g);
    cr_assert_str_eq(plan(true, &none, "r0005_d1"), "r0001_a r0002_b r0003_c1 r0005_d1",
                     "d1 needs c1 (depends_on) though c1 is on the other branch");
    cr_assert_str_eq(plan(true, &none, "audit@head"), "r0001_a r0002_b r0003_c1 r0004_c2 r0005_d1 r0006_m");
    mig_revset c1 = applied_upto("r0003_c1");
    cr_assert_str_eq(plan(true, &c1, "heads"), "r0004_c2 r0005_d1 r0006_m r0007_x r0008_y");
    cr_assert_str_eq(plan(true, &c1, "+1"), "r0004_c2", "+1 from the applied head");
    cr_assert_str_eq(plan(true, &c1, "r0002_b"), "", "an applied target: nothing to do");
}

Test(plan, downgrade_runs_children_and_dependents_first)
{
    mig_revset m = applied_upto("r0006_m");
    cr_assert_str_eq(plan(false, &m, "r0002_b"), "r0006_m r0005_d1 r0004_c2 r0003_c1",
                     "d1 depends on c1, so it goes before c1");
    cr_assert_str_eq(plan(false, &m, "r0003_c1"), "r0006_m r0004_c2",
                     "d1 depends on c1, which stays: d1 stays (m goes, being built on c2)");
    cr_assert_str_eq(plan(false, &m, "r0004_c2"), "r0006_m");
    cr_assert_str_eq(plan(false, &m, "r0005_d1"), "r0006_m");
    cr_assert_str_eq(plan(false, &m, "-1"), "r0006_m", "-1 from a merge undoes the merge only");
    cr_assert_str_eq(plan(false, &m, "base"), "r0006_m r0005_d1 r0004_c2 r0003_c1 r0002_b r0001_a");
    mig_revset both = applied_upto("r0004_c2 r0007_x");
    cr_assert_str_eq(plan(false, &both, "r0002_b"), "r0004_c2 r0003_c1", "the other branch stays");
    cr_assert_str_eq(plan(false, &both, "r0001_a"), "r0007_x r0004_c2 r0003_c1 r0002_b",
                     "every branch built on the target goes");
    cr_assert_str_eq(plan(false, &both, "r0004_c2-1"), "r0004_c2", "REV-N names the target r0003_c1");
}

Test(plan, downgrade_refuses_an_irreversible_revision_by_name)
{
    mig_revset all = applied_upto("r0006_m r0008_y");
    mig_plan p;
    mig_rt_error e;
    cr_assert_eq(mig_plan_downgrade(&g, &all, "r0001_a", &p, &e), -1);
    cr_assert_eq(e.code, MIG_RT_PLAN);
    cr_assert(has(e.message, "cannot downgrade to \"r0001_a\": revision \"r0008_y\" is irreversible"), "%s", e.message);
    cr_assert(has(e.hint, "no further than \"r0008_y\""), "%s", e.hint);
    cr_assert_str_eq(plan(false, &all, "r0002_b"), "r0006_m r0005_d1 r0004_c2 r0003_c1", "the other branch is fine");
}

Test(plan, downgrade_refuses_a_target_not_applied)
{
    mig_revset c1 = applied_upto("r0003_c1");
    mig_plan p;
    mig_rt_error e;
    cr_assert_eq(mig_plan_downgrade(&g, &c1, "r0004_c2", &p, &e), -1);
    cr_assert_eq(e.code, MIG_RT_PLAN);
    cr_assert(has(e.message, "\"r0004_c2\": it is not applied"), "%s", e.message);
}

Test(plan, ranges_for_offline_runs)
{
    mig_revset s;
    mig_rt_error e;
    cr_assert_eq(mig_range_start(&g, "r0002_b", &s, &e), 0);
    cr_assert_eq(mig_revset_count(&s), 2, "the start of a range stands for it and all it needs");
    cr_assert_str_eq(plan(true, &s, "r0004_c2"), "r0003_c1 r0004_c2");
    mig_plan p;
    cr_assert_eq(mig_plan_upgrade(&g, &s, "+1", &p, &e), -1, "+1 from a branch point is ambiguous");
    cr_assert(has(e.detail, "branch after \"r0002_b\""), "%s", e.detail);
    cr_assert_eq(mig_range_start(&g, "r0006_m", &s, &e), 0);
    cr_assert_str_eq(plan(false, &s, "-1"), "r0006_m", "downgrade head:-1 from the start of a range");
}

Test(plan, history_ranges)
{
    mig_rev **v;
    size_t n;
    mig_rt_error e;
    cr_assert_eq(mig_history_range(&g, NULL, &v, &n, &e), 0);
    cr_assert_str_eq(ids(v, n), "r0008_y r0007_x r0006_m r0005_d1 r0004_c2 r0003_c1 r0002_b r0001_a", "newest first");
    cr_assert_eq(mig_history_range(&g, "r0002_b:r0004_c2", &v, &n, &e), 0);
    cr_assert_str_eq(ids(v, n), "r0004_c2 r0003_c1 r0002_b");
    cr_assert_eq(mig_history_range(&g, ":r0002_b", &v, &n, &e), 0);
    cr_assert_str_eq(ids(v, n), "r0002_b r0001_a");
    cr_assert_eq(mig_history_range(&g, "side:", &v, &n, &e), 0);
    cr_assert_str_eq(ids(v, n), "r0008_y r0007_x");
    cr_assert_eq(mig_history_range(&g, "audit@base:", &v, &n, &e), 0);
    cr_assert_str_eq(ids(v, n), "r0006_m r0005_d1", "from the root of audit's branch");
    cr_assert_eq(mig_history_range(&g, "r0002", &v, &n, &e), -1);
    cr_assert(has(e.message, "is not a range"), "%s", e.message);
}

Test(plan, graph_refuses_a_parent_listed_later)
{
    mig_manifest bad = man;
    mig_manifest_rev r[2] = {man.revs[1], man.revs[0]};
    bad.revs = r;
    bad.nrevs = 2;
    mig_revgraph g2;
    mig_rt_error e;
    cr_assert_eq(mig_revgraph_build(arena, &bad, &g2, &e), -1);
    cr_assert_eq(e.code, MIG_RT_GRAPH);
    cr_assert(has(e.message, "\"r0002_b\" revises \"r0001_a\""), "%s", e.message);
}

/* LABEL@base removes the branch LABEL is on, from its root: down from the labelled
 * revision while the parent is neither a branch point nor a merge (how Alembic spreads a
 * label), and every applied revision built on it; other branches stay. */
Test(plan, downgrade_label_at_base_removes_that_branch)
{
    mig_revset mx = applied_upto("r0006_m r0007_x");
    cr_assert_str_eq(plan(false, &mx, "side@base"), "r0007_x", "the side branch, rooted at x (a is a branch point)");
    cr_assert_str_eq(plan(false, &mx, "audit@base"), "r0006_m r0005_d1", "d1 is the branch's root; m is built on it");
    cr_assert_str_eq(plan(false, &mx, "core@base"), "r0007_x r0006_m r0005_d1 r0004_c2 r0003_c1 r0002_b r0001_a",
                     "core is on the root: everything");
    cr_assert_str_eq(plan(false, &mx, "r0008_y@base"), "r0007_x", "REV@base: the branch REV is on");
    mig_revset c2 = applied_upto("r0004_c2");
    cr_assert_str_eq(plan(false, &c2, "side@base"), "", "nothing of the branch is applied");
    mig_revset all = applied_upto("r0006_m r0008_y");
    mig_plan p;
    mig_rt_error e;
    cr_assert_eq(mig_plan_downgrade(&g, &all, "side@base", &p, &e), -1);
    cr_assert(has(e.message, "cannot downgrade to \"side@base\": revision \"r0008_y\" is irreversible"), "%s",
              e.message);
}

/* LABEL@-N counts down from the one applied head on LABEL's lineage (its ancestors and
 * descendants) and removes the revisions walked, and what is built on them. */
Test(plan, downgrade_label_minus_n_counts_along_the_branch)
{
    mig_revset mx = applied_upto("r0006_m r0007_x");
    cr_assert_str_eq(plan(false, &mx, "side@-1"), "r0007_x", "the head on side's branch is x; m stays");
    cr_assert_str_eq(plan(false, &mx, "audit@-1"), "r0006_m", "the head on audit's lineage is m; -1 from a merge");
    mig_revset d1 = applied_upto("r0005_d1");
    cr_assert_str_eq(plan(false, &d1, "audit@-1"), "r0005_d1", "c1 (needed by d1) stays");
    cr_assert_str_eq(plan(false, &d1, "r0005_d1-1"), "r0005_d1 r0003_c1", "REV-1 is downgrade to b: c1 goes too");
    mig_revset c1x = applied_upto("r0003_c1 r0007_x");
    cr_assert_str_eq(plan(false, &c1x, "side@-2"), "r0007_x r0003_c1 r0002_b r0001_a", "down to base through a");
    mig_rt_error e = resolve_fails("core@-1", &c1x);
    cr_assert(has(e.message, "\"core@-1\" is ambiguous") && has(e.detail, "\"r0003_c1\" and \"r0007_x\""), "%s / %s",
              e.message, e.detail);
    e = resolve_fails("-1", &c1x);
    cr_assert(has(e.hint, "LABEL@-N"), "%s", e.hint);
    mig_revset c1 = applied_upto("r0003_c1");
    e = resolve_fails("side@-1", &c1);
    cr_assert(has(e.message, "goes below base") && has(e.detail, "No applied head is on the branch of \"side\""),
              "%s / %s", e.message, e.detail);
    mig_revset m = applied_upto("r0006_m");
    e = resolve_fails("audit@-2", &m);
    cr_assert(has(e.detail, "crosses a merge"), "%s", e.detail);
    e = resolve_fails("side@-1", NULL);
    cr_assert(has(e.message, "goes below base"), "%s", e.message);
}

/* LABEL@+N counts up from the highest applied revision on LABEL's lineage (none: base),
 * choosing only children on that lineage. */
Test(plan, upgrade_label_plus_n_counts_along_the_branch)
{
    mig_revset none = mig_revset_new(&g);
    cr_assert_str_eq(plan(true, &none, "side@+1"), "r0001_a", "from base, a is on side's lineage");
    cr_assert_str_eq(plan(true, &none, "side@+2"), "r0001_a r0007_x");
    cr_assert_str_eq(plan(true, &none, "audit@+3"), "r0001_a r0002_b r0003_c1 r0005_d1",
                     "b's children: only d1 is on audit's lineage; c1 comes as d1's dependency");
    mig_revset c1 = applied_upto("r0003_c1");
    cr_assert_str_eq(plan(true, &c1, "audit@+1"), "r0005_d1", "from b, the highest applied revision on the lineage");
    cr_assert_str_eq(plan(true, &c1, "side@+1"), "r0007_x");
    mig_revset x = applied_upto("r0007_x");
    cr_assert_str_eq(plan(true, &x, "audit@+2"), "r0002_b r0003_c1 r0005_d1");
    mig_revset mx = applied_upto("r0006_m r0007_x");
    cr_assert_str_eq(plan(true, &mx, "side@+1"), "r0008_y");
    mig_rt_error e = resolve_fails("audit@+1", &mx);
    cr_assert(has(e.message, "goes past the head"), "%s", e.message);
    mig_revset c1x = applied_upto("r0003_c1 r0007_x");
    e = resolve_fails("core@+1", &c1x);
    cr_assert(has(e.message, "\"core@+1\" is ambiguous") && has(e.hint, "REV+N"), "%s / %s", e.message, e.hint);
}

/* The report's graph: r1 <- r2, and an independent branch n1 <- n2 with n2 depends_on r1. */
static void setup_depends(void)
{
    arena = mig_arena_new();
    memset(&man, 0, sizeof man);
    man.revs = mig_alloc(arena, 16 * sizeof *man.revs);
    rev("r1", "", "", "", MIG_DOWN_DERIVED);
    rev("r2", "r1", "", "", MIG_DOWN_DERIVED);
    rev("n1", "", "", "", MIG_DOWN_DERIVED);
    rev("n2", "n1", "r1", "", MIG_DOWN_DERIVED);
    mig_rt_error e;
    cr_assert_eq(mig_revgraph_build(arena, &man, &g, &e), 0, "%s", e.message);
}

TestSuite(plan_depends, .init = setup_depends, .fini = teardown);

Test(plan_depends, downgrade_keeps_a_revision_that_depends_on_the_target)
{
    mig_revset all = applied_upto("r2 n2");
    cr_assert_str_eq(plan(false, &all, "r1"), "r2", "r1 stays, so n2 (depends_on r1) stays");
    cr_assert_str_eq(plan(false, &all, "n1"), "n2", "the other branch stays");
    cr_assert_str_eq(plan(false, &all, "r2"), "");
    cr_assert_str_eq(plan(false, &all, "n2"), "");
    cr_assert_str_eq(plan(false, &all, "base"), "n2 n1 r2 r1", "n2 goes before r1, which it depends on");
    cr_assert_str_eq(plan(false, &all, "r2-1"), "r2", "REV-N is downgrade to r1");
    mig_revset n2 = applied_upto("n2");
    cr_assert_str_eq(plan(false, &n2, "r1"), "", "nothing is built on r1");
    cr_assert_str_eq(plan(false, &n2, "n2-1"), "n2", "r1 (needed by n2) stays");
}

/* Independent bases, as in Alembic's "working with multiple bases":
 *
 *   a1 (core) ── a2 ── a3
 *   f1 (feat) ── f2 ── f3         f2 depends_on a2
 *   o1 (other)                    o1 depends_on f1
 */
static void setup_bases(void)
{
    arena = mig_arena_new();
    memset(&man, 0, sizeof man);
    man.revs = mig_alloc(arena, 16 * sizeof *man.revs);
    rev("a1", "", "", "core", MIG_DOWN_DERIVED);
    rev("a2", "a1", "", "", MIG_DOWN_DERIVED);
    rev("a3", "a2", "", "", MIG_DOWN_DERIVED);
    rev("f1", "", "", "feat", MIG_DOWN_DERIVED);
    rev("f2", "f1", "a2", "", MIG_DOWN_DERIVED);
    rev("f3", "f2", "", "", MIG_DOWN_DERIVED);
    rev("o1", "", "f1", "other", MIG_DOWN_DERIVED);
    mig_rt_error e;
    cr_assert_eq(mig_revgraph_build(arena, &man, &g, &e), 0, "%s", e.message);
}

TestSuite(plan_bases, .init = setup_bases, .fini = teardown);

/* Each expected set is what Alembic 1.8 downgrades on the same graph; the order is ours
 * (reverse manifest order: dependents before what they depend on). */
Test(plan_bases, downgrade_to_a_revision_leaves_the_other_bases)
{
    mig_revset all = applied_upto("a3 f3 o1");
    cr_assert_str_eq(plan(false, &all, "a2"), "a3");
    cr_assert_str_eq(plan(false, &all, "a1"), "f3 f2 a3 a2", "f2 depends on a2, which goes: f2 and f3 go first");
    cr_assert_str_eq(plan(false, &all, "f1"), "f3 f2", "o1 depends on f1, which stays");
    cr_assert_str_eq(plan(false, &all, "o1"), "");
    cr_assert_str_eq(plan(false, &all, "f3-2"), "f3 f2");
    cr_assert_str_eq(plan(false, &all, "f3-3"), "o1 f3 f2 f1 a3 a2 a1", "REV-N down to base: everything");
    cr_assert_str_eq(plan(false, &all, "base"), "o1 f3 f2 f1 a3 a2 a1");
    mig_revset part = applied_upto("a3 f1");
    cr_assert_str_eq(plan(false, &part, "a1"), "a3 a2", "f2 is not applied");
    mig_revset f3 = applied_upto("f3");
    cr_assert_str_eq(plan(false, &f3, "a1"), "f3 f2 a2");
    cr_assert_str_eq(plan(false, &f3, "a2"), "", "a2 is applied (f2 needs it); nothing stands on it");
}

Test(plan_bases, downgrade_a_branch_of_independent_bases)
{
    mig_revset all = applied_upto("a3 f3 o1");
    cr_assert_str_eq(plan(false, &all, "feat@base"), "o1 f3 f2 f1", "o1 depends on f1: it goes, first");
    cr_assert_str_eq(plan(false, &all, "core@base"), "f3 f2 a3 a2 a1", "f2 depends on a2: f2 and f3 go first");
    cr_assert_str_eq(plan(false, &all, "other@base"), "o1");
    cr_assert_str_eq(plan(false, &all, "f2@base"), "o1 f3 f2 f1", "the label spreads down to the root f1");
    cr_assert_str_eq(plan(false, &all, "core@-1"), "a3");
    cr_assert_str_eq(plan(false, &all, "core@-2"), "f3 f2 a3 a2");
    cr_assert_str_eq(plan(false, &all, "feat@-1"), "f3");
    cr_assert_str_eq(plan(false, &all, "feat@-2"), "f3 f2");
    cr_assert_str_eq(plan(false, &all, "feat@-3"), "o1 f3 f2 f1", "down to base on feat's branch only");
    mig_rt_error e = resolve_fails("feat@-4", &all);
    cr_assert(has(e.message, "goes below base"), "%s", e.message);
    mig_revset none = mig_revset_new(&g);
    cr_assert_str_eq(plan(true, &none, "feat@+2"), "a1 a2 f1 f2", "f2 needs a2");
    mig_revset a3 = applied_upto("a3");
    cr_assert_str_eq(plan(true, &a3, "feat@+1"), "f1");
}
