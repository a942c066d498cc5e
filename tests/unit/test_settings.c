/* test_settings.c - table settings, column family settings, changefeed options. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "../../common/suggest.h"
#include "../../compiler/settings.h"

typedef enum { K_TABLE, K_FAMILY, K_FEED } kind;

static bool run(th_ctx *t, kind k, const char *text, mig_setting_ctx ctx, mig_ydbver target,
                mig_kv *kv)
{
    const mig_source *src;
    mig_setting *s = th_parse_setting(t, text, &src);
    cr_assert_not_null(s, "snippet %s did not parse", text);
    switch (k) {
    case K_TABLE: return mig_setting_check(t->arena, &t->diags, src, s, ctx, target, kv);
    case K_FAMILY: return mig_family_setting_check(t->arena, &t->diags, src, s, kv);
    default: return mig_changefeed_option_check(t->arena, &t->diags, src, s, target, kv);
    }
}

static void ok_(kind k, const char *text, mig_setting_ctx ctx, mig_ydbver target, const char *key,
                const char *value)
{
    th_ctx t;
    th_init(&t);
    mig_kv kv = {0};
    bool ok = run(&t, k, text, ctx, target, &kv);
    char *r = th_render(&t);
    cr_assert(ok, "%s refused: %s", text, r);
    free(r);
    cr_assert_str_eq(kv.key, key, "%s", text);
    cr_assert_str_eq(kv.value, value, "%s", text);
    th_fini(&t);
}

static void bad_(kind k, const char *text, mig_setting_ctx ctx, mig_ydbver target, const char *msg,
                 const char *hint)
{
    th_ctx t;
    th_init(&t);
    mig_kv kv = {0};
    bool ok = run(&t, k, text, ctx, target, &kv);
    char *r = th_render(&t);
    cr_assert_not(ok, "%s accepted", text);
    if (msg) cr_assert(th_has(&t, msg), "%s: wanted \"%s\", got %s", text, msg, r);
    if (hint) cr_assert(th_hint_has(&t, hint), "%s: wanted hint \"%s\", got %s", text, hint, r);
    free(r);
    th_fini(&t);
}

#define OK(text, key, value) ok_(K_TABLE, text, MIG_SET_CREATE, MIG_YDB_NEWEST, key, value)
#define OK_ALTER(text, key, value) ok_(K_TABLE, text, MIG_SET_ALTER, MIG_YDB_NEWEST, key, value)
#define BAD(text, msg, hint) bad_(K_TABLE, text, MIG_SET_CREATE, MIG_YDB_NEWEST, msg, hint)
#define BAD_ALTER(text, msg, hint) bad_(K_TABLE, text, MIG_SET_ALTER, MIG_YDB_NEWEST, msg, hint)

Test(settings, on_off)
{
    OK("auto_partitioning_by_size = enabled", "AUTO_PARTITIONING_BY_SIZE", "ENABLED");
    OK("AUTO_PARTITIONING_BY_LOAD = \"Disabled\"", "AUTO_PARTITIONING_BY_LOAD", "DISABLED");
    OK_ALTER("KEY_BLOOM_FILTER = ENABLED", "KEY_BLOOM_FILTER", "ENABLED");
    BAD("AUTO_PARTITIONING_BY_SIZE = yes", "unrecognized value \"yes\" for \"AUTO_PARTITIONING_BY_SIZE\"",
        "ENABLED or DISABLED");
    BAD("AUTO_PARTITIONING_BY_SIZE = 1", "unrecognized value", NULL);
    BAD("AUTO_PARTITIONING_BY_SIZE = enabld", NULL, "Did you mean \"ENABLED\"?");
}

Test(settings, unknown_names)
{
    BAD("AUTO_PARTITONING_BY_SIZE = ENABLED", "unrecognized table setting \"AUTO_PARTITONING_BY_SIZE\"",
        "Did you mean \"AUTO_PARTITIONING_BY_SIZE\"?");
    BAD("COLOUR = 1", "unrecognized table setting \"COLOUR\"", NULL);
}

Test(settings, positive_integers)
{
    OK("auto_partitioning_min_partitions_count = 4", "AUTO_PARTITIONING_MIN_PARTITIONS_COUNT", "4");
    OK("AUTO_PARTITIONING_PARTITION_SIZE_MB = 0512", "AUTO_PARTITIONING_PARTITION_SIZE_MB", "512");
    BAD("AUTO_PARTITIONING_MIN_PARTITIONS_COUNT = 0", "must be positive", NULL);
    BAD("AUTO_PARTITIONING_MAX_PARTITIONS_COUNT = -3", "must be positive", NULL);
    BAD("AUTO_PARTITIONING_MAX_PARTITIONS_COUNT = \"4\"", "takes an integer", NULL);
    BAD("AUTO_PARTITIONING_MAX_PARTITIONS_COUNT = 1.5", "takes an integer", NULL);
}

Test(settings, create_only)
{
    OK("uniform_partitions = 4", "UNIFORM_PARTITIONS", "4");
    BAD_ALTER("UNIFORM_PARTITIONS = 4", "UNIFORM_PARTITIONS cannot be changed after the table is created",
              NULL);
    OK("PARTITION_AT_KEYS = (10, 100)", "PARTITION_AT_KEYS", "(10, 100)");
    OK("partition_at_keys = ((10, \"a\"), (20, 'b\"'))", "PARTITION_AT_KEYS",
       "((10, \"a\"), (20, \"b\\\"\"))");
    BAD_ALTER("PARTITION_AT_KEYS = (10)", "PARTITION_AT_KEYS cannot be changed after the table is created",
              NULL);
    BAD("PARTITION_AT_KEYS = 10", "takes a list of key values", NULL);
    BAD("PARTITION_AT_KEYS = (10, foo)", "takes literal key values, not \"foo\"", NULL);
}

Test(settings, read_replicas)
{
    OK("READ_REPLICAS_SETTINGS = \"per_az:1\"", "READ_REPLICAS_SETTINGS", "PER_AZ:1");
    OK_ALTER("READ_REPLICAS_SETTINGS = \"ANY_AZ:3\"", "READ_REPLICAS_SETTINGS", "ANY_AZ:3");
    BAD("READ_REPLICAS_SETTINGS = \"ANY_AZ:4\"", "too many read replicas", "at most 3");
    BAD("READ_REPLICAS_SETTINGS = \"EVERYWHERE\"", "unrecognized value", "\"PER_AZ:N\"");
    BAD("READ_REPLICAS_SETTINGS = PER_AZ", "unrecognized value", NULL);
}

Test(settings, ttl_and_tiering)
{
    BAD("TTL = 1", "TTL cannot be written as a table setting", "ttl COLUMN after");
    BAD_ALTER("ttl = 1", "TTL cannot be written as a table setting", "set_ttl");
    BAD("TIERING = \"x\"", "TIERING cannot be written as a table setting", NULL);
}

Test(settings, store)
{
    OK("STORE = row", "STORE", "ROW");
    BAD("STORE = COLUMN", "column-oriented tables are not supported yet", NULL);
    BAD("STORE = \"column\"", "column-oriented tables are not supported yet", NULL);
    BAD_ALTER("STORE = ROW", "STORE cannot be changed after the table is created", NULL);
    BAD("PARTITION_BY_HASH_FUNCTION = \"x\"", "column-oriented tables only", NULL);
}

Test(settings, strings)
{
    OK("COMPACTION_POLICY = \"default\"", "COMPACTION_POLICY", "default");
    BAD("COMPACTION_POLICY = compact", "takes a string", NULL);
}

/* Each checked value travels with its kind (plugin ABI 3). */
Test(settings, value_kinds)
{
    cr_assert_eq(mig_setting_kind("AUTO_PARTITIONING_BY_LOAD", "ENABLED"), MIG_V_WORD);
    cr_assert_eq(mig_setting_kind("AUTO_PARTITIONING_MIN_PARTITIONS_COUNT", "4"), MIG_V_INT);
    cr_assert_eq(mig_setting_kind("READ_REPLICAS_SETTINGS", "PER_AZ:1"), MIG_V_STRING);
    cr_assert_eq(mig_setting_kind("PARTITION_AT_KEYS", "(10, 20)"), MIG_V_TUPLE);
    cr_assert_eq(mig_setting_kind("COMPRESSION", "lz4"), MIG_V_STRING);
    cr_assert_eq(mig_setting_kind("MODE", "UPDATES"), MIG_V_WORD);
    cr_assert_eq(mig_setting_kind("RETENTION_PERIOD", "PT1H"), MIG_V_INTERVAL);
    cr_assert_eq(mig_setting_kind("INITIAL_SCAN", "true"), MIG_V_BOOL);
    cr_assert_eq(mig_setting_kind("USER_SIDS", "u1"), MIG_V_STRING);
    cr_assert_eq(mig_setting_kind("USER_SIDS", "(\"u1\", \"g2\")"), MIG_V_TUPLE);
    cr_assert_eq(mig_setting_kind("COLOUR", "1"), 0);
}

