/* settings.c - see settings.h. */
#include "settings.h"
#include "literal.h" /* durations */
#include "../common/suggest.h"
#include "../common/text.h"
#include "../common/ydbtype.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- value helpers */

static const char *lit_text(const mig_lit *l)
{
    switch (l->kind) {
    case MIG_LIT_STRING: case MIG_LIT_IDENT: case MIG_LIT_BOOL: case MIG_LIT_CALL:
    case MIG_LIT_INT: case MIG_LIT_FLOAT: case MIG_LIT_WORD:
        return l->text ? l->text : "";
    case MIG_LIT_NULL: return "null";
    case MIG_LIT_TUPLE: return "(...)";
    }
    return "";
}

/* A word value: an identifier or a string, one of `allowed` (upper-case, NULL-terminated).
 * Returns the canonical upper-case spelling or NULL after reporting. */
static const char *word_value(mig_diags *d, const mig_source *src, const mig_setting *s,
                              const char *key, const char *const *allowed)
{
    const mig_lit *l = s->value;
    if (l->kind == MIG_LIT_IDENT || l->kind == MIG_LIT_STRING) {
        for (size_t i = 0; allowed[i]; i++)
            if (strcasecmp(l->text, allowed[i]) == 0) return allowed[i];
    }
    mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "unrecognized value \"%s\" for \"%s\"",
                             lit_text(l), key);
    mig_buf b = MIG_BUF_INIT;
    for (size_t i = 0; allowed[i]; i++) {
        if (i) mig_buf_puts(&b, allowed[i + 1] ? ", " : " or ");
        mig_buf_puts(&b, allowed[i]);
    }
    const char *sg = (l->kind == MIG_LIT_IDENT || l->kind == MIG_LIT_STRING)
                         ? mig_suggest(l->text, allowed) : NULL;
    if (sg)
        mig_hint(d, g, "Did you mean \"%s\"? %s takes %s.", sg, key, mig_buf_str(&b));
    else
        mig_hint(d, g, "%s takes %s.", key, mig_buf_str(&b));
    mig_buf_free(&b);
    return NULL;
}

static const char *const enabled_disabled[] = {"ENABLED", "DISABLED", NULL};

/* A positive integer that fits in 63 bits; canonical decimal text or NULL. */
static const char *positive_int(mig_arena *a, mig_diags *d, const mig_source *src,
                                const mig_setting *s, const char *key)
{
    const mig_lit *l = s->value;
    if (l->kind != MIG_LIT_INT) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "\"%s\" takes an integer, not \"%s\"",
                                 key, lit_text(l));
        mig_hint(d, g, "Write a positive whole number, such as %s = 4.", key);
        return NULL;
    }
    const char *p = l->text;
    while (*p == '0' && p[1]) p++;
    bool zero = strcmp(p, "0") == 0;
    if (l->neg || zero) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "\"%s\" must be positive, not %s%s",
                                 key, l->neg && !zero ? "-" : "", p);
        mig_hint(d, g, "YDB refuses %s for %s; write 1 or more.", l->neg ? "negative values" : "0",
                 key);
        return NULL;
    }
    if (strlen(p) > 18) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "value %s of \"%s\" is too large", p,
                                 key);
        mig_hint(d, g, "Write a number below 10^18.");
        return NULL;
    }
    return mig_strdup(a, p);
}

/* A string value: its text (canonical, unquoted). */
static const char *string_value(mig_diags *d, const mig_source *src, const mig_setting *s, const char *key)
{
    const mig_lit *l = s->value;
    if (l->kind != MIG_LIT_STRING) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "\"%s\" takes a string, not \"%s\"",
                                 key, lit_text(l));
        mig_hint(d, g, "Write the value in quotes.");
        return NULL;
    }
    return l->text;
}

/* ---- table settings */

typedef enum vform { V_ONOFF, V_POSINT, V_STRING, V_KEYS, V_REPLICAS, V_STORE, V_TTL, V_TIERING,
                     V_COLUMN_ONLY } vform;

