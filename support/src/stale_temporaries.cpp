#include "ffp8/stale_temporaries.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <fmt/format.h>
#include <optional>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace ffp8 {

namespace {

constexpr std::array<std::string_view, 4> tags{"tmp", "staging", "old", "stale"};

struct TemporaryName {
    std::string_view base;  // NAME: what the temporary stands for
    std::string_view tag;
    pid_t pid;
};

// NAME.TAG-PID or NAME.TAG-PID-XXX, else nullopt.
std::optional<TemporaryName> parse(std::string_view name) {
    for (std::size_t dot = name.rfind('.'); dot != std::string_view::npos && dot > 0;
         dot = name.rfind('.', dot - 1)) {
        const std::string_view rest = name.substr(dot + 1);
        for (const std::string_view tag : tags) {
            if (!rest.starts_with(tag) || rest.size() <= tag.size() || rest[tag.size()] != '-') continue;
            const std::string_view digits = rest.substr(tag.size() + 1);
            long pid = 0;
            const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
            if (ec != std::errc{} || end == digits.data() || pid <= 0) continue;
            if (end != digits.data() + digits.size() && *end != '-' && *end != '.') continue;
            return TemporaryName{name.substr(0, dot), tag, static_cast<pid_t>(pid)};
        }
        if (dot == 0) break;
    }
    return std::nullopt;
}

bool process_exists(pid_t pid) { return pid == ::getpid() || ::kill(pid, 0) == 0 || errno == EPERM; }

constexpr std::string_view marker_prefix = ".ffp8-in-use-";

// The process an in-use folder's marker names, if it holds one.
std::optional<pid_t> user_of(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(std::filesystem::symlink_status(dir, ec))) return std::nullopt;
    std::filesystem::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.starts_with(marker_prefix)) continue;
        long pid = 0;
        const char* digits = name.c_str() + marker_prefix.size();
        const auto [stop, error] = std::from_chars(digits, name.c_str() + name.size(), pid);
        if (error == std::errc{} && stop == name.c_str() + name.size() && pid > 0) return static_cast<pid_t>(pid);
    }
    return std::nullopt;
}

}  // namespace

std::string temporary_suffix(std::string_view tag) { return fmt::format(".{}-{}", tag, ::getpid()); }

std::string in_use_marker() { return fmt::format("{}{}", marker_prefix, ::getpid()); }

void remove_stale_temporaries(const std::filesystem::path& folder, std::string_view prefix) {
    std::vector<std::string> names;  // read first: a folder changed while read may skip entries
    std::error_code ec;
    std::filesystem::directory_iterator it(folder, ec), end;
    for (; !ec && it != end; it.increment(ec))
        if (std::string name = it->path().filename().string(); name.starts_with(prefix)) names.push_back(std::move(name));
    for (const std::string& name : names) {
        const auto t = parse(name);
        std::error_code ignored;
        if (!t) {
            if (const auto user = user_of(folder / name); user && !process_exists(*user))
                std::filesystem::remove_all(folder / name, ignored);
            continue;
        }
        if (process_exists(t->pid)) continue;
        const std::filesystem::path original = folder / std::string(t->base);
        if (t->tag == "old" && !std::filesystem::exists(std::filesystem::symlink_status(original, ignored))) {
            std::filesystem::rename(folder / name, original, ignored);  // what was to replace it never came
            if (!ignored) continue;
        }
        std::filesystem::remove_all(folder / name, ignored);
    }
}

}  // namespace ffp8
