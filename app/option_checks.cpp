#include "option_checks.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <string>
#include <system_error>
#include <unistd.h>

#include "ffp8/quoted_text.hpp"

namespace ffp8::cli {

namespace fs = std::filesystem;

namespace {

// "" when `dir` is a folder this process may create files in, else why not.
std::string unwritable_folder(const fs::path& dir) {
    std::error_code ec;
    const fs::file_status s = fs::status(dir, ec);
    if (!fs::exists(s)) return fmt::format("folder '{}' does not exist", dir.string());
    if (!fs::is_directory(s)) return fmt::format("'{}' is not a folder", dir.string());
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        return fmt::format("cannot write in folder '{}' ({})", dir.string(), std::strerror(errno));
    return {};
}

fs::path parent_or_here(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

}  // namespace

CLI::Validator whole_number(std::uint64_t min) {
    return CLI::Validator(
        [min](std::string& text) -> std::string {
            const auto refuse = [&] { return fmt::format("{} is not a whole number of {} or more", quoted_text(text), min); };
            std::size_t i = 0;
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
            if (i == text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return refuse();
            errno = 0;
            char* end = nullptr;
            const unsigned long long v = std::strtoull(text.c_str(), &end, 0);  // as CLI11 reads it (0x.. too)
            if (errno == ERANGE) return fmt::format("{} is larger than 2^64 - 1", quoted_text(text));
            if (*end != '\0' || v < min) return refuse();
            return {};
        },
        "");
}

CLI::Validator finite_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            double v = 0;
            if (CLI::detail::lexical_cast(text, v) && !std::isfinite(v)) return fmt::format("{} is not a finite number", quoted_text(text));
            return {};  // anything else: the option's conversion and range say what is wrong
        },
        "");
}

CLI::Validator output_file() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const fs::path p(text);
            std::error_code ec;
            if (fs::is_directory(p, ec)) return fmt::format("'{}' is a folder, not a file", text);
            if (std::string why = unwritable_folder(parent_or_here(p)); !why.empty()) return fmt::format("'{}': {}", text, why);
            return {};
        },
        "");
}

CLI::Validator output_folder() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            // create_directories makes the missing part: the nearest folder that exists must take it.
            fs::path existing(text);
            std::error_code ec;
            while (!fs::exists(existing, ec) && existing != ".")
                existing = existing.has_parent_path() ? existing.parent_path() : fs::path(".");
            if (std::string why = unwritable_folder(existing); !why.empty()) return fmt::format("'{}': {}", text, why);
            return {};
        },
        "");
}

void refuse_empty_values(CLI::App& app) {
    const CLI::Validator non_empty([](std::string& text) -> std::string { return text.empty() ? "an empty value" : ""; },
                                   "");
    for (CLI::Option* opt : app.get_options())
        if (opt->get_type_size_max() > 0) opt->check(non_empty);
    for (CLI::App* sub : app.get_subcommands({})) refuse_empty_values(*sub);
}

}  // namespace ffp8::cli
