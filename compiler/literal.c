/* literal.c - see literal.h. */
#include "literal.h"
#include "../common/text.h"
#include "../common/ydbtype.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- small helpers */

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return false;
    return true;
}

/* Decimal digits to an unsigned value; false on overflow past `max`. */
static bool digits_u64(const char *s, size_t n, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned dgt = (unsigned)(s[i] - '0');
        if (v > (max - dgt) / 10) return false;
        v = v * 10 + dgt;
    }
    *out = v;
    return true;
}

/* How the user wrote a literal, for messages (arena). */
static const char *shown(mig_arena *a, const mig_lit *l)
{
    switch (l->kind) {
    case MIG_LIT_INT: case MIG_LIT_FLOAT: case MIG_LIT_WORD:
        return mig_printf(a, "%s%s", l->neg ? "-" : "", l->text);
    case MIG_LIT_STRING:
        return mig_printf(a, "\"%s\"", l->text);
    case MIG_LIT_BOOL: case MIG_LIT_IDENT:
        return l->text;
    case MIG_LIT_NULL:
        return "null";
    case MIG_LIT_CALL:
        return l->arg ? mig_printf(a, "%s(\"%s\")", l->text, l->arg) : mig_printf(a, "%s()", l->text);
    case MIG_LIT_TUPLE:
        return "(...)";
    }
    return "?";
}

static const char *tname(const mig_coltype *t, char *buf)
{
    return mig_coltype_str(t, false, buf);
}

/* ---------------------------------------------------------------- integers */

/* The integer types' ranges and suffixes: ../common/ydbtype.c's table. */
static const mig_ptype_info *irange_of(mig_type_id id)
{
    const mig_ptype_info *t = mig_ptype_info_of(id);
    return t && t->integer ? t : NULL;
}

static void int_range_hint(mig_diags *d, mig_diag *g, const mig_ptype_info *r)
{
    if (r->is_signed)
        mig_hint(d, g, "%s defaults are whole numbers from -%llu to %llu.", mig_type_name(r->id),
                 (unsigned long long)r->negmax, (unsigned long long)r->max);
    else
        mig_hint(d, g, "%s defaults are whole numbers from 0 to %llu.", mig_type_name(r->id),
                 (unsigned long long)r->max);
}

/* Digits (already split from any suffix) for an integer column. */
static bool check_int_digits(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                             const char *digits, bool neg, const mig_ptype_info *r, mig_value *out)
{
    const char *p = digits;
    while (*p == '0' && p[1]) p++;
    bool zero = strcmp(p, "0") == 0;
    uint64_t v;
    bool fits = digits_u64(p, strlen(p), UINT64_MAX, &v) &&
                (neg && !zero ? r->is_signed && v <= r->negmax : v <= r->max);
    if (!fits) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "value %s%s is out of range for %s",
                                 neg && !zero ? "-" : "", p, mig_type_name(r->id));
        int_range_hint(d, g, r);
        return false;
    }
    out->text = zero ? "0" : mig_printf(a, "%s%s", neg ? "-" : "", p);
    return true;
}

/* ---------------------------------------------------------------- numbers in general */

/* Split "1.5f" / "0ul" into the numeric part and a letter suffix. For WORD, an exponent
 * such as 1e5 belongs to the number. */
static void split_suffix(mig_arena *a, const char *text, const char **num, const char **suffix)
{
    size_t n = strlen(text);
    size_t k = n;
    while (k > 0 && isalpha((unsigned char)text[k - 1])) k--;
    *num = mig_strndup(a, text, k);
    *suffix = text + k;
}

/* Is text a plain number: digits[.digits][e[+-]digits]? */
static bool is_number(const char *s)
{
    if (!isdigit((unsigned char)*s)) return false;
    while (isdigit((unsigned char)*s)) s++;
    if (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s)) return false;
        while (isdigit((unsigned char)*s)) s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        if (!isdigit((unsigned char)*s)) return false;
        while (isdigit((unsigned char)*s)) s++;
    }
    return *s == 0;
}

/* The numeric text of a number literal (INT, FLOAT, or WORD with an exponent) and its
 * suffix. Returns false when it is no number at all. */
