#pragma once
// Opening a plugin's shared object, the one platform-specific step of loading it
// (plugin_library_posix.cpp: dlopen; a Windows twin: LoadLibrary). Shared by the host's
// loader and skarv-plugin-runner.
//
// A library is never closed: a plugin's code, its static objects and its thread_local
// storage stay valid for the life of the process (DuckDB and SQLite do the same), so no
// thread still inside the plugin and no TLS destructor can ever run unmapped code.

#include <filesystem>
#include <string>

namespace skarv::runner {

// The loader's own reason when opening fails ("undefined symbol: foo", "wrong ELF class").
struct LibraryOpening {
    void* handle = nullptr;
    std::string error;
};

// Resolves every symbol now (a missing one fails here, not mid-transfer) and keeps the
// plugin's symbols to itself, so two plugins cannot shadow each other.
LibraryOpening open_library(const std::filesystem::path& file);
// nullptr when the library does not export `name`.
void* find_symbol(void* handle, const char* name);

}  // namespace skarv::runner
