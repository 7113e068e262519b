// ffp8: FFP8 golden model, RTL generator, co-simulation, synthesis and format selection.
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <fmt/format.h>

#include "commands.hpp"
#include "ffp8/interrupt.hpp"
#include "ffp8/quoted_text.hpp"

namespace {
bool is_subcommand(CLI::App& app, const char* name) {
    for (const CLI::App* sub : app.get_subcommands({}))
        if (sub->check_name(name)) return true;
    return false;
}

// After SIGINT/SIGTERM/SIGHUP, once unwinding has removed the temporary paths: one line and the
// shell's status of a run killed by that signal.
int interrupted(int signal) {
    fmt::print(stderr, "ffp8: interrupted ({})\n", ffp8::signal_name(signal));
    return 128 + signal;
}
}  // namespace

int main(int argc, char** argv) {
    ffp8::install_interrupt_handlers();
    CLI::App app{"ffp8: the FFP8 (flexible 8-bit floating point) golden model and hardware generator",
                 "ffp8"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "ffp8 " FFP8_VERSION);
    for (auto add : ffp8::cli::registered_commands()) add(app);
    try {
        // CLI11 reports an unknown first word only as "A subcommand is required": name it.
        if (argc > 1 && argv[1][0] != '-' && !is_subcommand(app, argv[1]))
            throw std::runtime_error(fmt::format("unknown command {}; run 'ffp8 --help' for the list", ffp8::quoted_text(argv[1])));
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // One line, naming the problem (CLI11 would add a second "Run with --help" line).
        fmt::print(stderr, "ffp8: error: {}\n", ffp8::escape_control_bytes(e.what()));
        return 2;
    } catch (const ffp8::Interrupted& e) {
        return interrupted(e.signal);
    } catch (const std::exception& e) {
        if (const int signal = ffp8::interrupt_signal()) return interrupted(signal);  // an error the signal caused
        fmt::print(stderr, "ffp8: error: {}\n", ffp8::escape_control_bytes(e.what()));
        return 1;
    }
    if (const int signal = ffp8::interrupt_signal()) return interrupted(signal);
    return 0;
}
