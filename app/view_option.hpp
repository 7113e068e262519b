// `--view built|blocks|both`, the same in `ffp8 synth` and `ffp8 sweep` (synth/README.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace ffp8::cli {

// Declares --view on `cmd`, stored in `view` (default "both").
CLI::Option* add_view_option(CLI::App& cmd, std::string& view);

}  // namespace ffp8::cli
