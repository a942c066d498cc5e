/* parser.y - the .mig grammar. Syntax only: every YDB rule lives in compiler/. The rules and
 * the syntax-error messages are here; the actions build the tree with ast.c's constructors,
 * sqlhint.c explains SQL constraints, parse.c is the entry point (parse.h). */
%require "3.6"
%define api.pure full
%define api.prefix {mig_yy}
%define api.token.prefix {TOK_}
%define api.location.type {mig_loc}
%define parse.error custom
%locations
%expect 0
%param {mig_parser *p}

%code requires {
#include "scanner.h"
}

%code provides {
int mig_sclex(MIG_YYSTYPE *lval, mig_loc *lloc, mig_scan_t scanner);
}

%code {
#include "../common/buf.h"
#include "sqlhint.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                  \
    do {                                                             \
        if (N) {                                                     \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                    \
            (Cur).end = YYRHSLOC(Rhs, N).end;                        \
        } else {                                                     \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;          \
        }                                                            \
    } while (0)

#define YYMALLOC mig_xmalloc
#define YYFREE free

static int yylex(MIG_YYSTYPE *lval, mig_loc *lloc, mig_parser *p);
static void yyerror(mig_loc *loc, mig_parser *p, const char *msg);

#define NEW(T) ((T *)mig_alloc(p->arena, sizeof(T)))
#define PUSH(vec, n, cap, v) MIG_PUSH(p->arena, vec, n, cap, v)
}

%union {
    mig_tok tok;
    mig_name name;
    mig_names names;
    mig_path path;
    mig_lit *lit;
    mig_type *type;
    mig_column *column;
    mig_mod mod;
    mig_setting setting;
    mig_settings settings;
    mig_index *index;
    mig_idxopt idxopt;
    mig_item item;
    mig_change change;
    mig_step *step;
    mig_steps steps;
    mig_cond cond;
    mig_ttl *ttl;
}

%token <tok> NAME "name" QNAME "quoted name" WORD "word" INT "integer" FLOAT "number"
%token <tok> STRING "string" TRIPLE "triple-quoted text"
%token <tok> ADD_CHANGEFEED "add_changefeed" ADD_COLUMN "add_column" AFTER "after" AUTO_INCREMENT "auto_increment"
%token <tok> ALTER_COLUMN "alter_column" AS "as" ASYNC "async" BACKFILL "backfill" BASE "base" BATCH "batch" WHERE "where" C "c" COMMENT "comment" COPY "copy" COVER "cover"
%token <tok> CREATE_INDEX "create_index" CREATE_TABLE "create_table" DEFAULT "default"
%token <tok> DEPENDS_ON "depends_on" DOWNGRADE "downgrade" DROP "drop"
%token <tok> DROP_CHANGEFEED "drop_changefeed" DROP_COLUMN "drop_column" DROP_INDEX "drop_index"
%token <tok> DROP_TABLE "drop_table" FALSE "false" FAMILY "family" IF_EXISTS "if_exists"
%token <tok> IF_NOT_EXISTS "if_not_exists" INDEX "index" IRREVERSIBLE "irreversible" KEY "key"
%token <tok> LABEL "label" NOT "not" NULL "null" ON "on" PAUSE "pause" PK "pk" PRIMARY "primary"
%token <tok> PRIMARY_KEY "primary_key" REBUILD_TABLE "rebuild_table" REFERENCES "references" RENAME "rename"
%token <tok> RENAME_INDEX "rename_index" RENAME_TABLE "rename_table" RENAMED_FROM "renamed_from" REPLACE "replace" RESET_TTL "reset_ttl"
%token <tok> REVISES "revises" REVISION "revision" SET "set" SET_TTL "set_ttl" SYNC "sync"
%token <tok> TO "to" TRUE "true" TTL "ttl" TYPE "type" UNIQUE "unique" UPGRADE "upgrade"
%token <tok> WITH "with" YQL "yql"
/* Not a keyword: handed to the parser first when it reads a declared schema (parse.h). */
%token DECLARED_SCHEMA "start of a declared schema"

%type <tok> item_kw plain_kw named_kw revid_tok
%type <name> name colname revid
%type <names> namelist revlist paren_names opt_paren_names
%type <path> path
%type <lit> literal lit_list number opt_message_lit
%type <type> type type_list
%type <column> coldef
%type <mod> colmod
%type <setting> setting
%type <settings> settings opt_settings
%type <index> idxopts
%type <idxopt> idxopt
%type <item> item
%type <change> change
%type <step> step create_table add_column alter_column drop_column backfill rebuild_table
%type <tok> bf_text
%type <steps> steps
%type <cond> opt_cond
%type <ttl> ttl_tail

