/* ast.h - the syntax tree of one .mig file.
 *
 * Pure syntax: nothing here knows YDB rules. Every node carries byte-offset locations
 * into its source; all nodes, strings and arrays live in the parse's arena. Names are
 * NUL-terminated (the scanner refuses NUL bytes inside names and strings).
 */
#ifndef MIG_AST_H
#define MIG_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/diag.h"

typedef struct mig_name {
    const char *s;
    mig_loc loc;
    bool quoted; /* written with backticks */
} mig_name;

typedef struct mig_names {
    mig_name *v;
    size_t n, cap;
    mig_loc loc; /* the whole list, parentheses included when there were any */
} mig_names;

/* A table path: elements separated by '/' (`billing/invoices`). */
typedef struct mig_path {
    const char *s; /* joined with '/' */
    mig_loc loc;
} mig_path;

typedef enum mig_lit_kind {
    MIG_LIT_INT,     /* digits; text holds them, neg the sign */
    MIG_LIT_FLOAT,   /* 1.5, 1e3 */
    MIG_LIT_WORD,    /* digits with a suffix: 30d, 0ul */
    MIG_LIT_STRING,  /* "..." or '...', text decoded */
    MIG_LIT_BOOL,    /* true / false in text */
    MIG_LIT_NULL,
    MIG_LIT_IDENT,   /* a bare name such as ENABLED or updates */
    MIG_LIT_CALL,    /* Name("text") or Name(): typed constructor or function */
    MIG_LIT_TUPLE,   /* (a, b, ...) */
} mig_lit_kind;

typedef struct mig_lit mig_lit;
struct mig_lit {
    mig_lit_kind kind;
    mig_loc loc;
    const char *text;  /* INT/FLOAT/WORD digits, STRING contents, IDENT/CALL name, BOOL */
    bool neg;          /* a leading '-' */
    const char *arg;   /* CALL: the string argument, NULL for Name() */
    mig_loc arg_loc;
    mig_lit **items;   /* TUPLE */
    size_t nitems, cap;
};

typedef struct mig_type mig_type;
struct mig_type {
    const char *name;   /* as written */
    mig_loc loc;        /* the whole type expression */
    mig_loc name_loc;
    long long args[2];  /* Decimal(p, s), Utf8(50) */
    int nargs;          /* -1: no parentheses */
    mig_type **params;  /* List<...>, Optional<...> */
    size_t nparams, cap;
    bool has_params;
    unsigned optional;  /* how many trailing '?' */
};

typedef enum mig_mod_kind {
    MIG_MOD_PK,
    MIG_MOD_NOT_NULL,
    MIG_MOD_NULL,
    MIG_MOD_DEFAULT,
    MIG_MOD_FAMILY,
    MIG_MOD_REFERENCES,  /* always an error: YDB has no foreign keys */
    MIG_MOD_UNIQUE,      /* always an error: use a unique index */
    MIG_MOD_PRIMARY_KEY, /* SQL's `primary key` written on a column: an error, use pk */
    MIG_MOD_AUTO_INCREMENT, /* an error: use a Serial type */
    MIG_MOD_COMMENT,     /* an error: YDB keeps no column comments */
    MIG_MOD_RENAMED_FROM,/* renamed_from "old": a declared schema's rename hint (name) */
} mig_mod_kind;

typedef struct mig_mod {
    mig_mod_kind kind;
    mig_loc loc;
    mig_lit *lit;    /* DEFAULT */
    mig_name name;   /* FAMILY */
    mig_path path;   /* REFERENCES */
} mig_mod;

typedef struct mig_column {
    mig_name name;
    mig_type *type;
    mig_mod *mods;
    size_t nmods, cap;
    mig_loc loc;
} mig_column;

typedef struct mig_setting {
    mig_name key;
    mig_lit *value;
    mig_loc loc;
} mig_setting;

typedef struct mig_settings {
    mig_setting *v;
    size_t n, cap;
    mig_loc loc;
} mig_settings;

