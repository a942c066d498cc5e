/* driver.h - migrun's YDB driver: grpc core + protobuf-c on the project's .proto subset.
 *
 * It speaks what YDB's own SDKs speak (../shared/reference/ydb-protocol.md): QueryService
 * for statements (DDL with no transaction, data in serializable transactions, an
 * AttachSession stream kept open for the session's life), TableService DescribeTable for
 * introspection, SchemeService for folders; x-ydb-database, x-ydb-auth-ticket and
 * x-ydb-sdk-build-info on every call; retries with backoff for the statuses the SDKs retry.
 *
 * The driver is built as a module (migrun-ydb.so) that migrun loads only for commands that
 * talk to a database, so offline commands never load gRPC. Values cross this interface in
 * the plugin ABI's form (mig/plugin.h): a mig_p_type and canonical text.
 */
#ifndef MIG_YDB_DRIVER_H
#define MIG_YDB_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../common/arena.h"
#include "mig/plugin.h"

#define YDB_DRIVER_API_VERSION 1

typedef struct ydb_conn ydb_conn;
typedef struct ydb_tx ydb_tx;

typedef enum ydb_auth_kind { YDB_AUTH_ANONYMOUS, YDB_AUTH_TOKEN, YDB_AUTH_STATIC } ydb_auth_kind;

typedef struct ydb_options {
    const char *url;          /* grpc://host:port/db, grpcs://..., grpc://host:port/?database=/db,
                                 yql+ydb://host:port/db (SQLAlchemy style: TLS off) */
    const char *ca_file;      /* grpcs: PEM roots; NULL: the system roots */
    ydb_auth_kind auth;
    const char *token;        /* YDB_AUTH_TOKEN */
    const char *user;         /* YDB_AUTH_STATIC: Login on the same endpoint */
    const char *password;
    int connect_timeout_ms;   /* 0: 10 000 */
    int call_timeout_ms;      /* one attempt; 0: 60 000 (DDL that builds an index may take long) */
    int retry_budget_ms;      /* all attempts of one operation; 0: 120 000 */
    bool discovery;           /* ListEndpoints first and use what it says (default off: the
                                 seed address is used, as YDB behind a balancer expects) */
    const char *app_name;     /* x-ydb-application-name, may be NULL */
    /* Diagnostics: each call and retry at level DEBUG, retries at INFO. May be NULL. */
    void (*log)(void *ud, int level, const char *msg);
    void *log_ud;
} ydb_options;

/* What went wrong, for people: never contains a credential. The strings belong to the
 * connection and stay valid until its next failing call or ydb_close (ydb_connect's: in
 * the arena it was given). */
typedef struct ydb_error {
    int grpc_status;          /* 0 when the call reached YDB */
    int ydb_status;           /* Ydb.StatusIds.StatusCode, 0 when none */
    const char *status_name;  /* "SCHEME_ERROR", "UNAVAILABLE (gRPC)", ... */
    const char *message;      /* the issues, flattened: "Cannot find table ...; Execution" */
    bool retryable;           /* the SDKs would retry it */
    bool undetermined;        /* the call may or may not have taken effect (connection lost
                                 after sending, UNDETERMINED, DEADLINE_EXCEEDED...) */
    bool timed_out;           /* the call ran out of its deadline (ydb_call_timeout) */
} ydb_error;

/* Connect (and, for static credentials, log in; with discovery, list endpoints; then
 * check the database answers). Returns 0, or -1 with *err: unreachable host, TLS
 * failure, bad credentials, missing database — each said plainly, within the timeout. */
int ydb_connect(mig_arena *a, const ydb_options *o, ydb_conn **out, ydb_error *err);
void ydb_close(ydb_conn *c);
const char *ydb_database(const ydb_conn *c); /* "/local" */
/* The deadline of each later call (one attempt), in ms; 0 or less: the connection's own
 * (ydb_options.call_timeout_ms). Returns the one it replaces. migrun gives a step's
 * statements a longer one than its bookkeeping: an index build may take an hour. */
int ydb_call_timeout(ydb_conn *c, int ms);

/* Result sets, values in canonical text (mig_p_value form; NULL for NULL). */
typedef struct ydb_result_set {
    size_t ncolumns, nrows;
    const char **names;
    mig_p_type *types;        /* Optional<T> is reported as T */
    const char **cells;       /* nrows * ncolumns, row-major */
} ydb_result_set;

