/* state.c - ydbsim: --state FILE, the catalog and rows saved as text.
 *
 * Format, version 1 (one record a line, fields separated by one space; every string is
 * written as "h" followed by its bytes in hex, or "-" for none):
 *   ydbsim-state 1
 *   dir <path>
 *   table <path>
 *   col <name> <kind 1=prim 2=decimal> <prim|prec> <scale> <not_null 0|1> <family> <has_def 0|1> <value>
 *   pk <column index>...
 *   index <name> <unique> <async> <ncols> <col>... <ncover> <col>...
 *   family <name> <data> <compression>
 *   set <KEY> <value>
 *   feed <name> <mode> <format>
 *   ttl <column> <seconds> <unit>
 *   row <value>...            (one value per column)
 *   end                       (closes the table)
 * Values: N (null), B0/B1, I<int64>, U<uint64>, D<IEEE-754 bits in hex>, S<hex bytes or "">,
 * X<lo hex>:<hi hex> (Decimal, Uuid). The database name is not stored: load takes it. */
#include "engine_int.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_str(FILE *f, const char *s, size_t n)
{
    if (!s) { fputs(" -", f); return; }
    fputs(" h", f);
    for (size_t i = 0; i < n; i++) fprintf(f, "%02x", (unsigned char)s[i]);
}
static void put_s(FILE *f, const char *s) { put_str(f, s, s ? strlen(s) : 0); }

static void put_val(FILE *f, const sim_value *v)
{
    switch (v->kind) {
    case SIM_V_BOOL: fprintf(f, " B%d", v->b ? 1 : 0); break;
    case SIM_V_I64: fprintf(f, " I%" PRId64, v->i64); break;
    case SIM_V_U64: fprintf(f, " U%" PRIu64, v->u64); break;
    case SIM_V_DOUBLE: {
        uint64_t bits;
        memcpy(&bits, &v->d, sizeof bits);
        fprintf(f, " D%" PRIx64, bits);
        break;
    }
    case SIM_V_BYTES:
        fputs(" S", f);
        for (size_t i = 0; i < v->len; i++) fprintf(f, "%02x", (unsigned char)v->bytes[i]);
        break;
    case SIM_V_I128: fprintf(f, " X%" PRIx64 ":%" PRIx64, v->lo, v->hi); break;
    default: fputs(" N", f); break;
    }
}

int sim_engine_save(const sim_engine *e, const char *path)
{
    char *tmp = xasprintf("%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) { free(tmp); return -1; }
    fputs("ydbsim-state 1\n", f);
    for (size_t i = 0; i < e->ndirs; i++) { fputs("dir", f); put_s(f, e->dirs[i]); fputc('\n', f); }
    for (size_t ti = 0; ti < e->ntabs; ti++) {
        const stable *t = e->tabs[ti];
        fputs("table", f); put_s(f, t->path); fputc('\n', f);
        for (size_t i = 0; i < t->ncols; i++) {
            const scol *c = &t->cols[i];
            fputs("col", f);
            put_s(f, c->name);
            if (c->t.k == ET_DEC) fprintf(f, " 2 %u %u", c->t.prec, c->t.scale);
            else fprintf(f, " 1 %u 0", (unsigned)c->t.prim);
            fprintf(f, " %d", c->not_null);
            put_s(f, c->family);
            fprintf(f, " %d", c->has_def);
            put_val(f, &c->def);
            fputc('\n', f);
        }
        fputs("pk", f);
        for (size_t i = 0; i < t->npk; i++) fprintf(f, " %zu", t->pk[i]);
        fputc('\n', f);
        for (size_t i = 0; i < t->nidx; i++) {
            const sindex *x = &t->idx[i];
            fputs("index", f);
            put_s(f, x->name);
            fprintf(f, " %d %d %zu", x->unique, x->async, x->ncols);
            for (size_t k = 0; k < x->ncols; k++) put_s(f, x->cols[k]);
            fprintf(f, " %zu", x->ncover);
            for (size_t k = 0; k < x->ncover; k++) put_s(f, x->cover[k]);
            fputc('\n', f);
        }
        for (size_t i = 0; i < t->nfams; i++) {
            fputs("family", f); put_s(f, t->fams[i].name); put_s(f, t->fams[i].data); put_s(f, t->fams[i].compression); fputc('\n', f);
        }
        for (size_t i = 0; i < t->nset; i++) { fputs("set", f); put_s(f, t->set[i].key); put_s(f, t->set[i].value); fputc('\n', f); }
        for (size_t i = 0; i < t->nfeeds; i++) {
            fputs("feed", f); put_s(f, t->feeds[i].name); put_s(f, t->feeds[i].mode); put_s(f, t->feeds[i].format); fputc('\n', f);
        }
        if (t->has_ttl) { fputs("ttl", f); put_s(f, t->ttl_col); fprintf(f, " %" PRIu64 " %d\n", t->ttl_secs, t->ttl_unit); }
        for (size_t r = 0; r < t->rs->n; r++) {
            fputs("row", f);
            for (size_t i = 0; i < t->rs->rows[r]->n; i++) put_val(f, &t->rs->rows[r]->v[i]);
            fputc('\n', f);
        }
        fputs("end\n", f);
    }
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0) bad = true;
    if (bad || rename(tmp, path) != 0) {
        int er = errno;
        remove(tmp);
        free(tmp);
        errno = er ? er : EIO;
        return -1;
    }
    free(tmp);
    return 0;
}