static bool number_parts(mig_arena *a, const mig_lit *l, const char **num, const char **suffix)
{
    if (l->kind == MIG_LIT_INT) {
        *num = l->text;
        *suffix = "";
        return true;
    }
    if (l->kind != MIG_LIT_FLOAT && l->kind != MIG_LIT_WORD) return false;
    if (is_number(l->text)) {
        *num = l->text;
        *suffix = "";
        return true;
    }
    split_suffix(a, l->text, num, suffix);
    return is_number(*num);
}

/* Decimal normalisation: [-]digits[.digits][e±n] into plain "123.45" with at most `scale`
 * fraction digits and `prec - scale` integer digits. why gets a reason on failure. */
static bool decimal_norm(mig_arena *a, const char *s, bool neg, int prec, int scale, char **out,
                         const char **why)
{
    char digs[128];
    size_t nd = 0;
    long point = -1;
    const char *p = s;
    if (*p == '-') {
        neg = !neg;
        p++;
    } else if (*p == '+') {
        p++;
    }
    if (!isdigit((unsigned char)*p)) {
        *why = "not a number";
        return false;
    }
    for (; *p && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.') {
            if (point >= 0) { *why = "not a number"; return false; }
            point = (long)nd;
            continue;
        }
        if (!isdigit((unsigned char)*p) || nd >= 100) {
            *why = "not a number";
            return false;
        }
        digs[nd++] = *p;
    }
    if (point < 0) point = (long)nd;
    if (point == (long)nd && p > s && p[-1] == '.') { *why = "not a number"; return false; }
    if (*p) {
        p++;
        bool eneg = false;
        if (*p == '+' || *p == '-') eneg = *p++ == '-';
        if (!all_digits(p) || strlen(p) > 4) { *why = "not a number"; return false; }
        long e = atol(p);
        point += eneg ? -e : e;
    }
    /* integer digits: digs[0..point), fraction: digs[point..nd) */
    mig_buf ib = MIG_BUF_INIT, fb = MIG_BUF_INIT;
    for (long i = (point < 0 ? point : 0); i < point; i++)
        if (i >= 0 && i < (long)nd) mig_buf_putc(&ib, digs[i]);
        else if (i >= (long)nd) mig_buf_putc(&ib, '0');
    for (long i = point; i < (long)nd; i++)
        if (i < 0) mig_buf_putc(&fb, '0');
        else mig_buf_putc(&fb, digs[i]);
    if (point < 0) {
        /* leading zeros of the fraction */
        mig_buf_reset(&fb);
        for (long i = point; i < 0; i++) mig_buf_putc(&fb, '0');
        for (size_t i = 0; i < nd; i++) mig_buf_putc(&fb, digs[i]);
    }
    const char *is = mig_buf_str(&ib);
    while (*is == '0') is++;
    char *fs = mig_strdup(a, mig_buf_str(&fb));
    size_t fl = strlen(fs);
    while (fl > 0 && fs[fl - 1] == '0') fs[--fl] = 0;
    size_t il = strlen(is);
    bool ok = true;
    if ((long)fl > scale) {
        *why = mig_printf(a, "it has more than %d digit%s after the point", scale, scale == 1 ? "" : "s");
        ok = false;
    } else if ((long)il > prec - scale) {
        *why = mig_printf(a, "it has more than %d digit%s before the point", prec - scale,
                          prec - scale == 1 ? "" : "s");
        ok = false;
    } else {
        bool zero = il == 0 && fl == 0;
        *out = mig_printf(a, "%s%s%s%s", neg && !zero ? "-" : "", il ? is : "0", fl ? "." : "", fs);
    }
    mig_buf_free(&ib);
    mig_buf_free(&fb);
    return ok;
}

/* ---------------------------------------------------------------- JSON */

typedef struct jp {
    const char *s;
    int depth;
} jp;

static void j_ws(jp *p)
{
    while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r') p->s++;
}

static bool j_value(jp *p);

static bool j_string(jp *p)
{
    if (*p->s != '"') return false;
    p->s++;
    for (;;) {
        unsigned char c = (unsigned char)*p->s;
        if (c == '"') { p->s++; return true; }
        if (c == 0 || c < 0x20) return false;
        if (c == '\\') {
            p->s++;
            char e = *p->s;
            if (e == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!isxdigit((unsigned char)p->s[i])) return false;
                p->s += 5;
                continue;
            }
            if (!e || !strchr("\"\\/bfnrt", e)) return false;
        }
        p->s++;
    }
}

