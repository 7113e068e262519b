#include "ffp8/standard_output.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

namespace ffp8 {

StandardOutputError::StandardOutputError(int error)
    : std::runtime_error(std::string("writing standard output: ") + std::strerror(error)), error_number(error) {}

void write_standard_output(std::string_view text) {
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) throw StandardOutputError(errno ? errno : EIO);
}

void finish_standard_output() {
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    if (!flushed || std::ferror(stdout)) throw StandardOutputError(errno ? errno : EIO);
}

void ignore_broken_pipe_signal() { std::signal(SIGPIPE, SIG_IGN); }

}  // namespace ffp8
