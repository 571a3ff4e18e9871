#include "skarv/runner/plugin_library.hpp"

#include <dlfcn.h>

#include <mutex>

namespace skarv::runner {
namespace {

// dlerror() is one string per thread but some C libraries keep it per process; holding a
// lock around open-and-read keeps each caller's reason its own.
std::mutex& dl_mutex() {
    static std::mutex m;
    return m;
}

}  // namespace

LibraryOpening open_library(const std::filesystem::path& file) {
    std::lock_guard lock(dl_mutex());
    dlerror();
    // RTLD_NODELETE: even a dlclose someone else's code might issue cannot unmap a plugin.
    void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (handle) return {handle, ""};
    const char* why = dlerror();
    return {nullptr, why ? why : "dlopen failed without a reason"};
}

void* find_symbol(void* handle, const char* name) {
    std::lock_guard lock(dl_mutex());
    dlerror();
    return dlsym(handle, name);
}

}  // namespace skarv::runner
