// From an HTTP request on getInfo.asp / putInfo.asp to an answer: the action table,
// then the account and key checks, then the action itself.

#include "api_dispatch.hpp"

#include <cctype>

#include "api_actions.hpp"
#include "api_error.hpp"
#include "api_key.hpp"

namespace skarv::sandbox::specter {

std::string required(const Params& params, const std::string& name) {
    if (!params.has(name) || params.text(name).empty())
        throw ApiError(error_code::missing_parameter, "Missing " + name);
    return params.text(name);
}

int parse_int(const std::string& name, const std::string& text) {
    // Quantities come as "2" and sometimes "2.00"; a fraction is refused.
    std::size_t end = text.find_first_of(".,");
    std::string whole = text.substr(0, end);
    bool ok = !whole.empty() && whole.size() < 10;
    for (std::size_t i = 0; i < whole.size(); ++i)
        ok = ok && (std::isdigit(static_cast<unsigned char>(whole[i])) || (i == 0 && whole[i] == '-' && whole.size() > 1));
    if (end != std::string::npos)
        for (std::size_t i = end + 1; i < text.size(); ++i) ok = ok && text[i] == '0';
    if (!ok) throw ApiError(error_code::invalid_value, name + " '" + text + "' is not a whole number");
    return std::stoi(whole);
}

namespace {

enum class Page { get, put };

// What useXML=2 does on a call.
enum class Xml {
    // [SEEN] API description v2.45, version history: "Lagt till usexml=2 (xml-format) på
    // de ställen de stöds; getarticleinfoexternalneedupdate, updatearticleinfosfrombatch,
    // getarticleexternalneedupdate, updatearticlesfrombatch"; Prestaworks reads
    // getOrdersExternalNeedUpdate with useXML=2, Laravel newOrderSubmit&useXml=2.
    supported,
    // Prestaworks' clearAllQuesFromSBM reads the article-info and order feeds as XML
    // without asking for it.
    always,
    // Not in the record. guess specter.xml-elsewhere, docs/guesses.md
    unsupported,
};

struct Action {
    const char* name;   // lower case
    Page page;
    Xml xml;
    Answer (*run)(const Call&);
};

template <SpecterFeed F>
Answer fetch(const Call& c) { return fetch_feed(c, F); }
template <SpecterFeed F>
Answer ack(const Call& c) { return acknowledge_feed(c, F); }

// Reads on getInfo.asp, writes on putInfo.asp, as the real clients call them. Only
// actions a public client calls are here: an invented look-up would let a connector
// come to depend on it (the former getOrderByExternalOrderNo, audit top-10 #1).
constexpr Action actions[] = {
    {"checkaccountsettings", Page::get, Xml::unsupported, check_account_settings},
    {"getpdflink", Page::get, Xml::unsupported, get_pdf_link},
    {"getarticleexternalneedupdate", Page::get, Xml::supported, fetch<SpecterFeed::stock>},
    {"updatearticlesfrombatch", Page::get, Xml::supported, ack<SpecterFeed::stock>},
    {"getarticleinfoexternalneedupdate", Page::get, Xml::always, fetch<SpecterFeed::article_info>},
    {"updatearticleinfosfrombatch", Page::get, Xml::supported, ack<SpecterFeed::article_info>},
    {"getordersexternalneedupdate", Page::get, Xml::always, fetch<SpecterFeed::orders>},
    {"updateordersfrombatch", Page::get, Xml::unsupported, ack<SpecterFeed::orders>},
    // guess specter.price-lists, docs/guesses.md
    {"getpricelistexternalneedupdate", Page::get, Xml::always, fetch<SpecterFeed::price_lists>},
    {"updatepricelistsfrombatch", Page::get, Xml::unsupported, ack<SpecterFeed::price_lists>},
    {"newpricelistsubmit", Page::put, Xml::unsupported, new_price_list_submit},
    // Prestaworks' resyncStockFromSBM sends usexml=2 here (its answer is not parsed).
    {"cleararticlebatch", Page::get, Xml::supported, clear_article_batch},
    {"newcustomersubmit", Page::put, Xml::unsupported, new_customer_submit},
    {"newordersubmit", Page::put, Xml::supported, new_order_submit},
    {"newarticlesubmit", Page::put, Xml::unsupported, new_article_submit},
    {"newdeliverysubmit", Page::put, Xml::unsupported, new_delivery_submit},
    {"newinvoicesubmit", Page::put, Xml::unsupported, new_invoice_submit},
};

struct UnknownAction {};

bool same_text(const std::string& a, const std::string& b) { return lower(a) == lower(b); }

Answer run(const HttpRequest& request, const Params& params, Store& store, const std::string& base_url,
           AnswerFormat& format) {
    std::string action_name = lower(params.text("action"));
    Page page = lower(request.path) == "/putinfo.asp" ? Page::put : Page::get;
    const Action* action = nullptr;
    for (const auto& a : actions)
        if (a.name == action_name && a.page == page) action = &a;
    if (!action) throw UnknownAction{};
    if (action->xml == Xml::always) format = AnswerFormat::xml;
    // guess specter.xml-elsewhere, docs/guesses.md: text where XML is not documented.
    if (action->xml == Xml::unsupported && !store.options().contradict_guesses) format = AnswerFormat::text;

    const auto& o = store.options();
    if (!params.has("sbmId")) throw ApiError(error_code::missing_parameter, "Missing sbmId");
    if (params.text("sbmId") != o.sbm_id)
        throw ApiError(error_code::unknown_account, "Unknown sbmId '" + params.text("sbmId") + "'");
    // The v1 calls and the observed getPDFLink call send no apiUserId; when one is sent
    // it must be ours.
    if (params.has("apiUserId") && params.text("apiUserId") != o.api_user_id)
        throw ApiError(error_code::unknown_account, "Unknown apiUserId '" + params.text("apiUserId") + "'");
    if (!params.has("key")) throw ApiError(error_code::missing_parameter, "Missing key");
    Credentials credentials{o.sbm_id, o.api_user_id, o.api_user_key, o.integration_key};
    std::string expected = compute_key(credentials, call_value(action->name, params).value_or(""));
    // Hex is compared without regard to case; PHP's md5() sends lower case.
    if (!same_text(*params.raw("key"), expected))
        throw ApiError(o.contradict_guesses ? error_code::contradicted_wrong_key : error_code::wrong_key, "Wrong key");

    return action->run(Call{params, store, base_url, format});
}

}  // namespace

HttpReply handle_api_request(const HttpRequest& request, Store& store, const std::string& base_url) {
    Params params = Params::from_request(request);
    AnswerFormat format = answer_format(params);
    try {
        // Run first: an XML-only feed switches `format`, and the order in which a call's
        // arguments are evaluated is unspecified.
        Answer answer = run(request, params, store, base_url, format);
        return render(answer, format, store.options().contradict_guesses);
    } catch (const ApiError& e) {
        return render(Answer::failure(e.code, e.what()), format, store.options().contradict_guesses);
    } catch (const UnknownAction&) {
        // guess specter.unknown-action, docs/guesses.md: refused like any other call.
        // Contradicted, it is what an IIS/ASP page does with an unhandled case.
        if (store.options().contradict_guesses)
            return HttpReply::text("<html><body><h1>500 - Internal server error.</h1></body></html>", 500,
                                   "text/html");
        return render(Answer::failure(error_code::unknown_action, "Unknown action '" + params.text("action") + "'"),
                      AnswerFormat::text);
    }
}

}  // namespace skarv::sandbox::specter
