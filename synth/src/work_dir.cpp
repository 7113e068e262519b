#include "ffp8/synth/work_dir.hpp"

#include "ffp8/atomic_file.hpp"
#include "ffp8/stale_temporaries.hpp"
#include "ffp8/temporary_folder.hpp"
#include "ffp8/synth/tool_error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <stdexcept>
#include <string>
#include <system_error>

namespace ffp8::synth {

WorkDir::WorkDir(std::string_view prefix, const std::filesystem::path& parent) {
    const std::filesystem::path base = parent.empty() ? temporary_folder() : parent;
    std::filesystem::create_directories(base);
    remove_stale_temporaries(base, "ffp8-");  // what killed runs left
    // Made as PREFIX.tmp-PID-XXXXXX, marked in use by this process, then named PREFIXXXXXXX: its
    // tools write that path in their scripts and logs, which a kept folder must still match; a
    // later run removes it, by its name or its marker, if this process dies with it in use.
    std::string tmpl = (base / (std::string(prefix) + temporary_suffix("tmp") + "-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr)
        throw std::runtime_error(fmt::format("cannot create a work folder in {}: {}", base.string(), std::strerror(errno)));
    path_ = tmpl;
    folder_.assign(path_);
    marker_ = std::filesystem::path(tmpl) / in_use_marker();
    write_file_atomically(marker_, "");
    const std::filesystem::path named = base / (std::string(prefix) + tmpl.substr(tmpl.size() - 6));
    std::error_code ec;
    if (!std::filesystem::exists(named, ec) && ::rename(tmpl.c_str(), named.c_str()) == 0) {
        path_ = named;
        folder_.assign(path_);
        marker_ = path_ / in_use_marker();
    }  // else it keeps its temporary name, removed all the same
}

void WorkDir::keep() {
    if (keep_) return;
    keep_ = true;
    std::error_code ignored;
    std::filesystem::remove(marker_, ignored);  // no longer in use: no run removes it
    folder_.release();
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
