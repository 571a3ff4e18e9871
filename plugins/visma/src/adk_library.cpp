#include "adk_library.hpp"

#include <type_traits>

#include <boost/dll/shared_library_load_mode.hpp>
#include <boost/system/error_code.hpp>

#include <skarv/plugin.hpp>

namespace visma {

std::string stdcall_decorated_name(std::string_view name, std::size_t argument_bytes) {
    return "_" + std::string(name) + "@" + std::to_string(argument_bytes);
}

template <class Fn>
void AdkLibrary::resolve(Fn& slot, const char* name, bool required) {
    if (library_.has(name)) {
        slot = &library_.get<std::remove_pointer_t<Fn>>(name);
        return;
    }
#if defined(_WIN32) && !defined(_WIN64)
    const std::string decorated = stdcall_decorated_name(name, stdcall_argument_bytes(Fn{}));
    if (library_.has(decorated)) {
        slot = &library_.get<std::remove_pointer_t<Fn>>(decorated);
        return;
    }
#endif
    if (required)
        throw skarv::PluginError::invalid(
            "adk_library", "adk_library " + path_ + " is not a usable Visma ADK library: it has no function " + name +
                               " (Visma Administration 2018.6 or newer is needed)");
}

AdkLibrary::AdkLibrary(const std::string& path) : path_(path) {
    if (path.empty()) throw skarv::PluginError::invalid("adk_library", "adk_library is empty: set the path of Adk.dll");
    boost::system::error_code ec;
#if defined(_WIN32)
    // Adk.dll loads its own dependencies from Visma's folder, not from the host's.
    const auto mode = boost::dll::load_mode::load_with_altered_search_path;
#else
    // rtld_local: the ADK's own symbols must not leak into other plugins (hidden from
    // the global namespace, as a DLL's are).
    const auto mode = boost::dll::load_mode::rtld_local;
#endif
    library_.load(boost::dll::fs::path(path), ec, mode);
    if (ec)
        throw skarv::PluginError::invalid("adk_library", "cannot load the Visma ADK library " + path + ": " + ec.message());
    resolve(api_.AdkCreateData, "AdkCreateData");
    resolve(api_.AdkCreateDataRow, "AdkCreateDataRow");
    resolve(api_.AdkGetDataRow, "AdkGetDataRow");
    resolve(api_.AdkDeleteStruct, "AdkDeleteStruct");
    resolve(api_.AdkGetStr, "AdkGetStr");
    resolve(api_.AdkGetBool, "AdkGetBool");
    resolve(api_.AdkGetDouble, "AdkGetDouble");
    resolve(api_.AdkGetDate, "AdkGetDate");
    resolve(api_.AdkGetData, "AdkGetData");
    resolve(api_.AdkSetStr, "AdkSetStr");
    resolve(api_.AdkSetBool, "AdkSetBool");
    resolve(api_.AdkSetDouble, "AdkSetDouble");
    resolve(api_.AdkSetDate, "AdkSetDate");
    resolve(api_.AdkSetData, "AdkSetData");
    resolve(api_.AdkGetLength, "AdkGetLength");
    resolve(api_.AdkAdd, "AdkAdd");
    resolve(api_.AdkUpdate, "AdkUpdate");
    resolve(api_.AdkFind, "AdkFind");
    resolve(api_.AdkFirstEx, "AdkFirstEx");
    resolve(api_.AdkNextEx, "AdkNextEx");
    resolve(api_.AdkSetSortOrder, "AdkSetSortOrder");
    resolve(api_.AdkSetFilter, "AdkSetFilter");
    resolve(api_.AdkOpen, "AdkOpen");
    resolve(api_.AdkOpen2, "AdkOpen2");
    resolve(api_.AdkClose, "AdkClose");
    resolve(api_.AdkGetErrorText, "AdkGetErrorText");
    resolve(api_.AdkDateToLong, "AdkDateToLong");
    resolve(api_.AdkLongToDate, "AdkLongToDate");
    resolve(api_.AdkLongToDateTime, "AdkLongToDateTime");
    resolve(api_.AdkDateTimeToLong, "AdkDateTimeToLong");
    resolve(api_.AdkGetVersion, "AdkGetVersion", false);
    resolve(api_.AdkGetVatpercentOnArticle, "AdkGetVatpercentOnArticle", false);
}

std::string AdkLibrary::version() const {
    if (!api_.AdkGetVersion) return "";
    long major = 0, minor = 0;
    api_.AdkGetVersion(&major, &minor);
    return std::to_string(major) + "." + std::to_string(minor);
}

}  // namespace visma