/* ---- loading ---- */

typedef struct rd { char *line; char *p; } rd;

static char *field(rd *r)
{
    while (*r->p == ' ') r->p++;
    if (!*r->p) return NULL;
    char *s = r->p;
    while (*r->p && *r->p != ' ') r->p++;
    if (*r->p) *r->p++ = 0;
    return s;
}

static int hexd(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool unhex(const char *s, char **out, size_t *len)
{
    size_t n = strlen(s);
    if (n % 2) return false;
    char *b = xmalloc(n / 2 + 1);
    for (size_t i = 0; i < n / 2; i++) {
        int a = hexd((unsigned char)s[2 * i]), c = hexd((unsigned char)s[2 * i + 1]);
        if (a < 0 || c < 0) { free(b); return false; }
        b[i] = (char)(a * 16 + c);
    }
    b[n / 2] = 0;
    *out = b;
    if (len) *len = n / 2;
    return true;
}

/* a string field: "-" gives NULL (ok), "h..." the bytes; false on garbage */
static bool get_s(rd *r, char **out)
{
    char *f = field(r);
    *out = NULL;
    if (!f) return false;
    if (!strcmp(f, "-")) return true;
    if (f[0] != 'h') return false;
    char *s;
    size_t n;
    if (!unhex(f + 1, &s, &n)) return false;
    if (memchr(s, 0, n)) { free(s); return false; }
    *out = s;
    return true;
}

static bool get_u(rd *r, uint64_t *v)
{
    char *f = field(r), *end;
    if (!f) return false;
    errno = 0;
    *v = strtoull(f, &end, 10);
    return !errno && !*end && f[0] != '-';
}

static bool get_val(rd *r, sim_value *v)
{
    char *f = field(r), *end;
    *v = sv_null();
    if (!f) return false;
    errno = 0;
    switch (f[0]) {
    case 'N': return !f[1];
    case 'B': v->kind = SIM_V_BOOL; v->b = f[1] == '1'; return (f[1] == '0' || f[1] == '1') && !f[2];
    case 'I': v->kind = SIM_V_I64; v->i64 = strtoll(f + 1, &end, 10); return !errno && !*end && f[1];
    case 'U': v->kind = SIM_V_U64; v->u64 = strtoull(f + 1, &end, 10); return !errno && !*end && f[1];
    case 'D': {
        uint64_t bits = strtoull(f + 1, &end, 16);
        if (errno || *end || !f[1]) return false;
        v->kind = SIM_V_DOUBLE;
        memcpy(&v->d, &bits, sizeof bits);
        return true;
    }
    case 'S': {
        char *b;
        size_t n;
        if (!unhex(f + 1, &b, &n)) return false;
        v->kind = SIM_V_BYTES;
        v->bytes = b;
        v->len = n;
        return true;
    }
    case 'X': {
        char *colon = strchr(f, ':');
        if (!colon) return false;
        *colon = 0;
        v->kind = SIM_V_I128;
        v->lo = strtoull(f + 1, &end, 16);
        if (errno || *end) return false;
        v->hi = strtoull(colon + 1, &end, 16);
        return !errno && !*end;
    }
    default: return false;
    }
}

static bool valid_prim(unsigned p)
{
    sim_prim all[] = {SIM_BOOL, SIM_INT8, SIM_UINT8, SIM_INT16, SIM_UINT16, SIM_INT32, SIM_UINT32, SIM_INT64,
                      SIM_UINT64, SIM_FLOAT, SIM_DOUBLE, SIM_DATE, SIM_DATETIME, SIM_TIMESTAMP, SIM_INTERVAL,
                      SIM_DATE32, SIM_DATETIME64, SIM_TIMESTAMP64, SIM_INTERVAL64, SIM_STRING, SIM_UTF8,
                      SIM_YSON, SIM_JSON, SIM_UUID, SIM_JSON_DOCUMENT, SIM_DYNUMBER};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i] == p) return true;
    return false;
}

