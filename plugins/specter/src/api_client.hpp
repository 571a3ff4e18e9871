#pragma once
// Talking to Specter's query-string API: the per-call MD5 key, Latin-1 on the wire,
// answers ("1;id;msg" / "0;code;msg" text, or <APIresponse> XML) read into one shape,
// and Specter's error codes turned into classified PluginErrors that name the record.
// The key travels in the query string, so no URL with its query ever reaches a message.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Poco/AutoPtr.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>

#include <skarv/http_client.hpp>
#include <skarv/plugin.hpp>

#include "config.hpp"

namespace specter {

// Specter's answer codes this connector acts on. 99 is [SEEN] in public clients; the
// others are guesses (guess specter.error-codes and specter.duplicate-refusal,
// docs/guesses.md): any other code is reported with Specter's own message.
namespace code {
inline constexpr int unknown_account = 2;
inline constexpr int wrong_key = 3;
inline constexpr int unknown_action = 4;
inline constexpr int duplicate_external_order_no = 13;
inline constexpr int open_batch = 99;
}  // namespace code

// useXML: "1" is the text answer every public write reads ("1;id;msg"); "2" is XML,
// documented only on the feed calls (API description v2.45, version history).
inline constexpr const char* kText = "1";
inline constexpr const char* kXml = "2";

using Fields = std::vector<std::pair<std::string, std::string>>;   // UTF-8 values, in order

struct Answer {
    bool ok = false;
    int code = 0;
    std::string id;        // the new id on success (text answers only)
    std::string message;   // UTF-8
    Poco::AutoPtr<Poco::XML::Document> xml;   // null for a text answer
    // The document element's payload element, e.g. <orders>; null when absent.
    Poco::XML::Element* payload(const std::string& name) const;
};

std::string md5_hex(const std::string& bytes);
// x-www-form-urlencoded of raw bytes (already Latin-1: skarv::text::utf8_to_latin1).
std::string form_encode(const std::string& bytes);
// The v2 key: md5(IntegrationKey + md5(ApiUserKey + sbmId + X)), X as Latin-1 bytes.
std::string api_key(const Config& config, const std::string& call_value_utf8);
// Reads an answer body: XML when it starts with '<', else "result;id;message".
// Throws a retryable PluginError when it is neither (a cut or garbled answer).
Answer parse_answer(const std::string& body, const std::string& action, const std::string& what);

// XML helpers over Poco's DOM: children by tag name and their text.
std::vector<Poco::XML::Element*> children(const Poco::XML::Node* parent, const std::string& name);
std::string child_text(const Poco::XML::Node* parent, const std::string& name);

class ApiClient {
public:
    explicit ApiClient(const Config& config);

    // getInfo.asp / putInfo.asp with action, sbmId, apiUserId, useXML and the key over
    // `call_value`. Transport failures and HTTP errors throw (classified by HttpClient);
    // Specter's own "0;code" answers come back with ok=false for the caller to judge.
    Answer get(const std::string& action, const std::string& call_value, const Fields& fields,
               const std::string& what, const char* use_xml = kText) const;
    Answer put(const std::string& action, const std::string& call_value, const Fields& fields,
               const std::string& what, const char* use_xml = kText) const;
    // The same call with a key the caller chooses and the raw answer, for the probe.
    skarv::HttpResponse raw(bool put, const std::string& action, const std::string& key, const Fields& fields,
                            const char* use_xml) const;

    const Config& config() const { return config_; }

private:
    Answer call(bool put, const std::string& action, const std::string& call_value, const Fields& fields,
                const std::string& what, const char* use_xml) const;
    const Config& config_;
    skarv::HttpClient http_;
};

// Turns a refused answer into the PluginError it deserves: auth for an unknown account
// or a wrong key, invalid for the rest, always with Specter's own message. `what` names
// the record ("order 100234").
skarv::PluginError refusal(const Answer& answer, const std::string& action, const std::string& what);
// Throws refusal(...) unless the answer is ok.
const Answer& require_ok(const Answer& answer, const std::string& action, const std::string& what);

}  // namespace specter
