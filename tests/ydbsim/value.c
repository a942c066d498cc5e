/* value.c - ydbsim: memory helpers, scalar types, values, literal parsing. */
#include "sim_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) abort();
    return p;
}
void *xcalloc(size_t n, size_t m)
{
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p) abort();
    return p;
}
void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) abort();
    return p;
}
char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }
char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}
char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) abort();
    char *p = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* ---- values ---- */

sim_value sv_null(void)
{
    sim_value v;
    memset(&v, 0, sizeof v);
    v.kind = SIM_V_NULL;
    return v;
}

void sv_free(sim_value *v)
{
    if (!v) return;
    free(v->bytes);
    for (size_t i = 0; i < v->nitems; i++) sv_free(&v->items[i]);
    free(v->items);
    *v = sv_null();
}

sim_value sv_copy(const sim_value *v)
{
    sim_value c = *v;
    if (v->bytes) {
        c.bytes = xmalloc(v->len + 1);
        memcpy(c.bytes, v->bytes, v->len);
        c.bytes[v->len] = 0;
    }
    if (v->nitems) {
        c.items = xcalloc(v->nitems, sizeof *c.items);
        for (size_t i = 0; i < v->nitems; i++) c.items[i] = sv_copy(&v->items[i]);
    } else {
        c.items = NULL;
    }
    return c;
}

sim_i128 sv_i128(const sim_value *v)
{
    unsigned __int128 u = ((unsigned __int128)v->hi << 64) | v->lo;
    return (sim_i128)u;
}
void sv_set_i128(sim_value *v, sim_i128 x)
{
    unsigned __int128 u = (unsigned __int128)x;
    v->kind = SIM_V_I128;
    v->lo = (uint64_t)u;
    v->hi = (uint64_t)(u >> 64);
}

int sv_cmp(const sim_value *a, const sim_value *b)
{
    if (a->kind == SIM_V_NULL || b->kind == SIM_V_NULL)
        return (a->kind != SIM_V_NULL) - (b->kind != SIM_V_NULL);
    if (a->kind != b->kind) {
        /* mixed signedness (should not happen for one column): compare as numbers */
        if (a->kind == SIM_V_I64 && b->kind == SIM_V_U64)
            return a->i64 < 0 ? -1 : ((uint64_t)a->i64 > b->u64) - ((uint64_t)a->i64 < b->u64);
        if (a->kind == SIM_V_U64 && b->kind == SIM_V_I64) return -sv_cmp(b, a);
        return (a->kind > b->kind) - (a->kind < b->kind);
    }
    switch (a->kind) {
    case SIM_V_BOOL: return (a->b > b->b) - (a->b < b->b);
    case SIM_V_I64: return (a->i64 > b->i64) - (a->i64 < b->i64);
    case SIM_V_U64: return (a->u64 > b->u64) - (a->u64 < b->u64);
    case SIM_V_DOUBLE: return (a->d > b->d) - (a->d < b->d);
    case SIM_V_BYTES: {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = n ? memcmp(a->bytes, b->bytes, n) : 0;
        if (c) return c < 0 ? -1 : 1;
        return (a->len > b->len) - (a->len < b->len);
    }
    case SIM_V_I128: {
        sim_i128 x = sv_i128(a), y = sv_i128(b);
        return (x > y) - (x < y);
    }
    default: {
        size_t n = a->nitems < b->nitems ? a->nitems : b->nitems;
        for (size_t i = 0; i < n; i++) {
            int c = sv_cmp(&a->items[i], &b->items[i]);
            if (c) return c;
        }
        return (a->nitems > b->nitems) - (a->nitems < b->nitems);
    }
    }
}
bool sv_eq(const sim_value *a, const sim_value *b) { return sv_cmp(a, b) == 0; }

/* ---- types ---- */

