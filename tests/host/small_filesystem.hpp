#pragma once
// A size-limited tmpfs the test mounts itself, to fill the disk under a running store.
// Mounting needs root (CAP_SYS_ADMIN); where that is not allowed, `mounted` is false and
// `why` says so, and the test skips with that reason.

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace skarv::test {

struct SmallFilesystem {
    std::filesystem::path dir;
    bool mounted = false;
    std::string why;

    SmallFilesystem(std::filesystem::path at, const std::string& size) : dir(std::move(at)) {
        std::filesystem::create_directories(dir);
        if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, ("size=" + size + ",mode=0700").c_str()) == 0) {
            mounted = true;
        } else {
            why = "cannot mount a " + size + " tmpfs at " + dir.string() + ": " + std::strerror(errno) +
                  " (the test needs root, CAP_SYS_ADMIN, to make a small filesystem to fill)";
        }
    }
    // Frees room, as an operator would, without unmounting what is open on it.
    bool grow(const std::string& size) {
        return ::mount("tmpfs", dir.c_str(), "tmpfs", MS_REMOUNT, ("size=" + size + ",mode=0700").c_str()) == 0;
    }
    ~SmallFilesystem() {
        if (mounted) ::umount2(dir.c_str(), MNT_DETACH);
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

}  // namespace skarv::test
