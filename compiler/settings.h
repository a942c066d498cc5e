/* settings.h - table settings (WITH / SET), column family settings, changefeed options.
 * Facts: ../shared/reference/yql-ddl.md §1.9, §1.10, §2.8, §2.9. Names are compared
 * without regard to case and kept in YDB's upper-case spelling. */
#ifndef MIG_SETTINGS_H
#define MIG_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "mig/plugin.h"

#include "../common/diag.h"
#include "../grammar/ast.h"
#include "ydbver.h"

/* A checked setting: canonical key and value text. */
typedef struct mig_kv {
    const char *key;    /* "AUTO_PARTITIONING_BY_LOAD" */
    const char *value;  /* canonical text (mig/plugin.h, MIG_V_*): "ENABLED", "4", "PER_AZ:1",
                           "UPDATES", "PT1H", "true", "(10, 100)"; its kind: mig_setting_kind */
} mig_kv;

typedef enum mig_setting_ctx {
    MIG_SET_CREATE,     /* create_table's with (...) */
    MIG_SET_ALTER,      /* the set step */
} mig_setting_ctx;

/* Check one table setting. Refuses unknown names (with a suggestion), wrong value forms,
 * out-of-range values (0 partitions), settings that cannot be altered (UNIFORM_PARTITIONS,
 * PARTITION_AT_KEYS) in MIG_SET_ALTER, STORE = COLUMN (column tables are not supported),
 * and TTL / TIERING (the ttl item and set_ttl step exist for TTL). */
bool mig_setting_check(mig_arena *a, mig_diags *d, const mig_source *src, const mig_setting *s,
                       mig_setting_ctx ctx, mig_ydbver target, mig_kv *out);
/* YDB's default for a table setting ("ENABLED", "2000", ...), or NULL if it has none we
 * can restore (then a derived downgrade of a change to it is impossible). */
const char *mig_setting_default(const char *key);

/* The kind (mig/plugin.h's MIG_V_*) of a checked table setting's, family setting's or
 * changefeed option's value: fixed by its key, but for USER_SIDS, a TUPLE when the value is
 * a list and a STRING otherwise. 0 for a key the checks do not accept. */
uint32_t mig_setting_kind(const char *key, const char *value);

/* Column family settings: DATA (a string pool kind) and COMPRESSION ("off" or "lz4"). */
bool mig_family_setting_check(mig_arena *a, mig_diags *d, const mig_source *src, const mig_setting *s,
                              mig_kv *out);

/* Changefeed options. MODE is required (checked by the caller once all are seen);
 * FORMAT is JSON, DEBEZIUM_JSON or DYNAMODB_STREAMS_JSON; the rest per §2.8. */
bool mig_changefeed_option_check(mig_arena *a, mig_diags *d, const mig_source *src,
                                 const mig_setting *s, mig_ydbver target, mig_kv *out);

#endif