static const struct tset {
    const char *name;
    vform form;
    bool alterable;
    bool restorable; /* a derived downgrade may set it back to YDB's default (mig_setting_ydb_default) */
} tsets[] = {
    {"AUTO_PARTITIONING_BY_SIZE", V_ONOFF, true, true},
    {"AUTO_PARTITIONING_BY_LOAD", V_ONOFF, true, true},
    {"AUTO_PARTITIONING_PARTITION_SIZE_MB", V_POSINT, true, true},
    {"AUTO_PARTITIONING_MIN_PARTITIONS_COUNT", V_POSINT, true, true},
    {"AUTO_PARTITIONING_MAX_PARTITIONS_COUNT", V_POSINT, true, true},
    {"UNIFORM_PARTITIONS", V_POSINT, false, false},
    {"PARTITION_AT_KEYS", V_KEYS, false, false},
    {"KEY_BLOOM_FILTER", V_ONOFF, true, false},
    {"READ_REPLICAS_SETTINGS", V_REPLICAS, true, true},
    {"TTL", V_TTL, true, false},
    {"TIERING", V_TIERING, true, false},
    {"STORE", V_STORE, false, false},
    {"PARTITION_BY_HASH_FUNCTION", V_COLUMN_ONLY, false, false},
    {"STORE_EXTERNAL_BLOBS", V_ONOFF, true, false},
    {"COMPACTION_POLICY", V_STRING, true, false},
};
#define NTSETS (sizeof tsets / sizeof tsets[0])

static bool key_scalar(mig_buf *b, const mig_lit *l)
{
    switch (l->kind) {
    case MIG_LIT_INT:
        mig_buf_printf(b, "%s%s", l->neg ? "-" : "", l->text);
        return true;
    case MIG_LIT_STRING:
        mig_text_quote(b, l->text, '"');
        return true;
    case MIG_LIT_BOOL:
        mig_buf_puts(b, l->text);
        return true;
    default:
        return false;
    }
}

static const char *partition_keys(mig_arena *a, mig_diags *d, const mig_source *src,
                                  const mig_lit *l)
{
    if (l->kind != MIG_LIT_TUPLE || l->nitems == 0) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                 "\"PARTITION_AT_KEYS\" takes a list of key values");
        mig_hint(d, g, "Write the split points in parentheses: PARTITION_AT_KEYS = (10, 100), or "
                       "((10, \"a\"), (20, \"b\")) for a composite key.");
        return NULL;
    }
    mig_buf b = MIG_BUF_INIT;
    bool ok = true;
    mig_buf_putc(&b, '(');
    for (size_t i = 0; i < l->nitems && ok; i++) {
        const mig_lit *it = l->items[i];
        if (i) mig_buf_puts(&b, ", ");
        if (it->kind == MIG_LIT_TUPLE) {
            mig_buf_putc(&b, '(');
            for (size_t j = 0; j < it->nitems && ok; j++) {
                if (j) mig_buf_puts(&b, ", ");
                if (!key_scalar(&b, it->items[j])) {
                    ok = false;
                    it = it->items[j];
                }
            }
            if (ok) mig_buf_putc(&b, ')');
        } else if (!key_scalar(&b, it)) {
            ok = false;
        }
        if (!ok) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, it->loc,
                                     "\"PARTITION_AT_KEYS\" takes literal key values, not \"%s\"",
                                     lit_text(it));
            mig_hint(d, g, "Write integers or strings, such as (10, 100) or ((10, \"a\"), (20, \"b\")).");
        }
    }
    mig_buf_putc(&b, ')');
    const char *r = ok ? mig_strdup(a, mig_buf_str(&b)) : NULL;
    mig_buf_free(&b);
    return r;
}

static const char *read_replicas(mig_arena *a, mig_diags *d, const mig_source *src,
                                 const mig_lit *l)
{
    if (l->kind == MIG_LIT_STRING) {
        const char *t = l->text;
        const char *kind = NULL;
        if (strncasecmp(t, "PER_AZ:", 7) == 0) kind = "PER_AZ";
        else if (strncasecmp(t, "ANY_AZ:", 7) == 0) kind = "ANY_AZ";
        if (kind) {
            const char *n = t + 7;
            while (*n == ' ') n++;
            if (n[0] >= '0' && n[0] <= '9' && n[1] == 0) {
                if (n[0] <= '3') return mig_printf(a, "%s:%c", kind, n[0]);
                mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                         "too many read replicas in \"%s\"", t);
                mig_hint(d, g, "YDB allows at most 3 read replicas (followers).");
                return NULL;
            }
        }
    }
    mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                             "unrecognized value \"%s\" for \"READ_REPLICAS_SETTINGS\"", lit_text(l));
    mig_hint(d, g, "Write \"PER_AZ:N\" or \"ANY_AZ:N\" with N from 0 to 3; \"PER_AZ:0\" removes "
                   "the replicas.");
    return NULL;
}

