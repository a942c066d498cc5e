/* describe.c - DescribeTable's result as the plugin ABI's table description: the same
 * canonical values with kinds (mig/plugin.h) that migc compiles into plugins, so that
 * comparing the live schema with the expected one (runtime/schemacmp.c) compares values,
 * and `migrun baseline` prints them through the one .mig printer. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ydb/ydb_table.pb-c.h"

static const char *flag_text(int f) { return f == 1 ? "ENABLED" : f == 2 ? "DISABLED" : NULL; }

static int kv_cmp(const void *x, const void *y)
{
    return strcmp(((const mig_p_kv *)x)->key, ((const mig_p_kv *)y)->key);
}

void ydb_describe_fill(mig_arena *a, const char *rel, const Ydb__Table__DescribeTableResult *r, mig_p_table *t)
{
    memset(t, 0, sizeof *t);
    t->path = mig_strdup(a, rel);
    mig_p_column *cols = mig_alloc(a, (r->n_columns + 1) * sizeof *cols);
    for (size_t i = 0; i < r->n_columns; i++) {
        const Ydb__Table__ColumnMeta *m = r->columns[i];
        mig_p_column *col = &cols[i];
        bool opt = false;
        col->name = mig_strdup(a, m->name ? m->name : "");
        ydbv_ptype(m->type, &col->type, &opt);
        col->not_null = m->_not_null_case == YDB__TABLE__COLUMN_META___NOT_NULL_NOT_NULL ? (m->not_null != 0) : !opt;
        if (m->family && *m->family) col->family = mig_strdup(a, m->family);
        if (m->default_value_case == YDB__TABLE__COLUMN_META__DEFAULT_VALUE_FROM_SEQUENCE) {
            col->type.serial = col->type.id == MIG_PT_INT16 ? 2 : col->type.id == MIG_PT_INT32 ? 4 : 8;
        } else if (m->default_value_case == YDB__TABLE__COLUMN_META__DEFAULT_VALUE_FROM_LITERAL && m->from_literal) {
            col->has_default = 1;
            col->default_value = ydbv_text(a, m->from_literal->type, m->from_literal->value);
        }
    }
    t->columns = cols;
    t->ncolumns = (uint32_t)r->n_columns;
    const char **key = mig_alloc(a, (r->n_primary_key + 1) * sizeof *key);
    for (size_t i = 0; i < r->n_primary_key; i++) key[i] = mig_strdup(a, r->primary_key[i]);
    t->key = key;
    t->nkey = (uint32_t)r->n_primary_key;
    mig_p_index *ix = mig_alloc(a, (r->n_indexes + 1) * sizeof *ix);
    for (size_t i = 0; i < r->n_indexes; i++) {
        const Ydb__Table__TableIndexDescription *s = r->indexes[i];
        const char **ic = mig_alloc(a, (s->n_index_columns + 1) * sizeof *ic);
        for (size_t j = 0; j < s->n_index_columns; j++) ic[j] = mig_strdup(a, s->index_columns[j]);
        const char **cv = mig_alloc(a, (s->n_data_columns + 1) * sizeof *cv);
        for (size_t j = 0; j < s->n_data_columns; j++) cv[j] = mig_strdup(a, s->data_columns[j]);
        ix[i].name = mig_strdup(a, s->name ? s->name : "");
        ix[i].columns = ic;
        ix[i].ncolumns = (uint32_t)s->n_index_columns;
        ix[i].cover = cv;
        ix[i].ncover = (uint32_t)s->n_data_columns;
        ix[i].unique = s->type_case == YDB__TABLE__TABLE_INDEX_DESCRIPTION__TYPE_GLOBAL_UNIQUE_INDEX;
        ix[i].async = s->type_case == YDB__TABLE__TABLE_INDEX_DESCRIPTION__TYPE_GLOBAL_ASYNC_INDEX;
        ix[i].building = s->status == YDB__TABLE__TABLE_INDEX_DESCRIPTION__STATUS__STATUS_BUILDING;
    }
    t->indexes = ix;
    t->nindexes = (uint32_t)r->n_indexes;
    mig_p_family *fam = mig_alloc(a, (r->n_column_families + 1) * sizeof *fam);
    for (size_t i = 0; i < r->n_column_families; i++) {
        const Ydb__Table__ColumnFamily *f = r->column_families[i];
        fam[i].name = mig_strdup(a, f->name ? f->name : "");
        if (f->data && f->data->media && *f->data->media) fam[i].data = mig_strdup(a, f->data->media);
        if (f->compression == 1) fam[i].compression = "off";
        else if (f->compression == 2) fam[i].compression = "lz4";
    }
    t->families = fam;
    t->nfamilies = (uint32_t)r->n_column_families;
    if (r->ttl_settings) {
        const Ydb__Table__TtlSettings *ttl = r->ttl_settings;
        static const char *const units[] = {NULL, "SECONDS", "MILLISECONDS", "MICROSECONDS", "NANOSECONDS"};
        if (ttl->mode_case == YDB__TABLE__TTL_SETTINGS__MODE_DATE_TYPE_COLUMN && ttl->date_type_column) {
            t->ttl.column = mig_strdup(a, ttl->date_type_column->column_name);
            t->ttl.after_seconds = ttl->date_type_column->expire_after_seconds;
        } else if (ttl->mode_case == YDB__TABLE__TTL_SETTINGS__MODE_VALUE_SINCE_UNIX_EPOCH && ttl->value_since_unix_epoch) {
            const Ydb__Table__ValueSinceUnixEpochModeSettings *v = ttl->value_since_unix_epoch;
            t->ttl.column = mig_strdup(a, v->column_name);
            t->ttl.after_seconds = v->expire_after_seconds;
            t->ttl.unit = (unsigned)v->column_unit < 5 ? units[v->column_unit] : NULL;
        }
    }
    /* settings YDB reports, as canonical values with their kinds, sorted by key */
    mig_p_kv *kv = mig_alloc(a, 8 * sizeof *kv);
    uint32_t n = 0;
    const Ydb__Table__PartitioningSettings *ps = r->partitioning_settings;
    if (ps) {
        if (flag_text(ps->partitioning_by_size)) kv[n++] = (mig_p_kv){"AUTO_PARTITIONING_BY_SIZE", flag_text(ps->partitioning_by_size), MIG_V_WORD, 0};
        if (flag_text(ps->partitioning_by_load)) kv[n++] = (mig_p_kv){"AUTO_PARTITIONING_BY_LOAD", flag_text(ps->partitioning_by_load), MIG_V_WORD, 0};
        if (ps->partition_size_mb)
            kv[n++] = (mig_p_kv){"AUTO_PARTITIONING_PARTITION_SIZE_MB", mig_printf(a, "%llu", (unsigned long long)ps->partition_size_mb), MIG_V_INT, 0};
        if (ps->min_partitions_count)
            kv[n++] = (mig_p_kv){"AUTO_PARTITIONING_MIN_PARTITIONS_COUNT", mig_printf(a, "%llu", (unsigned long long)ps->min_partitions_count), MIG_V_INT, 0};
        if (ps->max_partitions_count)
            kv[n++] = (mig_p_kv){"AUTO_PARTITIONING_MAX_PARTITIONS_COUNT", mig_printf(a, "%llu", (unsigned long long)ps->max_partitions_count), MIG_V_INT, 0};
    }
    if (flag_text(r->key_bloom_filter)) kv[n++] = (mig_p_kv){"KEY_BLOOM_FILTER", flag_text(r->key_bloom_filter), MIG_V_WORD, 0};
    if (r->read_replicas_settings) {
        const Ydb__Table__ReadReplicasSettings *rr = r->read_replicas_settings;
        if (rr->settings_case == YDB__TABLE__READ_REPLICAS_SETTINGS__SETTINGS_PER_AZ_READ_REPLICAS_COUNT)
            kv[n++] = (mig_p_kv){"READ_REPLICAS_SETTINGS", mig_printf(a, "PER_AZ:%llu", (unsigned long long)rr->per_az_read_replicas_count), MIG_V_STRING, 0};
        else if (rr->settings_case == YDB__TABLE__READ_REPLICAS_SETTINGS__SETTINGS_ANY_AZ_READ_REPLICAS_COUNT)
            kv[n++] = (mig_p_kv){"READ_REPLICAS_SETTINGS", mig_printf(a, "ANY_AZ:%llu", (unsigned long long)rr->any_az_read_replicas_count), MIG_V_STRING, 0};
    }
    qsort(kv, n, sizeof *kv, kv_cmp);
    t->settings = kv;
    t->nsettings = n;
    mig_p_changefeed *cf = mig_alloc(a, (r->n_changefeeds + 1) * sizeof *cf);
    static const char *const modes[] = {NULL, "KEYS_ONLY", "UPDATES", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"};
    static const char *const formats[] = {NULL, "JSON", "DYNAMODB_STREAMS_JSON", "DEBEZIUM_JSON"};
    for (size_t i = 0; i < r->n_changefeeds; i++) {
        const Ydb__Table__ChangefeedDescription *s = r->changefeeds[i];
        mig_p_kv *o = mig_alloc(a, 4 * sizeof *o);
        uint32_t k = 0;
        if ((unsigned)s->format < 4 && formats[s->format]) o[k++] = (mig_p_kv){"FORMAT", formats[s->format], MIG_V_WORD, 0};
        if ((unsigned)s->mode < 6 && modes[s->mode]) o[k++] = (mig_p_kv){"MODE", modes[s->mode], MIG_V_WORD, 0};
        if (s->virtual_timestamps) o[k++] = (mig_p_kv){"VIRTUAL_TIMESTAMPS", "true", MIG_V_BOOL, 0};
        cf[i].name = mig_strdup(a, s->name ? s->name : "");
        cf[i].options = o;
        cf[i].noptions = k;
    }
    t->changefeeds = cf;
    t->nchangefeeds = (uint32_t)r->n_changefeeds;
}

