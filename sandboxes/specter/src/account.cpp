// checkAccountSettings: validates the account and registers the callback URLs Specter
// would call on changes (kept and shown in the state; the emulator does not call them).

#include "api_actions.hpp"
#include "api_error.hpp"

namespace skarv::sandbox::specter {

Answer check_account_settings(const Call& call) {
    std::string webshop = call.store.resolve_webshop(call.params.text("webshopId"));
    // The date is part of the key; it is not compared with the clock so tests stay
    // deterministic at midnight.
    required(call.params, "date");
    std::map<std::string, std::string> urls;
    for (const char* name : {"actionStockChange", "actionNewInvoice", "actionRemoveOrder", "actionArticleChange",
                             "actionOrderChange"})
        if (call.params.has(name)) urls[name] = call.params.text(name);
    // [SEEN] Prestaworks sends all five, an empty one to switch it off. What a field
    // that is not sent does is not public: guess specter.callback-fields-kept,
    // docs/guesses.md (kept as it was; contradicted, cleared).
    call.store.register_callbacks(webshop, std::move(urls), !call.store.options().contradict_guesses);
    return Answer::success(call.store.options().sbm_id, "Account settings OK");
}

}  // namespace skarv::sandbox::specter
