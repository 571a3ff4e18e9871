#include "skarv/host/loader/plugin_process.hpp"

#include <cstdlib>

namespace skarv::host {
namespace {

using runner::ChannelError;
using runner::Frame;

struct Buffer {
    std::string bytes;
    skarv_sink sink() {
        return {this, [](void* ctx, const char* data, size_t size) { static_cast<Buffer*>(ctx)->bytes.append(data, size); }};
    }
};

int64_t field(const boost::json::object& header, const char* name) {
    auto* v = header.if_contains(name);
    if (v && v->is_int64()) return v->get_int64();
    if (v && v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
    throw ChannelError(ChannelError::Kind::garbage, std::string("a service request lacks '") + name + "'");
}

std::size_t size_field(const boost::json::object& header, const char* name, std::size_t available) {
    auto n = field(header, name);
    if (n < 0 || static_cast<std::uint64_t>(n) > available)
        throw ChannelError(ChannelError::Kind::garbage, std::string("a service request's '") + name + "' is out of range");
    return static_cast<std::size_t>(n);
}

// One host service the plugin asked for while its call runs; the answer goes back at once.
void serve(runner::ByteChannel& channel, const skarv_host_services& s, const Frame& request) {
    auto* fn_value = request.header.if_contains("fn");
    std::string fn = fn_value && fn_value->is_string() ? std::string(fn_value->get_string()) : "";
    const auto& p = request.payload;
    auto ret = [&](int64_t value, std::string_view payload = {}) {
        runner::write_frame(channel, {{"t", "ret"}, {"value", value}}, payload);
    };
    if (fn == "log") {
        auto level = field(request.header, "level");
        if (level < SKARV_LOG_DEBUG || level > SKARV_LOG_ERROR) level = SKARV_LOG_ERROR;
        s.log(s.host, static_cast<skarv_log_level>(level), p.data(), p.size());   // one-way: no answer
    } else if (fn == "now_ms") {
        ret(s.now_ms(s.host));
    } else if (fn == "is_cancelled") {
        ret(s.is_cancelled(s.host));
    } else if (fn == "state_get") {
        Buffer out;
        auto sink = out.sink();
        auto rc = s.state_get(s.host, p.data(), p.size(), &sink);
        ret(rc, out.bytes);
    } else if (fn == "state_set") {
        auto key_size = size_field(request.header, "key_size", p.size());
        auto* del = request.header.if_contains("delete");
        bool remove = del && del->is_bool() && del->get_bool();
        ret(s.state_set(s.host, p.data(), key_size, remove ? nullptr : p.data() + key_size, remove ? 0 : p.size() - key_size));
    } else if (fn == "state_write_many") {
        auto* sizes = request.header.if_contains("sizes");
        if (!sizes || !sizes->is_array()) throw ChannelError(ChannelError::Kind::garbage, "state_write_many without sizes");
        std::vector<skarv_state_write> writes;
        std::size_t at = 0;
        for (const auto& pair : sizes->get_array()) {
            if (!pair.is_array() || pair.get_array().size() != 2 || !pair.get_array()[0].is_int64() ||
                !pair.get_array()[1].is_int64())
                throw ChannelError(ChannelError::Kind::garbage, "state_write_many with a malformed size");
            auto k = pair.get_array()[0].get_int64(), v = pair.get_array()[1].get_int64();
            auto need = static_cast<std::uint64_t>(k) + static_cast<std::uint64_t>(v < 0 ? 0 : v);
            if (k < 0 || need > p.size() - at) throw ChannelError(ChannelError::Kind::garbage, "state_write_many overruns");
            skarv_state_write w{p.data() + at, static_cast<size_t>(k), v < 0 ? nullptr : p.data() + at + k,
                                static_cast<size_t>(v < 0 ? 0 : v)};
            writes.push_back(w);
            at += need;
        }
        ret(s.state_write_many(s.host, writes.data(), writes.size()));
    } else if (fn == "state_scan") {
        auto prefix_size = size_field(request.header, "prefix_size", p.size());
        auto after_size = size_field(request.header, "after_size", p.size() - prefix_size);
        auto limit = field(request.header, "limit");
        Buffer out;
        auto sink = out.sink();
        auto rc = s.state_scan(s.host, p.data(), prefix_size, p.data() + prefix_size, after_size,
                               static_cast<size_t>(limit < 0 ? 0 : limit), &sink);
        ret(rc, out.bytes);
    } else {
        throw ChannelError(ChannelError::Kind::garbage, "unknown service '" + fn + "'");
    }
}

std::string millis(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

}  // namespace

std::vector<std::string> default_runner_command();   // runner_command_posix.cpp

PluginProcess::PluginProcess(std::vector<std::string> command, std::filesystem::path file, std::string plugin,
                             std::string config_json, skarv_host_services services)
    : command_(command.empty() ? default_runner_command() : std::move(command)),
      file_(std::move(file)),
      plugin_(std::move(plugin)),
      config_json_(std::move(config_json)),
      services_(services) {}

PluginProcess::~PluginProcess() {
    // Closing the pipe ends a healthy runner, which destroys the instance on its way out
    // (a connector may flush something); one that does not go in time is killed.
    if (child_) child_->close_and_wait(std::chrono::seconds(5));
}

void PluginProcess::start() {
    child_.reset();
    std::unique_ptr<ChildProcess> child;
    try {
        child = ChildProcess::spawn(command_);
    } catch (const std::exception& e) {
        throw std::runtime_error("the plugin runner for " + who() + " did not start: " + e.what());
    }
    child->set_deadline(ChildProcess::Clock::now() + kStartTimeout);
    try {
        runner::write_frame(child->channel(), {{"t", "load"}, {"file", file_.string()}});
        auto loaded = runner::read_frame(child->channel());
        if (loaded.type() == "refused") {
            auto* why = loaded.header.if_contains("reason");
            throw std::runtime_error("the runner could not load " + file_.string() + ": " +
                                     (why && why->is_string() ? std::string(why->get_string()) : "no reason given"));
        }
        auto* name = loaded.header.if_contains("name");
        if (loaded.type() != "loaded" || !name || !name->is_string() || name->get_string() != plugin_)
            throw std::runtime_error("the runner loaded " + file_.string() + " but it is not plugin '" + plugin_ + "'");
        child_ = std::move(child);
    } catch (const ChannelError& e) {
        auto how = e.kind() == ChannelError::Kind::closed ? child->exit_description() : std::string(e.what());
        throw std::runtime_error("the plugin runner (" + command_.front() + ") for " + who() + " failed to start: " +
                                 (e.kind() == ChannelError::Kind::closed ? "it " + how : how));
    }
    auto created = exchange("create", config_json_, kStartTimeout);
    if (!created.answer) throw std::runtime_error(who() + " could not be created in its runner: " + created.failure);
    if (!created.answer->ok()) {
        child_.reset();
        throw PluginCreateError(who() + " refused its config: " + created.answer->message(), std::move(*created.answer));
    }
}

Attempt PluginProcess::exchange(const std::string& type, std::string_view payload, std::chrono::milliseconds timeout,
                                const std::string& what) {
    if (!child_ && type != "create") {
        try {
            start();
        } catch (const std::exception& e) {
            return {std::nullopt, std::string("could not restart it: ") + e.what()};
        }
    }
    if (!child_) return {std::nullopt, "no runner"};
    child_->set_deadline(ChildProcess::Clock::now() + timeout);
    try {
        runner::write_frame(child_->channel(), {{"t", type}}, payload);
    } catch (const ChannelError&) {
        // The runner died since its last answer; the read below says how.
    }
    return relay(timeout, what.empty() ? type : what);
}

Attempt PluginProcess::relay(std::chrono::milliseconds timeout, const std::string& what) {
    std::string failure;
    bool timed_out = false;
    try {
        for (;;) {
            auto frame = runner::read_frame(child_->channel());
            auto type = frame.type();
            if (type == "svc") {
                serve(child_->channel(), services_, frame);
                continue;
            }
            if (type != "done") throw ChannelError(ChannelError::Kind::garbage, "an unexpected '" + type + "' message");
            auto status = field(frame.header, "status");
            if (status < SKARV_OK || status > SKARV_ERR_INTERNAL)
                throw ChannelError(ChannelError::Kind::garbage, "an unknown status " + std::to_string(status));
            return {to_call_result(static_cast<skarv_status>(status), plugin_, frame.payload), ""};
        }
    } catch (const ChannelError& e) {
        switch (e.kind()) {
            case ChannelError::Kind::closed:
            case ChannelError::Kind::io: failure = "the runner " + child_->exit_description(); break;
            case ChannelError::Kind::timed_out:
                timed_out = true;
                failure = "no answer to '" + what + "' within " + millis(timeout) + "; the runner was killed";
                break;
            case ChannelError::Kind::garbage:
                failure = std::string("the runner answered garbage (") + e.what() + "); it was killed";
                break;
        }
    }
    child_->kill();
    child_.reset();
    auto line = who() + " failed during '" + what + "': " + failure + "; a new runner starts for the next call";
    services_.log(services_.host, SKARV_LOG_ERROR, line.data(), line.size());
    return {std::nullopt, failure, timed_out};
}

RemoteDescriptor PluginProcess::describe(const std::vector<std::string>& command, const std::filesystem::path& file) {
    auto cmd = command.empty() ? default_runner_command() : command;
    auto child = ChildProcess::spawn(cmd);
    child->set_deadline(ChildProcess::Clock::now() + kStartTimeout);
    try {
        runner::write_frame(child->channel(), {{"t", "load"}, {"file", file.string()}});
        auto loaded = runner::read_frame(child->channel());
        const auto& h = loaded.header;
        if (loaded.type() == "refused") {
            auto* why = h.if_contains("reason");
            throw std::runtime_error(why && why->is_string() ? std::string(why->get_string()) : "refused without a reason");
        }
        if (loaded.type() != "loaded") throw std::runtime_error("the runner answered '" + loaded.type() + "' to load");
        RemoteDescriptor d;
        auto text = [&](const char* key) {
            auto* v = h.if_contains(key);
            return v && v->is_string() ? std::string(v->get_string()) : std::string();
        };
        d.struct_size = static_cast<uint32_t>(field(h, "struct_size"));
        d.abi_major = static_cast<uint16_t>(field(h, "abi_major"));
        d.abi_minor = static_cast<uint16_t>(field(h, "abi_minor"));
        d.kind = static_cast<uint32_t>(field(h, "kind"));
        d.name = text("name");
        d.version = text("version");
        d.capabilities_json = loaded.payload;
        return d;
    } catch (const ChannelError& e) {
        auto how = e.kind() == ChannelError::Kind::closed ? child->exit_description() : std::string(e.what());
        throw std::runtime_error("the plugin runner (" + cmd.front() + ") failed: " +
                                 (e.kind() == ChannelError::Kind::closed ? "it " + how : how));
    }
}

}  // namespace skarv::host
