/* yql.h - ydbsim: the parsed form of the YQL subset (yql_parse.c builds it, with yql_lex.c,
 * yql_expr.c and yql_ddl.c). */
#ifndef YDBSIM_YQL_H
#define YDBSIM_YQL_H

#include "sim_internal.h"

enum {
    E_LIT, E_PARAM, E_COL, E_NEG, E_NOT, E_BIN, E_ISNULL, E_IN, E_CAST, E_COUNT_STAR,
    E_AGG, E_BETWEEN, E_VERSION,
    E_TUPLE, /* (a, b, ...): only as an operand of a comparison, which the parser rewrites */
    E_UNWRAP, /* Unwrap(a [, message b]): a without its Optional; a NULL fails the query */
};
enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_CONCAT, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT,
       OP_GE, OP_AND, OP_OR, OP_LIKE };
enum { AGG_COUNT, AGG_MIN, AGG_MAX, AGG_SUM };

typedef struct expr expr;
struct expr {
    int kind, op;
    uint32_t line, col;
    ety t;          /* E_LIT: its type; E_CAST: target */
    sim_value v;    /* E_LIT */
    char *name;     /* E_PARAM ("$x"), E_COL */
    expr *a, *b, *c;
    expr **list;    /* E_IN, E_TUPLE */
    size_t n;
    bool negate;    /* IS NOT NULL, NOT IN, NOT BETWEEN */
};

typedef struct kv {          /* NAME = value in WITH (...) / SET (...) / family options */
    char *key;               /* as written */
    expr *val;               /* literal; NULL when ident */
    char *ident;             /* identifier value (ENABLED) */
    bool ttl;                /* TTL = Interval(..) ON col [AS unit] */
    char *ttl_col;
    int ttl_unit;
    expr **tuple;            /* PARTITION_AT_KEYS (...) */
    size_t ntuple;
} kv;

typedef struct coldef {
    char *name;
    ety t;
    bool bad_type;           /* container or Tz type */
    char *bad_type_name;
    bool not_null, null_given, serial;
    char *family;
    expr *def;
    uint32_t line, col;
} coldef;

typedef struct idxdef {
    char *name;
    bool unique, async, local;
    char *using_;
    char **cols; size_t ncols;
    char **cover; size_t ncover;
} idxdef;

typedef struct famdef {
    char *name;
    kv *opts; size_t nopts;
} famdef;

enum {
    A_ADD_COLUMN, A_DROP_COLUMN, A_ALTER_COL_FAMILY, A_ALTER_COL_DROP_NOT_NULL,
    A_ALTER_COL_SET_NOT_NULL, A_ALTER_COL_SET_DEFAULT, A_ALTER_COL_DROP_DEFAULT,
    A_ADD_FAMILY, A_ALTER_FAMILY, A_SET, A_RESET, A_ADD_INDEX, A_DROP_INDEX, A_RENAME_INDEX,
    A_ALTER_INDEX, A_RENAME_TO, A_ADD_CHANGEFEED, A_ALTER_CHANGEFEED, A_DROP_CHANGEFEED,
    A_COMPACT,
};

typedef struct action {
    int kind;
    coldef col;             /* ADD COLUMN */
    char *name, *name2;     /* column/index/changefeed/family; RENAME targets */
    expr *def;              /* SET DEFAULT */
    idxdef idx;
    famdef fam;
    kv *opts; size_t nopts; /* SET (...), changefeed WITH, ALTER INDEX SET */
    char **keys; size_t nkeys; /* RESET (...) */
} action;

typedef struct orderby { expr *e; bool desc; } orderby;

typedef struct select_stmt {
    expr **proj; char **alias; size_t nproj;
    bool star;
    char *from;             /* table path, or NULL */
    expr *from_param;       /* AS_TABLE($p) */
    char *from_alias;
    expr *where;
    orderby *order; size_t norder;
    expr *limit, *offset;
    bool distinct;
} select_stmt;

enum {
    S_CREATE, S_ALTER, S_DROP, S_UPSERT, S_INSERT, S_REPLACE, S_UPDATE, S_UPDATE_ON, S_DELETE,
    S_DELETE_ON, S_SELECT, S_DECLARE, S_PRAGMA, S_BATCH_UPDATE, S_BATCH_DELETE,
};

typedef struct stmt {
    int kind;
    uint32_t line, col;
    char *table;
    bool if_exists;         /* DROP IF EXISTS / CREATE IF NOT EXISTS */
    /* CREATE */
    coldef *cols; size_t ncols;
    char **pk; size_t npk; int npk_clauses;
    idxdef *idx; size_t nidx;
    famdef *fams; size_t nfams;
    kv *with; size_t nwith;
    bool has_changefeed, temp;
    /* ALTER */
    action *acts; size_t nacts;
    /* writes */
    char **icols; size_t nicols;
    expr ***rows; size_t nrows; /* VALUES rows, each nicols exprs */
    select_stmt *sel;           /* INSERT ... SELECT, SELECT, UPDATE/DELETE ON SELECT */
    char **setcols; expr **setvals; size_t nset;
    expr *where;
    /* DECLARE / PRAGMA */
    char *name;
    ety dtype;
    char *pragma_value;
} stmt;

typedef struct script {
    stmt **st;
    size_t n;
} script;

/* Parses text; on error fills r (GENERIC_ERROR with an issue) and returns false. */
bool yql_parse(const char *text, script *out, sim_result *r);
void script_free(script *s);
void expr_free(expr *e);
bool stmt_is_ddl(const stmt *s);
const char *stmt_op_name(const stmt *s); /* 'Upsert', 'CreateTable', ... */

#endif
