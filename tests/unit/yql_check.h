/* yql_check.h - helpers shared by the YQL renderer's tests (test_yql*.c): types, columns and
 * steps built by hand, and checks of what a step renders to. */
#ifndef MIG_TEST_YQL_CHECK_H
#define MIG_TEST_YQL_CHECK_H

#include <stdint.h>

#include "../../common/ydbtype.h"
#include "../../runtime/yql.h"

mig_p_type T(uint32_t id);
mig_p_type DEC(uint8_t p, uint8_t s);
mig_p_type SER(uint32_t id, uint8_t size);
/* Render st (after some text already in the buffer, to check it only appends) and
 * compare. */
void step_is(const mig_p_step *st, const char *want);
void step_fails(const mig_p_step *st, const char *msg);
void describe_is(const mig_p_step *st, const char *want);
mig_p_column COL(const char *name, mig_p_type t, int not_null);
mig_p_column COLD(const char *name, mig_p_type t, int not_null, mig_p_value def);
mig_p_step STEP(uint32_t kind, const char *table);

#endif
