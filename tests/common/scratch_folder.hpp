// A test's own temporary folder: a fresh folder under the system temp folder (TMPDIR, which CTest
// points at the build tree's test-tmp), removed with everything in it when the test ends, pass or fail.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace ffp8::test {

class ScratchFolder {
public:
    explicit ScratchFolder(const std::string& tag = "ffp8_test") {
        std::string pattern = (std::filesystem::temp_directory_path() / (tag + "_XXXXXX")).string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp " + pattern + " failed");
        path_ = pattern;
    }
    ~ScratchFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

}  // namespace ffp8::test
