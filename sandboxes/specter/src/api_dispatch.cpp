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

struct Action {
    const char* name;   // lower case
    Page page;
    // Feeds only ever seen with useXML=2 answer XML whatever the call asks.
    bool xml_only;
    Answer (*run)(const Call&);
};

template <SpecterFeed F>
Answer fetch(const Call& c) { return fetch_feed(c, F); }
template <SpecterFeed F>
Answer ack(const Call& c) { return acknowledge_feed(c, F); }

// Reads on getInfo.asp, writes on putInfo.asp, as the real clients call them.
constexpr Action actions[] = {
    {"checkaccountsettings", Page::get, false, check_account_settings},
    {"getpdflink", Page::get, false, get_pdf_link},
    {"getarticleexternalneedupdate", Page::get, false, fetch<SpecterFeed::stock>},
    {"updatearticlesfrombatch", Page::get, false, ack<SpecterFeed::stock>},
    {"getarticleinfoexternalneedupdate", Page::get, true, fetch<SpecterFeed::article_info>},
    {"updatearticleinfosfrombatch", Page::get, false, ack<SpecterFeed::article_info>},
    {"getordersexternalneedupdate", Page::get, true, fetch<SpecterFeed::orders>},
    {"updateordersfrombatch", Page::get, false, ack<SpecterFeed::orders>},
    // GUESS: price lists (README, "Price lists"); the feed only ever answers XML.
    {"getpricelistexternalneedupdate", Page::get, true, fetch<SpecterFeed::price_lists>},
    {"updatepricelistsfrombatch", Page::get, false, ack<SpecterFeed::price_lists>},
    {"newpricelistsubmit", Page::put, false, new_price_list_submit},
    {"cleararticlebatch", Page::get, false, clear_article_batch},
    {"getorderbyexternalorderno", Page::get, false, get_order_by_external_order_no},
    {"newcustomersubmit", Page::put, false, new_customer_submit},
    {"newordersubmit", Page::put, false, new_order_submit},
    {"newarticlesubmit", Page::put, false, new_article_submit},
    {"newdeliverysubmit", Page::put, false, new_delivery_submit},
    {"newinvoicesubmit", Page::put, false, new_invoice_submit},
};

bool same_text(const std::string& a, const std::string& b) { return lower(a) == lower(b); }

Answer run(const HttpRequest& request, const Params& params, Store& store, const std::string& base_url,
           AnswerFormat& format) {
    std::string action_name = lower(params.text("action"));
    Page page = lower(request.path) == "/putinfo.asp" ? Page::put : Page::get;
    const Action* action = nullptr;
    for (const auto& a : actions)
        if (a.name == action_name && a.page == page) action = &a;
    if (!action)
        throw ApiError(error_code::unknown_action, "Unknown action '" + params.text("action") + "'");
    if (action->xml_only) format = AnswerFormat::xml;

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
    if (!same_text(*params.raw("key"), expected)) throw ApiError(error_code::wrong_key, "Wrong key");

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
        return render(answer, format);
    } catch (const ApiError& e) {
        return render(Answer::failure(e.code, e.what()), format);
    }
}

}  // namespace skarv::sandbox::specter
