// Writes TestFloat f32_mulAdd-format vectors from the oracle (oracle/testfloat_vectors.hpp): the
// committed files under tests/sim/data/ come from here.
//   ffp8_oracle_testfloat_gen --act fp32 --wgt fp32 --lines 4000 --seed 1 > f32_mulAdd.tf
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "oracle/testfloat_vectors.hpp"

int main(int argc, char** argv) {
    CLI::App app{"TestFloat f32_mulAdd vectors (A B C RESULT FLAGS) from the independent oracle"};
    std::string act = "fp32", wgt = "fp32";
    int lines = 4000;
    uint64_t seed = 1;
    app.add_option("--act", act, "Format of A: fp32, a preset, or a canonical name with the bias")->capture_default_str();
    app.add_option("--wgt", wgt, "Format of B")->capture_default_str();
    app.add_option("--lines", lines, "Vectors to write")->check(CLI::Range(1, 1 << 30))->capture_default_str();
    app.add_option("--seed", seed, "Seed")->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    try {
        const std::string text =
            oracle::testfloat_mul_add_file(oracle::operand_format(act), oracle::operand_format(wgt), lines, seed);
        std::fwrite(text.data(), 1, text.size(), stdout);
        return std::fflush(stdout) == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ffp8_oracle_testfloat_gen: error: %s\n", e.what());
        return 1;
    }
}
