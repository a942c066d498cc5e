/* yql.h */
#ifndef MIG_RT_YQL_H
#define MIG_RT_YQL_H
#endif
