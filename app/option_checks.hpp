// Checks of option values that CLI11's own validators miss, run while the command line is parsed
// (before any work): a sign in an unsigned count (CLI11 reads "-5" as 2^64 - 5), NaN and infinity
// (they pass CLI::Range), and output paths that could only fail after minutes of work. Each has
// no description, so --help reads as before.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>

namespace ffp8::cli {

// A whole number from `min` to 2^64 - 1, written without a sign.
CLI::Validator whole_number(std::uint64_t min = 0);
// A finite number (with CLI::Range for its bounds: NaN compares false with both of them).
CLI::Validator finite_number();
// A file the command writes: not an existing folder, in a folder that exists and is writable.
CLI::Validator output_file();
// A folder the command creates (with its parents) or writes in: a writable folder if it exists,
// else its nearest existing ancestor is one.
CLI::Validator output_folder();

// Refuses an empty value ('') for every option and positional argument of `app` and its
// subcommands that takes one: an empty name is never "not given" (the default would run).
void refuse_empty_values(CLI::App& app);

}  // namespace ffp8::cli
