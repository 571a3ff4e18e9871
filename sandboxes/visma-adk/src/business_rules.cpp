// What Visma Administration does around a write, as far as a connector can observe it:
// keys and numbering, references that must exist, defaults copied from the customer
// and article registers, prices from price lists, row amounts and document totals,
// balances and payments, order -> invoice, and stock. Where the public record is
// silent the behaviour is a guess, each marked below by its entry in docs/guesses.md.

#include "internal.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cmath>
#include <set>

namespace skarv::adk_emu {

namespace {

double round2(double v) { return std::round(v * 100.0) / 100.0; }
bool is_zero(double v) { return std::fabs(v) < 0.005; }

bool is_ooi_head(const TableDef& t) {
    return t.db_id == ADK_DB_ORDER_HEAD || t.db_id == ADK_DB_OFFER_HEAD || t.db_id == ADK_DB_INVOICE_HEAD;
}

std::unique_ptr<SkarvAdkData> find_by(Company& c, int db, int field, const SqlValue& v, bool rows = false) {
    const TableDef* t = find_table(db);
    auto rid = c.find_rid(*t, field, v);
    if (!rid) return nullptr;
    return load_record(c, *t, *rid, rows);
}

bool exists(Company& c, int db, int field, const SqlValue& v) { return c.find_rid(*find_table(db), field, v).has_value(); }

void stamp(SkarvAdkData& r, long now) {
    if (r.table->timestamp_field >= 0) r.set_date(r.table->timestamp_field, now);
}

void default_str(SkarvAdkData& r, int f, const std::string& v) {
    if (r.str(f).empty() && !v.empty()) r.set_str(f, v);
}

// ---- VAT ---------------------------------------------------------------------------
// guess visma.vat-codes, docs/guesses.md
// guess visma.accounting-codes, docs/guesses.md
std::string vat_code_for_article(const SkarvAdkData& article) {
    const std::string code = article.str(ADK_ARTICLE_ACCOUNTING_CODE);
    if (code == "2" || code == "3") return code;
    if (code == "4" || code == "0") return "0";
    return "1";
}

// ---- Prices ------------------------------------------------------------------------
// The price for `quantity` in `list`: the ADK_DB_PRICE entry with the largest quantity
// break not above it; else the article's own price. nullopt when neither exists.
std::optional<double> price_for(Company& c, const SkarvAdkData& article, const std::string& list, double quantity) {
    if (!list.empty()) {
        SQLite::Statement st(c.db(), "SELECT price FROM price WHERE price_list = ? AND article_number = ? AND quantity <= ? "
                                     "ORDER BY quantity DESC LIMIT 1");
        st.bind(1, list);
        st.bind(2, article.str(ADK_ARTICLE_NUMBER));
        st.bind(3, std::fabs(quantity));
        if (st.executeStep()) return st.getColumn(0).getDouble();
    }
    if (list.empty() || article.str(ADK_ARTICLE_PRICE_LIST).empty() || article.str(ADK_ARTICLE_PRICE_LIST) == list)
        return article.dbl(ADK_ARTICLE_PRICE);
    return std::nullopt;
}

// ---- Document totals -----------------------------------------------------------------

struct Totals {
    double net = 0, vat = 0;
};

void add_amount(Totals& t, double amount, double rate, bool including_vat) {
    if (including_vat) {
        const double vat = amount - amount / (1 + rate);
        t.vat += vat;
        t.net += amount - vat;
    } else {
        t.net += amount;
        t.vat += amount * rate;
    }
}

double paid_on_invoice(Company& c, double invoice_number) {
    SQLite::Statement st(c.db(), "SELECT COALESCE(SUM(amount_paid), 0) FROM customer_payment "
                                 "WHERE abs(invoice_number - ?) < 0.0000001 AND cancelled = 0");
    st.bind(1, invoice_number);
    st.executeStep();
    return st.getColumn(0).getDouble();
}

// guess visma.sek-rounding, docs/guesses.md
// guess visma.document-totals, docs/guesses.md
void compute_totals(Company& c, SkarvAdkData& h) {
    const bool incl = h.flag(ADK_OOI_HEAD_INCLUDING_VAT);
    const double rate = h.dbl(ADK_OOI_HEAD_CURRENCY_RATE) > 0 ? h.dbl(ADK_OOI_HEAD_CURRENCY_RATE) : 1.0;
    const double discount = h.dbl(ADK_OOI_HEAD_INVOICE_DISCOUNT);
    Totals t;
    for (size_t i = 0; i < h.row_count(); ++i) {
        SkarvAdkData& r = *h.row(i);
        const double amount = round2(r.dbl(ADK_OOI_ROW_QUANTITY1) * r.dbl(ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY) *
                                     (1 - r.dbl(ADK_OOI_ROW_DISCOUNT) / 100.0));
        r.set_dbl(ADK_OOI_ROW_AMOUNT_CURRENT_CURRENCY, amount);
        r.set_dbl(ADK_OOI_ROW_AMOUNT_DOMESTIC_CURRENCY, round2(amount * rate));
        add_amount(t, amount * (1 - discount / 100.0), vat_rate_for_code(r.str(ADK_OOI_ROW_VAT_CODE)), incl);
    }
    const std::string cargo_code = h.str(ADK_OOI_HEAD_CARGO_VAT_CODE).empty() ? "1" : h.str(ADK_OOI_HEAD_CARGO_VAT_CODE);
    add_amount(t, h.dbl(ADK_OOI_HEAD_CARGO_AMOUNT), vat_rate_for_code(cargo_code), incl);
    add_amount(t, h.dbl(ADK_OOI_HEAD_DISPATCH_FEE), vat_rate_for_code("1"), incl);
    const double net = round2(t.net), vat = round2(t.vat);
    const double gross = round2(net + vat);
    const std::string currency = h.str(ADK_OOI_HEAD_CURRENCY_CODE);
    const double total = currency.empty() || currency == "SEK" ? std::round(gross) : gross;
    h.set_dbl(ADK_OOI_HEAD_EXCLUDING_OF_VAT, net);
    h.set_dbl(ADK_OOI_HEAD_NET, net);
    h.set_dbl(ADK_OOI_HEAD_VAT_AMOUNT, vat);
    h.set_dbl(ADK_OOI_HEAD_GROSS, gross);
    h.set_dbl(ADK_OOI_HEAD_ROUND_OFF, round2(total - gross));
    h.set_dbl(ADK_OOI_HEAD_TOTAL_AMOUNT, total);
    // guess visma.order-balance, docs/guesses.md
    if (h.table->db_id == ADK_DB_INVOICE_HEAD) {
        h.set_dbl(ADK_OOI_HEAD_BALANCE, round2(total - paid_on_invoice(c, h.dbl(ADK_OOI_HEAD_DOCUMENT_NUMBER))));
    } else if (h.table->db_id == ADK_DB_ORDER_HEAD && h.dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1) > 0) {
        auto inv = find_by(c, ADK_DB_INVOICE_HEAD, ADK_OOI_HEAD_DOCUMENT_NUMBER, h.dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1));
        h.set_dbl(ADK_OOI_HEAD_BALANCE, inv ? inv->dbl(ADK_OOI_HEAD_BALANCE) : total);
    } else {
        h.set_dbl(ADK_OOI_HEAD_BALANCE, total);
    }
}

