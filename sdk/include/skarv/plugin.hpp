#pragma once
// The C++ way to write a Skarv plugin: derive from skarv::Plugin, implement call(), and
// name the class in SKARV_PLUGIN(...). The macro builds the C descriptor and the entry
// symbol; the trampolines here turn every C++ exception into a status and an error
// document, because nothing may unwind across the C ABI (see abi.h).
//
//   class Echo : public skarv::Plugin {
//   public:
//       Echo(const boost::json::object& config, skarv::HostServices host) : Plugin(host) {}
//       boost::json::value call(const std::string& op, const boost::json::object& req) override {
//           if (op == "echo") return req;
//           throw skarv::PluginError::unsupported(op);
//       }
//   };
//   SKARV_PLUGIN(Echo, "echo", "1.0.0", SKARV_KIND_TRANSFORM, R"({"entities":{}})")

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "skarv/abi.h"
#include "skarv/json_reader.hpp"

namespace skarv {

// One failed item of a batch: which record (index and its id) and why.
struct ItemError {
    std::size_t index = 0;
    std::string id;
    std::string code;
    std::string message;
};

// Throw this from a plugin to report a classified error; anything else becomes
// SKARV_ERR_INTERNAL.
class PluginError : public std::runtime_error {
public:
    PluginError(skarv_status status, std::string code, const std::string& message,
                std::vector<ItemError> items = {})
        : std::runtime_error(message), status_(status), code_(std::move(code)), items_(std::move(items)) {}

    static PluginError retryable(std::string code, const std::string& message) {
        return {SKARV_ERR_RETRYABLE, std::move(code), message};
    }
    static PluginError invalid(std::string code, const std::string& message) {
        return {SKARV_ERR_INVALID, std::move(code), message};
    }
    static PluginError auth(const std::string& message) { return {SKARV_ERR_AUTH, "auth", message}; }
    static PluginError unsupported(const std::string& op) {
        return {SKARV_ERR_UNSUPPORTED, "unsupported", "operation '" + op + "' is not supported"};
    }
    static PluginError items(std::vector<ItemError> failed) {
        return {SKARV_ERR_ITEMS, "items_failed", std::to_string(failed.size()) + " item(s) failed", std::move(failed)};
    }
    // A rate limit or an outage that says when to come back (HTTP Retry-After).
    static PluginError retry_after(std::string code, const std::string& message, int64_t retry_after_ms) {
        PluginError e(SKARV_ERR_RETRYABLE, std::move(code), message);
        e.retry_after_ms_ = retry_after_ms;
        return e;
    }

    skarv_status status() const { return status_; }
    const std::string& code() const { return code_; }
    const std::vector<ItemError>& item_errors() const { return items_; }
    std::optional<int64_t> retry_after_ms() const { return retry_after_ms_; }

private:
    std::optional<int64_t> retry_after_ms_;
    skarv_status status_;
    std::string code_;
    std::vector<ItemError> items_;
};

inline std::string error_document(std::string_view code, std::string_view message, bool retryable,
                                  const std::vector<ItemError>& items = {},
                                  std::optional<int64_t> retry_after_ms = std::nullopt) {
    boost::json::array list;
    for (const auto& i : items)
        list.push_back({{"index", i.index}, {"id", i.id}, {"code", i.code}, {"message", i.message}});
    boost::json::object doc{{"code", code}, {"message", message}, {"retryable", retryable}, {"items", std::move(list)}};
    if (retry_after_ms) doc["retry_after_ms"] = *retry_after_ms;
    return boost::json::serialize(doc);
}

inline void write_to(const skarv_sink* sink, std::string_view bytes) {
    if (sink && sink->write) sink->write(sink->ctx, bytes.data(), bytes.size());
}

// The host's services as C++: safe to call whatever the host's ABI minor is.
class HostServices {
public:
    explicit HostServices(const skarv_host_services* services) : s_(services) {}

    void log(skarv_log_level level, std::string_view message) const {
        if (has(offsetof(skarv_host_services, log)) && s_->log) s_->log(s_->host, level, message.data(), message.size());
    }
    void info(std::string_view m) const { log(SKARV_LOG_INFO, m); }
    void warn(std::string_view m) const { log(SKARV_LOG_WARN, m); }
    void error(std::string_view m) const { log(SKARV_LOG_ERROR, m); }

