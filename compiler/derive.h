/* derive.h - the downgrade of a revision that has none written: each upgrade op's
 * inverse, in reverse order, computed from the schema before the revision. */
#ifndef MIG_DERIVE_H
#define MIG_DERIVE_H

#include "project.h"
#include "schema.h"

/* Derive `down` for revision r from its resolved upgrade `up` and the schema `before`.
 * On success returns true. Otherwise reports an error at every upgrade step that has no
 * inverse (a yql or c step, a column made nullable, a dropped NOT NULL column without a
 * default, ...) and returns false. */
bool mig_derive_downgrade(mig_schema_ctx *c, mig_diags *d, const mig_revision *r, mig_ydbver target,
                          const mig_schema *before, const mig_ops *up, mig_ops *down);

#endif