bool mig_setting_check(mig_arena *a, mig_diags *d, const mig_source *src, const mig_setting *s,
                       mig_setting_ctx ctx, mig_ydbver target, mig_kv *out)
{
    (void)target;
    const struct tset *ts = NULL;
    for (size_t i = 0; i < NTSETS; i++)
        if (strcasecmp(s->key.s, tsets[i].name) == 0) ts = &tsets[i];
    if (!ts) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, s->key.loc, "unrecognized table setting \"%s\"",
                                 s->key.s);
        const char *names[NTSETS + 1];
        for (size_t i = 0; i < NTSETS; i++) names[i] = tsets[i].name;
        names[NTSETS] = NULL;
        const char *sg = mig_suggest(s->key.s, names);
        if (sg) mig_hint(d, g, "Did you mean \"%s\"?", sg);
        else mig_hint(d, g, "YDB's table settings are listed in the language reference; "
                            "AUTO_PARTITIONING_BY_SIZE and AUTO_PARTITIONING_MIN_PARTITIONS_COUNT "
                            "are the common ones.");
        return false;
    }
    const char *key = ts->name;
    const char *val = NULL;

    if (ts->form == V_TTL) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, s->key.loc,
                                 "TTL cannot be written as a table setting");
        if (ctx == MIG_SET_CREATE)
            mig_hint(d, g, "Write TTL as an item of create_table: ttl COLUMN after 30d;");
        else
            mig_hint(d, g, "Use the set_ttl step (set_ttl TABLE COLUMN after 30d;), and reset_ttl "
                           "to remove it.");
        return false;
    }
    if (ts->form == V_TIERING) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, s->key.loc,
                                 "TIERING cannot be written as a table setting");
        mig_hint(d, g, "TIERING is legacy tiering of column-oriented tables, which are not "
                       "supported yet; use the ttl item or the set_ttl step for row tables.");
        return false;
    }
    if (ts->form == V_COLUMN_ONLY) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, s->key.loc,
                                 "setting \"%s\" applies to column-oriented tables only", key);
        mig_hint(d, g, "Column-oriented tables are not supported yet; row tables do not take %s.",
                 key);
        return false;
    }
    if (ctx == MIG_SET_ALTER && !ts->alterable) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, s->key.loc,
                                 "%s cannot be changed after the table is created", key);
        mig_hint(d, g, "YDB sets %s only in CREATE TABLE; to change it, create a new table with "
                       "the setting, copy the data, drop the old table and rename the new one.",
                 key);
        return false;
    }

    switch (ts->form) {
    case V_ONOFF: val = word_value(d, src, s, key, enabled_disabled); break;
    case V_POSINT: val = positive_int(a, d, src, s, key); break;
    case V_STRING: val = string_value(d, src, s, key); break;
    case V_KEYS: val = partition_keys(a, d, src, s->value); break;
    case V_REPLICAS: val = read_replicas(a, d, src, s->value); break;
    case V_STORE: {
        static const char *const stores[] = {"ROW", "COLUMN", NULL};
        val = word_value(d, src, s, key, stores);
        if (val && strcmp(val, "COLUMN") == 0) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, s->value->loc,
                                     "column-oriented tables are not supported yet");
            mig_hint(d, g, "Remove STORE = COLUMN to create a row table; write column-table DDL "
                           "in a yql step.");
            val = NULL;
        }
        break;
    }
    default: break;
    }
    if (!val) return false;
    if (out) {
        out->key = key;
        out->value = val;
    }
    return true;
}

/* The kind of a value of each form (mig/plugin.h's MIG_V_*). */
static uint32_t form_kind(vform f)
{
    switch (f) {
    case V_ONOFF: case V_STORE: return MIG_V_WORD;
    case V_POSINT: return MIG_V_INT;
    case V_STRING: case V_REPLICAS: return MIG_V_STRING;
    case V_KEYS: return MIG_V_TUPLE;
    default: return 0; /* refused: never compiled */
    }
}

static uint32_t cf_kind(const char *key, const char *value);

uint32_t mig_setting_kind(const char *key, const char *value)
{
    for (size_t i = 0; i < NTSETS; i++)
        if (strcmp(key, tsets[i].name) == 0) return form_kind(tsets[i].form);
    if (strcmp(key, "DATA") == 0 || strcmp(key, "COMPRESSION") == 0) return MIG_V_STRING;
    return cf_kind(key, value);
}

