/* build.h */
#ifndef MIG_BUILD_H
#define MIG_BUILD_H
#endif
