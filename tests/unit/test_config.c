/* test_config.c */
#include <criterion/criterion.h>
#include "helpers.h"
