/* heartbeat.h - keeping the migration lock alive while a step runs
 * (docs/decisions/0009-lock-heartbeat.md).
 *
 * A step may take longer than the lock's lease: a c step that copies a big table, a DDL that
 * builds an index. Renewing the lock only between steps would let the lease end under a
 * running step, and a second migrun would then take the lock and migrate the same database.
 * The heartbeat is a thread that renews the lease every third of it, on a connection of its
 * own (the driver's connections are not shared between threads). It connects only when the
 * first renewal is due, so a run shorter than a third of the lease costs no extra call.
 *
 * The main thread asks mig_lock_renew between steps as before; with a heartbeat running it
 * only learns what the heartbeat found: the lock broken or taken by another, or not
 * renewed for a whole lease (the database unreachable meanwhile). Then nothing more runs.
 */
#ifndef MIG_RT_HEARTBEAT_H
#define MIG_RT_HEARTBEAT_H

#include "state.h"

typedef struct mig_heartbeat mig_heartbeat;

/* Start renewing s's lock (held) over a second connection made like db's. NULL when no
 * thread could be started (the caller then renews between steps only). Makes it s's lock
 * keeper (s->keep), so mig_lock_renew asks the heartbeat instead of renewing. */
mig_heartbeat *mig_heartbeat_start(mig_state *s);

/* 0 while the lock is ours; -1 with *err (MIG_RT_LOCKED), strings in a. */
int mig_heartbeat_check(mig_heartbeat *h, mig_arena *a, mig_rt_error *err);

/* Stop s's heartbeat thread, close its connection, free it; clears s->keep. Nothing to
 * do when s has none. */
void mig_heartbeat_stop(mig_state *s);

#endif
