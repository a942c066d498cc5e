/* declared.c - see declared.h. */
#include "declared.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/exitcodes.h"
#include "../grammar/parse.h"
#include "project.h"
#include "sema_int.h"

static void add_rename(mig_arena *a, mig_declared *out, mig_rename_kind k, const char *table, const char *to,
                       const mig_source *src, const mig_name *from)
{
    mig_rename r = {k, table, from->s, to, src, from->loc};
    MIG_PUSH(a, out->renames, out->nrenames, out->cap, r);
}

/* The renamed_from hints of one create_table block. */
static void collect_renames(mig_arena *a, mig_declared *out, const mig_source *src, const mig_step *st)
{
    for (size_t i = 0; i < st->nitems; i++) {
        const mig_item *it = &st->items[i];
        if (it->kind == MIG_ITEM_RENAMED_FROM) add_rename(a, out, MIG_RENAME_TABLE, st->table.s, st->table.s, src, &it->renamed);
        if (it->kind == MIG_ITEM_COLUMN)
            for (size_t j = 0; j < it->column->nmods; j++)
                if (it->column->mods[j].kind == MIG_MOD_RENAMED_FROM)
                    add_rename(a, out, MIG_RENAME_COLUMN, st->table.s, it->column->name.s, src, &it->column->mods[j].name);
        if (it->kind == MIG_ITEM_INDEX)
            for (size_t j = 0; j < it->index->nopts; j++)
                if (it->index->opts[j].kind == MIG_IDX_RENAMED_FROM)
                    add_rename(a, out, MIG_RENAME_INDEX, st->table.s, it->index->name.s, src, &it->index->opts[j].renamed);
    }
}

/* Check one parsed file's steps into the declared schema. */
static void check_file(sema_ctx *s, mig_declared *out, const mig_file *f)
{
    mig_steps keep = {0};
    for (size_t i = 0; i < f->decls.n; i++) {
        const mig_step *st = f->decls.v[i];
        if (st->kind != MIG_STEP_CREATE_TABLE && st->kind != MIG_STEP_ADD_CHANGEFEED) {
            mig_diag *g = ERR(st->kw_loc, "a declared schema holds create_table blocks and add_changefeed steps, not %s",
                              mig_step_kind_name(st->kind));
            HINT(g, "Declare the tables as they should be; `migc diff` writes the steps that get there.");
            continue;
        }
        if (st->cond != MIG_COND_NONE) {
            mig_diag *g = ERR(st->cond_loc, "a declared schema has no if_exists or if_not_exists");
            HINT(g, "Declare each table once, as it should be.");
            continue;
        }
        if (st->kind == MIG_STEP_CREATE_TABLE) collect_renames(s->a, out, s->src, st);
        MIG_PUSH(s->a, keep.v, keep.n, keep.cap, f->decls.v[i]);
    }
    mig_ops ops = {0};
    sema_run_steps(s, out->schema, &keep, &ops);
}

static int load_one(sema_ctx *s, mig_declared *out, const char *path, const char *shown)
{
    size_t len;
    char *text = mig_read_file(s->a, path, MIG_MAX_FILE_SIZE, &len);
    if (!text) {
        mig_report_plain(s->d, MIG_SEV_ERROR, "could not read the declared schema \"%s\": %s", shown, strerror(errno));
        return MIG_EXIT_IO;
    }
    mig_source *src = mig_source_new(s->a, shown, text, len, (unsigned)out->nfiles++);
    mig_file *f = mig_parse_declared(s->a, s->d, src);
    if (f->nerrors) return 0;
    s->src = src;
    check_file(s, out, f);
    return 0;
}

int mig_declared_load(mig_schema_ctx *c, mig_diags *d, const char *path, mig_ydbver target, mig_declared *out)
{
    memset(out, 0, sizeof *out);
    sema_ctx st = {0};
    sema_ctx *s = &st;
    s->a = c->arena;
    s->d = d;
    s->sc = *c;
    s->target = target;
    s->declared = true;
    mig_ydbver_str(target, s->tv);
    out->schema = mig_schema_new(&s->sc);
    struct stat sb;
    int rc = 0;
    if (stat(path, &sb) != 0) {
        mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "could not read the declared schema \"%s\": %s", path, strerror(errno));
        if (errno == ENOENT)
            mig_hint(d, g, "Start one from the schema at head: `migc schema > %s`, then edit it.", path);
        rc = MIG_EXIT_IO;
    } else if (S_ISDIR(sb.st_mode)) {
        const char **names;
        size_t n;
        if (mig_project_scan(s->a, path, &names, &n) != 0) {
            mig_report_plain(d, MIG_SEV_ERROR, "could not read directory \"%s\": %s", path, strerror(errno));
            rc = MIG_EXIT_IO;
        }
        if (rc == 0 && n == 0) {
            /* an empty declared schema would drop every table: never by accident */
            mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "the declared schema \"%s\" is a directory with no .mig files", path);
            mig_hint(d, g, "Put the tables' create_table blocks in %s/*.mig (`migc schema > %s/schema.mig` to start).", path, path);
        }
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = load_one(s, out, mig_printf(s->a, "%s/%s", path, names[i]), mig_project_path(s->a, path, names[i]));
    } else {
        rc = load_one(s, out, path, path);
    }
    c->next_gen = s->sc.next_gen;
    return rc;
}
