// LD_PRELOAD library for the interrupt tests: a signal at an exact point of a run. It sends its
// process FFP8_SIGNAL (a number) right after the first mkdir or rename whose path (either path
// of a rename) contains TEXT, where FFP8_SIGNAL_AT is "mkdir:TEXT" or "rename:TEXT". The
// variables are removed at load, so the program's own children run without it.
#include <dlfcn.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace {

// Plain buffers, not std::string: the constructor below may run before this library's C++
// globals are constructed.
char function_name[16];
char text[256];
int signal_number = 0;
std::atomic<bool> fired{false};

__attribute__((constructor)) void read_settings() {
    const char* at = std::getenv("FFP8_SIGNAL_AT");
    const char* number = std::getenv("FFP8_SIGNAL");
    if (at && number) {
        const char* colon = std::strchr(at, ':');
        const std::size_t name_length = colon ? static_cast<std::size_t>(colon - at) : 0;
        if (colon && name_length < sizeof function_name && std::strlen(colon + 1) < sizeof text) {
            std::memcpy(function_name, at, name_length);
            function_name[name_length] = '\0';
            std::strcpy(text, colon + 1);
            signal_number = std::atoi(number);
        }
    }
    ::unsetenv("FFP8_SIGNAL_AT");
    ::unsetenv("FFP8_SIGNAL");
    ::unsetenv("LD_PRELOAD");
}

void signal_if(const char* function, const char* path) {
    if (signal_number == 0 || !path || std::strcmp(function_name, function) != 0 || !std::strstr(path, text)) return;
    if (!fired.exchange(true)) ::kill(::getpid(), signal_number);
}

template <class F>
F real(const char* name) {
    return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" int mkdir(const char* path, mode_t mode) {
    static const auto next = real<int (*)(const char*, mode_t)>("mkdir");
    const int rc = next(path, mode);
    signal_if("mkdir", path);
    return rc;
}

extern "C" int rename(const char* from, const char* to) {
    static const auto next = real<int (*)(const char*, const char*)>("rename");
    const int rc = next(from, to);
    signal_if("rename", from);
    signal_if("rename", to);
    return rc;
}
