/* migtext.h - the one writer of .mig text.
 *
 * Everything that writes .mig goes through here: `migc schema` and `migc diff` (over the
 * compiler's schema and steps converted to the plugin ABI's descriptions, compiler/ptable.h) and `migrun
 * baseline` (over the tables DescribeTable reported). The input is the ABI's description
 * (mig/plugin.h), so the runtime uses it without linking the compiler.
 *
 * Canonical spellings, written only here:
 *  - names: as they are when they are plain (a letter or '_', then letters, digits and
 *    '_') and no keyword of common/keywords.def in any case; in backticks otherwise.
 *    A path is written element by element: shop/`order`.
 *  - string literals: "..." with \" \\ \n \t \r and \xNN for other control bytes (and for
 *    every byte >= 0x80 when the text is not UTF-8).
 *  - durations: days, hours, minutes, seconds, largest first, zero parts left out:
 *    14d, 1d12h, 90s, 0s; a negative one with a leading '-'. There is no week unit.
 */
#ifndef MIG_MIGTEXT_H
#define MIG_MIGTEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "mig/plugin.h"

/* Is s a .mig keyword (compared without regard to case)? */
bool mig_text_is_keyword(const char *s);

/* A name, in backticks unless plain. -1 (nothing written) for a name .mig cannot hold:
 * empty, or holding a backtick or a line break. */
int mig_text_name(mig_buf *out, const char *name);
/* A table path "dir/table", each element a name. -1 as for mig_text_name. */
int mig_text_path(mig_buf *out, const char *path);

/* A .mig string literal. */
void mig_text_string(mig_buf *out, const char *s);

/* A whole number of seconds as a .mig duration (see above). */
void mig_text_duration(mig_buf *out, int64_t seconds);

/* A column type: SmallSerial/Serial/BigSerial for Serial columns, YQL's name otherwise. */
void mig_text_type(mig_buf *out, const mig_p_type *t);

/* A value (canonical text, mig/plugin.h) as a .mig literal for a column type: 42, 1.5,
 * true, "text", Date("2026-01-01"), null. */
void mig_text_value(mig_buf *out, const mig_p_type *t, mig_p_value v);

/* A setting's or changefeed option's value (canonical text of kind MIG_V_*) as .mig:
 * words, integers, booleans and tuples as they are, strings quoted, intervals as
 * durations (PT1H -> 1h). */
void mig_text_setting_value(mig_buf *out, uint32_t kind, const char *v);

/* A backfill step on one line starting with indent, its expressions and condition as
 * .mig strings, `batch` always written. Returns 0, or -1 with *why (in a), nothing
 * written, when a name cannot be written in .mig. */
int mig_text_backfill(mig_arena *a, mig_buf *out, const mig_p_step *st, const char *indent, const char **why);

/* A table as a create_table block followed by its add_changefeed steps, every line
 * starting with indent. Column types are aligned. A changefeed without MODE or FORMAT
 * (which .mig requires) is written as a comment and named in *notes (when notes is
 * not NULL). Returns 0, or -1 with *why (in a) when a name cannot be written in .mig. */
int mig_text_table(mig_arena *a, mig_buf *out, mig_buf *notes, const mig_p_table *t, const char *indent,
                   const char **why);

/* One step (any kind but yql and c) as .mig text, every line starting with indent:
 * create_table as mig_text_table (def, without changefeeds), the others on one line, or
 * add_column and alter_column as blocks. alter_column's default is written in the type of
 * the column in st->pre. Returns 0, or -1 with *why (in a). `migc diff` writes revisions
 * with it. */
int mig_text_step(mig_arena *a, mig_buf *out, const mig_p_step *st, const char *indent, const char **why);

#endif
