// The dot-product unit against K copies of the FP32 baseline MAC: area per multiply-accumulate
// per cycle (the unit's area / K over one baseline MAC's area) and delay, one row per lane count,
// in the headline view (as built whenever it ran: the 1-lane MAC's pruned core and the K-lane
// unit's native narrow datapath are then alike).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ffp8/synth/mac_comparison.hpp"
#include "ffp8/synth/report.hpp"

namespace ffp8::synth {

// Area per MAC per cycle of the FFP8 unit, um^2: its area / lanes.
double area_per_mac_um2(const MacComparison& c);
// That area over the baseline MAC's area (0.25 = a quarter of an FP32 MAC per product).
double area_per_mac_ratio(const MacComparison& c);
// FFP8 delay / baseline delay.
double delay_ratio(const MacComparison& c);

// Markdown table: configuration, lanes, latency, area, area per MAC, ratio, delay, ratio, depth.
std::string lanes_markdown(const std::vector<MacComparison>& list, const FlowContext& ctx);
std::string lanes_csv(const std::vector<MacComparison>& list);
nlohmann::json lanes_json(const MacComparison& c);

// Every configuration once per lane count (configuration-major).
std::vector<hw::UnitConfig> with_lanes(const std::vector<hw::UnitConfig>& configs, const std::vector<int>& lanes);

// Parses "1,2,4,8,16" (each a supported lane count); throws std::invalid_argument naming the item.
std::vector<int> parse_lane_list(const std::string& text);

}  // namespace ffp8::synth
