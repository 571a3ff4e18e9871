#include "api_key.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/MD5Engine.h>

namespace skarv::sandbox::specter {

std::string md5_hex(std::string_view bytes) {
    Poco::MD5Engine md5;
    md5.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(md5.digest());
}

std::string compute_key(const Credentials& c, std::string_view call_value) {
    std::string inner = c.api_user_key + c.sbm_id;
    inner.append(call_value);
    return md5_hex(c.integration_key + md5_hex(inner));
}

std::string customer_key_name(const Params& params) {
    std::string form = lower(params.raw("customerOrganizationalForm").value_or(""));
    std::string company = params.raw("name").value_or("");
    std::string person = params.raw("firstName").value_or("") + " " + params.raw("surName").value_or("");
    if (form == "c") return company;
    if (form == "p") return person;
    return company.empty() ? person : company;
}

std::optional<std::string> call_value(std::string_view action, const Params& params) {
    auto p = [&](const char* name) { return params.raw(name).value_or(""); };
    // [SEEN] in Bellazilla/SP (research A.2) unless marked as a guess.
    if (action == "newordersubmit") return p("customerId");
    if (action == "newcustomersubmit") return customer_key_name(params);
    if (action == "newarticlesubmit") return p("articleNo_1");
    if (action == "newdeliverysubmit" || action == "newinvoicesubmit") return p("orderId");
    if (action == "checkaccountsettings") return p("date");
    if (action == "getpdflink") return "getPDFLink" + p("documentId");   // v1 shape, same in v2
    if (action == "getarticleexternalneedupdate" || action == "updatearticlesfrombatch" ||
        action == "getarticleinfoexternalneedupdate" || action == "updatearticleinfosfrombatch" ||
        action == "getordersexternalneedupdate" || action == "updateordersfrombatch" ||
        action == "cleararticlebatch" ||
        // guess specter.price-lists, docs/guesses.md
        action == "getpricelistexternalneedupdate" || action == "updatepricelistsfrombatch")
        return p("batchNo");
    // guess specter.price-lists, docs/guesses.md
    if (action == "newpricelistsubmit") return p("priceListId");
    return std::nullopt;
}

}  // namespace skarv::sandbox::specter