typedef struct ydb_result {
    ydb_result_set *sets;
    size_t nsets;
} ydb_result;

/* Run one query with no transaction (QueryService, NoTx): the way to run DDL. Retried
 * on retryable statuses within the budget only when `idempotent` (DDL with IF [NOT]
 * EXISTS, reads); otherwise once, and an undetermined outcome is reported as such. */
int ydb_exec_notx(ydb_conn *c, const char *yql, const mig_param *params, size_t nparams, bool idempotent,
                  mig_arena *a, ydb_result *res, ydb_error *err);

/* Serializable read-write transactions: begin, statements, commit. A failed statement
 * ends the transaction (YDB invalidates it). Commit may return ABORTED (locks
 * invalidated): the caller re-runs the whole transaction (see ydb_retry_tx). */
int ydb_tx_begin(ydb_conn *c, ydb_tx **tx, ydb_error *err);
int ydb_tx_exec(ydb_tx *tx, const char *yql, const mig_param *params, size_t nparams, mig_arena *a,
                ydb_result *res, ydb_error *err);
/* The transaction's last statement, committed with it in the same call (ExecuteQuery with
 * commit_tx): one round trip instead of two. Afterwards only ydb_tx_commit (which then
 * makes no call) or ydb_tx_rollback (likewise) may follow. Its failure is a commit's: an
 * outcome that may have been a success is reported undetermined and is not retryable. */
int ydb_tx_exec_commit(ydb_tx *tx, const char *yql, const mig_param *params, size_t nparams, mig_arena *a,
                       ydb_result *res, ydb_error *err);
int ydb_tx_commit(ydb_tx *tx, ydb_error *err);   /* frees tx */
void ydb_tx_rollback(ydb_tx *tx);                /* frees tx */

/* Run fn in a fresh transaction, committing when it returns 0, and run it again (with
 * backoff) when the transaction fails with a retryable status, within the budget.
 * fn returns 0, or -1 to roll back and stop (with *err set by it). */
typedef int (*ydb_tx_fn)(ydb_tx *tx, void *ud, ydb_error *err);
int ydb_retry_tx(ydb_conn *c, ydb_tx_fn fn, void *ud, ydb_error *err);

/* The live schema of a table, in the plugin ABI's terms so it compares directly with the
 * compiler's expectation (mig_p_table): columns with types and NOT NULL, key, indexes
 * (unique, async, cover), TTL, changefeeds, settings YDB reports. Returns 0, 1 when the
 * table (or its folder) does not exist (YDB answers SCHEME_ERROR), or -1 with *err. */
int ydb_describe_table(ydb_conn *c, const char *path, mig_arena *a, mig_p_table *out, ydb_error *err);

/* YDB's approximation of a table's row count (DescribeTable with include_table_stats: the
 * table_stats.rows_estimate SchemeShard keeps from its partitions' statistics, cheap, not a
 * scan, possibly stale). 0 with *rows (0 when the answer has no statistics), 1 when the
 * table does not exist, or -1 with *err. */
int ydb_table_rows_estimate(ydb_conn *c, const char *path, uint64_t *rows, ydb_error *err);

/* Rename tables in one scheme transaction (TableService RenameTables): the items in order,
 * all or none; an item with `replace` drops an existing destination (with its data) in the
 * same transaction. Paths are relative to the database, as describe_table's. Not retried
 * when the outcome may have been a success (the error says undetermined). Returns 0 or -1. */
typedef struct ydb_rename_item {
    const char *src;
    const char *dst;
    bool replace;
} ydb_rename_item;
int ydb_rename_tables(ydb_conn *c, const ydb_rename_item *items, size_t n, ydb_error *err);

/* Folders (SchemeService). */
int ydb_make_directory(ydb_conn *c, const char *path, ydb_error *err);
int ydb_list_directory(ydb_conn *c, const char *path, mig_arena *a, const char ***names, size_t *n, ydb_error *err);
/* The same, with each child's kind in *kinds (parallel to *names): Ydb.Scheme.Entry.Type's
 * numbers, of which YDB_ENTRY_* are the ones migrun tells apart. */
enum { YDB_ENTRY_DIRECTORY = 1, YDB_ENTRY_TABLE = 2, YDB_ENTRY_COLUMN_TABLE = 13 };
int ydb_list_directory_typed(ydb_conn *c, const char *path, mig_arena *a, const char ***names, int **kinds, size_t *n,
                             ydb_error *err);

#endif
