/* test_types.c */
#include <criterion/criterion.h>
#include "helpers.h"
