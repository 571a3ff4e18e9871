// The Visma company as a person at Visma sees it: the demo opens it through the very
// ADK library the visma plugin loads (the emulator's .so, as Adk.dll would be), so what
// it reads is the company's own books and what it does (deliver, invoice) is what a
// Visma user does. The ADK holds one open company per process; the plugin opens and
// closes it inside each call, so the desk does the same between passes.

#include <cmath>
#include <stdexcept>

#include <boost/dll/shared_library.hpp>

#include "adk_emulator/Adk.h"
#include "demo_parts.hpp"
#include "skarv/sandbox/visma_adk_seed.hpp"

namespace skarv::demo {

#define SKARV_DEMO_ADK(name) decltype(&::name) name = &lib.get<decltype(::name)>(#name)

struct VismaDesk::Impl {
    boost::dll::shared_library lib;
    SKARV_DEMO_ADK(AdkOpen);
    SKARV_DEMO_ADK(AdkClose);
    SKARV_DEMO_ADK(AdkCreateData);
    SKARV_DEMO_ADK(AdkDeleteStruct);
    SKARV_DEMO_ADK(AdkGetStr);
    SKARV_DEMO_ADK(AdkSetStr);
    SKARV_DEMO_ADK(AdkGetDouble);
    SKARV_DEMO_ADK(AdkSetDouble);
    SKARV_DEMO_ADK(AdkGetBool);
    SKARV_DEMO_ADK(AdkSetBool);
    SKARV_DEMO_ADK(AdkAdd);
    SKARV_DEMO_ADK(AdkUpdate);
    SKARV_DEMO_ADK(AdkFind);
    SKARV_DEMO_ADK(AdkFirst);
    SKARV_DEMO_ADK(AdkNext);
    SKARV_DEMO_ADK(AdkSetSortOrder);
    SKARV_DEMO_ADK(AdkGetErrorText);
    SKARV_DEMO_ADK(AdkGetData);
    std::string company;
    std::string system;   // "Gemensamma filer"

    explicit Impl(const std::string& path) : lib(path, boost::dll::load_mode::rtld_local) {}

    void check(ADK_ERROR e, const char* what) {
        if (e.lRc == ADKE_OK) return;
        char buffer[256] = {0};
        char* p = buffer;
        AdkGetErrorText(&e, elRc, &p, sizeof buffer);
        throw std::runtime_error(std::string("Visma ADK ") + what + ": " + buffer + " (" + std::to_string(e.lRc) + ")");
    }
    // Open for the length of one look or change, like a Visma user's session.
    template <class Fn>
    auto session(Fn&& fn) {
        check(AdkOpen(system.c_str(), company.c_str()), "AdkOpen");
        struct Closer {
            Impl* self;
            ~Closer() { self->AdkClose(); }
        } closer{this};
        return fn();
    }
};
#undef SKARV_DEMO_ADK

namespace {

// One ADK struct, freed when done with.
class Rec {
public:
    Rec(VismaDesk::Impl& adk, int db) : adk_(adk), p_(adk.AdkCreateData(db)) {
        if (!p_) throw std::runtime_error("Visma ADK: AdkCreateData failed");
    }
    ~Rec() { adk_.AdkDeleteStruct(p_); }
    Rec(const Rec&) = delete;
    Rec& operator=(const Rec&) = delete;
    PADK_DATA get() const { return p_; }
    std::string str(int field) {
        char buffer[256] = {0};
        char* out = buffer;
        adk_.AdkGetStr(p_, field, &out, sizeof buffer);
        return buffer;
    }
    double dbl(int field) {
        double v = 0;
        adk_.AdkGetDouble(p_, field, &v);
        return v;
    }
    bool flag(int field) {
        int v = 0;
        adk_.AdkGetBool(p_, field, &v);
        return v != 0;
    }
    template <class Fn>
    void each(Fn&& fn) {
        for (auto e = adk_.AdkFirst(p_); e.lRc == ADKE_OK; e = adk_.AdkNext(p_)) fn();
    }

private:
    VismaDesk::Impl& adk_;
    PADK_DATA p_;
};

// ADK amounts are doubles in kronor; the demo counts in öre.
int64_t ore(double kronor) { return static_cast<int64_t>(std::llround(kronor * 100.0)); }

}  // namespace

std::filesystem::path visma_system_folder(const std::filesystem::path& company) {
    return sandbox::visma_adk::system_folder_beside(company.string());
}

VismaDesk::VismaDesk(const std::string& adk_library, const std::filesystem::path& company)
    : impl_(std::make_unique<Impl>(adk_library)) {
    impl_->company = company.string();
    impl_->system = visma_system_folder(company).string();
}

VismaDesk::~VismaDesk() = default;

std::vector<VismaVoucher> VismaDesk::vouchers() {
    return impl_->session([&] {
        std::vector<VismaVoucher> out;
        Rec h(*impl_, ADK_DB_VERIFICATION_HEAD);
        h.each([&] {
            VismaVoucher v;
            v.series = h.str(ADK_VERIFICATION_HEAD_VER_SERIE);
            v.number = h.dbl(ADK_VERIFICATION_HEAD_VER_NR);
            v.info = h.str(ADK_VERIFICATION_HEAD_INFO);
            const int n = static_cast<int>(h.dbl(ADK_VERIFICATION_HEAD_NROWS));
            for (int i = 0; i < n; ++i) {
                PADK_DATA row = nullptr;
                impl_->check(impl_->AdkGetData(h.get(), ADK_VERIFICATION_HEAD_ROWS, i, &row), "AdkGetData");
                char account[32] = {0};
                char* a = account;
                impl_->AdkGetStr(row, ADK_VERIFICATION_ROW_ACCOUNT, &a, sizeof account);
                double amount = 0;
                impl_->AdkGetDouble(row, ADK_VERIFICATION_ROW_AMOUNT, &amount);
                v.rows.emplace_back(account, ore(amount));
            }
            out.push_back(std::move(v));
        });
        return out;
    });
}

std::vector<VismaOrder> VismaDesk::orders() {
    return impl_->session([&] {
        std::vector<VismaOrder> out;
        Rec h(*impl_, ADK_DB_ORDER_HEAD);
        h.each([&] {
            VismaOrder o;
            o.number = h.dbl(ADK_OOI_HEAD_DOCUMENT_NUMBER);
            o.shop_order = h.str(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER);
            o.gross = ore(h.dbl(ADK_OOI_HEAD_GROSS));
            o.total = ore(h.dbl(ADK_OOI_HEAD_TOTAL_AMOUNT));
            o.delivered = h.flag(ADK_OOI_HEAD_ORDER_DELIVERED);
            o.tracking = h.str(ADK_OOI_HEAD_TEXT3);
            o.invoice = h.dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1);
            out.push_back(std::move(o));
        });
        return out;
    });
}

