#include "ffp8/sim/design.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <stdexcept>
#include <system_error>

#include "ffp8/checked_json.hpp"
#include "ffp8/input_file.hpp"
#include "ffp8/quoted_text.hpp"

namespace ffp8::sim {

namespace fs = std::filesystem;

namespace {

bool is_inside(const fs::path& folder, const fs::path& path) {
    const auto [f, p] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
    return f == folder.end() && p != path.end();
}

// The listed file must be a regular file inside DIR; a symlink may point elsewhere inside DIR only.
void check_listed_file(const fs::path& dir, const std::string& name) {
    const fs::path path = dir / name;
    std::error_code ec;
    const fs::file_status link = fs::symlink_status(path, ec);
    if (!fs::exists(link)) throw std::runtime_error(fmt::format("lists {}, which is missing", quoted_text(name)));
    if (fs::is_symlink(link)) {
        const fs::path target = fs::weakly_canonical(path, ec);
        const fs::path folder = fs::canonical(dir, ec);
        if (ec || !is_inside(folder, target))
            throw std::runtime_error(
                fmt::format("lists {}, a symbolic link leading out of the design folder", quoted_text(name)));
    }
    if (!fs::is_regular_file(path, ec))
        throw std::runtime_error(fmt::format("lists {}, which is not a regular file", quoted_text(name)));
}

}  // namespace

void check_plain_file_name(const std::string& name) {
    const bool control = std::any_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos || control)
        throw std::runtime_error(fmt::format("lists {} as a Verilog file: it must be a plain file name inside the "
                                             "design folder (no '/', not '.' or '..', no control characters)",
                                             quoted_text(name)));
}

std::string DesignInfo::describe() const {
    const hw::UnitConfig& u = unit;
    return fmt::format("{} {} x {}{}, stages {}{}, latency {}{}, top {}", hw::mode_name(u.mode), u.act.name(),
                       u.wgt.name(), u.out ? " -> " + u.out->name() : "", u.stages,
                       u.input_stage ? " (the first on the inputs)" : "", latency,
                       u.is_dot() ? fmt::format(", {} lanes", u.lanes) : "", u.top_name());
}

DesignInfo design_from_manifest(const nlohmann::json& m) {
    DesignInfo d;
    d.unit = hw::UnitConfig::from_manifest(m);
    const CheckedJson checked(m);
    d.latency = checked.at("latency").whole_int(0, 1000);
    d.verilog_files = checked.at("files").texts();
    for (const CheckedJson& p : checked.at("ports").items()) {
        const CheckedJson dir = p.at("dir");
        if (dir.text() != "in" && dir.text() != "out") dir.fail(fmt::format("{} is no direction (in or out)", quoted_text(dir.text())));
        d.ports.push_back({p.at("name").text(), dir.text(), p.at("width").whole_int(1, 1 << 16)});
    }
    if (d.verilog_files.empty()) throw std::runtime_error("lists no Verilog files");
    std::set<std::string> seen;
    for (const std::string& f : d.verilog_files) {
        check_plain_file_name(f);
        if (!seen.insert(f).second) throw std::runtime_error(fmt::format("lists {} twice", quoted_text(f)));
    }
    if (d.latency != d.unit.latency())
        throw std::runtime_error(fmt::format("manifest latency {} differs from the golden cycle model's {} "
                                             "(stages {}{})",
                                             d.latency, d.unit.latency(), d.unit.stages,
                                             d.unit.out ? ", with an output format" : ""));
    return d;
}

DesignInfo read_design(const std::filesystem::path& dir) {
    const std::filesystem::path path = dir / "manifest.json";
    std::string text;
    try {
        text = read_input_file(path);
    } catch (const InputError& e) {
        throw std::runtime_error(fmt::format("{} (is {} a folder written by ffp8 gen?)", e.what(), dir.string()));
    }
    const CheckedJson manifest = CheckedJson::parse(text, path.string());
    try {
        DesignInfo d = design_from_manifest(manifest.value());
        for (const std::string& f : d.verilog_files) check_listed_file(dir, f);
        return d;
    } catch (const std::runtime_error& e) {  // JsonError, FormatError, the checks above
        throw std::runtime_error(path.string() + ": " + e.what());
    }
}

}  // namespace ffp8::sim
