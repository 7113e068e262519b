// `ffp8 bench --cosim`: checked co-simulation speed of the runtime-configurable MAC (C++ harness,
// one core) next to the Verilated model stepped alone, on the same stimulus.
#pragma once

#include <cstdint>

#include "ffp8/format.hpp"

namespace ffp8::sim {

struct CosimBench {
    uint64_t operations = 0;
    int stages = 0;                       // of the unit measured (the one the build verilated)
    double cosim_ops_per_s = 0;           // Verilated model + golden model + per-cycle checks
    double verilated_only_ops_per_s = 0;  // the Verilated model alone
    uint64_t vector_lines = 0;            // TestFloat-format lines of the --vectors case
    double vectors_lines_per_s = 0;       // the same co-simulation reading them (--vectors FILE)
    double overhead() const { return verilated_only_ops_per_s / cosim_ops_per_s; }
};

// Best of `repeats` runs of `ops` random operations each; then the same unit fed the operations of
// that stimulus (min(ops, 2^21) random ones, one format pair) as TestFloat-format lines with
// their accumulator values, written to memory beforehand and read as --vectors FILE reads.
CosimBench bench_cosim(const Format& act, const Format& wgt, uint64_t ops, int repeats, uint64_t seed);

}  // namespace ffp8::sim