static const struct { const char *name; sim_prim p; } prims[] = {
    {"Bool", SIM_BOOL}, {"Int8", SIM_INT8}, {"Uint8", SIM_UINT8}, {"Int16", SIM_INT16},
    {"Uint16", SIM_UINT16}, {"Int32", SIM_INT32}, {"Uint32", SIM_UINT32}, {"Int64", SIM_INT64},
    {"Uint64", SIM_UINT64}, {"Float", SIM_FLOAT}, {"Double", SIM_DOUBLE}, {"Date", SIM_DATE},
    {"Datetime", SIM_DATETIME}, {"Timestamp", SIM_TIMESTAMP}, {"Interval", SIM_INTERVAL},
    {"Date32", SIM_DATE32}, {"Datetime64", SIM_DATETIME64}, {"Timestamp64", SIM_TIMESTAMP64},
    {"Interval64", SIM_INTERVAL64}, {"String", SIM_STRING}, {"Utf8", SIM_UTF8}, {"Yson", SIM_YSON},
    {"Json", SIM_JSON}, {"Uuid", SIM_UUID}, {"JsonDocument", SIM_JSON_DOCUMENT},
    {"DyNumber", SIM_DYNUMBER},
};
static const struct { const char *name; sim_prim p; } aliases[] = {
    {"tinyint", SIM_INT8}, {"smallint", SIM_INT16}, {"int", SIM_INT32}, {"integer", SIM_INT32},
    {"bigint", SIM_INT64}, {"varchar", SIM_STRING}, {"text", SIM_UTF8}, {"bytes", SIM_STRING},
    {"json_document", SIM_JSON_DOCUMENT},
};

const char *prim_name(sim_prim p)
{
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
        if (prims[i].p == p) return prims[i].name;
    return "Unknown";
}

bool prim_lookup(const char *name, sim_prim *p)
{
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
        if (!strcasecmp(prims[i].name, name)) { *p = prims[i].p; return true; }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (!strcasecmp(aliases[i].name, name)) { *p = aliases[i].p; return true; }
    return false;
}

bool prim_is_signed(sim_prim p)
{
    return p == SIM_INT8 || p == SIM_INT16 || p == SIM_INT32 || p == SIM_INT64;
}
bool prim_is_unsigned(sim_prim p)
{
    return p == SIM_UINT8 || p == SIM_UINT16 || p == SIM_UINT32 || p == SIM_UINT64;
}
bool prim_is_int(sim_prim p) { return prim_is_signed(p) || prim_is_unsigned(p); }
bool prim_is_float(sim_prim p) { return p == SIM_FLOAT || p == SIM_DOUBLE; }
bool prim_is_string(sim_prim p)
{
    return p == SIM_STRING || p == SIM_UTF8 || p == SIM_JSON || p == SIM_JSON_DOCUMENT ||
           p == SIM_YSON || p == SIM_DYNUMBER;
}
bool prim_is_time(sim_prim p)
{
    return p == SIM_DATE || p == SIM_DATETIME || p == SIM_TIMESTAMP || p == SIM_INTERVAL ||
           p == SIM_DATE32 || p == SIM_DATETIME64 || p == SIM_TIMESTAMP64 || p == SIM_INTERVAL64;
}
bool prim_key_allowed(ety t)
{
    if (t.k == ET_DEC) return true;
    if (t.k != ET_PRIM) return false;
    return !(t.prim == SIM_FLOAT || t.prim == SIM_DOUBLE || t.prim == SIM_JSON ||
             t.prim == SIM_JSON_DOCUMENT || t.prim == SIM_YSON);
}

bool int_fits(sim_prim p, bool neg, int64_t i, uint64_t u)
{
    /* neg: the value is i (negative); else it is u (non-negative) */
    switch (p) {
    case SIM_INT8: return neg ? i >= -128 : u <= 127;
    case SIM_INT16: return neg ? i >= -32768 : u <= 32767;
    case SIM_INT32: return neg ? i >= INT32_MIN : u <= INT32_MAX;
    case SIM_INT64: case SIM_INTERVAL: case SIM_INTERVAL64: case SIM_DATE32: case SIM_DATETIME64:
    case SIM_TIMESTAMP64: return neg ? true : u <= INT64_MAX;
    case SIM_UINT8: return !neg && u <= 255;
    case SIM_UINT16: return !neg && u <= 65535;
    case SIM_UINT32: case SIM_DATETIME: return !neg && u <= UINT32_MAX;
    case SIM_DATE: return !neg && u <= 49672; /* 2106-01-01 */
    case SIM_UINT64: case SIM_TIMESTAMP: return !neg;
    default: return false;
    }
}

sim_type *st_new_prim(sim_prim p)
{
    sim_type *t = xcalloc(1, sizeof *t);
    t->kind = SIM_T_PRIMITIVE;
    t->prim = p;
    return t;
}

