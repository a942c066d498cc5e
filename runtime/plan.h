/* plan.h - the revision graph of a manifest, targets, and what to run to reach them.
 *
 * Everything here works on the manifest alone (no plugin is opened). Revisions are kept
 * in manifest order, which is topological (parents and depends_on first; the manifest
 * reader checks it), and every plan is sorted by it, so plans are deterministic.
 *
 * Targets, as in Alembic:
 *   head          the one head (an error naming them when there are several)
 *   heads         every head
 *   base          nothing applied
 *   ID, PREFIX    a revision id, or a unique prefix of at least 4 characters
 *   LABEL         the revision carrying a branch label
 *   LABEL@head, REV@head   the head of the branch that holds LABEL or REV
 *   LABEL@base    for downgrade, LABEL's branch from its root: the root is found going
 *                 down from LABEL while the parent is neither a branch point nor a merge
 *                 (how Alembic spreads a label); names no revision otherwise
 *   +N, -N        N revisions up (toward the children) or down from the current set
 *   REV+N, REV-N  likewise from REV
 *   LABEL@+N, LABEL@-N  likewise along LABEL's lineage (its ancestors and descendants):
 *                 -N from the one applied head on it, +N from its highest applied
 *                 revision (or base), going up only into revisions on it
 * and for upgrade/downgrade --sql and history, ranges FROM:TO (either side may be
 * empty in history: ":TO" starts at base, "FROM:" runs to the heads).
 */
#ifndef MIG_RT_PLAN_H
#define MIG_RT_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/arena.h"
#include "../common/manifest.h"
#include "../common/revgraph.h"
#include "rterr.h"

typedef struct mig_rev mig_rev;
struct mig_rev {
    const mig_manifest_rev *m;
    size_t index;            /* manifest order */
    mig_rev **parents;
    size_t nparents;
    mig_rev **depends;       /* depends_on */
    size_t ndepends;
    mig_rev **children;      /* revisions whose parents name this one */
    size_t nchildren;
    mig_rev **dependents;    /* revisions whose depends_on name this one */
    size_t ndependents;
};

typedef struct mig_revgraph {
    mig_arena *a;
    const mig_manifest *m;
    mig_rev *revs;           /* manifest order */
    size_t nrevs;
    mig_rev **heads;         /* no children; manifest order */
    size_t nheads;
    mig_rg rg;               /* the graph itself (common/revgraph.h), over the manifest's revisions */
} mig_revgraph;

/* A set of revisions: one flag per revision, in manifest order (an "applied" set). */
typedef struct mig_revset {
    bool *in;
    size_t n;
} mig_revset;

/* Build the graph. The manifest must outlive it. 0, or -1 with *err (MIG_RT_GRAPH). */
int mig_revgraph_build(mig_arena *a, const mig_manifest *m, mig_revgraph *g, mig_rt_error *err);
mig_rev *mig_revgraph_find(const mig_revgraph *g, const char *id);
bool mig_rev_is_head(const mig_rev *r);

mig_revset mig_revset_new(const mig_revgraph *g);            /* empty, in g's arena */
/* r and everything it needs (parents and depends_on, transitively) into s. */
void mig_revset_add_closure(mig_revset *s, const mig_rev *r);
size_t mig_revset_count(const mig_revset *s);
/* The set's heads: members no other member revises (manifest order). */
size_t mig_revset_heads(const mig_revgraph *g, const mig_revset *s, mig_rev ***out);

/* Resolve a target to revisions (none for base) relative to `current` (for +N/-N; may
 * be NULL, meaning base). 0, or -1 with *err (MIG_RT_TARGET). */
int mig_target_resolve(const mig_revgraph *g, const char *spec, const mig_revset *current, mig_rev ***out, size_t *nout,
                       mig_rt_error *err);

typedef enum mig_direction { MIG_UPGRADE = 1, MIG_DOWNGRADE = -1 } mig_direction;

typedef struct mig_plan {
    mig_direction dir;
    mig_rev **revs;          /* in the order they run */
    size_t n;
} mig_plan;

/* Revisions to upgrade from `applied` to TARGET: the target revisions and all they need,
 * not yet applied, parents and depends_on first. 0, or -1 with *err. */
int mig_plan_upgrade(const mig_revgraph *g, const mig_revset *applied, const char *target, mig_plan *out,
                     mig_rt_error *err);
/* Revisions to downgrade from `applied` to TARGET, as Alembic: the target stays, so what
 * goes is each child of a target revision and every applied revision built on those
 * (through parents or depends_on), children and dependents first (reverse manifest
 * order). A revision that only depends_on a target (or something below it) stays: what
 * it needs is still applied. base removes everything applied; -N and LABEL@-N remove
 * the N revisions walked down and what is built on them; LABEL@base the branch's root
 * and what is built on it. Refuses a target that is not applied, and a plan through an
 * irreversible revision (naming it). */
int mig_plan_downgrade(const mig_revgraph *g, const mig_revset *applied, const char *target, mig_plan *out,
                       mig_rt_error *err);

/* Split "FROM:TO" (exactly one colon). Either side may be empty. false if no colon. */
bool mig_range_split(mig_arena *a, const char *spec, const char **from, const char **to);

/* For offline runs of a range FROM:TO: the applied set FROM stands for (FROM and all it
 * needs; empty for base or ""). 0, or -1 with *err. */
int mig_range_start(const mig_revgraph *g, const char *from, mig_revset *applied, mig_rt_error *err);

/* History's -r FROM:TO: the revisions after-or-at FROM and before-or-at TO, newest first
 * (reverse manifest order). FROM "" or base: from the beginning; FROM LABEL@base: from
 * the root of LABEL's branch; TO "" or heads: to the end. 0, or -1 with *err. */
int mig_history_range(const mig_revgraph *g, const char *range, mig_rev ***out, size_t *nout, mig_rt_error *err);

#endif
