/* yql_int.h - the YQL writer's parts (yql.h), for its own files only:
 *   yql.c       the statements of each step kind
 *   yqlvalue.c  names, string literals, typed values
 *   yqlcheck.c  plugin data checked before any YQL is written from it
 *   yqlbackfill.c  the statements of a backfill step's pages
 * (stepdesc.c describes steps for people; it writes no YQL.)
 */
#ifndef MIG_RT_YQL_INT_H
#define MIG_RT_YQL_INT_H

#include <stdint.h>

#include "../common/buf.h"
#include "mig/plugin.h"

/* A YQL string literal with quote q (the escapes are common/text.c's). */
void mig_yql_string(mig_buf *b, const char *s, char q);
/* Type("text"): a typed constructor over an escaped string. */
void mig_yql_ctor(mig_buf *b, const char *type, const char *text);

/* Each returns NULL when the data can be written as YQL, else why not (a static sentence). */
/* A step's settings: names are words, values canonical text of their kinds (plugin.h). */
const char *mig_yql_check_kv(const mig_p_kv *kv, uint32_t n);
const char *mig_yql_check_names(const char *const *names, uint32_t n);
const char *mig_yql_check_column(const mig_p_column *c);
const char *mig_yql_check_index(const mig_p_index *ix);
const char *mig_yql_check_ttl(const mig_p_ttl *ttl);
/* A create_table step's definition. */
const char *mig_yql_check_table(const mig_p_table *t);

#endif
