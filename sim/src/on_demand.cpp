#include "ffp8/sim/on_demand.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include "ffp8/atomic_file.hpp"
#include "ffp8/user_cache.hpp"
#include "ffp8/process.hpp"
#include "ffp8/sim/build_paths.hpp"
#include "ffp8/stale_temporaries.hpp"
#include "ffp8/temporary_folder.hpp"
#include "ffp8/temporary_path.hpp"
#include "ffp8/input_file.hpp"

namespace ffp8::sim {

namespace {

// Bump when the way simulators are built changes in a way the hashed inputs do not show.
constexpr const char* harness_version = "ffp8-sim-harness-1";

// The stamp of a cache entry: written last, it says the simulator beside it is whole.
constexpr const char* stamp_name = "stamp.json";

nlohmann::json stamp_of(const std::filesystem::path& simulator) {
    const std::string bytes = read_input_file(simulator);
    Fnv1a h;
    h.add(bytes);
    return {{"simulator", simulator.filename().string()}, {"size", bytes.size()}, {"fnv1a", h.hex()}};
}

// The entry holds the simulator its stamp describes (a killed build, a truncated or replaced
// file, an entry of an older version without a stamp: not complete, built again).
bool complete_entry(const std::filesystem::path& dir, const std::string& exe_name) {
    try {
        const nlohmann::json stamp = nlohmann::json::parse(read_input_file(dir / stamp_name));
        const std::filesystem::path simulator = dir / exe_name;
        std::error_code ec;
        if (!stamp.is_object() || stamp.value("size", nlohmann::json()) != std::filesystem::file_size(simulator, ec) || ec)
            return false;  // the cheap test first: a truncated file fails it without reading
        return stamp == stamp_of(simulator);
    } catch (const std::exception&) {
        return false;
    }
}

// Puts the built entry `work` in place as `dir`: over an incomplete one, which is moved aside
// and removed; when another run has published a complete one meanwhile, that one is kept.
void publish_entry(TemporaryPath& work, const std::filesystem::path& dir, const std::string& exe_name) {
    std::error_code ec;
    std::filesystem::rename(work.path(), dir, ec);
    if (!ec) {
        work.release();
        return;
    }
    if (complete_entry(dir, exe_name)) return;  // another run's build: ours goes
    TemporaryPath stale(dir.string() + temporary_suffix("stale"));
    std::filesystem::rename(dir, stale.path(), ec);
    if (ec && std::filesystem::exists(dir))
        throw std::runtime_error(fmt::format("cannot replace the damaged simulator cache entry {}: {}", dir.string(), ec.message()));
    std::filesystem::rename(work.path(), dir, ec);
    if (ec && !complete_entry(dir, exe_name))
        throw std::runtime_error(fmt::format("cannot publish the simulator in the cache as {}: {}", dir.string(), ec.message()));
    if (!ec) work.release();
}

std::span<const char* const> libraries(Harness harness) {
    if (harness == Harness::cpp) return build_paths::cpp_libraries;
    return build_paths::systemc_libraries;
}


std::string cache_key(const VerilogDesign& design, Harness harness) {
    Fnv1a h;
    h.add(harness_version);
    h.add(build_paths::verilator_version);
    h.add(to_string(harness));
    h.add(design.top);
    for (const auto& [name, text] : design.files) {
        h.add(name);
        h.add(text);
    }
    // The harness: its main, the headers it compiles, the libraries it links.
    h.add(read_input_file(build_paths::harness_main));
    const std::filesystem::path sim_headers = std::filesystem::path(build_paths::include_dirs[0]) / "ffp8" / "sim";
    for (const auto& entry : std::filesystem::directory_iterator(sim_headers)) h.add(read_input_file(entry.path()));
    for (const char* lib : libraries(harness))
        if (std::string_view(lib).ends_with(".a")) h.add(read_input_file(lib));
    return h.hex();
}

// The last lines of a build log, with the cache's copy of the RTL (`copy`/) written as the user's
// folder (`source`/) when there is one: Verilator names the files it was given.
std::string log_tail(const std::filesystem::path& log, std::size_t lines, const std::filesystem::path& copy,
                     const std::filesystem::path& source) {
    std::ifstream in(log);
    std::vector<std::string> all;
    const std::string from = copy.string() + "/", to = source.empty() ? from : source.string() + "/";
    for (std::string line; std::getline(in, line);) {
        for (std::size_t at = line.find(from); at != std::string::npos; at = line.find(from, at + to.size()))
            line.replace(at, from.size(), to);
        all.push_back(line);
    }
    std::string s;
    for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) s += "  " + all[i] + "\n";
    return s;
}

std::vector<std::string> verilator_command(const VerilogDesign& design, Harness harness,
                                           const std::filesystem::path& work, const std::string& exe_name) {
    std::vector<std::string> argv = {build_paths::verilator,
                                     harness == Harness::cpp ? "--cc" : "--sc",
                                     "--exe",
                                     "--build",
                                     "-j",
                                     "2",
                                     "-O3",
                                     "--x-assign",
                                     "fast",
                                     "--x-initial",
                                     "fast",
                                     "-Wno-fatal",
                                     "--top-module",
                                     design.top,
                                     "--prefix",
                                     "Vffp8_dut",
                                     "--Mdir",
                                     (work / "obj").string(),
                                     "-o",
                                     exe_name,
                                     "-MAKEFLAGS",
                                     "OPT_FAST=-O2 OPT_SLOW=-O1",
                                     // The Verilator runtime is linked prebuilt (build_paths), not compiled.
                                     "-MAKEFLAGS",
                                     "VM_GLOBAL_FAST= VM_GLOBAL_SLOW=",
                                     "-CFLAGS",
                                     "-std=c++20",
                                     "-LDFLAGS",
                                     "-pthread"};
    for (const char* dir : build_paths::include_dirs) argv.insert(argv.end(), {"-CFLAGS", std::string("-I") + dir});
    if (harness == Harness::systemc)
        argv.insert(argv.end(), {"-CFLAGS", build_paths::systemc_definition, "-CFLAGS", "-DFFP8_SIM_SYSTEMC=1"});
    argv.push_back(build_paths::harness_main);
    for (const auto& [name, text] : design.files) argv.push_back((work / "rtl" / name).string());
    for (const char* lib : libraries(harness)) argv.push_back(lib);
    return argv;
}

}  // namespace

