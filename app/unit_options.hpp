// The options of a unit's configuration (hw::UnitConfig), declared once for gen, sim, synth and
// sweep: the same names, help and defaults (a default-constructed UnitConfig) everywhere.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ffp8/hw/unit_config.hpp"

namespace ffp8::cli {

class UnitOptions {
public:
    // Which of the unit options a command takes besides --act, --wgt, --out, --mode, --stages,
    // --input-stage and --slots.
    struct Extras {
        bool lanes = true;  // --lanes K (sweep takes a list of lane counts of its own)
        bool top = false;   // --top NAME (gen only: the other commands use the default top)
    };

    // Declares the options on `cmd`; the object reads them once CLI11 has parsed the command line.
    static std::shared_ptr<const UnitOptions> add(CLI::App& cmd, Extras extras);

    // The configuration the command line gives; throws FormatError / std::invalid_argument naming
    // the option. Not validated as a whole: commands complete it first (sim: --rtl, the prebuilt
    // runtime unit; --stages auto: the clock), then validate, plan or generate.
    hw::UnitConfig config() const;
    // The options given on the command line ("--act", "--stages", ...).
    std::set<std::string> given() const;
    // The options declared (for a command's own rules between them and its other options).
    const std::vector<CLI::Option*>& declared() const { return declared_; }

private:
    hw::UnitConfig defaults_;
    std::string act_ = defaults_.act.name(), wgt_ = defaults_.wgt.name(), out_;
    std::string mode_ = std::string(hw::mode_name(defaults_.mode)), top_;
    std::string stages_ = std::to_string(defaults_.stages);
    std::vector<std::string> cuts_;
    int lanes_ = defaults_.lanes, slots_ = defaults_.slots;
    bool input_stage_ = defaults_.input_stage;
    std::vector<CLI::Option*> declared_;
};

}  // namespace ffp8::cli