// Swedish OCR reference: the number followed by a Luhn (modulus 10) check digit.
std::string ocr_for(long number) {
    const std::string digits = std::to_string(number);
    int sum = 0;
    bool twice = true;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it, twice = !twice) {
        int d = (*it - '0') * (twice ? 2 : 1);
        sum += d > 9 ? d - 9 : d;
    }
    return digits + std::to_string((10 - sum % 10) % 10);
}

// ---- Stock -------------------------------------------------------------------------
// Orders reserve their ordered quantity until delivered or cancelled; a delivered order
// and an invoice made without an order take it out of stock (QUANTITY1 both times).

using Quantities = std::map<std::string, double>;

void row_sums(const SkarvAdkData& doc, Quantities& into) {
    for (size_t i = 0; i < doc.row_count(); ++i) {
        const SkarvAdkData& r = *doc.row(i);
        const std::string art = r.str(ADK_OOI_ROW_ARTICLE_NUMBER);
        if (!art.empty()) into[art] += r.dbl(ADK_OOI_ROW_QUANTITY1);
    }
}

Quantities reserved(const SkarvAdkData* d) {
    Quantities q;
    if (d && d->table->db_id == ADK_DB_ORDER_HEAD && !d->flag(ADK_OOI_HEAD_DOCUMENT_CANCELLED) &&
        !d->flag(ADK_OOI_HEAD_ORDER_DELIVERED))
        row_sums(*d, q);
    return q;
}

Quantities consumed(const SkarvAdkData* d) {
    Quantities q;
    if (!d || d->flag(ADK_OOI_HEAD_DOCUMENT_CANCELLED)) return q;
    if ((d->table->db_id == ADK_DB_ORDER_HEAD && d->flag(ADK_OOI_HEAD_ORDER_DELIVERED)) ||
        (d->table->db_id == ADK_DB_INVOICE_HEAD && is_zero(d->dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1))))
        row_sums(*d, q);
    return q;
}