Test(settings, defaults)
{
    cr_assert_str_eq(mig_setting_default("AUTO_PARTITIONING_BY_SIZE"), "ENABLED");
    cr_assert_str_eq(mig_setting_default("auto_partitioning_by_load"), "DISABLED");
    cr_assert_str_eq(mig_setting_default("AUTO_PARTITIONING_PARTITION_SIZE_MB"), "2048");
    cr_assert_str_eq(mig_setting_default("AUTO_PARTITIONING_MIN_PARTITIONS_COUNT"), "1");
    cr_assert_str_eq(mig_setting_default("AUTO_PARTITIONING_MAX_PARTITIONS_COUNT"), "50");
    cr_assert_str_eq(mig_setting_default("READ_REPLICAS_SETTINGS"), "PER_AZ:0");
    cr_assert_null(mig_setting_default("UNIFORM_PARTITIONS"));
    cr_assert_null(mig_setting_default("NO_SUCH_SETTING"));
}

#define FOK(text, key, value) ok_(K_FAMILY, text, MIG_SET_CREATE, MIG_YDB_NEWEST, key, value)
#define FBAD(text, msg, hint) bad_(K_FAMILY, text, MIG_SET_CREATE, MIG_YDB_NEWEST, msg, hint)

Test(family, settings)
{
    FOK("data = \"ssd\"", "DATA", "ssd");
    FOK("COMPRESSION = \"LZ4\"", "COMPRESSION", "lz4");
    FOK("compression = off", "COMPRESSION", "off");
    FBAD("COMPRESSION = \"zstd\"", "unrecognized compression \"zstd\"", "\"off\" or \"lz4\"");
    FBAD("DATA = 5", "\"DATA\" takes a string", NULL);
    FBAD("DTA = \"ssd\"", "unrecognized column family setting \"DTA\"", "Did you mean \"DATA\"?");
    FBAD("COMPRESSION_LEVEL = 3", "unrecognized column family setting", "column-oriented");
}

