#pragma once
// Customers of shop orders: found in the Visma customer register, or created there.

#include <string>

#include <skarv/model/order.hpp>

#include "context.hpp"

namespace visma {

struct CustomerResult {
    std::string number;
    bool created = false;
};

// Finds the order's customer by the shop's customer number (when Visma uses the shop's
// numbers), then by organisation number, then by e-mail; creates it when none matches.
// An existing customer is used as Visma has it: the ERP is master of its register.
CustomerResult find_or_create_customer(const Context& ctx, const skarv::model::Order& order, const std::string& label);

}  // namespace visma
