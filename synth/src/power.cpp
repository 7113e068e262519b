#include "ffp8/synth/power.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "ffp8/atomic_file.hpp"
#include "ffp8/synth/subprocess.hpp"
#include "ffp8/synth/tool_error.hpp"
#include "flow_steps.hpp"

namespace ffp8::synth {

namespace {

constexpr const char* power_netlist = "power_netlist.v";
constexpr const char* power_json = "power_netlist.json";

// The flat netlist of the power analysis: the mapped units joined and flattened, every cell
// renamed `i<N>` so the testbench, the JSON and OpenSTA name instances alike.
std::string power_script(const std::vector<std::string>& mapped, const std::string& top, const std::filesystem::path& lib) {
    std::string s = "# ffp8 power analysis: one flat netlist, cells with short names\n";
    s += fmt::format("read_liberty -lib \"{}\"\n", lib.string());
    for (const auto& f : mapped) s += fmt::format("read_rtlil \"{}\"\n", f);
    s += fmt::format("hierarchy -check -top {}\nflatten\nsetundef -zero\nsplitnets -ports\nopt_clean -purge\n", top);
    s += "rename -hide c:*\nrename -enumerate -pattern i%\n";
    s += fmt::format("write_verilog -noattr -noexpr -nohex -nodec {}\nwrite_json {}\n", power_netlist, power_json);
    return s;
}

// Behavioural models of the library's cells (Yosys builds them from the Liberty functions).
std::string cell_models_script(const std::filesystem::path& lib) {
    return fmt::format("read_liberty -ignore_miss_func -ignore_miss_dir \"{}\"\nwrite_verilog -noattr cell_models.v\n",
                       lib.string());
}

struct NetlistPort {
    std::string name;
    bool input = true;
    int width = 0;       // bits [0, width)
    bool scalar = true;  // no [i] after splitnets
};

struct NetlistCell {
    std::string name;
    std::vector<std::string> outputs;
};

struct FlatNetlist {
    std::vector<NetlistPort> ports;
    std::vector<NetlistCell> cells;
};

FlatNetlist read_flat_netlist(const nlohmann::json& j, const std::string& top) {
    if (!j.contains("modules") || !j["modules"].contains(top))
        throw ToolOutputError(fmt::format("power netlist JSON has no module {}", top));
    const auto& m = j["modules"][top];
    FlatNetlist n;
    static const std::regex bit(R"(^(.*)\[(\d+)\]$)");
    std::map<std::string, std::size_t> at;
    for (const auto& [name, p] : m["ports"].items()) {
        std::smatch sm;
        std::string base = name;
        int idx = 0;
        const bool is_bit = std::regex_match(name, sm, bit);
        if (is_bit) {
            base = sm[1];
            idx = std::stoi(sm[2]);
        }
        auto it = at.find(base);
        if (it == at.end()) {
            it = at.emplace(base, n.ports.size()).first;
            n.ports.push_back({base, p["direction"] == "input", 0, !is_bit});
        }
        n.ports[it->second].width = std::max(n.ports[it->second].width, idx + 1);
    }
    for (const auto& [name, c] : m["cells"].items()) {
        NetlistCell cell{name, {}};
        if (c.contains("port_directions"))
            for (const auto& [pin, dir] : c["port_directions"].items())
                if (dir == "output") cell.outputs.push_back(pin);
        if (cell.outputs.empty()) throw ToolOutputError(fmt::format("power netlist: cell {} has no output pin", name));
        n.cells.push_back(cell);
    }
    return n;
}

std::string port_bit(const NetlistPort& p, int i) { return p.scalar ? p.name : fmt::format("{}[{}]", p.name, i); }

// The testbench: drives the inputs cycle by cycle (clock low, then the rising edge), checks the
// outputs after each edge, and counts per output pin the cycles whose value differs from the
// cycle before, from `first_counted` on.
std::string testbench(const FlatNetlist& n, const std::string& top, const std::string& clock, const PortTrace& trace,
                      std::size_t first_counted) {
    const std::size_t cycles = trace.cycles();
    std::string s = "// ffp8 power analysis: the mapped netlist under the activity file's port values\n";
    s += "`timescale 1ns/1ps\nmodule ffp8_power_tb;\n  reg clk = 1'b0;\n  integer k, errors;\n  integer f;\n";
    for (const auto& p : n.ports) {
        if (p.name == clock) continue;
        s += fmt::format("  {} [{}:0] p_{};\n", p.input ? "reg" : "wire", p.width - 1, p.name);
        s += fmt::format("  reg [{}:0] m_{} [0:{}];\n", p.width - 1, p.name, cycles - 1);
        s += fmt::format("  initial $readmemh(\"port_{}.hex\", m_{});\n", p.name, p.name);
    }
    std::size_t pins = 0;
    for (const auto& c : n.cells) pins += c.outputs.size();
    s += fmt::format("  reg [{}:0] prev;\n  integer cnt [0:{}];\n", pins - 1, pins - 1);
    s += fmt::format("  {} dut (\n", top);
    std::vector<std::string> conns;
    for (const auto& p : n.ports)
        for (int i = 0; i < p.width; ++i)
            conns.push_back(p.name == clock ? fmt::format("    .\\{} (clk)", port_bit(p, i))
                                            : fmt::format("    .\\{} (p_{}[{}])", port_bit(p, i), p.name, i));
    for (std::size_t i = 0; i < conns.size(); ++i) s += conns[i] + (i + 1 < conns.size() ? ",\n" : "\n");
    s += "  );\n  initial begin\n    errors = 0;\n";
    s += fmt::format("    for (k = 0; k < {}; k = k + 1) cnt[k] = 0;\n", pins);
    s += fmt::format("    for (k = 0; k < {}; k = k + 1) begin\n", cycles);
    for (const auto& p : n.ports)
        if (p.input && p.name != clock) s += fmt::format("      p_{0} = m_{0}[k];\n", p.name);
    s += "      #5 clk = 1'b1;\n      #3;\n";
    for (const auto& p : n.ports)
        if (!p.input)
            s += fmt::format("      if (p_{0} !== m_{0}[k] && errors == 0) begin $display(\"MISMATCH cycle %0d port {0} "
                             "file %h netlist %h\", k, m_{0}[k], p_{0}); errors = 1; end\n",
                             p.name);
    std::size_t i = 0;
    std::string count, keep;
    for (const auto& c : n.cells)
        for (const auto& pin : c.outputs) {
            count += fmt::format("        if (dut.\\{} .{} !== prev[{}]) cnt[{}] = cnt[{}] + 1;\n", c.name, pin, i, i, i);
            keep += fmt::format("      prev[{}] = dut.\\{} .{};\n", i, c.name, pin);
            ++i;
        }
    s += fmt::format("      if (k >= {}) begin\n{}      end\n{}", first_counted, count, keep);
    s += "      #2 clk = 1'b0;\n    end\n    f = $fopen(\"toggles.txt\");\n";
    i = 0;
    for (const auto& c : n.cells)
        for (const auto& pin : c.outputs) s += fmt::format("    $fdisplay(f, \"{} {} %0d\", cnt[{}]);\n", c.name, pin, i++);
    s += "    $fclose(f);\n    $finish;\n  end\nendmodule\n";
    return s;
}

// Checks the trace against the netlist's ports and writes one hex file per port.
void write_port_files(const std::filesystem::path& dir, const FlatNetlist& n, const std::string& clock,
                      const PortTrace& trace) {
    for (const auto& p : n.ports) {
        if (p.name == clock) continue;
        const int at = trace.find(p.name);
        if (at < 0)
            throw std::runtime_error(fmt::format("activity file does not match the netlist: it has no port {} ({} bits)",
                                                 p.name, p.width));
        const auto& tp = trace.ports[static_cast<std::size_t>(at)];
        if (tp.width != p.width)
            throw std::runtime_error(fmt::format("activity file does not match the netlist: port {} has {} bits there, "
                                                 "{} in the netlist",
                                                 p.name, tp.width, p.width));
        std::string hex;
        const auto& rows = p.input ? trace.before : trace.after;
        for (const auto& row : rows) hex += fmt::format("{:x}\n", row[static_cast<std::size_t>(at)]);
        write_file_atomically(dir / fmt::format("port_{}.hex", p.name), hex);
    }
}

std::string sta_power_script(const std::filesystem::path& lib, const std::string& top, const std::string& clock,
                             double clock_ns, double activity) {
    std::string s = "# ffp8 power analysis: every instance's power at one global activity\n";
    s += fmt::format("read_liberty \"{}\"\nread_verilog {}\nlink_design {}\n", lib.string(), power_netlist, top);
    s += fmt::format("create_clock -name clk -period {:.4f} [get_ports {}]\n", clock_ns, clock);
    s += fmt::format("set_power_activity -global -activity {} -duty 0.5\n", activity);
    s += "report_power -instances [get_cells *] -digits 10\n";
    return s;
}

std::map<std::string, InstancePower> run_sta_power(const std::filesystem::path& dir, const Library& lib,
                                                   const std::string& top, const std::string& clock, double clock_ns,
                                                   int activity) {
    const std::string script = fmt::format("sta_power{}.tcl", activity), log = fmt::format("sta_power{}.log", activity);
    write_file_atomically(dir / script, sta_power_script(lib.readable(), top, clock, clock_ns, activity));
    const int rc = run_logged({"sta", "-no_init", "-no_splash", "-exit", script}, dir, dir / log);
    if (rc != 0) throw ToolRunError(fmt::format("sta failed on the power analysis (exit {})", rc));
    return parse_instance_power(detail::read_text(dir / log));
}

}  // namespace

std::map<std::string, InstancePower> parse_instance_power(std::string_view text) {
    static const std::regex row(R"(^\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s+([-+0-9.eE]+)\s+([-+0-9.eE]+)\s+(\S+)\s*$)");
    std::map<std::string, InstancePower> out;
    std::istringstream in{std::string(text)};
    std::smatch m;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("Error", 0) == 0) throw ToolOutputError(fmt::format("OpenSTA reported: {}", line));
        if (!std::regex_match(line, m, row)) continue;
        out[m[5]] = {std::stod(m[1]), std::stod(m[2]), std::stod(m[3])};
    }
    if (out.empty()) throw ToolOutputError("OpenSTA report_power: no instance rows");
    return out;
}

