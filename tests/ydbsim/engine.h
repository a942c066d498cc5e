/* engine.h - ydbsim's database: an in-memory catalog of folders and row tables, a YQL
 * subset, and serializable transactions with optimistic locks. No gRPC here: the server
 * (server.c and the services) converts protobuf messages to and from these types.
 *
 * ydbsim is a TEST TOOL that imitates YDB's answers for what migc/migrun and YDB's
 * official SDKs use. It is not a database.
 */
#ifndef YDBSIM_ENGINE_H
#define YDBSIM_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- types (mirror Ydb.Type) ---- */

/* Ydb.Type.PrimitiveTypeId numbers, so the server can copy them to the wire. */
typedef enum sim_prim {
    SIM_BOOL = 0x0006, SIM_INT8 = 0x0007, SIM_UINT8 = 0x0005, SIM_INT16 = 0x0008, SIM_UINT16 = 0x0009,
    SIM_INT32 = 0x0001, SIM_UINT32 = 0x0002, SIM_INT64 = 0x0003, SIM_UINT64 = 0x0004,
    SIM_FLOAT = 0x0021, SIM_DOUBLE = 0x0020, SIM_DATE = 0x0030, SIM_DATETIME = 0x0031,
    SIM_TIMESTAMP = 0x0032, SIM_INTERVAL = 0x0033, SIM_DATE32 = 0x0040, SIM_DATETIME64 = 0x0041,
    SIM_TIMESTAMP64 = 0x0042, SIM_INTERVAL64 = 0x0043, SIM_STRING = 0x1001, SIM_UTF8 = 0x1200,
    SIM_YSON = 0x1201, SIM_JSON = 0x1202, SIM_UUID = 0x1203, SIM_JSON_DOCUMENT = 0x1204,
    SIM_DYNUMBER = 0x1302,
} sim_prim;

typedef enum sim_type_kind {
    SIM_T_PRIMITIVE, SIM_T_DECIMAL, SIM_T_OPTIONAL, SIM_T_LIST, SIM_T_TUPLE, SIM_T_STRUCT,
    SIM_T_DICT, SIM_T_VOID, SIM_T_NULL, SIM_T_EMPTY_LIST, SIM_T_EMPTY_DICT,
} sim_type_kind;

typedef struct sim_type sim_type;
struct sim_type {
    sim_type_kind kind;
    sim_prim prim;                 /* PRIMITIVE */
    uint32_t precision, scale;     /* DECIMAL */
    sim_type *item;                /* OPTIONAL, LIST; DICT key */
    sim_type *payload;             /* DICT payload */
    sim_type **members;            /* TUPLE elements, STRUCT member types */
    char **names;                  /* STRUCT member names */
    size_t nmembers;
};

/* ---- values (mirror Ydb.Value; interpretation per type, as on the wire) ---- */

typedef enum sim_value_kind {
    SIM_V_NULL,     /* null_flag_value */
    SIM_V_BOOL, SIM_V_I64, SIM_V_U64, SIM_V_DOUBLE, /* all integer widths widened; dates as on the wire */
    SIM_V_BYTES,    /* String, Yson, Utf8, Json, JsonDocument, DyNumber (text kept as bytes) */
    SIM_V_I128,     /* Decimal (value * 10^scale) and Uuid (lo/hi as on the wire) */
    SIM_V_ITEMS,    /* List, Tuple, Struct, and a row */
    SIM_V_PAIRS,    /* Dict: items[2*i] key, items[2*i+1] payload */
    SIM_V_NESTED,   /* nested_value: Optional<Optional<T>> */
} sim_value_kind;

typedef struct sim_value sim_value;
struct sim_value {
    sim_value_kind kind;
    bool b;
    int64_t i64;
    uint64_t u64;
    double d;
    char *bytes;
    size_t len;
    uint64_t lo, hi;
    sim_value *items;
    size_t nitems;
};

/* ---- results and errors ---- */