void apply_stock(Company& c, const SkarvAdkData* after, const SkarvAdkData* before) {
    const Quantities r_after = reserved(after), r_before = reserved(before);
    const Quantities c_after = consumed(after), c_before = consumed(before);
    std::set<std::string> articles;
    for (const auto* m : {&r_after, &r_before, &c_after, &c_before})
        for (const auto& [a, q] : *m) articles.insert(a);
    const TableDef& at = *find_table(ADK_DB_ARTICLE);
    const long now = now_datetime_long();
    for (const auto& a : articles) {
        auto get = [&a](const Quantities& m) { auto it = m.find(a); return it == m.end() ? 0.0 : it->second; };
        const double dr = get(r_after) - get(r_before), dc = get(c_after) - get(c_before);
        if (dr == 0 && dc == 0) continue;
        auto rid = c.find_rid(at, ADK_ARTICLE_NUMBER, a);
        if (!rid) continue;
        auto art = load_record(c, at, *rid, false);
        if (!art->flag(ADK_ARTICLE_STOCK_GOODS)) continue;
        art->set_dbl(ADK_ARTICLE_QUANTITY_RESERVED, art->dbl(ADK_ARTICLE_QUANTITY_RESERVED) + dr);
        art->set_dbl(ADK_ARTICLE_QUANTITY_IN_STOCK, art->dbl(ADK_ARTICLE_QUANTITY_IN_STOCK) - dc);
        art->set_dbl(ADK_ARTICLE_DISPOSABLE_IN_STOCK,
                     art->dbl(ADK_ARTICLE_QUANTITY_IN_STOCK) - art->dbl(ADK_ARTICLE_QUANTITY_RESERVED));
        art->set_dbl(ADK_ARTICLE_STOCK_VALUE,
                     round2(art->dbl(ADK_ARTICLE_QUANTITY_IN_STOCK) * art->dbl(ADK_ARTICLE_LAST_PURCHASE_PRICE)));
        stamp(*art, now);
        c.update(at, *rid, *art);
    }
}

// ---- Per table, before the write -------------------------------------------------------

ADK_ERROR unique_number(Company& c, SkarvAdkData& r, long function, long duplicate_error) {
    const TableDef& t = *r.table;
    const int f = t.number_field;
    if (is_zero(r.dbl(f))) {
        r.set_dbl(f, static_cast<double>(c.next_number(t, f)));
    } else if (exists(c, t.db_id, f, r.dbl(f))) {
        return make_error(duplicate_error, function, &t, f);
    }
    return ok();
}

// guess visma.duplicate-key-error, docs/guesses.md
ADK_ERROR customer_before(Company& c, Op op, SkarvAdkData& r, long function) {
    if (op == Op::Add) {
        if (r.str(ADK_CUSTOMER_NUMBER).empty())
            r.set_str(ADK_CUSTOMER_NUMBER, std::to_string(c.next_number(*r.table, ADK_CUSTOMER_NUMBER)));
        else if (exists(c, ADK_DB_CUSTOMER, ADK_CUSTOMER_NUMBER, r.str(ADK_CUSTOMER_NUMBER)))
            return make_error(ADKE_CUSTOMER_INVALID_CUSTOMERNR, function, r.table, ADK_CUSTOMER_NUMBER);
    }
    const std::string list = r.str(ADK_CUSTOMER_PRICE_LIST);
    if (!list.empty() && !exists(c, ADK_DB_CODE_OF_PRICE_LIST, ADK_CODE_OF_PRICE_LIST_CODE, list))
        return make_error(ADKE_INVALID_PRISL, function, r.table, ADK_CUSTOMER_PRICE_LIST);
    r.set_date(ADK_CUSTOMER_LASTCHANGE, today_long());
    return ok();
}

ADK_ERROR article_before(Company& c, Op op, SkarvAdkData& r, long function) {
    if (op == Op::Add) {
        if (r.str(ADK_ARTICLE_NUMBER).empty()) return make_error(ADKE_NO_KEY, function, r.table, ADK_ARTICLE_NUMBER);
        if (exists(c, ADK_DB_ARTICLE, ADK_ARTICLE_NUMBER, r.str(ADK_ARTICLE_NUMBER)))
            return make_error(ADKE_KEY_TAKEN_IN_NUMBERSERIES, function, r.table, ADK_ARTICLE_NUMBER);
        if (!r.changed(ADK_ARTICLE_STOCK_GOODS)) r.set_flag(ADK_ARTICLE_STOCK_GOODS, true);
        default_str(r, ADK_ARTICLE_ACCOUNTING_CODE, "1");
        default_str(r, ADK_ARTICLE_UNIT_CODE, "st");
    }
    const std::string list = r.str(ADK_ARTICLE_PRICE_LIST);
    if (!list.empty() && !exists(c, ADK_DB_CODE_OF_PRICE_LIST, ADK_CODE_OF_PRICE_LIST_CODE, list))
        return make_error(ADKE_INVALID_PRISL, function, r.table, ADK_ARTICLE_PRICE_LIST);
    r.set_dbl(ADK_ARTICLE_DISPOSABLE_IN_STOCK, r.dbl(ADK_ARTICLE_QUANTITY_IN_STOCK) - r.dbl(ADK_ARTICLE_QUANTITY_RESERVED));
    r.set_dbl(ADK_ARTICLE_STOCK_VALUE, round2(r.dbl(ADK_ARTICLE_QUANTITY_IN_STOCK) * r.dbl(ADK_ARTICLE_LAST_PURCHASE_PRICE)));
    return ok();
}

