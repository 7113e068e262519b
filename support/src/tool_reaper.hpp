// The tools' process groups die with ffp8, however it dies (SIGKILL included). A small helper
// process, forked at the first tool, holds one end of a socket whose other end only ffp8 holds;
// told of each tool as it starts and ends, it kills the groups still running when the socket
// reports ffp8's end. PR_SET_PDEATHSIG stops a tool's first process; this stops what it started
// (make's compilers under Verilator), which the kernel would leave running.
#pragma once

#include <sys/types.h>

namespace ffp8::tool_reaper {

// `target`: a child's pid, or minus its process group's id. Best effort: without the helper
// (fork failed), the tools still have PR_SET_PDEATHSIG.
void started(pid_t target) noexcept;
void finished(pid_t target) noexcept;

}  // namespace ffp8::tool_reaper
