#include "skarv/host/reconcile/sie_writer.hpp"

#include <iconv.h>

#include <cctype>
#include <cerrno>
#include <memory>
#include <set>

namespace skarv::host {

const std::map<std::string, std::string>& bas_account_names() {
    // payments.md §6 (BAS kontoplan as seen in public sources).
    static const std::map<std::string, std::string> names = {
        {"1510", "Kundfordringar"},
        {"1580", "Fordringar för kontokort och kuponger"},
        {"1689", "Övriga kortfristiga fordringar"},
        {"1930", "Företagskonto/checkkonto/affärskonto"},
        {"2641", "Debiterad ingående moms"},
        {"2999", "OBS-konto"},
        {"6040", "Kontokortsavgifter"},
        {"6064", "Factoringavgifter"},
        {"6351", "Konstaterade förluster på kundfordringar"},
        {"6570", "Bankkostnader"},
    };
    return names;
}

namespace {

std::string convert(const std::string& in, const char* to, const char* from) {
    iconv_t cd = ::iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error(std::string("iconv cannot convert ") + from + " to " + to);
    std::unique_ptr<void, int (*)(iconv_t)> guard(cd, ::iconv_close);
    std::string out;
    std::string src = in;
    char* inp = src.data();
    std::size_t inleft = src.size();
    char buffer[256];
    while (inleft > 0) {
        char* outp = buffer;
        std::size_t outleft = sizeof buffer;
        std::size_t r = ::iconv(cd, &inp, &inleft, &outp, &outleft);
        out.append(buffer, static_cast<std::size_t>(outp - buffer));
        if (r == static_cast<std::size_t>(-1)) {
            if (errno == E2BIG) continue;
            // A character the target lacks even transliterated, or a broken sequence.
            out.push_back('?');
            ++inp;
            --inleft;
            while (inleft > 0 && (static_cast<unsigned char>(*inp) & 0xC0) == 0x80) {
                ++inp;
                --inleft;
            }
        }
    }
    return out;
}

std::string quoted(const std::string& utf8) {
    std::string s;
    for (char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 32 || u == 127) s.push_back(' ');
        // A text ending in a backslash would escape its closing quote; the spec names only
        // the quote's escape, so a backslash is not written at all.
        else if (c == '\\') s.push_back('/');
        else if (c == '"') s += "\\\"";
        else s.push_back(c);
    }
    return "\"" + s + "\"";
}

std::string sie_date(const std::string& iso, const std::string& what) {
    if (!model::is_iso_date(iso)) throw std::invalid_argument(what + ": expected a date YYYY-MM-DD, got '" + iso + "'");
    return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

void check_account(const std::string& account, const std::string& what) {
    bool ok = !account.empty();
    for (char c : account) ok = ok && std::isdigit(static_cast<unsigned char>(c));
    if (!ok) throw std::invalid_argument(what + ": account '" + account + "' is not a number");
}

}  // namespace

std::string to_cp437(const std::string& utf8) { return convert(utf8, "CP437//TRANSLIT", "UTF-8"); }
std::string from_cp437(const std::string& cp437) { return convert(cp437, "UTF-8", "CP437"); }

std::string write_sie4i(const SieCompany& company, const std::string& generated, const std::vector<SieVoucher>& vouchers,
                        const std::string& program_version) {
    if (company.name.empty()) throw std::invalid_argument("SIE file: the company name (#FNAMN) is required");
    const auto gen = sie_date(generated, "SIE file #GEN");
    std::set<std::string> accounts;
    std::string body;
    for (const auto& sv : vouchers) {
        const auto& v = sv.voucher;
        const std::string what = "voucher '" + v.text + "'";
        if (!v.balanced()) throw std::invalid_argument(what + " does not balance to 0.00");
        if (v.rows.front().amount.currency() != "SEK")
            throw std::invalid_argument(what + " is in " + v.rows.front().amount.currency() + "; SIE amounts are in SEK");
        if (v.series.empty()) throw std::invalid_argument(what + " has no series");
        const auto date = sie_date(v.date, what);
        body += "#VER " + quoted(v.series) + " " + quoted(sv.number) + " " + date + " " + quoted(v.text) + " " + gen + "\r\n";
        body += "{\r\n";
        for (const auto& r : v.rows) {
            check_account(r.account, what);
            accounts.insert(r.account);
            body += "#TRANS " + r.account + " {} " + r.amount.to_decimal_string() + " " + date + " " + quoted(r.text) + "\r\n";
        }
        body += "}\r\n";
    }
    std::string head;
    head += "#FLAGGA 0\r\n";
    head += "#PROGRAM \"Skarv\" " + quoted(program_version) + "\r\n";
    head += "#FORMAT PC8\r\n";
    head += "#GEN " + gen + "\r\n";
    head += "#SIETYP 4\r\n";
    if (!company.orgnr.empty()) head += "#ORGNR " + company.orgnr + "\r\n";
    head += "#FNAMN " + quoted(company.name) + "\r\n";
    head += "#VALUTA SEK\r\n";
    for (const auto& a : accounts)
        if (auto it = bas_account_names().find(a); it != bas_account_names().end())
            head += "#KONTO " + a + " " + quoted(it->second) + "\r\n";
    return to_cp437(head + body);
}

}  // namespace skarv::host
