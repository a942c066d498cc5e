#ifndef MIG_DERIVE_H
#define MIG_DERIVE_H
#endif
