#include "skarv/host/flow/flow_plan.hpp"

#include <map>
#include <stdexcept>

namespace skarv::host {

const std::vector<std::string>& all_entities() {
    static const std::vector<std::string> entities = {"products", "pricelists", "prices", "stock", "orders", "status",
                                                            "settlements"};
    return entities;
}

const char* to_string(Direction d) { return d == Direction::shop_to_erp ? "shop->erp" : "erp->shop"; }

std::vector<EntityFlow> plan_for(const std::string& preset, const boost::json::object* masters) {
    // master of each entity: "shop" means shop -> ERP, "erp" means ERP -> shop.
    std::map<std::string, std::string> master;
    if (preset == "ecom") {
        master = {{"products", "shop"}, {"orders", "shop"}, {"status", "erp"}};
    } else if (preset == "erp") {
        master = {{"products", "erp"}, {"prices", "erp"}, {"pricelists", "erp"}, {"stock", "erp"},
                  {"orders", "shop"}, {"status", "erp"}};
    } else if (preset == "combo") {
        master = {{"products", "shop"}, {"prices", "erp"}, {"pricelists", "erp"}, {"stock", "erp"},
                  {"orders", "shop"}, {"status", "erp"}};
    } else if (!preset.empty()) {
        throw std::invalid_argument("unknown flow preset '" + preset + "' (ecom, erp, combo)");
    }
    if (masters) {
        if (!preset.empty()) throw std::invalid_argument("give either a flow preset or explicit masters, not both");
        for (const auto& [entity, who] : *masters) {
            std::string e(entity);
            bool known = false;
            for (const auto& k : all_entities()) known = known || k == e;
            if (!known) throw std::invalid_argument("unknown entity '" + e + "' in masters");
            if (e == "settlements")
                throw std::invalid_argument("settlements flow from the payment providers to the ERP: give "
                                            "\"payment_providers\" instead of a master");
            if (!who.is_string() || (who.get_string() != "shop" && who.get_string() != "erp"))
                throw std::invalid_argument("master of '" + e + "' must be \"shop\" or \"erp\"");
            master[e] = std::string(who.get_string());
        }
        // Orders are born in the shop and their status in the ERP, whoever leads the catalogue.
        if (master.count("orders") && master["orders"] != "shop")
            throw std::invalid_argument("orders always go shop -> ERP; master of 'orders' must be \"shop\"");
        if (master.count("status") && master["status"] != "erp")
            throw std::invalid_argument("order status always goes ERP -> shop; master of 'status' must be \"erp\"");
    }
    std::vector<EntityFlow> plan;
    for (const auto& e : all_entities())
        if (auto it = master.find(e); it != master.end())
            plan.push_back({e, it->second == "shop" ? Direction::shop_to_erp : Direction::erp_to_shop});
    return plan;
}

}  // namespace skarv::host
