/* types.c - see types.h. */
#include "types.h"
#include "../common/suggest.h"
#include "../common/migtext.h"
#include "../common/ydbtype.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* YDB's documented aliases (§4.2). */
static const struct {
    const char *alias;
    mig_type_id id;
    bool is_bytes_warning; /* varchar: String, not text */
} aliases[] = {
    {"tinyint", MIG_PT_INT8, false},  {"smallint", MIG_PT_INT16, false},
    {"int", MIG_PT_INT32, false},     {"integer", MIG_PT_INT32, false},
    {"bigint", MIG_PT_INT64, false},  {"text", MIG_PT_UTF8, false},
    {"bytes", MIG_PT_STRING, false},  {"varchar", MIG_PT_STRING, true},
    {"json_document", MIG_PT_JSON_DOCUMENT, false},
};

static const struct {
    const char *name;
    mig_type_id id;
    unsigned char width;
} serials[] = {
    {"smallserial", MIG_PT_INT16, 2}, {"serial2", MIG_PT_INT16, 2},
    {"serial", MIG_PT_INT32, 4},      {"serial4", MIG_PT_INT32, 4},
    {"bigserial", MIG_PT_INT64, 8},   {"serial8", MIG_PT_INT64, 8},
};

/* Names people write that YDB does not have, with what YDB wants instead. */
static const struct {
    const char *name;
    const char *instead;
} not_aliases[] = {
    {"boolean", "Bool"},     {"bool8", "Bool"},        {"real", "Float"},
    {"float4", "Float"},     {"float8", "Double"},     {"numeric", "Decimal(22,9)"},
    {"timestamptz", "Timestamp"}, {"char", "Utf8"},    {"nchar", "Utf8"},
    {"nvarchar", "Utf8"},    {"blob", "String"},       {"bytea", "String"},
    {"binary", "String"},    {"varbinary", "String"},  {"jsonb", "JsonDocument"},
    {"uuid4", "Uuid"},       {"time", "Interval or Timestamp"},
};

static const char *const containers[] = {
    "list", "optional", "struct", "tuple", "dict", "set", "variant", "enum", "tagged",
    "stream", "flow", "resource", "callable", NULL,
};

static const char *const tz_types[] = {
    "tzdate", "tzdatetime", "tztimestamp", "tzdate32", "tzdatetime64", "tztimestamp64", NULL,
};

static const char *const non_storage[] = {
    "void", "null", "unit", "xml", "yaml", "emptylist", "emptydict", "generic", NULL,
};

static const struct {
    const char *pg;
    const char *ydb;
} pg_map[] = {
    {"pgint2", "Int16"},   {"pgint4", "Int32"},     {"pgint8", "Int64"},
    {"pgbool", "Bool"},    {"pgfloat4", "Float"},   {"pgfloat8", "Double"},
    {"pgtext", "Utf8"},    {"pgvarchar", "Utf8"},   {"pgbytea", "String"},
    {"pgjson", "Json"},    {"pgjsonb", "JsonDocument"}, {"pguuid", "Uuid"},
    {"pgdate", "Date"},    {"pgtimestamp", "Timestamp"}, {"pgnumeric", "Decimal(22,9)"},
    {"pginterval", "Interval"},
};

const char *mig_type_name(mig_type_id id)
{
    const char *n = mig_ptype_name(id);
    return n ? n : "?";
}

const char *mig_coltype_str(const mig_coltype *t, bool as_written, char *buf)
{
    if (!mig_ptype_name(t->id)) return strcpy(buf, "?");
    mig_p_type p = {t->id, t->precision, t->scale, as_written ? t->serial : 0, 0};
    mig_buf b = MIG_BUF_INIT;
    mig_text_type(&b, &p); /* the Serial spelling, or YQL's */
    snprintf(buf, 32, "%s", mig_buf_str(&b));
    mig_buf_free(&b);
    return buf;
}

static bool in_list(const char *lower, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(lower, list[i]) == 0) return true;
    return false;
}

