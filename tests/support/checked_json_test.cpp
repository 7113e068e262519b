// CheckedJson: each failure one line naming the file and the key, and what was expected; no
// library text; no number converted into a field it does not fit.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "ffp8/checked_json.hpp"

namespace ffp8 {
namespace {

std::string error_of(const std::function<void()>& read) {
    try {
        read();
    } catch (const JsonError& e) {
        return e.what();
    }
    return "(no error)";
}

const char* const text = R"({"stages": 3, "big": 1e20, "half": 1.5, "neg": -3, "quoted": "7", "flag": true,
  "layers": [{"name": "fc1", "stride": 2}, {"name": 5}], "nothing": null, "clock": 2.5})";

TEST(CheckedJson, ValuesInRangeAreRead) {
    const CheckedJson j = CheckedJson::parse(text, "m.json");
    EXPECT_EQ(j.at("stages").whole(0, 8), 3);
    EXPECT_EQ(j.at("neg").whole(-5, 5), -3);
    EXPECT_TRUE(j.at("flag").boolean());
    EXPECT_EQ(j.at("layers").items()[0].at("name").text(), "fc1");
    EXPECT_EQ(j.at("clock").number(0, 10), 2.5);
    EXPECT_FALSE(j.find("nothing"));
    EXPECT_FALSE(j.find("absent"));
    EXPECT_EQ(j.at("layers").items()[1].key(), "layers[1]");
}

TEST(CheckedJson, EachFailureNamesTheFileAndTheKey) {
    const CheckedJson j = CheckedJson::parse(text, "m.json");
    EXPECT_EQ(error_of([&] { j.at("stages").whole(0, 2); }), "m.json: stages: must be a whole number from 0 to 2, not '3'");
    EXPECT_EQ(error_of([&] { j.at("big").whole(0, 8); }), "m.json: big: must be a whole number from 0 to 8, not '1e+20'");
    EXPECT_EQ(error_of([&] { j.at("half").whole(0, 8); }), "m.json: half: must be a whole number from 0 to 8, not '1.5'");
    EXPECT_EQ(error_of([&] { j.at("neg").whole(0, 8); }), "m.json: neg: must be a whole number from 0 to 8, not '-3'");
    EXPECT_EQ(error_of([&] { j.at("quoted").whole(0, 8); }), "m.json: quoted: must be a whole number from 0 to 8, not '\"7\"'");
    EXPECT_EQ(error_of([&] { j.at("layers").items()[1].at("name").text(); }),
              "m.json: layers[1].name: must be a string, not a whole number");
    EXPECT_EQ(error_of([&] { j.at("layers").items()[0].at("kernel"); }), "m.json: layers[0].kernel: is missing");
    EXPECT_EQ(error_of([&] { j.at("stages").items(); }), "m.json: stages: must be an array, not a whole number");
    EXPECT_EQ(error_of([&] { j.at("flag").at("x"); }), "m.json: flag: must be an object, not true or false");
    EXPECT_EQ(error_of([&] { j.at("clock").number(3, 4); }), "m.json: clock: must be a number from 3 to 4, not '2.5'");
    EXPECT_EQ(error_of([&] { j.at("nothing").text(); }), "m.json: nothing: is missing");
}

TEST(CheckedJson, SyntaxErrorsGiveLineAndColumn) {
    EXPECT_EQ(error_of([] { CheckedJson::parse("{\n  \"a\": 1,\n  b\n}", "m.json"); }),
              "m.json: not valid JSON (line 3, column 3)");
    EXPECT_EQ(error_of([] { CheckedJson::parse("", "m.json"); }), "m.json: not valid JSON (line 1, column 1)");
    EXPECT_EQ(error_of([] { CheckedJson::parse("{\"a\": 1", ""); }), "not valid JSON (line 1, column 8)");
}

TEST(CheckedJson, AViewWithoutAFileNamesTheKeyOnly) {
    const nlohmann::json value = {{"lanes", 40}};
    EXPECT_EQ(error_of([&] { CheckedJson(value).at("lanes").whole(1, 16); }),
              "lanes: must be a whole number from 1 to 16, not '40'");
}

}  // namespace
}  // namespace ffp8
