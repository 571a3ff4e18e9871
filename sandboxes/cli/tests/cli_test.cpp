// Spawns the built skarv-sandbox binary, reads its "listening" line, calls it over
// HTTP and stops it with a signal, checking it exits cleanly.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Base64Decoder.h>
#include <Poco/DigestEngine.h>
#include <Poco/MD5Engine.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <boost/json.hpp>

#ifndef _WIN32
#include <signal.h>
#endif

namespace {

const std::string kBinary = SKARV_SANDBOX_BIN;

// Owns the child: a failing test never leaves an emulator running behind it.
struct Child {
    std::unique_ptr<Poco::Pipe> out = std::make_unique<Poco::Pipe>();
    std::unique_ptr<Poco::Pipe> err = std::make_unique<Poco::Pipe>();
    std::unique_ptr<Poco::ProcessHandle> handle;

    Child() = default;
    Child(Child&&) = default;
    Child& operator=(Child&&) = delete;
    ~Child() {
        try {
            if (handle && Poco::Process::isRunning(*handle)) {
                Poco::Process::kill(*handle);
                handle->wait();
            }
        } catch (...) {
        }
    }
};

Child spawn(const std::vector<std::string>& args) {
    Child c;
    c.handle = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(kBinary, args, nullptr, c.out.get(), c.err.get()));
    return c;
}

// Reads the first stdout line, giving up (and killing the child) after a timeout.
std::string first_line(Child& c, std::chrono::seconds timeout = std::chrono::seconds(20)) {
    auto fut = std::async(std::launch::async, [&c] {
        Poco::PipeInputStream in(*c.out);
        std::string line;
        std::getline(in, line);
        return line;
    });
    if (fut.wait_for(timeout) != std::future_status::ready) {
        Poco::Process::kill(*c.handle);
        c.handle->wait();
    }
    return fut.get();
}

std::string all_stderr(Child& c) {
    Poco::PipeInputStream in(*c.err);
    std::string s;
    Poco::StreamCopier::copyToString(in, s);
    return s;
}

uint16_t port_of(const std::string& line) {
    auto colon = line.rfind(':');
    if (colon == std::string::npos) return 0;
    return static_cast<uint16_t>(std::stoi(line.substr(colon + 1)));
}

std::pair<int, std::string> get(uint16_t port, const std::string& path) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest req("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(req);
    Poco::Net::HTTPResponse resp;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(resp), body);
    return {static_cast<int>(resp.getStatus()), body};
}

std::pair<int, std::string> post(uint16_t port, const std::string& path, const std::string& body,
                                 const std::string& type = "application/json") {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest req("POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentType(type);
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::string answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(resp), answer);
    return {static_cast<int>(resp.getStatus()), answer};
}

std::string md5_hex(const std::string& s) {
    Poco::MD5Engine md5;
    md5.update(s);
    return Poco::DigestEngine::digestToHex(md5.digest());
}

// A Specter API write with the emulator's default credentials (sandboxes/specter/README.md,
// "The key"); `fields` is already form-encoded, `call_value` the key's X.
std::string specter_put(uint16_t port, const std::string& action, const std::string& call_value,
                        const std::string& fields) {
    const std::string key = md5_hex("skarv-integration-key" + md5_hex("skarv-api-user-key1001" + call_value));
    return post(port, "/putInfo.asp?action=" + action + "&sbmId=1001&apiUserId=skarv&key=" + key, fields,
                "application/x-www-form-urlencoded")
        .second;
}