typedef enum mig_idxopt_kind {
    MIG_IDX_UNIQUE,
    MIG_IDX_ASYNC,
    MIG_IDX_SYNC,
    MIG_IDX_COVER,
    MIG_IDX_IF_NOT_EXISTS,
    MIG_IDX_RENAMED_FROM, /* a declared schema's rename hint */
} mig_idxopt_kind;

typedef struct mig_idxopt {
    mig_idxopt_kind kind;
    mig_loc loc;
    mig_names cover;
    mig_name renamed;     /* RENAMED_FROM: the old name */
} mig_idxopt;

typedef struct mig_index {
    mig_name name;
    mig_names cols;
    mig_idxopt *opts;
    size_t nopts, cap;
    mig_loc loc;
} mig_index;

typedef struct mig_ttl {
    mig_name col;
    mig_lit *after;    /* a duration: 30d, "P30D", Interval("P30D") */
    mig_name unit;     /* `as seconds`; s == NULL when absent */
    mig_loc loc;
} mig_ttl;

typedef enum mig_item_kind {
    MIG_ITEM_COLUMN,
    MIG_ITEM_PRIMARY_KEY,
    MIG_ITEM_INDEX,
    MIG_ITEM_TTL,
    MIG_ITEM_WITH,
    MIG_ITEM_FAMILY,
    MIG_ITEM_RENAMED_FROM, /* renamed_from "old"; a declared schema's rename hint */
} mig_item_kind;

typedef struct mig_item {
    mig_item_kind kind;
    mig_loc loc;
    mig_column *column;
    mig_names pk;
    mig_index *index;
    mig_ttl *ttl;
    mig_name family;      /* FAMILY name (settings) */
    mig_settings settings;/* WITH and FAMILY */
    mig_name renamed;     /* RENAMED_FROM: the old path */
} mig_item;

typedef enum mig_change_kind {
    MIG_CHG_NULL,         /* null; / drop not null; */
    MIG_CHG_NOT_NULL,     /* not null; / set not null;  (refused: YDB cannot) */
    MIG_CHG_FAMILY,
    MIG_CHG_TYPE,         /* type T; (refused: YDB cannot) */
    MIG_CHG_RENAME,       /* rename to X; (refused: YDB cannot) */
    MIG_CHG_DEFAULT,      /* default LIT; / set default LIT; */
    MIG_CHG_DROP_DEFAULT, /* drop default; */
} mig_change_kind;

typedef struct mig_change {
    mig_change_kind kind;
    mig_loc loc;
    mig_name name;   /* FAMILY, RENAME */
    mig_type *type;  /* TYPE */
    mig_lit *lit;    /* DEFAULT */
} mig_change;

typedef enum mig_step_kind {
#define MIG_STEPKIND(kind, name) MIG_STEP_##kind,
#include "../common/steps.def"
#undef MIG_STEPKIND
} mig_step_kind;

typedef enum mig_cond { MIG_COND_NONE, MIG_COND_IF_EXISTS, MIG_COND_IF_NOT_EXISTS } mig_cond;

/* One `C = EXPR` of a backfill or of a rebuild_table's copy block: the expression is YQL
 * text, as written between quotes. */
typedef struct mig_assign {
    mig_name col;
    const char *expr;
    size_t expr_len;
    mig_loc expr_loc; /* of the text itself, quotes excluded */
} mig_assign;

