/* ydbtype.c - see ydbtype.h. */
#include "ydbtype.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const mig_ptype_info ptypes[] = {
    {MIG_PT_BOOL, "Bool", false, false, 0, 0, NULL},
    {MIG_PT_INT8, "Int8", true, true, 127, 128, "t"},
    {MIG_PT_INT16, "Int16", true, true, 32767, 32768, "s"},
    {MIG_PT_INT32, "Int32", true, true, 2147483647, 2147483648u, ""},
    {MIG_PT_INT64, "Int64", true, true, 9223372036854775807ull, 9223372036854775808ull, "l"},
    {MIG_PT_UINT8, "Uint8", true, false, 255, 0, "ut"},
    {MIG_PT_UINT16, "Uint16", true, false, 65535, 0, "us"},
    {MIG_PT_UINT32, "Uint32", true, false, 4294967295u, 0, "u"},
    {MIG_PT_UINT64, "Uint64", true, false, 18446744073709551615ull, 0, "ul"},
    {MIG_PT_FLOAT, "Float", false, true, 0, 0, NULL},
    {MIG_PT_DOUBLE, "Double", false, true, 0, 0, NULL},
    {MIG_PT_DECIMAL, "Decimal", false, true, 0, 0, NULL},
    {MIG_PT_DYNUMBER, "DyNumber", false, true, 0, 0, NULL},
    {MIG_PT_STRING, "String", false, false, 0, 0, NULL},
    {MIG_PT_UTF8, "Utf8", false, false, 0, 0, NULL},
    {MIG_PT_JSON, "Json", false, false, 0, 0, NULL},
    {MIG_PT_JSON_DOCUMENT, "JsonDocument", false, false, 0, 0, NULL},
    {MIG_PT_YSON, "Yson", false, false, 0, 0, NULL},
    {MIG_PT_UUID, "Uuid", false, false, 0, 0, NULL},
    {MIG_PT_DATE, "Date", false, false, 0, 0, NULL},
    {MIG_PT_DATETIME, "Datetime", false, false, 0, 0, NULL},
    {MIG_PT_TIMESTAMP, "Timestamp", false, false, 0, 0, NULL},
    {MIG_PT_INTERVAL, "Interval", false, true, 0, 0, NULL},
    {MIG_PT_DATE32, "Date32", false, false, 0, 0, NULL},
    {MIG_PT_DATETIME64, "Datetime64", false, false, 0, 0, NULL},
    {MIG_PT_TIMESTAMP64, "Timestamp64", false, false, 0, 0, NULL},
    {MIG_PT_INTERVAL64, "Interval64", false, true, 0, 0, NULL},
};

const mig_ptype_info *mig_ptype_table(size_t *n)
{
    *n = sizeof ptypes / sizeof ptypes[0];
    return ptypes;
}

const mig_ptype_info *mig_ptype_info_of(uint32_t id)
{
    for (size_t i = 0; i < sizeof ptypes / sizeof ptypes[0]; i++)
        if (ptypes[i].id == id) return &ptypes[i];
    return NULL;
}

uint32_t mig_ptype_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof ptypes / sizeof ptypes[0]; i++)
        if (strcasecmp(name, ptypes[i].name) == 0) return ptypes[i].id;
    return 0;
}

const char *mig_ptype_name(uint32_t id)
{
    const mig_ptype_info *t = mig_ptype_info_of(id);
    return t ? t->name : NULL;
}

const char *mig_ptype_serial_name(const mig_p_type *t)
{
    if (t->serial == 2 && t->id == MIG_PT_INT16) return "SmallSerial";
    if (t->serial == 4 && t->id == MIG_PT_INT32) return "Serial";
    if (t->serial == 8 && t->id == MIG_PT_INT64) return "BigSerial";
    return NULL;
}

bool mig_ptype_known(const mig_p_type *t)
{
    if (!mig_ptype_name(t->id)) return false;
    if (t->id == MIG_PT_DECIMAL && (t->precision < 1 || t->precision > 35 || t->scale > t->precision))
        return false;
    return t->serial == 0 || mig_ptype_serial_name(t) != NULL;
}

void mig_ptype_write(mig_buf *out, const mig_p_type *t)
{
    const char *n = mig_ptype_name(t->id);
    if (!n) {
        mig_buf_printf(out, "Unknown_0x%04X", (unsigned)t->id);
        return;
    }
    if (t->id == MIG_PT_DECIMAL) {
        mig_buf_printf(out, "Decimal(%u,%u)", (unsigned)t->precision, (unsigned)t->scale);
        return;
    }
    mig_buf_puts(out, n);
}

/* ---- calendar (Howard Hinnant's days-from-civil algorithm, in 400-year eras) */

int64_t mig_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void mig_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

