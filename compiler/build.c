/* build.c - see build.h. */
#include "build.h"
typedef int mig_stub_build;
