// The Liberty scanner: library name, units, the driving inverter, and broken files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/scratch_folder.hpp"
#include "ffp8/synth/liberty_cells.hpp"
#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/library.hpp"
#include "ffp8/synth/tool_error.hpp"

namespace ffp8::synth {
namespace {

constexpr const char* tiny_lib = R"lib(
/* a two-cell library */
library (tiny) {
  time_unit : "100ps";
  capacitive_load_unit (1, ff);
  cell (BIGINV) {
    area : 4;
    pin (A) { direction : input; capacitance : 3; }
    pin (Y) { direction : output; function : "(!A)"; }
  }
  cell ("SMALLINV") {
    area : 2;
    pin ("A") { direction : "input"; capacitance : 1.5; }
    pin ("Y") { direction : "output"; function : "A'"; timing () { related_pin : "A"; } }
  }
  cell (CLKINV) {
    area : 1;
    pin (A) { direction : input; capacitance : 1; }
    pin (Y) { direction : output; function : "!A"; }
  }
  cell (NAND) {
    area : 1;
    pin (A) { direction : input; capacitance : 1; }
    pin (B) { direction : input; capacitance : 1; }
    pin (Y) { direction : output; function : "!(A&B)"; }
  }
}
)lib";

TEST(Liberty, ScansNameUnitsAndCells) {
    const LibertySummary lib = scan_liberty(tiny_lib);
    EXPECT_EQ(lib.name, "tiny");
    EXPECT_DOUBLE_EQ(lib.time_unit_ns, 0.1);
    EXPECT_DOUBLE_EQ(lib.cap_unit_pf, 1e-3);
    ASSERT_EQ(lib.cells.size(), 4u);
    EXPECT_EQ(lib.cells[1].name, "SMALLINV");
    EXPECT_DOUBLE_EQ(lib.cells[1].area, 2);
    ASSERT_EQ(lib.cells[1].pins.size(), 2u);
    EXPECT_EQ(lib.cells[1].pins[1].function, "A'");
}

TEST(Liberty, DrivingCellIsTheSmallestDataInverter) {
    const DrivingCell d = pick_driving_cell(scan_liberty(tiny_lib));
    EXPECT_EQ(d.cell, "SMALLINV");  // CLKINV is smaller but a clock cell, NAND is no inverter
    EXPECT_EQ(d.input_pin, "A");
    EXPECT_EQ(d.output_pin, "Y");
    EXPECT_DOUBLE_EQ(d.input_cap_pf, 1.5e-3);
    EXPECT_DOUBLE_EQ(d.load_pf(), 6e-3);
}

TEST(Liberty, BrokenTextFails) {
    const std::string text = tiny_lib;
    EXPECT_THROW(scan_liberty(""), ToolOutputError);
    EXPECT_THROW(scan_liberty(text.substr(0, text.find("cell (NAND)"))), ToolOutputError);  // truncated
    EXPECT_THROW(scan_liberty("library (empty) { time_unit : \"1ns\"; }"), ToolOutputError);
    EXPECT_THROW(scan_liberty("library (x) { time_unit : \"1 fortnight\"; cell (A) { area : 1; } }"), ToolOutputError);
    const std::string no_inverter = "library (x) { cell (B) { area : 1; pin (A) { direction : input; } "
                                    "pin (Y) { direction : output; function : \"A\"; } } }";
    EXPECT_THROW(pick_driving_cell(scan_liberty(no_inverter)), ToolOutputError);
}

TEST(Liberty, DefaultLibraryOsu018) {
    const Library lib(default_liberty_path());
    EXPECT_EQ(lib.name(), "osu018_stdcells");
    EXPECT_EQ(lib.drive().cell, "INVX1");
    EXPECT_GT(lib.drive().input_cap_pf, 0.001);
    EXPECT_EQ(lib.readable(), default_liberty_path());  // nothing to exclude: read in place
}

TEST(Liberty, GzippedLibraryIsDecompressedAndCleaned) {
    const std::filesystem::path gz = FFP8_SKY130_LIB;
    if (!std::filesystem::exists(gz)) GTEST_SKIP() << "SKY130 library not present: " << gz;
    std::filesystem::path scratch;
    {
        const Library lib(gz);
        EXPECT_EQ(lib.name(), "sky130_fd_sc_hd__tt_025C_1v80");
        EXPECT_EQ(lib.drive().cell, "sky130_fd_sc_hd__inv_1");
        EXPECT_EQ(lib.readable().extension(), ".lib");
        ASSERT_TRUE(std::filesystem::exists(lib.readable()));
        // The private copy marks power-management cells dont_use.
        std::ifstream in(lib.readable());
        std::ostringstream text;
        text << in.rdbuf();
        const LibertySummary s = scan_liberty(text.str());
        for (const auto& c : s.cells) {
            if (c.name.find("lpflow") != std::string::npos) {
                EXPECT_TRUE(c.dont_use) << c.name;
            }
        }
        scratch = lib.readable().parent_path();
    }
    EXPECT_FALSE(std::filesystem::exists(scratch));
}

std::string error_of(const std::filesystem::path& liberty) {
    try {
        Library lib{liberty};
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "no error";
}

TEST(Liberty, MissingOrCorruptFileFails) {
    EXPECT_THROW(Library("/nonexistent/cells.lib"), std::runtime_error);
    const test::ScratchFolder dir("ffp8_synth_liberty_test");
    for (const std::string name : {"corrupt.lib.gz", "corrupt.lib"}) {
        const std::filesystem::path bad = dir / name;
        std::ofstream(bad) << "not gzip data at all, and no library group";
        // The user's file, not the private decompressed copy, is named with the reason.
        EXPECT_EQ(error_of(bad), bad.string() + ": Liberty: no library group found");
    }
    EXPECT_EQ(error_of(dir.path()), "Liberty file " + dir.path().string() + " is not a regular file");
    const std::filesystem::path no_cells = dir / "empty.lib";
    std::ofstream(no_cells) << "library (empty) { time_unit : \"1ns\"; }";
    EXPECT_EQ(error_of(no_cells), no_cells.string() + ": Liberty library empty has no cells");
}

}  // namespace
}  // namespace ffp8::synth
