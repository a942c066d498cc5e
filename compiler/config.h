/* config.h */
#ifndef MIG_CONFIG_H
#define MIG_CONFIG_H
#endif
