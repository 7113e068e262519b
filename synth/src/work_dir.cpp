#include "ffp8/synth/work_dir.hpp"

#include "ffp8/synth/tool_error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <stdexcept>
#include <string>
#include <system_error>

namespace ffp8::synth {

WorkDir::WorkDir(std::string_view prefix, const std::filesystem::path& parent) {
    const std::filesystem::path base = parent.empty() ? std::filesystem::temp_directory_path() : parent;
    std::filesystem::create_directories(base);
    std::string tmpl = (base / (std::string(prefix) + "XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr)
        throw std::runtime_error(fmt::format("cannot create a work folder in {}: {}", base.string(), std::strerror(errno)));
    path_ = tmpl;
    folder_.assign(path_);
}

std::filesystem::path run_in_work_dir(std::string_view prefix, const std::filesystem::path& parent, bool keep,
                                      const std::function<void(const std::filesystem::path&)>& body) {
    WorkDir wd(prefix, parent);
    try {
        body(wd.path());
    } catch (const std::exception& e) {
        if (interrupt_signal() != 0) throw;  // an error the interrupt caused: nothing worth keeping
        wd.keep();
        throw ToolRunError(fmt::format("{} [work folder kept: {}]", e.what(), wd.path().string()));
    }
    if (!keep) return {};
    wd.keep();
    return wd.path();
}

}  // namespace ffp8::synth
