#pragma once
// The API calls, each turning one request's parameters into a Store operation and an
// Answer. The credentials and key are checked before any of these runs (api_dispatch).

#include <string>

#include "answer_format.hpp"
#include "form_params.hpp"
#include "store.hpp"

namespace skarv::sandbox::specter {

struct Call {
    const Params& params;
    Store& store;
    std::string base_url;
    AnswerFormat format = AnswerFormat::text;
};

Answer new_customer_submit(const Call& call);
Answer new_order_submit(const Call& call);
Answer new_article_submit(const Call& call);
Answer new_price_list_submit(const Call& call);
Answer new_delivery_submit(const Call& call);
Answer new_invoice_submit(const Call& call);
Answer get_pdf_link(const Call& call);
Answer check_account_settings(const Call& call);
Answer fetch_feed(const Call& call, SpecterFeed feed);
Answer acknowledge_feed(const Call& call, SpecterFeed feed);
Answer clear_article_batch(const Call& call);

// Helpers for parsing the numbered fields.
std::string required(const Params& params, const std::string& name);
int parse_int(const std::string& name, const std::string& text);
// An XML <order> element as the order feed shows it.
std::string order_xml(const SpecterOrder& order, bool deliveries_updated);

}  // namespace skarv::sandbox::specter
