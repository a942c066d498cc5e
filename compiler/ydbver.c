/* ydbver.c - see ydbver.h. */
#include "ydbver.h"


static const struct {
    mig_ydbver since;
    const char *name;
} feats[MIG_FEAT__COUNT] = {
    [MIG_FEAT_DEFAULT_IN_CREATE] = {2403, "DEFAULT in CREATE TABLE"},
    [MIG_FEAT_SERIAL_PK] = {2403, "a Serial column in the primary key"},
    [MIG_FEAT_DROP_NOT_NULL] = {2501, "ALTER COLUMN DROP NOT NULL"},
    [MIG_FEAT_PK_30] = {2501, "more than 20 key columns"},
    [MIG_FEAT_PARAM_DECIMAL] = {2502, "Decimal with a precision other than (22,9)"},
    [MIG_FEAT_DATETIME64] = {2502, "64-bit date and time columns"},
    [MIG_FEAT_ADD_COLUMN_DEFAULT] = {2601, "ADD COLUMN with DEFAULT"},
    [MIG_FEAT_SET_DROP_DEFAULT] = {2602, "ALTER COLUMN SET/DROP DEFAULT"}, /* in YQL's grammar: decision 0017 */
    [MIG_FEAT_DEFAULT_INT16] = {2401, "DEFAULT on an Int16 or Uint16 column"},
    [MIG_FEAT_DEFAULT_JSONDOC_DYNUM] = {2503, "DEFAULT on a JsonDocument or DyNumber column"},
    [MIG_FEAT_ADD_UNIQUE_INDEX] = {0, "a unique index on an existing table"},
    [MIG_FEAT_SET_NOT_NULL] = {0, "ALTER COLUMN SET NOT NULL"},
};

bool mig_ydb_has(mig_ydbver v, mig_feature f)
{
    if ((int)f < 0 || f >= MIG_FEAT__COUNT) return false;
    if (f == MIG_FEAT_DEFAULT_INT16) return v != 2501; /* measured: 25.1 alone could not */
    if (feats[f].since == 0) return false;
    return v >= feats[f].since;
}

mig_ydbver mig_ydb_since(mig_feature f)
{
    if ((int)f < 0 || f >= MIG_FEAT__COUNT) return 0;
    if (f == MIG_FEAT_DEFAULT_INT16) return 2502; /* the first release after the gap */
    return feats[f].since;
}

const char *mig_feature_name(mig_feature f)
{
    if ((int)f < 0 || f >= MIG_FEAT__COUNT) return "an unknown feature";
    return feats[f].name;
}