static bool j_number(jp *p)
{
    const char *s = p->s;
    if (*s == '-') s++;
    if (*s == '0') s++;
    else if (*s >= '1' && *s <= '9') while (isdigit((unsigned char)*s)) s++;
    else return false;
    if (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s)) return false;
        while (isdigit((unsigned char)*s)) s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        if (!isdigit((unsigned char)*s)) return false;
        while (isdigit((unsigned char)*s)) s++;
    }
    p->s = s;
    return true;
}

static bool j_value(jp *p)
{
    j_ws(p);
    if (p->depth > 256) return false;
    switch (*p->s) {
    case '{':
        p->s++;
        p->depth++;
        j_ws(p);
        if (*p->s == '}') { p->s++; p->depth--; return true; }
        for (;;) {
            j_ws(p);
            if (!j_string(p)) return false;
            j_ws(p);
            if (*p->s++ != ':') return false;
            if (!j_value(p)) return false;
            j_ws(p);
            if (*p->s == ',') { p->s++; continue; }
            if (*p->s == '}') { p->s++; p->depth--; return true; }
            return false;
        }
    case '[':
        p->s++;
        p->depth++;
        j_ws(p);
        if (*p->s == ']') { p->s++; p->depth--; return true; }
        for (;;) {
            if (!j_value(p)) return false;
            j_ws(p);
            if (*p->s == ',') { p->s++; continue; }
            if (*p->s == ']') { p->s++; p->depth--; return true; }
            return false;
        }
    case '"':
        return j_string(p);
    case 't':
        if (strncmp(p->s, "true", 4) == 0) { p->s += 4; return true; }
        return false;
    case 'f':
        if (strncmp(p->s, "false", 5) == 0) { p->s += 5; return true; }
        return false;
    case 'n':
        if (strncmp(p->s, "null", 4) == 0) { p->s += 4; return true; }
        return false;
    default:
        return j_number(p);
    }
}

/* Strict JSON (RFC 8259): one value, surrounded by whitespace only. On failure *at is
 * the byte offset of the problem. */
static bool json_valid(const char *s, size_t *at)
{
    jp p = {s, 0};
    bool ok = j_value(&p);
    if (ok) {
        j_ws(&p);
        ok = *p.s == 0;
    }
    *at = (size_t)(p.s - s);
    return ok;
}