%%

start
    : file
    | DECLARED_SCHEMA steps     { p->file->decls = $2; }
    ;

file
    : %empty
    | file top
    ;

top
    : REVISION revid opt_message_lit ';'
        {
          mig_header *h = mig_ast_add_header(p->arena, p->file, MIG_HDR_REVISION, @$, @1);
          h->id = $2;
          if ($3) { h->message = $3->text; h->message_loc = $3->loc; }
        }
    | REVISES revlist ';'
        {
          mig_header *h = mig_ast_add_header(p->arena, p->file, MIG_HDR_REVISES, @$, @1);
          h->names = $2;
          h->is_base = $2.n == 0;
        }
    | DEPENDS_ON revlist ';'
        {
          mig_header *h = mig_ast_add_header(p->arena, p->file, MIG_HDR_DEPENDS_ON, @$, @1);
          h->names = $2;
          h->is_base = $2.n == 0;
        }
    | LABEL namelist ';'
        {
          mig_header *h = mig_ast_add_header(p->arena, p->file, MIG_HDR_LABEL, @$, @1);
          h->names = $2;
        }
    | UPGRADE '<' steps '>' opt_semi
        { mig_section *s = mig_ast_add_section(p->arena, p->file, MIG_SEC_UPGRADE, @$, @1); s->steps = $3; }
    | DOWNGRADE '<' steps '>' opt_semi
        { mig_section *s = mig_ast_add_section(p->arena, p->file, MIG_SEC_DOWNGRADE, @$, @1); s->steps = $3; }
    | DOWNGRADE IRREVERSIBLE ';'
        { mig_ast_add_section(p->arena, p->file, MIG_SEC_IRREVERSIBLE, @$, @1); }
    | error
    ;

opt_semi
    : %empty
    | ';'
    ;

opt_message_lit
    : %empty   { $$ = NULL; }
    | STRING   { $$ = mig_ast_lit(p->arena, MIG_LIT_STRING, $1.s, @1); }
    ;

/* Revision ids may be keywords too, except `base`, which means "no parent". */
revid_tok
    : NAME | INT | WORD | item_kw | named_kw
    ;

revid
    : revid_tok  { $$ = mig_ast_name($1.s, @1, false); }
    ;

revlist
    : BASE              { $$ = (mig_names){0}; $$.loc = @1; }
    | revid             { $$ = mig_ast_names1(p->arena, $1); }
    | revlist ',' revid { $$ = $1; PUSH($$.v, $$.n, $$.cap, $3); $$.loc = mig_loc_span($1.loc, @3); }
    ;

steps
    : %empty            { $$ = (mig_steps){0}; }
    | steps step        { $$ = $1; PUSH($$.v, $$.n, $$.cap, $2); }
    | steps error       { $$ = $1; }
    ;

