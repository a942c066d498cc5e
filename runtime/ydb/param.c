/* param.c - the plugin ABI's canonical text (mig/plugin.h) -> Ydb.TypedValue: a query's
 * parameters, each checked against its type (value.c reads values back).
 *
 * The text is value.c's canonical text (see there); this side also takes a leading + on
 * a Decimal or an Interval, trailing zeros in a Decimal's fraction, an Interval in lower
 * case with weeks (P1W) or a comma for the point, and t and z in a Datetime or Timestamp.
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/ydbtype.h"
#include "internal.h"

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

static bool parse_decimal(const char *s, unsigned prec, unsigned scale, ydbv_i128 *out)
{
    if (strcmp(s, "inf") == 0 || strcmp(s, "+inf") == 0) { *out = YDBV_DEC_INF; return true; }
    if (strcmp(s, "-inf") == 0) { *out = -YDBV_DEC_INF; return true; }
    if (strcmp(s, "nan") == 0) { *out = YDBV_DEC_INF + 1; return true; }
    bool neg = *s == '-';
    if (neg || *s == '+') s++;
    ydbv_i128 v = 0;
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
        const char *bad;
        if (!mig_date_parse(&p, true, &i, &bad) || *p) { *why = "it is not a date (YYYY-MM-DD)"; return false; }
        if (!mig_date_in_range(i, wide)) {
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
        const char *bad;
        if (!mig_datetime_parse(s, true, ts, &i, &us, &bad)) {
            *why = ts ? "it is not a timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff]Z)"
                      : "it is not a date and time (YYYY-MM-DDTHH:MM:SSZ)";
            return false;
        }
        int64_t days = ydbv_floor_div(i, YDBV_DAY_S);
        if (!mig_date_in_range(days, wide)) {
            *why = "it is outside the type's range";
            return false;
        }
        if (t->id == MIG_PT_DATETIME) {
            v->value_case = YDB__VALUE__VALUE_UINT32_VALUE;
            v->uint32_value = (uint32_t)i;
        } else if (t->id == MIG_PT_TIMESTAMP) {
            v->value_case = YDB__VALUE__VALUE_UINT64_VALUE;
            v->uint64_value = (uint64_t)i * YDBV_US_PER_S + (uint64_t)us;
        } else {
            v->value_case = YDB__VALUE__VALUE_INT64_VALUE;
            v->int64_value = t->id == MIG_PT_DATETIME64 ? i : i * YDBV_US_PER_S + us;
        }
        return true;
    }
    case MIG_PT_INTERVAL: case MIG_PT_INTERVAL64:
        bool neg;
        const char *bad;
        if (!mig_interval_parse(s, &neg, &i, &bad)) { *why = "it is not an ISO 8601 duration (P1DT2H, PT0.5S)"; return false; }
        if (neg) i = -i;
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
        ydbv_i128 x;
        if (t->precision == 0 || t->precision > 35 || t->scale > t->precision) {
            *why = "its Decimal type has an impossible precision or scale";
            return false;
        }
        if (!parse_decimal(s, t->precision, t->scale, &x)) {
            *why = "it is not a number that fits the Decimal's precision and scale";
            return false;
        }
        v->value_case = YDB__VALUE__VALUE_LOW_128;
        v->low_128 = (uint64_t)(ydbv_u128)x;
        v->high_128 = (uint64_t)((ydbv_u128)x >> 64);
        return true;
    }
    default:
        *why = "its type is unknown to this driver";
        return false;
    }
}

Ydb__TypedValue *ydbv_param(mig_arena *a, const mig_param *p, const char **why)
{
    if (!ydbv_known_prim(p->type.id)) {
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