// Starts `name` on port 0, checks the line, /_control/state and the fault flag, then
// stops it with `sig` and expects exit code 0.
void run_emulator(const std::string& name, bool use_sigterm) {
    Child c = spawn({name, "--port", "0", "--seed", "7", "--products", "5", "--orders", "3", "--variants", "2",
                     "--channels", "2", "--fault", "503:/no/such/path:times=2"});
    std::string line = first_line(c);
    const std::string prefix = "skarv-sandbox: " + name + " listening on http://127.0.0.1:";
    ASSERT_EQ(line.rfind(prefix, 0), 0u) << "got '" << line << "'";
    uint16_t port = port_of(line);
    ASSERT_NE(port, 0);

    auto [status, body] = get(port, "/_control/state");
    EXPECT_EQ(status, 200) << body;
    boost::system::error_code ec;
    auto state = boost::json::parse(body, ec);
    EXPECT_FALSE(ec) << body;

    auto [fstatus, fbody] = get(port, "/_control/faults");
    EXPECT_EQ(fstatus, 200);
    auto rules = boost::json::parse(fbody).as_array();
    ASSERT_EQ(rules.size(), 1u) << fbody;
    EXPECT_EQ(rules[0].at("status").as_int64(), 503);
    EXPECT_EQ(rules[0].at("times").as_int64(), 2);

    EXPECT_EQ(get(port, "/no/such/path").first, 503);

#ifndef _WIN32
    if (use_sigterm) {
        ::kill(static_cast<pid_t>(c.handle->id()), SIGTERM);
    } else {
        Poco::Process::requestTermination(c.handle->id());   // SIGINT
    }
#else
    (void)use_sigterm;
    Poco::Process::requestTermination(c.handle->id());
#endif
    int rc = c.handle->wait();
    EXPECT_EQ(rc, 0) << all_stderr(c);
}

}  // namespace

TEST(SandboxCli, BlankRunsAndStopsOnSigint) { run_emulator("blank", false); }

TEST(SandboxCli, BlankStopsOnSigtermAndReportsSeed) {
    Child c = spawn({"blank", "--port", "0", "--seed", "3", "--products", "4", "--orders", "6"});
    uint16_t port = port_of(first_line(c));
    ASSERT_NE(port, 0);
    auto state = boost::json::parse(get(port, "/_control/state").second);
    EXPECT_EQ(state.at("products").to_number<int64_t>(), 4);
    EXPECT_EQ(state.at("orders").to_number<int64_t>(), 6);
    EXPECT_EQ(state.at("seed").to_number<int64_t>(), 3);
#ifndef _WIN32
    ::kill(static_cast<pid_t>(c.handle->id()), SIGTERM);
#else
    Poco::Process::requestTermination(c.handle->id());
#endif
    EXPECT_EQ(c.handle->wait(), 0);
}

TEST(SandboxCli, BusyPortFailsCleanly) {
    Child first = spawn({"blank", "--port", "0"});
    uint16_t port = port_of(first_line(first));
    ASSERT_NE(port, 0);
    Child second = spawn({"blank", "--port", std::to_string(port)});
    int rc = second.handle->wait();
    EXPECT_EQ(rc, 1);
    EXPECT_NE(all_stderr(second).find("could not listen"), std::string::npos);
    Poco::Process::requestTermination(first.handle->id());
    EXPECT_EQ(first.handle->wait(), 0);
}

TEST(SandboxCli, JetshopRunsAndStopsOnSigint) {
#ifndef SKARV_SANDBOX_HAVE_JETSHOP
    GTEST_SKIP() << "skarv_sandbox_jetshop is not built";
#else
    run_emulator("jetshop", false);
#endif
}

TEST(SandboxCli, JetshopStopsOnSigterm) {
#ifndef SKARV_SANDBOX_HAVE_JETSHOP
    GTEST_SKIP() << "skarv_sandbox_jetshop is not built";
#else
    run_emulator("jetshop", true);
#endif
}

// --contradict-guesses answers the probed guesses the other way: the Job service moves from
// api/Job (guess norce.job-path) to Job. Without a token an existing route answers 401 and
// a missing one 404, so the route table shows without credentials.
TEST(SandboxCli, JetshopContradictGuessesMovesTheJobService) {
#ifndef SKARV_SANDBOX_HAVE_JETSHOP
    GTEST_SKIP() << "skarv_sandbox_jetshop is not built";
#else
    auto routes = [](std::vector<std::string> args) {
        Child c = spawn(args);
        const uint16_t port = port_of(first_line(c));
        std::pair<int, int> out{get(port, "/commerce/connect/4.0/api/Job/Get?id=0").first,
                                get(port, "/commerce/connect/4.0/Job/Get?id=0").first};
        Poco::Process::requestTermination(c.handle->id());
        c.handle->wait();
        return out;
    };
    EXPECT_EQ(routes({"jetshop", "--port", "0"}), std::make_pair(401, 404));
    EXPECT_EQ(routes({"jetshop", "--port", "0", "--contradict-guesses"}), std::make_pair(404, 401));
#endif
}