ADK_ERROR price_list_before(Company& c, Op op, SkarvAdkData& r, long function) {
    if (op == Op::Add) {
        if (r.str(ADK_CODE_OF_PRICE_LIST_CODE).empty())
            return make_error(ADKE_NO_KEY, function, r.table, ADK_CODE_OF_PRICE_LIST_CODE);
        if (exists(c, ADK_DB_CODE_OF_PRICE_LIST, ADK_CODE_OF_PRICE_LIST_CODE, r.str(ADK_CODE_OF_PRICE_LIST_CODE)))
            return make_error(ADKE_KEY_TAKEN_IN_NUMBERSERIES, function, r.table, ADK_CODE_OF_PRICE_LIST_CODE);
        default_str(r, ADK_CODE_OF_PRICE_LIST_CURRENCY_CODE, "SEK");
    }
    r.set_date(ADK_CODE_OF_PRICE_LIST_CHANGE_DATE, today_long());
    return ok();
}

ADK_ERROR price_before(Company& c, Op op, SkarvAdkData& r, long function) {
    if (!exists(c, ADK_DB_CODE_OF_PRICE_LIST, ADK_CODE_OF_PRICE_LIST_CODE, r.str(ADK_PRICE_PRICE_LIST)))
        return make_error(ADKE_INVALID_PRISL, function, r.table, ADK_PRICE_PRICE_LIST);
    if (!exists(c, ADK_DB_ARTICLE, ADK_ARTICLE_NUMBER, r.str(ADK_PRICE_ARTICLE_NUMBER)))
        return make_error(ADKE_COULD_NOT_FIND_ARTICLE, function, r.table, ADK_PRICE_ARTICLE_NUMBER);
    if (op == Op::Add) {
        SQLite::Statement st(c.db(), "SELECT 1 FROM price WHERE price_list = ? AND article_number = ? AND abs(quantity - ?) < 0.0000001");
        st.bind(1, r.str(ADK_PRICE_PRICE_LIST));
        st.bind(2, r.str(ADK_PRICE_ARTICLE_NUMBER));
        st.bind(3, r.dbl(ADK_PRICE_QUANTITY));
        if (st.executeStep()) return make_error(ADKE_KEY_TAKEN_IN_NUMBERSERIES, function, r.table, ADK_PRICE_PRICE_LIST);
    }
    r.set_date(ADK_PRICE_DATE_OF_CHANGE, today_long());
    return ok();
}

// guess visma.order-invoice-link, docs/guesses.md
// guess visma.invoice-carries-order-number, docs/guesses.md
// An invoice head with CONNECTION_NUMBER1 = an order number and no rows becomes the
// invoice of that order: rows and customer fields are copied from it.
ADK_ERROR invoice_from_order(Company& c, SkarvAdkData& h, long function) {
    const double order_no = h.dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1);
    if (h.row_count() > 0 || h.dbl(ADK_OOI_HEAD_NROWS) > 0)
        return make_error(ADKE_OOI_CONNECT_NROWS_NOT_ZERO, function, h.table, ADK_OOI_HEAD_NROWS);
    auto order = find_by(c, ADK_DB_ORDER_HEAD, ADK_OOI_HEAD_DOCUMENT_NUMBER, order_no, true);
    if (!order) return make_error(ADKE_ORDER_DOESNT_EXIST, function, h.table, ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1);
    if (order->flag(ADK_OOI_HEAD_DOCUMENT_CANCELLED))
        return make_error(ADKE_ORDER_MAKUL, function, h.table, ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1);
    if (order->dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1) > 0)
        return make_error(ADKE_ORDER_HAS_CREATED_INVOICE, function, h.table, ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1);
    static const std::set<int> own = {ADK_OOI_HEAD_DOCUMENT_NUMBER, ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1,
                                      ADK_OOI_HEAD_DOCUMENT_PRINTED, ADK_OOI_HEAD_DOCUMENT_DATE1,
                                      ADK_OOI_HEAD_DOCUMENT_DATE2, ADK_OOI_HEAD_ORDER_DELIVERED,
                                      ADK_OOI_HEAD_TYPE_OF_INVOICE, ADK_OOI_HEAD_NROWS};
    for (const auto& f : h.table->fields) {
        if (f.type == FieldType::Unused || f.type == FieldType::Data || !f.read_write || own.count(f.id) ||
            h.changed(f.id))
            continue;
        h.slots[static_cast<size_t>(f.id)] = order->slots[static_cast<size_t>(f.id)];
        h.slots[static_cast<size_t>(f.id)].changed = true;
    }
    const TableDef* invoice_row = find_table(ADK_DB_INVOICE_ROW);
    auto rows = clone_record(*order->rows, invoice_row);
    for (auto& r : rows->elements) {
        // On invoice rows QUANTITY1 is delivered and QUANTITY2 ordered (Synologen).
        r->set_dbl(ADK_OOI_ROW_QUANTITY2, r->dbl(ADK_OOI_ROW_QUANTITY1));
        for (auto& s : r->slots) s.changed = true;
    }
    rows->owner = &h;
    h.rows = std::move(rows);
    h.rows_present = true;
    return ok();
}