step
    : create_table opt_semi      { $$ = $1; $$->loc = mig_loc_span($1->kw_loc, @1); }
    | DROP_TABLE path opt_cond ';'
        { $$ = mig_ast_step(p->arena, MIG_STEP_DROP_TABLE, @1); $$->table = $2; $$->cond = $3; $$->cond_loc = @3; $$->loc = @$; }
    | RENAME_TABLE path TO path ';'
        { $$ = mig_ast_step(p->arena, MIG_STEP_RENAME_TABLE, @1); $$->table = $2; $$->to = $4; $$->loc = @$; }
    | RENAME_TABLE path TO path REPLACE ';'
        {
          $$ = mig_ast_step(p->arena, MIG_STEP_RENAME_TABLE, @1); $$->table = $2; $$->to = $4; $$->replace = true;
          $$->loc = @$;
        }
    | rebuild_table rb_copy bf_batch opt_semi
        { $$ = $1; $$->loc = mig_loc_span($1->kw_loc, @3); }
    | add_column opt_semi        { $$ = $1; $$->loc = mig_loc_span($1->kw_loc, @1); }
    | drop_column ';'            { $$ = $1; $$->loc = @$; }
    | alter_column opt_semi      { $$ = $1; $$->loc = mig_loc_span($1->kw_loc, @1); }
    | CREATE_INDEX name opt_cond ON path paren_names idxopts ';'
        {
          $$ = mig_ast_step(p->arena, MIG_STEP_CREATE_INDEX, @1); $$->name = $2; $$->cond = $3; $$->cond_loc = @3;
          $$->table = $5; $$->index = $7; $7->name = $2; $7->cols = $6; $7->loc = @$; $$->loc = @$;
        }
    | DROP_INDEX name opt_cond ON path opt_cond ';'
        {
          $$ = mig_ast_step(p->arena, MIG_STEP_DROP_INDEX, @1); $$->name = $2; $$->table = $5; $$->loc = @$;
          $$->cond = $3 != MIG_COND_NONE ? $3 : $6; $$->cond_loc = $3 != MIG_COND_NONE ? @3 : @6;
        }
    | RENAME_INDEX path name TO name ';'
        { $$ = mig_ast_step(p->arena, MIG_STEP_RENAME_INDEX, @1); $$->table = $2; $$->name = $3; $$->name2 = $5; $$->loc = @$; }
    | SET_TTL path ttl_tail ';'
        { $$ = mig_ast_step(p->arena, MIG_STEP_SET_TTL, @1); $$->table = $2; $$->ttl = $3; $$->loc = @$; }
    | RESET_TTL path ';'
        { $$ = mig_ast_step(p->arena, MIG_STEP_RESET_TTL, @1); $$->table = $2; $$->loc = @$; }
    | SET path '(' settings ')' ';'
        { $$ = mig_ast_step(p->arena, MIG_STEP_SET, @1); $$->table = $2; $$->settings = $4; $$->settings.loc = mig_loc_span(@3, @5); $$->loc = @$; }
    | ADD_CHANGEFEED path name opt_cond opt_settings ';'
        {
          $$ = mig_ast_step(p->arena, MIG_STEP_ADD_CHANGEFEED, @1); $$->table = $2; $$->name = $3; $$->cond = $4;
          $$->cond_loc = @4; $$->settings = $5; $$->loc = @$;
        }
    | DROP_CHANGEFEED path name opt_cond ';'
        {
          $$ = mig_ast_step(p->arena, MIG_STEP_DROP_CHANGEFEED, @1); $$->table = $2; $$->name = $3; $$->cond = $4;
          $$->cond_loc = @4; $$->loc = @$;
        }
    | YQL TRIPLE ';'
        { $$ = mig_ast_step(p->arena, MIG_STEP_YQL, @1); $$->body = $2.s; $$->body_len = $2.len; $$->body_loc = (mig_loc){@2.start + 3, @2.end - 3}; $$->loc = @$; }
    | YQL STRING ';'
        { $$ = mig_ast_step(p->arena, MIG_STEP_YQL, @1); $$->body = $2.s; $$->body_len = $2.len; $$->body_loc = (mig_loc){@2.start + 1, @2.end - 1}; $$->loc = @$; }
    | C TRIPLE ';'
        { $$ = mig_ast_step(p->arena, MIG_STEP_C, @1); $$->body = $2.s; $$->body_len = $2.len; $$->body_loc = (mig_loc){@2.start + 3, @2.end - 3}; $$->loc = @$; }
    | backfill bf_where bf_batch bf_pause ';'
        { $$ = $1; $$->loc = @$; }
    ;

/* backfill T set C = "EXPR", C2 = "EXPR2" [where "COND"] [batch N] [pause DURATION];
 * The expressions are YQL text between quotes, like a yql step's. */
backfill
    : BACKFILL path SET name '=' bf_text
        {
          $$ = mig_ast_step(p->arena, MIG_STEP_BACKFILL, @1); $$->table = $2;
          mig_assign as = {$4, $6.s, $6.len, @6};
          PUSH($$->assigns, $$->nassigns, $$->acap, as);
        }
    | backfill ',' name '=' bf_text
        {
          $$ = $1;
          mig_assign as = {$3, $5.s, $5.len, @5};
          PUSH($$->assigns, $$->nassigns, $$->acap, as);
        }
    ;

/* its location is the text's, quotes excluded */
bf_text
    : STRING                { $$ = $1; @$ = (mig_loc){@1.start + 1, @1.end - 1}; }
    | TRIPLE                { $$ = $1; @$ = (mig_loc){@1.start + 3, @1.end - 3}; }
    ;

bf_where
    : %empty
    | WHERE bf_text
        { mig_step *s = $<step>0; s->body = $2.s; s->body_len = $2.len; s->body_loc = @2; }
    ;

bf_batch
    : %empty
    | BATCH number          { mig_step *s = $<step>-1; s->batch = $2; }
    ;

bf_pause
    : %empty
    | PAUSE literal         { mig_step *s = $<step>-2; s->pause = $2; }
    ;

/* rebuild_table T < create_table's items > [copy < C = "EXPR"; ... >] [batch N]; */
rebuild_table
    : REBUILD_TABLE path '<'
        { $<step>$ = mig_ast_step(p->arena, MIG_STEP_REBUILD_TABLE, @1); $<step>$->table = $2; }
      items '>'
        { $$ = $<step>4; }
    ;

rb_copy
    : %empty
    | COPY '<' rb_copies '>'
        { mig_step *s = $<step>0; s->copy_loc = @1; }
    ;

