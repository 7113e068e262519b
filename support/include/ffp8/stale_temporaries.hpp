// Temporary paths carry the id of the process that made them (NAME.TAG-PID or NAME.TAG-PID-XXX),
// so that a later run can tell what a killed process left (SIGKILL runs no clean-up) from another
// run's work in progress, and remove it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ffp8 {

// ".TAG-PID" for this process: appended to a temporary path's name (then maybe "-XXXXXX").
// TAG is one of those remove_stale_temporaries knows: tmp, staging, old, stale.
std::string temporary_suffix(std::string_view tag);

// The name of an empty file that marks a folder as in use by this process (a work folder whose
// tools name it by its path, so that it cannot carry the process id in its name): a folder that
// holds one for an ended process is removed as a temporary; removing the file keeps the folder.
std::string in_use_marker();

// Removes the entries of `folder` whose name starts with `prefix` and ends in ".TAG-PID",
// ".TAG-PID-XXX" or ".TAG-PID.XXX", or that are folders holding an in_use_marker(), for a
// process that no longer exists. An "old" entry (a folder moved aside to
// be replaced) is renamed back to NAME instead when nothing has taken NAME since. Best effort:
// never throws (a folder that cannot be read is left as it is).
void remove_stale_temporaries(const std::filesystem::path& folder, std::string_view prefix = {});

}  // namespace ffp8
