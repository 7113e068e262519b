// What the golden suites share: the bridge from golden types to the oracle's own types, and the
// matrix of formats every exhaustive test runs over.
#pragma once

#include <optional>
#include <vector>

#include "ffp8/format.hpp"
#include "ffp8/rounding.hpp"
#include "oracle/encode.hpp"
#include "oracle/format_spec.hpp"

namespace ffp8::test {

// The same five choices in the oracle's terms (fp32 must be handled by the caller).
oracle::FormatSpec spec_of(const Format& f);
// nullopt for fp32 (the oracle's convention for a binary32 operand).
std::optional<oracle::FormatSpec> operand_spec(const Format& f);
oracle::Rounding to_oracle(Rounding r);

// Every legal (signedness, E, M, policy) of every width 8 down to 4, with the smallest and
// largest legal bias and the default bias when legal (legal ranges from the oracle, so a wrong golden range shows up as a
// construction error), plus the presets.
std::vector<Format> format_matrix();

}  // namespace ffp8::test
