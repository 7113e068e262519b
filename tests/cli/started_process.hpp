// A program started in the background, as a shell starts a job: in its own process group, its
// output in files, so that a test can signal it mid-run and look at what it leaves behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ffp8::test {

// How a started program ended.
struct Ending {
    bool exited = false;  // else killed by `signal`, or still running after the wait (both false)
    int exit_code = -1;
    int signal = 0;
    std::string err;
};

class StartedProcess {
public:
    // argv[0] is the program path; `env` is added to (or replaces in) this process's environment.
    // stdout and stderr go to files in `dir`.
    StartedProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                   const std::filesystem::path& dir);
    // Kills whatever is left of it (its group and the groups its children made) and reaps it.
    ~StartedProcess();
    StartedProcess(const StartedProcess&) = delete;
    StartedProcess& operator=(const StartedProcess&) = delete;

    pid_t pid() const { return pid_; }
    void signal(int signal) const;
    // Waits for the end, at most `limit`.
    Ending wait(std::chrono::seconds limit);
    std::string err() const;
    // The process groups of it and of its descendants seen so far (call while it runs).
    const std::set<pid_t>& note_groups();

private:
    pid_t pid_ = -1;
    bool reaped_ = false;
    std::filesystem::path err_path_;
    std::set<pid_t> groups_;
};

// One line of /proc: a live (not zombie) process.
struct ProcessEntry {
    pid_t pid, ppid, pgrp;
    std::string comm;
    unsigned long long cpu_ticks;  // user + system time
};
std::vector<ProcessEntry> live_processes();
// The live descendants of `pid`.
std::vector<ProcessEntry> descendants(pid_t pid);
// Live processes in any of `groups`.
std::vector<ProcessEntry> members_of(const std::set<pid_t>& groups);

// Polls `condition` every 20 ms until it holds (true) or `limit` has passed (false).
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit);

}  // namespace ffp8::test