const char *mig_setting_default(const char *key)
{
    if (!key) return NULL;
    for (size_t i = 0; i < NTSETS; i++)
        if (strcasecmp(key, tsets[i].name) == 0) return tsets[i].restorable ? mig_setting_ydb_default(tsets[i].name) : NULL;
    return NULL;
}

/* ---- column families */

bool mig_family_setting_check(mig_arena *a, mig_diags *d, const mig_source *src, const mig_setting *s,
                              mig_kv *out)
{
    static const char *const names[] = {"DATA", "COMPRESSION", NULL};
    const char *key = NULL;
    for (size_t i = 0; names[i]; i++)
        if (strcasecmp(s->key.s, names[i]) == 0) key = names[i];
    if (!key) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, s->key.loc,
                                 "unrecognized column family setting \"%s\"", s->key.s);
        const char *sg = mig_suggest(s->key.s, names);
        if (strcasecmp(s->key.s, "COMPRESSION_LEVEL") == 0)
            mig_hint(d, g, "COMPRESSION_LEVEL applies to column-oriented tables only; row tables "
                           "take DATA and COMPRESSION.");
        else if (sg)
            mig_hint(d, g, "Did you mean \"%s\"?", sg);
        else
            mig_hint(d, g, "A column family of a row table takes DATA and COMPRESSION.");
        return false;
    }
    const mig_lit *l = s->value;
    const char *val;
    if (strcmp(key, "DATA") == 0) {
        if ((l->kind != MIG_LIT_STRING && l->kind != MIG_LIT_IDENT) || !l->text[0]) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "\"DATA\" takes a string, not \"%s\"",
                                     lit_text(l));
            mig_hint(d, g, "Write the storage pool kind in quotes, such as DATA = \"ssd\" or "
                           "DATA = \"rot\".");
            return false;
        }
        val = l->text;
    } else {
        static const char *const codecs[] = {"off", "lz4", NULL};
        val = NULL;
        if (l->kind == MIG_LIT_STRING || l->kind == MIG_LIT_IDENT)
            for (size_t i = 0; codecs[i]; i++)
                if (strcasecmp(l->text, codecs[i]) == 0) val = codecs[i];
        if (!val) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "unrecognized compression \"%s\"",
                                     lit_text(l));
            mig_hint(d, g, "Row tables compress a column family with \"off\" or \"lz4\".");
            return false;
        }
    }
    if (out) {
        out->key = key;
        out->value = val;
    }
    return true;
}

/* ---- changefeeds */

/* the changefeed options and their kinds (USER_SIDS: a list or one string) */
static const struct cfopt {
    const char *name;
    uint32_t kind;
} cfopts[] = {
    {"MODE", MIG_V_WORD},
    {"FORMAT", MIG_V_WORD},
    {"VIRTUAL_TIMESTAMPS", MIG_V_BOOL},
    {"BARRIERS_INTERVAL", MIG_V_INTERVAL},
    {"RETENTION_PERIOD", MIG_V_INTERVAL},
    {"TOPIC_AUTO_PARTITIONING", MIG_V_WORD},
    {"TOPIC_MIN_ACTIVE_PARTITIONS", MIG_V_INT},
    {"INITIAL_SCAN", MIG_V_BOOL},
    {"USER_SIDS", MIG_V_STRING},
    {"AWS_REGION", MIG_V_STRING},
};
#define NCFOPTS (sizeof cfopts / sizeof cfopts[0])

static uint32_t cf_kind(const char *key, const char *value)
{
    for (size_t i = 0; i < NCFOPTS; i++)
        if (strcmp(key, cfopts[i].name) == 0)
            return strcmp(key, "USER_SIDS") == 0 && value && value[0] == '(' ? MIG_V_TUPLE : cfopts[i].kind;
    return 0;
}

static const char *cf_bool(mig_diags *d, const mig_source *src, const mig_lit *l, const char *key)
{
    if (l->kind == MIG_LIT_BOOL) return strcmp(l->text, "true") == 0 ? "true" : "false";
    if ((l->kind == MIG_LIT_IDENT || l->kind == MIG_LIT_STRING)) {
        if (strcasecmp(l->text, "true") == 0) return "true";
        if (strcasecmp(l->text, "false") == 0) return "false";
    }
    mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "\"%s\" takes true or false, not \"%s\"",
                             key, lit_text(l));
    mig_hint(d, g, "Write %s = true or %s = false.", key, key);
    return NULL;
}

