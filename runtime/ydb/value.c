/* value.c - the plugin ABI's canonical text (mig/plugin.h) <-> Ydb.Value.
 *
 * Wire forms (ydb-protocol.md §5.4): Date = days since the epoch, Datetime = seconds,
 * Timestamp/Interval = microseconds; Uuid and Decimal in low_128/high_128; Optional<T>
 * present = T itself, NULL = null_flag_value. Canonical text (compiler/literal.c is the
 * other writer of it): integers in decimal; Bool true/false; Date 2026-01-01; Datetime
 * 2026-01-01T00:00:00Z; Timestamp with a trimmed fraction (…:00.5Z); Interval an ISO 8601
 * duration (P1DT2H, PT0.5S, -PT1S); Uuid lower case; Decimal with no trailing zeros
 * ("1.5", "-3", "0.05"); Float/Double the shortest text that reads back exactly, always
 * with a point or an exponent ("1.0", "0.1", "1e+20"), and nan / inf / -inf.
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/ydbtype.h"
#include "internal.h"

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

#define US_PER_S 1000000LL
#define DAY_S 86400LL

/* ---------------------------------------------------------------- calendar */

/* days <-> year, month, day: ../../common/ydbtype.c */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static void put_date(mig_buf *b, int64_t days) { mig_date_write(b, days); }

/* seconds since the epoch plus a µs fraction: 2026-01-01T00:00:00[.5]Z */
static void put_datetime(mig_buf *b, int64_t secs, int64_t frac_us)
{
    int64_t days = floor_div(secs, DAY_S), sod = secs - days * DAY_S;
    put_date(b, days);
    mig_buf_printf(b, "T%02d:%02d:%02d", (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
    if (frac_us) {
        char f[8];
        snprintf(f, sizeof f, "%06d", (int)frac_us);
        for (int i = 5; i > 0 && f[i] == '0'; i--) f[i] = 0;
        mig_buf_printf(b, ".%s", f);
    }
    mig_buf_putc(b, 'Z');
}

/* ---------------------------------------------------------------- text -> numbers */

static bool parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    if (!*s || isspace((unsigned char)*s)) return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || errno || v < lo || v > hi) return false;
    *out = v;
    return true;
}

static bool parse_u64(const char *s, uint64_t hi, uint64_t *out)
{
    if (!isdigit((unsigned char)*s)) return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno || v > hi) return false;
    *out = v;
    return true;
}

static bool parse_real(const char *s, bool is_float, double *out)
{
    if (strcmp(s, "nan") == 0) { *out = NAN; return true; }
    if (strcmp(s, "inf") == 0) { *out = INFINITY; return true; }
    if (strcmp(s, "-inf") == 0) { *out = -INFINITY; return true; }
    if (!*s || isspace((unsigned char)*s)) return false;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (*end || errno == ERANGE || !isfinite(v) || (is_float && fabs(v) > FLT_MAX)) return false;
    *out = v;
    return true;
}