/* The type as the user wrote it, for messages: "decimal(10,2)", "List<...>". */
static const char *as_written(char *buf, size_t n, const mig_type *t)
{
    if (t->has_params)
        snprintf(buf, n, "%s<...>", t->name);
    else if (t->nargs == 0)
        snprintf(buf, n, "%s()", t->name);
    else if (t->nargs == 1)
        snprintf(buf, n, "%s(%lld)", t->name, t->args[0]);
    else if (t->nargs == 2)
        snprintf(buf, n, "%s(%lld,%lld)", t->name, t->args[0], t->args[1]);
    else
        snprintf(buf, n, "%s", t->name);
    return buf;
}

static bool is_date64(mig_type_id id)
{
    return id == MIG_PT_DATE32 || id == MIG_PT_DATETIME64 || id == MIG_PT_TIMESTAMP64 ||
           id == MIG_PT_INTERVAL64;
}

static const char *const *suggest_pool(void)
{
    static const char *const pool[] = {
        "Bool", "Int8", "Int16", "Int32", "Int64", "Uint8", "Uint16", "Uint32", "Uint64",
        "Float", "Double", "Decimal", "DyNumber", "String", "Utf8", "Json", "JsonDocument",
        "Yson", "Uuid", "Date", "Datetime", "Timestamp", "Interval", "Date32", "Datetime64",
        "Timestamp64", "Interval64", "SmallSerial", "Serial", "BigSerial", "Serial2",
        "Serial4", "Serial8", "tinyint", "smallint", "int", "integer", "bigint", "text",
        "bytes", NULL,
    };
    return pool;
}

static bool is_optional_wrapper(const mig_type *t)
{
    return t->has_params && t->nparams == 1 && strcasecmp(t->name, "optional") == 0;
}

const mig_type *mig_type_base(const mig_type *t)
{
    while (is_optional_wrapper(t)) t = t->params[0];
    return t;
}

unsigned mig_type_nullable(const mig_type *t)
{
    unsigned n = t->optional;
    while (is_optional_wrapper(t)) {
        t = t->params[0];
        n += 1 + t->optional;
    }
    return n;
}