/* $<step>-2: the rebuild_table before `copy <` */
rb_copies
    : %empty
    | rb_copies name '=' bf_text ';'
        {
          mig_step *s = $<step>-2;
          mig_assign as = {$2, $4.s, $4.len, @4};
          PUSH(s->assigns, s->nassigns, s->acap, as);
        }
    | rb_copies error ';'   { yyerrok; }
    ;

create_table
    : CREATE_TABLE path opt_cond '<'
        { $<step>$ = mig_ast_step(p->arena, MIG_STEP_CREATE_TABLE, @1); $<step>$->table = $2; $<step>$->cond = $3; $<step>$->cond_loc = @3; }
      items '>'
        { $$ = $<step>5; }
    ;

items
    : %empty
    | items item
        { mig_step *s = $<step>0; PUSH(s->items, s->nitems, s->icap, $2); }
    | items error ';'   { yyerrok; }
    ;

item
    : coldef ';'
        { $$ = (mig_item){0}; $$.kind = MIG_ITEM_COLUMN; $$.column = $1; $$.loc = @1; }
    | PRIMARY_KEY paren_names ';'
        { $$ = (mig_item){0}; $$.kind = MIG_ITEM_PRIMARY_KEY; $$.pk = $2; $$.loc = mig_loc_span(@1, @2); }
    | INDEX name idxopts ON paren_names idxopts ';'
        {
          $$ = (mig_item){0}; $$.kind = MIG_ITEM_INDEX; $$.index = $3; $3->name = $2; $3->cols = $5;
          for (size_t i = 0; i < $6->nopts; i++) PUSH($3->opts, $3->nopts, $3->cap, $6->opts[i]);
          $3->loc = mig_loc_span(@1, @6); $$.loc = $3->loc;
        }
    | TTL ttl_tail ';'
        { $$ = (mig_item){0}; $$.kind = MIG_ITEM_TTL; $$.ttl = $2; $2->loc = mig_loc_span(@1, @2); $$.loc = $2->loc; }
    | WITH '(' settings ')' ';'
        { $$ = (mig_item){0}; $$.kind = MIG_ITEM_WITH; $$.settings = $3; $$.settings.loc = mig_loc_span(@2, @4); $$.loc = mig_loc_span(@1, @4); }
    | FAMILY name '(' settings ')' ';'
        { $$ = (mig_item){0}; $$.kind = MIG_ITEM_FAMILY; $$.family = $2; $$.settings = $4; $$.settings.loc = mig_loc_span(@3, @5); $$.loc = mig_loc_span(@1, @5); }
    | RENAMED_FROM STRING ';'
        { $$ = (mig_item){0}; $$.kind = MIG_ITEM_RENAMED_FROM; $$.renamed = mig_ast_name($2.s, @2, false); $$.loc = mig_loc_span(@1, @2); }
    ;

idxopts
    : %empty                { $$ = NEW(mig_index); }
    | idxopts idxopt        { $$ = $1; PUSH($$->opts, $$->nopts, $$->cap, $2); }
    ;

idxopt
    : UNIQUE                { $$ = (mig_idxopt){0}; $$.kind = MIG_IDX_UNIQUE; $$.loc = @1; }
    | ASYNC                 { $$ = (mig_idxopt){0}; $$.kind = MIG_IDX_ASYNC; $$.loc = @1; }
    | SYNC                  { $$ = (mig_idxopt){0}; $$.kind = MIG_IDX_SYNC; $$.loc = @1; }
    | COVER paren_names     { $$ = (mig_idxopt){0}; $$.kind = MIG_IDX_COVER; $$.cover = $2; $$.loc = mig_loc_span(@1, @2); }
    | IF_NOT_EXISTS         { $$ = (mig_idxopt){0}; $$.kind = MIG_IDX_IF_NOT_EXISTS; $$.loc = @1; }
    | RENAMED_FROM STRING   { $$ = (mig_idxopt){0}; $$.kind = MIG_IDX_RENAMED_FROM; $$.renamed = mig_ast_name($2.s, @2, false); $$.loc = @$; }
    ;

ttl_tail
    : name AFTER literal
        { $$ = NEW(mig_ttl); $$->col = $1; $$->after = $3; $$->loc = mig_loc_span(@1, @3); }
    | name AFTER literal AS name
        { $$ = NEW(mig_ttl); $$->col = $1; $$->after = $3; $$->unit = $5; $$->loc = mig_loc_span(@1, @5); }
    ;

add_column
    : ADD_COLUMN path opt_cond '<'
        { $<step>$ = mig_ast_step(p->arena, MIG_STEP_ADD_COLUMN, @1); $<step>$->table = $2; $<step>$->cond = $3; $<step>$->cond_loc = @3; }
      coldefs '>'
        { $$ = $<step>5; }
    ;

