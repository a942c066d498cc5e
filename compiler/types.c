/* types.c - see types.h. */
#include "types.h"
typedef int mig_stub_types;