unsigned mig_month_days(int64_t y, unsigned m)
{
    static const unsigned n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : n[m - 1];
}

void mig_date_write(mig_buf *b, int64_t days)
{
    int64_t y;
    unsigned m, d;
    mig_civil_from_days(days, &y, &m, &d);
    if (y < 0) mig_buf_printf(b, "-%04lld-%02u-%02u", (long long)-y, m, d);
    else mig_buf_printf(b, "%04lld-%02u-%02u", (long long)y, m, d);
}

static bool two_digits(const char *s, unsigned *out)
{
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1])) return false;
    *out = (unsigned)((s[0] - '0') * 10 + (s[1] - '0'));
    return true;
}

bool mig_date_parse(const char **sp, bool wide, int64_t *days, const char **why)
{
    const char *s = *sp;
    bool neg = false;
    if (wide && *s == '-') {
        neg = true;
        s++;
    }
    size_t yn = 0;
    while (isdigit((unsigned char)s[yn])) yn++;
    unsigned m, dd;
    if (yn < 4 || yn > (wide ? 6u : 4u) || s[yn] != '-' || !two_digits(s + yn + 1, &m) || s[yn + 3] != '-' ||
        !two_digits(s + yn + 4, &dd)) {
        *why = "it is not in the form YYYY-MM-DD";
        return false;
    }
    int64_t y = 0;
    for (size_t i = 0; i < yn; i++) y = y * 10 + (s[i] - '0');
    if (neg) y = -y;
    if (m < 1 || m > 12) {
        *why = "its month is not 01 to 12";
        return false;
    }
    if (dd < 1 || dd > mig_month_days(y, m)) {
        *why = "that day does not exist in that month";
        return false;
    }
    *days = mig_days_from_civil(y, m, dd);
    *sp = s + yn + 6;
    return true;
}

bool mig_date_in_range(int64_t days, bool wide)
{
    return wide ? days >= -53375809 && days <= 53375807 : days >= 0 && days <= 49672;
}

bool mig_datetime_parse(const char *s, bool wide, bool frac_ok, int64_t *secs, int64_t *us, const char **why)
{
    int64_t days;
    if (!mig_date_parse(&s, wide, &days, why)) return false;
    if (*s != 'T' && *s != 't') {
        *why = "it has no time of day; write it as YYYY-MM-DDTHH:MM:SSZ";
        return false;
    }
    s++;
    unsigned hh, mi, ss;
    if (!two_digits(s, &hh) || s[2] != ':' || !two_digits(s + 3, &mi) || s[5] != ':' || !two_digits(s + 6, &ss)) {
        *why = "its time of day is not in the form HH:MM:SS";
        return false;
    }
    if (hh > 23 || mi > 59 || ss > 59) {
        *why = "its time of day does not exist";
        return false;
    }
    s += 8;
    int64_t f = 0;
    if (*s == '.') {
        s++;
        size_t n = strspn(s, "0123456789");
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
        for (size_t i = 0; i < 6; i++) f = f * 10 + (i < n ? s[i] - '0' : 0);
        s += n;
    }
    if (!((s[0] == 'Z' || s[0] == 'z') && s[1] == 0)) {
        *why = "it does not end in Z; write the time in UTC, such as 2026-01-01T00:00:00Z";
        return false;
    }
    *secs = days * 86400 + (int64_t)hh * 3600 + mi * 60 + ss;
    *us = f;
    return true;
}