coldefs
    : %empty
    | coldefs coldef ';'
        { mig_step *s = $<step>0; PUSH(s->cols, s->ncols, s->ccap, $2); }
    | coldefs error ';'   { yyerrok; }
    ;

drop_column
    : DROP_COLUMN path opt_cond namelist opt_cond
        {
          $$ = mig_ast_step(p->arena, MIG_STEP_DROP_COLUMN, @1); $$->table = $2; $$->names = $4;
          $$->cond = $3 != MIG_COND_NONE ? $3 : $5; $$->cond_loc = $3 != MIG_COND_NONE ? @3 : @5;
        }
    ;

alter_column
    : ALTER_COLUMN path name '<'
        { $<step>$ = mig_ast_step(p->arena, MIG_STEP_ALTER_COLUMN, @1); $<step>$->table = $2; $<step>$->name = $3; }
      changes '>'
        { $$ = $<step>5; }
    ;

changes
    : %empty
    | changes change ';'
        { mig_step *s = $<step>0; $2.loc = mig_loc_span(@2, @3); PUSH(s->changes, s->nchanges, s->chcap, $2); }
    | changes error ';'   { yyerrok; }
    ;

change
    : NULL                  { $$ = (mig_change){0}; $$.kind = MIG_CHG_NULL; }
    | DROP NOT NULL         { $$ = (mig_change){0}; $$.kind = MIG_CHG_NULL; }
    | NOT NULL              { $$ = (mig_change){0}; $$.kind = MIG_CHG_NOT_NULL; }
    | SET NOT NULL          { $$ = (mig_change){0}; $$.kind = MIG_CHG_NOT_NULL; }
    | FAMILY name           { $$ = (mig_change){0}; $$.kind = MIG_CHG_FAMILY; $$.name = $2; }
    | TYPE type             { $$ = (mig_change){0}; $$.kind = MIG_CHG_TYPE; $$.type = $2; }
    | RENAME TO name        { $$ = (mig_change){0}; $$.kind = MIG_CHG_RENAME; $$.name = $3; }
    | DEFAULT literal       { $$ = (mig_change){0}; $$.kind = MIG_CHG_DEFAULT; $$.lit = $2; }
    | SET DEFAULT literal   { $$ = (mig_change){0}; $$.kind = MIG_CHG_DEFAULT; $$.lit = $3; }
    | DROP DEFAULT          { $$ = (mig_change){0}; $$.kind = MIG_CHG_DROP_DEFAULT; }
    ;

coldef
    : colname type
        { $$ = NEW(mig_column); $$->name = $1; $$->type = $2; $$->loc = mig_loc_span(@1, @2); }
    | coldef colmod
        { $$ = $1; PUSH($$->mods, $$->nmods, $$->cap, $2); $$->loc = mig_loc_span($1->loc, @2); }
    ;

colmod
    : PK                    { $$ = (mig_mod){0}; $$.kind = MIG_MOD_PK; $$.loc = @$; }
    | NOT NULL              { $$ = (mig_mod){0}; $$.kind = MIG_MOD_NOT_NULL; $$.loc = @$; }
    | NULL                  { $$ = (mig_mod){0}; $$.kind = MIG_MOD_NULL; $$.loc = @$; }
    | DEFAULT literal       { $$ = (mig_mod){0}; $$.kind = MIG_MOD_DEFAULT; $$.lit = $2; $$.loc = @$; }
    | FAMILY name           { $$ = (mig_mod){0}; $$.kind = MIG_MOD_FAMILY; $$.name = $2; $$.loc = @$; }
    | REFERENCES path opt_paren_names
                            { $$ = (mig_mod){0}; $$.kind = MIG_MOD_REFERENCES; $$.path = $2; $$.loc = @$; }
    | UNIQUE                { $$ = (mig_mod){0}; $$.kind = MIG_MOD_UNIQUE; $$.loc = @$; }
    | PRIMARY KEY           { $$ = (mig_mod){0}; $$.kind = MIG_MOD_PRIMARY_KEY; $$.loc = @$; }
    | AUTO_INCREMENT        { $$ = (mig_mod){0}; $$.kind = MIG_MOD_AUTO_INCREMENT; $$.loc = @$; }
    | COMMENT STRING        { $$ = (mig_mod){0}; $$.kind = MIG_MOD_COMMENT; $$.loc = @$; }
    | RENAMED_FROM STRING   { $$ = (mig_mod){0}; $$.kind = MIG_MOD_RENAMED_FROM; $$.name = mig_ast_name($2.s, @2, false); $$.loc = @$; }
    ;

