/* literal_string.c - a value written as a string (a quoted literal, or a typed
 * constructor's argument): bytes, UTF-8 text, JSON, Uuid, and the string forms of dates,
 * intervals and decimals, which it hands to their families.
 */
#include "literal_int.h"

#include <ctype.h>
#include <string.h>

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
    s = lit_skip_fraction_exponent(s);
    if (!s) return false;
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

/* ---------------------------------------------------------------- the check */

/* Check a string value (a quoted literal or a constructor's argument) for type t. */
bool lit_check_string_value(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
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
        if (!lit_check_datetime(a, s, t->id, &canon, &why)) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "\"%s\" is not a valid %s", s,
                                     mig_type_name(t->id));
            mig_detail(d, g, "%c%s.", toupper((unsigned char)why[0]), why + 1);
            lit_expect_hint(d, g, t);
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
        if (!lit_duration_us(a, d, src, &tmp, true,
                         t->id == MIG_PT_INTERVAL ? INTERVAL_MAX_US : INTERVAL64_MAX_US, &us))
            return false;
        out->text = lit_iso_us(a, us);
        return true;
    }
    case MIG_PT_DECIMAL: case MIG_PT_DYNUMBER: {
        if (t->id == MIG_PT_DECIMAL ? lit_decimal_norm(a, s, false, t->precision, t->scale, &canon, &why)
                                   : lit_decimal_norm(a, s, false, 99, 49, &canon, &why)) {
            out->text = canon;
            return true;
        }
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "\"%s\" does not fit %s", s, lit_tname(t, tb));
        mig_detail(d, g, "%c%s.", toupper((unsigned char)why[0]), why + 1);
        lit_expect_hint(d, g, t);
        return false;
    }
    default:
        return lit_mismatch(a, d, src, l, t);
    }
}