// The push carries the Basic credentials given on the command line (the Norce
// connector refuses a push without them).
TEST(SandboxCli, JetshopPushCarriesTheBasicCredentialsGiven) {
#ifndef SKARV_SANDBOX_HAVE_JETSHOP
    GTEST_SKIP() << "skarv_sandbox_jetshop is not built";
#else
    Poco::Net::ServerSocket erp(Poco::Net::SocketAddress("127.0.0.1", 0));
    std::string headers;
    std::thread receiver([&] {
        if (!erp.poll(Poco::Timespan(20, 0), Poco::Net::Socket::SELECT_READ)) return;
        Poco::Net::StreamSocket s = erp.acceptConnection();
        s.setReceiveTimeout(Poco::Timespan(10, 0));
        char buf[4096];
        while (headers.find("\r\n\r\n") == std::string::npos) {
            const int n = s.receiveBytes(buf, sizeof buf);
            if (n <= 0) break;
            headers.append(buf, static_cast<size_t>(n));
        }
        const std::string reply = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        s.sendBytes(reply.data(), static_cast<int>(reply.size()));
    });
    Child c = spawn({"jetshop", "--port", "0", "--products", "3", "--orders", "0", "--erp-push-url",
                     "http://127.0.0.1:" + std::to_string(erp.address().port()) + "/push/main/1", "--erp-push-user",
                     "norce-user", "--erp-push-password", "s3cret:pw"});
    const uint16_t port = port_of(first_line(c));
    ASSERT_NE(port, 0);
    EXPECT_EQ(post(port, "/_control/orders", "{}").first, 201);
    receiver.join();
    Poco::Process::requestTermination(c.handle->id());
    c.handle->wait();

    const auto at = headers.find("Authorization: Basic ");
    ASSERT_NE(at, std::string::npos) << headers;
    const auto start = at + std::string("Authorization: Basic ").size();
    std::istringstream encoded(headers.substr(start, headers.find("\r\n", start) - start));
    Poco::Base64Decoder decoder(encoded);
    std::string credentials;
    Poco::StreamCopier::copyToString(decoder, credentials);
    EXPECT_EQ(credentials, "norce-user:s3cret:pw");
#endif
}

// GET /_control/order answers one order by the shop's number (externalOrderNo) with
// Specter's number and total, so a benchmark can wait for an order without the whole
// state; unknown numbers are 404, a missing one 400.
TEST(SandboxCli, SpecterAnswersOneOrderByTheShopsNumber) {
#ifndef SKARV_SANDBOX_HAVE_SPECTER
    GTEST_SKIP() << "skarv_sandbox_specter is not built";
#else
    Child c = spawn({"specter", "--port", "0", "--seed", "7", "--products", "3", "--variants", "0"});
    const uint16_t port = port_of(first_line(c));
    ASSERT_NE(port, 0);
    const auto state = boost::json::parse(get(port, "/_control/state").second);
    const std::string article(state.at("articles").as_array()[0].at("articleNo").as_string());

    const std::string customer = specter_put(port, "newCustomerSubmit", "Bench AB", "name=Bench+AB");
    ASSERT_EQ(customer.rfind("1;", 0), 0u) << customer;
    const std::string customer_id = customer.substr(2, customer.find(';', 2) - 2);
    const std::string order =
        specter_put(port, "newOrderSubmit", customer_id,
                    "customerId=" + customer_id + "&externalOrderNo=W-4711&articleNo_1=" + article +
                        "&priceExclVAT_1=100.00&noOfItems_1=2&vatPercent_1=25");
    ASSERT_EQ(order.rfind("1;", 0), 0u) << order;
    const std::string order_no = order.substr(2, order.find(';', 2) - 2);

    auto [status, body] = get(port, "/_control/order?externalOrderNo=W-4711");
    ASSERT_EQ(status, 200) << body;
    const auto found = boost::json::parse(body);
    EXPECT_EQ(found.at("orderNo").as_string(), order_no);
    EXPECT_EQ(found.at("externalOrderNo").as_string(), "W-4711");
    EXPECT_EQ(found.at("totalIncVat").to_number<int64_t>(), 25000);   // 2 x 100.00 + 25 % VAT, in öre

    auto [missing, missing_body] = get(port, "/_control/order?externalOrderNo=W-9999");
    EXPECT_EQ(missing, 404);
    EXPECT_NE(missing_body.find("W-9999"), std::string::npos) << missing_body;
    EXPECT_EQ(get(port, "/_control/order").first, 400);
    Poco::Process::requestTermination(c.handle->id());
    EXPECT_EQ(c.handle->wait(), 0);
#endif
}

