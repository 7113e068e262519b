#include "ffp8/synth/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "ffp8/synth/lane_report.hpp"
#include "ffp8/xml_escape.hpp"

namespace ffp8::synth {

namespace {

// Geometry, in px.
constexpr double label_width = 330;
constexpr double panel_width = 310;
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

// A missing value (NaN: the design did not fit) draws no bar and says so.
std::string bars(const Panel& p, double y, double baseline, double ffp8) {
    const bool have_b = !std::isnan(baseline), have_f = !std::isnan(ffp8);
    const double wb = have_b ? baseline * p.scale : 0, wf = have_f ? ffp8 * p.scale : 0;
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
    const std::string value = !have_f ? "does not fit"
                              : !have_b ? fmt::format(fmt::runtime(p.unit_format), ffp8) + " (baseline does not fit)"
                                        : fmt::format("{} ({:+.1f}%)", fmt::format(fmt::runtime(p.unit_format), ffp8),
                                                      100.0 * (ffp8 - baseline) / baseline);
    s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="10">{}</text>)"
                     "\n",
                     p.x + std::max(wb, wf) + 4, y + 2 * bar_height, value);
    return s;
}

}  // namespace

std::string two_panel_chart(const std::string& subtitle, const std::array<ChartPanel, 2>& panels,
                            const std::vector<ChartRow>& rows, const std::string& baseline_legend) {
    std::array<double, 2> max_value{1e-3, 1e-3};
    for (const auto& r : rows)
        for (int k = 0; k < 2; ++k)
            for (double v : {r.baseline[k], r.ffp8[k]})
                if (!std::isnan(v)) max_value[k] = std::max(max_value[k], v);
    // Leave room for the value label right of the longest bar.
    const Panel left{panels[0].title.c_str(), label_width, (panel_width - 90) / max_value[0], panels[0].value_format.c_str()};
    const Panel right{panels[1].title.c_str(), label_width + panel_width + panel_gap, (panel_width - 90) / max_value[1],
                      panels[1].value_format.c_str()};
    const double width = label_width + 2 * panel_width + panel_gap + 10;
    const double height = top_margin + row_height * static_cast<double>(rows.size()) + 40;

    std::string s = fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{:.0f}" height="{:.0f}" )"
                                R"(viewBox="0 0 {:.0f} {:.0f}" font-family="sans-serif">)"
                                "\n",
                                width, height, width, height);
    s += fmt::format(R"(<rect width="100%" height="100%" fill="#fff"/>)"
                     "\n");
    s += fmt::format(R"(<text x="10" y="22" font-size="15" font-weight="bold">FFP8 MAC vs FP32 baseline MAC</text>)"
                     "\n");
    s += fmt::format(R"(<text x="10" y="40" font-size="11">{}; percentages: FFP8 over its baseline</text>)"
                     "\n",
                     xml_escape(subtitle));
    for (const Panel* p : {&left, &right})
        s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" font-weight="bold">{}</text>)"
                         "\n",
                         p->x, top_margin - 12, p->title);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const ChartRow& r = rows[i];
        const double y = top_margin + row_height * static_cast<double>(i);
        s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="end">{}</text>)"
                         "\n",
                         label_width - 8, y + bar_height + 4, xml_escape(r.label));
        s += bars(left, y, r.baseline[0], r.ffp8[0]);
        s += bars(right, y, r.baseline[1], r.ffp8[1]);
    }
    const double ly = height - 18;
    s += fmt::format(R"(<rect x="10" y="{:.1f}" width="14" height="10" fill="#b8b8b8"/>)"
                     "\n"
                     R"(<text x="30" y="{:.1f}" font-size="11">{}</text>)"
                     "\n"
                     R"(<rect x="430" y="{:.1f}" width="14" height="10" fill="#2f6fbf"/>)"
                     "\n"
                     R"(<text x="450" y="{:.1f}" font-size="11">FFP8 MAC</text>)"
                     "\n",
                     ly - 9, ly, xml_escape(baseline_legend), ly - 9, ly);
    s += "</svg>\n";
    return s;
}

}  // namespace ffp8::synth

namespace ffp8::synth {

std::string comparisons_svg(const std::vector<MacComparison>& list, const FlowContext& ctx) {
    std::vector<ChartRow> rows;
    for (const auto& c : list)
        rows.push_back({c.config.label() + (c.abc == AbcScript::delay ? " [abc delay]" : ""),
                        {c.baseline.metrics.area_um2(), c.baseline.metrics.delay_ns()},
                        {area_per_mac_um2(c), c.ffp8.metrics.delay_ns()}});
    const std::string view = view_title(headline_view(ctx.views));
    return two_panel_chart(fmt::format("{}, clock {} ns, {}", ctx.liberty_name, ctx.clock_ns, view),
                           {ChartPanel{"Area per multiply-accumulate per cycle (um\u00b2)", "{:.0f}"},
                            ChartPanel{"Critical path (ns)", "{:.2f}"}},
                           rows);
}

}  // namespace ffp8::synth
