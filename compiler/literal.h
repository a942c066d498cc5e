/* literal.h - literal values in .mig files: checked against a column type, and rendered.
 *
 * .mig literals are untyped (`default 0`, `default "new"`); the column's type gives them
 * their YQL type. Typed constructors are accepted where YQL has them:
 * Date("2026-01-01"), Datetime("..."), Timestamp("..."), Interval("P1D"), Uuid("..."),
 * Json("..."), JsonDocument("..."), Yson("..."), Decimal("1.5") and so on.
 *
 * YQL text of a value is written by the runtime only (runtime/yql.c, mig_yql_value), from
 * the canonical text kept here; the compiler writes none.
 */
#ifndef MIG_LITERAL_H
#define MIG_LITERAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/buf.h"
#include "../common/diag.h"
#include "../common/text.h"
#include "../grammar/ast.h"
#include "types.h"

/* A checked value, normalised: what the schema keeps and what YQL rendering needs. */
typedef struct mig_value {
    mig_type_id type;        /* the column type it was checked against */
    bool is_null;
    const char *text;        /* canonical text: "42", "-1", "1.5", "true", the string's
                                contents, "2026-01-01T00:00:00Z", "P1D"... (arena) */
} mig_value;

/* Check `l` as a DEFAULT for a column of type `t`. Reports (with hint) and returns false
 * when it does not fit: wrong kind, out of range, not a valid date, a function call
 * ("DEFAULT takes a literal; YDB evaluates no functions there"), and so on. */
bool mig_literal_check(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                       const mig_coltype *t, mig_value *out);

/* .mig text of a value: mig_text_value (../common/migtext.h), over mig_ptype_of (ptable.h). */

/* A duration: 30d, 12h, 90m, 45s, 1d12h, 500ms, "P30D", Interval("PT1H"). Reports and
 * returns false when it is not one. Negative durations are refused. */
bool mig_duration_parse(mig_diags *d, const mig_source *src, const mig_lit *l, int64_t *seconds);
/* The same in whole milliseconds (250ms, 1s500ms): a duration finer than that is refused. */
bool mig_duration_parse_ms(mig_diags *d, const mig_source *src, const mig_lit *l, int64_t *ms);
/* ISO 8601 form for YQL (P30D, PT1H, PT0S): mig_duration_iso, in ../common/text.h. */
/* The .mig form (30d, 1d12h, 0s): mig_text_duration, in ../common/migtext.h. */

#endif
