/* baseline.h - a live schema as one .mig revision (`migrun baseline`).
 *
 * The tables come from DescribeTable (mig_p_table, as the driver reports them); the text
 * is the .mig language of docs/language.md: one create_table per table, its changefeeds
 * as add_changefeed steps, no downgrade (the compiler derives it), written by the one .mig
 * printer (common/migtext.h).
 */
#ifndef MIG_RT_BASELINE_H
#define MIG_RT_BASELINE_H

#include <stddef.h>

#include "../common/arena.h"
#include "../common/buf.h"
#include "mig/plugin.h"

/* The revision: header, then upgrade < create_table ...; add_changefeed ... >. Tables
 * in the order given. What could not be written completely (a changefeed without a
 * reported mode or format: left as a comment) goes to notes, one line each. Returns 0,
 * or -1 with *why (in a) naming what cannot be written at all. */
int mig_baseline_render(mig_arena *a, mig_buf *out, mig_buf *notes, const char *id, const char *message,
                        const mig_p_table *tables, size_t ntables, const char **why);

#endif