type
    : name
        { $$ = NEW(mig_type); $$->name = $1.s; $$->name_loc = @1; $$->loc = @$; $$->nargs = -1; }
    | name '(' ')'
        { $$ = NEW(mig_type); $$->name = $1.s; $$->name_loc = @1; $$->loc = @$; $$->nargs = 0; }
    | name '(' number ')'
        {
          $$ = NEW(mig_type); $$->name = $1.s; $$->name_loc = @1; $$->loc = @$; $$->nargs = 1;
          $$->args[0] = mig_lit_ll($3);
        }
    | name '(' number ',' number ')'
        {
          $$ = NEW(mig_type); $$->name = $1.s; $$->name_loc = @1; $$->loc = @$; $$->nargs = 2;
          $$->args[0] = mig_lit_ll($3); $$->args[1] = mig_lit_ll($5);
        }
    | name '<' type_list '>'
        { $$ = $3; $$->name = $1.s; $$->name_loc = @1; $$->loc = @$; $$->nargs = -1; $$->has_params = true; }
    | type '?'
        { $$ = $1; $$->optional++; $$->loc = @$; }
    ;

type_list
    : type                  { $$ = NEW(mig_type); PUSH($$->params, $$->nparams, $$->cap, $1); }
    | type_list ',' type    { $$ = $1; PUSH($$->params, $$->nparams, $$->cap, $3); }
    ;

number
    : INT                   { $$ = mig_ast_lit(p->arena, MIG_LIT_INT, $1.s, @1); }
    | '-' INT               { $$ = mig_ast_lit(p->arena, MIG_LIT_INT, $2.s, @$); $$->neg = true; }
    ;

literal
    : INT                   { $$ = mig_ast_lit(p->arena, MIG_LIT_INT, $1.s, @1); }
    | FLOAT                 { $$ = mig_ast_lit(p->arena, MIG_LIT_FLOAT, $1.s, @1); }
    | WORD                  { $$ = mig_ast_lit(p->arena, MIG_LIT_WORD, $1.s, @1); }
    | '-' INT               { $$ = mig_ast_lit(p->arena, MIG_LIT_INT, $2.s, @$); $$->neg = true; }
    | '-' FLOAT             { $$ = mig_ast_lit(p->arena, MIG_LIT_FLOAT, $2.s, @$); $$->neg = true; }
    | '-' WORD              { $$ = mig_ast_lit(p->arena, MIG_LIT_WORD, $2.s, @$); $$->neg = true; }
    | STRING                { $$ = mig_ast_lit(p->arena, MIG_LIT_STRING, $1.s, @1); }
    | TRUE                  { $$ = mig_ast_lit(p->arena, MIG_LIT_BOOL, "true", @1); }
    | FALSE                 { $$ = mig_ast_lit(p->arena, MIG_LIT_BOOL, "false", @1); }
    | NULL                  { $$ = mig_ast_lit(p->arena, MIG_LIT_NULL, "null", @1); }
    | NAME                  { $$ = mig_ast_lit(p->arena, MIG_LIT_IDENT, $1.s, @1); }
    | NAME '(' ')'          { $$ = mig_ast_lit(p->arena, MIG_LIT_CALL, $1.s, @$); }
    | NAME '(' STRING ')'   { $$ = mig_ast_lit(p->arena, MIG_LIT_CALL, $1.s, @$); $$->arg = $3.s; $$->arg_loc = @3; }
    | '(' lit_list ')'      { $$ = $2; $$->loc = @$; }
    ;

lit_list
    : literal               { $$ = mig_ast_lit(p->arena, MIG_LIT_TUPLE, NULL, @1); PUSH($$->items, $$->nitems, $$->cap, $1); }
    | lit_list ',' literal  { $$ = $1; PUSH($$->items, $$->nitems, $$->cap, $3); }
    ;

settings
    : setting               { $$ = (mig_settings){0}; PUSH($$.v, $$.n, $$.cap, $1); }
    | settings ',' setting  { $$ = $1; PUSH($$.v, $$.n, $$.cap, $3); }
    | settings ','          { $$ = $1; }
    ;

opt_settings
    : %empty                { $$ = (mig_settings){0}; }
    | '(' settings ')'      { $$ = $2; $$.loc = @$; }
    ;

setting
    : name '=' literal      { $$.key = $1; $$.value = $3; $$.loc = @$; }
    ;

opt_cond
    : %empty                { $$ = MIG_COND_NONE; }
    | IF_EXISTS             { $$ = MIG_COND_IF_EXISTS; }
    | IF_NOT_EXISTS         { $$ = MIG_COND_IF_NOT_EXISTS; }
    ;

