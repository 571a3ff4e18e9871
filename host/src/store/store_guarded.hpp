#pragma once
// Store::guarded, shared by the files that implement the Store's methods.

#include "skarv/host/store/store.hpp"
#include "store_engine.hpp"

namespace skarv::host {

template <class Body>
auto Store::guarded(const char* what, Body&& body) -> decltype(body()) {
    std::lock_guard lock(mutex_);
    try {
        return body();
    } catch (const EngineError& e) {
        throw StoreError(path_.string() + ": " + what + ": " + e.what(), e.code());
    }
}

}  // namespace skarv::host
