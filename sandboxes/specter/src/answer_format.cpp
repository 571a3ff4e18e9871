#include "answer_format.hpp"

#include <skarv/text_encoding.hpp>

namespace skarv::sandbox::specter {

namespace {
// The public clients read <APIresponse>, <orders>, <articles> ... as children of the
// document element through SimpleXML, which hides that element's name.
// guess specter.xml-document, docs/guesses.md
constexpr const char* xml_root = "response";
constexpr const char* xml_declaration = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n";
}  // namespace

AnswerFormat answer_format(const Params& params) {
    return params.text("useXML") == "2" ? AnswerFormat::xml : AnswerFormat::text;
}

Answer Answer::success(std::string id, std::string message) {
    Answer a;
    a.id = std::move(id);
    a.message = std::move(message);
    return a;
}

Answer Answer::failure(int code, std::string message) {
    Answer a;
    a.ok = false;
    a.code = code;
    a.message = std::move(message);
    return a;
}

// Apostrophes stay as they are: attributes are double-quoted, and clients look for the
// quoted batch number in the 99 message with explode("'").
std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string xml_attr(std::string_view name, std::string_view value) {
    std::string out = " ";
    out.append(name);
    out += "=\"";
    out += xml_escape(value);
    out += '"';
    return out;
}

std::string xml_elem(std::string_view name, std::string_view value) {
    std::string out = "<";
    out.append(name);
    out += '>';
    out += xml_escape(value);
    out += "</";
    out.append(name);
    out += '>';
    return out;
}

namespace {
// Clients split text answers on ';' (and feeds on CR), so a message that quotes the
// caller's data must not carry either.
std::string text_field(std::string s) {
    for (auto& c : s)
        if (c == ';') c = ',';
        else if (c == '\r' || c == '\n') c = ' ';
    return s;
}
}  // namespace

HttpReply render(const Answer& a, AnswerFormat format, bool contradict_guesses) {
    if (format == AnswerFormat::text) {
        std::string body;
        if (a.ok && a.has_text_body) {
            body = a.text_body;
        } else if (a.ok) {
            body = "1;" + text_field(a.id) + ";" + text_field(a.message);
        } else {
            body = "0;" + std::to_string(a.code) + ";" + text_field(a.message);
        }
        return HttpReply::text(skarv::text::utf8_to_latin1(body), 200, "text/plain; charset=ISO-8859-1");
    }
    // [SEEN] <APIresponse> holds result, code and message: Prestaworks reads ->code and
    // ->message, Laravel ->result. No client reads an id from it, so none is offered.
    // Contradicting specter.xml-document: no declaration, so the Latin-1 bytes are
    // undeclared.
    std::string body = contradict_guesses ? "" : xml_declaration;
    body += "<";
    body += xml_root;
    body += "><APIresponse>";
    body += xml_elem("result", a.ok ? "1" : "0");
    body += xml_elem("code", std::to_string(a.code));
    body += xml_elem("message", a.message);
    body += "</APIresponse>";
    if (a.ok) body += a.xml_body;
    body += "</";
    body += xml_root;
    body += ">\n";
    return HttpReply::text(skarv::text::utf8_to_latin1(body), 200, "text/xml; charset=ISO-8859-1");
}

}  // namespace skarv::sandbox::specter
