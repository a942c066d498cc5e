/* state.h - what migrun keeps in the database (docs/decisions/0007-state-in-the-database.md):
 * the version table (one row per revision applied or being applied) and the lock table
 * (one row: who migrates now, until when).
 *
 * Every statement is fixed text in state.c; table names are quoted with mig_yql_name and
 * every value travels as a query parameter (DECLARE $x AS T), never in the text.
 * The lock's expiry is compared with this machine's clock: hosts that migrate the same
 * database need clocks within a fraction of the lease (default 120 s) of each other.
 */
#ifndef MIG_RT_STATE_H
#define MIG_RT_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "../common/buf.h"
#include "db.h"

typedef struct mig_vrow {
    const char *revision;
    const char *state;        /* applying | applied | downgrading */
    uint32_t steps_done;      /* of the direction in state */
    uint32_t steps_total;
    const char *source_sha256;
    const char *plugin_sha256;
    const char *applied_by;   /* user@host pid N */
    const char *applied_at;   /* Timestamp, canonical text */
    const char *migrun_version;
} mig_vrow;

typedef struct mig_lockinfo {
    bool present;
    bool expired;             /* by this machine's clock */
    const char *user, *host, *since, *expires;
    uint32_t pid;
} mig_lockinfo;

typedef struct mig_state {
    mig_arena *a;
    mig_db *db;
    const char *vt;           /* the version table's name */
    const char *lt;           /* the lock table's: <vt>_lock */
    const char *user, *host;  /* who we are */
    uint32_t pid;
    char token[33];           /* our lock token (hex) */
    int lease_s;
    bool held;
    time_t renewed;
    /* Who keeps the lock alive when something other than mig_lock_renew renews it (the
     * heartbeat thread, heartbeat.h): renew then only asks keep(keeper, ...), which says
     * 0 while the lock is ours or -1 with *err. NULL: renew does the renewing itself. */
    int (*keep)(void *keeper, mig_arena *a, mig_rt_error *err);
    void *keeper;
} mig_state;

void mig_state_init(mig_state *s, mig_arena *a, mig_db *db, const char *version_table);
/* A statement of state.c's or state_cursor.c's, with the version table's (%V), the lock
 * table's (%L) and the cursor table's (%C) quoted names put in (in s->a). */
const char *mig_state_sql(mig_state *s, const char *fmt);
/* "user@host pid N" */
const char *mig_state_who(const mig_state *s);

/* Whether t (as DescribeTable gives it, path set) is a migrun version table, lock table or
 * backfill cursor table, this project's or another's (another version_table): the key and
 * the columns migrun creates (a lock table's name also ends in _lock, a cursor table's in
 * _backfill). Extra columns do not matter. */
bool mig_state_is_state_table(const mig_p_table *t);
/* CREATE TABLE IF NOT EXISTS for both tables (NoTx, idempotent). */
int mig_state_ensure(mig_state *s, mig_rt_error *err);
/* Whether the version table exists (1, 0), or -1 with *err. */
int mig_state_exists(mig_state *s, mig_rt_error *err);
/* Every row, ordered by revision. No table: no rows. */
int mig_state_read(mig_state *s, mig_vrow **rows, size_t *n, mig_rt_error *err);
/* Write a row (UPSERT) / delete one / delete all, each in its own transaction. */
int mig_state_put(mig_state *s, const mig_vrow *row, mig_rt_error *err);
int mig_state_delete(mig_state *s, const char *revision, mig_rt_error *err);
int mig_state_purge(mig_state *s, mig_rt_error *err);
/* Inside a caller's transaction: set the row's steps_done, committing with the statement. */
int mig_state_tx_set_steps(mig_state *s, ydb_tx *tx, const char *revision, uint32_t steps, ydb_error *ye);
/* A yql/c step's claim, the first statement of its transaction: reads steps_done and, in
 * the same statement, sets it to `steps` where it is `expected` (with `after`, also the
 * row's state, applied_by, applied_at and migrun_version: the last step of an upgrade
 * makes the row `applied`). Returns the steps_done it read (the update took place iff
 * that equals `expected`), -1 when there is no row, -2 on a failure (*ye).
 * mig_state_tx_set_steps commits the transaction with its statement. */
int64_t mig_state_tx_claim(mig_state *s, ydb_tx *tx, const char *revision, uint32_t expected, uint32_t steps,
                           const mig_vrow *after, ydb_error *ye);

