// Helpers for the RTL tests: temporary folders, running Verilator/Icarus, vector testbenches.
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "ffp8/hw/generator.hpp"

namespace ffp8::hw::test {

// One generator configuration of a parameterised test, by format names.
struct ConfigCase {
    std::string act, wgt, out;  // out empty: no output format
    Mode mode;
    int stages;
    bool input_stage = false;
    int lanes = 1;  // > 1: the dot-product unit

    UnitConfig options() const;
    std::string describe() const;
};
void PrintTo(const ConfigCase& c, std::ostream* os);

// A fresh folder under the system temp folder, removed at destruction.
class TempDir {
public:
    explicit TempDir(const std::string& tag);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

struct CommandResult {
    int status;
    std::string output;  // stdout and stderr
};
CommandResult run_command(const std::string& command);

// Writes the design's files into dir (no manifest) and returns their paths.
std::vector<std::string> write_files(const GeneratedDesign& design, const std::filesystem::path& dir);

// A port of the device under test, with the width of its values.
struct PortSpec {
    std::string name;
    int width;
};

// A value per port (up to 64 bits each).
using Row = std::vector<uint64_t>;

// Icarus starts fast; Verilator (compiled, ~1 min) runs long vector files orders of magnitude faster.
enum class Simulator { icarus, verilator };

// Simulates a combinational module with Icarus Verilog: one output row per input row.
std::vector<Row> simulate_combinational(const std::filesystem::path& dir, const std::vector<std::string>& sources,
                                        const std::string& module, const std::vector<PortSpec>& inputs,
                                        const std::vector<PortSpec>& outputs, const std::vector<Row>& vectors,
                                        Simulator simulator = Simulator::icarus);

// Simulates a clocked top (clk, rst + inputs): per cycle, inputs are applied, one rising edge
// happens, then outputs are sampled.
std::vector<Row> simulate_clocked(const std::filesystem::path& dir, const std::vector<std::string>& sources,
                                  const std::string& module, const std::vector<PortSpec>& inputs,
                                  const std::vector<PortSpec>& outputs, const std::vector<Row>& cycles,
                                  Simulator simulator = Simulator::icarus);

}  // namespace ffp8::hw::test
