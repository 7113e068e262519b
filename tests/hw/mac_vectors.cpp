#include "mac_vectors.hpp"

namespace ffp8::hw::test {

std::vector<PortSpec> mac_inputs(const UnitConfig& o) {
    std::vector<PortSpec> p{{"rst", 1}, {"in_valid", 1}, {"clear", 1}, {"load", 1}, {"load_value", 32},
                            {"a", o.act_lane_bits()}, {"w", o.wgt_lane_bits()}};
    if (o.mode == Mode::runtime_formats)
        for (const std::string s : {"act", "wgt"})
            for (const auto& [n, w] : std::vector<std::pair<std::string, int>>{{"_signed", 1}, {"_exp_bits", 4}, {"_frac_bits", 3}, {"_bias", 9}, {"_policy", 2}})
                p.push_back({s + n, w});
    return p;
}

std::vector<PortSpec> mac_outputs(const UnitConfig& o) {
    std::vector<PortSpec> p{{"out_valid", 1}, {"acc", 32}, {"flags", 5}};
    if (o.out) p.push_back({"q", o.out->width()});
    return p;
}

uint32_t random_binary32(std::mt19937_64& rng) {
    switch (rng() % 6) {
        case 0: return static_cast<uint32_t>(rng()) & 0x807FFFFFu;  // subnormal or zero
        case 1: return (rng() & 1 ? 0x80000000u : 0u) | (rng() & 1 ? 0x7F800000u : 0x7FC00000u);
        default: return (static_cast<uint32_t>(rng()) & 0x80FFFFFFu) | (static_cast<uint32_t>(100 + rng() % 55) << 23);
    }
}

Row format_ports(const Format& f) {
    return {f.is_signed ? 1u : 0u, static_cast<uint64_t>(f.E), static_cast<uint64_t>(f.M), static_cast<uint64_t>(f.bias) & 0x1FFu,
            static_cast<uint64_t>(f.policy)};
}

Row mac_row(const UnitConfig& o, const MacInputs& in) {
    Row r{in.rst, in.in_valid, in.clear, in.load, in.load_value, in.a, in.w};
    if (o.mode == Mode::runtime_formats) {
        for (const Row& f : {format_ports(in.act.value_or(o.act)), format_ports(in.wgt.value_or(o.wgt))})
            r.insert(r.end(), f.begin(), f.end());
    }
    return r;
}

std::vector<MacOutputs> simulate_mac(const UnitConfig& o, const std::vector<MacInputs>& cycles, const std::string& tag,
                                     Simulator simulator) {
    const GeneratedDesign d = generate(o);
    TempDir dir(tag);
    const auto sources = write_files(d, dir.path());
    std::vector<Row> rows;
    rows.reserve(cycles.size());
    for (const auto& c : cycles) rows.push_back(mac_row(o, c));
    const auto out = simulate_clocked(dir.path(), sources, d.top, mac_inputs(o), mac_outputs(o), rows, simulator);
    std::vector<MacOutputs> result;
    for (const auto& r : out) {
        MacOutputs m;
        m.out_valid = r[0] != 0;
        m.acc = static_cast<uint32_t>(r[1]);
        m.flags = static_cast<Flags>(r[2]);
        m.q = o.out ? static_cast<uint8_t>(r[3]) : 0;
        result.push_back(m);
    }
    return result;
}

}  // namespace ffp8::hw::test
