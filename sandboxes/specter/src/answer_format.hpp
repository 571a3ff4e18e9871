#pragma once
// The two answer shapes of the Specter API. useXML=2 asks for XML on the calls that
// support it (api_dispatch); anything else (absent, 0, 1) gets the semicolon text the
// Prestaworks module parses with explode(';') after sending useXML=1 on its writes.
// Both go out in ISO-8859-1.

#include <string>
#include <string_view>

#include "form_params.hpp"
#include "skarv/sandbox/http_emulator.hpp"

namespace skarv::sandbox::specter {

enum class AnswerFormat { text, xml };
AnswerFormat answer_format(const Params& params);

// One answer, built in UTF-8.
struct Answer {
    bool ok = true;
    std::string id;        // text "1;<id>;<message>"; XML answers carry no id
    int code = 0;          // text "0;<code>;<message>", XML <code>
    std::string message = "OK";
    // Feeds answer a document instead of "1;id;msg" in text form (lines, may be empty).
    bool has_text_body = false;
    std::string text_body;
    // XML elements that follow <APIresponse> inside the root element.
    std::string xml_body;

    static Answer success(std::string id, std::string message = "OK");
    static Answer failure(int code, std::string message);
};

HttpReply render(const Answer& answer, AnswerFormat format, bool contradict_guesses = false);

std::string xml_escape(std::string_view text);
// ` name="value"` with the value escaped.
std::string xml_attr(std::string_view name, std::string_view value);
// <name>value</name> with the value escaped.
std::string xml_elem(std::string_view name, std::string_view value);

}  // namespace skarv::sandbox::specter
