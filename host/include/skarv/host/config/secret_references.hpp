#pragma once
// Secrets kept outside the configuration file: any string setting may instead be
// {"$env": "NAME"} (an environment variable) or {"$file": "/run/credentials/skarv/norce"}
// (a file, e.g. systemd's LoadCredential=; one trailing newline is dropped). They are
// replaced by their values before anything checks the document, so the host's and the
// plugins' schemas see plain strings. See docs/config.md#secrets-outside-the-file.

#include <filesystem>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/host/config/schema_validator.hpp"

namespace skarv::host {

struct ResolvedSecrets {
    std::vector<std::string> values;        // for the logger's scrubber; never printed
    std::vector<SchemaProblem> problems;    // "connections[0].erp.password: environment variable NORCE_PW is not set"
};

// Replaces every reference in `doc` in place. A reference that cannot be resolved is
// left as it is (the schema then says "expected string") and named in `problems`,
// without any value. Relative $file paths are resolved against `base`.
ResolvedSecrets resolve_secret_references(boost::json::value& doc, const std::filesystem::path& base);

}  // namespace skarv::host
