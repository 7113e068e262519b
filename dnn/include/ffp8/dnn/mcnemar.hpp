// McNemar's exact test for two classifiers run on the same images.
//
// Only the discordant images carry information: b = images the first gets right and the second
// wrong, c = the reverse. Under the null hypothesis (equal accuracy) each discordant image is a
// fair coin, so b ~ Binomial(b + c, 1/2); the two-sided p-value is
// min(1, 2 * P(X <= min(b, c))), and 1 when there is no discordant image.
#pragma once

#include <cstdint>
#include <span>

namespace ffp8::dnn {

double mcnemar_exact_p(std::uint64_t b, std::uint64_t c);

// Two runs' predictions compared image by image.
struct PairedComparison {
    std::uint64_t first_only = 0;   // images the first run classifies correctly and the second does not
    std::uint64_t second_only = 0;  // the reverse
    double p_value = 1;             // McNemar's exact test on (first_only, second_only)
    bool significant(double alpha = 0.05) const { return p_value < alpha; }
};

// Two runs' predicted classes against the labels (all three the same length).
PairedComparison compare_predictions(std::span<const std::uint8_t> first, std::span<const std::uint8_t> second,
                                     std::span<const std::uint8_t> labels);

}  // namespace ffp8::dnn
