/* stepdesc.c - see yql.h: steps described for people (logs, --sql comments), and the names
 * of step kinds. */
#include <stdint.h>

#include "yql.h"

/* ---------------------------------------------------------------- descriptions */

static const char *const kind_names[] = {
#define MIG_STEPKIND(kind, name) [MIG_S_##kind] = name,
#include "../common/steps.def"
#undef MIG_STEPKIND
};

static const char *nz(const char *s) { return s ? s : "?"; }

const char *mig_p_step_kind_name(uint32_t kind)
{
    return kind >= MIG_S_CREATE_TABLE && kind <= MIG_S_REBUILD_TABLE ? kind_names[kind] : NULL;
}

void mig_step_describe(mig_buf *out, const mig_p_step *st)
{
    uint32_t k = st->kind;
    if (k < MIG_S_CREATE_TABLE || k > MIG_S_REBUILD_TABLE) {
        mig_buf_printf(out, "step of unknown kind %u", (unsigned)k);

        return;
    }
    mig_buf_puts(out, kind_names[k]);
    const char *table = st->table ? st->table : (st->def ? st->def->path : NULL);
    switch (k) {
    case MIG_S_CREATE_TABLE: case MIG_S_DROP_TABLE: case MIG_S_RESET_TTL: case MIG_S_REBUILD_TABLE:
        mig_buf_printf(out, " %s", nz(table));
        break;
    case MIG_S_RENAME_TABLE:
        mig_buf_printf(out, " %s to %s%s", nz(table), nz(st->to), st->flags & MIG_PSTEP_REPLACE ? " replace" : "");
        break;
    case MIG_S_ADD_COLUMN:
        mig_buf_printf(out, " %s (", nz(table));
        for (uint32_t i = 0; i < st->ncolumns && st->columns; i++)
            mig_buf_printf(out, "%s%s", i ? ", " : "", nz(st->columns[i].name));
        mig_buf_putc(out, ')');
        break;
    case MIG_S_DROP_COLUMN: case MIG_S_BACKFILL:
        mig_buf_printf(out, " %s (", nz(table));
        for (uint32_t i = 0; i < st->nnames && st->names; i++)
            mig_buf_printf(out, "%s%s", i ? ", " : "", nz(st->names[i]));
        mig_buf_putc(out, ')');
        break;
    case MIG_S_ALTER_COLUMN:
        mig_buf_printf(out, " %s %s", nz(table), nz(st->name));
        break;
    case MIG_S_CREATE_INDEX:
        mig_buf_printf(out, " %s on %s", nz(st->index && st->index->name ? st->index->name : st->name),
                       nz(table));
        break;
    case MIG_S_DROP_INDEX:
        mig_buf_printf(out, " %s on %s", nz(st->name), nz(table));
        break;
    case MIG_S_RENAME_INDEX:
        mig_buf_printf(out, " %s %s to %s", nz(table), nz(st->name), nz(st->name2));
        break;
    case MIG_S_SET_TTL:
        mig_buf_printf(out, " %s %s", nz(table), nz(st->ttl.column));
        break;
    case MIG_S_SET:
        mig_buf_printf(out, " %s (", nz(table));
        for (uint32_t i = 0; i < st->nsettings && st->settings; i++)
            mig_buf_printf(out, "%s%s", i ? ", " : "", nz(st->settings[i].key));
        mig_buf_putc(out, ')');
        break;
    case MIG_S_ADD_CHANGEFEED: case MIG_S_DROP_CHANGEFEED:
        mig_buf_printf(out, " %s %s", nz(table), nz(st->name));
        break;
    case MIG_S_YQL: case MIG_S_C:

        return;
    default:
        break;
    }
    if (st->cond == MIG_PCOND_IF_EXISTS) mig_buf_puts(out, " if_exists");
    else if (st->cond == MIG_PCOND_IF_NOT_EXISTS) mig_buf_puts(out, " if_not_exists");
}

const char *mig_step_describe_line(mig_arena *a, const mig_p_step *st)
{
    mig_buf b = MIG_BUF_INIT;
    mig_step_describe(&b, st);
    char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    for (char *p = r; *p; p++)
        if (*p == '\n') *p = ' ';
    return r;
}
