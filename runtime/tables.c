/* tables.c - see tables.h. */
#include "tables.h"

#include <fnmatch.h>
#include <stddef.h>
#include <string.h>

#include "state.h"

typedef struct walk {
    mig_arena *a;
    mig_db *db;
    const mig_tables_opts *o;
    mig_p_table *tables;
    size_t n, cap;
    size_t skipped;
} walk;

void mig_tables_ignore_parse(mig_arena *a, const char *list, mig_tables_opts *o)
{
    const char **v = NULL;
    size_t n = 0, cap = 0;
    for (const char *p = list ? list : ""; *p;) {
        size_t k = strcspn(p, ", \t");
        if (k) {
            v = mig_grow(a, v, sizeof *v, &cap, n + 1);
            v[n++] = mig_strndup(a, p, k);
        }
        p += k + (p[k] != '\0');
    }
    o->ignore = v;
    o->nignore = n;
}

bool mig_tables_ignored(const mig_tables_opts *o, const char *path)
{
    for (size_t i = 0; i < o->nignore; i++)
        if (fnmatch(o->ignore[i], path, 0) == 0) return true;
    return false;
}

/* Every row table under dir (relative; "" the database), depth first. */
static int walk_dir(walk *w, const char *dir, int depth, mig_rt_error *e)
{
    const struct ydb_driver_api *api = w->db->api;
    const char *abs = *dir ? mig_printf(w->a, "%s/%s", api->database(w->db->conn), dir) : api->database(w->db->conn);
    const char **names;
    int *kinds;
    size_t n;
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    if (depth > 64) {
        e->code = MIG_RT_DATABASE;
        e->message = mig_printf(w->a, "the folder \"%s\" is nested too deep", dir);
        return -1;
    }
    if (api->list_directory_typed(w->db->conn, abs, w->a, &names, &kinds, &n, &ye)) {
        mig_db_error(w->a, &ye, mig_printf(w->a, "cannot list the folder \"%s\"", *dir ? dir : "/"), NULL, e);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (names[i][0] == '.' || !names[i][0]) continue; /* .sys, .metadata, ... */
        const char *rel = *dir ? mig_printf(w->a, "%s/%s", dir, names[i]) : names[i];
        if (kinds[i] == YDB_ENTRY_DIRECTORY) {
            if (walk_dir(w, rel, depth + 1, e)) return -1;
            continue;
        }
        if (mig_tables_ignored(w->o, rel) || (w->o->known && w->o->known(w->o->known_ud, rel))) continue;
        if (kinds[i] != YDB_ENTRY_TABLE) {
            if (w->o->notes)
                fprintf(w->o->notes, "migrun: note: \"%s\" is not a row table or a folder (entry type %d); left out\n",
                        rel, kinds[i]);
            w->skipped++;
            continue;
        }
        w->tables = mig_grow(w->a, w->tables, sizeof *w->tables, &w->cap, w->n + 1);
        memset(&ye, 0, sizeof ye);
        int d = api->describe_table(w->db->conn, rel, w->a, &w->tables[w->n], &ye);
        if (d < 0) {
            mig_db_error(w->a, &ye, mig_printf(w->a, "cannot describe table \"%s\"", rel), NULL, e);
            return -1;
        }
        if (d == 1) continue; /* dropped while we looked */
        w->tables[w->n].path = rel;
        if (mig_state_is_state_table(&w->tables[w->n])) continue; /* migrun's own, of any project */
        w->n++;
    }
    return 0;
}

int mig_tables_list(mig_arena *a, mig_db *db, const mig_tables_opts *o, mig_p_table **out, size_t *n, size_t *skipped,
                    mig_rt_error *e)
{
    *out = NULL;
    *n = 0;
    if (skipped) *skipped = 0;
    if (db->api->size < offsetof(struct ydb_driver_api, list_directory_typed) + sizeof(void *)) {
        e->code = MIG_RT_DRIVER;
        e->message = "the YDB driver module is too old to list tables (it cannot tell folders from tables)";
        e->hint = "Use the migrun-ydb.so of the same release as migrun.";
        return -1;
    }
    walk w = {a, db, o, NULL, 0, 0, 0};
    if (walk_dir(&w, "", 0, e)) return -1;
    *out = w.tables;
    *n = w.n;
    if (skipped) *skipped = w.skipped;
    return 0;
}