ADK_ERROR ooi_head_before(Company& c, Op op, SkarvAdkData& h, const SkarvAdkData* before, bool with_rows, long function) {
    const TableDef& t = *h.table;
    const long now = now_datetime_long();
    const bool invoice = t.db_id == ADK_DB_INVOICE_HEAD;
    if (op == Op::Delete) {
        if (t.db_id == ADK_DB_ORDER_HEAD && h.dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1) > 0)
            return make_error(ADKE_ORDER_HAS_CREATED_INVOICE, function, &t);
        if (invoice && paid_on_invoice(c, h.dbl(ADK_OOI_HEAD_DOCUMENT_NUMBER)) != 0)
            return make_error(ADKE_DELETE_DENIED, function, &t);
        return ok();
    }
    if (op == Op::Add) {
        if (invoice && h.dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1) > 0) {
            if (!with_rows) return make_error(ADKE_OOI_CONNECT_NROWS_NOT_ZERO, function, &t, ADK_OOI_HEAD_NROWS);
            ADK_ERROR e = invoice_from_order(c, h, function);
            if (e.lRc) return e;
        }
        ADK_ERROR e = unique_number(c, h, function, invoice ? ADKE_INVOICENR_ALREADY_EXIST : ADKE_KEY_TAKEN_IN_NUMBERSERIES);
        if (e.lRc) return e;
    } else if (before) {
        if (t.db_id == ADK_DB_ORDER_HEAD && before->dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1) > 0 &&
            h.flag(ADK_OOI_HEAD_DOCUMENT_CANCELLED) && !before->flag(ADK_OOI_HEAD_DOCUMENT_CANCELLED))
            return make_error(ADKE_ORDER_HAS_CREATED_INVOICE, function, &t, ADK_OOI_HEAD_DOCUMENT_CANCELLED);
    }
    auto customer = find_by(c, ADK_DB_CUSTOMER, ADK_CUSTOMER_NUMBER, h.str(ADK_OOI_HEAD_CUSTOMER_NUMBER));
    if (h.str(ADK_OOI_HEAD_CUSTOMER_NUMBER).empty() || !customer)
        return make_error(ADKE_OOF_INVALID_CUSTOMER, function, &t, ADK_OOI_HEAD_CUSTOMER_NUMBER);
    if (op == Op::Add) {
        const SkarvAdkData& k = *customer;
        default_str(h, ADK_OOI_HEAD_CUSTOMER_NAME, k.str(ADK_CUSTOMER_NAME));
        default_str(h, ADK_OOI_HEAD_MAILING_ADDRESS1, k.str(ADK_CUSTOMER_MAILING_ADDRESS));
        default_str(h, ADK_OOI_HEAD_MAILING_ADDRESS2, k.str(ADK_CUSTOMER_MAILING_ADDRESS2));
        default_str(h, ADK_OOI_HEAD_ZIPCODE, k.str(ADK_CUSTOMER_ZIPCODE));
        default_str(h, ADK_OOI_HEAD_CITY, k.str(ADK_CUSTOMER_CITY));
        default_str(h, ADK_OOI_HEAD_COUNTRY, k.str(ADK_CUSTOMER_COUNTRY));
        const bool own_delivery = !k.str(ADK_CUSTOMER_DELIVERY_ADDRESS).empty();
        default_str(h, ADK_OOI_HEAD_DELIVERY_NAME, own_delivery && !k.str(ADK_CUSTOMER_DELIVERY_NAME).empty()
                                                       ? k.str(ADK_CUSTOMER_DELIVERY_NAME) : k.str(ADK_CUSTOMER_NAME));
        default_str(h, ADK_OOI_HEAD_DELIVERY_MAILING_ADDRESS1,
                    own_delivery ? k.str(ADK_CUSTOMER_DELIVERY_ADDRESS) : k.str(ADK_CUSTOMER_MAILING_ADDRESS));
        default_str(h, ADK_OOI_HEAD_DELIVERY_MAILING_ADDRESS2,
                    own_delivery ? k.str(ADK_CUSTOMER_DELIVERY_ADDRESS2) : k.str(ADK_CUSTOMER_MAILING_ADDRESS2));
        default_str(h, ADK_OOI_HEAD_DELIVERY_ZIPCODE,
                    own_delivery ? k.str(ADK_CUSTOMER_DELIVERY_ZIPCODE) : k.str(ADK_CUSTOMER_ZIPCODE));
        default_str(h, ADK_OOI_HEAD_DELIVERY_CITY, own_delivery ? k.str(ADK_CUSTOMER_DELIVERY_CITY) : k.str(ADK_CUSTOMER_CITY));
        default_str(h, ADK_OOI_HEAD_DELIVERY_COUNTRY,
                    own_delivery ? k.str(ADK_CUSTOMER_DELIVERY_COUNTRY) : k.str(ADK_CUSTOMER_COUNTRY));
        default_str(h, ADK_OOI_HEAD_LIST_OF_PRICE_CODE, k.str(ADK_CUSTOMER_PRICE_LIST));
        default_str(h, ADK_OOI_HEAD_CURRENCY_CODE, k.str(ADK_CUSTOMER_CODE_OF_CURRENCY));
        default_str(h, ADK_OOI_HEAD_CURRENCY_CODE, "SEK");
        default_str(h, ADK_OOI_HEAD_CODE_OF_COUNTRY, k.str(ADK_CUSTOMER_CODE_OF_COUNTRY));
        default_str(h, ADK_OOI_HEAD_DELIVERY_CODE_OF_COUNTRY, k.str(ADK_CUSTOMER_DELIVERY_CODE_OF_COUNTRY));
        default_str(h, ADK_OOI_HEAD_DELIVERY_CODE_OF_COUNTRY, h.str(ADK_OOI_HEAD_CODE_OF_COUNTRY));
        default_str(h, ADK_OOI_HEAD_CODE_OF_TERMS_OF_PAYMENT, k.str(ADK_CUSTOMER_CODE_OF_TERMS_OF_PAYMENT));
        default_str(h, ADK_OOI_HEAD_CODE_OF_WAY_OF_DELIVERY, k.str(ADK_CUSTOMER_CODE_OF_WAY_OF_DELIVERY));
        if (invoice) default_str(h, ADK_OOI_HEAD_TYPE_OF_INVOICE, "F");
        if (h.date(ADK_OOI_HEAD_DOCUMENT_DATE1) == 0) h.set_date(ADK_OOI_HEAD_DOCUMENT_DATE1, today_long());
        // guess visma.invoice-due-date, docs/guesses.md
        if (h.date(ADK_OOI_HEAD_DOCUMENT_DATE2) == 0)
            h.set_date(ADK_OOI_HEAD_DOCUMENT_DATE2, add_days(h.date(ADK_OOI_HEAD_DOCUMENT_DATE1), invoice ? 30 : 0));
        if (invoice)
            h.set_str(ADK_OOI_HEAD_OCR_NUMBER, ocr_for(static_cast<long>(h.dbl(ADK_OOI_HEAD_DOCUMENT_NUMBER))));
    }
    if (h.dbl(ADK_OOI_HEAD_CURRENCY_RATE) <= 0) h.set_dbl(ADK_OOI_HEAD_CURRENCY_RATE, 1.0);
    const std::string list = h.str(ADK_OOI_HEAD_LIST_OF_PRICE_CODE);
    if (!list.empty() && !exists(c, ADK_DB_CODE_OF_PRICE_LIST, ADK_CODE_OF_PRICE_LIST_CODE, list))
        return make_error(ADKE_INVALID_PRISL, function, &t, ADK_OOI_HEAD_LIST_OF_PRICE_CODE);

    if (with_rows) {
        for (size_t i = 0; i < h.row_count(); ++i) {
            SkarvAdkData& r = *h.row(i);
            r.set_dbl(ADK_OOI_ROW_ROWNUMBER, static_cast<double>(i + 1));
            stamp(r, now);
            const std::string art = r.str(ADK_OOI_ROW_ARTICLE_NUMBER);
            if (art.empty()) continue;   // a text row
            auto article = find_by(c, ADK_DB_ARTICLE, ADK_ARTICLE_NUMBER, art);
            if (!article) {
                ADK_ERROR e = make_error(ADKE_OOF_INVALID_ARTICLE, function, &t, ADK_OOI_ROW_ARTICLE_NUMBER);
                return e;
            }
            default_str(r, ADK_OOI_ROW_TEXT, article->str(ADK_ARTICLE_NAME));
            default_str(r, ADK_OOI_ROW_UNIT, article->str(ADK_ARTICLE_UNIT_CODE));
            default_str(r, ADK_OOI_ROW_VAT_CODE, vat_code_for_article(*article));
            default_str(r, ADK_OOI_ROW_BAR_CODE, article->str(ADK_ARTICLE_BAR_CODE));
            if (!r.changed(ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY) && r.dbl(ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY) == 0) {
                const auto price = price_for(c, *article, list, r.dbl(ADK_OOI_ROW_QUANTITY1));
                if (price) {
                    r.set_dbl(ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, *price);
                } else {
                    warn(make_error(ADKW_COULD_NOT_FIND_ARTICLE_PRICE, function, &t, ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY));
                }
            }
        }
    }
    h.set_dbl(ADK_OOI_HEAD_NROWS, static_cast<double>(h.row_count()));
    compute_totals(c, h);
    return ok();
}

