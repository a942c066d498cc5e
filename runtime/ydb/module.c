/* module.c - the module's entry point: the driver's functions as one versioned table. */
#include "module.h"

static const struct ydb_driver_api api = {
    .size = sizeof(struct ydb_driver_api),
    .version = YDB_DRIVER_API_VERSION,
    .connect = ydb_connect,
    .close = ydb_close,
    .database = ydb_database,
    .exec_notx = ydb_exec_notx,
    .tx_begin = ydb_tx_begin,
    .tx_exec = ydb_tx_exec,
    .tx_commit = ydb_tx_commit,
    .tx_rollback = ydb_tx_rollback,
    .retry_tx = ydb_retry_tx,
    .describe_table = ydb_describe_table,
    .make_directory = ydb_make_directory,
    .list_directory = ydb_list_directory,
    .tx_exec_commit = ydb_tx_exec_commit,
    .call_timeout = ydb_call_timeout,
    .list_directory_typed = ydb_list_directory_typed,
    .rename_tables = ydb_rename_tables,
    .table_rows_estimate = ydb_table_rows_estimate,
};

__attribute__((visibility("default"))) const struct ydb_driver_api *migrun_ydb_driver(void)
{
    return &api;
}
