// Where runs put their temporary files and work folders: $TMPDIR, else /tmp. A folder that cannot
// take them is an error naming the variable, not a library's "temp_directory_path" text.
#pragma once

#include <filesystem>
#include <string>

namespace ffp8 {

// $TMPDIR (when set and not empty), else /tmp; throws std::runtime_error "TMPDIR=VALUE: CAUSE"
// when it is not a folder this process can write in.
std::filesystem::path temporary_folder();

// "" when `dir` (or, when it does not exist yet, its nearest existing ancestor) is a folder this
// process can write in, else the cause ("No such file or directory", "Not a directory", ...).
std::string unusable_folder_cause(const std::filesystem::path& dir, bool may_be_created);

}  // namespace ffp8
