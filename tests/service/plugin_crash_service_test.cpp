// `skarv run` as its own process, with a customer transform that segfaults on one order:
// the transform runs in skarv-plugin-runner (the default for transforms), so the crash
// costs that order a dead letter; the other orders reach the ERP and the service still
// answers. Before process isolation this killed the service (exit 139) on every start.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>

#include "../flow/flow_fixture.hpp"
#include "service_http.hpp"

#include <sys/resource.h>
#include <cstdlib>
#include <string>
#include "../flow/native_crash_signals.hpp"



namespace {
// The crashes below are on purpose: no core file of them in the test's folder.
inline void no_core_files() {
    rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);
}
}  // namespace

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;
using test::eventually;

TEST(ServicePluginCrash, ATransformThatSegfaultsCostsOneDeadLetterAndTheServiceKeepsAnswering) {
    let_children_die_by_their_signal();
    no_core_files();
    FlowFixture f("service-plugin-crash");
    f.put("shop", "orders", {swedish_order("860001"), swedish_order("860002", "BOOM"), swedish_order("860003")});
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                           R"(, "transforms": [{"plugin": "test-transform", "hooks": ["order.before_write"], "crash_sku": "BOOM"}])");
    test::configure_admin(config);
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        dup2(out[1], STDERR_FILENO);
        execl(SKARV_BIN, SKARV_BIN, "run", "--config", config.c_str(), "--port", "0", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    // A failed assertion must not leave the service running.
    struct Reaper {
        pid_t pid;
        ~Reaper() {
            if (pid > 0 && waitpid(pid, nullptr, WNOHANG) == 0) {
                kill(pid, SIGKILL);
                waitpid(pid, nullptr, 0);
            }
        }
    } reaper{pid};
    std::string text;
    char buf[512];
    std::smatch port_match;
    const std::regex listening(R"(running; admin and push on http://127\.0\.0\.1:(\d+))");
    while (!std::regex_search(text, port_match, listening)) {
        auto n = read(out[0], buf, sizeof buf);
        if (n <= 0) break;
        text.append(buf, static_cast<size_t>(n));
    }
    ASSERT_FALSE(port_match.empty()) << text;
    auto port = static_cast<uint16_t>(std::stoi(port_match[1].str()));

    ASSERT_TRUE(eventually([&] { return f.written("erp", "orders").size() == 2; }));
    std::vector<std::string> written;
    for (const auto& o : f.written("erp", "orders")) written.push_back(std::string(o.at("order_id").as_string()));
    std::sort(written.begin(), written.end());
    EXPECT_EQ(written, (std::vector<std::string>{"860001", "860003"}));
    boost::json::value letters;
    ASSERT_TRUE(eventually([&] {
        letters = boost::json::parse(test::admin(port, "GET", "/api/deadletters").body);
        return letters.at("dead_letters").as_array().size() == 1;
    }));
    const auto& letter = letters.at("dead_letters").as_array()[0];
    EXPECT_EQ(letter.at("record"), "860002");
    EXPECT_NE(std::string(letter.at("error").as_string()).find("SIGSEGV"), std::string::npos) << letter;
    // Still serving, still the same process.
    EXPECT_EQ(test::send(port, {"GET", "/health"}).status, 200);
    EXPECT_EQ(waitpid(pid, nullptr, WNOHANG), 0);

    kill(pid, SIGTERM);
    ssize_t n;
    while ((n = read(out[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
    int status = 0;
    waitpid(pid, &status, 0);
    reaper.pid = 0;
    close(out[0]);
    ASSERT_TRUE(WIFEXITED(status)) << text;
    EXPECT_EQ(WEXITSTATUS(status), 0) << text;
}
