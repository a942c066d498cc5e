/* yql_bridge.h - see yql_bridge.c. */
#ifndef MIG_TEST_YQL_BRIDGE_H
#define MIG_TEST_YQL_BRIDGE_H

#include "../../common/buf.h"

/* mig_yql_value for the type named type_name ("Uint64", "Decimal"); text NULL is NULL.
 * -1 for a name it does not know. */
int th_yql_value(mig_buf *b, const char *type_name, unsigned precision, unsigned scale,
                 const char *text);

#endif
