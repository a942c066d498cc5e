/* baseline.c - a live schema as one .mig revision (see baseline.h).
 *
 * What is written is decided here (YDB's defaults left out, families the columns need
 * declared); how it is written is common/migtext.c's. */
#include "baseline.h"

#include <stdbool.h>
#include <string.h>

#include "../common/migtext.h"
#include "../common/ydbtype.h"

/* The settings worth writing: YDB reports its defaults too, and those are left out (the
 * minimum partition count stays with an enabled auto-partitioning by load, which resets
 * it otherwise). */
static void keep_settings(mig_arena *a, const mig_p_table *t, mig_p_table *out)
{
    bool by_load = false;
    for (uint32_t i = 0; i < t->nsettings; i++)
        if (strcmp(t->settings[i].key, "AUTO_PARTITIONING_BY_LOAD") == 0 && strcmp(t->settings[i].value, "ENABLED") == 0)
            by_load = true;
    mig_p_kv *kv = mig_alloc(a, ((size_t)t->nsettings + 1) * sizeof *kv);
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->nsettings; i++) {
        const char *dflt = mig_setting_ydb_default(t->settings[i].key);
        bool is_default = dflt && strcmp(dflt, t->settings[i].value) == 0;
        if (is_default && !(by_load && strcmp(t->settings[i].key, "AUTO_PARTITIONING_MIN_PARTITIONS_COUNT") == 0))
            continue;
        kv[n++] = t->settings[i];
    }
    out->settings = kv;
    out->nsettings = n;
}

/* The families to declare: those YDB reports with settings, and any a column uses
 * (create_table refuses a column in an undeclared family; one reported without settings
 * is declared with YDB's default compression, and said so in notes). */
static void keep_families(mig_arena *a, mig_buf *notes, const mig_p_table *t, mig_p_table *out)
{
    mig_p_family *fams = mig_alloc(a, ((size_t)t->nfamilies + t->ncolumns + 1) * sizeof *fams);
    uint32_t n = 0;
    const char **names = mig_alloc(a, ((size_t)t->nfamilies + t->ncolumns + 1) * sizeof *names);
    size_t nn = 0;
    for (uint32_t i = 0; i < t->nfamilies; i++) names[nn++] = t->families[i].name;
    for (uint32_t i = 0; i < t->ncolumns; i++) {
        const char *f = t->columns[i].family;
        bool seen = !f;
        for (size_t k = 0; k < nn && !seen; k++) seen = strcmp(names[k], f) == 0;
        if (!seen) names[nn++] = f;
    }
    for (size_t i = 0; i < nn; i++) {
        const mig_p_family *f = NULL;
        for (uint32_t k = 0; k < t->nfamilies && !f; k++)
            if (strcmp(t->families[k].name, names[i]) == 0) f = &t->families[k];
        bool used = false;
        for (uint32_t k = 0; k < t->ncolumns && !used; k++)
            used = t->columns[k].family && strcmp(t->columns[k].family, names[i]) == 0;
        bool set = f && (f->data || f->compression);
        if (!set && (!used || strcmp(names[i], "default") == 0)) continue; /* nothing to declare */
        if (set) {
            fams[n++] = *f;
        } else {
            fams[n++] = (mig_p_family){names[i], NULL, "off"};
            mig_buf_printf(notes, "table \"%s\": column family \"%s\" has no settings reported; it is declared with "
                                  "COMPRESSION = \"off\" (YDB's default): check it\n", t->path, names[i]);
        }
    }
    out->families = fams;
    out->nfamilies = n;
}

int mig_baseline_render(mig_arena *a, mig_buf *out, mig_buf *notes, const char *id, const char *message,
                        const mig_p_table *tables, size_t ntables, const char **why)
{
    mig_buf_puts(out, "-- The schema of an existing database, as `migrun baseline` found it.\n"
                      "-- Build it (migc build), then mark the database as being at this revision\n"
                      "-- without running it: migrun stamp ");
    mig_buf_puts(out, id);
    mig_buf_printf(out, "\nrevision %s ", id);
    mig_text_string(out, message);
    mig_buf_puts(out, ";\nrevises base;\n\nupgrade <\n");
    for (size_t i = 0; i < ntables; i++) {
        if (i) mig_buf_putc(out, '\n');
        mig_p_table t = tables[i];
        keep_settings(a, &tables[i], &t);
        keep_families(a, notes, &tables[i], &t);
        if (mig_text_table(a, out, notes, &t, "  ", why)) return -1;
    }
    mig_buf_puts(out, ">\n");
    return 0;
}