/* ---------------------------------------------------------------- dates and times */

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
    digits_u64(s, yn, 999999, &y);
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
static bool check_datetime(mig_arena *a, const char *s, mig_type_id id, char **canon,
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

/* ---------------------------------------------------------------- durations */

#define US_PER_S 1000000LL
#define INTERVAL_MAX_US 4291747199999999LL       /* Interval: less than 136 years */
#define INTERVAL64_MAX_US 9223339708799999999LL  /* Interval64 */

static bool add_mul(int64_t *acc, uint64_t n, int64_t unit_us)
{
    if (n > (uint64_t)(INT64_MAX / unit_us)) return false;
    int64_t v = (int64_t)n * unit_us;
    if (*acc > INT64_MAX - v) return false;
    *acc += v;
    return true;
}

/* ISO 8601 duration without years or months: [-]P[nW][nD][T[nH][nM][n[.f]S]] -> µs. */
static bool parse_iso(const char *s, bool *neg, int64_t *us, const char **why)
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
        uint64_t v;
        if (!digits_u64(p, n, UINT64_MAX, &v)) {
            *why = "it is too long";
            return false;
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
        if (!in_time && u == 'W') { rank = 0; unit = 7 * 86400 * US_PER_S; }
        else if (!in_time && u == 'D') { rank = 1; unit = 86400 * US_PER_S; }
        else if (in_time && u == 'H') { rank = 2; unit = 3600 * US_PER_S; }
        else if (in_time && u == 'M') { rank = 3; unit = 60 * US_PER_S; }
        else if (in_time && u == 'S') { rank = 4; unit = US_PER_S; }
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
        if (!add_mul(us, v, unit) || !add_mul(us, frac_us, 1)) {
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

/* 30d, 1d12h, 90m, 45s, 500ms, 2w, 10us -> µs. */
static bool parse_words(const char *s, int64_t *us, const char **why)
{
    const char *p = s;
    *us = 0;
    int last = -1;
    while (*p) {
        size_t n = strspn(p, "0123456789");
        if (n == 0) {
            *why = "it is not a number followed by a unit";
            return false;
        }
        uint64_t v;
        if (!digits_u64(p, n, UINT64_MAX, &v)) {
            *why = "it is too long";
            return false;
        }
        p += n;
        int rank;
        int64_t unit;
        size_t ul;
        if (strncasecmp(p, "ms", 2) == 0) { rank = 5; unit = 1000; ul = 2; }
        else if (strncasecmp(p, "us", 2) == 0) { rank = 6; unit = 1; ul = 2; }
        else if (tolower((unsigned char)*p) == 'w') { rank = 0; unit = 7 * 86400 * US_PER_S; ul = 1; }
        else if (tolower((unsigned char)*p) == 'd') { rank = 1; unit = 86400 * US_PER_S; ul = 1; }
        else if (tolower((unsigned char)*p) == 'h') { rank = 2; unit = 3600 * US_PER_S; ul = 1; }
        else if (tolower((unsigned char)*p) == 'm') { rank = 3; unit = 60 * US_PER_S; ul = 1; }
        else if (tolower((unsigned char)*p) == 's') { rank = 4; unit = US_PER_S; ul = 1; }
        else {
            *why = *p ? "its unit is not w, d, h, m, s, ms or us" : "it has no unit";
            return false;
        }
        if (rank <= last) {
            *why = "its units are out of order or repeated; write the largest first, such as 1d12h";
            return false;
        }
        last = rank;
        if (!add_mul(us, v, unit)) {
            *why = "it is too long";
            return false;
        }
        p += ul;
    }
    return true;
}

static void duration_hint(mig_diags *d, mig_diag *g)
{
    mig_hint(d, g, "Write a duration such as 30d, 12h, 90m, 45s or 1d12h, or an ISO 8601 "
                   "duration such as \"P30D\" or \"PT1H30M\".");
}

/* A duration literal (word, string, Interval(...)) to µs; neg allowed for Interval values. */
static bool duration_us(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                        bool allow_neg, int64_t max_us, int64_t *out)
{
    const char *why = NULL;
    int64_t us = 0;
    bool neg = false;
    const char *text;
    mig_loc at = l->loc;
    if (l->kind == MIG_LIT_WORD) {
        text = l->text;
        neg = l->neg;
        if (!parse_words(text, &us, &why)) goto bad;
    } else if (l->kind == MIG_LIT_INT) {
        text = l->text;
        if (!(strspn(text, "0") == strlen(text))) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "duration \"%s%s\" has no unit",
                                     l->neg ? "-" : "", text);
            mig_hint(d, g, "Write %s%ss, %s%sm, %s%sh or %s%sd.", l->neg ? "-" : "", text,
                     l->neg ? "-" : "", text, l->neg ? "-" : "", text, l->neg ? "-" : "", text);
            return false;
        }
    } else if (l->kind == MIG_LIT_STRING ||
               (l->kind == MIG_LIT_CALL && l->arg &&
                (strcasecmp(l->text, "Interval") == 0 || strcasecmp(l->text, "Interval64") == 0))) {
        text = l->kind == MIG_LIT_STRING ? l->text : l->arg;
        if (l->kind == MIG_LIT_CALL) at = l->arg_loc;
        if (!parse_iso(text, &neg, &us, &why)) goto bad;
    } else {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "%s is not a duration",
                                 shown(a, l));
        duration_hint(d, g);
        return false;
    }
    if (neg && us != 0 && !allow_neg) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "duration \"%s%s\" is negative",
                                 l->kind == MIG_LIT_WORD && l->neg ? "-" : "", text);
        mig_hint(d, g, "A duration here counts forward; write a positive one.");
        return false;
    }
    if (us > max_us) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "duration \"%s\" is too long", text);
        mig_hint(d, g, "YDB's Interval is shorter than 136 years (Interval64: about 292,000 years).");
        return false;
    }
    *out = neg ? -us : us;
    return true;