static bool digits(const char *s, int n, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* [-]YYYY-MM-DD (more year digits allowed); *p moves past it */
static bool parse_ymd(const char **p, int64_t *days)
{
    const char *s = *p;
    bool neg = *s == '-';
    if (neg) s++;
    int yn = 0;
    while (isdigit((unsigned char)s[yn])) yn++;
    if (yn < 4 || yn > 6 || s[yn] != '-') return false;
    unsigned yy, m, d;
    if (!digits(s, yn, &yy) || !digits(s + yn + 1, 2, &m) || s[yn + 3] != '-' || !digits(s + yn + 4, 2, &d))
        return false;
    int64_t y = neg ? -(int64_t)yy : (int64_t)yy;
    if (m < 1 || m > 12 || d < 1 || d > mig_month_days(y, m)) return false;
    *days = mig_days_from_civil(y, m, d);
    *p = s + yn + 6;
    return true;
}

/* YYYY-MM-DDTHH:MM:SS[.f]Z -> seconds and µs */
static bool parse_datetime(const char *s, bool frac_ok, int64_t *secs, int64_t *us)
{
    int64_t days;
    if (!parse_ymd(&s, &days)) return false;
    unsigned h, mi, sec;
    if ((*s != 'T' && *s != 't') || !digits(s + 1, 2, &h) || s[3] != ':' || !digits(s + 4, 2, &mi) ||
        s[6] != ':' || !digits(s + 7, 2, &sec) || h > 23 || mi > 59 || sec > 59)
        return false;
    s += 9;
    int64_t f = 0;
    if (*s == '.') {
        s++;
        int n = 0;
        while (isdigit((unsigned char)s[n])) {
            if (n >= 6) return false;
            f = f * 10 + (s[n] - '0');
            n++;
        }
        if (n == 0 || !frac_ok) return false;
        for (int i = n; i < 6; i++) f *= 10;
        s += n;
    }
    if (!((*s == 'Z' || *s == 'z') && s[1] == 0)) return false;
    *secs = days * DAY_S + h * 3600 + mi * 60 + sec;
    *us = f;
    return true;
}

/* [-]P[nW][nD][T[nH][nM][n[.f]S]] -> µs */
static bool parse_interval(const char *s, int64_t *out)
{
    bool neg = *s == '-';
    if (neg || *s == '+') s++;
    if (*s != 'P' && *s != 'p') return false;
    s++;
    bool in_time = false, any = false;
    i128 total = 0;
    while (*s) {
        if (*s == 'T' || *s == 't') {
            if (in_time) return false;
            in_time = true;
            s++;
            continue;
        }
        if (!isdigit((unsigned char)*s)) return false;
        i128 n = 0;
        int nd = 0;
        while (isdigit((unsigned char)*s)) {
            n = n * 10 + (*s++ - '0');
            if (++nd > 15) return false;
        }
        int64_t frac = 0;
        if (*s == '.' || *s == ',') {
            s++;
            int k = 0;
            while (isdigit((unsigned char)*s)) {
                if (k >= 6) return false;
                frac = frac * 10 + (*s++ - '0');
                k++;
            }
            if (!k) return false;
            for (; k < 6; k++) frac *= 10;
        }
        char u = (char)toupper((unsigned char)*s++);
        if (frac && !(in_time && u == 'S')) return false;
        if (!in_time && u == 'W') total += n * 7 * DAY_S * US_PER_S;
        else if (!in_time && u == 'D') total += n * DAY_S * US_PER_S;
        else if (in_time && u == 'H') total += n * 3600 * US_PER_S;
        else if (in_time && u == 'M') total += n * 60 * US_PER_S;
        else if (in_time && u == 'S') total += n * US_PER_S + frac;
        else return false;
        any = true;
        if (total > (i128)INT64_MAX) return false;
    }
    if (!any) return false;
    *out = neg ? -(int64_t)total : (int64_t)total;
    return true;
}

static int hexv(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* RFC 4122 text -> the 16 bytes in "bytes_le" order -> two little-endian u64 */
static bool parse_uuid(const char *s, uint64_t *lo, uint64_t *hi)
{
    unsigned char b[16];
    int n = 0;
    for (int i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return false;
            i++;
            continue;
        }
        int a = hexv((unsigned char)s[i]), c = a < 0 ? -1 : hexv((unsigned char)s[i + 1]);
        if (c < 0) return false;
        b[n++] = (unsigned char)(a * 16 + c);
        i += 2;
    }
    if (s[36]) return false;
    const unsigned char le[16] = {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6],
                                  b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
    uint64_t l = 0, h = 0;
    for (int i = 7; i >= 0; i--) {
        l = l << 8 | le[i];
        h = h << 8 | le[8 + i];
    }
    *lo = l;
    *hi = h;
    return true;
}

static void put_uuid(mig_buf *out, uint64_t lo, uint64_t hi)
{
    unsigned char le[16];
    for (int i = 0; i < 8; i++) {
        le[i] = (unsigned char)(lo >> (8 * i));
        le[8 + i] = (unsigned char)(hi >> (8 * i));
    }
    const unsigned char b[16] = {le[3], le[2], le[1], le[0], le[5], le[4], le[7], le[6],
                                 le[8], le[9], le[10], le[11], le[12], le[13], le[14], le[15]};
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) mig_buf_putc(out, '-');
        mig_buf_printf(out, "%02x", b[i]);
    }
}

