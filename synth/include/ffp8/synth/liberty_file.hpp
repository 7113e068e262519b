// Where the Liberty library comes from, and a copy Yosys can read (Yosys 0.23 cannot read
// gzipped Liberty, so a .lib.gz is decompressed into a work folder first).
#pragma once

#include <filesystem>

namespace ffp8::synth {

// The default library: the OSU 0.18 um standard cells of Debian's `qflow-tech-osu018`.
// Throws std::runtime_error naming the package when it is not installed.
std::filesystem::path default_liberty_path();

// `source` itself for a plain .lib; for a .lib.gz, its contents decompressed into
// `work_dir/<name without .gz>`. Throws std::runtime_error when unreadable or corrupt.
std::filesystem::path readable_liberty(const std::filesystem::path& source, const std::filesystem::path& work_dir);

}  // namespace ffp8::synth
