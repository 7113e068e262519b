#include "generated_folder.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "ffp8/hw/unit_config.hpp"
#include "ffp8/input_file.hpp"

namespace ffp8::hw {

namespace fs = std::filesystem;

namespace {

// "" when `m` is a manifest of ffp8 gen, else why not.
std::string not_a_manifest(const nlohmann::json& m) {
    if (!m.is_object() || m.value("generator", nlohmann::json()) != "ffp8 gen") return "was not written by ffp8 gen";
    try {
        (void)UnitConfig::from_manifest(m);
    } catch (const std::exception& e) {
        return fmt::format("holds no unit configuration: {}", e.what());
    }
    return {};
}

}  // namespace

void check_generated_folder(const fs::path& dir) {
    const fs::path file = dir / "manifest.json";
    const auto refuse = [&](const std::string& why) {
        throw std::runtime_error(fmt::format("{} is not a folder written by ffp8 gen ({}): not replacing it", dir.string(), why));
    };
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) refuse("no manifest.json");
    std::string text;
    try {
        text = read_input_file(file);
    } catch (const InputError& e) {
        refuse(e.what());
    }
    nlohmann::json m;
    try {
        m = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        refuse("its manifest.json is not JSON");
    }
    if (const std::string why = not_a_manifest(m); !why.empty()) refuse("its manifest.json " + why);
}

}  // namespace ffp8::hw