bool mig_type_resolve(mig_diags *d, const mig_source *src, const mig_type *t, mig_ydbver target,
                      bool allow_serial, mig_coltype *out)
{
    mig_coltype r = {0};
    char wb[160];
    char lower[64];
    size_t n = strlen(t->name);
    if (n >= sizeof lower) n = sizeof lower - 1;
    for (size_t i = 0; i < n; i++) {
        char c = t->name[i];
        lower[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    lower[n] = 0;
    if (out) *out = r;

    /* Optional<T> and T? are YDB's spellings of a nullable column of type T (one level). */
    if (mig_type_nullable(t)) {
        const mig_type *base = mig_type_base(t);
        if (mig_type_nullable(t) > 1) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->loc,
                                     "an Optional of an Optional cannot be a table column");
            mig_hint(d, g, "Write \"%s?\" (or \"Optional<%s>\"): a column is nullable or not.",
                     base->name, base->name);
            return false;
        }
        if (base != t) {
            mig_type plain = *base;
            plain.optional = 0;
            return mig_type_resolve(d, src, &plain, target, allow_serial, out);
        }
    }

    /* Containers, written with <...> or by a container's name. */
    if (t->has_params || in_list(lower, containers)) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->loc,
                                 "container type \"%s\" cannot be a table column",
                                 as_written(wb, sizeof wb, t));
        mig_hint(d, g,
                     "YDB table columns hold primitive types only; store the value as Json or "
                     "JsonDocument, or in a separate table.");
        return false;
    }

    mig_type_id id = MIG_TYPE_NONE;
    bool varchar_warn = false;
    id = mig_ptype_by_name(t->name);
    for (size_t i = 0; !id && i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(lower, aliases[i].alias) == 0) {
            id = aliases[i].id;
            varchar_warn = aliases[i].is_bytes_warning;
        }
    for (size_t i = 0; !id && i < sizeof serials / sizeof serials[0]; i++)
        if (strcmp(lower, serials[i].name) == 0) {
            id = serials[i].id;
            r.serial = serials[i].width;
        }

    if (!id) {
        if (in_list(lower, tz_types)) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->name_loc,
                                     "type \"%s\" is not supported by storage", t->name);
            mig_hint(d, g,
                     "YDB cannot store a time zone in a table column; store a Timestamp (UTC) "
                     "and keep the zone in a separate Utf8 column.");
            return false;
        }
        if (in_list(lower, non_storage)) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->name_loc,
                                     "type \"%s\" cannot be a table column", t->name);
            mig_hint(d, g, "YDB table columns hold primitive data types only.");
            return false;
        }
        for (size_t i = 0; i < sizeof not_aliases / sizeof not_aliases[0]; i++)
            if (strcmp(lower, not_aliases[i].name) == 0) {
                mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->name_loc,
                                         "unrecognized type \"%s\"", t->name);
                mig_hint(d, g, "YDB has no type \"%s\"; write %s.", t->name,
                         not_aliases[i].instead);
                return false;
            }
        if (strncmp(lower, "pg", 2) == 0 && lower[2]) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->name_loc,
                                     "PostgreSQL type \"%s\" cannot be a table column", t->name);
            const char *ydb = NULL;
            for (size_t i = 0; i < sizeof pg_map / sizeof pg_map[0]; i++)
                if (strcmp(lower, pg_map[i].pg) == 0) ydb = pg_map[i].ydb;
            if (ydb)
                mig_hint(d, g,
                         "YDB accepts pg types in tables only with the EnableTablePgTypes flag, "
                         "which is off by default; write %s.",
                         ydb);
            else
                mig_hint(d, g,
                         "YDB accepts pg types in tables only with the EnableTablePgTypes flag, "
                         "which is off by default; use the YQL type.");
            return false;
        }
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->name_loc, "unrecognized type \"%s\"",
                                 t->name);
        const char *s = mig_suggest(t->name, suggest_pool());
        if (s)
            mig_hint(d, g, "Did you mean \"%s\"?", s);
        else
            mig_hint(d, g,
                     "YDB column types are Bool, Int8..Int64, Uint8..Uint64, Float, Double, "
                     "Decimal(p,s), DyNumber, String, Utf8, Json, JsonDocument, Yson, Uuid, "
                     "Date, Datetime, Timestamp, Interval and their 64-bit forms.");
        return false;
    }
    r.id = id;

    /* Arguments. */
    if (id == MIG_PT_DECIMAL) {
        if (t->nargs != 2) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->loc,
                                     "type \"%s\" needs a precision and a scale",
                                     as_written(wb, sizeof wb, t));
            mig_hint(d, g,
                     "YDB has no default precision; write Decimal(22,9), which every release "
                     "stores.");
            return false;
        }
        long long p = t->args[0], s = t->args[1];
        if (p < 1 || p > 35) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->loc,
                                     "precision %lld of \"%s\" is out of range", p,
                                     as_written(wb, sizeof wb, t));
            mig_hint(d, g, "YDB's Decimal precision is 1 to 35.");
            return false;
        }
        if (s < 0 || s > p) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->loc,
                                     "scale %lld of \"%s\" is out of range", s,
                                     as_written(wb, sizeof wb, t));
            mig_hint(d, g, "YDB's Decimal scale is 0 to the precision (%lld here).", p);
            return false;
        }
        if (!(p == 22 && s == 9) && !mig_ydb_has(target, MIG_FEAT_PARAM_DECIMAL)) {
            char vb[16], sb[16];
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->loc,
                                     "type \"%s\" needs YDB %s or later; the target is %s",
                                     as_written(wb, sizeof wb, t),
                                     mig_ydbver_str(mig_ydb_since(MIG_FEAT_PARAM_DECIMAL), sb),
                                     mig_ydbver_str(target, vb));
            mig_hint(d, g, "YDB stores Decimal(22,9) only before %s; the target is %s.", sb, vb);
            return false;
        }
        r.precision = (unsigned char)p;
        r.scale = (unsigned char)s;
    } else if (t->nargs >= 0) {
        mig_diag *g;
        if (id == MIG_PT_STRING || id == MIG_PT_UTF8) {
            g = mig_report(d, MIG_SEV_ERROR, src, t->loc, "string type \"%s\" cannot have a length",
                           as_written(wb, sizeof wb, t));
            if (varchar_warn)
                mig_hint(d, g,
                         "YDB does not enforce a length; write Utf8 for text or String for "
                         "bytes.");
            else
                mig_hint(d, g, "YDB does not enforce a length; write %s.", mig_type_name(id));
        } else {
            g = mig_report(d, MIG_SEV_ERROR, src, t->loc, "type \"%s\" takes no parameters",
                           as_written(wb, sizeof wb, t));
            mig_hint(d, g, "Write %s.", t->name);
        }
        return false;
    }

    if (is_date64(id) && !mig_ydb_has(target, MIG_FEAT_DATETIME64)) {
        char vb[16], sb[16];
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->name_loc,
                                 "type \"%s\" needs YDB %s or later; the target is %s", t->name,
                                 mig_ydbver_str(mig_ydb_since(MIG_FEAT_DATETIME64), sb),
                                 mig_ydbver_str(target, vb));
        mig_hint(d, g,
                 "YDB stores Date32, Datetime64, Timestamp64 and Interval64 in tables by default "
                 "from %s; write %s before that.",
                 sb,
                 id == MIG_PT_DATE32 ? "Date" : id == MIG_PT_DATETIME64 ? "Datetime"
                 : id == MIG_PT_TIMESTAMP64 ? "Timestamp" : "Interval");
        return false;
    }

    if (r.serial && !allow_serial) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, t->name_loc,
                                 "a Serial column can only be created with its table");
        mig_hint(d, g,
                 "YDB cannot add a column of type \"%s\" to an existing table; add an %s column "
                 "and fill it in a data step.",
                 t->name, mig_type_name(id));
        return false;
    }

    if (varchar_warn) {
        mig_diag *g = mig_report(d, MIG_SEV_WARNING, src, t->name_loc,
                                 "type \"%s\" is String, which holds bytes, not text", t->name);
        mig_hint(d, g, "YDB's varchar is an alias of String; write Utf8 for text, or String for bytes.");
    }

    if (out) *out = r;
    return true;
}

