// What the MPFR-based parts of the oracle share: an RAII mpfr_t, exact assignment, and the one
// binary32 rounding (nearest even, tininess after rounding, gradual underflow, overflow to Inf).
#pragma once

#include <mpfr.h>

#include "oracle/exact_value.hpp"
#include "oracle/mac.hpp"

namespace oracle::detail {

struct Mpfr {
    mpfr_t x;
    explicit Mpfr(mpfr_prec_t p) { mpfr_init2(x, p); }
    ~Mpfr() { mpfr_clear(x); }
    Mpfr(const Mpfr&) = delete;
    Mpfr& operator=(const Mpfr&) = delete;
};

// Aborts unless the MPFR operation was exact (the oracle's own precision would be wrong).
void require_exact(int ternary);

// out <- the finite value v, exactly.
void set_exact(mpfr_t out, const ExactValue& v);

// The binary32 result and flags of the exact, nonzero, finite value `sum`.
MacOut round_nonzero(const mpfr_t sum);

}  // namespace oracle::detail
