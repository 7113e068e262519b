// ffp8_sim_gen: writes a generated MAC as ONE Verilog file plus its manifest, for the models the
// build verilates (a fixed file name lets CMake name the build's outputs). Links only ffp8_hw, so
// it can run before the ffp8 executable (which links the models) exists.
//   ffp8_sim_gen --mode runtime|static --act A --wgt W [--out O] --stages N [--input-stage] -o DIR
#include <CLI/CLI.hpp>
#include <exception>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <string>

#include "ffp8/atomic_file.hpp"
#include "ffp8/hw/generator.hpp"

// An unchanged design keeps its timestamp, so the build does not verilate it again when only the
// generator's unrelated code changed.
void write_if_changed(const std::filesystem::path& path, const std::string& content) {
    std::ifstream in(path, std::ios::binary);
    const std::string old{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.is_open() || old != content) ffp8::write_file_atomically(path, content);
}

int main(int argc, char** argv) {
    CLI::App app{"Generate one MAC as DIR/design.v and DIR/manifest.json (build helper of ffp8 sim)"};
    std::string mode = "runtime", act = "ue4m4", wgt = "se4m3", out, dir;
    int stages = 0;
    bool input_stage = false;
    app.add_option("--mode", mode)->check(CLI::IsMember({"runtime", "static"}));
    app.add_option("--act", act);
    app.add_option("--wgt", wgt);
    app.add_option("--out", out);
    app.add_option("--stages", stages);
    app.add_flag("--input-stage", input_stage);
    app.add_option("-o", dir)->required();
    CLI11_PARSE(app, argc, argv);
    try {
        ffp8::hw::UnitConfig options;
        options.mode = mode == "runtime" ? ffp8::hw::Mode::runtime_formats : ffp8::hw::Mode::static_formats;
        options.act = ffp8::Format::parse(act);
        options.wgt = ffp8::Format::parse(wgt);
        if (!out.empty()) options.out = ffp8::Format::parse(out);
        options.stages = stages;
        options.input_stage = input_stage;
        const ffp8::hw::GeneratedDesign design = ffp8::hw::generate(options);
        std::string verilog;
        for (const auto& [name, text] : design.files) verilog += text;
        nlohmann::json manifest = design.manifest;
        manifest["files"] = nlohmann::json::array({"design.v"});
        std::filesystem::create_directories(dir);
        write_if_changed(std::filesystem::path(dir) / "design.v", verilog);
        write_if_changed(std::filesystem::path(dir) / "manifest.json", manifest.dump(2) + "\n");
    } catch (const std::exception& e) {
        fmt::print(stderr, "ffp8_sim_gen: error: {}\n", e.what());
        return 1;
    }
    return 0;
}