// --job-item-ms and --job-workers reach the emulator: its state reports the job workers
// it runs and the per-item cost of a job, and the default is 4 workers at no cost.
TEST(SandboxCli, JetshopJobTimingFlagsReachTheEmulator) {
#ifndef SKARV_SANDBOX_HAVE_JETSHOP
    GTEST_SKIP() << "skarv_sandbox_jetshop is not built";
#else
    auto runner = [](std::vector<std::string> args) {
        Child c = spawn(args);
        const uint16_t port = port_of(first_line(c));
        auto [status, body] = get(port, "/_control/state");
        Poco::Process::requestTermination(c.handle->id());
        c.handle->wait();
        EXPECT_EQ(status, 200) << body;
        return boost::json::parse(body).at("job_runner").as_object();
    };
    const auto set = runner({"jetshop", "--port", "0", "--job-item-ms", "250", "--job-workers", "2"});
    EXPECT_EQ(set.at("item_ms"), 250);
    EXPECT_EQ(set.at("workers"), 2);
    const auto defaults = runner({"jetshop", "--port", "0"});
    EXPECT_EQ(defaults.at("item_ms"), 0);
    EXPECT_EQ(defaults.at("workers"), 4);
    Child refused = spawn({"jetshop", "--port", "0", "--job-workers", "0"});
    EXPECT_NE(refused.handle->wait(), 0) << "no workers is refused";
#endif
}

TEST(SandboxCli, SpecterRunsAndStopsOnSigint) {
#ifndef SKARV_SANDBOX_HAVE_SPECTER
    GTEST_SKIP() << "skarv_sandbox_specter is not built";
#else
    run_emulator("specter", false);
#endif
}

TEST(SandboxCli, SpecterStopsOnSigterm) {
#ifndef SKARV_SANDBOX_HAVE_SPECTER
    GTEST_SKIP() << "skarv_sandbox_specter is not built";
#else
    run_emulator("specter", true);
#endif
}

// --contradict-guesses: an action Specter's record does not have answers as an ASP
// page would (HTTP 500) instead of the guessed "0;4;..." text (docs/guesses.md).
TEST(SandboxCli, SpecterContradictGuessesFlagTurnsTheGuessesAround) {
#ifndef SKARV_SANDBOX_HAVE_SPECTER
    GTEST_SKIP() << "skarv_sandbox_specter is not built";
#else
    for (bool contradict : {false, true}) {
        std::vector<std::string> args{"specter", "--port", "0", "--products", "2"};
        if (contradict) args.push_back("--contradict-guesses");
        Child c = spawn(args);
        uint16_t port = port_of(first_line(c));
        ASSERT_NE(port, 0);
        auto [status, body] = get(port, "/getInfo.asp?action=noSuchAction&sbmId=1001&key=x");
        if (contradict) {
            EXPECT_EQ(status, 500) << body;
        } else {
            EXPECT_EQ(status, 200);
            EXPECT_EQ(body.rfind("0;4;", 0), 0u) << body;
        }
        Poco::Process::requestTermination(c.handle->id());
        EXPECT_EQ(c.handle->wait(), 0);
    }
#endif
}

TEST(SandboxCli, BadFaultFlagFailsNamingIt) {
    Child c = spawn({"jetshop", "--port", "0", "--fault", "meteor:/x"});
    int rc = c.handle->wait();
    std::string err = all_stderr(c);
    EXPECT_NE(rc, 0);
#ifdef SKARV_SANDBOX_HAVE_JETSHOP
    EXPECT_EQ(rc, 2);
    EXPECT_NE(err.find("meteor"), std::string::npos) << err;
#else
    EXPECT_NE(err.find("meteor"), std::string::npos) << err;   // flags are checked before the branch
#endif
}