ADK_ERROR payment_before(Company& c, Op op, SkarvAdkData& r, long function) {
    if (op == Op::Delete) return ok();
    if (!exists(c, ADK_DB_INVOICE_HEAD, ADK_OOI_HEAD_DOCUMENT_NUMBER, r.dbl(ADK_CUSTOMERPAYMENT_INVOICE_NUMBER)))
        return make_error(ADKE_CUSTOMERPAYMENT_INVALID_INVOICE, function, r.table, ADK_CUSTOMERPAYMENT_INVOICE_NUMBER);
    if (is_zero(r.dbl(ADK_CUSTOMERPAYMENT_AMOUNT_PAID))) r.set_dbl(ADK_CUSTOMERPAYMENT_AMOUNT_PAID, r.dbl(ADK_CUSTOMERPAYMENT_AMOUNT_KR));
    if (is_zero(r.dbl(ADK_CUSTOMERPAYMENT_AMOUNT_KR))) r.set_dbl(ADK_CUSTOMERPAYMENT_AMOUNT_KR, r.dbl(ADK_CUSTOMERPAYMENT_AMOUNT_PAID));
    if (is_zero(r.dbl(ADK_CUSTOMERPAYMENT_AMOUNT_PAID)))
        return make_error(ADKE_CUSTOMERPAYMENT_ZERO_NOT_ALLOWED, function, r.table, ADK_CUSTOMERPAYMENT_AMOUNT_PAID);
    if (op == Op::Add) {
        ADK_ERROR e = unique_number(c, r, function, ADKE_KEY_TAKEN_IN_NUMBERSERIES);
        if (e.lRc) return e;
        if (r.date(ADK_CUSTOMERPAYMENT_DATE) == 0) r.set_date(ADK_CUSTOMERPAYMENT_DATE, today_long());
        default_str(r, ADK_CUSTOMERPAYMENT_CURRENCY_CODE, "SEK");
    }
    return ok();
}