void mig_datetime_write(mig_buf *b, int64_t secs, int64_t us)
{
    int64_t days = secs / 86400 - (secs % 86400 < 0), sod = secs - days * 86400;
    mig_date_write(b, days);
    mig_buf_printf(b, "T%02d:%02d:%02d", (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
    if (us) {
        char f[8];
        snprintf(f, sizeof f, "%06d", (int)us);
        for (int i = 5; i > 0 && f[i] == '0'; i--) f[i] = 0;
        mig_buf_printf(b, ".%s", f);
    }
    mig_buf_putc(b, 'Z');
}

bool mig_us_add(int64_t *acc, uint64_t n, int64_t unit_us)
{
    if (n > (uint64_t)(INT64_MAX / unit_us)) return false;
    int64_t v = (int64_t)n * unit_us;
    if (*acc > INT64_MAX - v) return false;
    *acc += v;
    return true;
}

bool mig_interval_parse(const char *s, bool *neg, int64_t *us, const char **why)
{
    const char *p = s;
    *neg = false;
    *us = 0;
    if (*p == '-') {
        *neg = true;
        p++;
    }
    if (*p != 'P' && *p != 'p') {
        *why = "an ISO 8601 duration starts with P";
        return false;
    }
    p++;
    bool in_time = false, any = false;
    int last = -1;
    while (*p) {
        if ((*p == 'T' || *p == 't') && !in_time) {
            in_time = true;
            p++;
            if (!*p) {
                *why = "T must be followed by hours, minutes or seconds";
                return false;
            }
            continue;
        }
        size_t n = strspn(p, "0123456789");
        if (n == 0) {
            *why = "it is not in the form P30D or PT1H30M";
            return false;
        }
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++) {
            if (v > (UINT64_MAX - (uint64_t)(p[i] - '0')) / 10) {
                *why = "it is too long";
                return false;
            }
            v = v * 10 + (uint64_t)(p[i] - '0');
        }
        p += n;
        uint64_t frac_us = 0;
        bool has_frac = false;
        if (*p == '.' || *p == ',') {
            p++;
            size_t fn = strspn(p, "0123456789");
            if (fn == 0 || fn > 6) {
                *why = fn ? "it has more than 6 digits after the point" : "it is not in the form PT1.5S";
                return false;
            }
            for (size_t i = 0; i < 6; i++) frac_us = frac_us * 10 + (i < fn ? (uint64_t)(p[i] - '0') : 0);
            p += fn;
            has_frac = true;
        }
        char u = (char)toupper((unsigned char)*p);
        int rank;
        int64_t unit;
        if (!in_time && (u == 'Y' || u == 'M')) {
            *why = "years and months have no fixed length";
            return false;
        }
        if (!in_time && u == 'W') { rank = 0; unit = 7 * 86400 * 1000000LL; }
        else if (!in_time && u == 'D') { rank = 1; unit = 86400 * 1000000LL; }
        else if (in_time && u == 'H') { rank = 2; unit = 3600 * 1000000LL; }
        else if (in_time && u == 'M') { rank = 3; unit = 60 * 1000000LL; }
        else if (in_time && u == 'S') { rank = 4; unit = 1000000LL; }
        else {
            *why = in_time ? "the time part takes H, M and S" : "the date part takes W and D (put hours after T)";
            return false;
        }
        if (rank <= last) {
            *why = "its parts are out of order or repeated";
            return false;
        }
        if (has_frac && rank != 4) {
            *why = "only seconds may have a fraction";
            return false;
        }
        last = rank;
        if (!mig_us_add(us, v, unit) || !mig_us_add(us, frac_us, 1)) {
            *why = "it is too long";
            return false;
        }
        any = true;
        p++;
    }
    if (!any) {
        *why = "it names no days, hours, minutes or seconds";
        return false;
    }
    return true;
}

void mig_interval_write(mig_buf *b, int64_t us)
{
    bool neg = us < 0;
    uint64_t u = neg ? (uint64_t)0 - (uint64_t)us : (uint64_t)us;
    uint64_t s = u / 1000000u, frac = u % 1000000u;
    unsigned long long days = s / 86400, h = s / 3600 % 24, mi = s / 60 % 60, sec = s % 60;
    mig_buf_printf(b, "%sP", neg ? "-" : "");
    if (days) mig_buf_printf(b, "%lluD", days);
    if (!h && !mi && !sec && !frac && days) return;
    mig_buf_putc(b, 'T');
    if (h) mig_buf_printf(b, "%lluH", h);
    if (mi) mig_buf_printf(b, "%lluM", mi);
    if (frac) {
        char f[8];
        snprintf(f, sizeof f, "%06llu", (unsigned long long)frac);
        for (int i = 5; i > 0 && f[i] == '0'; i--) f[i] = 0;
        mig_buf_printf(b, "%llu.%sS", sec, f);
    } else if (sec || (!h && !mi)) {
        mig_buf_printf(b, "%lluS", sec);
    }
}

bool mig_text_is_real(const char *s)
{
    if (*s == '-') s++;
    if (*s < '0' || *s > '9') return false;
    while (*s >= '0' && *s <= '9') s++;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9') return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        if (*s < '0' || *s > '9') return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    return *s == 0;
}

const char *mig_setting_ydb_default(const char *key)
{
    static const char *const defaults[][2] = {
        {"AUTO_PARTITIONING_BY_SIZE", "ENABLED"},
        {"AUTO_PARTITIONING_BY_LOAD", "DISABLED"},
        {"AUTO_PARTITIONING_PARTITION_SIZE_MB", "2048"}, /* 2 GiB: what DescribeTable reports */
        {"AUTO_PARTITIONING_MIN_PARTITIONS_COUNT", "1"},
        {"AUTO_PARTITIONING_MAX_PARTITIONS_COUNT", "50"},
        {"KEY_BLOOM_FILTER", "DISABLED"},
        {"READ_REPLICAS_SETTINGS", "PER_AZ:0"},
    };
    for (size_t i = 0; key && i < sizeof defaults / sizeof defaults[0]; i++)
        if (strcmp(key, defaults[i][0]) == 0) return defaults[i][1];
    return NULL;
}