bool mig_type_keyable(mig_type_id id)
{
    switch (id) {
    case MIG_TYPE_NONE:
    case MIG_PT_FLOAT: case MIG_PT_DOUBLE: case MIG_PT_JSON: case MIG_PT_JSON_DOCUMENT: case MIG_PT_YSON:
        return false;
    default:
        return true;
    }
}

bool mig_type_ttl_ok(mig_type_id id)
{
    switch (id) {
    case MIG_PT_DATE: case MIG_PT_DATETIME: case MIG_PT_TIMESTAMP:
    case MIG_PT_UINT32: case MIG_PT_UINT64: case MIG_PT_DYNUMBER:
    case MIG_PT_DATE32: case MIG_PT_DATETIME64: case MIG_PT_TIMESTAMP64:
        return true;
    default:
        return false;
    }
}

bool mig_type_ttl_numeric(mig_type_id id)
{
    return id == MIG_PT_UINT32 || id == MIG_PT_UINT64 || id == MIG_PT_DYNUMBER;
}

bool mig_type_is_integer(mig_type_id id)
{
    const mig_ptype_info *t = mig_ptype_info_of(id);
    return t && t->integer;
}

bool mig_type_is_signed(mig_type_id id)
{
    const mig_ptype_info *t = mig_ptype_info_of(id);
    return t && t->is_signed;
}

bool mig_type_default_ok(mig_type_id id, mig_ydbver target, mig_ydbver *since)
{
    mig_feature f;
    if (id == MIG_PT_INT16 || id == MIG_PT_UINT16)
        f = MIG_FEAT_DEFAULT_INT16;
    else if (id == MIG_PT_JSON_DOCUMENT || id == MIG_PT_DYNUMBER)
        f = MIG_FEAT_DEFAULT_JSONDOC_DYNUM;
    else
        return true;
    if (mig_ydb_has(target, f)) return true;
    if (since) *since = mig_ydb_since(f);
    return false;
}