sim_engine *sim_engine_load(const char *path, const char *database)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    sim_engine *e = sim_engine_new(database);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool ok = true, header = false;
    stable *t = NULL;
    while (ok && (n = getline(&line, &cap, f)) >= 0) {
        if (n && line[n - 1] == '\n') line[n - 1] = 0;
        rd r = {line, line};
        char *kw = field(&r);
        if (!kw) continue;
        if (!header) {
            char *ver = field(&r);
            ok = !strcmp(kw, "ydbsim-state") && ver && !strcmp(ver, "1");
            header = true;
            continue;
        }
        char *s1 = NULL, *s2 = NULL, *s3 = NULL;
        uint64_t a, b, c2;
        if (!strcmp(kw, "dir")) {
            ok = !t && get_s(&r, &s1) && s1 && s1[0] == '/';
            if (ok) { e->dirs = xrealloc(e->dirs, sizeof *e->dirs * (e->ndirs + 1)); e->dirs[e->ndirs++] = s1; s1 = NULL; }
        } else if (!strcmp(kw, "table")) {
            ok = !t && get_s(&r, &s1) && s1 && s1[0] == '/' && !eng_find_table(e, s1);
            if (ok) {
                t = xcalloc(1, sizeof *t);
                t->id = e->next_table_id++;
                t->path = s1;
                s1 = NULL;
                t->rs = rs_new();
                t->version = t->schema_version = 1;
            }
        } else if (!t) {
            ok = false;
        } else if (!strcmp(kw, "col")) {
            scol col;
            memset(&col, 0, sizeof col);
            uint64_t nn, hd;
            ok = get_s(&r, &s1) && s1 && get_u(&r, &a) && get_u(&r, &b) && get_u(&r, &c2) && get_u(&r, &nn) &&
                 get_s(&r, &s2) && get_u(&r, &hd) && get_val(&r, &col.def) && !t->rs->n;
            if (ok && a == 1) { ok = valid_prim((unsigned)b); col.t.k = ET_PRIM; col.t.prim = (sim_prim)b; }
            else if (ok && a == 2) { ok = b >= 1 && b <= 35 && c2 <= b; col.t.k = ET_DEC; col.t.prec = (uint8_t)b; col.t.scale = (uint8_t)c2; }
            else ok = false;
            if (ok) {
                col.name = s1; s1 = NULL;
                col.family = s2; s2 = NULL;
                col.not_null = nn != 0;
                col.has_def = hd != 0;
                col.def_t = col.t;
                t->cols = xrealloc(t->cols, sizeof *t->cols * (t->ncols + 1));
                t->cols[t->ncols++] = col;
            } else {
                sv_free(&col.def);
            }
        } else if (!strcmp(kw, "pk")) {
            free(t->pk);
            t->pk = xcalloc(t->ncols ? t->ncols : 1, sizeof *t->pk);
            t->npk = 0;
            char *fld;
            while (ok && (fld = field(&r))) {
                char *end;
                unsigned long v = strtoul(fld, &end, 10);
                ok = !*end && v < t->ncols && t->npk < t->ncols;
                if (ok) t->pk[t->npk++] = v;
            }
        } else if (!strcmp(kw, "index")) {
            sindex x;
            memset(&x, 0, sizeof x);
            uint64_t un, as, nc;
            ok = get_s(&r, &s1) && s1 && get_u(&r, &un) && get_u(&r, &as) && get_u(&r, &nc) && nc <= 64;
            if (ok) {
                x.name = s1; s1 = NULL;
                x.unique = un; x.async = as;
                x.cols = xcalloc(nc ? nc : 1, sizeof *x.cols);
                for (; ok && x.ncols < nc; x.ncols++) ok = get_s(&r, &x.cols[x.ncols]) && x.cols[x.ncols];
                uint64_t nv = 0;
                ok = ok && get_u(&r, &nv) && nv <= 256;
                x.cover = xcalloc(nv ? nv : 1, sizeof *x.cover);
                for (; ok && x.ncover < nv; x.ncover++) ok = get_s(&r, &x.cover[x.ncover]) && x.cover[x.ncover];
                t->idx = xrealloc(t->idx, sizeof *t->idx * (t->nidx + 1));
                t->idx[t->nidx++] = x; /* freed with the table on failure */
            }
        } else if (!strcmp(kw, "family")) {
            ok = get_s(&r, &s1) && s1 && get_s(&r, &s2) && get_s(&r, &s3);
            if (ok) {
                t->fams = xrealloc(t->fams, sizeof *t->fams * (t->nfams + 1));
                t->fams[t->nfams++] = (sfamily){s1, s2, s3};
                s1 = s2 = s3 = NULL;
            }
        } else if (!strcmp(kw, "set")) {
            ok = get_s(&r, &s1) && s1 && get_s(&r, &s2) && s2;
            if (ok) {
                t->set = xrealloc(t->set, sizeof *t->set * (t->nset + 1));
                t->set[t->nset++] = (ssetting){s1, s2};
                s1 = s2 = NULL;
            }
        } else if (!strcmp(kw, "feed")) {
            ok = get_s(&r, &s1) && s1 && get_s(&r, &s2) && s2 && get_s(&r, &s3) && s3;
            if (ok) {
                t->feeds = xrealloc(t->feeds, sizeof *t->feeds * (t->nfeeds + 1));
                t->feeds[t->nfeeds++] = (sfeed){s1, s2, s3};
                s1 = s2 = s3 = NULL;
            }
        } else if (!strcmp(kw, "ttl")) {
            ok = get_s(&r, &s1) && s1 && get_u(&r, &a) && get_u(&r, &b) && b <= 4;
            if (ok) { free(t->ttl_col); t->has_ttl = true; t->ttl_col = s1; s1 = NULL; t->ttl_secs = a; t->ttl_unit = (int)b; }
        } else if (!strcmp(kw, "row")) {
            ok = t->npk > 0;
            srow *row = row_new(t->ncols);
            for (size_t i = 0; ok && i < t->ncols; i++) ok = get_val(&r, &row->v[i]);
            if (ok) ok = field(&r) == NULL && rs_find(t, t->rs, row) < 0;
            if (ok) rs_put(t, t->rs, row);
            else row_unref(row);
        } else if (!strcmp(kw, "end")) {
            ok = t->npk > 0;
            if (ok) {
                e->tabs = xrealloc(e->tabs, sizeof *e->tabs * (e->ntabs + 1));
                e->tabs[e->ntabs++] = t;
                t = NULL;
            }
        } else {
            ok = false;
        }
        free(s1);
        free(s2);
        free(s3);
    }
    free(line);
    fclose(f);
    if (t) { table_free(t); ok = false; }
    if (!ok || !header) {
        sim_engine_free(e);
        return NULL;
    }
    return e;
}
