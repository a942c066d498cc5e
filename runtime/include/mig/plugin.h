/* mig/plugin.h - the one header migc's generated revisions and migrun share.
 *
 * A compiled revision is a shared object that exports exactly one function,
 *
 *     const mig_revision_desc *mig_plugin_descriptor(void);
 *
 * returning a pointer to constant data: the revision's identity, its place in the graph,
 * a checksum of its .mig source, its upgrade and downgrade steps as data, and function
 * pointers only for `c` steps. The runtime checks magic, ABI version and struct size
 * before it reads anything else (see runtime/loader.c).
 *
 * A native (`c`) step reaches the host only through the mig_host_api table handed to it:
 * plugins link against nothing of the runtime (they are built with -Wl,--no-undefined)
 * and are opened RTLD_NOW | RTLD_LOCAL, so every revision exports the same name.
 *
 * Compatibility rules, for whoever changes this file:
 *  - mig_revision_desc and mig_host_api are only ever appended to. A new field goes at the
 *    end; readers check the descriptor's `size` (and the host API's `size`) before
 *    touching it.
 *  - The structs that make up the steps (mig_p_step, mig_p_table, mig_p_column, ...) are
 *    read as arrays, so their size is part of the ABI: the descriptor records each one
 *    (elem_sizes, MIG_ELEM_SIZES) and the loader refuses a plugin whose sizes differ from
 *    migrun's. Changing one of them bumps MIG_ABI_VERSION.
 *  - Any other change (a field's type or meaning, a removed field, a renumbered constant)
 *    bumps MIG_ABI_VERSION, and the loader then refuses older plugins by name.
 *  - Numbers below are part of the ABI: never renumber, only add.
 */
#ifndef MIG_PLUGIN_H
#define MIG_PLUGIN_H

/* Generated code for a revision without a c step defines MIG_DATA_ONLY: it needs only
 * these types, which GCC and Clang predefine, and so no system header at all. */
#if defined(MIG_DATA_ONLY) && defined(__SIZE_TYPE__) && defined(__UINT8_TYPE__) && defined(__UINT32_TYPE__) && \
    defined(__INT64_TYPE__)
typedef __SIZE_TYPE__ size_t;
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __INT64_TYPE__ int64_t;
#ifndef NULL
#define NULL ((void *)0)
#endif
#else
#include <stddef.h>
#include <stdint.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define MIG_PLUGIN_MAGIC 0x3147494du /* "MIG1" read as little-endian bytes */
#define MIG_ABI_VERSION 5u /* 2: mig_p_step.pre; elem_sizes. 3: values, not YQL (mig_p_kv.kind).
                              4: backfill (MIG_S_BACKFILL; mig_p_step.exprs, batch, pause_ms).
                              5: REBUILD_TABLE; mig_p_step.flags */
#define MIG_HOST_API_VERSION 1u
#define MIG_PLUGIN_SYMBOL "mig_plugin_descriptor"

/* ---- column types: YDB's own PrimitiveTypeId numbers, plus Decimal ---- */

enum {
    MIG_PT_BOOL = 0x0006, MIG_PT_INT8 = 0x0007, MIG_PT_UINT8 = 0x0005, MIG_PT_INT16 = 0x0008,
    MIG_PT_UINT16 = 0x0009, MIG_PT_INT32 = 0x0001, MIG_PT_UINT32 = 0x0002, MIG_PT_INT64 = 0x0003,
    MIG_PT_UINT64 = 0x0004, MIG_PT_FLOAT = 0x0021, MIG_PT_DOUBLE = 0x0020, MIG_PT_DATE = 0x0030,
    MIG_PT_DATETIME = 0x0031, MIG_PT_TIMESTAMP = 0x0032, MIG_PT_INTERVAL = 0x0033,
    MIG_PT_DATE32 = 0x0040, MIG_PT_DATETIME64 = 0x0041, MIG_PT_TIMESTAMP64 = 0x0042,
    MIG_PT_INTERVAL64 = 0x0043, MIG_PT_STRING = 0x1001, MIG_PT_UTF8 = 0x1200, MIG_PT_YSON = 0x1201,
    MIG_PT_JSON = 0x1202, MIG_PT_UUID = 0x1203, MIG_PT_JSON_DOCUMENT = 0x1204, MIG_PT_DYNUMBER = 0x1302,
    MIG_PT_DECIMAL = 0x7001 /* not a YDB primitive: Decimal(precision, scale) */
};

typedef struct mig_p_type {
    uint32_t id;          /* MIG_PT_* */
    uint8_t precision;    /* Decimal */
    uint8_t scale;        /* Decimal */
    uint8_t serial;       /* 0, or 2/4/8: SmallSerial/Serial/BigSerial (id is Int16/32/64) */
    uint8_t reserved;
} mig_p_type;