#define COK(text, key, value) ok_(K_FEED, text, MIG_SET_CREATE, MIG_YDB_NEWEST, key, value)
#define CBAD(text, msg, hint) bad_(K_FEED, text, MIG_SET_CREATE, MIG_YDB_NEWEST, msg, hint)

Test(changefeed, mode_and_format)
{
    COK("mode = updates", "MODE", "UPDATES");
    COK("MODE = \"new_and_old_images\"", "MODE", "NEW_AND_OLD_IMAGES");
    COK("mode = KEYS_ONLY", "MODE", "KEYS_ONLY");
    CBAD("mode = everything", "unrecognized value \"everything\" for \"MODE\"", "UPDATES");
    CBAD("mode = update", NULL, "Did you mean \"UPDATES\"?");
    COK("format = json", "FORMAT", "JSON");
    COK("FORMAT = 'debezium_json'", "FORMAT", "DEBEZIUM_JSON");
    COK("format = dynamodb_streams_json", "FORMAT", "DYNAMODB_STREAMS_JSON");
    CBAD("format = xml", "unrecognized value \"xml\" for \"FORMAT\"", NULL);
}

Test(changefeed, booleans)
{
    COK("virtual_timestamps = true", "VIRTUAL_TIMESTAMPS", "true");
    COK("INITIAL_SCAN = false", "INITIAL_SCAN", "false");
    CBAD("initial_scan = 1", "\"INITIAL_SCAN\" takes true or false", NULL);
}

