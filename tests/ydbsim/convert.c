/* convert.c - protobuf <-> engine types (see convert.h). TEST TOOL. */
#include "convert.h"

#include <string.h>

#include "ydb/ydb_query.pb-c.h"

static const struct { sim_prim id; const char *yql; } prim_names[] = {
    {SIM_BOOL, "Bool"}, {SIM_INT8, "Int8"}, {SIM_UINT8, "Uint8"}, {SIM_INT16, "Int16"},
    {SIM_UINT16, "Uint16"}, {SIM_INT32, "Int32"}, {SIM_UINT32, "Uint32"}, {SIM_INT64, "Int64"},
    {SIM_UINT64, "Uint64"}, {SIM_FLOAT, "Float"}, {SIM_DOUBLE, "Double"}, {SIM_DATE, "Date"},
    {SIM_DATETIME, "Datetime"}, {SIM_TIMESTAMP, "Timestamp"}, {SIM_INTERVAL, "Interval"},
    {SIM_DATE32, "Date32"}, {SIM_DATETIME64, "Datetime64"}, {SIM_TIMESTAMP64, "Timestamp64"},
    {SIM_INTERVAL64, "Interval64"}, {SIM_STRING, "String"}, {SIM_UTF8, "Utf8"}, {SIM_YSON, "Yson"},
    {SIM_JSON, "Json"}, {SIM_UUID, "Uuid"}, {SIM_JSON_DOCUMENT, "JsonDocument"}, {SIM_DYNUMBER, "DyNumber"},
};

static const char *prim_yql(sim_prim p)
{
    for (size_t i = 0; i < sizeof prim_names / sizeof prim_names[0]; i++)
        if (prim_names[i].id == p) return prim_names[i].yql;
    return NULL;
}

sim_type *sim_type_from_pb(mig_arena *a, const Ydb__Type *t)
{
    if (!t) return NULL;
    sim_type *r = mig_alloc(a, sizeof *r);
    switch (t->type_case) {
    case YDB__TYPE__TYPE_TYPE_ID:
        if (!prim_yql((sim_prim)t->type_id)) return NULL;
        r->kind = SIM_T_PRIMITIVE;
        r->prim = (sim_prim)t->type_id;
        return r;
    case YDB__TYPE__TYPE_DECIMAL_TYPE:
        r->kind = SIM_T_DECIMAL;
        r->precision = t->decimal_type->precision;
        r->scale = t->decimal_type->scale;
        return r;
    case YDB__TYPE__TYPE_OPTIONAL_TYPE:
        r->kind = SIM_T_OPTIONAL;
        return (r->item = sim_type_from_pb(a, t->optional_type->item)) ? r : NULL;
    case YDB__TYPE__TYPE_LIST_TYPE:
        r->kind = SIM_T_LIST;
        return (r->item = sim_type_from_pb(a, t->list_type->item)) ? r : NULL;
    case YDB__TYPE__TYPE_TUPLE_TYPE:
        r->kind = SIM_T_TUPLE;
        r->nmembers = t->tuple_type->n_elements;
        r->members = mig_alloc(a, (r->nmembers + 1) * sizeof *r->members);
        for (size_t i = 0; i < r->nmembers; i++)
            if (!(r->members[i] = sim_type_from_pb(a, t->tuple_type->elements[i]))) return NULL;
        return r;
    case YDB__TYPE__TYPE_STRUCT_TYPE:
        r->kind = SIM_T_STRUCT;
        r->nmembers = t->struct_type->n_members;
        r->members = mig_alloc(a, (r->nmembers + 1) * sizeof *r->members);
        r->names = mig_alloc(a, (r->nmembers + 1) * sizeof *r->names);
        for (size_t i = 0; i < r->nmembers; i++) {
            r->names[i] = mig_strdup(a, t->struct_type->members[i]->name);
            if (!(r->members[i] = sim_type_from_pb(a, t->struct_type->members[i]->type))) return NULL;
        }
        return r;
    case YDB__TYPE__TYPE_DICT_TYPE:
        r->kind = SIM_T_DICT;
        r->item = sim_type_from_pb(a, t->dict_type->key);
        r->payload = sim_type_from_pb(a, t->dict_type->payload);
        return r->item && r->payload ? r : NULL;
    case YDB__TYPE__TYPE_VOID_TYPE: r->kind = SIM_T_VOID; return r;
    case YDB__TYPE__TYPE_NULL_TYPE: r->kind = SIM_T_NULL; return r;
    case YDB__TYPE__TYPE_EMPTY_LIST_TYPE: r->kind = SIM_T_EMPTY_LIST; return r;
    case YDB__TYPE__TYPE_EMPTY_DICT_TYPE: r->kind = SIM_T_EMPTY_DICT; return r;
    case YDB__TYPE__TYPE_TAGGED_TYPE:
        return sim_type_from_pb(a, t->tagged_type->type);
    default:
        return NULL;
    }
}