/* A value in canonical text, typed by the column it belongs to (see docs/plugin-abi.md):
 * integers in decimal, floats as written, Bool "true"/"false", strings as is (may hold
 * any bytes but NUL), Date "2026-01-01", Datetime/Timestamp ISO 8601 with Z, Interval
 * as an ISO 8601 duration, Uuid canonical lower case, Decimal without trailing zeros ("1.5",
 * "-12"). NULL means SQL NULL. */
typedef const char *mig_p_value;

typedef struct mig_p_column {
    const char *name;
    mig_p_type type;
    uint8_t not_null;
    uint8_t has_default;
    uint8_t reserved[2];
    mig_p_value default_value; /* when has_default; NULL: DEFAULT NULL */
    const char *family;        /* NULL: the default family */
} mig_p_column;

typedef struct mig_p_index {
    const char *name;
    const char *const *columns;
    uint32_t ncolumns;
    uint32_t ncover;
    const char *const *cover;
    uint8_t unique;
    uint8_t async;
    uint8_t building;  /* a live index YDB is still building (DescribeTable status BUILDING);
                        * always 0 in a plugin's tables */
    uint8_t reserved[5];
} mig_p_index;

typedef struct mig_p_family {
    const char *name;
    const char *data;        /* NULL when not set; the pool kind otherwise: ssd, rot */
    const char *compression; /* NULL when not set; off or lz4 */
} mig_p_family;

/* The kind of a setting's or changefeed option's value. Values are canonical text, never
 * YQL: the runtime alone writes YQL (and the .mig printer .mig) from them. */
enum {
    MIG_V_WORD = 1,     /* a keyword of YDB's: ENABLED, UPDATES, JSON (upper case) */
    MIG_V_INT = 2,      /* decimal digits: 4 */
    MIG_V_STRING = 3,   /* any text: PER_AZ:1, us-east-1 */
    MIG_V_INTERVAL = 4, /* a whole number of seconds as an ISO 8601 duration: PT1H, P1D */
    MIG_V_BOOL = 5,     /* true or false */
    MIG_V_TUPLE = 6     /* a parenthesised list of integers and "strings" (PARTITION_AT_KEYS,
                           USER_SIDS), written the same in .mig and YQL */
};

typedef struct mig_p_kv {
    const char *key;   /* upper case, e.g. AUTO_PARTITIONING_BY_LOAD */
    const char *value; /* canonical text of its kind: ENABLED, 4, PER_AZ:1, UPDATES, PT1H */
    uint32_t kind;     /* MIG_V_* */
    uint32_t reserved;
} mig_p_kv;

typedef struct mig_p_ttl {
    const char *column;   /* NULL: no TTL */
    int64_t after_seconds;
    const char *unit;     /* NULL, or SECONDS / MILLISECONDS / MICROSECONDS / NANOSECONDS */
} mig_p_ttl;

typedef struct mig_p_changefeed {
    const char *name;
    const mig_p_kv *options;
    uint32_t noptions;
    uint32_t reserved;
} mig_p_changefeed;

/* A table as the compiler knows it: the definition of create_table, and the expected
 * state after every schema step (what crash recovery compares the live schema with). */
typedef struct mig_p_table {
    const char *path;              /* relative to the database: "shop/orders" */
    const mig_p_column *columns;
    uint32_t ncolumns;
    uint32_t nkey;
    const char *const *key;        /* primary key columns, in order */
    const mig_p_index *indexes;
    uint32_t nindexes;
    uint32_t nfamilies;
    const mig_p_family *families;
    mig_p_ttl ttl;
    const mig_p_kv *settings;      /* WITH settings, sorted by key */
    uint32_t nsettings;
    uint32_t nchangefeeds;
    const mig_p_changefeed *changefeeds;
} mig_p_table;

/* ---- steps ---- */

enum {
    MIG_S_CREATE_TABLE = 1, MIG_S_DROP_TABLE = 2, MIG_S_RENAME_TABLE = 3, MIG_S_ADD_COLUMN = 4,
    MIG_S_DROP_COLUMN = 5, MIG_S_ALTER_COLUMN = 6, MIG_S_CREATE_INDEX = 7, MIG_S_DROP_INDEX = 8,
    MIG_S_RENAME_INDEX = 9, MIG_S_SET_TTL = 10, MIG_S_RESET_TTL = 11, MIG_S_SET = 12,
    MIG_S_ADD_CHANGEFEED = 13, MIG_S_DROP_CHANGEFEED = 14, MIG_S_YQL = 15, MIG_S_C = 16, MIG_S_BACKFILL = 17,
    MIG_S_REBUILD_TABLE = 18
};