Test(changefeed, durations)
{
    COK("retention_period = 24h", "RETENTION_PERIOD", "P1D");
    COK("retention_period = 90m", "RETENTION_PERIOD", "PT1H30M");
    COK("RETENTION_PERIOD = \"P7D\"", "RETENTION_PERIOD", "P7D");
    COK("barriers_interval = Interval(\"PT1S\")", "BARRIERS_INTERVAL", "PT1S");
    CBAD("barriers_interval = 0s", "must be longer than zero", NULL);
    CBAD("retention_period = -1h", "is negative", NULL);
    CBAD("retention_period = 24", "has no unit", NULL);
}

Test(changefeed, topics_and_strings)
{
    COK("topic_min_active_partitions = 3", "TOPIC_MIN_ACTIVE_PARTITIONS", "3");
    CBAD("TOPIC_MIN_ACTIVE_PARTITIONS = 0", "must be positive", NULL);
    COK("topic_auto_partitioning = enabled", "TOPIC_AUTO_PARTITIONING", "ENABLED");
    CBAD("topic_auto_partitioning = yes", "unrecognized value", NULL);
    COK("aws_region = \"eu-west-1\"", "AWS_REGION", "eu-west-1");
    COK("aws_region = \"it's\"", "AWS_REGION", "it's");
    CBAD("aws_region = eu", "takes a string", NULL);
    CBAD("modes = updates", "unrecognized changefeed option \"modes\"", "Did you mean \"MODE\"?");
}

Test(changefeed, user_sids_by_release)
{
    ok_(K_FEED, "user_sids = \"u1\"", MIG_SET_CREATE, 2601, "USER_SIDS", "u1");
    ok_(K_FEED, "user_sids = (\"u1\", \"g2\")", MIG_SET_CREATE, 2602, "USER_SIDS", "(\"u1\", \"g2\")");
    bad_(K_FEED, "user_sids = \"u1\"", MIG_SET_CREATE, 2502,
         "changefeed option \"USER_SIDS\" needs YDB 26.1 or later; the target is 25.2", NULL);
    bad_(K_FEED, "user_sids = 5", MIG_SET_CREATE, 2601, "takes a string or a list of strings", NULL);
}

Test(suggest, levenshtein)
{
    static const char *const cands[] = {"String", "Utf8", "Uint64", "Int", NULL};
    cr_assert_str_eq(mig_suggest("Strng", cands), "String");
    cr_assert_str_eq(mig_suggest("STRING", cands), "String");
    cr_assert_str_eq(mig_suggest("uint46", cands), "Uint64");
    cr_assert_str_eq(mig_suggest("Utf", cands), "Utf8");
    cr_assert_str_eq(mig_suggest("Itn", cands), "Int"); /* a swap of neighbours is one edit */
    cr_assert_null(mig_suggest("Ixx", cands));         /* distance 2 > max(1, 3/3) */
    cr_assert_null(mig_suggest("Quaternion", cands));
    cr_assert_null(mig_suggest("", cands) ? "x" : NULL);
}

Test(suggest, edit_distance_stops_at_the_limit)
{
    cr_assert_eq(mig_edit_distance("title", "titel", 5), 1);
    cr_assert_eq(mig_edit_distance("abcdef", "badcfe", 5), 3, "three swaps");
    cr_assert_eq(mig_edit_distance("kitten", "sitting", 5), 3);
    cr_assert_eq(mig_edit_distance("kitten", "sitting", 2), 3, "more than the limit is limit + 1");
    cr_assert_eq(mig_edit_distance("abcdefgh", "zzzzzzzz", 1), 2);
    cr_assert_eq(mig_edit_distance("a", "abcdef", 2), 3, "lengths too far apart");
    cr_assert_eq(mig_edit_distance("ABC", "abc", 0), 0);
}
