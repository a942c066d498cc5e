/* literal_int.h - what the parts of literal checking share (not a public header).
 *
 * literal.c decides which literal a DEFAULT may take and reports mismatches; the values
 * are checked by family in literal_num.c (numbers), literal_string.c (strings, bytes,
 * JSON, Uuid), literal_time.c (dates and times) and literal_duration.c (durations).
 */
#ifndef MIG_LITERAL_INT_H
#define MIG_LITERAL_INT_H

#include "literal.h"
#include "../common/ydbtype.h"

#define INTERVAL_MAX_US 4291747199999999LL       /* Interval: less than 136 years */
#define INTERVAL64_MAX_US 9223339708799999999LL  /* Interval64 */

/* ---- literal.c: messages ---- */

/* How the user wrote a literal, for messages (arena). */
const char *lit_shown(mig_arena *a, const mig_lit *l);
/* The column type as written in .mig, into buf (32 bytes). */
const char *lit_tname(const mig_coltype *t, char *buf);
/* A hint saying what a default of type t looks like. */
void lit_expect_hint(mig_diags *d, mig_diag *g, const mig_coltype *t);
/* Report that l does not fit t; returns false. */
bool lit_mismatch(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l, const mig_coltype *t);

/* ---- literal_num.c ---- */

/* One or more decimal digits and nothing else? */
bool lit_all_digits(const char *s);
/* Decimal digits to an unsigned value; false on overflow past `max`. */
bool lit_digits_u64(const char *s, size_t n, uint64_t max, uint64_t *out);
/* The range of an integer type, or NULL for any other type. */
const mig_ptype_info *lit_irange_of(mig_type_id id);
void lit_int_range_hint(mig_diags *d, mig_diag *g, const mig_ptype_info *r);
/* Is text a plain number: digits[.digits][e[+-]digits]? */
bool lit_is_number(const char *s);
/* Past a number's optional [.digits][e[+-]digits] at s; NULL when either part is cut short. */
const char *lit_skip_fraction_exponent(const char *s);
/* [-]digits[.digits][e±n] as plain "123.45" within Decimal(prec, scale); why on failure. */
bool lit_decimal_norm(mig_arena *a, const char *s, bool neg, int prec, int scale, char **out, const char **why);
/* A number literal (INT, FLOAT, or WORD) for a column of type t. */
bool lit_check_number(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                      const mig_coltype *t, mig_value *out);

/* ---- literal_string.c ---- */

/* A string value (a quoted literal, or a constructor's argument at `at`) for type t. */
bool lit_check_string_value(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                            mig_loc at, const char *s, const mig_coltype *t, mig_value *out);

/* ---- literal_time.c ---- */

/* Date, Datetime, Timestamp and their wide forms: parse, range-check, canonicalise. */
bool lit_check_datetime(mig_arena *a, const char *s, mig_type_id id, char **canon, const char **why);

/* ---- literal_duration.c ---- */

/* A duration literal (word, string, Interval(...)) to µs, at most max_us; reports. */
bool lit_duration_us(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                     bool allow_neg, int64_t max_us, int64_t *out);
/* ISO text of a signed µs count: P1DT2H, PT0.5S, -PT1S (arena). */
char *lit_iso_us(mig_arena *a, int64_t us);

#endif
