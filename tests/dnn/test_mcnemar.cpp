// McNemar's exact test against values computed by hand (exact binomial sums) and a published
// two-sided binomial p-value; the paired counts against a direct count.
#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <vector>

#include "ffp8/dnn/mcnemar.hpp"

namespace {

using ffp8::dnn::compare_predictions;
using ffp8::dnn::mcnemar_exact_p;

// 2 * sum_{k <= min(b,c)} C(n, k) / 2^n with exact integers (n <= 60), capped at 1.
double exact_small(unsigned b, unsigned c) {
    const unsigned n = b + c, m = std::min(b, c);
    if (n == 0) return 1;
    unsigned long long binom = 1, sum = 0;
    for (unsigned k = 0; k <= m; ++k) {
        sum += binom;
        binom = binom * (n - k) / (k + 1);
    }
    return std::min(1.0, 2.0 * static_cast<double>(sum) / std::ldexp(1.0, static_cast<int>(n)));
}

TEST(McNemar, KnownValues) {
    EXPECT_EQ(mcnemar_exact_p(0, 0), 1.0);
    EXPECT_DOUBLE_EQ(mcnemar_exact_p(0, 10), 2.0 / 1024);       // 2 * 2^-10
    EXPECT_NEAR(mcnemar_exact_p(1, 5), 2.0 * 7 / 64, 1e-14);       // 2 * (1 + 6) / 2^6
    EXPECT_NEAR(mcnemar_exact_p(2, 10), 0.03857421875, 1e-14);     // binom.test(2, 12): 2 * 79 / 4096
    EXPECT_EQ(mcnemar_exact_p(7, 7), 1.0);                         // equal counts: no evidence
    EXPECT_DOUBLE_EQ(mcnemar_exact_p(3, 4), 1.0);                  // 2 * P(X <= 3 | n = 7) = 1
    // R: binom.test(40, 100)$p.value = 0.05688793 (two-sided, symmetric for p = 1/2).
    EXPECT_NEAR(mcnemar_exact_p(40, 60), 0.056887933, 1e-8);
    EXPECT_NEAR(mcnemar_exact_p(60, 40), 0.056887933, 1e-8);
}

TEST(McNemar, EqualsExactBinomialSumsAndIsSymmetric) {
    for (unsigned b = 0; b <= 30; ++b)
        for (unsigned c = 0; c <= 30; ++c) {
            EXPECT_NEAR(mcnemar_exact_p(b, c), exact_small(b, c), 1e-12 * exact_small(b, c) + 1e-300) << b << " " << c;
            EXPECT_EQ(mcnemar_exact_p(b, c), mcnemar_exact_p(c, b));
        }
}

TEST(McNemar, LargeCountsStayFiniteAndMonotone) {
    // Thousands of discordant images: 2^-n underflows a double, the log-space sum must not.
    EXPECT_GT(mcnemar_exact_p(4800, 5200), 0.0);
    EXPECT_LT(mcnemar_exact_p(4800, 5200), 0.01);
    EXPECT_NEAR(mcnemar_exact_p(5000, 5000), 1.0, 1e-12);
    double prev = 1.0;
    for (unsigned b = 500; b >= 400; b -= 10) {  // farther from n / 2: smaller p
        const double p = mcnemar_exact_p(b, 1000 - b);
        EXPECT_LE(p, prev);
        prev = p;
    }
    EXPECT_LT(prev, 1e-9);
}

TEST(McNemar, ComparePredictionsCountsDiscordantImages) {
    std::mt19937 rng(3);
    std::vector<uint8_t> labels(500), a(500), b(500);
    unsigned a_only = 0, b_only = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        labels[i] = static_cast<uint8_t>(rng() % 10);
        a[i] = rng() % 3 ? labels[i] : static_cast<uint8_t>((labels[i] + 1 + rng() % 9) % 10);
        b[i] = rng() % 4 ? labels[i] : static_cast<uint8_t>((labels[i] + 1 + rng() % 9) % 10);
        a_only += a[i] == labels[i] && b[i] != labels[i];
        b_only += b[i] == labels[i] && a[i] != labels[i];
    }
    const auto c = compare_predictions(a, b, labels);
    EXPECT_EQ(c.first_only, a_only);
    EXPECT_EQ(c.second_only, b_only);
    EXPECT_GT(a_only + b_only, 0u);
    EXPECT_EQ(c.p_value, mcnemar_exact_p(a_only, b_only));
    EXPECT_EQ(c.significant(0.05), c.p_value < 0.05);
    // Both wrong with different classes is not discordant.
    const std::vector<uint8_t> l{0, 0}, x{1, 0}, y{2, 1};
    const auto d = compare_predictions(x, y, l);
    EXPECT_EQ(d.first_only, 1u);
    EXPECT_EQ(d.second_only, 0u);
    EXPECT_THROW(compare_predictions(x, std::vector<uint8_t>{1}, l), std::invalid_argument);
}

}  // namespace