static const i128 DEC_INF = (i128)100000000000000000LL * (i128)1000000000000000000LL; /* 10^35 */

static bool parse_decimal(const char *s, unsigned prec, unsigned scale, i128 *out)
{
    if (strcmp(s, "inf") == 0 || strcmp(s, "+inf") == 0) { *out = DEC_INF; return true; }
    if (strcmp(s, "-inf") == 0) { *out = -DEC_INF; return true; }
    if (strcmp(s, "nan") == 0) { *out = DEC_INF + 1; return true; }
    bool neg = *s == '-';
    if (neg || *s == '+') s++;
    i128 v = 0;
    unsigned intd = 0, fracd = 0;
    bool any = false;
    for (; isdigit((unsigned char)*s); s++) {
        any = true;
        if (v == 0 && *s == '0') continue;
        v = v * 10 + (*s - '0');
        if (++intd > prec - scale) return false;
    }
    if (*s == '.') {
        s++;
        const char *f = s;
        size_t n = strspn(f, "0123456789");
        while (n > 0 && f[n - 1] == '0') n--; /* trailing zeros change nothing */
        if (n > scale) return false;
        for (size_t i = 0; i < n; i++) v = v * 10 + (f[i] - '0');
        fracd = (unsigned)n;
        any = any || strspn(f, "0123456789") > 0;
        s = f + strspn(f, "0123456789");
    }
    if (*s || !any) return false;
    for (; fracd < scale; fracd++) v *= 10;
    *out = neg ? -v : v;
    return true;
}