std::map<std::string, double> parse_toggle_counts(std::string_view text, long cycles) {
    std::map<std::string, double> out;
    std::istringstream in{std::string(text)};
    std::string inst, pin;
    long n = 0;
    while (in >> inst >> pin >> n) out[inst + "/" + pin] = static_cast<double>(n) / static_cast<double>(cycles);
    if (out.empty()) throw ToolOutputError("netlist simulation: no toggle counts");
    return out;
}

namespace {

// The netlist simulated under one activity in `sim_dir` (a subfolder of the power work folder
// that holds the netlist and the cell models): toggles per cycle per "instance/pin".
std::map<std::string, double> simulate_toggles(const std::filesystem::path& sim_dir, const FlatNetlist& netlist,
                                               const std::string& top, const std::string& clock, const PortTrace& trace,
                                               long& cycles) {
    std::filesystem::create_directories(sim_dir);
    write_port_files(sim_dir, netlist, clock, trace);
    // Counting starts after the reset cycles (and one more: the state leaves reset).
    std::size_t first = 1;
    if (const int rst = trace.find("rst"); rst >= 0)
        while (first - 1 < trace.cycles() && trace.before[first - 1][static_cast<std::size_t>(rst)] != 0) ++first;
    if (first + 1 >= trace.cycles()) throw std::runtime_error("activity file: no cycles after the reset");
    cycles = static_cast<long>(trace.cycles() - first);
    write_file_atomically(sim_dir / "power_tb.v", testbench(netlist, top, clock, trace, first));
    int rc = run_logged({"iverilog", "-g2005", "-o", "power_tb.vvp", "power_tb.v", std::string("../") + power_netlist,
                         "../cell_models.v"},
                        sim_dir, sim_dir / "iverilog.log");
    if (rc != 0)
        throw ToolRunError(fmt::format("iverilog could not compile the netlist simulation of {} (see iverilog.log)", top));
    rc = run_logged({"vvp", "-n", "power_tb.vvp"}, sim_dir, sim_dir / "vvp.log");
    const std::string log = detail::read_text(sim_dir / "vvp.log");
    if (const auto at = log.find("MISMATCH "); at != std::string::npos)
        throw std::runtime_error(fmt::format("activity file does not match the netlist of {}: {}", top,
                                             log.substr(at + 9, log.find('\n', at) - at - 9)));
    if (rc != 0) throw ToolRunError(fmt::format("vvp failed on the netlist simulation of {} (exit {})", top, rc));
    return parse_toggle_counts(detail::read_text(sim_dir / "toggles.txt"), cycles);
}

// Each instance's power at the activity of its output pins (`rate` empty: the default rate).
void add_instance_power(PowerMetrics& pm, const FlatNetlist& netlist, const std::map<std::string, InstancePower>& p0,
                        const std::map<std::string, InstancePower>& p1, const std::map<std::string, double>& rate) {
    double rate_sum = 0;
    long rate_pins = 0;
    for (const auto& cell : netlist.cells) {
        const auto a = p0.find(cell.name), b = p1.find(cell.name);
        if (a == p0.end() || b == p1.end())
            throw ToolOutputError(fmt::format("OpenSTA report_power has no row for instance {}", cell.name));
        double act = default_toggle_rate;
        if (pm.simulated) {
            act = 0;
            for (const auto& pin : cell.outputs) {
                const auto r = rate.find(cell.name + "/" + pin);
                if (r == rate.end()) throw ToolOutputError(fmt::format("no toggle count for {}/{}", cell.name, pin));
                act += r->second;
            }
            act /= static_cast<double>(cell.outputs.size());
        }
        rate_sum += act;
        ++rate_pins;
        const auto& z = a->second;
        const auto& o = b->second;
        pm.internal_w += z.internal_w + (o.internal_w - z.internal_w) * act;
        pm.switching_w += z.switching_w + (o.switching_w - z.switching_w) * act;
        pm.leakage_w += z.leakage_w + (o.leakage_w - z.leakage_w) * act;
    }
    pm.mean_toggle_rate = rate_pins ? rate_sum / static_cast<double>(rate_pins) : 0;
}

}  // namespace

