/* loader.c - see loader.h. */
#include "loader.h"
typedef int mig_rt_stub_loader;