int sim_value_from_pb(mig_arena *a, const Ydb__Value *v, const sim_type *t, sim_value *out)
{
    memset(out, 0, sizeof *out);
    if (!v || !t) return -1;
    switch (t->kind) {
    case SIM_T_OPTIONAL:
        if (v->value_case == YDB__VALUE__VALUE_NULL_FLAG_VALUE) {
            out->kind = SIM_V_NULL;
            return 0;
        }
        if (v->value_case == YDB__VALUE__VALUE_NESTED_VALUE) {
            out->kind = SIM_V_NESTED;
            out->items = mig_alloc(a, sizeof *out->items);
            out->nitems = 1;
            return sim_value_from_pb(a, v->nested_value, t->item->kind == SIM_T_OPTIONAL ? t->item : t->item,
                                     &out->items[0]);
        }
        return sim_value_from_pb(a, v, t->item, out);
    case SIM_T_LIST:
    case SIM_T_TUPLE:
    case SIM_T_STRUCT:
        out->kind = SIM_V_ITEMS;
        out->nitems = v->n_items;
        out->items = mig_alloc(a, (v->n_items + 1) * sizeof *out->items);
        for (size_t i = 0; i < v->n_items; i++) {
            const sim_type *it = t->kind == SIM_T_LIST ? t->item : i < t->nmembers ? t->members[i] : NULL;
            if (sim_value_from_pb(a, v->items[i], it, &out->items[i])) return -1;
        }
        return 0;
    case SIM_T_DICT:
        out->kind = SIM_V_PAIRS;
        out->nitems = 2 * v->n_pairs;
        out->items = mig_alloc(a, (out->nitems + 1) * sizeof *out->items);
        for (size_t i = 0; i < v->n_pairs; i++) {
            if (sim_value_from_pb(a, v->pairs[i]->key, t->item, &out->items[2 * i]) ||
                sim_value_from_pb(a, v->pairs[i]->payload, t->payload, &out->items[2 * i + 1]))
                return -1;
        }
        return 0;
    case SIM_T_EMPTY_LIST:
        out->kind = SIM_V_ITEMS;
        return 0;
    case SIM_T_EMPTY_DICT:
        out->kind = SIM_V_PAIRS;
        return 0;
    case SIM_T_VOID:
    case SIM_T_NULL:
        out->kind = SIM_V_NULL;
        return 0;
    case SIM_T_PRIMITIVE:
    case SIM_T_DECIMAL:
        break;
    }
    switch (v->value_case) {
    case YDB__VALUE__VALUE_BOOL_VALUE: out->kind = SIM_V_BOOL; out->b = v->bool_value; break;
    case YDB__VALUE__VALUE_INT32_VALUE: out->kind = SIM_V_I64; out->i64 = v->int32_value; break;
    case YDB__VALUE__VALUE_UINT32_VALUE: out->kind = SIM_V_U64; out->u64 = v->uint32_value; break;
    case YDB__VALUE__VALUE_INT64_VALUE: out->kind = SIM_V_I64; out->i64 = v->int64_value; break;
    case YDB__VALUE__VALUE_UINT64_VALUE: out->kind = SIM_V_U64; out->u64 = v->uint64_value; break;
    case YDB__VALUE__VALUE_FLOAT_VALUE: out->kind = SIM_V_DOUBLE; out->d = v->float_value; break;
    case YDB__VALUE__VALUE_DOUBLE_VALUE: out->kind = SIM_V_DOUBLE; out->d = v->double_value; break;
    case YDB__VALUE__VALUE_BYTES_VALUE:
        out->kind = SIM_V_BYTES;
        out->len = v->bytes_value.len;
        out->bytes = mig_alloc(a, out->len + 1);
        if (out->len) memcpy(out->bytes, v->bytes_value.data, out->len);
        break;
    case YDB__VALUE__VALUE_TEXT_VALUE:
        out->kind = SIM_V_BYTES;
        out->len = strlen(v->text_value);
        out->bytes = mig_strdup(a, v->text_value);
        break;
    case YDB__VALUE__VALUE_LOW_128:
        out->kind = SIM_V_I128;
        out->lo = v->low_128;
        out->hi = v->high_128;
        break;
    case YDB__VALUE__VALUE_NULL_FLAG_VALUE: out->kind = SIM_V_NULL; break;
    default:
        return -1;
    }
    return 0;
}

