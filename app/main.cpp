// ffp8: FFP8 golden model, RTL generator, co-simulation, synthesis and format selection.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <exception>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <fmt/format.h>

#include "commands.hpp"
#include "ffp8/interrupt.hpp"
#include "ffp8/quoted_text.hpp"
#include "ffp8/standard_output.hpp"
#include "option_checks.hpp"

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

// A failed write to standard output, after the clean-up: the error line, and the status of a run
// a closed pipe stopped (128 + SIGPIPE, as the shell reports for a tool SIGPIPE killed) or 1.
int output_failed(const ffp8::StandardOutputError& e) {
    fmt::print(stderr, "ffp8: error: {}\n", e.what());
    return e.error_number == EPIPE ? 128 + SIGPIPE : 1;
}

// --help and --version: CLI11's text, written (and checked) as any other output.
int printed(const CLI::App& app, const CLI::Error& e) {
    std::ostringstream out, err;
    const int status = app.exit(e, out, err);
    try {
        ffp8::write_standard_output(out.str());
        ffp8::finish_standard_output();
    } catch (const ffp8::StandardOutputError& failed) {
        return output_failed(failed);
    }
    fmt::print(stderr, "{}", err.str());
    return status;
}
}  // namespace

int main(int argc, char** argv) {
    ffp8::install_interrupt_handlers();
    ffp8::ignore_broken_pipe_signal();
    CLI::App app{"ffp8: the FFP8 (flexible 8-bit floating point) golden model and hardware generator",
                 "ffp8"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "ffp8 " FFP8_VERSION);
    for (auto add : ffp8::cli::registered_commands()) add(app);
    ffp8::cli::refuse_empty_values(app);
    try {
        // CLI11 reports an unknown first word only as "A subcommand is required": name it.
        if (argc > 1 && argv[1][0] != '-' && !is_subcommand(app, argv[1]))
            throw std::runtime_error(fmt::format("unknown command {}; run 'ffp8 --help' for the list", ffp8::quoted_text(argv[1])));
        app.parse(argc, argv);
        ffp8::finish_standard_output();
    } catch (const CLI::CallForHelp& e) {
        return printed(app, e);
    } catch (const CLI::CallForAllHelp& e) {
        return printed(app, e);
    } catch (const CLI::CallForVersion& e) {
        return printed(app, e);
    } catch (const CLI::ParseError& e) {
        // One line, naming the problem (CLI11 would add a second "Run with --help" line).
        fmt::print(stderr, "ffp8: error: {}\n", ffp8::escape_control_bytes(e.what()));
        return 2;
    } catch (const ffp8::Interrupted& e) {
        return interrupted(e.signal);
    } catch (const ffp8::StandardOutputError& e) {
        return output_failed(e);
    } catch (const std::exception& e) {
        // fmt::print throws std::system_error when a write fails: on standard output, said as such.
        if (const auto* failed = dynamic_cast<const std::system_error*>(&e); failed && std::ferror(stdout))
            return output_failed(ffp8::StandardOutputError(failed->code().value()));
        if (const int signal = ffp8::interrupt_signal()) return interrupted(signal);  // an error the signal caused
        fmt::print(stderr, "ffp8: error: {}\n", ffp8::escape_control_bytes(e.what()));
        return 1;
    }
    if (const int signal = ffp8::interrupt_signal()) return interrupted(signal);
    return 0;
}