std::vector<PowerMetrics> analyse_power(const std::filesystem::path& dir, const std::vector<std::string>& mapped_files,
                                        const std::string& top, const Library& library, double clock_ns,
                                        const PowerRequest& request) {
    detail::run_yosys(dir, "power.ys", power_script(mapped_files, top, library.readable()), top);
    const FlatNetlist netlist = read_flat_netlist(nlohmann::json::parse(detail::read_text(dir / power_json)), top);

    std::vector<PowerMetrics> out;
    std::vector<std::map<std::string, double>> rates;  // "instance/pin" -> toggles per cycle, per activity
    if (!request.activities.empty()) detail::run_yosys(dir, "cell_models.ys", cell_models_script(library.readable()), top);
    for (std::size_t i = 0; i < request.activities.size(); ++i) {
        const PowerActivity& a = request.activities[i];
        if (!a.trace) throw std::logic_error("power activity without a trace");
        PowerMetrics& pm = out.emplace_back();
        rates.push_back(simulate_toggles(dir / fmt::format("activity_{}", i), netlist, top, request.clock_port, *a.trace,
                                         pm.cycles));
        pm.simulated = true;
        pm.activity_source = a.source;
        pm.operands = a.operands;
    }
    if (out.empty()) {
        out.emplace_back().activity_source = fmt::format("default toggle rate {}", default_toggle_rate);
        rates.emplace_back();
    }
    const auto p0 = run_sta_power(dir, library, top, request.clock_port, clock_ns, 0);
    const auto p1 = run_sta_power(dir, library, top, request.clock_port, clock_ns, 1);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].clock_ns = clock_ns;
        add_instance_power(out[i], netlist, p0, p1, rates[i]);
    }
    return out;
}

}  // namespace ffp8::synth
