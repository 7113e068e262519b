#include "ffp8/synth/sweep.hpp"

#include <charconv>
#include <fmt/format.h>
#include <stdexcept>
#include <string>

#include "ffp8/quoted_text.hpp"

namespace ffp8::synth {

namespace {

hw::UnitConfig config(const char* act, const char* wgt, hw::Mode mode, int stages, const char* out = nullptr) {
    hw::UnitConfig c;
    c.act = Format::parse(act);
    c.wgt = Format::parse(wgt);
    c.mode = mode;
    c.stages = stages;
    if (out) c.out = Format::parse(out);
    return c;
}

}  // namespace

std::vector<hw::UnitConfig> default_sweep() {
    using enum hw::Mode;
    return {
        config("ue4m4", "se4m3", static_formats, 0),
        config("ue4m4", "se4m3", runtime_formats, 0),
        config("ue4m4", "se4m3", static_formats, 0, "se4m3"),
        config("ue4m4", "se4m3", runtime_formats, 0, "se4m3"),
        config("se4m3", "se4m3", static_formats, 0),
        config("se5m2", "se5m2", static_formats, 0),
        config("ocp-e4m3", "ocp-e5m2", static_formats, 0),
        config("ue4m4", "se4m3", static_formats, 2),
        config("ue4m4", "se4m3", runtime_formats, 2),
    };
}

hw::UnitConfig parse_config(std::string_view spec) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = spec.find(',', start);
        parts.emplace_back(spec.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (parts.size() < 2 || parts.size() > 5)
        throw std::invalid_argument(fmt::format("configuration {} is not ACT,WGT[,static|runtime[,STAGES[,OUT]]]", quoted_text(spec)));
    hw::UnitConfig c;
    c.act = Format::parse(parts[0]);
    c.wgt = Format::parse(parts[1]);
    if (parts.size() > 2) {
        if (parts[2] == "static") c.mode = hw::Mode::static_formats;
        else if (parts[2] == "runtime") c.mode = hw::Mode::runtime_formats;
        else throw std::invalid_argument(fmt::format("configuration {}: mode must be static or runtime", quoted_text(spec)));
    }
    if (parts.size() > 3) {
        const auto& st = parts[3];
        const auto [end, ec] = std::from_chars(st.data(), st.data() + st.size(), c.stages);
        if (ec != std::errc{} || end != st.data() + st.size() || c.stages < 0)
            throw std::invalid_argument(fmt::format("configuration {}: stages must be a number >= 0", quoted_text(spec)));
    }
    if (parts.size() > 4 && !parts[4].empty()) c.out = Format::parse(parts[4]);
    return c;
}

}  // namespace ffp8::synth
