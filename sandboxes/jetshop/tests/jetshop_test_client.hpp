#pragma once
// A plain Poco HTTP client for the contract tests: the tests see the emulator only the
// way a connector would, over loopback.

#include <chrono>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <set>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "skarv/sandbox/jetshop_emulator.hpp"

namespace jetshop_test {

namespace json = boost::json;
using skarv::sandbox::JetshopEmulator;
using skarv::sandbox::JetshopPaths;

struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;
    json::value json() const {
        boost::system::error_code ec;
        auto v = json::parse(body, ec);
        return ec ? json::value(nullptr) : v;
    }
};

inline Reply call(const std::string& base_url, const std::string& method, const std::string& path_and_query,
                  const std::string& body = "", std::map<std::string, std::string> headers = {},
                  const std::string& content_type = "application/json") {
    const Poco::URI uri(base_url);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest req(method, path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() || method == "POST") {
        req.setContentType(content_type);
        req.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    Reply r;
    Poco::StreamCopier::copyToString(in, r.body);
    r.status = static_cast<int>(resp.getStatus());
    for (const auto& [k, v] : resp) r.headers[k] = v;
    return r;
}

inline std::string connect(const std::string& p) { return std::string(JetshopPaths::connect) + p; }
inline std::string query(const std::string& p) { return std::string(JetshopPaths::query) + p; }

inline Reply request_token(const std::string& base, const std::string& id, const std::string& secret) {
    return call(base, "POST", JetshopPaths::token,
                "grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret + "&scope=playground",
                {}, "application/x-www-form-urlencoded");
}

// An emulator plus a token, for tests of everything behind the token.
class Fixture : public ::testing::Test {
protected:
    void boot(JetshopEmulator::Options o = {}) {
        emu = std::make_unique<JetshopEmulator>(std::move(o));
        emu->start();
        base = emu->base_url();
        const Reply t = request_token(base, "skarv", "skarv-secret");
        ASSERT_EQ(t.status, 200) << t.body;
        token = std::string(t.json().at("access_token").as_string());
    }
    void TearDown() override {
        if (emu) emu->stop();
    }
    std::map<std::string, std::string> auth(std::map<std::string, std::string> extra = {}) const {
        extra["Authorization"] = "Bearer " + token;
        return extra;
    }
    Reply post(const std::string& path, const json::value& body, std::map<std::string, std::string> extra = {}) {
        return call(base, "POST", path, json::serialize(body), auth(std::move(extra)));
    }
    Reply get(const std::string& path_and_query) { return call(base, "GET", path_and_query, "", auth()); }
    json::value state() { return call(base, "GET", "/_control/state").json(); }

    // Polls Job/Get until the job is finished; returns the last JobDto.
    json::object wait_job(const std::string& job_id) {
        for (int i = 0; i < 200; ++i) {
            const Reply r = get(connect("/api/Job/Get?id=" + job_id));
            if (r.status == 200 && r.json().as_object().at("IsFinished").as_bool()) return r.json().as_object();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ADD_FAILURE() << "job " << job_id << " never finished";
        return {};
    }
    // Runs an import and waits for its job; returns {JobResponse, JobDto}.
    std::pair<json::object, json::object> import(const std::string& what, const json::value& items,
                                                 const std::string& header) {
        const Reply r = post(connect("/Product/" + what), items, {{"X-StormConnect-Header", header}});
        EXPECT_EQ(r.status, 200) << r.body;
        if (r.status != 200) return {};
        const json::object resp = r.json().as_object();
        return {resp, wait_job(std::string(resp.at("JobId").as_string()))};
    }

    std::unique_ptr<JetshopEmulator> emu;
    std::string base, token;
};

inline bool eventually(const std::function<bool()>& pred, int timeout_ms = 5000) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < until) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
}

inline double num(const json::value& v) { return v.to_number<double>(); }

}  // namespace jetshop_test