enum { MIG_PCOND_NONE = 0, MIG_PCOND_IF_EXISTS = 1, MIG_PCOND_IF_NOT_EXISTS = 2 };

/* alter_column changes */
enum { MIG_CH_DROP_NOT_NULL = 1, MIG_CH_SET_FAMILY = 2, MIG_CH_SET_DEFAULT = 3, MIG_CH_DROP_DEFAULT = 4 };

typedef struct mig_p_change {
    uint32_t kind;               /* MIG_CH_* */
    uint32_t reserved;
    const char *family;          /* SET_FAMILY; NULL: back to the default family */
    mig_p_value default_value;   /* SET_DEFAULT; NULL: DEFAULT NULL */
} mig_p_change;

typedef struct mig_ctx mig_ctx;           /* the host's, opaque */
typedef struct mig_host_api mig_host_api;

/* A native step: 0 on success, a negative number on failure (after api->log). */
typedef int (*mig_native_fn)(mig_ctx *ctx, const mig_host_api *api);

typedef struct mig_p_step {
    uint32_t kind;                 /* MIG_S_* */
    uint32_t cond;                 /* MIG_PCOND_* (same numbers as the compiler's) */
    const char *table;             /* every kind but YQL and C */
    const char *to;                /* RENAME_TABLE; REBUILD_TABLE: the kept table T__before_<REV> */
    const char *name;              /* index, changefeed, or ALTER_COLUMN's column;
                                      REBUILD_TABLE: the shadow table T__rebuild_<REV> */
    const char *name2;             /* RENAME_INDEX: the new name */
    const mig_p_table *def;        /* CREATE_TABLE (no changefeeds: those are steps);
                                      REBUILD_TABLE: the new shape (its path: the table) */
    const mig_p_column *columns;   /* ADD_COLUMN */
    uint32_t ncolumns;
    uint32_t nnames;
    const char *const *names;      /* DROP_COLUMN; BACKFILL: the columns it sets;
                                      REBUILD_TABLE: every column of the new shape, in order */
    const mig_p_change *changes;   /* ALTER_COLUMN */
    uint32_t nchanges;
    uint32_t nsettings;
    const mig_p_kv *settings;      /* SET, ADD_CHANGEFEED (options) */
    const mig_p_index *index;      /* CREATE_INDEX */
    mig_p_ttl ttl;                 /* SET_TTL */
    const char *body;              /* YQL: the text; C: the source, for show; BACKFILL: the
                                      where condition (YQL), NULL when there is none */
    uint32_t body_len;
    uint32_t line;                 /* where the step is in the .mig file (0: derived) */
    mig_native_fn native;          /* C */
    const char *post_path;         /* the table this step leaves behind (after a rename,
                                      the new path); NULL for YQL and C */
    const mig_p_table *post;       /* its expected state; NULL when the step dropped it */
    const mig_p_table *pre;        /* the table (`table`) before the step; NULL when it did
                                      not exist. With post, what crash recovery compares
                                      the live schema with. */
    const char *const *exprs;      /* BACKFILL: the YQL expression of each column in names;
                                      REBUILD_TABLE: the YQL expression over the old row
                                      giving each column in names (a column copied by
                                      name: its backticked name), NULL for no source */
    uint32_t batch;                /* BACKFILL, REBUILD_TABLE: rows per page (each page one
                                      transaction) */
    uint32_t pause_ms;             /* BACKFILL: the pause between pages */
    uint32_t flags;                /* MIG_PSTEP_* */
} mig_p_step;

/* mig_p_step.flags */
#define MIG_PSTEP_REPLACE 1u /* RENAME_TABLE: an existing destination is replaced (dropped in
                                the same transaction) */

enum { MIG_DOWN_WRITTEN = 1, MIG_DOWN_DERIVED = 2, MIG_DOWN_IRREVERSIBLE = 3 };

/* The structs the steps are made of, for elem_sizes. */
enum {
    MIG_ELEM_STEP, MIG_ELEM_TABLE, MIG_ELEM_COLUMN, MIG_ELEM_INDEX, MIG_ELEM_FAMILY, MIG_ELEM_KV,
    MIG_ELEM_TTL, MIG_ELEM_CHANGEFEED, MIG_ELEM_CHANGE, MIG_ELEM_TYPE, MIG_ELEM__COUNT
};
#define MIG_ELEM_SIZES                                                                                   \
    {                                                                                                    \
        sizeof(mig_p_step), sizeof(mig_p_table), sizeof(mig_p_column), sizeof(mig_p_index),              \
            sizeof(mig_p_family), sizeof(mig_p_kv), sizeof(mig_p_ttl), sizeof(mig_p_changefeed),         \
            sizeof(mig_p_change), sizeof(mig_p_type)                                                     \
    }

