#include "hw_test_support.hpp"

#include <array>
#include <cstdio>
#include <fmt/format.h>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace ffp8::hw::test {

UnitConfig ConfigCase::options() const {
    UnitConfig o;
    o.act = Format::parse(act);
    o.wgt = Format::parse(wgt);
    if (!out.empty()) o.out = Format::parse(out);
    o.mode = mode;
    o.stages = stages;
    o.input_stage = input_stage;
    o.lanes = lanes;
    if (lanes > 1) o.top = default_top(lanes);
    return o;
}

std::string ConfigCase::describe() const {
    return fmt::format("{} x {} out '{}' {} stages {}{}{}", act, wgt, out,
                       mode == Mode::runtime_formats ? "runtime" : "static", stages, input_stage ? " input stage" : "",
                       lanes > 1 ? fmt::format(" lanes {}", lanes) : "");
}

void PrintTo(const ConfigCase& c, std::ostream* os) { *os << c.describe(); }

namespace fs = std::filesystem;

TempDir::TempDir(const std::string& tag) {
    std::random_device rd;
    path_ = fs::temp_directory_path() / fmt::format("ffp8-hw-{}-{:08x}", tag, rd());
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

CommandResult run_command(const std::string& command) {
    const std::string full = command + " 2>&1";
    FILE* pipe = popen(full.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string out;
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
    const int status = pclose(pipe);
    return {status, out};
}

std::vector<std::string> write_files(const GeneratedDesign& design, const fs::path& dir) {
    std::vector<std::string> paths;
    for (const auto& [name, text] : design.files) {
        std::ofstream(dir / name, std::ios::binary) << text;
        paths.push_back((dir / name).string());
    }
    return paths;
}

namespace {

int total_width(const std::vector<PortSpec>& ports) {
    int w = 0;
    for (const auto& p : ports) w += p.width;
    return w;
}

// Hex of the concatenation of a row's values, first port most significant.
std::string pack(const std::vector<PortSpec>& ports, const Row& row) {
    std::vector<int> bits;  // most significant first
    for (std::size_t i = 0; i < ports.size(); ++i)
        for (int b = ports[i].width - 1; b >= 0; --b) bits.push_back(static_cast<int>((row.at(i) >> b) & 1));
    while (bits.size() % 4) bits.insert(bits.begin(), 0);
    std::string hex;
    for (std::size_t i = 0; i < bits.size(); i += 4)
        hex += "0123456789abcdef"[bits[i] * 8 + bits[i + 1] * 4 + bits[i + 2] * 2 + bits[i + 3]];
    return hex;
}

Row unpack(const std::vector<PortSpec>& ports, const std::string& hex) {
    const int width = total_width(ports);
    std::vector<uint8_t> bits;  // lsb first
    for (auto it = hex.rbegin(); it != hex.rend(); ++it) {
        const char c = *it;
        int v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else throw std::runtime_error(fmt::format("simulation printed a non-hex output '{}'", hex));
        for (int b = 0; b < 4; ++b) bits.push_back((v >> b) & 1);
    }
    Row row;
    int pos = width;
    for (const auto& p : ports) {
        uint64_t v = 0;
        for (int b = p.width - 1; b >= 0; --b) {
            --pos;
            v |= uint64_t{bits.at(static_cast<std::size_t>(pos))} << b;
        }
        row.push_back(v);
    }
    return row;
}

std::string range(int w) { return fmt::format("[{}:0] ", w - 1); }

std::vector<Row> simulate(const fs::path& dir, const std::vector<std::string>& sources, const std::string& module,
                          const std::vector<PortSpec>& inputs, const std::vector<PortSpec>& outputs,
                          const std::vector<Row>& vectors, bool clocked, Simulator simulator) {
    const int in_w = total_width(inputs), out_w = total_width(outputs);
    {
        std::ofstream in(dir / "vectors.hex");
        for (const auto& r : vectors) in << pack(inputs, r) << '\n';
    }
    std::string tb = "module tb;\n";
    tb += fmt::format("  reg {}mem [0:{}];\n  reg {}vec;\n  wire {}result;\n  integer i, fd;\n", range(in_w),
                      vectors.size() - 1, range(in_w), range(out_w));
    if (clocked) tb += "  reg clk;\n";
    int pos = in_w;
    std::string conn;
    if (clocked) conn += "    .clk(clk),\n";
    for (const auto& p : inputs) {
        conn += fmt::format("    .{}(vec[{}:{}]),\n", p.name, pos - 1, pos - p.width);
        pos -= p.width;
    }
    pos = out_w;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const auto& p = outputs[i];
        conn += fmt::format("    .{}(result[{}:{}]){}\n", p.name, pos - 1, pos - p.width, i + 1 < outputs.size() ? "," : "");
        pos -= p.width;
    }
    tb += fmt::format("  {} dut (\n{}  );\n", module, conn);
    tb += "  initial begin\n";
    tb += fmt::format("    $readmemh(\"{}\", mem);\n", (dir / "vectors.hex").string());
    tb += fmt::format("    fd = $fopen(\"{}\", \"w\");\n", (dir / "results.hex").string());
    if (clocked) tb += "    clk = 1'b0;\n";
    tb += fmt::format("    for (i = 0; i < {}; i = i + 1) begin\n      vec = mem[i];\n", vectors.size());
    tb += clocked ? "      #1 clk = 1'b1;\n      #1 $fwrite(fd, \"%h\\n\", result);\n      clk = 1'b0;\n      #1;\n"
                  : "      #1 $fwrite(fd, \"%h\\n\", result);\n";
    tb += "    end\n    $fclose(fd);\n    $finish;\n  end\nendmodule\n";
    std::ofstream(dir / "tb.v") << tb;

    std::string files = (dir / "tb.v").string();
    for (const auto& s : sources) files += " " + s;
    if (simulator == Simulator::icarus) {
        const CommandResult compiled =
            run_command(fmt::format("iverilog -g2005 -o {} -s tb {}", (dir / "tb.vvp").string(), files));
        if (compiled.status != 0) throw std::runtime_error("iverilog failed:\n" + compiled.output);
        const CommandResult ran = run_command(fmt::format("cd {} && vvp -n tb.vvp", dir.string()));
        if (ran.status != 0) throw std::runtime_error("vvp failed:\n" + ran.output);
    } else {
        // Verilator compiles the same testbench (delays need --timing); for long vector files.
        const CommandResult compiled = run_command(fmt::format(
            "verilator --binary --timing -Wno-lint -Wno-style --top-module tb -Mdir {} -CFLAGS -O1 -o Vtb {}",
            (dir / "obj").string(), files));
        if (compiled.status != 0) throw std::runtime_error("verilator failed:\n" + compiled.output);
        const CommandResult ran = run_command((dir / "obj" / "Vtb").string());
        if (ran.status != 0) throw std::runtime_error("verilated testbench failed:\n" + ran.output);
    }
    std::ifstream res(dir / "results.hex");
    std::vector<Row> rows;
    std::string line;
    while (std::getline(res, line))
        if (!line.empty()) rows.push_back(unpack(outputs, line));
    if (rows.size() != vectors.size())
        throw std::runtime_error(fmt::format("simulation gave {} rows for {} vectors", rows.size(), vectors.size()));
    return rows;
}

}  // namespace

std::vector<Row> simulate_combinational(const fs::path& dir, const std::vector<std::string>& sources,
                                        const std::string& module, const std::vector<PortSpec>& inputs,
                                        const std::vector<PortSpec>& outputs, const std::vector<Row>& vectors,
                                        Simulator simulator) {
    return simulate(dir, sources, module, inputs, outputs, vectors, false, simulator);
}

std::vector<Row> simulate_clocked(const fs::path& dir, const std::vector<std::string>& sources, const std::string& module,
                                  const std::vector<PortSpec>& inputs, const std::vector<PortSpec>& outputs,
                                  const std::vector<Row>& cycles, Simulator simulator) {
    return simulate(dir, sources, module, inputs, outputs, cycles, true, simulator);
}

}  // namespace ffp8::hw::test
