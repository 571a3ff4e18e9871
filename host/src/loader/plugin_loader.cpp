#include "skarv/host/loader/plugin_loader.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>

#include <boost/dll/shared_library_load_mode.hpp>

namespace skarv::host {
namespace {

std::string abi_string(unsigned major, unsigned minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}
const std::string kHostAbi = abi_string(SKARV_ABI_MAJOR, SKARV_ABI_MINOR);

bool looks_like_plugin_file(const std::filesystem::path& p) {
    auto ext = p.extension().string();
    return ext == ".so" || ext == ".dll" || ext == ".dylib";
}

bool valid_plugin_name(const char* name) {
    if (!name || !*name || std::strlen(name) > 64) return false;
    for (const char* c = name; *c; ++c)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_')) return false;
    return true;
}

// dlopen is not thread-safe everywhere (Boost.DLL limitations); one loader at a time.
std::mutex& load_mutex() {
    static std::mutex m;
    return m;
}

// A plugin built for another major exports another entry name; say which, so the
// operator knows to rebuild rather than to look for a corrupt file.
std::string other_major_entry(const boost::dll::shared_library& lib) {
    for (int major = 0; major <= 9; ++major) {
        if (major == SKARV_ABI_MAJOR) continue;
        std::string symbol = "skarv_plugin_entry_v" + std::to_string(major);
        if (lib.has(symbol)) return std::to_string(major);
    }
    return "";
}

}  // namespace

std::string descriptor_problem(const skarv_plugin_descriptor& d, uint32_t plugin_struct_size) {
    if (plugin_struct_size < SKARV_DESCRIPTOR_V1_0_SIZE)
        return "descriptor too small (" + std::to_string(plugin_struct_size) + " bytes, ABI 1.0 needs " +
               std::to_string(SKARV_DESCRIPTOR_V1_0_SIZE) + ")";
    if (d.abi_major != SKARV_ABI_MAJOR)
        return "built for ABI " + abi_string(d.abi_major, d.abi_minor) + ", this host speaks ABI " + kHostAbi;
    if (!valid_plugin_name(d.name)) return "invalid plugin name (want 1-64 of [a-z0-9_-])";
    if (!d.version || !*d.version) return "plugin '" + std::string(d.name) + "' has no version";
    if (d.kind != SKARV_KIND_CONNECTOR && d.kind != SKARV_KIND_TRANSFORM)
        return "plugin '" + std::string(d.name) + "' has unknown kind " + std::to_string(d.kind);
    if (!d.create || !d.destroy || !d.check || !d.call)
        return "plugin '" + std::string(d.name) + "' leaves a required function (create, destroy, check, call) empty";
    if (!d.capabilities_json) return "plugin '" + std::string(d.name) + "' has no capabilities document";
    return "";
}

PluginLoadResult PluginLoader::load_file(const std::filesystem::path& file) {
    PluginLoadResult result{file, nullptr, ""};
    try {
        std::lock_guard lock(load_mutex());
        boost::system::error_code ec;
        boost::dll::shared_library lib(boost::dll::fs::path(file.string()),
                                       boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
        if (ec || !lib.is_loaded()) {
            result.refusal = "not a loadable shared object: " + ec.message();
            return result;
        }
        if (!lib.has(SKARV_PLUGIN_ENTRY_NAME)) {
            auto major = other_major_entry(lib);
            result.refusal = major.empty()
                                 ? std::string("no entry symbol ") + SKARV_PLUGIN_ENTRY_NAME + " (not a Skarv plugin)"
                                 : "built for ABI major " + major + ", this host speaks ABI " + kHostAbi;
            return result;
        }
        auto entry = lib.get<const skarv_plugin_descriptor*(uint16_t, uint16_t)>(SKARV_PLUGIN_ENTRY_NAME);
        const skarv_plugin_descriptor* raw = entry(SKARV_ABI_MAJOR, SKARV_ABI_MINOR);
        if (!raw) {
            result.refusal = "the plugin refused to load into a host of ABI " + kHostAbi;
            return result;
        }
        // Read the size first, then copy no more than both sides know: an older plugin's
        // shorter struct leaves newer fields zero, a newer plugin's extra fields stay unread.
        uint32_t plugin_size = raw->struct_size;
        skarv_plugin_descriptor copy{};
        std::memcpy(&copy, raw, std::min<std::size_t>(plugin_size, sizeof copy));
        copy.struct_size = static_cast<uint32_t>(std::min<std::size_t>(plugin_size, sizeof copy));
        if (auto problem = descriptor_problem(copy, plugin_size); !problem.empty()) {
            result.refusal = problem;
            return result;
        }
        boost::system::error_code jec;
        auto caps = boost::json::parse(copy.capabilities_json, jec);
        if (jec || !caps.is_object()) {
            result.refusal = "plugin '" + std::string(copy.name) + "' has a capabilities document that is not a JSON object";
            return result;
        }
        if (auto* schema = caps.get_object().if_contains("config_schema"); schema && !schema->is_object()) {
            result.refusal = "plugin '" + std::string(copy.name) + "' has a config_schema that is not an object";
            return result;
        }
        result.module = std::make_shared<const PluginModule>(file, std::move(lib), copy, std::move(caps.get_object()));
    } catch (const std::exception& e) {
        result.refusal = std::string("could not load: ") + e.what();
    }
    return result;
}

std::vector<PluginLoadResult> PluginLoader::load_directories(const std::vector<std::filesystem::path>& directories) {
    std::vector<PluginLoadResult> results;
    for (const auto& dir : directories) {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) {
            results.push_back({dir, nullptr, "not a directory"});
            continue;
        }
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
            if (entry.is_regular_file() && looks_like_plugin_file(entry.path())) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) results.push_back(load_file(f));
    }
    // Two files claiming one name: the first wins, the later one is refused, so a
    // connection never silently runs a different build than the listing shows.
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (!results[i].loaded()) continue;
        for (std::size_t j = 0; j < i; ++j) {
            if (results[j].loaded() && results[j].module->name() == results[i].module->name()) {
                results[i].refusal = "duplicate plugin name '" + results[i].module->name() + "' (already loaded from " +
                                     results[j].file.string() + ")";
                results[i].module.reset();
                break;
            }
        }
    }
    return results;
}

}  // namespace skarv::host
