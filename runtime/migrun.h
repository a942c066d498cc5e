/* migrun.h */
#ifndef MIG_RT_MIGRUN_H
#define MIG_RT_MIGRUN_H
#endif
