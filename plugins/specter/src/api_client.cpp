#include "api_client.hpp"

#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/MD5Engine.h>
#include <Poco/SAX/InputSource.h>

#include <sstream>

#include <skarv/text_encoding.hpp>

namespace specter {

std::string md5_hex(const std::string& bytes) {
    Poco::MD5Engine md5;
    md5.update(bytes);
    return Poco::DigestEngine::digestToHex(md5.digest());
}

std::string form_encode(const std::string& bytes) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 3);
    for (unsigned char c : bytes) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                     c == '_' || c == '.' || c == '~';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string api_key(const Config& config, const std::string& call_value_utf8) {
    return md5_hex(config.integration_key + md5_hex(config.api_user_key + config.sbm_id + skarv::text::utf8_to_latin1(call_value_utf8)));
}

std::vector<Poco::XML::Element*> children(const Poco::XML::Node* parent, const std::string& name) {
    std::vector<Poco::XML::Element*> out;
    if (!parent) return out;
    for (auto* n = parent->firstChild(); n; n = n->nextSibling())
        if (n->nodeType() == Poco::XML::Node::ELEMENT_NODE && n->nodeName() == name)
            out.push_back(static_cast<Poco::XML::Element*>(n));
    return out;
}

std::string child_text(const Poco::XML::Node* parent, const std::string& name) {
    auto list = children(parent, name);
    return list.empty() ? std::string() : list.front()->innerText();
}

Poco::XML::Element* Answer::payload(const std::string& name) const {
    if (!xml) return nullptr;
    auto found = children(xml->documentElement(), name);
    if (!found.empty()) return found.front();
    // Should the real document element be the payload's own parent-less root.
    auto* root = xml->documentElement();
    return root && root->nodeName() == name ? root : nullptr;
}

