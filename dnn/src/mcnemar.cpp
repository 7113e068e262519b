#include "ffp8/dnn/mcnemar.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ffp8::dnn {

double mcnemar_exact_p(std::uint64_t b, std::uint64_t c) {
    const std::uint64_t n = b + c, k_max = std::min(b, c);
    // |b - c| <= 1: P(X <= k_max) >= 1/2 by symmetry, so the p-value is exactly 1.
    if (n - 2 * k_max <= 1) return 1.0;
    // P(X <= k_max) = sum_k C(n, k) / 2^n. n reaches 10,000 (2^-n underflows), so the largest
    // term, k = k_max, is taken in log space and the smaller ones from it by the exact ratio
    // C(n, k - 1) / C(n, k) = k / (n - k + 1).
    const double nd = static_cast<double>(n), kd = static_cast<double>(k_max);
    const double log_top = std::lgamma(nd + 1) - std::lgamma(kd + 1) - std::lgamma(nd - kd + 1) + nd * std::log(0.5);
    double sum = 0, term = 1;
    for (std::uint64_t k = k_max;; --k) {
        sum += term;
        if (k == 0 || term < 1e-18 * sum) break;
        term *= static_cast<double>(k) / static_cast<double>(n - k + 1);
    }
    return std::min(1.0, 2.0 * std::exp(log_top) * sum);
}

PairedComparison compare_predictions(std::span<const std::uint8_t> first, std::span<const std::uint8_t> second,
                                     std::span<const std::uint8_t> labels) {
    if (first.size() != second.size() || first.size() > labels.size())
        throw std::invalid_argument("compare_predictions needs two prediction lists of one length, and their labels");
    PairedComparison c;
    for (std::size_t i = 0; i < first.size(); ++i) {
        const bool a = first[i] == labels[i], b = second[i] == labels[i];
        c.first_only += a && !b;
        c.second_only += b && !a;
    }
    c.p_value = mcnemar_exact_p(c.first_only, c.second_only);
    return c;
}

}  // namespace ffp8::dnn