    int64_t now_ms() const {
        return has(offsetof(skarv_host_services, now_ms)) && s_->now_ms ? s_->now_ms(s_->host) : 0;
    }
    bool cancelled() const {
        return has(offsetof(skarv_host_services, is_cancelled)) && s_->is_cancelled && s_->is_cancelled(s_->host) != 0;
    }
    std::optional<std::string> state_get(std::string_view key) const {
        if (!has(offsetof(skarv_host_services, state_get)) || !s_->state_get) return std::nullopt;
        std::string value;
        skarv_sink sink{&value, [](void* ctx, const char* d, size_t n) { static_cast<std::string*>(ctx)->append(d, n); }};
        int found = s_->state_get(s_->host, key.data(), key.size(), &sink);
        if (found < 0) throw PluginError::retryable("state_error", "the host could not read state '" + std::string(key) + "'");
        if (found == 0) return std::nullopt;
        return value;
    }
    void state_set(std::string_view key, std::optional<std::string_view> value) const {
        if (!has(offsetof(skarv_host_services, state_set)) || !s_->state_set) return;
        int rc = s_->state_set(s_->host, key.data(), key.size(), value ? value->data() : nullptr, value ? value->size() : 0);
        if (rc < 0) throw PluginError::retryable("state_error", "the host could not store state '" + std::string(key) + "'");
    }

    // Several writes in one durable commit (ABI 1.1). A 1.0 host gets them one by one:
    // each durable, but not all-or-none.
    using StateWrite = std::pair<std::string, std::optional<std::string>>;
    void state_write_many(const std::vector<StateWrite>& writes) const {
        if (writes.empty()) return;
        if (!has(offsetof(skarv_host_services, state_write_many)) || !s_->state_write_many) {
            for (const auto& [key, value] : writes)
                state_set(key, value ? std::optional<std::string_view>(*value) : std::nullopt);
            return;
        }
        std::vector<skarv_state_write> c;
        c.reserve(writes.size());
        for (const auto& [key, value] : writes)
            c.push_back({key.data(), key.size(), value ? value->data() : nullptr, value ? value->size() : 0});
        if (s_->state_write_many(s_->host, c.data(), c.size()) < 0)
            throw PluginError::retryable("state_error", "the host could not store " + std::to_string(writes.size()) +
                                                            " state entries (first '" + writes.front().first + "')");
    }
    // Keys starting with `prefix` after `after`, in key order, at most `limit` (ABI 1.1).
    // A 1.0 host cannot list keys: that is an error naming the ABI, not an empty answer.
    std::vector<std::pair<std::string, std::string>> state_scan(std::string_view prefix, std::string_view after,
                                                                std::size_t limit) const {
        if (!has(offsetof(skarv_host_services, state_scan)) || !s_->state_scan)
            throw PluginError::invalid("host_too_old", "this plugin needs a Skarv host of ABI 1.1 or later (state_scan)");
        std::string text;
        skarv_sink sink{&text, [](void* ctx, const char* d, size_t n) { static_cast<std::string*>(ctx)->append(d, n); }};
        int n = s_->state_scan(s_->host, prefix.data(), prefix.size(), after.data(), after.size(), limit, &sink);
        if (n < 0) throw PluginError::retryable("state_error", "the host could not list state under '" + std::string(prefix) + "'");
        std::vector<std::pair<std::string, std::string>> out;
        if (n == 0) return out;
        boost::system::error_code ec;
        auto doc = boost::json::parse(text, ec);
        if (ec || !doc.is_array()) throw PluginError::retryable("state_error", "the host's state listing is not a JSON array");
        for (const auto& e : doc.get_array()) {
            const auto* pair = e.if_array();
            if (!pair || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string())
                throw PluginError::retryable("state_error", "the host's state listing has an entry that is not [key, value]");
            out.emplace_back(std::string((*pair)[0].get_string()), std::string((*pair)[1].get_string()));
        }
        return out;
    }

private:
    // A slot exists only if the host's struct reaches past it.
    bool has(std::size_t offset) const { return s_ && s_->struct_size >= offset + sizeof(void*); }
    const skarv_host_services* s_;
};

class Plugin {
public:
    explicit Plugin(HostServices host) : host_(host) {}
    virtual ~Plugin() = default;
    Plugin(const Plugin&) = delete;
    Plugin& operator=(const Plugin&) = delete;