Ydb__Type *sim_type_to_pb(mig_arena *a, const sim_type *t)
{
    Ydb__Type *r = mig_alloc(a, sizeof *r);
    ydb__type__init(r);
    if (!t) return r;
    switch (t->kind) {
    case SIM_T_PRIMITIVE:
        r->type_case = YDB__TYPE__TYPE_TYPE_ID;
        r->type_id = (Ydb__Type__PrimitiveTypeId)t->prim;
        break;
    case SIM_T_DECIMAL:
        r->type_case = YDB__TYPE__TYPE_DECIMAL_TYPE;
        r->decimal_type = mig_alloc(a, sizeof *r->decimal_type);
        ydb__decimal_type__init(r->decimal_type);
        r->decimal_type->precision = t->precision;
        r->decimal_type->scale = t->scale;
        break;
    case SIM_T_OPTIONAL:
        r->type_case = YDB__TYPE__TYPE_OPTIONAL_TYPE;
        r->optional_type = mig_alloc(a, sizeof *r->optional_type);
        ydb__optional_type__init(r->optional_type);
        r->optional_type->item = sim_type_to_pb(a, t->item);
        break;
    case SIM_T_LIST:
        r->type_case = YDB__TYPE__TYPE_LIST_TYPE;
        r->list_type = mig_alloc(a, sizeof *r->list_type);
        ydb__list_type__init(r->list_type);
        r->list_type->item = sim_type_to_pb(a, t->item);
        break;
    case SIM_T_TUPLE:
        r->type_case = YDB__TYPE__TYPE_TUPLE_TYPE;
        r->tuple_type = mig_alloc(a, sizeof *r->tuple_type);
        ydb__tuple_type__init(r->tuple_type);
        r->tuple_type->n_elements = t->nmembers;
        r->tuple_type->elements = mig_alloc(a, (t->nmembers + 1) * sizeof(Ydb__Type *));
        for (size_t i = 0; i < t->nmembers; i++) r->tuple_type->elements[i] = sim_type_to_pb(a, t->members[i]);
        break;
    case SIM_T_STRUCT:
        r->type_case = YDB__TYPE__TYPE_STRUCT_TYPE;
        r->struct_type = mig_alloc(a, sizeof *r->struct_type);
        ydb__struct_type__init(r->struct_type);
        r->struct_type->n_members = t->nmembers;
        r->struct_type->members = mig_alloc(a, (t->nmembers + 1) * sizeof(Ydb__StructMember *));
        for (size_t i = 0; i < t->nmembers; i++) {
            Ydb__StructMember *m = mig_alloc(a, sizeof *m);
            ydb__struct_member__init(m);
            m->name = mig_strdup(a, t->names[i]);
            m->type = sim_type_to_pb(a, t->members[i]);
            r->struct_type->members[i] = m;
        }
        break;
    case SIM_T_DICT:
        r->type_case = YDB__TYPE__TYPE_DICT_TYPE;
        r->dict_type = mig_alloc(a, sizeof *r->dict_type);
        ydb__dict_type__init(r->dict_type);
        r->dict_type->key = sim_type_to_pb(a, t->item);
        r->dict_type->payload = sim_type_to_pb(a, t->payload);
        break;
    case SIM_T_VOID: r->type_case = YDB__TYPE__TYPE_VOID_TYPE; break;
    case SIM_T_NULL: r->type_case = YDB__TYPE__TYPE_NULL_TYPE; break;
    case SIM_T_EMPTY_LIST: r->type_case = YDB__TYPE__TYPE_EMPTY_LIST_TYPE; break;
    case SIM_T_EMPTY_DICT: r->type_case = YDB__TYPE__TYPE_EMPTY_DICT_TYPE; break;
    }
    return r;
}