TEST(SandboxCli, MissingOrUnknownSubcommandFails) {
    {
        Child c = spawn({});
        EXPECT_NE(c.handle->wait(), 0);
    }
    {
        Child c = spawn({"nosuchsystem"});
        EXPECT_NE(c.handle->wait(), 0);
    }
    {
        Child c = spawn({"jetshop", "--port", "70000"});
        EXPECT_NE(c.handle->wait(), 0);
    }
}

TEST(SandboxCli, HelpListsSubcommands) {
    Child c = spawn({"--help"});
    Poco::PipeInputStream in(*c.out);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    EXPECT_EQ(c.handle->wait(), 0);
    EXPECT_NE(text.find("jetshop"), std::string::npos) << text;
    EXPECT_NE(text.find("specter"), std::string::npos) << text;
}

// The payment emulators run standalone: each answers its state with the seeded payouts,
// dated before --today.
TEST(SandboxCli, PaymentEmulatorsRunWithPayoutsDatedBeforeToday) {
#ifndef SKARV_SANDBOX_HAVE_PAYMENTS
    GTEST_SKIP() << "skarv_sandbox_payments is not built";
#else
    for (const std::string name : {"klarna", "nets", "svea"}) {
        run_emulator(name, false);
        Child c = spawn({name, "--port", "0", "--orders", "30", "--channels", "3", "--today", "2026-12-10"});
        const uint16_t port = port_of(first_line(c));
        ASSERT_NE(port, 0) << name;
        const auto state = boost::json::parse(get(port, "/_control/state").second).as_object();
        const auto& list = state.at(name == "svea" ? "reports" : "payouts").as_array();
        ASSERT_FALSE(list.empty()) << name;
        const char* date_key = name == "klarna" ? "payout_date" : name == "nets" ? "date" : "reconciliationDate";
        for (const auto& p : list) EXPECT_EQ(std::string(p.at(date_key).as_string()).substr(0, 8), "2026-12-") << name;
        Poco::Process::requestTermination(c.handle->id());
        EXPECT_EQ(c.handle->wait(), 0) << name;
    }
#endif
}

// --tenants N: N merchants in one process, each on its own port with its own data (the
// seed moves by one per tenant), so an order made for one is not in another.
TEST(SandboxCli, SpecterTenantsAreSeparateMerchants) {
#ifndef SKARV_SANDBOX_HAVE_SPECTER
    GTEST_SKIP() << "skarv_sandbox_specter is not built";
#else
    Child c = spawn({"specter", "--port", "0", "--seed", "7", "--products", "3", "--variants", "0", "--tenants", "3"});
    std::vector<uint16_t> ports;
    {
        Poco::PipeInputStream in(*c.out);
        for (int i = 1; i <= 3; ++i) {
            std::string line;
            std::getline(in, line);
            ASSERT_EQ(line.rfind("skarv-sandbox: specter tenant " + std::to_string(i) + " listening on http://127.0.0.1:", 0),
                      0u)
                << "got '" << line << "'";
            ports.push_back(port_of(line));
        }
    }
    Child single = spawn({"specter", "--port", "0", "--seed", "8", "--products", "3", "--variants", "0"});
    const uint16_t single_port = port_of(first_line(single));
    auto prices = [](uint16_t port) {
        std::vector<int64_t> out;
        const auto state = boost::json::parse(get(port, "/_control/state").second);
        for (const auto& a : state.at("articles").as_array()) out.push_back(a.at("priceExVat").to_number<int64_t>());
        return out;
    };
    EXPECT_EQ(prices(ports[1]), prices(single_port)) << "tenant 2 is not seeded with seed + 1";
    EXPECT_NE(prices(ports[0]), prices(ports[1]));

    const auto state = boost::json::parse(get(ports[0], "/_control/state").second);
    const std::string article(state.at("articles").as_array()[0].at("articleNo").as_string());
    const std::string customer = specter_put(ports[0], "newCustomerSubmit", "Tenant AB", "name=Tenant+AB");
    ASSERT_EQ(customer.rfind("1;", 0), 0u) << customer;
    const std::string customer_id = customer.substr(2, customer.find(';', 2) - 2);
    const std::string order = specter_put(ports[0], "newOrderSubmit", customer_id,
                                          "customerId=" + customer_id + "&externalOrderNo=T-1&articleNo_1=" + article +
                                              "&priceExclVAT_1=100.00&noOfItems_1=1&vatPercent_1=25");
    ASSERT_EQ(order.rfind("1;", 0), 0u) << order;
    EXPECT_EQ(get(ports[0], "/_control/order?externalOrderNo=T-1").first, 200);
    EXPECT_EQ(get(ports[1], "/_control/order?externalOrderNo=T-1").first, 404);
    EXPECT_EQ(get(ports[2], "/_control/order?externalOrderNo=T-1").first, 404);
    Poco::Process::requestTermination(c.handle->id());
    EXPECT_EQ(c.handle->wait(), 0);
#endif
}

