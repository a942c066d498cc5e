/* graph.h - the revision graph: parents, merges, depends_on, labels, heads, order. */
#ifndef MIG_GRAPH_H
#define MIG_GRAPH_H

#include "project.h"

/* Resolve every revises / depends_on / label of a loaded project and report: duplicate
 * revision ids (with a note at the first), a revises or depends_on that names nothing
 * (with a suggestion), a revision that names itself, cycles (naming every revision on the
 * cycle), duplicate labels, a label equal to a revision id. Fills parents, deps,
 * children, order and heads. Several heads are not an error here: callers decide
 * (check warns; new and schema want one). Returns the number of errors reported.
 * Heads are the revisions nothing revises, broken ones included; a second revision with
 * an id already taken, and a file without a readable id, cannot be named and so are
 * neither heads nor anyone's children. */
unsigned mig_graph_build(mig_project *p);

/* An exact revision id, or NULL. */
mig_revision *mig_graph_find(const mig_project *p, const char *id);

/* What a user may write for a revision, resolved by common/revgraph as migrun resolves
 * it: an id, a unique id prefix (at least 4 characters), a label, NAME@head (the head of
 * the branch that holds the revision NAME names), "head" (the only head), or "base"
 * (returns NULL with *why NULL). On failure returns NULL and sets *why to a sentence in
 * the arena (ambiguous prefix: names the candidates; several heads: names them). */
mig_revision *mig_graph_resolve(mig_project *p, const char *spec, const char **why);

/* Is `anc` an ancestor of `r` through parents and depends_on (r itself excluded)? */
bool mig_graph_is_ancestor(const mig_project *p, const mig_revision *anc, const mig_revision *r);

/* Cannot the heads be trusted? True when ids are duplicated, revisions form a cycle or a
 * file has no readable revision id: the graph's shape is then unknown (migc new refuses). */
bool mig_graph_uncertain(const mig_project *p);

#endif
