#pragma once
// Connect 4.0 product-service imports: ImportProducts, ImportSkuPriceLists,
// ImportPriceLists, ImportOnhands. Items are validated when they arrive (the answer
// carries a ValidationSummary and a job id); valid ones are applied when the job runs.

#include "model.hpp"
#include "skarv/sandbox/http_emulator.hpp"

namespace skarv::sandbox::jetshop {

const char* import_name(ImportKind kind);

// Takes the lock itself.
HttpReply submit_import(Shop& shop, ImportKind kind, const HttpRequest& req);
// Applies a job's valid items; call with shop.mu held.
void run_import(Shop& shop, Job& job);

}  // namespace skarv::sandbox::jetshop