    // Test the connection; the returned JSON is shown to the operator.
    virtual boost::json::value check() { return boost::json::object{{"ok", true}}; }
    // One batched operation; `op` is request["op"]. Return the response document.
    virtual boost::json::value call(const std::string& op, const boost::json::object& request) = 0;

protected:
    const HostServices& host() const { return host_; }

private:
    HostServices host_;
};

namespace detail {

// Runs `body`, turning every exception into a status and an error document on `sink`.
template <class Body>
skarv_status guarded(const skarv_sink* sink, Body&& body) noexcept {
    try {
        body();
        return SKARV_OK;
    } catch (const PluginError& e) {
        write_to(sink, error_document(e.code(), e.what(), e.status() == SKARV_ERR_RETRYABLE, e.item_errors(),
                                      e.retry_after_ms()));
        return e.status();
    } catch (const RecordError& e) {
        write_to(sink, error_document("invalid_record", e.what(), false));
        return SKARV_ERR_INVALID;
    } catch (const std::exception& e) {
        write_to(sink, error_document("internal", std::string("plugin threw: ") + e.what(), false));
        return SKARV_ERR_INTERNAL;
    } catch (...) {
        write_to(sink, error_document("internal", "plugin threw a non-standard exception", false));
        return SKARV_ERR_INTERNAL;
    }
}

template <class T>
struct Trampolines {
    static skarv_status create(const skarv_host_services* host, const char* config, size_t size, void** instance,
                               const skarv_sink* error) {
        return guarded(error, [&] {
            auto value = parse_json(std::string_view(config ? config : "{}", config ? size : 2), "config");
            if (!value.is_object()) throw RecordError("config", "expected an object");
            *instance = new T(value.get_object(), HostServices(host));
        });
    }
    static void destroy(void* instance) {
        try {
            delete static_cast<T*>(instance);
        } catch (...) {
            // A destructor that throws has nowhere to report to; the instance is gone.
        }
    }
    static skarv_status check(void* instance, const skarv_sink* reply) {
        return guarded(reply, [&] { write_to(reply, boost::json::serialize(static_cast<T*>(instance)->check())); });
    }
    static skarv_status call(void* instance, const char* request, size_t size, const skarv_sink* reply) {
        return guarded(reply, [&] {
            auto value = parse_json(std::string_view(request, size), "request");
            if (!value.is_object()) throw RecordError("request", "expected an object");
            JsonReader r(value, "request");
            auto op = r.string("op");
            write_to(reply, boost::json::serialize(static_cast<T*>(instance)->call(op, value.get_object())));
        });
    }
};

}  // namespace detail
}  // namespace skarv

// Declares the plugin's descriptor and exports the ABI entry symbol. Use once per plugin.
#define SKARV_PLUGIN(Class, Name, Version, Kind, CapabilitiesJson)                                   \
    namespace {                                                                                       \
    const skarv_plugin_descriptor skarv_descriptor_instance = {                                       \
        sizeof(skarv_plugin_descriptor), SKARV_ABI_MAJOR, SKARV_ABI_MINOR, Name, Version, Kind,       \
        CapabilitiesJson, &skarv::detail::Trampolines<Class>::create,                                 \
        &skarv::detail::Trampolines<Class>::destroy, &skarv::detail::Trampolines<Class>::check,       \
        &skarv::detail::Trampolines<Class>::call};                                                    \
    }                                                                                                 \
    extern "C" SKARV_EXPORT const skarv_plugin_descriptor* SKARV_PLUGIN_ENTRY(uint16_t host_major,    \
                                                                              uint16_t host_minor) {  \
        (void)host_minor; /* v1.0 plugins need nothing beyond v1.0 services */                        \
        return host_major == SKARV_ABI_MAJOR ? &skarv_descriptor_instance : nullptr;                  \
    }
