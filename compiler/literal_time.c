/* literal_time.c - dates and times: Date, Datetime, Timestamp and their 64-bit forms,
 * parsed, checked against YDB's ranges and written in canonical form.
 */
#include "literal_int.h"

/* The calendar, the parsers and the ranges are ../common/ydbtype.c's. */

static char *fmt_ymd(mig_arena *a, int64_t days)
{
    mig_buf b = MIG_BUF_INIT;
    mig_date_write(&b, days);
    char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

/* Date, Datetime, Timestamp and their wide forms: parse, range-check, canonicalise. */
bool lit_check_datetime(mig_arena *a, const char *s, mig_type_id id, char **canon,
                           const char **why)
{
    bool wide = id == MIG_PT_DATE32 || id == MIG_PT_DATETIME64 || id == MIG_PT_TIMESTAMP64;
    bool is_date = id == MIG_PT_DATE || id == MIG_PT_DATE32;
    bool frac_ok = id == MIG_PT_TIMESTAMP || id == MIG_PT_TIMESTAMP64;
    int64_t days;
    const char *p = s;
    if (!mig_date_parse(&p, wide, &days, why)) return false;
    if (!mig_date_in_range(days, wide)) {
        *why = wide ? "it is outside -144169-01-01 to 148107-12-31"
                    : "it is outside 1970-01-01 to 2105-12-31";
        return false;
    }
    if (is_date) {
        if (*p) {
            *why = "a date has no time of day";
            return false;
        }
        *canon = fmt_ymd(a, days);
        return true;
    }
    int64_t secs, us;
    if (!mig_datetime_parse(s, wide, frac_ok, &secs, &us, why)) return false;
    mig_buf b = MIG_BUF_INIT;
    mig_datetime_write(&b, secs, us);
    *canon = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return true;
}
