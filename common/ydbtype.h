/* ydbtype.h - the value vocabulary both sides share: YDB's column types as the plugin ABI
 * numbers them (MIG_PT_*, the one type enum of the project) with their YQL names, Serial
 * spellings, integer ranges and literal suffixes; the civil calendar of Date and its kin;
 * YDB's table-setting defaults; the text form of a plain real number.
 *
 * In libmigcommon: the compiler (types, literals, codegen), the runtime's YQL writer, the
 * .mig printer (migtext.h) and the YDB driver's value conversion all read it. */
#ifndef MIG_YDBTYPE_H
#define MIG_YDBTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "mig/plugin.h"

/* One type of the table. */
typedef struct mig_ptype_info {
    uint32_t id;          /* MIG_PT_* */
    const char *name;     /* YQL's spelling: "Uint64", "JsonDocument", "Decimal" */
    bool integer;         /* Int8 .. Uint64 */
    bool is_signed;       /* may be negative (integers, reals, Decimal, DyNumber, Interval*) */
    uint64_t max;         /* integers: the largest value */
    uint64_t negmax;      /* signed integers: the magnitude of the smallest value */
    const char *suffix;   /* integers: YQL's literal suffix ("ul", "" for Int32) */
} mig_ptype_info;

/* The whole table, in a fixed order (*n entries). */
const mig_ptype_info *mig_ptype_table(size_t *n);
/* The entry of an id, or NULL for an id this build does not know. */
const mig_ptype_info *mig_ptype_info_of(uint32_t id);
/* The id of a YQL type name (without regard to case), or 0. */
uint32_t mig_ptype_by_name(const char *name);

/* YQL's name of a type id ("Uint64", "Decimal"), or NULL for an id this build does not know. */
const char *mig_ptype_name(uint32_t id);

/* "SmallSerial", "Serial" or "BigSerial" for a Serial column type; NULL when it is no
 * Serial column or an impossible one (Serial is only ever Int16/32/64 with size 2/4/8). */
const char *mig_ptype_serial_name(const mig_p_type *t);

/* A type this build can write: a known id, a valid Decimal, a valid Serial. */
bool mig_ptype_known(const mig_p_type *t);

/* The type as YQL spells it: Uint64, Decimal(22,9); Int32 for Serial (the serial size is
 * not part of the type). An unknown id is written Unknown_0xNNNN. */
void mig_ptype_write(mig_buf *out, const mig_p_type *t);

/* YDB's value of a table setting on a table created without it, as canonical text
 * ("ENABLED", "2048", "PER_AZ:0"), or NULL when it has no fixed one. Key in upper case.
 * Facts: ../shared/reference/yql-ddl.md, table settings. */
const char *mig_setting_ydb_default(const char *key);


/* ---- the civil calendar (proleptic Gregorian; day 0 is 1970-01-01) */

int64_t mig_days_from_civil(int64_t y, unsigned m, unsigned d);
void mig_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
unsigned mig_month_days(int64_t y, unsigned m); /* m 1..12 */
/* A day as canonical text: 2026-01-01, -0100-03-01, 148107-12-31. */
void mig_date_write(mig_buf *out, int64_t days);
/* "[-]YYYY-MM-DD" at *sp (wide: Date32's range, a sign and 4 to 6 year digits; else 4), a
 * day that exists: days since the epoch, *sp moved past it; false with *why (a phrase:
 * "its month is not 01 to 12") when not. No range check: the caller knows its type. */
bool mig_date_parse(const char **sp, bool wide, int64_t *days, const char **why);
/* Whether a day (since the epoch) is in Date's range, 1970-01-01 to 2105-12-31, or with
 * wide in Date32's, -144169-01-01 to 148107-12-31 (also the days of the Datetime and
 * Timestamp types of each width). */
bool mig_date_in_range(int64_t days, bool wide);
/* "YYYY-MM-DDTHH:MM:SS[.ffffff]Z", the whole of s (frac_ok: a fraction of at most 6
 * digits is allowed): seconds since the epoch and µs; false with *why when not. */
bool mig_datetime_parse(const char *s, bool wide, bool frac_ok, int64_t *secs, int64_t *us, const char **why);
/* Canonical text of a Datetime or Timestamp: 2026-01-01T00:00:00[.5]Z (fraction without
 * its trailing zeros). */
void mig_datetime_write(mig_buf *out, int64_t secs, int64_t us);

/* A signed count of microseconds as canonical Interval text (ISO 8601): P1DT2H, PT0.5S,
 * -PT1S, PT0S. */
void mig_interval_write(mig_buf *out, int64_t us);
/* An ISO 8601 duration without years or months, [-]P[nW][nD][T[nH][nM][n[.f]S]], its
 * parts in that order: *neg and its length in µs (*us); false with *why ("its parts are
 * out of order or repeated") when not, or when it does not fit in 64 bits. */
bool mig_interval_parse(const char *s, bool *neg, int64_t *us, const char **why);
/* *acc += n * unit; false (acc unchanged) when that does not fit in an int64. */
bool mig_us_add(int64_t *acc, uint64_t n, int64_t unit);

/* A plain real number: [-]digits[.digits][(e|E)[+-]digits]. */
bool mig_text_is_real(const char *s);

#endif