bad:
    if (why && strstr(why, "years and months")) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "duration \"%s\" has years or months",
                                 text);
        mig_hint(d, g, "Years and months have no fixed length, and YDB's Interval counts "
                       "microseconds; write days instead, such as \"P30D\" or \"P365D\".");
        return false;
    }
    mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "unrecognized duration \"%s%s\"",
                             l->kind == MIG_LIT_WORD && l->neg ? "-" : "", text);
    if (why) mig_detail(d, g, "It is not a duration: %s.", why);
    duration_hint(d, g);
    return false;
}

bool mig_duration_parse(mig_diags *d, const mig_source *src, const mig_lit *l, int64_t *seconds)
{
    int64_t us;
    if (!duration_us(d->arena, d, src, l, false, INTERVAL_MAX_US, &us)) return false;
    if (us % US_PER_S) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                 "duration %s is not a whole number of seconds", shown(d->arena, l));
        mig_hint(d, g, "Durations here count whole seconds; write 1s or more, such as 45s.");
        return false;
    }
    *seconds = us / US_PER_S;
    return true;
}

/* ISO text of a signed µs count (../common/ydbtype.c): P1DT2H, PT0.5S, -PT1S. */
static char *iso_us(mig_arena *a, int64_t us)
{
    mig_buf b = MIG_BUF_INIT;
    mig_interval_write(&b, us);
    char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

/* ---------------------------------------------------------------- the check */

static void expect_hint(mig_diags *d, mig_diag *g, const mig_coltype *t)
{
    char tb[32];
    const mig_ptype_info *r = irange_of(t->id);
    if (r) {
        int_range_hint(d, g, r);
        return;
    }
    switch (t->id) {
    case MIG_PT_BOOL: mig_hint(d, g, "A Bool default is true or false."); break;
    case MIG_PT_FLOAT: case MIG_PT_DOUBLE:
        mig_hint(d, g, "%s defaults are numbers, such as 1.5.", mig_type_name(t->id)); break;
    case MIG_PT_DECIMAL:
        mig_hint(d, g, "%s defaults are numbers, such as 1.5.", tname(t, tb)); break;
    case MIG_PT_DYNUMBER: mig_hint(d, g, "DyNumber defaults are numbers, such as 1.5."); break;
    case MIG_PT_STRING: case MIG_PT_UTF8: case MIG_PT_YSON:
        mig_hint(d, g, "%s defaults are strings in quotes.", mig_type_name(t->id)); break;
    case MIG_PT_JSON: case MIG_PT_JSON_DOCUMENT:
        mig_hint(d, g, "%s defaults are strings holding valid JSON, such as '{\"a\": 1}'.",
                 mig_type_name(t->id));
        break;
    case MIG_PT_UUID:
        mig_hint(d, g, "Uuid defaults are strings such as \"01234567-89ab-cdef-0123-456789abcdef\".");
        break;
    case MIG_PT_DATE: case MIG_PT_DATE32:
        mig_hint(d, g, "%s defaults are strings such as \"2026-01-01\".", mig_type_name(t->id)); break;
    case MIG_PT_DATETIME: case MIG_PT_DATETIME64:
        mig_hint(d, g, "%s defaults are strings such as \"2026-01-01T00:00:00Z\".",
                 mig_type_name(t->id));
        break;
    case MIG_PT_TIMESTAMP: case MIG_PT_TIMESTAMP64:
        mig_hint(d, g, "%s defaults are strings such as \"2026-01-01T00:00:00Z\" or "
                       "\"2026-01-01T00:00:00.123456Z\".", mig_type_name(t->id));
        break;
    case MIG_PT_INTERVAL: case MIG_PT_INTERVAL64:
        mig_hint(d, g, "An %s default is a duration such as 30d, 1h30m or \"PT1H\".",
                 mig_type_name(t->id));
        break;
    default: break;
    }
}

static bool mismatch(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                     const mig_coltype *t)
{
    char tb[32];
    mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "default %s does not fit column type \"%s\"",
                             shown(a, l), tname(t, tb));
    expect_hint(d, g, t);
    return false;
}