ADK_ERROR verification_before(Company& c, Op op, SkarvAdkData& h, bool with_rows, long function) {
    if (op == Op::Delete) return ok();
    if (op == Op::Add) {
        ADK_ERROR e = unique_number(c, h, function, ADKE_KEY_TAKEN_IN_NUMBERSERIES);
        if (e.lRc) return e;
        if (h.date(ADK_VERIFICATION_HEAD_DATE1) == 0) h.set_date(ADK_VERIFICATION_HEAD_DATE1, today_long());
        default_str(h, ADK_VERIFICATION_HEAD_VER_SERIE, "A");
        default_str(h, ADK_VERIFICATION_HEAD_AAR_ID, std::to_string(h.date(ADK_VERIFICATION_HEAD_DATE1) / 10000));
    }
    if (!with_rows && op == Op::Update) return ok();
    if (h.row_count() == 0) return make_error(ADKE_VERIFICATION_NO_ROWS, function, h.table, ADK_VERIFICATION_HEAD_ROWS);
    double debit = 0, credit = 0;
    for (size_t i = 0; i < h.row_count(); ++i) {
        SkarvAdkData& r = *h.row(i);
        r.set_dbl(ADK_VERIFICATION_ROW_ROW, static_cast<double>(i + 1));
        r.set_str(ADK_VERIFICATION_ROW_VER_SERIE, h.str(ADK_VERIFICATION_HEAD_VER_SERIE));
        const double a = r.dbl(ADK_VERIFICATION_ROW_AMOUNT);
        (a >= 0 ? debit : credit) += std::fabs(a);
    }
    if (!is_zero(debit - credit)) return make_error(ADKE_VERIFICATION_DIFF, function, h.table, ADK_VERIFICATION_ROW_AMOUNT);
    h.set_dbl(ADK_VERIFICATION_HEAD_DEBIT, round2(debit));
    h.set_dbl(ADK_VERIFICATION_HEAD_CREDIT, round2(credit));
    h.set_dbl(ADK_VERIFICATION_HEAD_NROWS, static_cast<double>(h.row_count()));
    return ok();
}

// Brings an invoice's balance (and its order's mirror of it) in line with payments.
void refresh_invoice_balance(Company& c, double invoice_number, long last_payment) {
    const TableDef& it = *find_table(ADK_DB_INVOICE_HEAD);
    auto rid = c.find_rid(it, ADK_OOI_HEAD_DOCUMENT_NUMBER, invoice_number);
    if (!rid) return;
    auto inv = load_record(c, it, *rid, false);
    const long now = now_datetime_long();
    inv->set_dbl(ADK_OOI_HEAD_BALANCE, round2(inv->dbl(ADK_OOI_HEAD_TOTAL_AMOUNT) - paid_on_invoice(c, invoice_number)));
    if (last_payment) inv->set_date(ADK_OOI_HEAD_LAST_PAYMENT, last_payment);
    stamp(*inv, now);
    c.update(it, *rid, *inv);
    const double order_no = inv->dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1);
    if (order_no <= 0) return;
    const TableDef& ot = *find_table(ADK_DB_ORDER_HEAD);
    if (auto orid = c.find_rid(ot, ADK_OOI_HEAD_DOCUMENT_NUMBER, order_no)) {
        auto order = load_record(c, ot, *orid, false);
        order->set_dbl(ADK_OOI_HEAD_BALANCE, inv->dbl(ADK_OOI_HEAD_BALANCE));
        stamp(*order, now);
        c.update(ot, *orid, *order);
    }
}

}  // namespace

double vat_rate_for_code(std::string_view code) {
    if (code == "0") return 0.0;
    if (code == "2") return 0.12;
    if (code == "3") return 0.06;
    return 0.25;
}

