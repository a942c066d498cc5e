/* yql_bridge.c - the runtime's value renderer, for tests that hold compiler types.
 *
 * mig/plugin.h and grammar/ast.h both define MIG_COND_*, so no file includes both: this one
 * includes only the runtime's side, and takes the type by its YQL name. */
#include "yql_bridge.h"

#include <string.h>

#include "../../runtime/yql.h"

int th_yql_value(mig_buf *b, const char *type_name, unsigned precision, unsigned scale,
                 const char *text)
{
    static const struct { const char *n; uint32_t id; } map[] = {
        {"Bool", MIG_PT_BOOL}, {"Int8", MIG_PT_INT8}, {"Int16", MIG_PT_INT16},
        {"Int32", MIG_PT_INT32}, {"Int64", MIG_PT_INT64}, {"Uint8", MIG_PT_UINT8},
        {"Uint16", MIG_PT_UINT16}, {"Uint32", MIG_PT_UINT32}, {"Uint64", MIG_PT_UINT64},
        {"Float", MIG_PT_FLOAT}, {"Double", MIG_PT_DOUBLE}, {"Decimal", MIG_PT_DECIMAL},
        {"DyNumber", MIG_PT_DYNUMBER}, {"String", MIG_PT_STRING}, {"Utf8", MIG_PT_UTF8},
        {"Json", MIG_PT_JSON}, {"JsonDocument", MIG_PT_JSON_DOCUMENT}, {"Yson", MIG_PT_YSON},
        {"Uuid", MIG_PT_UUID}, {"Date", MIG_PT_DATE}, {"Datetime", MIG_PT_DATETIME},
        {"Timestamp", MIG_PT_TIMESTAMP}, {"Interval", MIG_PT_INTERVAL}, {"Date32", MIG_PT_DATE32},
        {"Datetime64", MIG_PT_DATETIME64}, {"Timestamp64", MIG_PT_TIMESTAMP64},
        {"Interval64", MIG_PT_INTERVAL64},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (strcmp(map[i].n, type_name) != 0) continue;
        mig_p_type t = {map[i].id, (uint8_t)precision, (uint8_t)scale, 0, 0};
        mig_yql_value(b, &t, text);
        return 0;
    }
    return -1;
}