static const char *cf_duration(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                               const char *key)
{
    int64_t secs;
    if (!mig_duration_parse(d, src, l, &secs)) return NULL;
    if (secs == 0) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "\"%s\" must be longer than zero",
                                 key);
        mig_hint(d, g, "Write a positive duration, such as %s = 24h.", key);
        return NULL;
    }
    char buf[48];
    return mig_strdup(a, mig_duration_iso(secs, buf));
}

bool mig_changefeed_option_check(mig_arena *a, mig_diags *d, const mig_source *src,
                                 const mig_setting *s, mig_ydbver target, mig_kv *out)
{
    const char *key = NULL;
    for (size_t i = 0; i < NCFOPTS; i++)
        if (strcasecmp(s->key.s, cfopts[i].name) == 0) key = cfopts[i].name;
    if (!key) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, s->key.loc,
                                 "unrecognized changefeed option \"%s\"", s->key.s);
        const char *names[NCFOPTS + 1];
        for (size_t i = 0; i < NCFOPTS; i++) names[i] = cfopts[i].name;
        names[NCFOPTS] = NULL;
        const char *sg = mig_suggest(s->key.s, names);
        if (sg) mig_hint(d, g, "Did you mean \"%s\"?", sg);
        else mig_hint(d, g, "A changefeed takes MODE, FORMAT, VIRTUAL_TIMESTAMPS, "
                            "BARRIERS_INTERVAL, RETENTION_PERIOD, TOPIC_AUTO_PARTITIONING, "
                            "TOPIC_MIN_ACTIVE_PARTITIONS, INITIAL_SCAN, USER_SIDS and AWS_REGION.");
        return false;
    }
    const mig_lit *l = s->value;
    const char *val = NULL;
    if (strcmp(key, "MODE") == 0) {
        static const char *const modes[] = {"KEYS_ONLY", "UPDATES", "NEW_IMAGE", "OLD_IMAGE",
                                            "NEW_AND_OLD_IMAGES", NULL};
        const char *v = word_value(d, src, s, key, modes);
        val = v;
    } else if (strcmp(key, "FORMAT") == 0) {
        static const char *const formats[] = {"JSON", "DEBEZIUM_JSON", "DYNAMODB_STREAMS_JSON", NULL};
        const char *v = word_value(d, src, s, key, formats);
        val = v;
    } else if (strcmp(key, "TOPIC_AUTO_PARTITIONING") == 0) {
        const char *v = word_value(d, src, s, key, enabled_disabled);
        val = v;
    } else if (strcmp(key, "VIRTUAL_TIMESTAMPS") == 0 || strcmp(key, "INITIAL_SCAN") == 0) {
        val = cf_bool(d, src, l, key);
    } else if (strcmp(key, "RETENTION_PERIOD") == 0 || strcmp(key, "BARRIERS_INTERVAL") == 0) {
        val = cf_duration(a, d, src, l, key);
    } else if (strcmp(key, "TOPIC_MIN_ACTIVE_PARTITIONS") == 0) {
        val = positive_int(a, d, src, s, key);
    } else if (strcmp(key, "AWS_REGION") == 0) {
        val = string_value(d, src, s, key);
    } else if (strcmp(key, "USER_SIDS") == 0) {
        if (target < 2601) {
            char vb[16];
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, s->key.loc,
                                     "changefeed option \"USER_SIDS\" needs YDB 26.1 or later; the "
                                     "target is %s",
                                     mig_ydbver_str(target, vb));
            mig_hint(d, g, "YDB accepts USER_SIDS from 26.1; remove it or raise the target.");
            return false;
        }
        if (l->kind == MIG_LIT_STRING) {
            val = l->text;
        } else if (l->kind == MIG_LIT_TUPLE) {
            mig_buf b = MIG_BUF_INIT;
            mig_buf_putc(&b, '(');
            bool ok = true;
            for (size_t i = 0; i < l->nitems; i++) {
                if (l->items[i]->kind != MIG_LIT_STRING) {
                    ok = false;
                    break;
                }
                if (i) mig_buf_puts(&b, ", ");
                mig_text_quote(&b, l->items[i]->text, '"');
            }
            mig_buf_putc(&b, ')');
            if (ok) val = mig_strdup(a, mig_buf_str(&b));
            mig_buf_free(&b);
        }
        if (!val) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc,
                                     "\"USER_SIDS\" takes a string or a list of strings");
            mig_hint(d, g, "Write USER_SIDS = (\"user1\", \"group2\").");
            return false;
        }
    }
    if (!val) return false;
    if (out) {
        out->key = key;
        out->value = val;
    }
    return true;
}