path
    : name                  { $$.s = $1.s; $$.loc = @1; }
    | path '/' name         { $$ = mig_ast_join_path(p->arena, $1, $3); }
    ;

paren_names
    : '(' namelist ')'      { $$ = $2; $$.loc = @$; }
    ;

opt_paren_names
    : %empty                { $$ = (mig_names){0}; }
    | paren_names
    ;

namelist
    : name                  { $$ = mig_ast_names1(p->arena, $1); }
    | namelist ',' name     { $$ = $1; PUSH($$.v, $$.n, $$.cap, $3); $$.loc = mig_loc_span($1.loc, @3); }
    ;

/* A name anywhere a name is expected: keywords are names there too. */
name
    : colname
    | item_kw               { $$ = mig_ast_name($1.s, @1, false); }
    ;

/* A column name that starts a create_table item: the keywords that start other items
 * must be quoted there. */
colname
    : NAME                  { $$ = mig_ast_name($1.s, @1, false); }
    | QNAME                 { $$ = mig_ast_name($1.s, @1, true); }
    | WORD                  { $$ = mig_ast_name($1.s, @1, false); }
    | plain_kw              { $$ = mig_ast_name($1.s, @1, false); }
    ;

item_kw
    : INDEX | PRIMARY_KEY | TTL | WITH | FAMILY | RENAMED_FROM
    ;

plain_kw
    : BASE | named_kw
    ;

named_kw
    : ADD_CHANGEFEED | ADD_COLUMN | AFTER | ALTER_COLUMN | AS | ASYNC | AUTO_INCREMENT | BACKFILL | BATCH | C
    | COMMENT | COPY | COVER
    | CREATE_INDEX | CREATE_TABLE | DEFAULT | DEPENDS_ON | DOWNGRADE | DROP | DROP_CHANGEFEED
    | DROP_COLUMN | DROP_INDEX | DROP_TABLE | FALSE | IRREVERSIBLE | KEY | LABEL | NOT | NULL
    | ON | PAUSE | PK | PRIMARY | REBUILD_TABLE | REFERENCES | RENAME | RENAME_INDEX | RENAME_TABLE | REPLACE
    | RESET_TTL
    | REVISES | REVISION | SET | SET_TTL | SYNC | TO | TRUE | TYPE | UNIQUE | UPGRADE | WHERE | YQL
    ;

%%

static int yylex(MIG_YYSTYPE *lval, mig_loc *lloc, mig_parser *p)
{
    if (p->stop) {
        lloc->start = lloc->end = p->src->len;
        return TOK_YYEOF;
    }
    if (p->declared_start) {
        p->declared_start = false;
        lloc->start = lloc->end = 0;
        return TOK_DECLARED_SCHEMA;
    }
    int t = mig_sclex(lval, lloc, p->scanner);
    if (t == 0) lloc->start = lloc->end = p->src->len;
    p->prev_end = p->last_end;
    p->last_end = lloc->end;
    if (p->item_next) p->item_start = lloc->start;
    p->item_next = t == ';' || t == '<' || t == '>';
    return t;
}

static void yyerror(mig_loc *loc, mig_parser *p, const char *msg)
{
    p->file->nerrors++;
    mig_report(p->diags, MIG_SEV_ERROR, p->src, *loc, "%s", msg);
    p->stop = true;
}

/* How a token is named in "unexpected X": its text where that helps. */
static const char *describe(mig_parser *p, yysymbol_kind_t k, mig_loc loc)
{
    switch (k) {
    case YYSYMBOL_YYEOF: return "end of file";
    case YYSYMBOL_NAME: case YYSYMBOL_WORD: case YYSYMBOL_INT: case YYSYMBOL_FLOAT: {
        uint32_t n = loc.end - loc.start;
        const char *what = k == YYSYMBOL_NAME ? "name" : k == YYSYMBOL_WORD ? "word" : "number";
        if (n > 40) return mig_printf(p->arena, "%s \"%.40s...\"", what, p->src->text + loc.start);
        return mig_printf(p->arena, "%s \"%.*s\"", what, (int)n, p->src->text + loc.start);
    }
    case YYSYMBOL_QNAME: return "quoted name";
    case YYSYMBOL_STRING: return "string";
    case YYSYMBOL_TRIPLE: return "triple-quoted text";
    default: break;
    }
    if (k >= YYSYMBOL_ADD_CHANGEFEED && k <= YYSYMBOL_YQL) return mig_printf(p->arena, "keyword \"%s\"", yysymbol_name(k));
    if (k == YYSYMBOL_YYUNDEF && loc.end > loc.start) /* a character the grammar has no use for */
        return mig_printf(p->arena, "\"%.*s\"", (int)(loc.end - loc.start), p->src->text + loc.start);
    const char *s = yysymbol_name(k);
    /* Bison names keywords "\"create_table\"" and characters "';'". */
    size_t n = strlen(s);
    if (n >= 2 && (s[0] == '"' || s[0] == '\'')) {
        bool kw = s[0] == '"';
        return mig_printf(p->arena, kw ? "keyword \"%.*s\"" : "\"%.*s\"", (int)(n - 2), s + 1);
    }
    return s;
}

