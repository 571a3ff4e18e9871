#pragma once
// Headless Chromium driven over the DevTools protocol (a WebSocket, JSON messages), for
// tests that need a real browser's rules: what a page of one origin may send to another,
// which cookies go along, what a form submits. Debian's `chromium` package; a test skips
// itself when it is not installed (find() says where it looked).

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <boost/json.hpp>

namespace Poco::Net {
class WebSocket;
}

namespace skarv::test {

class HeadlessChromium {
public:
    // The browser binary: $SKARV_CHROMIUM, else chromium / chromium-browser / google-chrome on PATH.
    static std::optional<std::filesystem::path> find();

    // Starts it with a fresh profile in `profile_dir` and opens one tab.
    HeadlessChromium(const std::filesystem::path& binary, const std::filesystem::path& profile_dir);
    ~HeadlessChromium();
    HeadlessChromium(const HeadlessChromium&) = delete;
    HeadlessChromium& operator=(const HeadlessChromium&) = delete;

    // Loads `url` in the tab and waits until the document has loaded.
    void navigate(const std::string& url);
    // Runs `expression` in the tab (a promise is awaited) and returns its value.
    boost::json::value evaluate(const std::string& expression);
    // Waits until `expression` is true in the tab, up to `seconds`; false if it never is.
    bool wait_for(const std::string& expression, int seconds = 15);
    // A PNG of the tab as it is now.
    void screenshot(const std::filesystem::path& file);

private:
    boost::json::object call(const std::string& method, boost::json::object params, bool in_tab = true);

    pid_t pid_ = -1;
    std::unique_ptr<Poco::Net::WebSocket> socket_;
    std::string session_;   // the tab's DevTools session
    int64_t next_id_ = 1;
};

}  // namespace skarv::test
