/* loader.h */
#ifndef MIG_RT_LOADER_H
#define MIG_RT_LOADER_H
#endif
