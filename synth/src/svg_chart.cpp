#include "ffp8/synth/svg_chart.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace ffp8::synth {

namespace {

std::string xml_escaped(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// Geometry, in px.
constexpr double label_width = 330;
constexpr double panel_width = 280;
constexpr double panel_gap = 30;
constexpr double row_height = 36;
constexpr double top_margin = 74;
constexpr double bar_height = 11;

struct Panel {
    const char* title;
    double x;
    double scale;  // px per unit
    const char* unit_format;  // value label
};

std::string bars(const Panel& p, double y, double baseline, double ffp8, double pct) {
    const double wb = baseline * p.scale, wf = ffp8 * p.scale;
    std::string s;
    s += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}" fill="#b8b8b8"/>)"
                     "\n",
                     p.x, y, wb, bar_height);
    s += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}" fill="#2f6fbf"/>)"
                     "\n",
                     p.x, y + bar_height + 2, wf, bar_height);
    // The baseline value marked across the FFP8 bar.
    s += fmt::format(R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1:.1f}" y2="{2:.1f}" stroke="#000" stroke-width="1.5"/>)"
                     "\n",
                     p.x + wb, y - 1, y + 2 * bar_height + 3);
    s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="10">{} ({:+.1f}%)</text>)"
                     "\n",
                     p.x + std::max(wb, wf) + 4, y + 2 * bar_height, fmt::format(fmt::runtime(p.unit_format), ffp8), pct);
    return s;
}

}  // namespace

std::string comparisons_svg(const std::vector<MacComparison>& list, const FlowContext& ctx) {
    double max_area = 1, max_delay = 1e-3;
    for (const auto& c : list) {
        max_area = std::max({max_area, c.baseline.metrics.area_um2, c.ffp8.metrics.area_um2});
        max_delay = std::max({max_delay, c.baseline.metrics.delay_ns(), c.ffp8.metrics.delay_ns()});
    }
    // Leave room for the value label right of the longest bar.
    const Panel area{"Area (um\u00b2)", label_width, (panel_width - 90) / max_area, "{:.0f}"};
    const Panel delay{"Critical path (ns)", label_width + panel_width + panel_gap, (panel_width - 90) / max_delay, "{:.2f}"};
    const double width = label_width + 2 * panel_width + panel_gap + 10;
    const double height = top_margin + row_height * static_cast<double>(list.size()) + 40;

    std::string s = fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{:.0f}" height="{:.0f}" )"
                                R"(viewBox="0 0 {:.0f} {:.0f}" font-family="sans-serif">)"
                                "\n",
                                width, height, width, height);
    s += fmt::format(R"(<rect width="100%" height="100%" fill="#fff"/>)"
                     "\n");
    s += fmt::format(R"(<text x="10" y="22" font-size="15" font-weight="bold">FFP8 MAC vs FP32 baseline MAC</text>)"
                     "\n");
    s += fmt::format(R"(<text x="10" y="40" font-size="11">{}, clock {} ns{}; percentages: FFP8 over its baseline</text>)"
                     "\n",
                     xml_escaped(ctx.liberty_name), ctx.clock_ns, ctx.flat ? ", flat synthesis" : "");
    for (const Panel* p : {&area, &delay})
        s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="12" font-weight="bold">{}</text>)"
                         "\n",
                         p->x, top_margin - 12, p->title);
    for (std::size_t i = 0; i < list.size(); ++i) {
        const MacComparison& c = list[i];
        const double y = top_margin + row_height * static_cast<double>(i);
        s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="end">{}</text>)"
                         "\n",
                         label_width - 8, y + bar_height + 4, xml_escaped(c.config.label()));
        s += bars(area, y, c.baseline.metrics.area_um2, c.ffp8.metrics.area_um2, c.area_overhead_pct());
        s += bars(delay, y, c.baseline.metrics.delay_ns(), c.ffp8.metrics.delay_ns(), c.delay_overhead_pct());
    }
    const double ly = height - 18;
    s += fmt::format(R"(<rect x="10" y="{:.1f}" width="14" height="10" fill="#b8b8b8"/>)"
                     "\n"
                     R"(<text x="30" y="{:.1f}" font-size="11">FP32 baseline (same pipeline stages; black tick = baseline value)</text>)"
                     "\n"
                     R"(<rect x="430" y="{:.1f}" width="14" height="10" fill="#2f6fbf"/>)"
                     "\n"
                     R"(<text x="450" y="{:.1f}" font-size="11">FFP8 MAC</text>)"
                     "\n",
                     ly - 9, ly, ly - 9, ly);
    s += "</svg>\n";
    return s;
}

}  // namespace ffp8::synth
