/* yqlcheck.c - see yql_int.h: a step's plugin data checked before any YQL is written from
 * it, so that nothing malformed (from a damaged plugin, or a newer migc) reaches a statement.
 */
#include <stdint.h>
#include <string.h>

#include "../common/ydbtype.h"
#include "yql_int.h"

/* A setting name is a word; its value is canonical text of its kind (plugin.h). */
static bool is_word(const char *s)
{
    if (!s || !*s) return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

/* A tuple of integers and "strings" (escaped as common/text.c writes them): nothing in it
 * can end the statement. */
static bool tuple_ok(const char *s)
{
    int depth = 0;
    if (*s != '(') return false;
    for (; *s; s++) {
        if (*s == '"') {
            for (s++; *s && *s != '"'; s++)
                if (*s == '\\' && !*++s) return false;
            if (!*s) return false;
        } else if (*s == '(') depth++;
        else if (*s == ')') {
            if (--depth < 0) return false;
        } else if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == ',' || *s == ' ')) return false;
    }
    return depth == 0;
}

const char *mig_yql_check_kv(const mig_p_kv *kv, uint32_t n)
{
    if (n && !kv) return "the step's settings are missing";
    for (uint32_t i = 0; i < n; i++) {
        const char *v = kv[i].value;
        if (!is_word(kv[i].key)) return "a setting name is not a word";
        if (!v || !*v) return "a setting has no value";
        bool ok = false;
        switch (kv[i].kind) {
        case MIG_V_WORD: ok = is_word(v); break;
        case MIG_V_INT: ok = v[strspn(v, "0123456789")] == '\0'; break;
        case MIG_V_STRING: case MIG_V_INTERVAL: ok = true; break; /* written escaped */
        case MIG_V_BOOL: ok = strcmp(v, "true") == 0 || strcmp(v, "false") == 0; break;
        case MIG_V_TUPLE: ok = tuple_ok(v); break;
        default: return "a setting's value has a kind this migrun does not know (from a newer migc?)";
        }
        if (!ok) return "a setting's value is not of its kind";
    }
    return NULL;
}

const char *mig_yql_check_names(const char *const *names, uint32_t n)
{
    if (n && !names) return "a list of names is missing";
    for (uint32_t i = 0; i < n; i++)
        if (!names[i] || !*names[i]) return "a name is missing";
    return NULL;
}

const char *mig_yql_check_column(const mig_p_column *c)
{
    if (!c->name || !*c->name) return "a column has no name";
    if (!mig_ptype_known(&c->type)) return "a column has a type this migrun does not know (from a newer migc?)";
    return NULL;
}

const char *mig_yql_check_index(const mig_p_index *ix)
{
    if (!ix || !ix->name || !*ix->name) return "an index has no name";
    if (!ix->ncolumns) return "an index has no columns";
    const char *e = mig_yql_check_names(ix->columns, ix->ncolumns);
    return e ? e : mig_yql_check_names(ix->cover, ix->ncover);
}

static bool ttl_unit_ok(const char *u)
{
    return !u || strcmp(u, "SECONDS") == 0 || strcmp(u, "MILLISECONDS") == 0 ||
           strcmp(u, "MICROSECONDS") == 0 || strcmp(u, "NANOSECONDS") == 0;
}

const char *mig_yql_check_ttl(const mig_p_ttl *ttl)
{
    if (!ttl->column || !*ttl->column) return "a TTL has no column";
    if (ttl->after_seconds < 0) return "a TTL has a negative duration";
    if (!ttl_unit_ok(ttl->unit)) return "a TTL has an unknown unit";
    return NULL;
}

const char *mig_yql_check_table(const mig_p_table *t)
{
    if (!t) return "create_table carries no table definition";
    if (!t->ncolumns || !t->columns) return "a table has no columns";
    if (!t->nkey) return "a table has no primary key";
    const char *e;
    for (uint32_t i = 0; i < t->ncolumns; i++)
        if ((e = mig_yql_check_column(&t->columns[i]))) return e;
    if ((e = mig_yql_check_names(t->key, t->nkey))) return e;
    if (t->nindexes && !t->indexes) return "a table's indexes are missing";
    for (uint32_t i = 0; i < t->nindexes; i++)
        if ((e = mig_yql_check_index(&t->indexes[i]))) return e;
    if (t->nfamilies && !t->families) return "a table's families are missing";
    for (uint32_t i = 0; i < t->nfamilies; i++)
        if (!t->families[i].name || !*t->families[i].name) return "a column family has no name";
    if (t->ttl.column && (e = mig_yql_check_ttl(&t->ttl))) return e;
    return mig_yql_check_kv(t->settings, t->nsettings);
}
