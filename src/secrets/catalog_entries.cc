#include "secrets/catalog_entries.h"

#include <map>

#include "secrets/detector.h"
#include "secrets/engine.h"

namespace kl::secrets {

namespace {

/// An example with its secret redacted: the catalog and docs never carry a full value,
/// even a synthetic one, so a grep for planted values stays meaningful.
std::string redacted_example(const Detector& d, const std::string& example) {
  // Without the engine (the catalog must not depend on the database), redact every long
  // run of secret-like characters.
  std::string out;
  size_t i = 0;
  while (i < example.size()) {
    size_t j = i;
    while (j < example.size() && (std::isalnum(static_cast<unsigned char>(example[j])) ||
                                  example[j] == '/' || example[j] == '+' || example[j] == '_' ||
                                  example[j] == '-' || example[j] == '.'))
      ++j;
    if (j - i >= 12) {
      out += redact(std::string_view(example).substr(i, j - i));
      i = j;
    } else if (j > i) {
      out.append(example, i, j - i);
      i = j;
    } else {
      out += example[i++];
    }
  }
  (void)d;
  return out;
}

}  // namespace

std::vector<rules::RuleInfo> catalog_entries() {
  std::vector<rules::RuleInfo> out;
  for (const Detector& d : embedded_detectors()) {
    rules::RuleInfo r;
    r.id = d.rule_id();
    r.service = "secrets/" + d.family;
    r.engine = "secrets";
    r.severity = d.severity;
    r.title = {d.name, d.name + "（平文の秘密情報）"};
    r.messages[""] = {"{what} in plain text: {secret}", "平文の{what}: {secret}"};
    r.messages["account"] = {"{what} in plain text: {secret} (AWS account {account})",
                             "平文の{what}: {secret}（AWS アカウント {account}）"};
    r.remediation = {
        "Revoke or rotate the credential now (it may already be copied), remove it from the "
        "code and its history, and read it at run time from Secrets Manager or an SSM "
        "SecureString parameter.",
        "まず認証情報を失効またはローテーションしてください（既に複製されている可能性があります）。"
        "コードと履歴から削除し、実行時に Secrets Manager または SSM の SecureString パラメータから読み込んでください。"};
    r.rationale = d.description + " Found by the secrets engine (docs/secrets.md): pattern, " +
                  (d.keywords.empty() ? std::string("no keyword prefilter") : "keywords required nearby") +
                  (d.entropy > 0 ? ", minimum entropy " + std::to_string(d.entropy).substr(0, 3) + " bits/char" : "") +
                  "; evidence is always redacted.";
    r.example_bad = d.positive.empty() ? "" : redacted_example(d, d.positive.front());
    r.example_good = d.negative.empty() ? "(no secret)" : redacted_example(d, d.negative.front());
    r.references = {"https://cwe.mitre.org/data/definitions/798.html",
                    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html"};
    // As the other secret rules (RULES.md): OWASP Serverless Top 10 S3, CSA SAS-7, CWE-798.
    r.mappings["owasp"] = {"S3"};
    r.mappings["csa"] = {"SAS-7"};
    r.mappings["cwe"] = {"CWE-798"};
    out.push_back(std::move(r));
  }
  return out;
}

std::string detectors_markdown() {
  std::map<std::string, std::vector<const Detector*>> by_family;
  for (const Detector& d : embedded_detectors()) by_family[d.family].push_back(&d);
  std::string md =
      "# Secret detectors\n\n"
      "Generated from `src/secrets/detectors/*.yaml` by `make docs` (a test checks it is current).\n"
      "Each detector reports `KL-SECRET-<ID>`; how the engine works is in [secrets.md](secrets.md).\n"
      "To write or change a detector, see [adding-secret-detectors.md](adding-secret-detectors.md).\n\n"
      "| family | detectors |\n|---|---|\n";
  for (const auto& [family, ds] : by_family) md += "| " + family + " | " + std::to_string(ds.size()) + " |\n";
  md += "\n" + std::to_string(embedded_detectors().size()) + " detectors in all.\n";
  for (const auto& [family, ds] : by_family) {
    md += "\n## " + family + "\n\n| id | severity | what | keywords | entropy |\n|---|---|---|---|---|\n";
    for (const Detector* d : ds) {
      std::string kw;
      for (const auto& k : d->keywords) kw += (kw.empty() ? "" : ", ") + k;
      std::string desc = d->description;
      for (char& c : desc)
        if (c == '|') c = '/';
      md += "| `" + d->rule_id() + "` | " + std::string(rules::severity_name(d->severity)) + " | " +
            d->name + ": " + desc + " | " + kw + " | " +
            (d->entropy > 0 ? std::to_string(d->entropy).substr(0, 3) : "") + " |\n";
    }
  }
  return md;
}

}  // namespace kl::secrets
