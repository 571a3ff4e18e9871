#include "skarv/host/store/state_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "skarv/host/store/private_files.hpp"
#include "skarv/host/store/state_location.hpp"

namespace skarv::host {

std::filesystem::path StateLock::lock_file_for(const std::filesystem::path& state_db) {
    return state_db.string() + ".lock";
}

StateLock::StateLock(const std::filesystem::path& state_db) {
    if (state_db.empty() || state_db == ":memory:") return;
    if (is_postgresql_url(state_db.string())) return;   // leases, not a lock (lease_keeper.hpp)
    auto file = lock_file_for(state_db);
    create_private_directories(file.parent_path());
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0)
        throw std::runtime_error("cannot open the lock file " + file.string() + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        char buf[32] = {};
        auto n = ::pread(fd_, buf, sizeof buf - 1, 0);
        std::string holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
        while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
        ::close(fd_);
        fd_ = -1;
        if (err == EWOULDBLOCK)
            throw std::runtime_error("state database " + state_db.string() + " is in use by another skarv process" +
                                     (holder.empty() ? "" : " (pid " + holder + ")") +
                                     "; one service per state database (lock " + file.string() + ")");
        throw std::runtime_error("cannot lock " + file.string() + ": " + std::strerror(err));
    }
    auto pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) == 0) {
        [[maybe_unused]] auto written = ::pwrite(fd_, pid.data(), pid.size(), 0);
    }
}

StateLock::~StateLock() {
    // Closing the descriptor releases the lock; the file stays (removing it would race
    // with a process that has just opened it and is about to lock it).
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace skarv::host