static void put_decimal(mig_buf *out, i128 v, unsigned scale)
{
    if (v == DEC_INF) { mig_buf_puts(out, "inf"); return; }
    if (v == -DEC_INF) { mig_buf_puts(out, "-inf"); return; }
    if (v == DEC_INF + 1 || v == -DEC_INF - 1) { mig_buf_puts(out, "nan"); return; }
    bool neg = v < 0;
    u128 u = neg ? (u128)0 - (u128)v : (u128)v;
    char d[64];
    int n = 0;
    do {
        d[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    while (n <= (int)scale) d[n++] = '0'; /* at least one integer digit */
    /* d holds the digits reversed; fraction = d[0..scale) */
    int fz = 0;
    while (fz < (int)scale && d[fz] == '0') fz++;
    bool zero = true;
    for (int i = 0; i < n; i++) if (d[i] != '0') zero = false;
    if (neg && !zero) mig_buf_putc(out, '-');
    for (int i = n - 1; i >= (int)scale; i--) mig_buf_putc(out, d[i]);
    if (fz < (int)scale) {
        mig_buf_putc(out, '.');
        for (int i = (int)scale - 1; i >= fz; i--) mig_buf_putc(out, d[i]);
    }
}

static void put_real(mig_buf *out, double v, bool is_float)
{
    if (isnan(v)) { mig_buf_puts(out, "nan"); return; }
    if (isinf(v)) { mig_buf_puts(out, v < 0 ? "-inf" : "inf"); return; }
    char t[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(t, sizeof t, "%.*g", p, v);
        if (is_float ? strtof(t, NULL) == (float)v : strtod(t, NULL) == v) break;
    }
    char *e = strchr(t, 'e');
    if (strchr(t, '.')) {
        mig_buf_puts(out, t);
    } else if (e) {
        mig_buf_printf(out, "%.*s.0%s", (int)(e - t), t, e);
    } else {
        mig_buf_printf(out, "%s.0", t);
    }
}

/* ---------------------------------------------------------------- params */

static Ydb__Type *prim_type(mig_arena *a, const mig_p_type *t)
{
    Ydb__Type *ty = mig_alloc(a, sizeof *ty);
    ydb__type__init(ty);
    if (t->id == MIG_PT_DECIMAL) {
        ty->type_case = YDB__TYPE__TYPE_DECIMAL_TYPE;
        ty->decimal_type = mig_alloc(a, sizeof *ty->decimal_type);
        ydb__decimal_type__init(ty->decimal_type);
        ty->decimal_type->precision = t->precision;
        ty->decimal_type->scale = t->scale;
    } else {
        ty->type_case = YDB__TYPE__TYPE_TYPE_ID;
        ty->type_id = (Ydb__Type__PrimitiveTypeId)t->id;
    }
    return ty;
}

static bool known_prim(uint32_t id)
{
    switch (id) {
    case MIG_PT_BOOL: case MIG_PT_INT8: case MIG_PT_UINT8: case MIG_PT_INT16: case MIG_PT_UINT16:
    case MIG_PT_INT32: case MIG_PT_UINT32: case MIG_PT_INT64: case MIG_PT_UINT64: case MIG_PT_FLOAT:
    case MIG_PT_DOUBLE: case MIG_PT_DATE: case MIG_PT_DATETIME: case MIG_PT_TIMESTAMP:
    case MIG_PT_INTERVAL: case MIG_PT_DATE32: case MIG_PT_DATETIME64: case MIG_PT_TIMESTAMP64:
    case MIG_PT_INTERVAL64: case MIG_PT_STRING: case MIG_PT_UTF8: case MIG_PT_YSON: case MIG_PT_JSON:
    case MIG_PT_UUID: case MIG_PT_JSON_DOCUMENT: case MIG_PT_DYNUMBER: case MIG_PT_DECIMAL:
        return true;
    default:
        return false;
    }
}

#define DATE_MAX 49672LL             /* 2105-12-31 */
#define DATE32_MIN (-53375809LL)     /* -144169-01-01 */
#define DATE32_MAX 53375807LL        /* 148107-12-31 */

static bool set_value(mig_arena *a, Ydb__Value *v, const mig_p_type *t, const char *s, const char **why)
{
    int64_t i = 0, us = 0;
    uint64_t u = 0;
    double d;
    switch (t->id) {
    case MIG_PT_BOOL:
        if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0) { *why = "it is not true or false"; return false; }
        v->value_case = YDB__VALUE__VALUE_BOOL_VALUE;
        v->bool_value = s[0] == 't';
        return true;
    case MIG_PT_INT8: case MIG_PT_INT16: case MIG_PT_INT32: {
        int64_t lim = t->id == MIG_PT_INT8 ? 127 : t->id == MIG_PT_INT16 ? 32767 : INT32_MAX;
        if (!parse_i64(s, -lim - 1, lim, &i)) { *why = "it is not a whole number in the type's range"; return false; }
        v->value_case = YDB__VALUE__VALUE_INT32_VALUE;
        v->int32_value = (int32_t)i;
        return true;
    }
    case MIG_PT_UINT8: case MIG_PT_UINT16: case MIG_PT_UINT32: {
        uint64_t lim = t->id == MIG_PT_UINT8 ? 255 : t->id == MIG_PT_UINT16 ? 65535 : UINT32_MAX;
        if (!parse_u64(s, lim, &u)) { *why = "it is not a whole number in the type's range"; return false; }
        v->value_case = YDB__VALUE__VALUE_UINT32_VALUE;
        v->uint32_value = (uint32_t)u;
        return true;
    }
    case MIG_PT_INT64:
        if (!parse_i64(s, INT64_MIN, INT64_MAX, &i)) { *why = "it is not a whole number in the type's range"; return false; }
        v->value_case = YDB__VALUE__VALUE_INT64_VALUE;
        v->int64_value = i;
        return true;
    case MIG_PT_UINT64:
        if (!parse_u64(s, UINT64_MAX, &u)) { *why = "it is not a whole number in the type's range"; return false; }
        v->value_case = YDB__VALUE__VALUE_UINT64_VALUE;
        v->uint64_value = u;
        return true;
    case MIG_PT_FLOAT: case MIG_PT_DOUBLE:
        if (!parse_real(s, t->id == MIG_PT_FLOAT, &d)) { *why = "it is not a number in the type's range"; return false; }
        if (t->id == MIG_PT_FLOAT) {
            v->value_case = YDB__VALUE__VALUE_FLOAT_VALUE;
            v->float_value = (float)d;
        } else {
            v->value_case = YDB__VALUE__VALUE_DOUBLE_VALUE;
            v->double_value = d;
        }
        return true;
    case MIG_PT_DATE: case MIG_PT_DATE32: {
        const char *p = s;
        bool wide = t->id == MIG_PT_DATE32;
        if (!parse_ymd(&p, &i) || *p) { *why = "it is not a date (YYYY-MM-DD)"; return false; }
        if (wide ? (i < DATE32_MIN || i > DATE32_MAX) : (i < 0 || i > DATE_MAX)) {
            *why = "the date is outside the type's range";
            return false;
        }
        if (wide) {
            v->value_case = YDB__VALUE__VALUE_INT32_VALUE;
            v->int32_value = (int32_t)i;
        } else {
            v->value_case = YDB__VALUE__VALUE_UINT32_VALUE;
            v->uint32_value = (uint32_t)i;
        }
        return true;
    }
    case MIG_PT_DATETIME: case MIG_PT_DATETIME64: case MIG_PT_TIMESTAMP: case MIG_PT_TIMESTAMP64: {
        bool ts = t->id == MIG_PT_TIMESTAMP || t->id == MIG_PT_TIMESTAMP64;
        bool wide = t->id == MIG_PT_DATETIME64 || t->id == MIG_PT_TIMESTAMP64;
        if (!parse_datetime(s, ts, &i, &us)) {
            *why = ts ? "it is not a timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff]Z)"
                      : "it is not a date and time (YYYY-MM-DDTHH:MM:SSZ)";
            return false;
        }
        int64_t days = floor_div(i, DAY_S);
        if (wide ? (days < DATE32_MIN || days > DATE32_MAX) : (days < 0 || days > DATE_MAX)) {
            *why = "it is outside the type's range";
            return false;
        }
        if (t->id == MIG_PT_DATETIME) {
            v->value_case = YDB__VALUE__VALUE_UINT32_VALUE;
            v->uint32_value = (uint32_t)i;
        } else if (t->id == MIG_PT_TIMESTAMP) {
            v->value_case = YDB__VALUE__VALUE_UINT64_VALUE;
            v->uint64_value = (uint64_t)i * US_PER_S + (uint64_t)us;
        } else {
            v->value_case = YDB__VALUE__VALUE_INT64_VALUE;
            v->int64_value = t->id == MIG_PT_DATETIME64 ? i : i * US_PER_S + us;
        }
        return true;
    }
    case MIG_PT_INTERVAL: case MIG_PT_INTERVAL64:
        if (!parse_interval(s, &i)) { *why = "it is not an ISO 8601 duration (P1DT2H, PT0.5S)"; return false; }
        v->value_case = YDB__VALUE__VALUE_INT64_VALUE;
        v->int64_value = i;
        return true;
    case MIG_PT_STRING: case MIG_PT_YSON:
        v->value_case = YDB__VALUE__VALUE_BYTES_VALUE;
        v->bytes_value.data = (uint8_t *)mig_strdup(a, s);
        v->bytes_value.len = strlen(s);
        return true;
    case MIG_PT_UTF8: case MIG_PT_JSON: case MIG_PT_JSON_DOCUMENT: case MIG_PT_DYNUMBER:
        v->value_case = YDB__VALUE__VALUE_TEXT_VALUE;
        v->text_value = mig_strdup(a, s);
        return true;
    case MIG_PT_UUID:
        if (!parse_uuid(s, &u, &v->high_128)) { *why = "it is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"; return false; }
        v->value_case = YDB__VALUE__VALUE_LOW_128;
        v->low_128 = u;
        return true;
    case MIG_PT_DECIMAL: {
        i128 x;
        if (t->precision == 0 || t->precision > 35 || t->scale > t->precision) {
            *why = "its Decimal type has an impossible precision or scale";
            return false;
        }
        if (!parse_decimal(s, t->precision, t->scale, &x)) {
            *why = "it is not a number that fits the Decimal's precision and scale";
            return false;
        }
        v->value_case = YDB__VALUE__VALUE_LOW_128;
        v->low_128 = (uint64_t)(u128)x;
        v->high_128 = (uint64_t)((u128)x >> 64);
        return true;
    }
    default:
        *why = "its type is unknown to this driver";
        return false;
    }
}

Ydb__TypedValue *ydbv_param(mig_arena *a, const mig_param *p, const char **why)
{
    if (!known_prim(p->type.id)) {
        *why = "its type is unknown to this driver";
        return NULL;
    }
    Ydb__TypedValue *tv = mig_alloc(a, sizeof *tv);
    ydb__typed_value__init(tv);
    Ydb__Value *v = mig_alloc(a, sizeof *v);
    ydb__value__init(v);
    tv->value = v;
    Ydb__Type *pt = prim_type(a, &p->type);
    if (!p->value) {
        Ydb__Type *ot = mig_alloc(a, sizeof *ot);
        ydb__type__init(ot);
        ot->type_case = YDB__TYPE__TYPE_OPTIONAL_TYPE;
        ot->optional_type = mig_alloc(a, sizeof *ot->optional_type);
        ydb__optional_type__init(ot->optional_type);
        ot->optional_type->item = pt;
        tv->type = ot;
        v->value_case = YDB__VALUE__VALUE_NULL_FLAG_VALUE;
        v->null_flag_value = GOOGLE__PROTOBUF__NULL_VALUE__NULL_VALUE;
        return tv;
    }
    tv->type = pt;
    if (!set_value(a, v, &p->type, p->value, why)) return NULL;
    return tv;
}

/* ---------------------------------------------------------------- results */

bool ydbv_ptype(const Ydb__Type *t, mig_p_type *out, bool *optional)
{
    memset(out, 0, sizeof *out);
    *optional = false;
    while (t && t->type_case == YDB__TYPE__TYPE_OPTIONAL_TYPE) {
        *optional = true;
        t = t->optional_type ? t->optional_type->item : NULL;
    }
    if (!t) return false;
    if (t->type_case == YDB__TYPE__TYPE_DECIMAL_TYPE && t->decimal_type) {
        out->id = MIG_PT_DECIMAL;
        out->precision = (uint8_t)t->decimal_type->precision;
        out->scale = (uint8_t)t->decimal_type->scale;
        return true;
    }
    if (t->type_case == YDB__TYPE__TYPE_TYPE_ID) {
        out->id = (uint32_t)t->type_id;
        return known_prim(out->id);
    }
    return false;
}

/* Numbers are read from whichever numeric member is set (a server may widen). */
static bool num_i64(const Ydb__Value *v, int64_t *out)
{
    switch (v->value_case) {
    case YDB__VALUE__VALUE_INT32_VALUE: *out = v->int32_value; return true;
    case YDB__VALUE__VALUE_UINT32_VALUE: *out = v->uint32_value; return true;
    case YDB__VALUE__VALUE_INT64_VALUE: *out = v->int64_value; return true;
    case YDB__VALUE__VALUE_UINT64_VALUE: *out = (int64_t)v->uint64_value; return true;
    case YDB__VALUE__VALUE_BOOL_VALUE: *out = v->bool_value; return true;
    default: return false;
    }
}

static void put_text(mig_buf *out, const Ydb__Type *t, const Ydb__Value *v, int depth);

static void put_prim(mig_buf *out, uint32_t id, const Ydb__Value *v)
{
    int64_t i = 0;
    bool have = num_i64(v, &i);
    switch (id) {
    case MIG_PT_BOOL:
        mig_buf_puts(out, have && i ? "true" : "false");
        return;
    case MIG_PT_INT8: case MIG_PT_INT16: case MIG_PT_INT32: case MIG_PT_INT64:
    case MIG_PT_UINT8: case MIG_PT_UINT16: case MIG_PT_UINT32:
        mig_buf_printf(out, "%" PRId64, i);
        return;
    case MIG_PT_UINT64:
        mig_buf_printf(out, "%" PRIu64, v->value_case == YDB__VALUE__VALUE_UINT64_VALUE ? v->uint64_value : (uint64_t)i);
        return;
    case MIG_PT_FLOAT: case MIG_PT_DOUBLE: {
        double d = v->value_case == YDB__VALUE__VALUE_FLOAT_VALUE ? (double)v->float_value
                   : v->value_case == YDB__VALUE__VALUE_DOUBLE_VALUE ? v->double_value : (double)i;
        put_real(out, d, id == MIG_PT_FLOAT);
        return;
    }
    case MIG_PT_DATE: case MIG_PT_DATE32:
        put_date(out, i);
        return;
    case MIG_PT_DATETIME: case MIG_PT_DATETIME64:
        put_datetime(out, i, 0);
        return;
    case MIG_PT_TIMESTAMP: case MIG_PT_TIMESTAMP64: {
        int64_t s = floor_div(i, US_PER_S);
        put_datetime(out, s, i - s * US_PER_S);
        return;
    }
    case MIG_PT_INTERVAL: case MIG_PT_INTERVAL64:
        mig_interval_write(out, i);
        return;
    case MIG_PT_STRING: case MIG_PT_YSON: case MIG_PT_UTF8: case MIG_PT_JSON:
    case MIG_PT_JSON_DOCUMENT: case MIG_PT_DYNUMBER:
        if (v->value_case == YDB__VALUE__VALUE_BYTES_VALUE)
            mig_buf_add(out, (const char *)v->bytes_value.data, strnlen((const char *)v->bytes_value.data, v->bytes_value.len));
        else if (v->value_case == YDB__VALUE__VALUE_TEXT_VALUE && v->text_value)
            mig_buf_puts(out, v->text_value);
        return;
    case MIG_PT_UUID:
        put_uuid(out, v->low_128, v->high_128);
        return;
    default:
        mig_buf_puts(out, "<unsupported>");
        return;
    }
}

/* Values nest no deeper than this in what migrun reads (a version row, a description);
 * deeper ones come from a misbehaving server and print as "...": the depth of the
 * recursion never follows the input further. */
#define MAX_VALUE_DEPTH 32

static void put_text(mig_buf *out, const Ydb__Type *t, const Ydb__Value *v, int depth)
{
    if (!t || !v) { mig_buf_puts(out, "NULL"); return; }
    if (depth > MAX_VALUE_DEPTH) { mig_buf_puts(out, "..."); return; }
    if (v->value_case == YDB__VALUE__VALUE_NULL_FLAG_VALUE) { mig_buf_puts(out, "NULL"); return; }
    switch (t->type_case) {
    case YDB__TYPE__TYPE_TYPE_ID:
        put_prim(out, (uint32_t)t->type_id, v);
        return;
    case YDB__TYPE__TYPE_DECIMAL_TYPE:
        put_decimal(out, (i128)((u128)v->high_128 << 64 | v->low_128), t->decimal_type ? t->decimal_type->scale : 0);
        return;
    case YDB__TYPE__TYPE_OPTIONAL_TYPE:
        put_text(out, t->optional_type ? t->optional_type->item : NULL,
                 v->value_case == YDB__VALUE__VALUE_NESTED_VALUE ? v->nested_value : v, depth + 1);
        return;
    case YDB__TYPE__TYPE_TAGGED_TYPE:
        put_text(out, t->tagged_type ? t->tagged_type->type : NULL, v, depth + 1);
        return;
    case YDB__TYPE__TYPE_LIST_TYPE:
        mig_buf_putc(out, '[');
        for (size_t i = 0; i < v->n_items; i++) {
            if (i) mig_buf_puts(out, ", ");
            put_text(out, t->list_type ? t->list_type->item : NULL, v->items[i], depth + 1);
        }
        mig_buf_putc(out, ']');
        return;
    case YDB__TYPE__TYPE_TUPLE_TYPE:
        mig_buf_putc(out, '[');
        for (size_t i = 0; i < v->n_items; i++) {
            if (i) mig_buf_puts(out, ", ");
            put_text(out, t->tuple_type && i < t->tuple_type->n_elements ? t->tuple_type->elements[i] : NULL, v->items[i], depth + 1);
        }
        mig_buf_putc(out, ']');
        return;
    case YDB__TYPE__TYPE_STRUCT_TYPE:
        mig_buf_putc(out, '{');
        for (size_t i = 0; i < v->n_items; i++) {
            const Ydb__StructMember *m = t->struct_type && i < t->struct_type->n_members ? t->struct_type->members[i] : NULL;
            if (i) mig_buf_puts(out, ", ");
            mig_buf_printf(out, "%s: ", m && m->name ? m->name : "?");
            put_text(out, m ? m->type : NULL, v->items[i], depth + 1);
        }
        mig_buf_putc(out, '}');
        return;
    case YDB__TYPE__TYPE_DICT_TYPE:
        mig_buf_putc(out, '{');
        for (size_t i = 0; i < v->n_pairs; i++) {
            if (i) mig_buf_puts(out, ", ");
            put_text(out, t->dict_type ? t->dict_type->key : NULL, v->pairs[i]->key, depth + 1);
            mig_buf_puts(out, ": ");
            put_text(out, t->dict_type ? t->dict_type->payload : NULL, v->pairs[i]->payload, depth + 1);
        }
        mig_buf_putc(out, '}');
        return;
    case YDB__TYPE__TYPE_EMPTY_LIST_TYPE: mig_buf_puts(out, "[]"); return;
    case YDB__TYPE__TYPE_EMPTY_DICT_TYPE: mig_buf_puts(out, "{}"); return;
    case YDB__TYPE__TYPE_VOID_TYPE: mig_buf_puts(out, "Void"); return;
    case YDB__TYPE__TYPE_NULL_TYPE: mig_buf_puts(out, "NULL"); return;
    default: mig_buf_puts(out, "<unsupported>"); return;
    }
}

const char *ydbv_text(mig_arena *a, const Ydb__Type *t, const Ydb__Value *v)
{
    if (!v || v->value_case == YDB__VALUE__VALUE_NULL_FLAG_VALUE) return NULL;
    if (t && t->type_case == YDB__TYPE__TYPE_NULL_TYPE) return NULL;
    mig_buf b = MIG_BUF_INIT;
    put_text(&b, t, v, 0);
    const char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

/* ---------------------------------------------------------------- statuses */

const char *ydb_status_name(int s)
{
    switch (s) {
    case 400000: return "SUCCESS";
    case 400010: return "BAD_REQUEST";
    case 400020: return "UNAUTHORIZED";
    case 400030: return "INTERNAL_ERROR";
    case 400040: return "ABORTED";
    case 400050: return "UNAVAILABLE";
    case 400060: return "OVERLOADED";
    case 400070: return "SCHEME_ERROR";
    case 400080: return "GENERIC_ERROR";
    case 400090: return "TIMEOUT";
    case 400100: return "BAD_SESSION";
    case 400120: return "PRECONDITION_FAILED";
    case 400130: return "ALREADY_EXISTS";
    case 400140: return "NOT_FOUND";
    case 400150: return "SESSION_EXPIRED";
    case 400160: return "CANCELLED";
    case 400170: return "UNDETERMINED";
    case 400180: return "UNSUPPORTED";
    case 400190: return "SESSION_BUSY";
    case 400200: return "EXTERNAL_ERROR";
    default: return NULL;
    }
}
