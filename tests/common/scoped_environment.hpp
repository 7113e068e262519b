// An environment variable set for the lifetime of a guard, then restored (or unset again): a test
// that points XDG_CACHE_HOME at its own folder, or PATH away from the tools.
#pragma once

#include <stdlib.h>

#include <optional>
#include <string>

namespace ffp8::test {

class ScopedEnvironment {
public:
    ScopedEnvironment(std::string name, const std::string& value) : name_(std::move(name)) {
        if (const char* saved = ::getenv(name_.c_str())) saved_ = saved;
        ::setenv(name_.c_str(), value.c_str(), 1);
    }
    ~ScopedEnvironment() {
        if (saved_) ::setenv(name_.c_str(), saved_->c_str(), 1);
        else ::unsetenv(name_.c_str());
    }
    ScopedEnvironment(const ScopedEnvironment&) = delete;
    ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

private:
    std::string name_;
    std::optional<std::string> saved_;
};

}  // namespace ffp8::test
