#pragma once
// The ADK library (Adk.dll, or the emulator's .so) loaded at run time from a configured
// path, with every function this connector needs resolved by name up front, so a wrong
// or too old library is refused at create with its path and the missing name, never
// half-way through writing an order.

#include <memory>
#include <string>
#include <string_view>

#include <boost/dll/shared_library.hpp>

#include "adk_api.hpp"

namespace visma {

// The name a function is exported under. 64-bit Windows and Linux export the plain name;
// a 32-bit Adk.dll exports __stdcall names decorated as _Name@<bytes of arguments>
// (research B.1: `_AdkOpen@8`), so both spellings are tried there.
std::string stdcall_decorated_name(std::string_view name, std::size_t argument_bytes);

template <class R, class... Args>
constexpr std::size_t stdcall_argument_bytes(R(VISMA_ADK_CALL*)(Args...)) {
    // Each argument takes at least one 4-byte stack slot on 32-bit x86.
    return (0 + ... + ((sizeof(Args) + 3) / 4 * 4));
}

class AdkLibrary {
public:
    // Loads `path` and resolves the function table; throws skarv::PluginError (invalid)
    // naming the path and, for a library that is not the ADK, the first missing function.
    explicit AdkLibrary(const std::string& path);

    const adk::Api& api() const { return api_; }
    const std::string& path() const { return path_; }
    // "2019.2", or "" when the library has no AdkGetVersion (older than 5.1).
    std::string version() const;

private:
    template <class Fn>
    void resolve(Fn& slot, const char* name, bool required = true);

    std::string path_;
    boost::dll::shared_library library_;
    adk::Api api_;
};

}  // namespace visma
