/* value.c - the plugin ABI's canonical text (mig/plugin.h) <- Ydb.Value: result sets and
 * types read back as text (param.c writes parameters).
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
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/ydbtype.h"
#include "internal.h"

/* ---------------------------------------------------------------- calendar */

/* days <-> year, month, day: ../../common/ydbtype.c */

int64_t ydbv_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}



/* ---------------------------------------------------------------- Uuid, Decimal, reals */

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

static void put_decimal(mig_buf *out, ydbv_i128 v, unsigned scale)
{
    if (v == YDBV_DEC_INF) { mig_buf_puts(out, "inf"); return; }
    if (v == -YDBV_DEC_INF) { mig_buf_puts(out, "-inf"); return; }
    if (v == YDBV_DEC_INF + 1 || v == -YDBV_DEC_INF - 1) { mig_buf_puts(out, "nan"); return; }
    bool neg = v < 0;
    ydbv_u128 u = neg ? (ydbv_u128)0 - (ydbv_u128)v : (ydbv_u128)v;
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

/* ---------------------------------------------------------------- results */

bool ydbv_known_prim(uint32_t id)
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
        return ydbv_known_prim(out->id);
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
        mig_date_write(out, i);
        return;
    case MIG_PT_DATETIME: case MIG_PT_DATETIME64:
        mig_datetime_write(out, i, 0);
        return;
    case MIG_PT_TIMESTAMP: case MIG_PT_TIMESTAMP64: {
        int64_t s = ydbv_floor_div(i, YDBV_US_PER_S);
        mig_datetime_write(out, s, i - s * YDBV_US_PER_S);
        return;
    }
    case MIG_PT_INTERVAL: case MIG_PT_INTERVAL64:
        mig_interval_write(out, i);
        return;
    case MIG_PT_STRING: case MIG_PT_YSON: case MIG_PT_UTF8: case MIG_PT_JSON:
    case MIG_PT_JSON_DOCUMENT: case MIG_PT_DYNUMBER:
        if (v->value_case == YDB__VALUE__VALUE_BYTES_VALUE && v->bytes_value.len) /* empty: data may be NULL */
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
        put_decimal(out, (ydbv_i128)((ydbv_u128)v->high_128 << 64 | v->low_128), t->decimal_type ? t->decimal_type->scale : 0);
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