VerilogDesign read_verilog(const std::filesystem::path& dir, const DesignInfo& info) {
    VerilogDesign d;
    d.top = info.unit.top_name();
    for (const std::string& f : info.verilog_files) {
        check_plain_file_name(f);
        d.files[f] = read_input_file(dir / f);
    }
    d.source_dir = std::filesystem::absolute(dir).lexically_normal();
    if (!d.source_dir.has_filename()) d.source_dir = d.source_dir.parent_path();  // "DIR/" as given
    return d;
}

std::filesystem::path simulator_cache_dir() { return user_cache_dir("sim"); }

std::filesystem::path on_demand_simulator(const VerilogDesign& design, Harness harness) {
    const std::string key = cache_key(design, harness);
    const std::filesystem::path cache = simulator_cache_dir();
    const std::filesystem::path dir = cache / key;
    const std::string exe_name = "ffp8-sim-" + to_string(harness);
    remove_stale_temporaries(cache);  // builds of runs that were killed
    if (complete_entry(dir, exe_name)) return dir / exe_name;
    for (const auto& entry : design.files) check_plain_file_name(entry.first);  // never write outside the cache

    // Built in a private folder and renamed into place: concurrent runs never see half a build,
    // and an interrupted one leaves nothing (the guard removes it).
    TemporaryPath work_folder(cache / (key + temporary_suffix("tmp")));
    const std::filesystem::path work = work_folder.path();
    std::filesystem::remove_all(work);
    std::filesystem::create_directories(work / "rtl");
    std::filesystem::create_directories(work / "obj");
    for (const auto& [name, text] : design.files) write_file_atomically(work / "rtl" / name, text);
    write_file_atomically(work / "obj" / "ffp8_sim_model.h", "#include \"Vffp8_dut.h\"\nusing SimModel = Vffp8_dut;\n");
    fmt::print(stderr, "ffp8 sim: verilating {} for the {} harness (once per RTL, cached in {})\n", design.top,
               to_string(harness), dir.string());
    const std::filesystem::path log = work / "build.log";
    ProcessOptions logged;
    logged.log = log;
    logged.stdin_from_dev_null = true;  // its own process group: an interrupt stops make and the compilers too
    const int status = run_process(verilator_command(design, harness, work, exe_name), logged);
    if (status != 0 || !std::filesystem::exists(work / "obj" / exe_name)) {
        const std::filesystem::path failed = cache / (key + ".failed");
        std::filesystem::remove_all(failed);
        std::filesystem::rename(work, failed);
        work_folder.release();
        throw std::runtime_error(fmt::format("verilating {} failed (status {}); log {}:\n{}", design.top, status,
                                             (failed / "build.log").string(),
                                             log_tail(failed / "build.log", 15, work / "rtl", design.source_dir)));
    }
    std::filesystem::rename(work / "obj" / exe_name, work / exe_name);
    std::filesystem::remove_all(work / "obj");
    write_file_atomically(work / stamp_name, stamp_of(work / exe_name).dump(2) + "\n");  // last: the entry is whole
    throw_if_interrupted();  // the last point to stop: the cache entry appears whole or not at all
    publish_entry(work_folder, dir, exe_name);
    return dir / exe_name;
}