static void set_scalar(mig_arena *a, Ydb__Value *r, const sim_value *v, const sim_type *t)
{
    if (v->kind == SIM_V_NULL) {
        r->value_case = YDB__VALUE__VALUE_NULL_FLAG_VALUE;
        return;
    }
    if (t->kind == SIM_T_DECIMAL || (t->kind == SIM_T_PRIMITIVE && t->prim == SIM_UUID)) {
        r->value_case = YDB__VALUE__VALUE_LOW_128;
        r->low_128 = v->lo;
        r->high_128 = v->hi;
        return;
    }
    switch (t->prim) {
    case SIM_BOOL:
        r->value_case = YDB__VALUE__VALUE_BOOL_VALUE;
        r->bool_value = v->b;
        break;
    case SIM_INT8: case SIM_INT16: case SIM_INT32: case SIM_DATE32:
        r->value_case = YDB__VALUE__VALUE_INT32_VALUE;
        r->int32_value = (int32_t)(v->kind == SIM_V_U64 ? (int64_t)v->u64 : v->i64);
        break;
    case SIM_UINT8: case SIM_UINT16: case SIM_UINT32: case SIM_DATE: case SIM_DATETIME:
        r->value_case = YDB__VALUE__VALUE_UINT32_VALUE;
        r->uint32_value = (uint32_t)(v->kind == SIM_V_I64 ? (uint64_t)v->i64 : v->u64);
        break;
    case SIM_INT64: case SIM_INTERVAL: case SIM_DATETIME64: case SIM_TIMESTAMP64: case SIM_INTERVAL64:
        r->value_case = YDB__VALUE__VALUE_INT64_VALUE;
        r->int64_value = v->kind == SIM_V_U64 ? (int64_t)v->u64 : v->i64;
        break;
    case SIM_UINT64: case SIM_TIMESTAMP:
        r->value_case = YDB__VALUE__VALUE_UINT64_VALUE;
        r->uint64_value = v->kind == SIM_V_I64 ? (uint64_t)v->i64 : v->u64;
        break;
    case SIM_FLOAT:
        r->value_case = YDB__VALUE__VALUE_FLOAT_VALUE;
        r->float_value = (float)v->d;
        break;
    case SIM_DOUBLE:
        r->value_case = YDB__VALUE__VALUE_DOUBLE_VALUE;
        r->double_value = v->d;
        break;
    case SIM_STRING: case SIM_YSON:
        r->value_case = YDB__VALUE__VALUE_BYTES_VALUE;
        r->bytes_value.len = v->len;
        r->bytes_value.data = (uint8_t *)(v->bytes ? v->bytes : "");
        break;
    default: /* Utf8, Json, JsonDocument, DyNumber */
        r->value_case = YDB__VALUE__VALUE_TEXT_VALUE;
        r->text_value = mig_strndup(a, v->bytes ? v->bytes : "", v->len);
        break;
    }
}

Ydb__Value *sim_value_to_pb(mig_arena *a, const sim_value *v, const sim_type *t)
{
    Ydb__Value *r = mig_alloc(a, sizeof *r);
    ydb__value__init(r);
    if (!t || !v) return r;
    switch (t->kind) {
    case SIM_T_OPTIONAL:
        if (v->kind == SIM_V_NULL) {
            r->value_case = YDB__VALUE__VALUE_NULL_FLAG_VALUE;
        } else if (v->kind == SIM_V_NESTED && v->nitems == 1) {
            r->value_case = YDB__VALUE__VALUE_NESTED_VALUE;
            r->nested_value = sim_value_to_pb(a, &v->items[0], t->item);
        } else {
            return sim_value_to_pb(a, v, t->item);
        }
        return r;
    case SIM_T_LIST: case SIM_T_TUPLE: case SIM_T_STRUCT:
        r->n_items = v->nitems;
        r->items = mig_alloc(a, (v->nitems + 1) * sizeof *r->items);
        for (size_t i = 0; i < v->nitems; i++) {
            const sim_type *it = t->kind == SIM_T_LIST ? t->item : i < t->nmembers ? t->members[i] : NULL;
            r->items[i] = sim_value_to_pb(a, &v->items[i], it);
        }
        return r;
    case SIM_T_DICT:
        r->n_pairs = v->nitems / 2;
        r->pairs = mig_alloc(a, (r->n_pairs + 1) * sizeof *r->pairs);
        for (size_t i = 0; i < r->n_pairs; i++) {
            Ydb__ValuePair *p = mig_alloc(a, sizeof *p);
            ydb__value_pair__init(p);
            p->key = sim_value_to_pb(a, &v->items[2 * i], t->item);
            p->payload = sim_value_to_pb(a, &v->items[2 * i + 1], t->payload);
            r->pairs[i] = p;
        }
        return r;
    case SIM_T_VOID: case SIM_T_NULL:
        r->value_case = YDB__VALUE__VALUE_NULL_FLAG_VALUE;
        return r;
    case SIM_T_EMPTY_LIST: case SIM_T_EMPTY_DICT:
        return r;
    case SIM_T_PRIMITIVE: case SIM_T_DECIMAL:
        set_scalar(a, r, v, t);
        return r;
    }
    return r;
}

