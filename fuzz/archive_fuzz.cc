// libFuzzer target: random bytes as a .zip/.jar package through the archive reader
// (src/secrets/archive.*), with every text entry handed to the secrets engine as a scan
// would. Any crash, hang, blow-up or sanitizer report is a bug: a bad package must only
// ever produce notes and warnings. Seeds: tiny zips in fuzz/archive_seeds/ (plain, nested,
// ../ names, a symlink, an encrypted entry).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "secrets/archive.h"
#include "secrets/findings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kl::secrets::ArchiveLimits limits;
  // Small limits keep each run fast; the ratio check still runs past its first 16 MiB.
  limits.max_total_bytes = 32u << 20;
  limits.max_entry_bytes = 1u << 20;
  limits.max_entries = 2000;
  kl::model::Diagnostics diags;
  std::vector<kl::rules::Finding> findings;
  kl::secrets::scan_archive_bytes(
      "fuzz.zip", bytes, limits,
      [&](const std::string& name, std::string_view text) {
        kl::secrets::find_secrets(name, text, {}, findings);
      },
      diags);
  return 0;
}
