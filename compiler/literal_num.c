/* literal_num.c - numbers: integers against their type's range, Float and Double,
 * Decimal(p,s) and DyNumber (normalised), and the C-like suffixes YQL takes (1ul, 1.5f).
 */
#include "literal_int.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- digits */

bool lit_all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return false;
    return true;
}

/* Decimal digits to an unsigned value; false on overflow past `max`. */
bool lit_digits_u64(const char *s, size_t n, uint64_t max, uint64_t *out)
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

/* ---------------------------------------------------------------- integers */

/* The integer types' ranges and suffixes: ../common/ydbtype.c's table. */
const mig_ptype_info *lit_irange_of(mig_type_id id)
{
    const mig_ptype_info *t = mig_ptype_info_of(id);
    return t && t->integer ? t : NULL;
}

void lit_int_range_hint(mig_diags *d, mig_diag *g, const mig_ptype_info *r)
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
    bool fits = lit_digits_u64(p, strlen(p), UINT64_MAX, &v) &&
                (neg && !zero ? r->is_signed && v <= r->negmax : v <= r->max);
    if (!fits) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "value %s%s is out of range for %s",
                                 neg && !zero ? "-" : "", p, mig_type_name(r->id));
        lit_int_range_hint(d, g, r);
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
bool lit_is_number(const char *s)
{
    if (!isdigit((unsigned char)*s)) return false;
    while (isdigit((unsigned char)*s)) s++;
    s = lit_skip_fraction_exponent(s);
    return s && *s == 0;
}

const char *lit_skip_fraction_exponent(const char *s)
{
    if (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s)) return NULL;
        while (isdigit((unsigned char)*s)) s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        if (!isdigit((unsigned char)*s)) return NULL;
        while (isdigit((unsigned char)*s)) s++;
    }
    return s;
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
    if (lit_is_number(l->text)) {
        *num = l->text;
        *suffix = "";
        return true;
    }
    split_suffix(a, l->text, num, suffix);
    return lit_is_number(*num);
}

/* Decimal normalisation: [-]digits[.digits][e±n] into plain "123.45" with at most `scale`
 * fraction digits and `prec - scale` integer digits. why gets a reason on failure. */
bool lit_decimal_norm(mig_arena *a, const char *s, bool neg, int prec, int scale, char **out,
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
        if (!lit_all_digits(p) || strlen(p) > 4) { *why = "not a number"; return false; }
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

/* ---------------------------------------------------------------- the check */

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

bool lit_check_number(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                         const mig_coltype *t, mig_value *out)
{
    char tb[32];
    const char *num, *suf;
    if (!number_parts(a, l, &num, &suf)) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "unrecognized number \"%s\"",
                                 lit_shown(a, l));
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
                               lit_shown(a, l), st, lit_tname(t, tb));
            else
                g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "unrecognized number \"%s\"",
                               lit_shown(a, l));
            mig_hint(d, g, "Write the plain number (%s%s); migc gives it the column's type.",
                     l->neg ? "-" : "", num);
            return false;
        }
    }
    bool integral = lit_all_digits(num);
    const mig_ptype_info *r = lit_irange_of(t->id);
    if (r) {
        if (!integral) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                     "default %s is not a whole number, but the column type is \"%s\"",
                                     lit_shown(a, l), lit_tname(t, tb));
            lit_int_range_hint(d, g, r);
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
                                     lit_shown(a, l), mig_type_name(t->id));
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
        if (!lit_decimal_norm(a, num, l->neg, t->precision, t->scale, &canon, &why)) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "value %s does not fit %s",
                                     lit_shown(a, l), lit_tname(t, tb));
            mig_detail(d, g, "%c%s.", toupper((unsigned char)why[0]), why + 1);
            lit_expect_hint(d, g, t);
            return false;
        }
        out->text = canon;
        return true;
    case MIG_PT_DYNUMBER:
        if (!lit_decimal_norm(a, num, l->neg, 99, 49, &canon, &why)) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "value %s does not fit DyNumber",
                                     lit_shown(a, l));
            mig_detail(d, g, "%c%s.", toupper((unsigned char)why[0]), why + 1);
            return false;
        }
        out->text = canon;
        return true;
    case MIG_PT_INTERVAL: case MIG_PT_INTERVAL64:
        if (l->kind == MIG_LIT_WORD) break; /* a duration word */
        {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                     "default %s for an %s column has no unit", lit_shown(a, l),
                                     mig_type_name(t->id));
            lit_expect_hint(d, g, t);
            return false;
        }
    default:
        break;
    }
    return lit_mismatch(a, d, src, l, t);
}
