#include "skarv/runner/plugin_library.hpp"

#include <windows.h>

#include <string>

namespace skarv::runner {
namespace {

std::string windows_error_text(DWORD code) {
    char* text = nullptr;
    const DWORD n = FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                                   nullptr, code, 0, reinterpret_cast<char*>(&text), 0, nullptr);
    std::string out = n && text ? std::string(text, n) : std::string();
    if (text) LocalFree(text);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
    return "Windows error " + std::to_string(code) + (out.empty() ? "" : ": " + out);
}

}  // namespace

LibraryOpening open_library(const std::filesystem::path& file) {
    // The plugin's own folder first for the DLLs it needs (a connector beside Adk.dll),
    // as Windows does for an .exe. Windows resolves every import at load, and a DLL's
    // symbols are its own: the two promises dlopen needs flags for.
    HMODULE handle = LoadLibraryExW(file.c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH);
    if (handle) return {handle, ""};
    return {nullptr, windows_error_text(GetLastError())};
}

void* find_symbol(void* handle, const char* name) {
    return reinterpret_cast<void*>(GetProcAddress(static_cast<HMODULE>(handle), name));
}

}  // namespace skarv::runner
