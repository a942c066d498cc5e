/* ydbver.h - the YDB release a project targets, and what each release accepts.
 *
 * Facts come from ../shared/reference/yql-ddl.md §8 (defaults of stock builds, feature
 * flags left as shipped). Versions are compared as major*100 + minor: 25.1 -> 2501.
 */
#ifndef MIG_YDBVER_H
#define MIG_YDBVER_H

#include <stdbool.h>

#include "../common/ydbrelease.h"

#define MIG_YDB_NEWEST 2602  /* the newest; the default target */

typedef enum mig_feature {
    MIG_FEAT_DEFAULT_IN_CREATE,       /* literal DEFAULT in CREATE TABLE: 24.3 */
    MIG_FEAT_SERIAL_PK,               /* Serial in the primary key: 24.3 */
    MIG_FEAT_DROP_NOT_NULL,           /* ALTER COLUMN DROP NOT NULL: 25.1 */
    MIG_FEAT_PK_30,                   /* up to 30 key columns (was 20): 25.1 */
    MIG_FEAT_PARAM_DECIMAL,           /* Decimal(p,s) other than (22,9): 25.2 */
    MIG_FEAT_DATETIME64,              /* Date32/Datetime64/Timestamp64/Interval64 columns: 25.2 */
    MIG_FEAT_ADD_COLUMN_DEFAULT,      /* ADD COLUMN ... DEFAULT: 26.1 */
    MIG_FEAT_SET_DROP_DEFAULT,        /* ALTER COLUMN SET/DROP DEFAULT: 26.2 */
    MIG_FEAT_DEFAULT_INT16,           /* DEFAULT on Int16/Uint16 (25.1 could not) */
    MIG_FEAT_DEFAULT_JSONDOC_DYNUM,   /* DEFAULT on JsonDocument/DyNumber: after 25.2 */
    MIG_FEAT_ADD_UNIQUE_INDEX,        /* unique index on an existing table: never by default */
    MIG_FEAT_SET_NOT_NULL,            /* ALTER COLUMN SET NOT NULL: never by default */
    MIG_FEAT__COUNT
} mig_feature;

bool mig_ydb_has(mig_ydbver v, mig_feature f);
/* The first release that has f by default, or 0 if none does. */
mig_ydbver mig_ydb_since(mig_feature f);
/* A short phrase for messages: "ADD COLUMN with DEFAULT". */
const char *mig_feature_name(mig_feature f);

#endif
