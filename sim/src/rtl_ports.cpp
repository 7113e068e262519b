#include "ffp8/sim/rtl_ports.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "ffp8/hw/generator.hpp"
#include "ffp8/input_file.hpp"
#include "ffp8/process.hpp"
#include "ffp8/quoted_text.hpp"
#include "ffp8/sim/build_paths.hpp"
#include "ffp8/stale_temporaries.hpp"
#include "ffp8/temporary_folder.hpp"
#include "ffp8/temporary_path.hpp"

namespace ffp8::sim {

namespace fs = std::filesystem;

namespace {

// The value of attribute `name` in one XML element's text, if present.
std::optional<std::string> attribute(std::string_view element, std::string_view name) {
    const std::string key = fmt::format(" {}=\"", name);
    const std::size_t at = element.find(key);
    if (at == std::string_view::npos) return std::nullopt;
    const std::size_t begin = at + key.size(), end = element.find('"', begin);
    if (end == std::string_view::npos) return std::nullopt;
    return std::string(element.substr(begin, end - begin));
}

// Each element `<tag ...>` of the text, in order (the text between '<' and '>').
std::vector<std::string_view> elements(std::string_view xml, std::string_view tag) {
    std::vector<std::string_view> found;
    const std::string open = fmt::format("<{} ", tag);
    for (std::size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at + 1)) {
        const std::size_t end = xml.find('>', at);
        if (end == std::string_view::npos) break;
        found.push_back(xml.substr(at, end - at));
    }
    return found;
}

int number(const std::optional<std::string>& text) { return text ? std::atoi(text->c_str()) : 0; }

std::string describe(const PortInfo& p) {
    return p.width > 0 ? fmt::format("{} {} bit{}", p.dir == "in" ? "input" : p.dir == "out" ? "output" : p.dir, p.width,
                                     p.width == 1 ? "" : "s")
                       : fmt::format("{} of a type other than a plain vector", p.dir);
}

// "" when `have` lists the ports of `want` in order, else the first difference, as `have_name`
// against `want_name` say it.
std::string first_difference(const std::vector<PortInfo>& have, const std::vector<PortInfo>& want,
                             std::string_view have_name, std::string_view want_name) {
    std::map<std::string, const PortInfo*> by_name;
    for (const auto& p : have) by_name[p.name] = &p;
    for (const auto& w : want) {
        const auto it = by_name.find(w.name);
        if (it == by_name.end()) return fmt::format("port {} ({}) of {} is missing from {}", w.name, describe(w), want_name, have_name);
        const PortInfo& h = *it->second;
        if (h.dir != w.dir || h.width != w.width)
            return fmt::format("port {} is {} in {} but {} in {}", w.name, describe(h), have_name, describe(w), want_name);
        by_name.erase(it);
    }
    if (!by_name.empty())
        return fmt::format("port {} of {} is not one of {}", by_name.begin()->first, have_name, want_name);
    return {};
}

}  // namespace

std::vector<PortInfo> verilog_top_ports(const std::vector<fs::path>& files, const std::string& top,
                                           fs::path& defined_in) {
    const fs::path tmp = temporary_folder();
    remove_stale_temporaries(tmp, "ffp8-");
    TemporaryPath work(tmp / ("ffp8-ports" + temporary_suffix("tmp")));
    fs::create_directories(work.path());
    std::vector<std::string> argv{build_paths::verilator, "--xml-only", "--xml-output", (work.path() / "top.xml").string(),
                                  "-Mdir", work.path().string(), "--top-module", top, "-Wno-fatal", "-Wno-lint",
                                  "-Wno-style"};
    for (const fs::path& f : files) argv.push_back(f.string());
    ProcessOptions options;
    options.log = work.path() / "verilator.log";
    options.stdin_from_dev_null = true;
    if (run_process(argv, options) != 0) {
        const std::string log = read_input_file(options.log);
        if (log.find("was not found in design") != std::string::npos)
            throw std::runtime_error(fmt::format("no Verilog file defines the top module {}", quoted_text(top)));
        std::string first_error;  // Verilator's first error line names the user's file and line
        for (std::size_t at = 0; at < log.size();) {
            const std::size_t end = std::min(log.find('\n', at), log.size());
            if (log.compare(at, 6, "%Error") == 0 && log.compare(at, 13, "%Error: Exiting") != 0) {
                first_error = log.substr(at, end - at);
                break;
            }
            at = end + 1;
        }
        throw VerilogError(fmt::format("Verilator cannot read the Verilog: {}",
                                       first_error.empty() ? "it gave no %Error line" : first_error));
    }
    const std::string xml = read_input_file(work.path() / "top.xml");
    std::map<std::string, std::string> file_of;  // Verilator's file letters
    for (const std::string_view f : elements(xml, "file"))
        if (auto id = attribute(f, "id"), name = attribute(f, "filename"); id && name) file_of[*id] = *name;
    std::map<std::string, int> width_of;  // dtype id -> bits, for plain vectors
    for (const std::string_view t : elements(xml, "basicdtype")) {
        const auto left = attribute(t, "left"), right = attribute(t, "right");
        if (const auto id = attribute(t, "id"))
            width_of[*id] = left && right ? std::abs(number(left) - number(right)) + 1 : 1;
    }
    std::vector<PortInfo> ports;
    const std::size_t begin = xml.find("topModule=\"1\"");
    if (begin == std::string::npos) throw std::runtime_error(fmt::format("no Verilog file defines the top module {}", quoted_text(top)));
    const std::size_t module_start = xml.rfind("<module ", begin);
    const std::string_view module = std::string_view(xml).substr(module_start, xml.find("</module>", begin) - module_start);
    if (const auto loc = attribute(module, "loc"); loc && file_of.count(loc->substr(0, loc->find(','))))
        defined_in = file_of[loc->substr(0, loc->find(','))];
    for (const std::string_view v : elements(module, "var")) {
        const auto dir = attribute(v, "dir");
        if (!dir) continue;  // not a port
        const std::string d = *dir == "input" ? "in" : *dir == "output" ? "out" : *dir;
        const auto id = attribute(v, "dtype_id");
        ports.push_back({attribute(v, "name").value_or("?"), d, id && width_of.count(*id) ? width_of[*id] : 0});
    }
    return ports;
}

void check_rtl_ports(const fs::path& dir, const DesignInfo& info) {
    const fs::path manifest_path = dir / "manifest.json";
    const auto refuse = [&](const std::string& why) {
        return std::runtime_error(fmt::format("{}: {}", manifest_path.string(), why));
    };
    const std::vector<PortInfo>& listed = info.ports;
    const std::vector<PortInfo> unit = design_from_manifest(hw::generate(info.unit).manifest).ports;
    if (const std::string d = first_difference(listed, unit, "the manifest", "the unit its options describe"); !d.empty())
        throw refuse(d);
    std::vector<fs::path> files;
    for (const std::string& f : info.verilog_files) files.push_back(dir / f);
    fs::path defined_in;
    std::vector<PortInfo> verilog;
    try {
        verilog = verilog_top_ports(files, info.unit.top_name(), defined_in);
    } catch (const VerilogError&) {
        throw;  // names the user's file and line itself
    } catch (const std::runtime_error& e) {
        throw refuse(e.what());
    }
    const std::string where = fmt::format("module {} of {}", info.unit.top_name(), defined_in.string());
    if (const std::string d = first_difference(verilog, listed, where, "the manifest"); !d.empty()) throw refuse(d);
}

}  // namespace ffp8::sim
