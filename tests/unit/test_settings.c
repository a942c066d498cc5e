/* test_settings.c */
#include <criterion/criterion.h>
#include "helpers.h"
