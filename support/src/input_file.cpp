#include "ffp8/input_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ffp8/interrupt.hpp"

namespace ffp8 {

namespace {

[[noreturn]] void fail(const std::string& name, int error_number) {
    throw InputError(fmt::format("cannot read {}: {}", name, std::strerror(error_number)));
}

// read(), again after EINTR unless a signal asks the run to stop; -1 with errno on failure.
ssize_t read_some(int fd, char* into, std::size_t size) {
    for (;;) {
        const ssize_t n = ::read(fd, into, size);
        if (n >= 0 || errno != EINTR) return n;
        throw_if_interrupted();
    }
}

}  // namespace

// Checked to be no folder: reading one fails only at the first read on Linux, and fstat on a
// closed standard input gives the cause now.
int open_input(const std::string& path, const std::string& name, bool& owned) {
    owned = path != "-";
    const int fd = owned ? ::open(path.c_str(), O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
    if (fd < 0) fail(name, errno);
    struct stat st {};
    const int error_number = ::fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
    if (error_number != 0) {
        if (owned) ::close(fd);
        fail(name, error_number);
    }
    return fd;
}

std::string input_name(const std::string& path) { return path == "-" ? "standard input" : path; }

std::string read_input_file(const std::filesystem::path& path, std::string_view name) {
    const std::string shown = name.empty() ? input_name(path.string()) : std::string(name);
    bool owned = false;
    const int fd = open_input(path.string(), shown, owned);
    std::string content;
    char chunk[1 << 16];
    for (;;) {
        const ssize_t n = read_some(fd, chunk, sizeof chunk);
        if (n < 0) {
            const int error_number = errno;
            if (owned) ::close(fd);
            fail(shown, error_number);
        }
        if (n == 0) break;
        content.append(chunk, static_cast<std::size_t>(n));
    }
    if (owned) ::close(fd);
    return content;
}

LineInput::LineInput(const std::string& path, std::size_t max_line)
    : name_(input_name(path.empty() ? "-" : path)), capacity_(max_line + 1), buffer_(new char[capacity_]) {
    fd_ = open_input(path.empty() ? "-" : path, name_, owns_fd_);
}

LineInput::~LineInput() {
    if (owns_fd_) ::close(fd_);
}

bool LineInput::refill() {
    if (eof_) return false;
    if (begin_ > 0) {
        std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == capacity_) throw LineTooLong(fmt::format("line longer than {} bytes", capacity_ - 1));
    const ssize_t n = read_some(fd_, buffer_.get() + end_, capacity_ - end_);
    if (n < 0) fail(name_, errno);
    if (n == 0) {
        eof_ = true;
        return false;
    }
    end_ += static_cast<std::size_t>(n);
    return true;
}

bool LineInput::next(std::string_view& line) {
    for (std::size_t searched = begin_;;) {
        const char* const b = buffer_.get() + begin_;
        const auto* newline =
            static_cast<const char*>(std::memchr(buffer_.get() + searched, '\n', end_ - searched));
        if (newline) {
            line = std::string_view(b, static_cast<std::size_t>(newline - b));
            begin_ = static_cast<std::size_t>(newline + 1 - buffer_.get());
            return true;
        }
        const std::size_t pending = end_ - begin_;
        if (refill()) {
            searched = begin_ + pending;  // the bytes before were searched already
            continue;
        }
        if (begin_ == end_) return false;
        line = std::string_view(buffer_.get() + begin_, end_ - begin_);  // a last line without a line break
        begin_ = end_;
        return true;
    }
}

}  // namespace ffp8
