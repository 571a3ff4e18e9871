#include "skarv/host/loader/plugin_loader.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>

#include <openssl/evp.h>

#include "skarv/host/loader/plugin_process.hpp"
#include "skarv/runner/plugin_library.hpp"

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

// dlopen is not thread-safe everywhere; one loader at a time, which also guards the
// table of what was loaded from where.
std::mutex& load_mutex() {
    static std::mutex m;
    return m;
}

// A plugin built for another major exports another entry name; say which, so the
// operator knows to rebuild rather than to look for a corrupt file.
std::string other_major_entry(void* lib) {
    for (int major = 0; major <= 9; ++major) {
        if (major == SKARV_ABI_MAJOR) continue;
        std::string symbol = "skarv_plugin_entry_v" + std::to_string(major);
        if (runner::find_symbol(lib, symbol.c_str())) return std::to_string(major);
    }
    return "";
}

std::string sha256_of_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return "";
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) EVP_DigestUpdate(ctx, buffer, static_cast<size_t>(in.gcount()));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx, digest, &size);
    EVP_MD_CTX_free(ctx);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < size; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

// What each path was loaded as, and each content's library. The C library hands back the
// library it already has for a path, even after the file was replaced (an `mv` of a new
// build over it), so a path whose content changed is loaded from a copy named by that
// content; the same content, at any path, is the library already loaded.
struct LoadedFiles {
    std::map<std::string, std::string> content_of_path;   // absolute path -> sha256
    std::map<std::string, void*> library_of_content;      // sha256 -> library (never closed)
    std::filesystem::path copies;                         // made on the first changed file
};
LoadedFiles& loaded_files() {
    static auto* files = new LoadedFiles();   // never destroyed: the libraries stay too
    return *files;
}

// A private folder (0700, a fresh name) for the copies, so nobody can plant a library there.
std::filesystem::path copies_directory() {
    auto& files = loaded_files();
    if (files.copies.empty()) {
        auto pattern = (std::filesystem::temp_directory_path() / "skarv-plugin-copies-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot make a folder for plugin copies in " + pattern);
        files.copies = pattern;
    }
    return files.copies;
}

// Opens `file`, from a copy named by its content when this path was loaded before with
// other content. On failure returns null with the C library's own reason in `error`.
void* open_plugin_file(const std::filesystem::path& file, std::string& error) {
    auto& files = loaded_files();
    auto content = sha256_of_file(file);
    if (content.empty()) {
        error = "cannot read the file";
        return nullptr;
    }
    if (auto known = files.library_of_content.find(content); known != files.library_of_content.end()) return known->second;
    std::error_code ec;
    auto path = std::filesystem::absolute(file, ec).lexically_normal().string();
    auto seen = files.content_of_path.find(path);
    std::filesystem::path to_open = file;
    std::filesystem::path copy;
    if (seen != files.content_of_path.end() && seen->second != content) {
        copy = copies_directory() / (file.stem().string() + "-" + content.substr(0, 32) + file.extension().string());
        std::filesystem::copy_file(file, copy, std::filesystem::copy_options::overwrite_existing, ec);
        if (ec) {
            error = "cannot copy the changed file to " + copy.string() + ": " + ec.message();
            return nullptr;
        }
        to_open = copy;
    }
    auto opened = runner::open_library(to_open);
    // The mapping outlives the name: the copy's file is not needed once it is open.
    if (!copy.empty()) std::filesystem::remove(copy, ec);
    if (!opened.handle) {
        error = opened.error;
        return nullptr;
    }
    files.content_of_path[path] = content;
    files.library_of_content[content] = opened.handle;
    return opened.handle;
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
        std::string why;
        void* lib = open_plugin_file(file, why);
        if (!lib) {
            // The loader's own words: "undefined symbol: foo", "invalid ELF header".
            result.refusal = "not a loadable shared object: " + why;
            return result;
        }
        auto* entry = reinterpret_cast<skarv_plugin_entry_fn>(runner::find_symbol(lib, SKARV_PLUGIN_ENTRY_NAME));
        if (!entry) {
            auto major = other_major_entry(lib);
            result.refusal = major.empty()
                                 ? std::string("no entry symbol ") + SKARV_PLUGIN_ENTRY_NAME + " (not a Skarv plugin)"
                                 : "built for ABI major " + major + ", this host speaks ABI " + kHostAbi;
            return result;
        }
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
        result.module = std::make_shared<const PluginModule>(file, lib, copy, std::move(caps.get_object()));
    } catch (const std::exception& e) {
        result.refusal = std::string("could not load: ") + e.what();
    }
    return result;
}

PluginLoadResult PluginLoader::describe_in_runner(const std::filesystem::path& file,
                                                  const std::vector<std::string>& runner_command) {
    PluginLoadResult result{file, nullptr, ""};
    try {
        auto d = PluginProcess::describe(runner_command, file);
        // The function pointers live in the runner; stand-ins let the same checks run.
        static const auto stand_in_create = [](const skarv_host_services*, const char*, size_t, void**,
                                               const skarv_sink*) { return SKARV_ERR_UNSUPPORTED; };
        // The runner measured struct_size in its own layout (a 32-bit Windows runner's
        // pointers are 4 bytes: 40 bytes there is 72 here) and refused a descriptor too
        // small for ABI 1.0 in it, so at least 1.0's fields are there in ours.
        const auto size = static_cast<uint32_t>(std::max<std::size_t>(d.struct_size, SKARV_DESCRIPTOR_V1_0_SIZE));
        skarv_plugin_descriptor copy{};
        copy.struct_size = static_cast<uint32_t>(std::min<std::size_t>(size, sizeof copy));
        copy.abi_major = d.abi_major;
        copy.abi_minor = d.abi_minor;
        copy.name = d.name.c_str();
        copy.version = d.version.c_str();
        copy.kind = d.kind;
        copy.capabilities_json = d.capabilities_json.c_str();
        copy.create = stand_in_create;
        copy.destroy = [](void*) {};
        copy.check = [](void*, const skarv_sink*) { return SKARV_ERR_UNSUPPORTED; };
        copy.call = [](void*, const char*, size_t, const skarv_sink*) { return SKARV_ERR_UNSUPPORTED; };
        if (auto problem = descriptor_problem(copy, size); !problem.empty()) {
            result.refusal = problem;
            return result;
        }
        boost::system::error_code jec;
        auto caps = boost::json::parse(d.capabilities_json, jec);
        if (jec || !caps.is_object()) {
            result.refusal = "plugin '" + d.name + "' has a capabilities document that is not a JSON object";
            return result;
        }
        // The module keeps its own strings; the descriptor's pointers into `d` are not kept.
        auto names = std::make_shared<RemoteDescriptor>(std::move(d));
        copy.name = names->name.c_str();
        copy.version = names->version.c_str();
        copy.capabilities_json = names->capabilities_json.c_str();
        result.module = std::make_shared<const PluginModule>(file, nullptr, copy, std::move(caps.get_object()), names);
    } catch (const std::exception& e) {
        result.refusal = std::string("refused by the runner: ") + e.what();
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
