/* condstep.h - a conditional schema step (if_exists / if_not_exists) decided on the live
 * database alone (docs/decisions/0016-edges.md).
 *
 * The condition asks whether the object the step creates or drops exists now: a table, a
 * column, an index, a changefeed. What the compiler expected before the step plays no part:
 * `drop_table legacy if_exists` drops a table no revision created, and `create_table T
 * if_not_exists` skips a T of any shape. Where the live object differs from what the step
 * would have made, the difference is returned as a warning, and the later steps' own checks
 * decide whether they can run on it.
 */
#ifndef MIG_RT_CONDSTEP_H
#define MIG_RT_CONDSTEP_H

#include <stdbool.h>

#include "../common/arena.h"
#include "../common/buf.h"
#include "mig/plugin.h"

/* Decide st (st->cond is not MIG_PCOND_NONE) on the live table `live` (NULL: absent).
 * Returns true when there is nothing to do (skip). Otherwise *run is what to run: st
 * itself, or a copy narrowed to the columns still to add or drop (in a). Warnings, one
 * sentence per line, are appended to warn. */
bool mig_cond_decide(mig_arena *a, const mig_p_step *st, const mig_p_table *live, mig_p_step *run, mig_buf *warn);

#endif
