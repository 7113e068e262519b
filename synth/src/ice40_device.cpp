#include "ffp8/synth/ice40_device.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <stdexcept>

namespace ffp8::synth {

namespace {
// The largest package of each part (the MAC has 90 to 139 ports).
const std::vector<Ice40Device>& devices() {
    static const std::vector<Ice40Device> list{
        {"hx1k", "tq144", false}, {"hx4k", "tq144", false}, {"hx8k", "ct256", false},
        {"lp8k", "cm81", false},  {"up5k", "sg48", true},
    };
    return list;
}
}  // namespace

std::vector<std::string> ice40_device_names() {
    std::vector<std::string> names;
    for (const auto& d : devices()) names.push_back(d.name);
    return names;
}

Ice40Device ice40_device(std::string_view name, std::string_view package) {
    for (Ice40Device d : devices())
        if (d.name == name) {
            if (!package.empty()) d.package = package;
            return d;
        }
    throw std::invalid_argument(
        fmt::format("unknown iCE40 device '{}' (known: {})", name, fmt::join(ice40_device_names(), ", ")));
}

}  // namespace ffp8::synth
