// Outputs never overwrite the run's inputs or each other: checked, with paths resolved (., ..,
// symbolic and hard links), before any work, so that a clash writes nothing.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ffp8::cli {

// A path a run reads or writes, as messages name it ("--junit", "the --vectors file").
struct RunPath {
    std::string role;
    std::filesystem::path path;
    bool folder = false;  // a folder: an output replaces it whole; an input is read all through
};

// Throws std::invalid_argument, one line naming both roles and the path, when an output is an
// input, holds one (an output folder) or lies in an input folder, or when two outputs are the
// same file. Empty paths and "-" (standard input or output) take no part.
void check_outputs_apart(const std::vector<RunPath>& outputs, const std::vector<RunPath>& inputs);

}  // namespace ffp8::cli
