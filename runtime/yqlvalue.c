/* yqlvalue.c - see yql.h and yql_int.h: names, string literals and typed values in YQL.
 *
 * Values are rendered so that no text from a plugin can end a literal early: a value that
 * is not in the canonical form its type expects is passed to the type's constructor as an
 * escaped string (Int32("x")), which the server then refuses on its own terms.
 */
#include <stdint.h>
#include <string.h>

#include "../common/text.h"
#include "../common/ydbtype.h"
#include "yql.h"
#include "yql_int.h"

/* ---------------------------------------------------------------- names and strings */

void mig_yql_name(mig_buf *out, const char *name)
{
    mig_buf_putc(out, '`');
    for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
        if (*p == '`' || *p == '\\') {
            mig_buf_putc(out, '\\');
            mig_buf_putc(out, (char)*p);
        } else if (*p == '\n') mig_buf_puts(out, "\\n");
        else if (*p == '\r') mig_buf_puts(out, "\\r");
        else if (*p == '\t') mig_buf_puts(out, "\\t");
        else if (*p < 0x20 || *p == 0x7F) mig_buf_printf(out, "\\x%02X", *p);
        else mig_buf_putc(out, (char)*p);
    }
    mig_buf_putc(out, '`');
}

void mig_yql_string(mig_buf *b, const char *s, char q) { mig_text_quote(b, s, q); }

void mig_yql_ctor(mig_buf *b, const char *type, const char *text)
{
    mig_buf_puts(b, type);
    mig_buf_putc(b, '(');
    mig_yql_string(b, text, '"');
    mig_buf_putc(b, ')');
}

/* ---------------------------------------------------------------- values */

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

/* Is s exactly negmax's decimal digits (leading zeros allowed)? Compared as text, so no
 * overflow: a magnitude past the range is no "minimum" and keeps its suffix (the server
 * then refuses the out-of-range literal). */
static bool is_magnitude(const char *s, uint64_t v)
{
    while (*s == '0' && s[1]) s++;
    char want[24];
    int n = 0;
    char tmp[24];
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++) want[i] = tmp[n - 1 - i];
    want[n] = 0;
    return strcmp(s, want) == 0;
}

/* A real number as a YQL real literal: always with a point (2 -> 2.0, 1e3 -> 1.0e3), since
 * YQL reads digits alone as an integer. */
static void real_lit(mig_buf *b, const char *s)
{
    const char *e = strpbrk(s, "eE");
    if (strchr(s, '.')) mig_buf_puts(b, s);
    else if (e) mig_buf_printf(b, "%.*s.0%s", (int)(e - s), s, e);
    else mig_buf_printf(b, "%s.0", s);
}

/* Can text go between @@ and @@ as is? YQL's raw strings end at the first @@ (@@@@ is an
 * escaped @@), so: no @@ inside, no @ at the end, and valid UTF-8. */
static bool raw_ok(const char *s)
{
    size_t n = strlen(s);
    return !strstr(s, "@@") && (n == 0 || s[n - 1] != '@') && mig_utf8_valid(s);
}

void mig_yql_value(mig_buf *out, const mig_p_type *t, mig_p_value v)
{
    if (!v) {
        mig_buf_puts(out, "NULL");
        return;
    }
    const char *tn = mig_ptype_name(t->id);
    const mig_ptype_info *r = mig_ptype_info_of(t->id);
    if (r && r->integer) {
        bool neg = v[0] == '-';
        const char *mag = neg ? v + 1 : v;
        if (!all_digits(mag) || (neg && !r->negmax)) {
            mig_yql_ctor(out, tn, v);
        } else if (neg && is_magnitude(mag, r->negmax)) {
            /* -128t is the unary minus of 128t, which overflows Int8: the smallest value of
             * each signed type needs the constructor */
            mig_yql_ctor(out, tn, v);
        } else {
            mig_buf_puts(out, v);
            mig_buf_puts(out, r->suffix);
        }
        return;
    }
    switch (t->id) {
    case MIG_PT_BOOL:
        if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) mig_buf_puts(out, v);
        else mig_yql_ctor(out, "Bool", v);
        break;
    case MIG_PT_FLOAT:
        if (mig_text_is_real(v)) {
            real_lit(out, v);
            mig_buf_putc(out, 'f');
        } else {
            mig_yql_ctor(out, "Float", v); /* nan, inf: Float("nan") */
        }
        break;
    case MIG_PT_DOUBLE:
        if (mig_text_is_real(v)) real_lit(out, v);
        else mig_yql_ctor(out, "Double", v);
        break;
    case MIG_PT_DECIMAL:
        mig_buf_puts(out, "Decimal(");
        mig_yql_string(out, v, '"');
        mig_buf_printf(out, ", %u, %u)", (unsigned)t->precision, (unsigned)t->scale);
        break;
    case MIG_PT_STRING:
        mig_yql_string(out, v, '"');
        break;
    case MIG_PT_UTF8:
        mig_yql_string(out, v, '\'');
        mig_buf_putc(out, 'u');
        break;
    case MIG_PT_JSON: case MIG_PT_JSON_DOCUMENT: case MIG_PT_YSON:
        /* Json(@@{"a": 1}@@) reads as written; an escaped string where it cannot */
        mig_buf_puts(out, tn);
        mig_buf_putc(out, '(');
        if (raw_ok(v)) {
            mig_buf_puts(out, "@@");
            mig_buf_puts(out, v);
            mig_buf_puts(out, "@@");
        } else {
            mig_yql_string(out, v, '\'');
        }
        mig_buf_putc(out, ')');
        break;
    case MIG_PT_UUID: case MIG_PT_DATE: case MIG_PT_DATETIME: case MIG_PT_TIMESTAMP:
    case MIG_PT_INTERVAL: case MIG_PT_DATE32: case MIG_PT_DATETIME64: case MIG_PT_TIMESTAMP64:
    case MIG_PT_INTERVAL64: case MIG_PT_DYNUMBER:
        mig_yql_ctor(out, tn, v);
        break;
    default:
        /* a type this runtime does not know (mig_yql_step refuses such columns): at least
         * a literal that cannot break the statement */
        mig_yql_string(out, v, '"');
        break;
    }
}