static const char *expected_name(mig_parser *p, yysymbol_kind_t k)
{
    if (k >= YYSYMBOL_ADD_CHANGEFEED && k <= YYSYMBOL_YQL) return mig_printf(p->arena, "\"%s\"", yysymbol_name(k));
    const char *s = yysymbol_name(k);
    size_t n = strlen(s);
    if (n >= 2 && (s[0] == '"' || s[0] == '\'')) return mig_printf(p->arena, "\"%.*s\"", (int)(n - 2), s + 1);
    return s;
}

static bool is_keyword(yysymbol_kind_t k) { return k >= YYSYMBOL_ADD_CHANGEFEED && k <= YYSYMBOL_YQL; }

static int yyreport_syntax_error(const yypcontext_t *ctx, mig_parser *p)
{
    if (p->stop) return 0; /* the scanner gave up and said why */
    p->file->nerrors++;
    enum { MAXEXP = YYNTOKENS, SHOWN = 5 };
    yysymbol_kind_t exp[MAXEXP];
    int n = yypcontext_expected_tokens(ctx, exp, MAXEXP);
    yysymbol_kind_t tok = yypcontext_token(ctx);
    mig_loc loc = *yypcontext_location(ctx);

    /* Where a name may stand, keywords may too: list "name" once, not every keyword. */
    bool want_name = false, want_semi = false, want_gt = false;
    for (int i = 0; i < n; i++) {
        if (exp[i] == YYSYMBOL_NAME) want_name = true;
        const char *nm = yysymbol_name(exp[i]);
        if (strcmp(nm, "';'") == 0) want_semi = true;
        if (strcmp(nm, "'>'") == 0) want_gt = true;
    }
    const char *shown[MAXEXP];
    int ns = 0;
    if (want_name) shown[ns++] = "a name";
    for (int i = 0; i < n; i++) {
        yysymbol_kind_t k = exp[i];
        if (want_name && (is_keyword(k) || k == YYSYMBOL_NAME || k == YYSYMBOL_QNAME || k == YYSYMBOL_WORD))
            continue;
        shown[ns++] = expected_name(p, k);
    }
    mig_buf msg = MIG_BUF_INIT;
    const char *hint = NULL;
    mig_loc at = loc;
    const char *sqlmsg;
    if (mig_sql_constraint(p, loc, &at, &sqlmsg, &hint)) {
        mig_diag *g = mig_report(p->diags, MIG_SEV_ERROR, p->src, at, "%s", sqlmsg);
        mig_hint(p->diags, g, "%s", hint);
        if (mig_source_capped(p->src)) p->stop = true;
        return 0;
    }
    /* A missing ';' is best shown right after the text it should end, when the
     * unexpected token sits on a later line. */
    if (want_semi && p->prev_end < loc.start &&
        memchr(p->src->text + p->prev_end, '\n', loc.start - p->prev_end)) {
        at.start = at.end = p->prev_end;
        mig_buf_printf(&msg, "missing \";\" before %s", describe(p, tok, loc));
        hint = "Every header, step and create_table item ends with ';'.";
    } else {
        mig_buf_printf(&msg, "unexpected %s", describe(p, tok, loc));
        if (want_semi && ns > SHOWN) {
            /* Many tokens could continue here; the end of the item is the likely one. */
            mig_buf_puts(&msg, "; expected \";\"");
            hint = "Every header, step and create_table item ends with ';'.";
        } else if (ns > 0 && ns <= SHOWN) {
            mig_buf_puts(&msg, "; expected ");
            for (int i = 0; i < ns; i++) {
                if (i) mig_buf_puts(&msg, i == ns - 1 ? " or " : ", ");
                mig_buf_puts(&msg, shown[i]);
            }
        }
        if (tok == YYSYMBOL_YYEOF && want_gt) hint = "A block opened with '<' is closed with '>'.";
    }
    mig_diag *g = mig_report(p->diags, MIG_SEV_ERROR, p->src, at, "%s", mig_buf_str(&msg));
    if (hint) mig_hint(p->diags, g, "%s", hint);
    mig_buf_free(&msg);
    if (mig_source_capped(p->src)) p->stop = true;
    return 0;
}
