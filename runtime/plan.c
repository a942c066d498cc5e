/* plan.c - see plan.h. */
#include "plan.h"
typedef int mig_rt_stub_plan;
