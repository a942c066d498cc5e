/* yql_int.h - the YQL writer's parts (yql.h), for its own files only:
 *   yql.c       the statements of each step kind
 *   yqlvalue.c  names, string literals, typed values
 *   yqlcheck.c  plugin data checked before any YQL is written from it
 *   yqlbackfill.c  the statements of a backfill step's pages; key ranges (below)
 *   yqlrebuild.c   the statements of a rebuild_table step
 * (stepdesc.c describes steps for people; it writes no YQL.)
 */
#ifndef MIG_RT_YQL_INT_H
#define MIG_RT_YQL_INT_H

#include <stdbool.h>
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

/* ---- key ranges over st->pre's key (yqlbackfill.c), for backfill and rebuild_table pages.
 * Parameters $<prefix>0.. hold a key's values, each typed as its key column. */
/* DECLARE $<prefix>0 AS T; ... */
void mig_yql_key_declare(mig_buf *b, const mig_p_step *st, char prefix);
/* The three keys of one page in a --sql script: the cursor $c, the end key $e, the last key
 * $l (each as mig_yql_key_declare). */
void mig_yql_page_keys_declare(mig_buf *b, const mig_p_step *st);
/* `k0`<dir>, `k1`<dir> (dir: "" or " DESC") */
void mig_yql_key_list(mig_buf *b, const mig_p_table *t, const char *dir);
/* The key compared with $<prefix>0..: strictly after them (op '>'), or up to and including
 * them (op '<' with the last term '<='). */
void mig_yql_key_compare(mig_buf *b, const mig_p_table *t, char prefix, char op);
/* "\nWHERE [after $<after> AND] up to $<upto> [AND (st->body)]" (after 0: from the first key) */
void mig_yql_key_range(mig_buf *b, const mig_p_step *st, char after, char upto);

/* ---- rebuild_table pages (yqlrebuild.c), written by mig_yql_backfill for such a step */
const char *mig_yql_rebuild_check(const mig_p_step *st);
/* SELECT old key, new key, null flag FROM T after $<after> up to $<upto> ORDER BY key LIMIT batch */
void mig_yql_rebuild_page(mig_buf *b, const mig_p_step *st, char after, char upto);
/* UPSERT INTO S SELECT (expr) AS `col`, ... FROM T after $<after> up to $l */
void mig_yql_rebuild_upsert(mig_buf *b, const mig_p_step *st, char after);

#endif
