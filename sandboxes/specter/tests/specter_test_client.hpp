#pragma once
// A plain Poco HTTP client that talks to the emulator the way a PHP Specter client
// does: UTF-8 text converted to Latin-1, then urlencoded, keys computed independently
// of the emulator's own code.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <Poco/DigestEngine.h>
#include <Poco/Latin1Encoding.h>
#include <Poco/MD5Engine.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/TextConverter.h>
#include <Poco/URI.h>
#include <Poco/UTF8Encoding.h>
#include <boost/json.hpp>

#include "skarv/sandbox/specter_emulator.hpp"

namespace specter_test {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Reply {
    int status = 0;
    std::string body;           // bytes as received
    std::string content_type;
    std::string retry_after;
};

inline std::string to_latin1(const std::string& utf8) {
    Poco::UTF8Encoding from;
    Poco::Latin1Encoding to;
    Poco::TextConverter conv(from, to, '?');
    std::string out;
    conv.convert(utf8, out);
    return out;
}

inline std::string to_utf8(const std::string& latin1) {
    Poco::Latin1Encoding from;
    Poco::UTF8Encoding to;
    Poco::TextConverter conv(from, to, '?');
    std::string out;
    conv.convert(latin1, out);
    return out;
}

inline std::string md5(const std::string& bytes) {
    Poco::MD5Engine e;
    e.update(bytes);
    return Poco::DigestEngine::digestToHex(e.digest());
}

// The v2 formula, written out again here so the test does not trust the emulator's.
inline std::string v2_key(const skarv::sandbox::SpecterEmulator::Options& o, const std::string& x_utf8) {
    return md5(o.integration_key + md5(o.api_user_key + o.sbm_id + to_latin1(x_utf8)));
}

inline std::string encode(const std::string& bytes) {
    std::string out;
    Poco::URI::encode(bytes, "&=+;#?/ ", out);
    return out;
}

// UTF-8 fields -> Latin-1 -> urlencoded.
inline std::string form(const Fields& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
        if (!out.empty()) out += '&';
        out += encode(k) + "=" + encode(to_latin1(v));
    }
    return out;
}

inline Reply request(const std::string& base_url, const std::string& method, const std::string& path_and_query,
                     const std::string& body = "",
                     const std::string& content_type = "application/x-www-form-urlencoded") {
    Poco::URI uri(base_url);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest req(method, path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
    if (method != "GET") {
        req.setContentType(content_type);
        req.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    auto& os = session.sendRequest(req);
    if (method != "GET") os << body;
    Poco::Net::HTTPResponse resp;
    auto& is = session.receiveResponse(resp);
    Reply r;
    r.status = static_cast<int>(resp.getStatus());
    r.content_type = resp.getContentType();
    r.retry_after = resp.get("Retry-After", "");
    Poco::StreamCopier::copyToString(is, r.body);
    return r;
}

// One Specter client bound to an emulator and its credentials.
class Client {
public:
    explicit Client(skarv::sandbox::SpecterEmulator& emu) : emu_(emu), o_(emu.options()) {}

    // The common parameters plus the key over x; query holds them, body the fields.
    Reply put(const std::string& action, const std::string& x, const Fields& body, const Fields& extra_query = {},
              const std::string& use_xml = "1") {
        return request(emu_.base_url(), "POST", "/putInfo.asp?" + query(action, x, extra_query, use_xml), form(body));
    }
    Reply get(const std::string& action, const std::string& x, const Fields& extra_query = {},
              const std::string& use_xml = "") {
        return request(emu_.base_url(), "GET", "/getInfo.asp?" + query(action, x, extra_query, use_xml));
    }
    std::string query(const std::string& action, const std::string& x, const Fields& extra,
                      const std::string& use_xml) const {
        Fields f{{"action", action}, {"sbmId", o_.sbm_id}, {"apiUserId", o_.api_user_id}};
        if (!use_xml.empty()) f.emplace_back("useXML", use_xml);
        f.emplace_back("key", key_override.empty() ? v2_key(o_, x) : key_override);
        for (const auto& kv : extra) f.push_back(kv);
        return form(f);
    }

    // POST a JSON body to an ERP-side control endpoint (/_control/<name>, or the
    // /_specter/control/ alias while the frame keeps /_control/ to itself).
    Reply control(const std::string& name, const boost::json::value& body) {
        std::string json = boost::json::serialize(body);
        Reply r = request(emu_.base_url(), "POST", "/_control/" + name, json, "application/json");
        if (r.status == 404 && r.body.find("no control endpoint") != std::string::npos)
            r = request(emu_.base_url(), "POST", "/_specter/control/" + name, json, "application/json");
        return r;
    }

    boost::json::value state() {
        return boost::json::parse(request(emu_.base_url(), "GET", "/_control/state").body);
    }

    std::string key_override;

private:
    skarv::sandbox::SpecterEmulator& emu_;
    skarv::sandbox::SpecterEmulator::Options o_;
};

// "1;10001;Customer created" -> {"1", "10001", "Customer created"}.
inline std::vector<std::string> split(const std::string& s, char sep = ';') {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

inline skarv::sandbox::SpecterEmulator::Options small_options() {
    skarv::sandbox::SpecterEmulator::Options o;
    o.seed.products = 4;
    o.seed.variants_per_product = 2;
    o.seed.orders = 0;
    o.seed.channels = 2;
    o.today = "2026-11-23";
    return o;
}

// A private customer "Åsa Öberg"; answers her customer id.
inline std::string create_customer(Client& c, const std::string& email = "asa@example.se") {
    Reply r = c.put("newCustomerSubmit", "Åsa Öberg",
                    {{"customerOrganizationalForm", "P"},
                     {"firstName", "Åsa"},
                     {"surName", "Öberg"},
                     {"emailAddress", email},
                     {"currency", "SEK"},
                     {"city", "Göteborg"}});
    auto parts = split(r.body);
    return parts.size() >= 2 && parts[0] == "1" ? parts[1] : std::string{};
}

}  // namespace specter_test