std::vector<VismaArticle> VismaDesk::articles() {
    return impl_->session([&] {
        std::vector<VismaArticle> out;
        Rec a(*impl_, ADK_DB_ARTICLE);
        a.each([&] {
            out.push_back({a.str(ADK_ARTICLE_NUMBER), ore(a.dbl(ADK_ARTICLE_PRICE)),
                           static_cast<int64_t>(std::llround(a.dbl(ADK_ARTICLE_DISPOSABLE_IN_STOCK))),
                           a.flag(ADK_ARTICLE_STOCK_GOODS)});
        });
        return out;
    });
}

int VismaDesk::invoices() {
    return impl_->session([&] {
        int n = 0;
        Rec i(*impl_, ADK_DB_INVOICE_HEAD);
        i.each([&] { ++n; });
        return n;
    });
}

void VismaDesk::deliver(double order_number, const std::string& tracking) {
    impl_->session([&] {
        Rec h(*impl_, ADK_DB_ORDER_HEAD);
        impl_->check(impl_->AdkSetSortOrder(h.get(), eOrderNr), "AdkSetSortOrder");
        impl_->AdkSetDouble(h.get(), ADK_OOI_HEAD_DOCUMENT_NUMBER, order_number);
        impl_->check(impl_->AdkFind(h.get()), "AdkFind order");
        impl_->AdkSetBool(h.get(), ADK_OOI_HEAD_ORDER_DELIVERED, 1);
        impl_->AdkSetStr(h.get(), ADK_OOI_HEAD_TEXT3, tracking.c_str());
        impl_->check(impl_->AdkUpdate(h.get()), "AdkUpdate order");
        return 0;
    });
}

double VismaDesk::invoice(double order_number) {
    return impl_->session([&] {
        // An invoice head naming the order and no rows: Visma copies the order into it.
        Rec i(*impl_, ADK_DB_INVOICE_HEAD);
        impl_->AdkSetDouble(i.get(), ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1, order_number);
        impl_->check(impl_->AdkAdd(i.get()), "AdkAdd invoice");
        return i.dbl(ADK_OOI_HEAD_DOCUMENT_NUMBER);
    });
}

}  // namespace skarv::demo