int run_simulator(const std::filesystem::path& simulator, const SimJob& job, std::chrono::seconds stall_limit) {
    const std::filesystem::path tmp = temporary_folder();
    remove_stale_temporaries(tmp, "ffp8-");  // what killed runs left
    // The simulator writes an error's message in one, to be thrown as this process's own error,
    // and touches the other while it makes progress.
    TemporaryPath error_file, heartbeat_file;
    for (auto* file : {&error_file, &heartbeat_file}) {
        std::string path = (tmp / ("ffp8-sim" + temporary_suffix("tmp") + "-XXXXXX")).string();
        const int fd = mkstemp(path.data());
        if (fd < 0) throw std::runtime_error(fmt::format("cannot create a temporary file in {}: {}", tmp.string(), std::strerror(errno)));
        close(fd);
        file->assign(path);
    }
    SimJob watched = job;
    watched.heartbeat = heartbeat_file.path().string();
    ProcessOptions options;
    options.heartbeat = heartbeat_file.path();
    options.stall_limit = stall_limit;
    int status = 0;
    try {
        status = run_process({simulator.string(), to_json(watched).dump(), error_file.path().string()}, options);
    } catch (const ProcessError& e) {
        if (e.cause == ProcessError::Cause::stalled)
            throw std::runtime_error(fmt::format("the simulator completed no cycle for {} s and was stopped (a hang in the "
                                                 "RTL's model?); sim --timeout S sets the limit",
                                                 stall_limit.count()));
        if (e.cause == ProcessError::Cause::killed_by_signal)
            throw std::runtime_error(fmt::format("the simulator {}: it crashed, a fault of the Verilated model or the "
                                                 "harness, not a result (simulator {})",
                                                 std::string_view(e.what()).substr(simulator.string().size() + 1),
                                                 simulator.string()));
        throw;
    }
    if (status == 2) {
        const std::string message = read_input_file(error_file.path());
        if (!message.empty()) throw std::runtime_error(message);
    }
    return status;
}

}  // namespace ffp8::sim
