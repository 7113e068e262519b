#include "ffp8/synth/ice40_device.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <stdexcept>

#include "ffp8/quoted_text.hpp"

namespace ffp8::synth {

namespace {
struct KnownDevice {
    Ice40Device device;                 // with its largest package (the MAC has 90 to 139 ports)
    std::vector<std::string> packages;  // every package nextpnr-ice40 0.4 takes for the part
};

const std::vector<KnownDevice>& devices() {
    static const std::vector<KnownDevice> list{
        {{"hx1k", "tq144", false}, {"tq144", "vq100", "cb132", "cb121", "cb81", "cm121", "cm81", "cm49", "cm36", "qn84", "swg16tr"}},
        {{"hx4k", "tq144", false}, {"tq144", "cb132", "bg121", "cm225", "cm121", "cm81"}},
        {{"hx8k", "ct256", false}, {"ct256", "cb132", "bg121", "cm225", "cm121", "cm81"}},
        {{"lp8k", "cm81", false}, {"cm81", "ct256", "cb132", "bg121", "cm225", "cm121"}},
        {{"up5k", "sg48", true}, {"sg48", "uwg30"}},
    };
    return list;
}
}  // namespace

std::vector<std::string> ice40_device_names() {
    std::vector<std::string> names;
    for (const auto& d : devices()) names.push_back(d.device.name);
    return names;
}

Ice40Device ice40_device(std::string_view name, std::string_view package) {
    for (const KnownDevice& known : devices())
        if (known.device.name == name) {
            Ice40Device d = known.device;
            if (package.empty()) return d;
            if (std::find(known.packages.begin(), known.packages.end(), package) == known.packages.end())
                throw std::invalid_argument(fmt::format("unknown iCE40 package {} for {} (known: {})", quoted_text(package), name,
                                                        fmt::join(known.packages, ", ")));
            d.package = package;
            return d;
        }
    throw std::invalid_argument(
        fmt::format("unknown iCE40 device {} (known: {})", quoted_text(name), fmt::join(ice40_device_names(), ", ")));
}

}  // namespace ffp8::synth
