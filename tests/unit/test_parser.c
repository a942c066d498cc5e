/* test_parser.c - the grammar builds the tree it should, and recovers from errors. */
#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"

static th_ctx t;
static void setup(void) { th_init(&t); }
static void teardown(void) { th_fini(&t); }
TestSuite(parser, .init = setup, .fini = teardown);

static const mig_step *only_step(mig_file *f)
{
    cr_assert_eq(f->nsections, 1);
    cr_assert_eq(f->sections[0]->steps.n, 1);
    return f->sections[0]->steps.v[0];
}

static mig_file *parse_ok(const char *text)
{
    mig_file *f = th_parse(&t, text);
    char *r = th_render(&t);
    cr_assert_eq(f->nerrors, 0, "unexpected errors:\n%s", r);
    free(r);
    return f;
}

Test(parser, headers)
{
    mig_file *f = parse_ok("revision 0002_add \"Add posts\";\nrevises 0001_a, 0001_b;\ndepends_on x1;\nlabel core, api;\n"
                           "upgrade < >\n");
    cr_assert_eq(f->nheaders, 4);
    cr_assert_eq(f->headers[0]->kind, MIG_HDR_REVISION);
    cr_assert_str_eq(f->headers[0]->id.s, "0002_add");
    cr_assert_str_eq(f->headers[0]->message, "Add posts");
    cr_assert_eq(f->headers[1]->kind, MIG_HDR_REVISES);
    cr_assert_eq(f->headers[1]->names.n, 2);
    cr_assert_str_eq(f->headers[1]->names.v[1].s, "0001_b");
    cr_assert_eq(f->headers[2]->kind, MIG_HDR_DEPENDS_ON);
    cr_assert_eq(f->headers[3]->names.n, 2);
    cr_assert_eq(f->nsections, 1);
    cr_assert_eq(f->sections[0]->kind, MIG_SEC_UPGRADE);
}

Test(parser, revises_base_and_numeric_ids)
{
    mig_file *f = parse_ok("revision 0001;\nrevises base;\nupgrade <>\ndowngrade irreversible;\n");
    cr_assert_str_eq(f->headers[0]->id.s, "0001");
    cr_assert(f->headers[1]->is_base);
    cr_assert_eq(f->nsections, 2);
    cr_assert_eq(f->sections[1]->kind, MIG_SEC_IRREVERSIBLE);
}

Test(parser, create_table_items)
{
    mig_file *f = parse_ok("upgrade <\n create_table shop/orders if_not_exists <\n"
                           "  id Uint64 pk;\n  total Decimal(22,9) not null default 0 family cold;\n"
                           "  note Utf8 null;\n  primary_key (id);\n"
                           "  index ix_total unique sync on (total) cover (note);\n"
                           "  ttl created after 30d as seconds;\n  with (AUTO_PARTITIONING_BY_LOAD = ENABLED, X = (1, 2));\n"
                           "  family cold (data = \"rot\", compression = \"lz4\");\n >\n>\n");
    const mig_step *s = only_step(f);
    cr_assert_eq(s->kind, MIG_STEP_CREATE_TABLE);
    cr_assert_str_eq(s->table.s, "shop/orders");
    cr_assert_eq(s->cond, MIG_COND_IF_NOT_EXISTS);
    cr_assert_eq(s->nitems, 8);
    const mig_column *c = s->items[1].column;
    cr_assert_str_eq(c->name.s, "total");
    cr_assert_str_eq(c->type->name, "Decimal");
    cr_assert_eq(c->type->nargs, 2);
    cr_assert_eq(c->type->args[0], 22);
    cr_assert_eq(c->type->args[1], 9);
    cr_assert_eq(c->nmods, 3);
    cr_assert_eq(c->mods[0].kind, MIG_MOD_NOT_NULL);
    cr_assert_eq(c->mods[1].kind, MIG_MOD_DEFAULT);
    cr_assert_eq(c->mods[1].lit->kind, MIG_LIT_INT);
    cr_assert_eq(c->mods[2].kind, MIG_MOD_FAMILY);
    cr_assert_str_eq(c->mods[2].name.s, "cold");
    cr_assert_eq(s->items[3].kind, MIG_ITEM_PRIMARY_KEY);
    cr_assert_eq(s->items[4].kind, MIG_ITEM_INDEX);
    cr_assert_eq(s->items[4].index->nopts, 3);
    cr_assert_eq(s->items[4].index->opts[2].kind, MIG_IDX_COVER);
    cr_assert_eq(s->items[5].kind, MIG_ITEM_TTL);
    cr_assert_str_eq(s->items[5].ttl->unit.s, "seconds");
    cr_assert_eq(s->items[5].ttl->after->kind, MIG_LIT_WORD);
    cr_assert_eq(s->items[6].kind, MIG_ITEM_WITH);
    cr_assert_eq(s->items[6].settings.n, 2);
    cr_assert_eq(s->items[6].settings.v[1].value->kind, MIG_LIT_TUPLE);
    cr_assert_eq(s->items[7].kind, MIG_ITEM_FAMILY);
}

