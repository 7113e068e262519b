// Input files are read through these, whole or line by line, so that every failure to read (a
// missing file, a folder, a device error, a closed standard input) is an error naming the input
// and its cause: never an empty read taken for an empty file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ffp8 {

struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "standard input" for "-", else the path as given.
std::string input_name(const std::string& path);

// An open, read-only descriptor of `path` ("-": standard input, not owned), checked to be no
// folder; throws InputError "cannot read NAME: CAUSE". For a reader of its own (zlib's gzdopen).
int open_input(const std::string& path, const std::string& name, bool& owned);

// The whole content of `path` ("-": standard input). Throws InputError "cannot read NAME: CAUSE"
// (the errno text; "Is a directory" for a folder). `name` replaces the path in messages.
std::string read_input_file(const std::filesystem::path& path, std::string_view name = {});

// One line at a time, through a bounded buffer: an input without line breaks (/dev/zero) is an
// error, not a run that takes all memory.
class LineInput {
public:
    // `path` "-" or empty: standard input. Throws InputError when it cannot be opened.
    LineInput(const std::string& path, std::size_t max_line);
    ~LineInput();
    LineInput(const LineInput&) = delete;
    LineInput& operator=(const LineInput&) = delete;

    // The next line, without its line break (valid until the next call); false at the end.
    // Throws InputError on a read error, and LineTooLong on a line of more than max_line bytes.
    bool next(std::string_view& line);
    const std::string& name() const { return name_; }

    struct LineTooLong : InputError {
        using InputError::InputError;
    };

private:
    bool refill();

    std::string name_;
    int fd_ = -1;
    bool owns_fd_ = false;
    bool eof_ = false;
    std::size_t capacity_;
    std::unique_ptr<char[]> buffer_;
    std::size_t begin_ = 0, end_ = 0;
};

}  // namespace ffp8