sim_type *st_from_ety(ety e)
{
    sim_type *t;
    if (e.k == ET_OTHER && e.other) return st_copy(e.other);
    if (e.k == ET_NULL) {
        t = xcalloc(1, sizeof *t);
        t->kind = SIM_T_NULL;
        return t;
    }
    if (e.k == ET_DEC) {
        t = xcalloc(1, sizeof *t);
        t->kind = SIM_T_DECIMAL;
        t->precision = e.prec;
        t->scale = e.scale;
    } else {
        t = st_new_prim(e.prim);
    }
    if (e.opt) {
        sim_type *o = xcalloc(1, sizeof *o);
        o->kind = SIM_T_OPTIONAL;
        o->item = t;
        t = o;
    }
    return t;
}

sim_type *st_copy(const sim_type *t)
{
    if (!t) return NULL;
    sim_type *c = xcalloc(1, sizeof *c);
    *c = *t;
    c->item = st_copy(t->item);
    c->payload = st_copy(t->payload);
    c->members = NULL;
    c->names = NULL;
    if (t->nmembers) {
        c->members = xcalloc(t->nmembers, sizeof *c->members);
        for (size_t i = 0; i < t->nmembers; i++) c->members[i] = st_copy(t->members ? t->members[i] : NULL);
        if (t->names) {
            c->names = xcalloc(t->nmembers, sizeof *c->names);
            for (size_t i = 0; i < t->nmembers; i++)
                c->names[i] = t->names[i] ? xstrdup(t->names[i]) : NULL;
        }
    }
    return c;
}

void st_free(sim_type *t)
{
    if (!t) return;
    st_free(t->item);
    st_free(t->payload);
    for (size_t i = 0; i < t->nmembers; i++) {
        if (t->members) st_free(t->members[i]);
        if (t->names) free(t->names[i]);
    }
    free(t->members);
    free(t->names);
    free(t);
}

bool ety_from_st(const sim_type *t, ety *out)
{
    memset(out, 0, sizeof *out);
    if (!t) { out->k = ET_NULL; return true; }
    if (t->kind == SIM_T_OPTIONAL && t->item &&
        (t->item->kind == SIM_T_PRIMITIVE || t->item->kind == SIM_T_DECIMAL)) {
        bool ok = ety_from_st(t->item, out);
        out->opt = true;
        return ok;
    }
    if (t->kind == SIM_T_PRIMITIVE) { out->k = ET_PRIM; out->prim = t->prim; return true; }
    if (t->kind == SIM_T_DECIMAL) {
        out->k = ET_DEC;
        out->prec = (uint8_t)(t->precision > 35 ? 35 : t->precision);
        out->scale = (uint8_t)(t->scale > 35 ? 35 : t->scale);
        return true;
    }
    if (t->kind == SIM_T_NULL || t->kind == SIM_T_VOID) { out->k = ET_NULL; return true; }
    out->k = ET_OTHER;
    out->other = t;
    return false;
}

char *ety_name(ety t)
{
    char *base;
    if (t.k == ET_NULL) return xstrdup("Null");
    if (t.k == ET_OTHER) base = xstrdup("Container");
    else if (t.k == ET_DEC) base = xasprintf("Decimal(%u,%u)", t.prec, t.scale);
    else base = xstrdup(prim_name(t.prim));
    if (!t.opt) return base;
    char *r = xasprintf("Optional<%s>", base);
    free(base);
    return r;
}

/* ---- literal parsing ---- */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static bool digits(const char **s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*s)[i])) return false;
        v = v * 10 + ((*s)[i] - '0');
    }
    *s += n;
    *out = v;
    return true;
}

static bool parse_ymd(const char **s, int64_t *days)
{
    int y, m, d;
    if (!digits(s, 4, &y) || **s != '-') return false;
    (*s)++;
    if (!digits(s, 2, &m) || **s != '-') return false;
    (*s)++;
    if (!digits(s, 2, &d)) return false;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) return false;
    *days = days_from_civil(y, (unsigned)m, (unsigned)d);
    return true;
}

bool parse_date(const char *s, int64_t *days)
{
    return parse_ymd(&s, days) && *s == 0;
}