static mig_type_id ctor_type(const char *name) { return mig_ptype_by_name(name); }

/* Check a string value (a quoted literal or a constructor's argument) for type t. */
static bool check_string_value(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                               mig_loc at, const char *s, const mig_coltype *t, mig_value *out)
{
    char tb[32];
    const char *why = NULL;
    char *canon = NULL;
    switch (t->id) {
    case MIG_PT_STRING: case MIG_PT_YSON:
        out->text = s;
        return true;
    case MIG_PT_UTF8:
        if (!mig_utf8_valid(s)) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "default for a Utf8 column is not valid UTF-8");
            mig_hint(d, g, "Utf8 holds text; store arbitrary bytes in a String column.");
            return false;
        }
        out->text = s;
        return true;
    case MIG_PT_JSON: case MIG_PT_JSON_DOCUMENT: {
        size_t off;
        if (!json_valid(s, &off)) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "default for %s column is not valid JSON",
                                     t->id == MIG_PT_JSON ? "a Json" : "a JsonDocument");
            mig_detail(d, g, "The JSON text goes wrong at byte %zu.", off + 1);
            mig_hint(d, g, "Write one JSON value in the string, such as '{\"a\": 1}', '[]' or '\"text\"'.");
            return false;
        }
        out->text = s;
        return true;
    }
    case MIG_PT_UUID: {
        static const int groups[5] = {8, 4, 4, 4, 12};
        const char *p = s;
        bool ok = true;
        for (int gi = 0; gi < 5 && ok; gi++) {
            for (int k = 0; k < groups[gi]; k++, p++)
                if (!isxdigit((unsigned char)*p)) ok = false;
            if (ok && gi < 4 && *p++ != '-') ok = false;
        }
        if (!ok || *p) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "\"%s\" is not a Uuid", s);
            mig_hint(d, g, "Write a Uuid as 32 hexadecimal digits in groups of 8-4-4-4-12, such as "
                           "\"01234567-89ab-cdef-0123-456789abcdef\".");
            return false;
        }
        char *u = mig_strdup(a, s);
        for (char *q = u; *q; q++) *q = (char)tolower((unsigned char)*q);
        out->text = u;
        return true;
    }
    case MIG_PT_DATE: case MIG_PT_DATETIME: case MIG_PT_TIMESTAMP:
    case MIG_PT_DATE32: case MIG_PT_DATETIME64: case MIG_PT_TIMESTAMP64:
        if (!check_datetime(a, s, t->id, &canon, &why)) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "\"%s\" is not a valid %s", s,
                                     mig_type_name(t->id));
            mig_detail(d, g, "%c%s.", toupper((unsigned char)why[0]), why + 1);
            expect_hint(d, g, t);
            return false;
        }
        out->text = canon;
        return true;
    case MIG_PT_INTERVAL: case MIG_PT_INTERVAL64: {
        int64_t us;
        mig_lit tmp = *l;
        tmp.kind = MIG_LIT_STRING;
        tmp.text = s;
        tmp.loc = at;
        if (!duration_us(a, d, src, &tmp, true,
                         t->id == MIG_PT_INTERVAL ? INTERVAL_MAX_US : INTERVAL64_MAX_US, &us))
            return false;
        out->text = iso_us(a, us);
        return true;
    }
    case MIG_PT_DECIMAL: case MIG_PT_DYNUMBER: {
        if (t->id == MIG_PT_DECIMAL ? decimal_norm(a, s, false, t->precision, t->scale, &canon, &why)
                                   : decimal_norm(a, s, false, 99, 49, &canon, &why)) {
            out->text = canon;
            return true;
        }
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "\"%s\" does not fit %s", s, tname(t, tb));
        mig_detail(d, g, "%c%s.", toupper((unsigned char)why[0]), why + 1);
        expect_hint(d, g, t);
        return false;
    }
    default:
        return mismatch(a, d, src, l, t);
    }
}

