#pragma once
// Connect 4.0 order follow-ups from the ERP: SendOrderStatus, CreateDeliveryNote
// (tracking), CreateInvoice (captures the PSP payment), CancelOrder (voids payments).

#include "model.hpp"
#include "skarv/sandbox/http_emulator.hpp"

namespace skarv::sandbox::jetshop {

HttpReply send_order_status(Shop& shop, const HttpRequest& req);
HttpReply create_delivery_note(Shop& shop, const HttpRequest& req);
HttpReply create_invoice(Shop& shop, const HttpRequest& req);
HttpReply cancel_order(Shop& shop, const HttpRequest& req);

}  // namespace skarv::sandbox::jetshop
