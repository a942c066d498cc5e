#ifndef MIG_SCHEMA_H
#define MIG_SCHEMA_H
#endif