bool parse_datetime(const char *s, int64_t *secs, int64_t *usecs)
{
    int64_t days;
    int h, mi, se;
    if (!parse_ymd(&s, &days) || *s != 'T') return false;
    s++;
    if (!digits(&s, 2, &h) || *s != ':') return false;
    s++;
    if (!digits(&s, 2, &mi) || *s != ':') return false;
    s++;
    if (!digits(&s, 2, &se)) return false;
    if (h > 23 || mi > 59 || se > 59) return false;
    int64_t us = 0;
    if (*s == '.') {
        s++;
        int n = 0;
        while (isdigit((unsigned char)*s)) {
            if (n < 6) us = us * 10 + (*s - '0');
            n++;
            s++;
        }
        if (!n) return false;
        for (; n < 6; n++) us *= 10;
    }
    if (*s != 'Z' || s[1]) return false;
    *secs = days * 86400 + h * 3600 + mi * 60 + se;
    *usecs = us;
    return true;
}

bool parse_interval(const char *s, int64_t *usecs)
{
    bool neg = false;
    if (*s == '-') { neg = true; s++; }
    if (*s != 'P') return false;
    s++;
    bool in_time = false, any = false;
    sim_i128 total = 0;
    while (*s) {
        if (*s == 'T') {
            if (in_time) return false;
            in_time = true;
            s++;
            continue;
        }
        if (!isdigit((unsigned char)*s)) return false;
        sim_i128 whole = 0;
        int nd = 0;
        while (isdigit((unsigned char)*s)) {
            whole = whole * 10 + (*s - '0');
            if (++nd > 18) return false;
            s++;
        }
        sim_i128 frac = 0;
        int fd = 0;
        if (*s == '.') {
            s++;
            while (isdigit((unsigned char)*s)) {
                if (fd < 6) { frac = frac * 10 + (*s - '0'); fd++; }
                s++;
            }
            for (; fd < 6; fd++) frac *= 10;
            if (*s != 'S' || !in_time) return false;
        }
        sim_i128 unit;
        switch (*s) {
        case 'W': if (in_time) return false; unit = (sim_i128)7 * 86400 * 1000000; break;
        case 'D': if (in_time) return false; unit = (sim_i128)86400 * 1000000; break;
        case 'H': if (!in_time) return false; unit = (sim_i128)3600 * 1000000; break;
        case 'M': if (!in_time) return false; unit = (sim_i128)60 * 1000000; break;
        case 'S': if (!in_time) return false; unit = 1000000; break;
        default: return false;
        }
        s++;
        total += whole * unit + frac;
        any = true;
        if (total > INT64_MAX) return false;
    }
    if (!any) return false;
    *usecs = (int64_t)(neg ? -total : total);
    return true;
}

static int hexv(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool parse_uuid(const char *s, uint64_t *lo, uint64_t *hi)
{
    unsigned char b[16];
    int n = 0;
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return false;
            continue;
        }
        int h1 = hexv((unsigned char)s[i]);
        if (h1 < 0) return false;
        int h2 = hexv((unsigned char)s[i + 1]);
        if (h2 < 0) return false;
        b[n++] = (unsigned char)(h1 * 16 + h2);
        i++;
    }
    if (s[36]) return false;
    /* RFC 4122 text to "bytes_le": the first three groups reversed */
    unsigned char le[16] = {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]};
    memcpy(le + 8, b + 8, 8);
    uint64_t l = 0, h = 0;
    for (int i = 7; i >= 0; i--) { l = (l << 8) | le[i]; h = (h << 8) | le[8 + i]; }
    *lo = l;
    *hi = h;
    return true;
}

bool parse_decimal(const char *s, unsigned prec, unsigned scale, sim_i128 *out)
{
    bool neg = false;
    if (*s == '-' || *s == '+') { neg = *s == '-'; s++; }
    sim_i128 v = 0;
    unsigned intd = 0, fracd = 0;
    bool any = false;
    while (isdigit((unsigned char)*s)) {
        if (v == 0 && *s == '0') { s++; any = true; continue; }
        v = v * 10 + (*s - '0');
        intd++;
        any = true;
        s++;
        if (intd > 38) return false;
    }
    if (*s == '.') {
        s++;
        while (isdigit((unsigned char)*s)) {
            if (fracd < scale) { v = v * 10 + (*s - '0'); fracd++; }
            else if (*s != '0') return false; /* would lose digits */
            any = true;
            s++;
        }
    }
    if (!any || *s) return false;
    for (; fracd < scale; fracd++) v *= 10;
    if (intd > prec - scale) return false;
    *out = neg ? -v : v;
    return true;
}

