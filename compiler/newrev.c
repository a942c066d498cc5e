/* newrev.c - see newrev.h. */
#include "newrev.h"
typedef int mig_stub_newrev;
