/* module.h - the one entry point of the driver module (migrun-ydb.so).
 *
 * migrun dlopens the module only for commands that talk to a database, looks up
 * MIGRUN_YDB_DRIVER_SYMBOL and calls it. The table it returns is constant data:
 *
 *     const struct ydb_driver_api *api = migrun_ydb_driver();
 *     if (api->version != YDB_DRIVER_API_VERSION || api->size < sizeof *api) refuse;
 *
 * Compatibility: the struct is append-only. A new function goes at the end and readers
 * check `size` before they touch it; any other change bumps YDB_DRIVER_API_VERSION
 * (driver.h). Unload order: ydb_close every connection before dlclose (it ends grpc's
 * threads through the last grpc_shutdown).
 */
#ifndef MIG_YDB_MODULE_H
#define MIG_YDB_MODULE_H

#include "driver.h"

#define MIGRUN_YDB_DRIVER_SYMBOL "migrun_ydb_driver"

struct ydb_driver_api {
    uint32_t size;    /* sizeof(struct ydb_driver_api) when the module was built */
    uint32_t version; /* YDB_DRIVER_API_VERSION */
    int (*connect)(mig_arena *a, const ydb_options *o, ydb_conn **out, ydb_error *err);
    void (*close)(ydb_conn *c);
    const char *(*database)(const ydb_conn *c);
    int (*exec_notx)(ydb_conn *c, const char *yql, const mig_param *params, size_t nparams, bool idempotent,
                     mig_arena *a, ydb_result *res, ydb_error *err);
    int (*tx_begin)(ydb_conn *c, ydb_tx **tx, ydb_error *err);
    int (*tx_exec)(ydb_tx *tx, const char *yql, const mig_param *params, size_t nparams, mig_arena *a,
                   ydb_result *res, ydb_error *err);
    int (*tx_commit)(ydb_tx *tx, ydb_error *err);
    void (*tx_rollback)(ydb_tx *tx);
    int (*retry_tx)(ydb_conn *c, ydb_tx_fn fn, void *ud, ydb_error *err);
    int (*describe_table)(ydb_conn *c, const char *path, mig_arena *a, mig_p_table *out, ydb_error *err);
    int (*make_directory)(ydb_conn *c, const char *path, ydb_error *err);
    int (*list_directory)(ydb_conn *c, const char *path, mig_arena *a, const char ***names, size_t *n,
                          ydb_error *err);
    /* Appended (check size first): the last statement committed with the transaction. */
    int (*tx_exec_commit)(ydb_tx *tx, const char *yql, const mig_param *params, size_t nparams, mig_arena *a,
                          ydb_result *res, ydb_error *err);
    /* Appended: the deadline of later calls (ms; 0: the connection's own); returns the old. */
    int (*call_timeout)(ydb_conn *c, int ms);
    /* Appended: list_directory with each child's kind (YDB_ENTRY_*, parallel to names). */
    int (*list_directory_typed)(ydb_conn *c, const char *path, mig_arena *a, const char ***names, int **kinds,
                                size_t *n, ydb_error *err);
    /* Appended: rename tables in one transaction (ydb_rename_tables). */
    int (*rename_tables)(ydb_conn *c, const ydb_rename_item *items, size_t n, ydb_error *err);
    /* Appended: YDB's estimate of a table's rows (ydb_table_rows_estimate). */
    int (*table_rows_estimate)(ydb_conn *c, const char *path, uint64_t *rows, ydb_error *err);
    /* Version 1 appends here. */
};

typedef const struct ydb_driver_api *(*migrun_ydb_driver_fn)(void);

/* What the module exports (and nothing else). */
const struct ydb_driver_api *migrun_ydb_driver(void);

#endif