typedef struct mig_step {
    mig_step_kind kind;
    mig_loc loc;      /* the whole step */
    mig_loc kw_loc;   /* its keyword */
    mig_path table;   /* the table every step but yql/c works on */
    mig_path to;      /* RENAME_TABLE destination */
    bool replace;     /* RENAME_TABLE: `replace` (an existing destination is dropped) */
    mig_name name;    /* index, changefeed or column (ALTER_COLUMN) */
    mig_name name2;   /* RENAME_INDEX new name */
    mig_cond cond;
    mig_loc cond_loc;
    mig_item *items;  /* CREATE_TABLE, REBUILD_TABLE (the new body) */
    size_t nitems, icap;
    mig_column **cols;/* ADD_COLUMN */
    size_t ncols, ccap;
    mig_names names;  /* DROP_COLUMN */
    mig_change *changes; /* ALTER_COLUMN */
    size_t nchanges, chcap;
    mig_index *index; /* CREATE_INDEX (cols, opts) */
    mig_ttl *ttl;     /* SET_TTL */
    mig_settings settings; /* SET, ADD_CHANGEFEED */
    mig_assign *assigns; /* BACKFILL: set C = EXPR, ...; REBUILD_TABLE: copy < C = EXPR; ... > */
    size_t nassigns, acap;
    mig_loc copy_loc; /* REBUILD_TABLE: the `copy` keyword (start == end when absent) */
    mig_lit *batch;   /* BACKFILL, REBUILD_TABLE: `batch N`, NULL when absent */
    mig_lit *pause;   /* BACKFILL: `pause DURATION`, NULL when absent */
    const char *body; /* YQL, C: the text between the quotes; BACKFILL: the where condition */
    size_t body_len;
    mig_loc body_loc; /* of the text itself, quotes excluded */
} mig_step;

typedef struct mig_steps {
    mig_step **v;
    size_t n, cap;
} mig_steps;

typedef enum mig_section_kind { MIG_SEC_UPGRADE, MIG_SEC_DOWNGRADE, MIG_SEC_IRREVERSIBLE } mig_section_kind;

typedef struct mig_section {
    mig_section_kind kind;
    mig_loc loc;
    mig_loc kw_loc;
    mig_steps steps;
} mig_section;

typedef enum mig_header_kind { MIG_HDR_REVISION, MIG_HDR_REVISES, MIG_HDR_DEPENDS_ON, MIG_HDR_LABEL } mig_header_kind;

typedef struct mig_header {
    mig_header_kind kind;
    mig_loc loc;
    mig_loc kw_loc;
    mig_name id;         /* REVISION */
    const char *message; /* REVISION, may be NULL */
    mig_loc message_loc;
    mig_names names;     /* REVISES (empty with is_base), DEPENDS_ON, LABEL */
    bool is_base;        /* revises base; */
} mig_header;

/* One parsed file. The parser keeps headers and sections in source order; the
 * compiler checks that each appears as often as it must. */
typedef struct mig_file {
    const mig_source *src;
    mig_header **headers;
    size_t nheaders, hcap;
    mig_section **sections;
    size_t nsections, scap;
    mig_steps decls;  /* a declared schema (mig_parse_declared): its steps, no headers */
    unsigned nerrors; /* syntax errors in this file */
} mig_file;

const char *mig_step_kind_name(mig_step_kind k); /* the keyword, e.g. "create_table" */

/* ---- constructors (ast.c), used by the grammar's actions: nodes, strings and arrays go in
 * the arena; a new node is zeroed but for what its constructor sets. */
mig_loc mig_loc_span(mig_loc a, mig_loc b); /* from a's start to b's end */
mig_name mig_ast_name(const char *s, mig_loc loc, bool quoted);
mig_names mig_ast_names1(mig_arena *a, mig_name n); /* a list of one */
mig_path mig_ast_join_path(mig_arena *a, mig_path head, mig_name b); /* head/b */
mig_lit *mig_ast_lit(mig_arena *a, mig_lit_kind k, const char *text, mig_loc loc);
long long mig_lit_ll(const mig_lit *l); /* an integer literal's value, saturated */
mig_step *mig_ast_step(mig_arena *a, mig_step_kind k, mig_loc kw);
/* A header or section appended to f, in source order. */
mig_header *mig_ast_add_header(mig_arena *a, mig_file *f, mig_header_kind k, mig_loc loc, mig_loc kw);
mig_section *mig_ast_add_section(mig_arena *a, mig_file *f, mig_section_kind k, mig_loc loc, mig_loc kw);

#endif