/* Ydb.StatusIds.StatusCode numbers. */
typedef enum sim_status {
    SIM_SUCCESS = 400000, SIM_BAD_REQUEST = 400010, SIM_UNAUTHORIZED = 400020,
    SIM_INTERNAL_ERROR = 400030, SIM_ABORTED = 400040, SIM_UNAVAILABLE = 400050,
    SIM_OVERLOADED = 400060, SIM_SCHEME_ERROR = 400070, SIM_GENERIC_ERROR = 400080,
    SIM_TIMEOUT = 400090, SIM_BAD_SESSION = 400100, SIM_PRECONDITION_FAILED = 400120,
    SIM_ALREADY_EXISTS = 400130, SIM_NOT_FOUND = 400140, SIM_SESSION_EXPIRED = 400150,
    SIM_CANCELLED = 400160, SIM_UNDETERMINED = 400170, SIM_UNSUPPORTED = 400180,
    SIM_SESSION_BUSY = 400190, SIM_EXTERNAL_ERROR = 400200,
} sim_status;

/* Ydb.Issue.IssueMessage, nested. severity: 1 = error, 2 = warning, as YDB sends. */
typedef struct sim_issue sim_issue;
struct sim_issue {
    char *message;
    uint32_t code;
    uint32_t severity;
    uint32_t row, column; /* 0 when unknown */
    sim_issue *issues;
    size_t nissues;
};

typedef struct sim_column {
    char *name;
    sim_type *type;
} sim_column;

typedef struct sim_result_set {
    sim_column *columns;
    size_t ncolumns;
    sim_value *rows; /* each an SIM_V_ITEMS value, items[i] for columns[i] */
    size_t nrows;
    bool truncated;
} sim_result_set;

typedef struct sim_result {
    sim_status status;
    sim_issue *issues;
    size_t nissues;
    sim_result_set *sets;
    size_t nsets;
    char *tx_id;     /* the transaction the call left open (begin without commit), or NULL */
    unsigned delay_ms; /* answer this much later (the statement waits for an index build) */
} sim_result;

void sim_result_free(sim_result *r);

/* ---- the engine ---- */

typedef struct sim_engine sim_engine;
typedef struct sim_tx sim_tx;

typedef enum sim_tx_mode {
    SIM_TX_SERIALIZABLE_RW, SIM_TX_SNAPSHOT_RO, SIM_TX_ONLINE_RO, SIM_TX_STALE_RO,
} sim_tx_mode;

typedef struct sim_param {
    const char *name; /* with the leading '$' */
    const sim_type *type;
    const sim_value *value;
} sim_param;

/* How a statement reaches the engine: which API, which transaction rules apply. */
typedef enum sim_api {
    SIM_API_QUERY,        /* QueryService.ExecuteQuery: DDL only with no transaction */
    SIM_API_TABLE_DATA,   /* TableService.ExecuteDataQuery: DML only */
    SIM_API_TABLE_SCHEME, /* TableService.ExecuteSchemeQuery: DDL only */
} sim_api;

sim_engine *sim_engine_new(const char *database /* e.g. "/local" */);
void sim_engine_free(sim_engine *e);
/* An index added to a table that has rows builds for `ms` milliseconds: DescribeTable lists
 * it BUILDING, and the statement that added it answers when the build ends (sim_result's
 * delay_ms). With `fail`, the build then fails: the statement answers an error and the index
 * is gone. 0 ms: indexes are ready at once (the default). */
void sim_engine_set_index_build(sim_engine *e, unsigned ms, bool fail);
const char *sim_engine_database(const sim_engine *e);
/* What YQL's Version() answers ("26.2.1"); NULL: the function is unknown, as on a
 * release that predates it. A new engine answers SIM_DEFAULT_VERSION. */
#define SIM_DEFAULT_VERSION "26.2.1"
void sim_engine_set_version(sim_engine *e, const char *version);

/* Transactions. begin returns NULL only for an invalid mode. Ids are printable strings. */
sim_tx *sim_tx_begin(sim_engine *e, sim_tx_mode mode);
sim_tx *sim_tx_find(sim_engine *e, const char *tx_id);
const char *sim_tx_id(const sim_tx *tx);
/* Commit: SUCCESS, or ABORTED with YDB's "Transaction locks invalidated" issue when a
 * row or range it read was changed by another commit after it read it. The tx is freed. */
sim_result sim_tx_commit(sim_engine *e, sim_tx *tx);
void sim_tx_rollback(sim_engine *e, sim_tx *tx);

