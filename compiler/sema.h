#ifndef MIG_SEMA_H
#define MIG_SEMA_H
#endif
