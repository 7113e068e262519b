#include "ffp8/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "ffp8/stale_temporaries.hpp"
#include "ffp8/temporary_path.hpp"

namespace ffp8 {

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    const std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
    std::string hidden = ".";  // .NAME (built in steps: GCC 12 warns wrongly on "." + string)
    hidden += path.filename().string();
    remove_stale_temporaries(dir, hidden + ".");  // what a killed writer left
    std::string tmpl = (dir / (hidden + temporary_suffix("tmp") + "-XXXXXX")).string();
    TemporaryPath temporary;  // an interrupt before the rename removes it
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0)
        throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
    temporary.assign(tmpl);
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(tmpl.c_str());
            throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(err)));
        }
        done += static_cast<std::size_t>(n);
    }
    ::fchmod(fd, 0644);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(err)));
    }
    if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), std::strerror(err)));
    }
    temporary.release();
}

}  // namespace ffp8
