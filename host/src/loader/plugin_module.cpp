#include "skarv/host/loader/plugin_module.hpp"

namespace skarv::host {

PluginModule::PluginModule(std::filesystem::path file, void* library, const skarv_plugin_descriptor& descriptor,
                           boost::json::object capabilities, std::shared_ptr<const void> strings)
    : file_(std::move(file)),
      library_(library),
      descriptor_(descriptor),
      name_(descriptor.name),
      version_(descriptor.version),
      capabilities_(std::move(capabilities)),
      strings_(std::move(strings)) {}

std::string PluginModule::kind_name() const {
    switch (descriptor_.kind) {
        case SKARV_KIND_CONNECTOR: return "connector";
        case SKARV_KIND_TRANSFORM: return "transform";
        default: return "unknown";
    }
}

std::string PluginModule::abi_version() const {
    return std::to_string(descriptor_.abi_major) + "." + std::to_string(descriptor_.abi_minor);
}

const boost::json::value& PluginModule::config_schema() const {
    static const boost::json::value accept_anything = boost::json::object{};
    auto* schema = capabilities_.if_contains("config_schema");
    return schema ? *schema : accept_anything;
}

}  // namespace skarv::host