Test(parser, every_step_kind)
{
    static const struct { const char *text; mig_step_kind kind; } cases[] = {
        {"drop_table t if_exists;", MIG_STEP_DROP_TABLE},
        {"rename_table a/b to `c-d`;", MIG_STEP_RENAME_TABLE},
        {"add_column t < a Utf8; b Bool not null default false; >", MIG_STEP_ADD_COLUMN},
        {"drop_column t a, b;", MIG_STEP_DROP_COLUMN},
        {"alter_column t a < null; family f; default 1; drop default; >", MIG_STEP_ALTER_COLUMN},
        {"create_index ix on t (a, b) async cover (c);", MIG_STEP_CREATE_INDEX},
        {"drop_index ix on t if_exists;", MIG_STEP_DROP_INDEX},
        {"rename_index t a to b;", MIG_STEP_RENAME_INDEX},
        {"set_ttl t ts after 1d12h;", MIG_STEP_SET_TTL},
        {"reset_ttl t;", MIG_STEP_RESET_TTL},
        {"set t (KEY_BLOOM_FILTER = ENABLED);", MIG_STEP_SET},
        {"add_changefeed t feed (mode = updates, format = json);", MIG_STEP_ADD_CHANGEFEED},
        {"drop_changefeed t feed;", MIG_STEP_DROP_CHANGEFEED},
        {"yql \"\"\"UPDATE t SET a = \"x\";\"\"\";", MIG_STEP_YQL},
        {"c \"\"\" return 0; \"\"\";", MIG_STEP_C},
        {"backfill t set a = \"1\";", MIG_STEP_BACKFILL},
        {"rebuild_table t < a Utf8 pk; >;", MIG_STEP_REBUILD_TABLE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[256];
        snprintf(buf, sizeof buf, "upgrade < %s >", cases[i].text);
        mig_file *f = parse_ok(buf);
        const mig_step *s = only_step(f);
        cr_assert_eq(s->kind, cases[i].kind, "%s", cases[i].text);
        cr_assert_str_eq(mig_step_kind_name(s->kind), cases[i].text[0] == 'y' ? "yql" : mig_step_kind_name(cases[i].kind));
    }
}

Test(parser, backfill_parts)
{
    mig_file *f = parse_ok("upgrade < backfill a/b set x = \"x + 1\", `where` = \"\"\"'w'u\"\"\" where \"x > 0\" "
                           "batch 50 pause 2s; >");
    const mig_step *s = only_step(f);
    cr_assert_eq(s->kind, MIG_STEP_BACKFILL);
    cr_assert_str_eq(s->table.s, "a/b");
    cr_assert_eq(s->nassigns, 2);
    cr_assert_str_eq(s->assigns[0].col.s, "x");
    cr_assert_str_eq(s->assigns[0].expr, "x + 1");
    cr_assert_str_eq(s->assigns[1].col.s, "where");
    cr_assert_str_eq(s->assigns[1].expr, "'w'u");
    cr_assert_str_eq(s->body, "x > 0");
    cr_assert_eq(s->body_len, 5);
    cr_assert_str_eq(s->batch->text, "50");
    cr_assert_str_eq(s->pause->text, "2s");
    /* an expression's location is its text's, quotes excluded */
    cr_assert_eq(f->src->text[s->assigns[0].expr_loc.start], 'x');
    cr_assert_eq(s->assigns[0].expr_loc.end - s->assigns[0].expr_loc.start, 5);
    cr_assert_eq(f->src->text[s->assigns[1].expr_loc.start], '\'');
    cr_assert_eq(f->src->text[s->body_loc.start], 'x');
}

Test(parser, rebuild_table_parts)
{
    mig_file *f = parse_ok("upgrade < rebuild_table a/b < k Uint64 not null; v Utf8; primary_key (k); index ix on (v); >"
                           " copy < k = \"CAST(id AS Uint64)\"; `copy` = 'v'; > batch 20; >");
    const mig_step *s = only_step(f);
    cr_assert_eq(s->kind, MIG_STEP_REBUILD_TABLE);
    cr_assert_str_eq(s->table.s, "a/b");
    cr_assert_eq(s->nitems, 4, "create_table's items");
    cr_assert_eq(s->items[2].kind, MIG_ITEM_PRIMARY_KEY);
    cr_assert_eq(s->items[3].kind, MIG_ITEM_INDEX);
    cr_assert_eq(s->nassigns, 2);
    cr_assert_str_eq(s->assigns[0].col.s, "k");
    cr_assert_str_eq(s->assigns[0].expr, "CAST(id AS Uint64)");
    cr_assert_eq(f->src->text[s->assigns[0].expr_loc.start], 'C', "the expression's location: its text");
    cr_assert_str_eq(s->assigns[1].col.s, "copy");
    cr_assert_str_eq(s->batch->text, "20");
    cr_assert(s->copy_loc.end > s->copy_loc.start);
    /* copy and batch are optional, and so is the ';' after the body */
    f = parse_ok("upgrade < rebuild_table t < k Uint64 pk; > drop_table u; >");
    cr_assert_eq(f->sections[0]->steps.n, 2);
    cr_assert_eq(f->sections[0]->steps.v[0]->nassigns, 0);
    cr_assert_null(f->sections[0]->steps.v[0]->batch);
}

Test(parser, rename_table_replace)
{
    mig_file *f = parse_ok("upgrade < rename_table a to b replace; rename_table c to d; >");
    cr_assert(f->sections[0]->steps.v[0]->replace);
    cr_assert_not(f->sections[0]->steps.v[1]->replace);
}

Test(parser, step_details)
{
    mig_file *f = parse_ok("upgrade < alter_column t a < type Utf8; rename to b; not null; set default 2; > >");
    const mig_step *s = only_step(f);
    cr_assert_eq(s->nchanges, 4);
    cr_assert_eq(s->changes[0].kind, MIG_CHG_TYPE);
    cr_assert_str_eq(s->changes[0].type->name, "Utf8");
    cr_assert_eq(s->changes[1].kind, MIG_CHG_RENAME);
    cr_assert_str_eq(s->changes[1].name.s, "b");
    cr_assert_eq(s->changes[2].kind, MIG_CHG_NOT_NULL);
    cr_assert_eq(s->changes[3].kind, MIG_CHG_DEFAULT);
}

Test(parser, yql_body_kept_verbatim_with_location)
{
    const char *text = "upgrade < yql \"\"\"\n  SELECT 1;\n\"\"\"; >";
    mig_file *f = parse_ok(text);
    const mig_step *s = only_step(f);
    cr_assert_eq(s->body_len, strlen("\n  SELECT 1;\n"));
    cr_assert_eq(memcmp(s->body, "\n  SELECT 1;\n", s->body_len), 0);
    cr_assert_eq(memcmp(text + s->body_loc.start, "\n  SELECT 1;\n", s->body_len), 0);
}

Test(parser, keywords_are_case_insensitive_and_names_may_be_keywords)
{
    mig_file *f = parse_ok("REVISION a;\nRevises BASE;\nUPGRADE < CREATE_TABLE type < key Uint64 PK; label Utf8; `index` Utf8;"
                           " copy Utf8; replace Utf8; rebuild_table Utf8; > >");
    const mig_step *s = only_step(f);
    cr_assert_str_eq(s->table.s, "type");
    cr_assert_str_eq(s->items[0].column->name.s, "key");
    cr_assert_str_eq(s->items[1].column->name.s, "label");
    cr_assert_str_eq(s->items[2].column->name.s, "index");
    cr_assert(s->items[2].column->name.quoted);
    cr_assert_str_eq(s->items[3].column->name.s, "copy");
    cr_assert_str_eq(s->items[4].column->name.s, "replace");
    cr_assert_str_eq(s->items[5].column->name.s, "rebuild_table");
    f = parse_ok("upgrade < rename_table copy to replace replace; rebuild_table rebuild_table < copy Uint64 pk; >"
                 " copy < copy = \"copy\"; > >");
    cr_assert_str_eq(f->sections[0]->steps.v[0]->table.s, "copy");
    cr_assert_str_eq(f->sections[0]->steps.v[0]->to.s, "replace");
    cr_assert(f->sections[0]->steps.v[0]->replace);
    cr_assert_str_eq(f->sections[0]->steps.v[1]->table.s, "rebuild_table");
}

Test(parser, literals)
{
    mig_file *f = parse_ok("upgrade < set t (a = -5, b = 1.5, c = \"s\", d = true, e = null, f = ENABLED, "
                           "g = Timestamp(\"2026-01-01T00:00:00Z\"), h = now(), i = 0ul, j = ((1, \"a\"), (2, \"b\"))); >");
    const mig_settings *st = &only_step(f)->settings;
    cr_assert_eq(st->n, 10);
    cr_assert_eq(st->v[0].value->kind, MIG_LIT_INT);
    cr_assert(st->v[0].value->neg);
    cr_assert_eq(st->v[1].value->kind, MIG_LIT_FLOAT);
    cr_assert_eq(st->v[2].value->kind, MIG_LIT_STRING);
    cr_assert_eq(st->v[3].value->kind, MIG_LIT_BOOL);
    cr_assert_eq(st->v[4].value->kind, MIG_LIT_NULL);
    cr_assert_eq(st->v[5].value->kind, MIG_LIT_IDENT);
    cr_assert_eq(st->v[6].value->kind, MIG_LIT_CALL);
    cr_assert_str_eq(st->v[6].value->arg, "2026-01-01T00:00:00Z");
    cr_assert_eq(st->v[7].value->kind, MIG_LIT_CALL);
    cr_assert_null(st->v[7].value->arg);
    cr_assert_eq(st->v[8].value->kind, MIG_LIT_WORD);
    cr_assert_eq(st->v[9].value->kind, MIG_LIT_TUPLE);
    cr_assert_eq(st->v[9].value->nitems, 2);
    cr_assert_eq(st->v[9].value->items[1]->nitems, 2);
}

Test(parser, container_and_optional_types)
{
    mig_file *f = parse_ok("upgrade < add_column t < a List<Utf8>; b Int32?; c Dict<Utf8, Int64>; > >");
    const mig_step *s = only_step(f);
    cr_assert(s->cols[0]->type->has_params);
    cr_assert_eq(s->cols[0]->type->nparams, 1);
    cr_assert(s->cols[1]->type->optional);
    cr_assert_eq(s->cols[2]->type->nparams, 2);
}

Test(parser, sql_habits_parse_so_the_compiler_can_explain_them)
{
    mig_file *f = parse_ok("upgrade < create_table t < id Uint64 primary key; u Uint64 references users (id); e Utf8 unique; > >");
    const mig_step *s = only_step(f);
    cr_assert_eq(s->items[0].column->mods[0].kind, MIG_MOD_PRIMARY_KEY);
    cr_assert_eq(s->items[1].column->mods[0].kind, MIG_MOD_REFERENCES);
    cr_assert_str_eq(s->items[1].column->mods[0].path.s, "users");
    cr_assert_eq(s->items[2].column->mods[0].kind, MIG_MOD_UNIQUE);
}

Test(parser, locations_are_byte_offsets)
{
    const char *text = "upgrade <\n  drop_table posts;\n>";
    mig_file *f = parse_ok(text);
    const mig_step *s = only_step(f);
    cr_assert_eq(s->kw_loc.start, (uint32_t)(strstr(text, "drop_table") - text));
    cr_assert_eq(s->table.loc.start, (uint32_t)(strstr(text, "posts") - text));
    cr_assert_eq(s->table.loc.end, s->table.loc.start + 5);
    cr_assert_eq(s->loc.end, (uint32_t)(strstr(text, ";") - text) + 1);
}

Test(parser, missing_semicolon_is_reported_after_the_previous_token)
{
    mig_file *f = th_parse(&t, "revision a;\nrevises base;\nupgrade <\n  drop_table a\n  drop_table b;\n>\n");
    cr_assert_eq(f->nerrors, 1);
    char *r = th_render(&t);
    cr_assert(strstr(r, "test.mig:4:15: error: missing \";\" before keyword \"drop_table\""), "%s", r);
    free(r);
    /* recovery: the second step is still read */
    cr_assert_eq(f->sections[0]->steps.n, 1);
    cr_assert_str_eq(f->sections[0]->steps.v[0]->table.s, "b");
}

Test(parser, several_errors_in_one_file_are_all_reported)
{
    mig_file *f = th_parse(&t, "revision a\nrevises base;\nupgrade <\n  create_table t < id Uint64 pk\n name Utf8; >\n"
                               "  drop_index on t;\n>\n");
    cr_assert_geq(f->nerrors, 3);
    cr_assert(th_has(&t, "missing \";\" before keyword \"revises\""));
    cr_assert(th_has(&t, "missing \";\" before name \"name\""));
    cr_assert(th_has(&t, "unexpected name \"t\"; expected \"on\""));
}

Test(parser, unexpected_end_of_file_in_a_block)
{
    mig_file *f = th_parse(&t, "upgrade <\n  drop_table a;\n");
    cr_assert_eq(f->nerrors, 1);
    char *r = th_render(&t);
    cr_assert(strstr(r, "unexpected end of file"), "%s", r);
    cr_assert(strstr(r, "hint: A block opened with '<' is closed with '>'."), "%s", r);
    free(r);
}