typedef struct mig_revision_desc {
    uint32_t magic;                /* MIG_PLUGIN_MAGIC */
    uint32_t abi_version;          /* MIG_ABI_VERSION */
    uint32_t size;                 /* sizeof(mig_revision_desc) when built */
    uint32_t host_api_min;         /* the oldest host API version its c steps need */
    const char *id;
    const char *message;           /* may be NULL */
    const char *const *parents;    /* empty for a root */
    uint32_t nparents;
    uint32_t ndepends;
    const char *const *depends;
    const char *const *labels;
    uint32_t nlabels;
    uint32_t downgrade_kind;       /* MIG_DOWN_* */
    const char *source_path;       /* as given to migc */
    const char *source_sha256;     /* hex, of the .mig file's bytes */
    const char *migc_version;
    const char *target_ydb;        /* "26.2" */
    const mig_p_step *upgrade;
    uint32_t nupgrade;
    uint32_t ndowngrade;
    const mig_p_step *downgrade;   /* NULL when irreversible */
    /* sizeof of the step structs as the plugin was built (MIG_ELEM_SIZES), by MIG_ELEM_* */
    uint32_t elem_sizes[MIG_ELEM__COUNT];
} mig_revision_desc;

/* ---- the host API a native step receives ---- */

typedef enum mig_log_level { MIG_LOG_DEBUG = 0, MIG_LOG_INFO = 1, MIG_LOG_WARN = 2, MIG_LOG_ERROR = 3 } mig_log_level;

/* A query parameter: the name with its '$', a type, and a value in canonical text. */
typedef struct mig_param {
    const char *name;
    mig_p_type type;
    mig_p_value value; /* NULL: NULL (the parameter is then Optional<type>) */
} mig_param;

typedef struct mig_rows mig_rows; /* the host's, opaque */

struct mig_host_api {
    uint32_t size;     /* sizeof(mig_host_api) of the host: check before using a later field */
    uint32_t version;  /* MIG_HOST_API_VERSION of the host */
    /* Run YQL in the step's transaction with parameters. *rows (may be NULL if not
     * wanted) receives the first result set; free it with rows_free. 0 or negative. */
    int (*exec)(mig_ctx *ctx, const char *yql, const mig_param *params, size_t nparams, mig_rows **rows);
    /* Iterate rows: 1 while there is a row, 0 at the end. */
    int (*rows_next)(mig_rows *rows);
    size_t (*rows_columns)(const mig_rows *rows);
    const char *(*rows_name)(const mig_rows *rows, size_t col);
    /* The current row's value in canonical text; NULL for NULL. Valid until rows_next. */
    const char *(*rows_text)(const mig_rows *rows, size_t col);
    void (*rows_free)(mig_rows *rows);
    /* Live schema questions: 1 yes, 0 no, negative on error. */
    int (*table_exists)(mig_ctx *ctx, const char *table);
    int (*column_exists)(mig_ctx *ctx, const char *table, const char *column);
    int (*index_exists)(mig_ctx *ctx, const char *table, const char *index);
    void (*log)(mig_ctx *ctx, mig_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;
    /* The message of the last failure of exec, for the step's own log line. */
    const char *(*last_error)(mig_ctx *ctx);
    /* Version 2 and later append here. */
};

/* Inside a c step (generated code defines MIG_NATIVE_STEP), `ctx` and `api` are in scope
 * and these read as the step's vocabulary:
 *     if (mig_column_exists("users", "status") == 0) return -1;
 *     mig_exec("UPDATE users SET status = 'new'u WHERE status IS NULL;", NULL, 0, NULL);  */
#ifdef MIG_NATIVE_STEP
#define mig_exec(yql, params, nparams, rows) (api->exec(ctx, (yql), (params), (nparams), (rows)))
#define mig_log(level, ...) (api->log(ctx, (level), __VA_ARGS__))
#define mig_table_exists(table) (api->table_exists(ctx, (table)))
#define mig_column_exists(table, column) (api->column_exists(ctx, (table), (column)))
#define mig_index_exists(table, index) (api->index_exists(ctx, (table), (index)))
#define mig_last_error() (api->last_error(ctx))
#endif

/* What generated code exports. */
#define MIG_PLUGIN_EXPORT __attribute__((visibility("default")))
typedef const mig_revision_desc *(*mig_plugin_descriptor_fn)(void);

#ifdef __cplusplus
}
#endif

#endif
