// GTKWave's FST writer, as shipped with Verilator (the same way verilated_fst_c.cpp builds it).
// Compiled without warnings: third-party C code.
#define FST_CONFIG_INCLUDE "fst_config.h"
#include "gtkwave/fastlz.c"
#include "gtkwave/fstapi.c"
#include "gtkwave/lz4.c"
