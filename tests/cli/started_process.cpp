#include "started_process.hpp"

#include "run_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace ffp8::test {

namespace {

// /proc/PID/stat: "pid (comm) state ppid pgrp ... utime(14) stime(15) ..."; comm may hold spaces.
std::optional<ProcessEntry> read_stat(const std::filesystem::path& stat) {
    const std::string text = read_whole_file(stat);
    const auto open = text.find('('), close = text.rfind(')');
    if (open == std::string::npos || close == std::string::npos) return std::nullopt;
    ProcessEntry e{};
    e.pid = std::stoi(text.substr(0, open));
    e.comm = text.substr(open + 1, close - open - 1);
    std::istringstream rest(text.substr(close + 2));
    char state = 0;
    rest >> state >> e.ppid >> e.pgrp;
    if (!rest || state == 'Z' || state == 'X') return std::nullopt;
    std::string skip;
    for (int field = 6; field <= 13; ++field) rest >> skip;
    unsigned long long utime = 0, stime = 0;
    rest >> utime >> stime;
    e.cpu_ticks = utime + stime;
    return e;
}

}  // namespace

StartedProcess::StartedProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                               const std::filesystem::path& dir)
    : err_path_(dir / "stderr") {
    std::map<std::string, std::string> all;
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        const auto eq = entry.find('=');
        if (eq != std::string::npos) all[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    for (const auto& [k, v] : env) all[k] = v;
    std::vector<std::string> env_text;
    for (const auto& [k, v] : all) env_text.push_back(k + "=" + v);
    std::vector<char*> envp, args;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);

    const std::filesystem::path out_path = dir / "stdout";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    const int rc = posix_spawn(&pid_, args[0], &actions, &attributes, args.data(), envp.data());
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    groups_.insert(pid_);
}

StartedProcess::~StartedProcess() {
    if (!reaped_) note_groups();
    for (const pid_t g : groups_) ::kill(-g, SIGKILL);
    if (!reaped_) {
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
}

void StartedProcess::signal(int signal) const { ::kill(pid_, signal); }

Ending StartedProcess::wait(std::chrono::seconds limit) {
    Ending e;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    for (;;) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            e.err = err();
            return e;
        }
        note_groups();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    reaped_ = true;
    e.exited = WIFEXITED(status);
    e.exit_code = e.exited ? WEXITSTATUS(status) : -1;
    e.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    e.err = err();
    return e;
}

std::string StartedProcess::err() const { return read_whole_file(err_path_); }

const std::set<pid_t>& StartedProcess::note_groups() {
    for (const ProcessEntry& p : descendants(pid_)) groups_.insert(p.pgrp);
    return groups_;
}

std::vector<ProcessEntry> live_processes() {
    std::vector<ProcessEntry> all;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        try {
            if (auto p = read_stat(entry.path() / "stat")) all.push_back(*p);
        } catch (const std::exception&) {  // gone while read
        }
    }
    return all;
}

std::vector<ProcessEntry> descendants(pid_t pid) {
    const std::vector<ProcessEntry> all = live_processes();
    std::set<pid_t> family{pid};
    std::vector<ProcessEntry> found;
    for (bool grew = true; grew;) {
        grew = false;
        for (const ProcessEntry& p : all)
            if (family.count(p.ppid) && !family.count(p.pid)) {
                family.insert(p.pid);
                found.push_back(p);
                grew = true;
            }
    }
    return found;
}

std::vector<ProcessEntry> members_of(const std::set<pid_t>& groups) {
    std::vector<ProcessEntry> found;
    for (const ProcessEntry& p : live_processes())
        if (groups.count(p.pgrp)) found.push_back(p);
    return found;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace ffp8::test
