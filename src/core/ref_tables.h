/* Compiled-in reference tables (generated, see data/reference/gen-tables.py).
 * Both tables are sorted by code so lookups can bisect. */
#ifndef DOUANE_REF_TABLES_H
#define DOUANE_REF_TABLES_H

#include <stddef.h>

#include "ref.h"

extern const struct ref_hs ref_hs_table[];
extern const size_t ref_hs_table_len;
extern const struct ref_country ref_country_table[];
extern const size_t ref_country_table_len;

#endif
