// The session: AdkOpen/AdkOpen2/AdkClose and the per-process state behind them.
// The real ADK holds one open company per process (research B.7: callers must
// AdkClose before switching company); so does the emulator.

#include "internal.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace skarv::adk_emu {

namespace fs = std::filesystem;

ProcessState& process_state() {
    static ProcessState state;
    return state;
}

ADK_ERROR check_struct(const SkarvAdkData* data, long function, bool top_level) {
    if (!data) return make_error(ADKE_NULLPOINTER, function);
    const auto& live = process_state().live;
    const auto it = live.find(data);
    if (it == live.end()) return make_error(ADKE_INVALID_PDATA, function);
    if (top_level && !it->second) return make_error(ADKE_INVALID_STRUCT_POINTER, function, data->table);
    return ok();
}

void warn(const ADK_ERROR& warning) {
    if (auto* callback = process_state().warning) {
        ADK_ERROR copy = warning;
        callback(&copy);
    }
}

ADK_ERROR require_company(long function, Company** company) {
    *company = process_state().company.get();
    // grimen SPCSInvoice.cs stops a walk on ADKE_NO_DB_OPEN (80): AdkContract.WalkEndsWith79AndWithoutACompanyAnswers80
    if (!*company) return make_error(ADKE_NO_DB_OPEN, function);
    return ok();
}

ADK_ERROR error_from_exception(long function) {
    try {
        throw;
    } catch (const SQLite::Exception& e) {
        const int code = e.getErrorCode() & 0xFF;
        if (code == 5 /* SQLITE_BUSY */ || code == 6 /* SQLITE_LOCKED */) return make_error(ADKE_EXCLUSIVE_LOCK, function);
        return make_error(ADKE_INTERNAL, function);
    } catch (...) {
        return make_error(ADKE_INTERNAL, function);
    }
}

bool contradicting_guesses() {
    const char* v = std::getenv("ADK_EMULATOR_CONTRADICT_GUESSES");
    return v && std::string_view(v) == "1";
}

bool is_system_folder(const char* system_path) {
    if (!system_path || !*system_path) return false;
    std::error_code ec;
    return fs::is_regular_file(fs::path(system_path) / kSystemFolderMarker, ec);
}

namespace {

// Opens the company behind `company_path`; the database must already exist (made by
// SkarvAdkEmuCreateCompany or the seeder), as a real company folder must.
ADK_ERROR open_company(const char* system_path, const char* company_path, const char* user, const char* password,
                       bool with_login, long function) {
    // The first argument is the installation's "Gemensamma filer" folder (viktor2097
    // README common_path, grimen SPCSConnection SPCS_DEFAULT_LIB_PATH); any other path is
    // refused with ADKE_INVALID_ADM_PATH (AdkError.h 137). Contract test:
    // AdkContract.OpenRefusesAWrongSystemPathWith137.
    if (!is_system_folder(system_path)) return make_error(ADKE_INVALID_ADM_PATH, function);
    // AdkError.h ADKE_INVALID_PATH_COMPANY (116): AdkContract.OpenRefusesAFolderThatIsNoCompanyWith116
    if (!company_path || !*company_path) return make_error(ADKE_INVALID_PATH_COMPANY, function);
    const std::string file = Company::database_file(company_path);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return make_error(ADKE_INVALID_PATH_COMPANY, function);
    auto company = std::make_unique<Company>(file, false);
    const auto stored_user = company->meta("login.user");
    if (stored_user && !stored_user->empty()) {
        // AdkError.h 674/676, Adk.h 2017.1 AdkOpen2: AdkContract.LoginCompanyDeniesOpenWith674AndAWrongPasswordWith676
        if (!with_login) return make_error(ADKE_LOGIN_DENIED, function);
        const auto stored_password = company->meta("login.password").value_or("");
        if (from_caller(user) != *stored_user || from_caller(password) != stored_password)
            return make_error(ADKE_LOGIN_FAIL, function);
    }
    // guess visma.company-switch, docs/guesses.md
    process_state().company = std::move(company);
    return ok();
}

}  // namespace

}  // namespace skarv::adk_emu

using namespace skarv::adk_emu;

