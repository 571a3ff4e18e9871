#pragma once
// A loopback HTTP server that answers a plugin's requests from a script: the fuzz
// input, cut into answer bodies at each separator line. A plugin's remote calls then
// read fuzzed answers through the same HttpClient, headers and classification as
// against the real system. Once the script runs out every request gets a 503, which
// ends any polling or paging loop with a retryable error, so no input can loop forever.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace skarv::fuzz {

// Between two answers in an input: a line of its own.
inline constexpr std::string_view kAnswerSeparator = "\n~~~\n";

// Splits `input` at kAnswerSeparator.
std::vector<std::string> split_answers(std::string_view input);

// A harness input: its first line names what the harness asks the plugin to do (the
// op), the rest are the remote system's answers, in the order the plugin will ask.
struct Script {
    std::string op;
    std::vector<std::string> answers;
};
Script read_script(std::string_view input);

class ScriptedServer {
public:
    // `content_type` of every scripted answer. A request whose path starts with
    // `fixed_path` (if not empty) gets `fixed_body` and leaves the script alone: the
    // token endpoint, whose answer is not what a harness fuzzes.
    ScriptedServer(std::string content_type, std::string fixed_path = "", std::string fixed_body = "");
    ~ScriptedServer();
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    std::string base_url() const;
    void set_script(std::vector<std::string> answers);

    // For the request handler.
    struct Answer {
        int status;
        std::string content_type;
        std::string body;
    };
    Answer next(const std::string& path);

private:
    std::mutex mutex_;
    std::vector<std::string> answers_;
    std::size_t next_ = 0;
    std::string content_type_, fixed_path_, fixed_body_;
    std::unique_ptr<Poco::ThreadPool> pool_;   // outlives server_
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    unsigned short port_ = 0;
};

}  // namespace skarv::fuzz
