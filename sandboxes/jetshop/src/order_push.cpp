#include "order_push.hpp"

#include <random>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "order_book.hpp"
#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

namespace {

struct Outcome {
    int http_status = 0;
    std::string body, error;
};

// One of the endpoint's addresses; a different generator per thread, so nothing is shared.
const std::string& pick_url(const JetshopEmulator::Options& o) {
    if (o.erp_push_more_urls.empty()) return o.erp_push_url;
    thread_local std::mt19937 random{std::random_device{}()};
    const auto i = std::uniform_int_distribution<std::size_t>(0, o.erp_push_more_urls.size())(random);
    return i == 0 ? o.erp_push_url : o.erp_push_more_urls[i - 1];
}

Outcome post(const JetshopEmulator::Options& o, const std::string& body) {
    Outcome out;
    try {
        const Poco::URI uri(pick_url(o));
        if (uri.getScheme() != "http") {
            out.error = "the emulator pushes over plain http only, not '" + uri.getScheme() + "'";
            return out;
        }
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        session.setTimeout(Poco::Timespan(static_cast<long>(o.push_timeout_ms) * 1000));
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        req.setContentType("application/json; charset=utf-8");
        req.set("Accept", "application/json");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        Poco::Net::HTTPBasicCredentials(o.erp_push_user, o.erp_push_password).authenticate(req);
        session.sendRequest(req) << body;
        Poco::Net::HTTPResponse resp;
        std::istream& in = session.receiveResponse(resp);
        Poco::StreamCopier::copyToString(in, out.body);
        out.http_status = static_cast<int>(resp.getStatus());
    } catch (const Poco::Exception& e) {
        out.error = e.displayText();
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    return out;
}

}  // namespace

void OrderPusher::start() {
    if (shop_.options.erp_push_url.empty()) return;
    thread_ = std::thread([this] { loop(); });
}

void OrderPusher::stop() {
    if (thread_.joinable()) {
        shop_.push_cv.notify_all();
        thread_.join();
    }
}

void OrderPusher::loop() {
    const auto& opt = shop_.options;
    std::unique_lock lock(shop_.mu);
    while (!shop_.stopping) {
        Order* next = nullptr;
        for (auto& [ref, o] : shop_.orders)
            if (o.push_wanted && !o.push_delivered && !o.push_given_up &&
                (!next || o.next_push_at < next->next_push_at || (o.next_push_at == next->next_push_at && o.id < next->id)))
                next = &o;
        if (!next) {
            shop_.push_cv.wait(lock);
            continue;
        }
        if (next->next_push_at > Clock::now()) {
            shop_.push_cv.wait_until(lock, next->next_push_at);
            continue;
        }
        const std::string ref = next->client_order_ref;
        const std::string body = wire_text(order_request(shop_, *next));
        const int number = static_cast<int>(next->push_attempts.size()) + 1;
        // No lock while the ERP thinks: handlers must keep answering meanwhile.
        lock.unlock();
        const Outcome out = post(opt, body);
        lock.lock();
        const auto it = shop_.orders.find(ref);
        if (it == shop_.orders.end()) continue;
        Order& o = it->second;
        PushAttempt a;
        a.number = number;
        a.at = now_iso();
        a.http_status = out.http_status;
        a.error = out.error;
        bool ok = false;
        if (out.error.empty()) {
            boost::system::error_code ec;
            const json::value v = json::parse(out.body, ec);
            if (ec || !v.is_object()) {
                a.error = "answer is not an OrderResponse JSON object";
            } else {
                const auto& r = v.get_object();
                a.status_code = string_field(r, "StatusCode");
                a.description = string_field(r, "Description");
                ok = out.http_status / 100 == 2 && iequals(a.status_code, "OK");
                const std::string erp_no = string_field(r, "ErpOrderNo");
                if (ok && bool_field(r, "HasErpOrderNo").value_or(!erp_no.empty()) && !erp_no.empty())
                    o.erp_order_no = erp_no;
            }
        }
        o.push_attempts.push_back(a);
        if (ok) {
            o.push_delivered = true;
            o.updated = now_iso();
        } else if (opt.push_max_attempts > 0 && number >= opt.push_max_attempts) {
            o.push_given_up = true;
        } else {
            o.next_push_at = Clock::now() + std::chrono::milliseconds(opt.push_retry_ms);
        }
    }
}

}  // namespace skarv::sandbox::jetshop
