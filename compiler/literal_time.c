/* literal_time.c - dates and times: Date, Datetime, Timestamp and their 64-bit forms,
 * parsed, checked against YDB's ranges and written in canonical form.
 */
#include "literal_int.h"

#include <ctype.h>
#include <string.h>

/* The calendar is ../common/ydbtype.c's. */

#define DAY_MIN_NARROW 0                 /* 1970-01-01 */
#define DAY_MAX_NARROW 49672             /* 2105-12-31 */
#define DAY_MIN_WIDE (-53375809)         /* -144169-01-01 */
#define DAY_MAX_WIDE 53375807            /* 148107-12-31 */

/* Parse "YYYY-MM-DD" at *sp; advances. wide allows a sign and 4..6 year digits. */
static bool parse_ymd(const char **sp, bool wide, int64_t *days, const char **why)
{
    const char *s = *sp;
    bool neg = false;
    if (wide && *s == '-') {
        neg = true;
        s++;
    }
    size_t yn = 0;
    while (isdigit((unsigned char)s[yn])) yn++;
    if (yn < 4 || yn > (wide ? 6u : 4u) || s[yn] != '-' || !isdigit((unsigned char)s[yn + 1]) ||
        !isdigit((unsigned char)s[yn + 2]) || s[yn + 3] != '-' ||
        !isdigit((unsigned char)s[yn + 4]) || !isdigit((unsigned char)s[yn + 5])) {
        *why = "it is not in the form YYYY-MM-DD";
        return false;
    }
    uint64_t y = 0;
    lit_digits_u64(s, yn, 999999, &y);
    unsigned m = (unsigned)((s[yn + 1] - '0') * 10 + (s[yn + 2] - '0'));
    unsigned dd = (unsigned)((s[yn + 4] - '0') * 10 + (s[yn + 5] - '0'));
    int64_t yy = neg ? -(int64_t)y : (int64_t)y;
    if (m < 1 || m > 12) {
        *why = "its month is not 01 to 12";
        return false;
    }
    if (dd < 1 || dd > mig_month_days(yy, m)) {
        *why = "that day does not exist in that month";
        return false;
    }
    *days = mig_days_from_civil(yy, m, dd);
    *sp = s + yn + 6;
    return true;
}

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
    if (!parse_ymd(&p, wide, &days, why)) return false;
    if (days < (wide ? DAY_MIN_WIDE : DAY_MIN_NARROW) || days > (wide ? DAY_MAX_WIDE : DAY_MAX_NARROW)) {
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
    if (*p != 'T' && *p != 't') {
        *why = "it has no time of day; write it as YYYY-MM-DDTHH:MM:SSZ";
        return false;
    }
    p++;
    if (!(isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && p[2] == ':' &&
          isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]) && p[5] == ':' &&
          isdigit((unsigned char)p[6]) && isdigit((unsigned char)p[7]))) {
        *why = "its time of day is not in the form HH:MM:SS";
        return false;
    }
    unsigned hh = (unsigned)((p[0] - '0') * 10 + p[1] - '0');
    unsigned mi = (unsigned)((p[3] - '0') * 10 + p[4] - '0');
    unsigned ss = (unsigned)((p[6] - '0') * 10 + p[7] - '0');
    if (hh > 23 || mi > 59 || ss > 59) {
        *why = "its time of day does not exist";
        return false;
    }
    p += 8;
    char frac[7] = "";
    if (*p == '.') {
        p++;
        size_t n = 0;
        while (isdigit((unsigned char)p[n])) n++;
        if (n == 0) {
            *why = "a decimal point needs digits after it";
            return false;
        }
        if (!frac_ok) {
            *why = "Datetime holds whole seconds; fractions need Timestamp";
            return false;
        }
        if (n > 6) {
            *why = "Timestamp holds microseconds, at most 6 digits after the point";
            return false;
        }
        memcpy(frac, p, n);
        frac[n] = 0;
        while (n > 0 && frac[n - 1] == '0') frac[--n] = 0;
        p += strspn(p, "0123456789");
    }
    if (!((p[0] == 'Z' || p[0] == 'z') && p[1] == 0)) {
        *why = "it does not end in Z; write the time in UTC, such as 2026-01-01T00:00:00Z";
        return false;
    }
    *canon = mig_printf(a, "%sT%02u:%02u:%02u%s%sZ", fmt_ymd(a, days), hh, mi, ss, frac[0] ? "." : "",
                        frac);
    return true;
}