namespace {

skarv::PluginError unreadable(const std::string& action, const std::string& what, const std::string& why) {
    // A cut or garbled answer is a transport problem: the write may have happened, and
    // the look-up before the next create finds it.
    return skarv::PluginError::retryable("malformed_answer", "Specter's answer to " + action +
                                                                 (what.empty() ? "" : " (" + what + ")") +
                                                                 " is unreadable: " + why);
}

int to_int(const std::string& text, bool& ok) {
    ok = !text.empty() && text.size() < 10;
    for (std::size_t i = 0; ok && i < text.size(); ++i) ok = text[i] >= '0' && text[i] <= '9';
    return ok ? std::stoi(text) : 0;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

}  // namespace

Answer parse_answer(const std::string& body, const std::string& action, const std::string& what) {
    std::string text = trim(body);
    if (text.empty()) throw unreadable(action, what, "empty body");
    Answer a;
    if (text.front() == '<') {
        try {
            // The declaration says ISO-8859-1; the parser hands back UTF-8.
            Poco::XML::DOMParser parser;
            parser.setFeature(Poco::XML::DOMParser::FEATURE_FILTER_WHITESPACE, true);
            a.xml = parser.parseString(text);
        } catch (const Poco::Exception& e) {
            throw unreadable(action, what, "not well-formed XML (" + e.displayText() + ")");
        }
        auto* root = a.xml->documentElement();
        auto status = children(root, "APIresponse");
        const Poco::XML::Node* r = status.empty() ? nullptr : status.front();
        if (!r && root && root->nodeName() == "APIresponse") r = root;
        if (!r) throw unreadable(action, what, "no <APIresponse>");
        bool ok_result = false, ok_code = true;
        int result = to_int(trim(child_text(r, "result")), ok_result);
        std::string code_text = trim(child_text(r, "code"));
        a.code = code_text.empty() ? 0 : to_int(code_text, ok_code);
        if (!ok_result || !ok_code || (result != 0 && result != 1)) throw unreadable(action, what, "no result code");
        a.ok = result == 1;
        // [SEEN] result, code, message; no public client reads an id from XML.
        a.message = child_text(r, "message");
        return a;
    }
    // "1;<id>;<message>" or "0;<code>;<message>": Latin-1 like every answer. [SEEN]
    // Prestaworks reads three fields (list($result, $id, $other) = explode(';', ...)); an
    // answer cut before the second ';' could pass for a shorter id, so it is unreadable.
    std::string utf8 = skarv::text::latin1_to_utf8(text);
    auto first = utf8.find(';');
    if (first == std::string::npos) throw unreadable(action, what, "no result field");
    auto second = utf8.find(';', first + 1);
    if (second == std::string::npos) throw unreadable(action, what, "cut before its message");
    std::string result = utf8.substr(0, first);
    std::string field = utf8.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
    a.message = second == std::string::npos ? "" : utf8.substr(second + 1);
    if (result == "1") {
        a.ok = true;
        a.id = field;
    } else if (result == "0") {
        bool ok = false;
        a.code = to_int(field, ok);
        if (!ok) throw unreadable(action, what, "no error code");
    } else {
        throw unreadable(action, what, "result is neither 0 nor 1");
    }
    return a;
}

ApiClient::ApiClient(const Config& config) : config_(config), http_(config.base_url, config.timeout) {}

Answer ApiClient::get(const std::string& action, const std::string& call_value, const Fields& fields,
                      const std::string& what, const char* use_xml) const {
    return call(false, action, call_value, fields, what, use_xml);
}

Answer ApiClient::put(const std::string& action, const std::string& call_value, const Fields& fields,
                      const std::string& what, const char* use_xml) const {
    return call(true, action, call_value, fields, what, use_xml);
}

namespace {
std::string form_pair(const std::string& k, const std::string& v) {
    return form_encode(k) + "=" + form_encode(skarv::text::utf8_to_latin1(v));
}
}  // namespace

skarv::HttpResponse ApiClient::raw(bool put, const std::string& action, const std::string& key, const Fields& fields,
                                   const char* use_xml) const {
    std::string query = form_pair("action", action) + "&" + form_pair("sbmId", config_.sbm_id) + "&" +
                        form_pair("apiUserId", config_.api_user_id) + "&" + form_pair("useXML", use_xml) + "&" +
                        form_pair("key", key);
    std::string body;
    for (const auto& [k, v] : fields) {
        std::string& target = put ? body : query;
        if (!target.empty()) target += '&';
        target += form_pair(k, v);
    }
    return http_.send(put ? "POST" : "GET", (put ? "/putInfo.asp?" : "/getInfo.asp?") + query, body, {},
                      "application/x-www-form-urlencoded; charset=ISO-8859-1", "probe " + action);
}

Answer ApiClient::call(bool put, const std::string& action, const std::string& call_value, const Fields& fields,
                       const std::string& what, const char* use_xml) const {
    auto pair = form_pair;
    std::string query = pair("action", action) + "&" + pair("sbmId", config_.sbm_id) + "&" +
                        pair("apiUserId", config_.api_user_id) + "&" + pair("useXML", use_xml) + "&" +
                        pair("key", api_key(config_, call_value));
    std::string body;
    for (const auto& [k, v] : fields) {
        std::string& target = put ? body : query;
        if (!target.empty()) target += '&';
        target += pair(k, v);
    }
    std::string path = put ? "/putInfo.asp?" : "/getInfo.asp?";
    // HttpClient names only method and path in its errors, never the query with the key.
    auto response = http_.request(put ? "POST" : "GET", path + query, body, {},
                                  "application/x-www-form-urlencoded; charset=ISO-8859-1",
                                  what.empty() ? action : action + ", " + what);
    return parse_answer(response.body, action, what);
}

skarv::PluginError refusal(const Answer& answer, const std::string& action, const std::string& what) {
    std::string where = (what.empty() ? std::string() : what + ": ") + "Specter refused " + action + " (code " +
                        std::to_string(answer.code) + ")";
    std::string message = answer.message.empty() ? where : where + ": " + answer.message;
    if (answer.code == code::unknown_account || answer.code == code::wrong_key)
        return skarv::PluginError::auth(message + "; check sbm_id, api_user_id, api_user_key and integration_key");
    if (answer.code == code::open_batch) return skarv::PluginError::retryable("specter_open_batch", message);
    // Only 99 is public; every other code is passed on with Specter's own message.
    return skarv::PluginError::invalid("specter_" + std::to_string(answer.code), message);
}

const Answer& require_ok(const Answer& answer, const std::string& action, const std::string& what) {
    if (!answer.ok) throw refusal(answer, action, what);
    return answer;
}

}  // namespace specter