std::optional<double> article_vat_percent(Company& c, const std::string& article) {
    auto a = find_by(c, ADK_DB_ARTICLE, ADK_ARTICLE_NUMBER, article);
    if (!a) return std::nullopt;
    return vat_rate_for_code(vat_code_for_article(*a)) * 100.0;
}

ADK_ERROR apply_rules_before(Company& c, Op op, SkarvAdkData& r, const SkarvAdkData* before, bool with_rows,
                             long function) {
    const int db = r.table->db_id;
    ADK_ERROR e = ok();
    if (db == ADK_DB_CUSTOMER) {
        if (op == Op::Delete) {
            SQLite::Statement st(c.db(), "SELECT (SELECT count(*) FROM order_head WHERE customer_number = ?1) + "
                                         "(SELECT count(*) FROM invoice_head WHERE customer_number = ?1)");
            st.bind(1, r.str(ADK_CUSTOMER_NUMBER));
            st.executeStep();
            if (st.getColumn(0).getInt() > 0) return make_error(ADKE_DELETE_DENIED, function, r.table);
        } else {
            e = customer_before(c, op, r, function);
        }
    } else if (db == ADK_DB_ARTICLE) {
        if (op != Op::Delete) e = article_before(c, op, r, function);
    } else if (db == ADK_DB_CODE_OF_PRICE_LIST) {
        if (op != Op::Delete) e = price_list_before(c, op, r, function);
    } else if (db == ADK_DB_PRICE) {
        if (op != Op::Delete) e = price_before(c, op, r, function);
    } else if (is_ooi_head(*r.table)) {
        e = ooi_head_before(c, op, r, before, with_rows, function);
    } else if (db == ADK_DB_CUSTOMERPAYMENT) {
        e = payment_before(c, op, r, function);
    } else if (db == ADK_DB_VERIFICATION_HEAD) {
        e = verification_before(c, op, r, with_rows, function);
    }
    if (e.lRc == ADKE_OK && op != Op::Delete) stamp(r, now_datetime_long());
    return e;
}

void apply_rules_after(Company& c, Op op, const SkarvAdkData* after, const SkarvAdkData* before) {
    const SkarvAdkData* any = after ? after : before;
    const int db = any->table->db_id;
    if (db == ADK_DB_ORDER_HEAD || db == ADK_DB_INVOICE_HEAD) apply_stock(c, after, before);
    if (db == ADK_DB_INVOICE_HEAD && op == Op::Add && after->dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1) > 0) {
        // The order is now invoiced: linked back, delivered, its reservation released.
        const TableDef& ot = *find_table(ADK_DB_ORDER_HEAD);
        if (auto rid = c.find_rid(ot, ADK_OOI_HEAD_DOCUMENT_NUMBER, after->dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1))) {
            auto old_order = load_record(c, ot, *rid, true);
            auto order = clone_record(*old_order);
            order->set_dbl(ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1, after->dbl(ADK_OOI_HEAD_DOCUMENT_NUMBER));
            order->set_flag(ADK_OOI_HEAD_ORDER_DELIVERED, true);
            order->set_dbl(ADK_OOI_HEAD_BALANCE, after->dbl(ADK_OOI_HEAD_BALANCE));
            stamp(*order, now_datetime_long());
            c.update(ot, *rid, *order);
            apply_stock(c, order.get(), old_order.get());
        }
    }
    if (db == ADK_DB_CUSTOMERPAYMENT) {
        const long date = after && !after->flag(ADK_CUSTOMERPAYMENT_CANCELLED) ? after->date(ADK_CUSTOMERPAYMENT_DATE) : 0;
        refresh_invoice_balance(c, any->dbl(ADK_CUSTOMERPAYMENT_INVOICE_NUMBER), date);
        if (before && after && before->dbl(ADK_CUSTOMERPAYMENT_INVOICE_NUMBER) != after->dbl(ADK_CUSTOMERPAYMENT_INVOICE_NUMBER))
            refresh_invoice_balance(c, before->dbl(ADK_CUSTOMERPAYMENT_INVOICE_NUMBER), 0);
    }
}

}  // namespace skarv::adk_emu

using namespace skarv::adk_emu;

extern "C" ADK_EXPORT ADK_ERROR ADK_API AdkGetVatpercentOnArticle(const char* article, double* value) {
    return guarded(ADKE_GET_VATPERCENT_ON_ARTICLE, [&] {
        Company* c = nullptr;
        ADK_ERROR e = require_company(ADKE_GET_VATPERCENT_ON_ARTICLE, &c);
        if (e.lRc) return e;
        if (!value) return make_error(ADKE_NULLPOINTER, ADKE_GET_VATPERCENT_ON_ARTICLE);
        const auto percent = article_vat_percent(*c, from_caller(article));
        if (!percent) return make_error(ADKE_GET_VATPERCENT_ON_ARTICLE_NOT_FOUND, ADKE_GET_VATPERCENT_ON_ARTICLE);
        *value = *percent;
        return ok();
    });
}
