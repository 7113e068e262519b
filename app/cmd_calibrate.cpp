// `ffp8 calibrate TENSOR.npy --role weight|activation [--mode search|rule] [--top N] [--json]`:
// rank FFP8 formats for one float32 tensor by quantization error (golden encode rne+saturate,
// then decode), or apply the paper's rule.
#include <bit>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "ffp8/decode.hpp"
#include "ffp8/dnn/calibrate.hpp"
#include "ffp8/dnn/npy.hpp"
#include "ffp8/quoted_text.hpp"

namespace ffp8::cli {

namespace {

double max_finite(const Format& f) { return std::bit_cast<float>(decode(f, f.max_finite_code())); }

nlohmann::json candidate_json(const dnn::Candidate& c) {
    return {{"format", c.format.name()},
            {"mse", c.error.mse},
            // JSON has no infinity: null means no quantization error at all.
            {"sqnr_db", std::isinf(c.error.sqnr_db) ? nlohmann::json(nullptr) : nlohmann::json(c.error.sqnr_db)},
            {"max_finite", max_finite(c.format)}};
}

std::string sqnr_text(double db) { return std::isinf(db) ? "inf" : fmt::format("{:.2f}", db); }

void add_calibrate_command(CLI::App& app) {
    struct Options {
        std::string tensor, role, mode = "search";
        std::size_t top = 5;
        int bits = 8;
        bool json = false;
    };
    auto opt = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("calibrate", "Choose the FFP8 format of a tensor (.npy, float32) by quantization "
                                                "error (MSE, SQNR) or by the paper's rule");
    cmd->add_option("tensor", opt->tensor, "NumPy .npy file of float32 values (little-endian '<f4', C order)")
        ->required();
    cmd->add_option("--role", opt->role, "What the tensor holds: weight or activation (reported with the result)")
        ->required();
    cmd->add_option("--mode", opt->mode,
                    "search: rank every signedness/E and biases near the max-magnitude bias by MSE; rule: unsigned "
                    "if non-negative, bias from max |x|, E from the spread")
        ->capture_default_str();
    cmd->add_option("--top", opt->top, "How many candidates to print (search mode)")->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
    cmd->add_option("--bits", opt->bits,
                    "Code width n of the candidates: 8 (FFP8), or 4..7 for the narrow formats (e.g. se2m1 at 4)")
        ->capture_default_str();
    cmd->add_flag("--json", opt->json, "Print one JSON object instead of the table");
    cmd->callback([opt] {
        const dnn::TensorRole role = dnn::parse_role(opt->role);
        if (opt->bits < Format::min_width || opt->bits > Format::max_width)
            throw std::runtime_error(fmt::format("--bits {} is out of range: expected {}..{}", opt->bits,
                                                 Format::min_width, Format::max_width));
        if (opt->mode != "search" && opt->mode != "rule")
            throw std::runtime_error(fmt::format("unknown mode {}: expected search or rule", quoted_text(opt->mode)));
        const dnn::NpyArray arr = dnn::read_npy(opt->tensor);
        if (arr.data.empty()) throw std::runtime_error(fmt::format("{}: the tensor is empty", opt->tensor));
        try {
            dnn::require_finite(arr.data);
        } catch (const std::runtime_error& e) {
            throw std::runtime_error(fmt::format("{}: {}", opt->tensor, e.what()));
        }
        const dnn::TensorStats st = dnn::tensor_stats(arr.data);
        std::vector<dnn::Candidate> ranked;
        if (opt->mode == "rule") {
            ranked.push_back(dnn::rule_format(arr.data, opt->bits));
        } else {
            ranked = dnn::search_formats(arr.data, opt->bits);
            if (ranked.size() > opt->top) ranked.resize(opt->top);
        }

        if (opt->json) {
            nlohmann::json j{{"tensor", opt->tensor}, {"role", std::string(to_string(role))}, {"mode", opt->mode},
                             {"shape", arr.shape}, {"best", ranked.front().format.name()}};
            j["stats"] = {{"count", st.count}, {"nonzero", st.nonzero}, {"min", st.min}, {"max", st.max},
                          {"max_abs", st.max_abs}, {"low_abs", st.low_abs}, {"spread_binades", st.spread}};
            auto& c = j["candidates"] = nlohmann::json::array();
            for (const auto& cand : ranked) c.push_back(candidate_json(cand));
            fmt::print("{}\n", j.dump(2));
            return;
        }
        fmt::print("tensor  {} (shape ({}), {} values, role {})\n", opt->tensor, fmt::join(arr.shape, ", "), st.count,
                   to_string(role));
        fmt::print("values  min {:.6g}  max {:.6g}  max|x| {:.6g}  nonzero {}  spread {:.2f} binades "
                   "(1st percentile of nonzero |x|: {:.6g})\n",
                   st.min, st.max, st.max_abs, st.nonzero, st.spread, st.low_abs);
        if (opt->mode == "rule") {
            const Format& f = ranked.front().format;
            fmt::print("rule    {}; E = {} (2^E - 1 = {} normal binades for a spread of {:.2f}); bias {} (max finite "
                       "{:.6g} covers max|x| {:.6g})\n",
                       f.is_signed ? "signed (negative values)" : "unsigned (no negative values)", f.E, (1 << f.E) - 1,
                       st.spread, f.bias, max_finite(f), st.max_abs);
        }
        fmt::print("{:>4}  {:<12}  {:>12}  {:>9}  {:>12}\n", "rank", "format", "MSE", "SQNR dB", "max finite");
        for (std::size_t i = 0; i < ranked.size(); ++i)
            fmt::print("{:>4}  {:<12}  {:>12.4e}  {:>9}  {:>12.6g}\n", i + 1, ranked[i].format.name(), ranked[i].error.mse,
                       sqnr_text(ranked[i].error.sqnr_db), max_finite(ranked[i].format));
    });
}

const Registration registration{60, add_calibrate_command};

}  // namespace

}  // namespace ffp8::cli
