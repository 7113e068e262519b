#include "ffp8/synth/activity_trace.hpp"

#include <fmt/format.h>
#include <map>
#include <sstream>
#include <stdexcept>

#include "ffp8/quoted_text.hpp"

namespace ffp8::synth {

int PortTrace::find(std::string_view name) const {
    for (std::size_t i = 0; i < ports.size(); ++i)
        if (ports[i].name == name) return static_cast<int>(i);
    return -1;
}

namespace {

[[noreturn]] void bad(const std::string& what) { throw std::runtime_error("activity file: " + what); }

uint64_t parse_bits(std::string_view bits, std::string_view id) {
    if (bits.size() > 64) bad(fmt::format("value of {} is wider than 64 bits", quoted_text(id)));
    uint64_t v = 0;
    for (char c : bits) {
        if (c != '0' && c != '1') bad(fmt::format("signal {} has an x/z value (not a fully driven design)", quoted_text(id)));
        v = v << 1 | static_cast<uint64_t>(c == '1');
    }
    return v;
}

// `ffp8 sim --activity` writes its operation count in the header: a file claiming more (or
// fewer) than it holds is cut short or edited, and would fail only in the power analysis,
// after minutes of synthesis (or be measured over the wrong cycles).
void check_claimed_operations(const PortTrace& t) {
    if (!t.header.contains("ops")) return;  // a VCD of another origin: no claim
    const nlohmann::json& ops = t.header.at("ops");
    if (!ops.is_number_unsigned()) bad(fmt::format("the ffp8-activity comment's ops {} is not a count", ops.dump()));
    const int valid = t.find("in_valid"), rst = t.find("rst");
    if (valid < 0 || rst < 0) bad("the ffp8-activity comment counts operations, but there is no in_valid or rst port");
    uint64_t held = 0;
    for (const auto& cycle : t.before)
        if (cycle[static_cast<std::size_t>(valid)] != 0 && cycle[static_cast<std::size_t>(rst)] == 0) ++held;
    if (held != ops.get<uint64_t>())
        bad(fmt::format("the ffp8-activity comment claims {} operations, the file holds {}", ops.get<uint64_t>(), held));
}

}  // namespace

PortTrace read_activity_vcd(std::string_view text, const std::string& clock) {
    PortTrace t;
    t.header = nlohmann::json::object();
    std::istringstream in{std::string(text)};
    std::string tok;
    std::map<std::string, int> index;  // VCD identifier -> port index (-2: the clock)
    std::string clock_id;
    int depth = 0;
    bool definitions = true;
    // Header: keyword sections up to $enddefinitions.
    while (definitions && in >> tok) {
        if (tok == "$comment") {
            std::string body, w;
            while (in >> w && w != "$end") body += w + " ";
            const auto at = body.find("ffp8-activity ");
            if (at != std::string::npos) {
                try {
                    t.header = nlohmann::json::parse(body.substr(at + 14));
                } catch (const std::exception&) {
                    bad("the ffp8-activity comment is not JSON");
                }
            }
        } else if (tok == "$scope") {
            ++depth;
            while (in >> tok && tok != "$end") {}
        } else if (tok == "$upscope") {
            --depth;
            while (in >> tok && tok != "$end") {}
        } else if (tok == "$var") {
            std::string type, id, name, w;
            int width = 0;
            in >> type >> width >> id >> name;
            while (in >> w && w != "$end") {}  // a bit range after the name
            if (depth != 1) continue;          // ports only: the top scope
            if (name == clock) {
                clock_id = id;
                continue;
            }
            if (width < 1 || width > 64) bad(fmt::format("port {} has width {} (1 to 64 supported)", name, width));
            index[id] = static_cast<int>(t.ports.size());
            t.ports.push_back({name, width});
        } else if (tok == "$enddefinitions") {
            while (in >> tok && tok != "$end") {}
            definitions = false;
        } else if (tok[0] == '$') {
            while (tok != "$end" && in >> tok) {}
        } else {
            bad(fmt::format("unexpected {} in the header", quoted_text(tok)));
        }
    }
    if (definitions) bad("no $enddefinitions (not a VCD?)");
    if (clock_id.empty()) bad(fmt::format("no clock port {} in the top scope", quoted_text(clock)));

    std::vector<uint64_t> now(t.ports.size(), 0), before;
    std::vector<bool> seen(t.ports.size(), false);
    bool clk = false, clk_next = false, rising = false;
    // A timestamp's changes are applied together; a rising clock edge at that time records the
    // values before (the cycle's inputs) and after (its outputs).
    const auto close_time = [&] {
        if (rising) {
            t.before.push_back(before);
            t.after.push_back(now);
        }
        rising = false;
        before = now;
        clk = clk_next;
    };
    before = now;
    while (in >> tok) {
        if (tok[0] == '#') {
            close_time();
            continue;
        }
        if (tok[0] == '$') {  // $dumpvars / $end around initial values
            continue;
        }
        std::string id, bits;
        if (tok[0] == 'b' || tok[0] == 'B') {
            bits = tok.substr(1);
            in >> id;
        } else {
            bits = tok.substr(0, 1);
            id = tok.substr(1);
        }
        if (id == clock_id) {
            const uint64_t v = parse_bits(bits, clock);
            if (v && !clk) rising = true;
            clk_next = v != 0;
            continue;
        }
        const auto it = index.find(id);
        if (it == index.end()) bad(fmt::format("value change for unknown identifier {}", quoted_text(id)));
        const int i = it->second;
        now[static_cast<std::size_t>(i)] = parse_bits(bits, t.ports[static_cast<std::size_t>(i)].name);
        seen[static_cast<std::size_t>(i)] = true;
    }
    close_time();
    if (t.before.empty()) bad("no rising edge of the clock");
    for (std::size_t i = 0; i < seen.size(); ++i)
        if (!seen[i]) bad(fmt::format("port {} never has a value", t.ports[i].name));
    check_claimed_operations(t);
    return t;
}

}  // namespace ffp8::synth
