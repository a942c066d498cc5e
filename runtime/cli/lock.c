/* lock.c - migrun lock and unlock: the migration lock, shown or removed. */
#include "cli.h"

#include <string.h>

#include "../revjson.h"

/* ---- lock, unlock ---- */

int cmd_lock(run *r, int argc, char **argv)
{
    online o;
    mig_rt_error e;
    int rc;
    if (cli_online_start(r, argc, argv, 0, false, &o, &e, &rc)) return rc;
    mig_lockinfo li;
    if (rc == 0) rc = mig_lock_read(&o.st, &li, &e);
    if (rc == 0) {
        bool gone = mig_lock_holder_gone(&o.st, &li);
        if (r->json)
            fprintf(r->out,
                    "{\"held\":%s,\"expired\":%s,\"user\":%s,\"host\":%s,\"pid\":%u,\"since\":%s,\"expires\":%s,"
                    "\"holder_gone\":%s}\n",
                    li.present ? "true" : "false", li.expired ? "true" : "false", mig_json_str(r->a, li.user),
                    mig_json_str(r->a, li.host), (unsigned)li.pid, mig_json_str(r->a, li.since),
                    mig_json_str(r->a, li.expires), gone ? "true" : "false");
        else if (!li.present)
            fprintf(r->out, "No migration lock is held.\n");
        else
            fprintf(r->out, "Locked by %s@%s pid %u since %s; lease until %s%s.\n", li.user ? li.user : "?",
                    li.host ? li.host : "?", (unsigned)li.pid, li.since ? li.since : "?", li.expires ? li.expires : "?",
                    li.expired ? " (expired: the next migrun takes it over)" : "");
        if (!r->json && gone && !li.expired)
            fprintf(r->out,
                    "The holder, pid %u on this host, is not running; the lease ends at %s; `migrun unlock --force` "
                    "removes the lock now.\n",
                    (unsigned)li.pid, li.expires ? li.expires : "?");
    }
    return cli_online_close(r, &o, rc, &e);
}

int cmd_unlock(run *r, int argc, char **argv)
{
    online o;
    mig_rt_error e;
    int rc;
    if (cli_online_start(r, argc, argv, F_FORCE, false, &o, &e, &rc)) return rc;
    mig_lockinfo li;
    if (rc == 0) rc = mig_lock_read(&o.st, &li, &e);
    if (rc == 0 && !li.present) {
        if (r->json) fputs("{\"released\":false,\"user\":\"\",\"host\":\"\",\"pid\":0}\n", r->out);
        else fprintf(r->out, "No migration lock is held.\n");
    } else if (rc == 0 && !li.expired && !r->force) {
        e.code = MIG_RT_LOCKED;
        e.message = mig_printf(r->a, "the migration lock is held by %s@%s pid %u since %s", li.user ? li.user : "?",
                               li.host ? li.host : "?", (unsigned)li.pid, li.since ? li.since : "?");
        e.detail = mig_printf(r->a, "Its lease runs until %s.", li.expires ? li.expires : "?");
        e.hint = mig_lock_holder_gone(&o.st, &li)
                     ? mig_printf(r->a, "The holder, pid %u on this host, is not running: `migrun unlock --force` "
                                        "removes its lock.", (unsigned)li.pid)
                     : "Make sure that process is gone, then `migrun unlock --force`.";
        rc = -1;
    } else if (rc == 0) {
        rc = mig_lock_break(&o.st, &e);
        if (rc == 0 && r->json)
            fprintf(r->out, "{\"released\":true,\"user\":%s,\"host\":%s,\"pid\":%u}\n", mig_json_str(r->a, li.user),
                    mig_json_str(r->a, li.host), (unsigned)li.pid);
        else if (rc == 0)
            fprintf(r->out, "Released the lock of %s@%s pid %u.\n", li.user ? li.user : "?", li.host ? li.host : "?",
                    (unsigned)li.pid);
    }
    return cli_online_close(r, &o, rc, &e);
}
