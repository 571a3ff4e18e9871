#pragma once
// Specter's push side: the actionNewInvoice callback (calltype 2). Specter calls the URL
// registered with checkAccountSettings, its placeholders $orderId, $invoiceId and
// $invoiceSource filled in ([SEEN] Prestaworks specter.php and specterreciever.php).
// `callback.parse` turns one such call, as skarv run's /callback route received it, into
// an invoiced OrderStatusEvent with the capture of what this connector wrote;
// `register_callbacks` sends Specter the URL.

#include <atomic>
#include <string>

#include <boost/json.hpp>

#include <skarv/plugin.hpp>

#include "api_client.hpp"

namespace specter {

class CallbackEvents {
public:
    CallbackEvents(const ApiClient& api, skarv::HostServices host) : api_(api), host_(host) {}

    // {"secret", "query", "body"} -> {"records": [OrderStatusEvent], "reply": {...}}.
    boost::json::object parse(const boost::json::object& request) const;
    // checkAccountSettings with actionNewInvoice only, keyed over `date`.
    void register_callbacks(const std::string& date) const;
    // The same, once per instance: `skarv run` and `skarv sync` register the callback
    // at their first status read, so an operator need not run `skarv check` first.
    void ensure_registered(const std::string& date) const;

private:
    mutable std::atomic<bool> registered_{false};
    const ApiClient& api_;
    skarv::HostServices host_;
};

}  // namespace specter
