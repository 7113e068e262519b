#include "ffp8/synth/lane_report.hpp"

#include <charconv>
#include <fmt/format.h>
#include <stdexcept>

#include "ffp8/hw/generator.hpp"
#include "ffp8/quoted_text.hpp"

namespace ffp8::synth {

double area_per_mac_um2(const MacComparison& c) { return c.ffp8.metrics.area_um2() / c.config.lanes; }

double area_per_mac_ratio(const MacComparison& c) { return area_per_mac_um2(c) / c.baseline.metrics.area_um2(); }

double delay_ratio(const MacComparison& c) { return c.ffp8.metrics.delay_ns() / c.baseline.metrics.delay_ns(); }

std::string lanes_markdown(const std::vector<MacComparison>& list, const FlowContext& ctx) {
    std::string s = fmt::format(
        "Library `{}`, clock {} ns, {} (every unit and the baseline). Baseline: one FP32 MAC with the same pipeline "
        "stages; a K-lane unit does K multiply-accumulates per cycle, so its area per MAC per cycle is its area / K.\n\n",
        ctx.liberty_name, ctx.clock_ns, view_title(headline_view(ctx.views)));
    s += "| configuration | lanes K | latency | area um² | area per MAC um² | per MAC / FP32 MAC | delay ns | delay / FP32 "
         "MAC | generic cells | depth |\n";
    s += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& c : list) {
        const DesignMetrics& f = c.ffp8.metrics;
        s += fmt::format("| {} | {} | {} | {:.0f} | {:.0f} | {:.3f}x | {:.2f} | {:.3f}x | {} | {} |\n", c.config.label(),
                         c.config.lanes, c.ffp8.latency, f.area_um2(), area_per_mac_um2(c), area_per_mac_ratio(c),
                         f.delay_ns(), delay_ratio(c), f.generic_cells, f.depth);
    }
    if (!list.empty()) {
        const DesignMetrics& b = list.front().baseline.metrics;
        s += fmt::format("\nFP32 baseline MAC: {:.0f} um², {:.2f} ns, {} generic cells, depth {}.\n", b.area_um2(),
                         b.delay_ns(), b.generic_cells, b.depth);
    }
    return s;
}

std::string lanes_csv(const std::vector<MacComparison>& list) {
    std::string s = "config,lanes,view,latency,area_um2,area_per_mac_um2,area_per_mac_ratio,delay_ns,delay_ratio,"
                    "generic_cells,depth,baseline_area_um2,baseline_delay_ns\n";
    for (const auto& c : list) {
        const DesignMetrics &b = c.baseline.metrics, &f = c.ffp8.metrics;
        s += fmt::format("{},{},{},{},{:.3f},{:.3f},{:.5f},{:.4f},{:.5f},{},{},{:.3f},{:.4f}\n", c.config.id(),
                         c.config.lanes, to_string(c.headline()), c.ffp8.latency, f.area_um2(), area_per_mac_um2(c),
                         area_per_mac_ratio(c), f.delay_ns(), delay_ratio(c), f.generic_cells, f.depth, b.area_um2(),
                         b.delay_ns());
    }
    return s;
}

nlohmann::json lanes_json(const MacComparison& c) {
    return {{"lanes", c.config.lanes},
            {"view", to_string(c.headline())},
            {"area_per_mac_um2", area_per_mac_um2(c)},
            {"area_per_mac_ratio", area_per_mac_ratio(c)},
            {"delay_ratio", delay_ratio(c)}};
}

std::vector<hw::UnitConfig> with_lanes(const std::vector<hw::UnitConfig>& configs, const std::vector<int>& lanes) {
    std::vector<hw::UnitConfig> out;
    for (const hw::UnitConfig& c : configs)
        for (int k : lanes) {
            hw::UnitConfig lc = c;
            lc.lanes = k;
            out.push_back(lc);
        }
    return out;
}

std::vector<int> parse_lane_list(const std::string& text) {
    std::vector<int> lanes;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        int k = 0;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), k);
        if (item.empty() || ec != std::errc{} || end != item.data() + item.size() || !lanes_supported(k))
            throw std::invalid_argument(
                fmt::format("--lanes {}: {} is not a supported lane count (1, 2, 4, 8 or 16)", quoted_text(text), quoted_text(item)));
        lanes.push_back(k);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return lanes;
}

}  // namespace ffp8::synth
