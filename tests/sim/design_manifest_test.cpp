// An RTL folder's manifest may list only plain names of files inside the folder: anything else
// would let `ffp8 sim --rtl DIR` read a file outside DIR and write it outside the simulation cache.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ffp8/hw/generator.hpp"
#include "ffp8/quoted_text.hpp"
#include "ffp8/sim/design.hpp"
#include "ffp8/sim/on_demand.hpp"

namespace ffp8::sim {
namespace {

namespace fs = std::filesystem;

// A temporary root holding a generated design folder `root/design`, removed pass or fail.
class DesignManifest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "ffp8_design_manifest_test_XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
        hw::write_design(hw::generate(hw::UnitConfig{}), (root_ / "design").string(), false);
        std::ifstream in(dir() / "manifest.json");
        manifest_ = nlohmann::json::parse(in);
    }
    void TearDown() override { fs::remove_all(root_); }

    fs::path dir() const { return root_ / "design"; }
    void list(const std::vector<std::string>& files) {
        nlohmann::json m = manifest_;
        m["files"] = files;
        std::ofstream(dir() / "manifest.json") << m.dump();
    }
    // read_design's error, or "" when it accepts the folder.
    std::string error() const {
        try {
            read_design(dir());
            return "";
        } catch (const std::runtime_error& e) {
            return e.what();
        }
    }
    std::vector<std::string> generated_files() const { return manifest_.at("files").get<std::vector<std::string>>(); }

    fs::path root_;
    nlohmann::json manifest_;
};

TEST_F(DesignManifest, GeneratedFolderIsAccepted) { EXPECT_EQ(error(), ""); }

TEST_F(DesignManifest, NamesThatLeaveTheFolderAreRefusedNamingTheEntry) {
    std::ofstream(root_ / "outside.v") << "module outside; endmodule\n";
    for (const std::string& bad : std::vector<std::string>{"../outside.v", (root_ / "outside.v").string(), "sub/x.v",
                                                            ".", "..", ""}) {
        list({bad});
        const std::string e = error();
        EXPECT_NE(e.find("manifest.json: lists " + quoted_text(bad) + " as a Verilog file"), std::string::npos) << e;
        EXPECT_NE(e.find("plain file name"), std::string::npos) << e;
    }
}

TEST_F(DesignManifest, ControlBytesAreEscapedAndLongNamesCut) {
    list({std::string("a\x01\nb.v")});
    EXPECT_NE(error().find("lists 'a\\x01\\nb.v'"), std::string::npos) << error();
    list({std::string(100000, 'x') + "/y.v"});
    const std::string e = error();
    EXPECT_LT(e.size(), 400u) << e.substr(0, 400);
    EXPECT_NE(e.find("(100004 bytes)"), std::string::npos) << e.substr(0, 400);
}

TEST_F(DesignManifest, EmptyAndRepeatedListsAreRefused) {
    list({});
    EXPECT_NE(error().find("lists no Verilog files"), std::string::npos) << error();
    std::vector<std::string> twice = generated_files();
    twice.push_back(twice.front());
    list(twice);
    EXPECT_NE(error().find("lists " + quoted_text(twice.front()) + " twice"), std::string::npos) << error();
}

TEST_F(DesignManifest, SymlinkOutOfTheFolderIsRefusedOneInsideAccepted) {
    const std::string top = generated_files().front();
    fs::rename(dir() / top, root_ / "outside.v");
    fs::create_symlink(root_ / "outside.v", dir() / top);
    EXPECT_NE(error().find("lists " + quoted_text(top) + ", a symbolic link leading out of the design folder"),
              std::string::npos)
        << error();
    fs::remove(dir() / top);
    fs::rename(root_ / "outside.v", dir() / "real.v");
    fs::create_symlink("real.v", dir() / top);
    EXPECT_EQ(error(), "");
}

TEST_F(DesignManifest, MissingAndNonRegularFilesAreNamed) {
    const std::string top = generated_files().front();
    fs::remove(dir() / top);
    EXPECT_NE(error().find("lists " + quoted_text(top) + ", which is missing"), std::string::npos) << error();
    fs::create_directory(dir() / top);
    EXPECT_NE(error().find("lists " + quoted_text(top) + ", which is not a regular file"), std::string::npos) << error();
}

// The cache refuses such a name itself, before creating anything, whatever the caller passes
// ("../" five times from its work folder's rtl/ is this test's root).
TEST_F(DesignManifest, CacheWritesNothingForANameLeavingIt) {
    const fs::path cache = root_ / "cache";
    ASSERT_EQ(setenv("XDG_CACHE_HOME", cache.c_str(), 1), 0);
    VerilogDesign design{"ffp8_mac", {{"../../../../../escaped.v", "module ffp8_mac; endmodule\n"}}, {}};
    EXPECT_THROW(on_demand_simulator(design, Harness::cpp), std::runtime_error);
    unsetenv("XDG_CACHE_HOME");
    EXPECT_FALSE(fs::exists(cache));
    EXPECT_FALSE(fs::exists(root_ / "escaped.v"));
}

}  // namespace
}  // namespace ffp8::sim
