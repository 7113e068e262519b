// Errors of the synthesis flow: a tool that could not run or failed, and tool output that the
// parsers do not recognise (a changed tool version must fail loudly, never report zeros).
#pragma once

#include <stdexcept>

namespace ffp8::synth {

// A tool (yosys, sta) was missing, exited non-zero or reported an error.
struct ToolRunError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Tool output did not have the expected shape.
struct ToolOutputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace ffp8::synth
