/* test_scanner.c */
#include <criterion/criterion.h>
#include "helpers.h"
