// JSON that a user may have written or edited (manifests, model definitions): each field's
// presence, type and range checked, each failure one line naming the file and the key
// ("m/model.json: layers[2].stride: must be a whole number from 1 to 64, not 1.5"), never a
// library's text and never a number converted into a field it does not fit.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ffp8 {

struct JsonError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class CheckedJson {
public:
    // Parses `text` read from `file` (named in messages; "" names none). A syntax error is
    // "FILE: not valid JSON (line L, column C)".
    static CheckedJson parse(std::string_view text, std::string file);
    // A view of `value` (owned by the caller, alive while this is used), named as `file`.
    explicit CheckedJson(const nlohmann::json& value, std::string file = {});

    // The member `key` of an object; fails when this is not an object or `key` is absent.
    CheckedJson at(std::string_view key) const;
    // The member `key`, or nullopt when it is absent or null.
    std::optional<CheckedJson> find(std::string_view key) const;
    // The elements of an array.
    std::vector<CheckedJson> items() const;

    std::string text() const;
    bool boolean() const;
    // A number written whole (no fraction, no exponent: 1e3 is refused) from `min` to `max`.
    std::int64_t whole(std::int64_t min, std::int64_t max) const;
    int whole_int(int min, int max) const { return static_cast<int>(whole(min, max)); }
    // A finite number from `min` to `max`.
    double number(double min, double max) const;
    std::vector<std::string> texts() const;

    bool is_null() const { return node_->is_null(); }
    const nlohmann::json& value() const { return *node_; }
    // Where this value is: "layers[2].stride" ("" at the top).
    const std::string& key() const { return path_; }
    // Throws JsonError "FILE: KEY: what" (the parts that are empty left out).
    [[noreturn]] void fail(std::string_view what) const;

private:
    CheckedJson(std::shared_ptr<const nlohmann::json> root, const nlohmann::json* node, std::string file,
                std::string path);
    std::string shown() const;  // the value as the message echoes it, cut short

    std::shared_ptr<const nlohmann::json> root_;  // set when parse() owns the document
    const nlohmann::json* node_;
    std::string file_, path_;
};

}  // namespace ffp8
