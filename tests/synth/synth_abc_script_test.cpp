// `--abc default|delay`: the default mapping line stays exactly the one of the earlier figures;
// `delay` runs its own ABC script (checked in the kept Yosys log) and is cached apart.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ffp8/synth/abc_script.hpp"
#include "ffp8/synth/liberty_file.hpp"
#include "ffp8/synth/synthesize.hpp"
#include "ffp8/synth/tool_scripts.hpp"
#include "test_designs.hpp"

namespace ffp8::synth {
namespace {

std::string text_of(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(AbcScript, Names) {
    EXPECT_EQ(parse_abc_script("default"), AbcScript::default_script);
    EXPECT_EQ(parse_abc_script("delay"), AbcScript::delay);
    EXPECT_EQ(to_string(AbcScript::delay), "delay");
    EXPECT_EQ(to_string(AbcScript::default_script), "default");
    EXPECT_THROW(parse_abc_script("area"), std::invalid_argument);
}

TEST(AbcScript, DefaultMappingLineIsUnchanged) {
    const std::string s = map_script({"rtl/x.v"}, "x", {}, "/l/lib.lib", 10, AbcScript::default_script, "m.il");
    EXPECT_NE(s.find("\nabc -D 10000 -constr abc.constr -liberty \"/l/lib.lib\"\n"), std::string::npos) << s;
    EXPECT_EQ(s.find("-script"), std::string::npos);
}

TEST(AbcScript, DelayMappingUsesItsScript) {
    const std::string s = map_script({"rtl/x.v"}, "x", {}, "/l/lib.lib", 2.5, AbcScript::delay, "m.il");
    EXPECT_NE(s.find("\nabc -D 2500 -constr abc.constr -liberty \"/l/lib.lib\" -script abc_delay.abc\n"), std::string::npos)
        << s;
    const std::string cmds = delay_abc_commands(2500);
    // Structure preserving: none of ABC's rewriting / choice commands.
    for (const char* rewriting : {"dc2", "dch", "fraig", "scorr", "resyn", "rewrite", "balance"})
        EXPECT_EQ(cmds.find(rewriting), std::string::npos) << rewriting;
    for (const char* step : {"strash;", "map -D 2500;", "buffer;", "upsize -D 2500;", "dnsize -D 2500;"})
        EXPECT_NE(cmds.find(step), std::string::npos) << step;
}

TEST(AbcScript, DelayFlowOnRegisteredAdder) {
    const Library lib(default_liberty_path());
    const RtlDesign d = test::reg_adder();
    MappedModuleCache cache;
    FlowOptions opt;
    opt.clock_ns = 2;
    opt.cache = &cache;
    opt.keep_work = true;
    const DesignMetrics by_default = synthesize(d, lib, opt);
    opt.abc = AbcScript::delay;
    const DesignMetrics by_delay = synthesize(d, lib, opt);
    // Two scripts, three units each (the top as built, the block, the top around it): no
    // cross-script cache hit.
    EXPECT_EQ(cache.size(), 6u);
    for (const char* view : {"built", "blocks"}) {
        const std::filesystem::path dir = by_delay.work_dir / view;
        const std::string log = text_of(dir / "map_reg_adder.ys.log");
        EXPECT_NE(log.find("source " + (dir / "abc_delay.abc").string()), std::string::npos) << view;
        EXPECT_EQ(text_of(dir / "abc_delay.abc"), delay_abc_commands(2000) + "\n");
        EXPECT_EQ(text_of(by_default.work_dir / view / "map_reg_adder.ys.log").find("abc_delay.abc"), std::string::npos);
    }
    EXPECT_GT(by_delay.area_um2(), 0);
    EXPECT_GT(by_delay.delay_ns(), 0);
    std::filesystem::remove_all(by_default.work_dir);
    std::filesystem::remove_all(by_delay.work_dir);
}

}  // namespace
}  // namespace ffp8::synth
