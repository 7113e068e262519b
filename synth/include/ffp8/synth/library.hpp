// A Liberty library ready for the flow: a Yosys-readable copy, its name, and the inverter
// that models input drive and output load.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "ffp8/synth/liberty_cells.hpp"
#include "ffp8/synth/work_dir.hpp"

namespace ffp8::synth {

class Library {
public:
    // Reads `source` (.lib or .lib.gz; a .gz is decompressed into a private temporary folder
    // that lives as long as this object). Power-management and probe cells (names with
    // `lpflow` or `probe`) are marked dont_use in a private copy so the mapper leaves them out.
    // Throws std::runtime_error / ToolOutputError.
    explicit Library(const std::filesystem::path& source);

    const std::filesystem::path& source() const { return source_; }
    const std::filesystem::path& readable() const { return readable_; }  // plain .lib path
    const std::string& name() const { return name_; }  // the Liberty `library (...)` name
    const DrivingCell& drive() const { return drive_; }

private:
    std::unique_ptr<WorkDir> scratch_;
    std::filesystem::path source_;
    std::filesystem::path readable_;
    std::string name_;
    DrivingCell drive_;
};

}  // namespace ffp8::synth