extern "C" {

ADK_EXPORT ADK_ERROR ADK_API AdkOpen(const char* system_path, const char* company_path) {
    return guarded(ADKE_OPEN, [&] { return open_company(system_path, company_path, nullptr, nullptr, false, ADKE_OPEN); });
}

ADK_EXPORT ADK_ERROR ADK_API AdkOpen2(const char* system_path, const char* company_path, const char* user,
                                      const char* password) {
    return guarded(ADKE_OPEN2, [&] { return open_company(system_path, company_path, user, password, true, ADKE_OPEN2); });
}

ADK_EXPORT ADK_ERROR ADK_API AdkOpenEx(const char* system_path, const char* company_path, long /*log_on*/) {
    return guarded(ADKE_OPENEX, [&] { return open_company(system_path, company_path, nullptr, nullptr, false, ADKE_OPENEX); });
}

ADK_EXPORT ADK_ERROR ADK_API AdkOpenEx2(const char* system_path, const char* company_path, const char* user,
                                        const char* password, long /*log_on*/) {
    return guarded(ADKE_OPENEX2, [&] { return open_company(system_path, company_path, user, password, true, ADKE_OPENEX2); });
}

// Reads the name without opening a session, as the real function does for a company picker.
ADK_EXPORT ADK_ERROR ADK_API AdkGetCompanyName(const char* company_path, int /*strict*/, const char* /*system_path*/,
                                               char** buffer, int length, int* variant, long* major, long* minor) {
    return guarded(ADKE_GETCOMPANYNAME, [&] {
        if (!company_path) return make_error(ADKE_INVALID_PATH_COMPANY, ADKE_GETCOMPANYNAME);
        const std::string file = Company::database_file(company_path);
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) return make_error(ADKE_INVALID_PATH_COMPANY, ADKE_GETCOMPANYNAME);
        Company company(file, false);
        if (variant) *variant = ADKI_ADMIN2000;
        if (major) *major = 2019;
        if (minor) *minor = 2;
        if (!buffer || !*buffer) return make_error(ADKE_NULLPOINTER, ADKE_GETCOMPANYNAME);
        if (!copy_out(company.meta("company.name").value_or(""), buffer, length))
            return make_error(ADKE_TO_SHORT_STRING, ADKE_GETCOMPANYNAME);
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API AdkIsLoginActivated(const char* system_path, const char* company_path, int* value) {
    return guarded(ADKE_ISLOGINACTIVATED, [&] {
        if (!value) return make_error(ADKE_NULLPOINTER, ADKE_ISLOGINACTIVATED);
        if (!is_system_folder(system_path)) return make_error(ADKE_INVALID_ADM_PATH, ADKE_ISLOGINACTIVATED);
        if (!company_path) return make_error(ADKE_INVALID_PATH_COMPANY, ADKE_ISLOGINACTIVATED);
        const std::string file = Company::database_file(company_path);
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) return make_error(ADKE_INVALID_PATH_COMPANY, ADKE_ISLOGINACTIVATED);
        Company company(file, false);
        *value = company.meta("login.user").value_or("").empty() ? 0 : 1;
        return ok();
    });
}

ADK_EXPORT void ADK_API AdkClose(void) {
    std::lock_guard<std::mutex> lock(process_state().mutex);
    process_state().company.reset();
}

ADK_EXPORT void ADK_API AdkSetWarningFunction(void(ADK_API* function)(ADK_ERROR*)) {
    std::lock_guard<std::mutex> lock(process_state().mutex);
    process_state().warning = function;
}

// At least 2018.6, where AdkSetFilter arrived (Adk.h): AdkContract.VersionIsAtLeast2018Point6ForAdkSetFilter
ADK_EXPORT void ADK_API AdkGetVersion(long* major, long* minor) {
    // The emulator follows the 2019.2 header (AdkDeleteRecord is the newest function).
    if (major) *major = 2019;
    if (minor) *minor = 2;
}

ADK_EXPORT ADK_ERROR ADK_API SkarvAdkEmuCreateCompany(const char* company_path, const char* company_name,
                                                      const char* user, const char* password) {
    return guarded(ADKE_OPEN, [&] {
        if (!company_path || !*company_path) return make_error(ADKE_INVALID_PATH_COMPANY, ADKE_OPEN);
        Company company(Company::database_file(company_path), true);
        if (company_name) company.set_meta("company.name", from_caller(company_name));
        company.set_meta("login.user", from_caller(user));
        company.set_meta("login.password", from_caller(password));
        return ok();
    });
}

ADK_EXPORT ADK_ERROR ADK_API SkarvAdkEmuCreateSystemFolder(const char* system_path) {
    return guarded(ADKE_OPEN, [&] {
        if (!system_path || !*system_path) return make_error(ADKE_INVALID_ADM_PATH, ADKE_OPEN);
        const fs::path folder(system_path);
        fs::create_directories(folder);
        std::ofstream marker(folder / kSystemFolderMarker);
        marker << "Skarv's Visma ADK emulator accepts this folder as the system path (\"Gemensamma filer\").\n";
        if (!marker) return make_error(ADKE_INVALID_ADM_PATH, ADKE_OPEN);
        return ok();
    });
}

ADK_EXPORT long ADK_API SkarvAdkEmuLiveStructs(void) {
    std::lock_guard<std::mutex> lock(process_state().mutex);
    return static_cast<long>(process_state().live.size());
}

}  // extern "C"
