/* literal.c - see literal.h: which literal a DEFAULT may take for a column type, and
 * the messages when it does not fit. The values themselves are checked by family:
 * literal_num.c, literal_string.c, literal_time.c and literal_duration.c.
 */
#include "literal_int.h"

#include <string.h>
#include <strings.h>

/* How the user wrote a literal, for messages (arena). */
const char *lit_shown(mig_arena *a, const mig_lit *l)
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

const char *lit_tname(const mig_coltype *t, char *buf)
{
    return mig_coltype_str(t, false, buf);
}

/* ---------------------------------------------------------------- the check */

void lit_expect_hint(mig_diags *d, mig_diag *g, const mig_coltype *t)
{
    char tb[32];
    const mig_ptype_info *r = lit_irange_of(t->id);
    if (r) {
        lit_int_range_hint(d, g, r);
        return;
    }
    switch (t->id) {
    case MIG_PT_BOOL: mig_hint(d, g, "A Bool default is true or false."); break;
    case MIG_PT_FLOAT: case MIG_PT_DOUBLE:
        mig_hint(d, g, "%s defaults are numbers, such as 1.5.", mig_type_name(t->id)); break;
    case MIG_PT_DECIMAL:
        mig_hint(d, g, "%s defaults are numbers, such as 1.5.", lit_tname(t, tb)); break;
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

bool lit_mismatch(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                     const mig_coltype *t)
{
    char tb[32];
    mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "default %s does not fit column type \"%s\"",
                             lit_shown(a, l), lit_tname(t, tb));
    lit_expect_hint(d, g, t);
    return false;
}

static mig_type_id ctor_type(const char *name) { return mig_ptype_by_name(name); }

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
        lit_expect_hint(d, g, t);
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
                                     lit_tname(t, tb));
            mig_hint(d, g, "Write %s(\"...\") or the plain value; migc gives it the column's type.",
                     mig_type_name(t->id));
            return false;
        }
        if (t->id == MIG_PT_BOOL || lit_irange_of(t->id) || t->id == MIG_PT_FLOAT || t->id == MIG_PT_DOUBLE) {
            /* Int32("5"): check the text as a number written bare */
            mig_lit tmp = *l;
            const char *s = l->arg;
            tmp.neg = false;
            if (*s == '-') {
                tmp.neg = true;
                s++;
            }
            tmp.text = s;
            tmp.kind = lit_all_digits(s) ? MIG_LIT_INT : MIG_LIT_FLOAT;
            if (t->id == MIG_PT_BOOL) {
                if (strcasecmp(l->arg, "true") == 0 || strcasecmp(l->arg, "false") == 0) {
                    v.text = strcasecmp(l->arg, "true") == 0 ? "true" : "false";
                    ok = true;
                    break;
                }
                return lit_mismatch(a, d, src, l, t);
            }
            if (!lit_is_number(s)) return lit_mismatch(a, d, src, l, t);
            ok = lit_check_number(a, d, src, &tmp, t, &v);
            break;
        }
        ok = lit_check_string_value(a, d, src, l, l->arg_loc, l->arg, t, &v);
        break;
    }
    case MIG_LIT_STRING:
        if (t->id == MIG_PT_BOOL || lit_irange_of(t->id) || t->id == MIG_PT_FLOAT || t->id == MIG_PT_DOUBLE) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                     "default %s is a string, but the column type is \"%s\"",
                                     lit_shown(a, l), lit_tname(t, tb));
            lit_expect_hint(d, g, t);
            return false;
        }
        ok = lit_check_string_value(a, d, src, l, l->loc, l->text, t, &v);
        break;
    case MIG_LIT_BOOL:
        if (t->id != MIG_PT_BOOL) return lit_mismatch(a, d, src, l, t);
        v.text = strcmp(l->text, "true") == 0 ? "true" : "false";
        ok = true;
        break;
    case MIG_LIT_INT: case MIG_LIT_FLOAT: case MIG_LIT_WORD:
        if (t->id == MIG_PT_INTERVAL || t->id == MIG_PT_INTERVAL64) {
            if (l->kind == MIG_LIT_WORD) {
                int64_t us;
                if (!lit_duration_us(a, d, src, l, true,
                                 t->id == MIG_PT_INTERVAL ? INTERVAL_MAX_US : INTERVAL64_MAX_US, &us))
                    return false;
                v.text = lit_iso_us(a, us);
                ok = true;
                break;
            }
        } else if (t->id == MIG_PT_BOOL || t->id == MIG_PT_STRING || t->id == MIG_PT_UTF8 ||
                   t->id == MIG_PT_JSON || t->id == MIG_PT_JSON_DOCUMENT || t->id == MIG_PT_YSON ||
                   t->id == MIG_PT_UUID || t->id == MIG_PT_DATE || t->id == MIG_PT_DATETIME ||
                   t->id == MIG_PT_TIMESTAMP || t->id == MIG_PT_DATE32 ||
                   t->id == MIG_PT_DATETIME64 || t->id == MIG_PT_TIMESTAMP64) {
            return lit_mismatch(a, d, src, l, t);
        }
        ok = lit_check_number(a, d, src, l, t, &v);
        break;
    }
    if (ok && out) *out = v;
    return ok;
}
