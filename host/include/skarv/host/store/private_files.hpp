#pragma once
// The state holds customers' names and orders: what Skarv creates for it (the database,
// its lock file, a missing folder on the way) is for the service's user only.

#include <filesystem>

namespace skarv::host {

// Creates each missing folder of `dir` with mode 0700; folders that exist keep theirs.
// Throws std::runtime_error naming the folder it could not create.
void create_private_directories(const std::filesystem::path& dir);

}  // namespace skarv::host
