/* plan.h */
#ifndef MIG_RT_PLAN_H
#define MIG_RT_PLAN_H
#endif