bool value_from_text(ety t, const char *s, size_t len, sim_value *out)
{
    *out = sv_null();
    if (memchr(s, 0, len) && !(t.k == ET_PRIM && (t.prim == SIM_STRING || t.prim == SIM_YSON)))
        return false;
    char *z = xstrndup(s, len);
    bool ok = true;
    if (t.k == ET_DEC) {
        sim_i128 x;
        ok = parse_decimal(z, t.prec, t.scale, &x);
        if (ok) sv_set_i128(out, x);
        free(z);
        return ok;
    }
    if (t.k != ET_PRIM) { free(z); return false; }
    int64_t a = 0, b = 0;
    char *end;
    switch (t.prim) {
    case SIM_BOOL:
        if (!strcasecmp(z, "true")) { out->kind = SIM_V_BOOL; out->b = true; }
        else if (!strcasecmp(z, "false")) { out->kind = SIM_V_BOOL; out->b = false; }
        else ok = false;
        break;
    case SIM_INT8: case SIM_INT16: case SIM_INT32: case SIM_INT64: {
        if (!*z || isspace((unsigned char)*z)) { ok = false; break; }
        errno = 0;
        long long v = strtoll(z, &end, 10);
        ok = !errno && !*end && int_fits(t.prim, v < 0, v, (uint64_t)(v < 0 ? 0 : v));
        out->kind = SIM_V_I64;
        out->i64 = v;
        break;
    }
    case SIM_UINT8: case SIM_UINT16: case SIM_UINT32: case SIM_UINT64: {
        if (!isdigit((unsigned char)*z)) { ok = false; break; }
        errno = 0;
        unsigned long long v = strtoull(z, &end, 10);
        ok = !errno && !*end && int_fits(t.prim, false, 0, v);
        out->kind = SIM_V_U64;
        out->u64 = v;
        break;
    }
    case SIM_FLOAT: case SIM_DOUBLE:
        if (!*z || isspace((unsigned char)*z)) { ok = false; break; }
        out->kind = SIM_V_DOUBLE;
        out->d = strtod(z, &end);
        ok = !*end;
        if (t.prim == SIM_FLOAT) out->d = (float)out->d;
        break;
    case SIM_DATE: case SIM_DATE32:
        ok = parse_date(z, &a);
        if (ok && t.prim == SIM_DATE && (a < 0 || a > 49672)) ok = false;
        if (t.prim == SIM_DATE) { out->kind = SIM_V_U64; out->u64 = (uint64_t)a; }
        else { out->kind = SIM_V_I64; out->i64 = a; }
        break;
    case SIM_DATETIME: case SIM_DATETIME64:
        ok = parse_datetime(z, &a, &b) && b == 0;
        if (ok && t.prim == SIM_DATETIME && (a < 0 || a > (int64_t)UINT32_MAX)) ok = false;
        if (t.prim == SIM_DATETIME) { out->kind = SIM_V_U64; out->u64 = (uint64_t)a; }
        else { out->kind = SIM_V_I64; out->i64 = a; }
        break;
    case SIM_TIMESTAMP: case SIM_TIMESTAMP64:
        ok = parse_datetime(z, &a, &b);
        if (ok && t.prim == SIM_TIMESTAMP && a < 0) ok = false;
        if (ok && (a > INT64_MAX / 1000000 - 1 || a < INT64_MIN / 1000000 + 1)) ok = false;
        if (!ok) a = b = 0; /* out of range: the product below would overflow */
        if (t.prim == SIM_TIMESTAMP) { out->kind = SIM_V_U64; out->u64 = (uint64_t)(a * 1000000 + b); }
        else { out->kind = SIM_V_I64; out->i64 = a * 1000000 + b; }
        break;
    case SIM_INTERVAL: case SIM_INTERVAL64:
        ok = parse_interval(z, &a);
        out->kind = SIM_V_I64;
        out->i64 = a;
        break;
    case SIM_UUID:
        ok = parse_uuid(z, &out->lo, &out->hi);
        out->kind = SIM_V_I128;
        break;
    case SIM_UTF8: case SIM_JSON: case SIM_JSON_DOCUMENT: case SIM_DYNUMBER:
    case SIM_STRING: case SIM_YSON:
        out->kind = SIM_V_BYTES;
        out->bytes = z;
        out->len = len;
        return true;
    default:
        ok = false;
    }
    free(z);
    if (!ok) *out = sv_null();
    return ok;
}
