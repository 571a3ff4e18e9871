#include "skarv/host/config/secret_references.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace skarv::host {
namespace {

// Exactly one key, "$env" or "$file", with a string: anything else is an ordinary object
// (a plugin may well have a setting of its own that happens to contain "$env").
bool is_reference(const boost::json::object& o) {
    if (o.size() != 1) return false;
    const auto& [key, value] = *o.begin();
    return (key == "$env" || key == "$file") && value.is_string();
}

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

void resolve(boost::json::value& v, const std::string& path, const std::filesystem::path& base, ResolvedSecrets& out) {
    if (v.is_array()) {
        auto& a = v.get_array();
        for (std::size_t i = 0; i < a.size(); ++i) resolve(a[i], path + "[" + std::to_string(i) + "]", base, out);
        return;
    }
    if (!v.is_object()) return;
    auto& o = v.get_object();
    if (!is_reference(o)) {
        for (auto& [key, child] : o) resolve(child, join(path, std::string(key)), base, out);
        return;
    }
    const auto& [kind, name_value] = *o.begin();
    std::string name(name_value.get_string());
    std::string value;
    if (kind == "$env") {
        const char* found = name.empty() ? nullptr : std::getenv(name.c_str());
        if (!found) {
            out.problems.push_back({path, "environment variable " + name + " is not set"});
            return;
        }
        value = found;
    } else {
        std::filesystem::path file(name);
        if (file.is_relative() && !base.empty()) file = base / file;
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            out.problems.push_back({path, "cannot read secret file " + file.string()});
            return;
        }
        std::stringstream text;
        text << in.rdbuf();
        value = text.str();
        // `echo secret > file` and systemd-creds both leave one newline at the end.
        if (!value.empty() && value.back() == '\n') value.pop_back();
        if (!value.empty() && value.back() == '\r') value.pop_back();
    }
    if (value.empty()) {
        out.problems.push_back({path, (kind == "$env" ? "environment variable " : "secret file ") + name + " is empty"});
        return;
    }
    out.values.push_back(value);
    v = boost::json::string(value);
}

}  // namespace

ResolvedSecrets resolve_secret_references(boost::json::value& doc, const std::filesystem::path& base) {
    ResolvedSecrets out;
    resolve(doc, "", base, out);
    return out;
}

}  // namespace skarv::host
