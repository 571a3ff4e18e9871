#pragma once
// Every canonical record, the lingua franca between connectors. JSON Schemas of the same
// records are in sdk/schema/; the C++ readers here check what the schemas state and more
// (currencies agree, totals add up).
#include "skarv/model/customer.hpp"
#include "skarv/model/money.hpp"
#include "skarv/model/order.hpp"
#include "skarv/model/order_status.hpp"
#include "skarv/model/price.hpp"
#include "skarv/model/product.hpp"
#include "skarv/model/settlement.hpp"
#include "skarv/model/stock.hpp"
#include "skarv/model/vat.hpp"