/* Execute YQL text (one or several statements). tx: the explicit transaction, or NULL for
 * an implicit one (NoTx: DDL allowed; DML auto-committed). begin_mode >= 0 starts a new
 * transaction for this call (Query/Table "begin_tx"); commit ends it after the call.
 * Results as YDB gives them; errors with YDB's statuses and issue texts.
 * (engine note) When a DML call fails, the transaction it ran in (tx, or the one begun for it)
 * is rolled back and FREED, as YDB invalidates it: the caller must not use tx again, and
 * sim_tx_find(id) returns NULL afterwards. The engine is not thread-safe: serialize calls. */
sim_result sim_execute(sim_engine *e, sim_api api, sim_tx *tx, int begin_mode, bool commit,
                       const char *yql, const sim_param *params, size_t nparams);

/* ---- scheme ---- */

/* Ydb.Scheme.Entry.Type wire numbers (ydb_scheme.proto: DIRECTORY=1, TABLE=2,
 * PERS_QUEUE_GROUP=3, DATABASE=4), so the server can copy them to the wire. */
typedef enum sim_entry_type { SIM_ENTRY_DIRECTORY = 1, SIM_ENTRY_TABLE = 2, SIM_ENTRY_DATABASE = 4 } sim_entry_type;

typedef struct sim_entry {
    char *name;           /* last path component; malloc'd, owned by the caller (free()) */
    sim_entry_type type;
} sim_entry;

/* Paths may be absolute (under the database) or relative to it.
 * Ownership: sim_list_directory sets *entries to a malloc'd array (NULL when *n == 0)
 * whose names are malloc'd too; the caller frees each entries[i].name, then *entries.
 * sim_describe_path fills *self with a malloc'd name (NULL on error); the caller frees
 * self->name. Both leave nothing to free on error except what the sim_result holds. */
sim_result sim_list_directory(sim_engine *e, const char *path, sim_entry **entries, size_t *n);
sim_result sim_describe_path(sim_engine *e, const char *path, sim_entry *self);
sim_result sim_make_directory(sim_engine *e, const char *path);
sim_result sim_remove_directory(sim_engine *e, const char *path);

/* DescribeTable, as YDB reports it (Ydb.Table.DescribeTableResult's parts). */
typedef struct sim_index_desc {
    char *name;
    char **cols;
    size_t ncols;
    char **cover;
    size_t ncover;
    bool unique, async;
    bool building;  /* DescribeTable's status BUILDING (else READY) */
} sim_index_desc;

typedef struct sim_column_desc {
    char *name;
    sim_type *type;       /* Optional<T> for nullable columns, as YDB reports */
    char *family;         /* NULL: default */
    bool has_default;
    sim_value default_value;
    sim_type *default_type;
} sim_column_desc;

typedef struct sim_table_desc {
    sim_column_desc *columns;
    size_t ncolumns;
    char **primary_key;
    size_t npk;
    sim_index_desc *indexes;
    size_t nindexes;
    bool has_ttl;
    char *ttl_column;
    uint32_t ttl_expire_after_seconds;
    int ttl_unit;         /* 0 = date-type column; else Ydb.Table.ValueSinceUnixEpochModeSettings.Unit */
    char **setting_keys;  /* the WITH settings as written, upper-case keys, canonical values */
    char **setting_values;
    size_t nsettings;
    char **changefeeds;
    size_t nchangefeeds;
    char **family_names;  /* the declared column families; data/compression NULL when unset */
    char **family_data;
    char **family_compression; /* lower case: off, lz4 */
    size_t nfamilies;
    uint64_t rows;        /* the committed rows: DescribeTable's table_stats.rows_estimate */
} sim_table_desc;

sim_result sim_describe_table(sim_engine *e, const char *path, sim_table_desc *out);
void sim_table_desc_free(sim_table_desc *d);

/* TableService.RenameTables (rename.c): the items in order, in one step, all or none; an item
 * with replace drops its destination (and its rows) first. Paths as above. */
typedef struct sim_rename {
    const char *src, *dst;
    bool replace;
} sim_rename;
sim_result sim_rename_tables(sim_engine *e, const sim_rename *items, size_t n);

/* ---- persistence (--state FILE) ---- */
int sim_engine_save(const sim_engine *e, const char *path);   /* 0 or -1 (errno) */
sim_engine *sim_engine_load(const char *path, const char *database); /* NULL if unreadable */

#endif