static const char *suffix_type(const char *suf)
{
    static const struct { const char *s; const char *t; } map[] = {
        {"t", "Int8"}, {"ut", "Uint8"}, {"s", "Int16"}, {"us", "Uint16"}, {"u", "Uint32"},
        {"l", "Int64"}, {"ul", "Uint64"}, {"f", "Float"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(suf, map[i].s) == 0) return map[i].t;
    return NULL;
}

static bool check_number(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                         const mig_coltype *t, mig_value *out)
{
    char tb[32];
    const char *num, *suf;
    if (!number_parts(a, l, &num, &suf)) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "unrecognized number \"%s\"",
                                 shown(a, l));
        mig_hint(d, g, "Write a plain number such as 42 or 1.5; migc gives it the column's type.");
        return false;
    }
    if (*suf) {
        const char *st = suffix_type(suf);
        bool ok = st && strcmp(st, mig_type_name(t->id)) == 0;
        if (!ok) {
            mig_diag *g;
            if (st)
                g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                               "suffix \"%s\" makes %s a %s, but the column type is \"%s\"", suf,
                               shown(a, l), st, tname(t, tb));
            else
                g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "unrecognized number \"%s\"",
                               shown(a, l));
            mig_hint(d, g, "Write the plain number (%s%s); migc gives it the column's type.",
                     l->neg ? "-" : "", num);
            return false;
        }
    }
    bool integral = all_digits(num);
    const mig_ptype_info *r = irange_of(t->id);
    if (r) {
        if (!integral) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                     "default %s is not a whole number, but the column type is \"%s\"",
                                     shown(a, l), tname(t, tb));
            int_range_hint(d, g, r);
            return false;
        }
        return check_int_digits(a, d, src, l, num, l->neg, r, out);
    }
    const char *why = NULL;
    char *canon = NULL;
    switch (t->id) {
    case MIG_PT_FLOAT: case MIG_PT_DOUBLE: {
        errno = 0;
        double v = strtod(num, NULL);
        if (errno == ERANGE || !isfinite(v) || (t->id == MIG_PT_FLOAT && v > FLT_MAX)) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "value %s is out of range for %s",
                                     shown(a, l), mig_type_name(t->id));
            mig_hint(d, g, "%s holds magnitudes up to %g.", mig_type_name(t->id),
                     t->id == MIG_PT_FLOAT ? (double)FLT_MAX : DBL_MAX);
            return false;
        }
        /* canonical: always a real literal (1.0, 1.5e3) */
        const char *e = strpbrk(num, "eE");
        bool has_point = strchr(num, '.') != NULL;
        char *body;
        if (has_point) body = mig_strdup(a, num);
        else if (e) body = mig_printf(a, "%.*s.0%s", (int)(e - num), num, e);
        else body = mig_printf(a, "%s.0", num);
        bool zero = v == 0.0;
        out->text = mig_printf(a, "%s%s", l->neg && !zero ? "-" : "", body);
        return true;
    }
    case MIG_PT_DECIMAL:
        if (!decimal_norm(a, num, l->neg, t->precision, t->scale, &canon, &why)) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "value %s does not fit %s",
                                     shown(a, l), tname(t, tb));
            mig_detail(d, g, "%c%s.", toupper((unsigned char)why[0]), why + 1);
            expect_hint(d, g, t);
            return false;
        }
        out->text = canon;
        return true;
    case MIG_PT_DYNUMBER:
        if (!decimal_norm(a, num, l->neg, 99, 49, &canon, &why)) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "value %s does not fit DyNumber",
                                     shown(a, l));
            mig_detail(d, g, "%c%s.", toupper((unsigned char)why[0]), why + 1);
            return false;
        }
        out->text = canon;
        return true;
    case MIG_PT_INTERVAL: case MIG_PT_INTERVAL64:
        if (l->kind == MIG_LIT_WORD) break; /* a duration word */
        {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                     "default %s for an %s column has no unit", shown(a, l),
                                     mig_type_name(t->id));
            expect_hint(d, g, t);
            return false;
        }
    default:
        break;
    }
    return mismatch(a, d, src, l, t);
}