// A repeated --erp-push-url is several addresses of one endpoint (workers behind a load
// balancer): the push attempts are spread over all of them, and {tenant} names each
// tenant's own path.
TEST(SandboxCli, JetshopPushSpreadsOverEveryUrlAndTenant) {
#ifndef SKARV_SANDBOX_HAVE_JETSHOP
    GTEST_SKIP() << "skarv_sandbox_jetshop is not built";
#else
    // Answers every request 503 (so Norce keeps it queued) and notes its request line.
    struct Receiver {
        Poco::Net::ServerSocket socket{Poco::Net::SocketAddress("127.0.0.1", 0)};
        std::atomic<bool> stop{false};
        std::mutex mu;
        std::vector<std::string> request_lines;
        std::thread thread{[this] {
            while (!stop) {
                if (!socket.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) continue;
                Poco::Net::StreamSocket s = socket.acceptConnection();
                s.setReceiveTimeout(Poco::Timespan(10, 0));
                std::string head;
                char buf[4096];
                while (head.find("\r\n\r\n") == std::string::npos) {
                    const int n = s.receiveBytes(buf, sizeof buf);
                    if (n <= 0) break;
                    head.append(buf, static_cast<size_t>(n));
                }
                {
                    std::lock_guard lock(mu);
                    request_lines.push_back(head.substr(0, head.find("\r\n")));
                }
                const std::string reply = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                s.sendBytes(reply.data(), static_cast<int>(reply.size()));
            }
        }};
        ~Receiver() {
            stop = true;
            thread.join();
        }
        std::string url() const { return "http://127.0.0.1:" + std::to_string(socket.address().port()) + "/push/m{tenant}/1"; }
    };
    Receiver a, b;
    Child c = spawn({"jetshop", "--port", "0", "--products", "3", "--orders", "0", "--tenants", "2", "--erp-push-url",
                     a.url(), "--erp-push-url", b.url()});
    std::vector<uint16_t> ports;
    {
        Poco::PipeInputStream in(*c.out);
        for (int i = 0; i < 2; ++i) {
            std::string line;
            std::getline(in, line);
            ports.push_back(port_of(line));
            ASSERT_NE(ports.back(), 0) << "got '" << line << "'";
        }
    }
    // 20 first attempts drawn between two addresses: all on one has odds 2 in 2^20.
    for (int i = 0; i < 10; ++i)
        for (auto port : ports) ASSERT_EQ(post(port, "/_control/orders", "{}").first, 201);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    auto seen = [](Receiver& r) {
        std::lock_guard lock(r.mu);
        return r.request_lines;
    };
    while (seen(a).size() + seen(b).size() < 20 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Poco::Process::requestTermination(c.handle->id());
    c.handle->wait();
    const auto at_a = seen(a), at_b = seen(b);
    EXPECT_FALSE(at_a.empty());
    EXPECT_FALSE(at_b.empty());
    std::set<std::string> lines(at_a.begin(), at_a.end());
    lines.insert(at_b.begin(), at_b.end());
    EXPECT_EQ(lines, (std::set<std::string>{"POST /push/m1/1 HTTP/1.1", "POST /push/m2/1 HTTP/1.1"}));
#endif
}
