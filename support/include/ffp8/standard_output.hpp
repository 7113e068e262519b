// Standard output is checked like any output file: a write that fails (a full device, a closed
// descriptor, a reader that closed the pipe) is an error naming "standard output" and the cause,
// never a run that reports success.
#pragma once

#include <stdexcept>
#include <string_view>

namespace ffp8 {

// A failed write to standard output; `error_number` is the errno of the failure.
struct StandardOutputError : std::runtime_error {
    StandardOutputError(int error_number);
    int error_number;
};

// Writes `text` to stdout; throws StandardOutputError when it fails.
void write_standard_output(std::string_view text);

// Flushes stdout; throws StandardOutputError when this or any earlier write failed.
void finish_standard_output();

// Ignores SIGPIPE, so that writing to a closed pipe fails with EPIPE (and is reported after the
// run's clean-up) instead of killing the process with its temporary files in place. Children that
// run_process starts get the default action back.
void ignore_broken_pipe_signal();

}  // namespace ffp8