/* ---- backfill cursors (state_cursor.c; decision 0027): the table <vt>_backfill holds one
 * row per backfill step under way: the last key done (the cursor), the end key fixed when
 * the step started, and the rows updated so far. A page's transaction reads the row and
 * writes it back with the page's UPDATE; the step's last transaction deletes it with the
 * claim of its progress. */
typedef struct mig_cursor {
    bool present;
    const char *cursor;   /* encoded key (mig_cursor_encode); "" before the first page */
    const char *end;      /* encoded end key; "" when the table had no rows */
    uint64_t rows;        /* rows updated so far */
    const char *started_at;
} mig_cursor;

const char *mig_cursor_table(const mig_state *s);
/* The row's key: revision, direction and step number. */
const char *mig_cursor_id(mig_arena *a, const char *revision, bool up, uint32_t step);
/* CREATE TABLE IF NOT EXISTS (NoTx, idempotent; in state.c with the other tables). */
int mig_cursor_ensure(mig_state *s, mig_rt_error *err);
/* A key's values (canonical text, none NULL) as one string: each "<length>:<bytes>". */
const char *mig_cursor_encode(mig_arena *a, const char *const *vals, size_t n);
/* Back into n values; -1 when malformed or of another length. */
int mig_cursor_decode(mig_arena *a, const char *enc, const char **vals, size_t n);
/* The row's SELECT ($id) and UPSERT ($id, $revision, $cursor, $end_key, $rows_done,
 * $started_at), their DECLAREs to decl and the statement to out, for a query of the
 * caller's that holds more statements (with_id: the UPSERT declares $id too, false when
 * the query's SELECT of the row has); the UPSERT's parameters (MIG_CURSOR_WRITE_PARAMS of
 * them into p); the row from result set `set` of a query's result. */
#define MIG_CURSOR_WRITE_PARAMS 6
void mig_cursor_sql_read(mig_state *s, mig_buf *decl, mig_buf *out);
void mig_cursor_sql_write(mig_state *s, mig_buf *decl, mig_buf *out, bool with_id);
size_t mig_cursor_write_params(mig_state *s, const char *id, const char *revision, const mig_cursor *c, mig_param *p);
void mig_cursor_from_rows(const ydb_result *r, size_t set, mig_cursor *c);
/* Inside a caller's transaction: read the row (c->present false when there is none), 0 or
 * -1 (*ye). */
int mig_cursor_tx_read(mig_state *s, ydb_tx *tx, const char *id, mig_cursor *c, ydb_error *ye);
/* Write the row and commit the transaction with the statement. */
int mig_cursor_tx_write_commit(mig_state *s, ydb_tx *tx, const char *id, const char *revision, const mig_cursor *c,
                               ydb_error *ye);
/* Delete the row and commit the transaction with the statement. */
int mig_cursor_tx_delete_commit(mig_state *s, ydb_tx *tx, const char *id, ydb_error *ye);

/* The same statements written into a script (upgrade|downgrade --sql), values as literals:
 * both tables created if absent; a revision's row put (UPSERT, as online; applied_at NULL:
 * CurrentUtcTimestamp(): when the script runs); a row deleted. Each ends with ";\n". */
void mig_state_script_ensure(mig_state *s, mig_buf *out);
void mig_state_script_put(mig_state *s, mig_buf *out, const mig_vrow *row);
void mig_state_script_delete(mig_state *s, mig_buf *out, const char *revision);

/* The lock. take: waits up to wait_s seconds for a held, unexpired lock (0: do not wait);
 * on MIG_RT_LOCKED *holder names who has it. renew: extends our lease (call often: it is
 * a no-op until a third of the lease has passed); fails if the lock is no longer ours. With
 * a keeper (s->keep, e.g. a heartbeat) renewing it, renew only reports what the keeper found.
 * release: deletes the row if the token is still ours. break: deletes it whoever holds it. */
int mig_lock_read(mig_state *s, mig_lockinfo *info, mig_rt_error *err);
int mig_lock_take(mig_state *s, int wait_s, mig_lockinfo *holder, mig_rt_error *err);
int mig_lock_renew(mig_state *s, mig_rt_error *err);
int mig_lock_release(mig_state *s, mig_rt_error *err);
int mig_lock_break(mig_state *s, mig_rt_error *err);
/* Whether the holder is a process of this host (same host name) that no longer runs:
 * signal 0 to its pid finds none. A holder elsewhere, or one that runs, is not gone. */
bool mig_lock_holder_gone(const mig_state *s, const mig_lockinfo *holder);

/* "2026-01-01T00:00:00Z" for t; parse it back (-1 when malformed). */
const char *mig_ts_format(mig_arena *a, time_t t);
time_t mig_ts_parse(const char *s);

#endif