Ydb__ResultSet *sim_result_set_to_pb(mig_arena *a, const sim_result_set *rs)
{
    Ydb__ResultSet *r = mig_alloc(a, sizeof *r);
    ydb__result_set__init(r);
    r->n_columns = rs->ncolumns;
    r->columns = mig_alloc(a, (rs->ncolumns + 1) * sizeof *r->columns);
    for (size_t i = 0; i < rs->ncolumns; i++) {
        Ydb__Column *c = mig_alloc(a, sizeof *c);
        ydb__column__init(c);
        c->name = mig_strdup(a, rs->columns[i].name);
        c->type = sim_type_to_pb(a, rs->columns[i].type);
        r->columns[i] = c;
    }
    r->n_rows = rs->nrows;
    r->rows = mig_alloc(a, (rs->nrows + 1) * sizeof *r->rows);
    for (size_t i = 0; i < rs->nrows; i++) {
        const sim_value *row = &rs->rows[i];
        Ydb__Value *pv = mig_alloc(a, sizeof *pv);
        ydb__value__init(pv);
        pv->n_items = row->nitems;
        pv->items = mig_alloc(a, (row->nitems + 1) * sizeof *pv->items);
        for (size_t j = 0; j < row->nitems; j++)
            pv->items[j] = sim_value_to_pb(a, &row->items[j], j < rs->ncolumns ? rs->columns[j].type : NULL);
        r->rows[i] = pv;
    }
    r->truncated = rs->truncated;
    return r;
}

char *sim_type_to_yql(mig_arena *a, const sim_type *t)
{
    if (!t) return NULL;
    switch (t->kind) {
    case SIM_T_PRIMITIVE: {
        const char *n = prim_yql(t->prim);
        return n ? mig_strdup(a, n) : NULL;
    }
    case SIM_T_DECIMAL: return mig_printf(a, "Decimal(%u,%u)", t->precision, t->scale);
    case SIM_T_OPTIONAL: {
        char *in = sim_type_to_yql(a, t->item);
        return in ? mig_printf(a, "Optional<%s>", in) : NULL;
    }
    case SIM_T_LIST: {
        char *in = sim_type_to_yql(a, t->item);
        return in ? mig_printf(a, "List<%s>", in) : NULL;
    }
    default: return NULL;
    }
}

int sim_params_from_pb(mig_arena *a, void *const *entries, size_t n, sim_param **out, size_t *nout, char **err)
{
    /* Table and Query parameter map entries have the same layout: key = 1, value = 2. */
    sim_param *ps = mig_alloc(a, (n + 1) * sizeof *ps);
    for (size_t i = 0; i < n; i++) {
        const Ydb__Query__ExecuteQueryRequest__ParametersEntry *e = entries[i];
        if (!e->value || !e->value->type) {
            *err = mig_printf(a, "Parameter %s has no type", e->key);
            return -1;
        }
        sim_type *t = sim_type_from_pb(a, e->value->type);
        sim_value *v = mig_alloc(a, sizeof *v);
        if (!t || sim_value_from_pb(a, e->value->value, t, v)) {
            *err = mig_printf(a, "Parameter %s: unsupported type or value", e->key);
            return -1;
        }
        ps[i].name = mig_strdup(a, e->key);
        ps[i].type = t;
        ps[i].value = v;
    }
    *out = ps;
    *nout = n;
    return 0;
}