bool mig_literal_check(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                       const mig_coltype *t, mig_value *out)
{
    mig_value v = {t->id, false, NULL};
    char tb[32];
    bool ok = false;
    switch (l->kind) {
    case MIG_LIT_NULL:
        v.is_null = true;
        v.text = "NULL";
        ok = true;
        break;
    case MIG_LIT_IDENT: {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "DEFAULT takes a literal, not the name \"%s\"",
                                 l->text);
        mig_hint(d, g, "Write a constant, such as 0, \"text\" or true; to quote text, put it in quotes.");
        return false;
    }
    case MIG_LIT_TUPLE: {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "DEFAULT takes one literal, not a list");
        expect_hint(d, g, t);
        return false;
    }
    case MIG_LIT_CALL: {
        mig_type_id ct = ctor_type(l->text);
        if (!ct || !l->arg) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                     "DEFAULT takes a literal, not a call to \"%s\"", l->text);
            mig_hint(d, g, "YDB evaluates no functions in DEFAULT; write a constant value, or fill "
                           "the column in a data step.");
            return false;
        }
        if (ct != t->id) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                     "constructor \"%s\" does not match column type \"%s\"", l->text,
                                     tname(t, tb));
            mig_hint(d, g, "Write %s(\"...\") or the plain value; migc gives it the column's type.",
                     mig_type_name(t->id));
            return false;
        }
        if (t->id == MIG_PT_BOOL || irange_of(t->id) || t->id == MIG_PT_FLOAT || t->id == MIG_PT_DOUBLE) {
            /* Int32("5"): check the text as a number written bare */
            mig_lit tmp = *l;
            const char *s = l->arg;
            tmp.neg = false;
            if (*s == '-') {
                tmp.neg = true;
                s++;
            }
            tmp.text = s;
            tmp.kind = all_digits(s) ? MIG_LIT_INT : MIG_LIT_FLOAT;
            if (t->id == MIG_PT_BOOL) {
                if (strcasecmp(l->arg, "true") == 0 || strcasecmp(l->arg, "false") == 0) {
                    v.text = strcasecmp(l->arg, "true") == 0 ? "true" : "false";
                    ok = true;
                    break;
                }
                return mismatch(a, d, src, l, t);
            }
            if (!is_number(s)) return mismatch(a, d, src, l, t);
            ok = check_number(a, d, src, &tmp, t, &v);
            break;
        }
        ok = check_string_value(a, d, src, l, l->arg_loc, l->arg, t, &v);
        break;
    }
    case MIG_LIT_STRING:
        if (t->id == MIG_PT_BOOL || irange_of(t->id) || t->id == MIG_PT_FLOAT || t->id == MIG_PT_DOUBLE) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                     "default %s is a string, but the column type is \"%s\"",
                                     shown(a, l), tname(t, tb));
            expect_hint(d, g, t);
            return false;
        }
        ok = check_string_value(a, d, src, l, l->loc, l->text, t, &v);
        break;
    case MIG_LIT_BOOL:
        if (t->id != MIG_PT_BOOL) return mismatch(a, d, src, l, t);
        v.text = strcmp(l->text, "true") == 0 ? "true" : "false";
        ok = true;
        break;
    case MIG_LIT_INT: case MIG_LIT_FLOAT: case MIG_LIT_WORD:
        if (t->id == MIG_PT_INTERVAL || t->id == MIG_PT_INTERVAL64) {
            if (l->kind == MIG_LIT_WORD) {
                int64_t us;
                if (!duration_us(a, d, src, l, true,
                                 t->id == MIG_PT_INTERVAL ? INTERVAL_MAX_US : INTERVAL64_MAX_US, &us))
                    return false;
                v.text = iso_us(a, us);
                ok = true;
                break;
            }
        } else if (t->id == MIG_PT_BOOL || t->id == MIG_PT_STRING || t->id == MIG_PT_UTF8 ||
                   t->id == MIG_PT_JSON || t->id == MIG_PT_JSON_DOCUMENT || t->id == MIG_PT_YSON ||
                   t->id == MIG_PT_UUID || t->id == MIG_PT_DATE || t->id == MIG_PT_DATETIME ||
                   t->id == MIG_PT_TIMESTAMP || t->id == MIG_PT_DATE32 ||
                   t->id == MIG_PT_DATETIME64 || t->id == MIG_PT_TIMESTAMP64) {
            return mismatch(a, d, src, l, t);
        }
        ok = check_number(a, d, src, l, t, &v);
        break;
    }
    if (ok && out) *out = v;
    return ok;
}
