#include "secrets/engine.h"

#include <dlfcn.h>
#include <hs/hs.h>
#include <re2/re2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

namespace kl::secrets {

namespace {

// A window longer than this is cut: a secret (or the key name before it) is never longer,
// and it bounds RE2's work per hit. Private key blocks are matched by their header.
constexpr unsigned kMaxWindow = 4096;

/// Shorter keywords (`sk`, `_`, `key`) occur everywhere in source: as anchors they would put
/// nearly every byte in a stage-2 window, so their detectors stay always-on.
constexpr size_t kMinAnchorLength = 4;
/// Keywords that occur more than ~50 times per MB of ordinary source text (measured on
/// 40 MB of /usr/lib/python3, /usr/include and /usr/share/doc, and on the bench corpus):
/// their windows would cover most bytes, so they do not anchor either.
constexpr std::string_view kCommonWords[] = {"http", "token", "line", "function", "elastic",
                                             "pass", "cred", "meta", "frame"};

uint64_t fnv(std::string_view s, uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string hex64(uint64_t h) {
  static const char* kDigits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<size_t>(i)] = kDigits[h & 0xf];
  return out;
}

bool make_dirs(const std::string& dir) {
  std::string cur;
  std::stringstream ss(dir);
  std::string part;
  if (!dir.empty() && dir[0] == '/') cur = "/";
  while (std::getline(ss, part, '/')) {
    if (part.empty()) continue;
    cur += part + "/";
    if (mkdir(cur.c_str(), 0700) != 0 && errno != EEXIST) return false;
  }
  return true;
}

/// Case-insensitive search for a lower-case `needle`.
bool contains_lower(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  if (hay.size() < needle.size()) return false;
  const char first = needle[0];
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    char c = hay[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != first) continue;
    size_t j = 1;
    for (; j < needle.size(); ++j) {
      char d = hay[i + j];
      if (d >= 'A' && d <= 'Z') d = static_cast<char>(d + 32);
      if (d != needle[j]) break;
    }
    if (j == needle.size()) return true;
  }
  return false;
}

/// Vectorscan 5.4.9 (Debian's) dispatches hs_scan to its AVX-512 scanner on CPUs that have
/// it, and that scanner misses matches in multi-pattern databases (found here: two patterns,
/// a match after a few KB of text is never reported; upstream fixed AVX-512 accelerator bugs
/// after 5.4.11). Its AVX2 scanner misses matches too, in the two-stage databases: an
/// always-on pattern (`ibm-cos-hmac-secret`) is not reported when a line follows it
/// (SecretsEngine.AlwaysOnPatternFollowedByText; 6 of 1,275 planted secrets in the bench).
/// The SSE4.2 scanner reports every match and is as fast here (the scan is ~15 % of the
/// time; RE2 confirmations dominate), so the databases are built for SSE4.2 and scanned with
/// the fat runtime's SSE4.2 entry point when it exists.
/// SecretsEngine.FindsSecretsFarIntoALargeText guards this too.
using ScanFn = hs_error_t (*)(const hs_database_t*, const char*, unsigned, unsigned, hs_scratch_t*,
                              match_event_handler, void*);

ScanFn scan_fn() {
  static const ScanFn fn = [] {
    if (__builtin_cpu_supports("sse4.2"))
      if (void* f = dlsym(RTLD_DEFAULT, "corei7_hs_scan")) return reinterpret_cast<ScanFn>(f);
    return &hs_scan;
  }();
  return fn;
}

hs_platform_info_t platform() {
  hs_platform_info_t p{};
  hs_populate_platform(&p);
  p.cpu_features &= ~static_cast<unsigned long long>(HS_CPU_FEATURES_AVX2 | HS_CPU_FEATURES_AVX512 |
                                                     HS_CPU_FEATURES_AVX512VBMI);
  return p;
}

std::mutex g_cache_mu;
std::string g_cache_dir;
bool g_cache_dir_set = false;

}  // namespace

struct Engine::Impl {
  const std::vector<Detector>* detectors = nullptr;
  /// Stage 1, over every byte: the anchor literals of the anchored detectors (ids from
  /// detectors->size() on) and the patterns of the always-on ones (ids = detector index).
  hs_database_t* db = nullptr;
  /// Stage 2, only on windows around anchor hits: the anchored detectors' patterns.
  hs_database_t* db_anchored = nullptr;
  std::vector<uint8_t> anchored;  ///< by detector index (see is_anchored())
  /// By detector index: 1 when its pattern is compiled with HS_FLAG_SOM_LEFTMOST, so a
  /// match's start is known and RE2 confirms exactly [start, end] (anchored at both ends)
  /// instead of searching backwards over a window as long as the pattern's longest match.
  std::vector<uint8_t> som;
  /// By detector index: 1 when the secret is the whole match (see secret_is_whole_match()),
  /// so a match with a tracked start needs no RE2 at all: Vectorscan's exact span is it.
  std::vector<uint8_t> whole;
  struct Anchor {
    std::string literal;  ///< lower-case
    unsigned reach = 0;   ///< longest window among the detectors it anchors
  };
  std::vector<Anchor> anchors;
  /// By detector index; null = not compiled yet, or not usable. Compiled up front when the
  /// database is compiled (to report bad patterns), else on a detector's first hit: most
  /// detectors never fire in a given tree, and compiling hundreds costs a tenth of a second.
  mutable std::vector<std::unique_ptr<RE2>> re;
  mutable std::unique_ptr<std::once_flag[]> re_once;
  RE2::Options re_options;

  /// The detector's RE2, anchored at the end of the text it is given: Vectorscan's
  /// reported end. nullptr when it does not compile or lacks the secret group.
  std::unique_ptr<RE2> compile_re(size_t i, std::string* error) const {
    const Detector& d = (*detectors)[i];
    const std::string& p = d.confirm_pattern.empty() ? d.pattern : d.confirm_pattern;
    auto r = std::make_unique<RE2>("(?:" + p + ")\\z", re_options);
    if (!r->ok()) {
      if (error) *error = d.id + ": RE2 cannot compile the pattern: " + r->error();
      return nullptr;
    }
    if (d.secret_group > r->NumberOfCapturingGroups()) {
      if (error) *error = d.id + ": secret_group exceeds the pattern's groups";
      return nullptr;
    }
    return r;
  }
  const RE2* regex(size_t i) const {
    std::call_once(re_once[i], [&] {
      if (!re[i]) re[i] = compile_re(i, nullptr);
    });
    return re[i].get();
  }
  std::vector<unsigned> window;          ///< longest match per detector (bytes)
  hs_scratch_t* proto_scratch = nullptr;
  /// Unique per engine: a thread's scratch belongs to one database (a freed database's
  /// address may be reused by the next one, so the pointer cannot tell).
  uint64_t generation = 0;

  ~Impl() {
    if (proto_scratch) hs_free_scratch(proto_scratch);
    if (db) hs_free_database(db);
    if (db_anchored) hs_free_database(db_anchored);
  }
};

namespace {

/// The serialized cache file: magic, detector count, per detector its window and whether
/// it is in a database, then the stage-1 database's length and bytes, then the stage-2
/// database's bytes (none when no detector is anchored). Which detectors are anchored, and on what, is derived from the
/// detectors again on load (the key covers their text).
constexpr char kMagic[8] = {'K', 'L', 'S', 'D', 'B', '0', '0', '3'};

bool load_cache(const std::string& file, Engine::Impl& impl, std::vector<uint8_t>& in_db) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return false;
  // One read of the whole file: an istreambuf_iterator copy costs ~70M instructions for
  // the few MB of a database, a tenth of a small scan.
  const std::streamoff size = in.tellg();
  if (size <= 0) return false;
  std::string bytes(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) return false;
  size_t n = impl.detectors->size();
  size_t header = sizeof(kMagic) + 4 + n * 5 + 8;
  if (bytes.size() <= header || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) return false;
  uint32_t count;
  std::memcpy(&count, bytes.data() + sizeof(kMagic), 4);
  if (count != n) return false;
  const char* p = bytes.data() + sizeof(kMagic) + 4;
  for (size_t i = 0; i < n; ++i, p += 5) {
    uint32_t w;
    std::memcpy(&w, p, 4);
    if (w == 0 || w > kMaxWindow) return false;
    impl.window[i] = w;
    in_db[i] = static_cast<uint8_t>(p[4]);
  }
  uint64_t len1;
  std::memcpy(&len1, p, 8);
  p += 8;
  const size_t rest = bytes.size() - header;
  if (len1 == 0 || len1 > rest) return false;
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(p, len1, &db) != HS_SUCCESS) return false;
  hs_database_t* db2 = nullptr;  // none when no detector is anchored
  if (rest > len1 && hs_deserialize_database(p + len1, rest - len1, &db2) != HS_SUCCESS) {
    hs_free_database(db);
    return false;
  }
  impl.db = db;
  impl.db_anchored = db2;
  return true;
}

bool write_cache(const std::string& file, const Engine::Impl& impl, const std::vector<uint8_t>& in_db) {
  char* b1 = nullptr;
  char* b2 = nullptr;
  size_t len1 = 0, len2 = 0;
  if (hs_serialize_database(impl.db, &b1, &len1) != HS_SUCCESS) return false;
  if (impl.db_anchored && hs_serialize_database(impl.db_anchored, &b2, &len2) != HS_SUCCESS) {
    std::free(b1);
    return false;
  }
  std::string out(kMagic, sizeof(kMagic));
  uint32_t count = static_cast<uint32_t>(impl.detectors->size());
  out.append(reinterpret_cast<const char*>(&count), 4);
  for (size_t i = 0; i < impl.detectors->size(); ++i) {
    uint32_t w = impl.window[i];
    out.append(reinterpret_cast<const char*>(&w), 4);
    out += static_cast<char>(in_db[i]);
  }
  uint64_t l1 = len1;
  out.append(reinterpret_cast<const char*>(&l1), 8);
  out.append(b1, len1);
  if (b2) out.append(b2, len2);
  std::free(b1);
  std::free(b2);
  // Written aside and renamed: a concurrent scan never reads half a file.
  std::string tmp = file + ".tmp" + std::to_string(getpid());
  {
    std::ofstream o(tmp, std::ios::binary);
    if (!o.write(out.data(), static_cast<std::streamsize>(out.size()))) return false;
  }
  return std::rename(tmp.c_str(), file.c_str()) == 0;
}

/// A literal as a Vectorscan expression: every byte but letters and digits escaped.
std::string literal_expression(std::string_view lit) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : lit) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kDigits[c >> 4];
      out += kDigits[c & 0xf];
    }
  }
  return out;
}

/// Compiles `exprs` (ids and flags alongside) into one block-mode database. An expression
/// that fails is switched to prefilter mode if it was exact (in_db 1 -> 2), else dropped
/// (reported in `errors`), and the rest recompiled. Ids below `n` are detectors.
hs_database_t* compile_set(std::vector<std::string> exprs, std::vector<unsigned> flags,
                           std::vector<unsigned> ids, size_t n, const std::vector<Detector>& detectors,
                           std::vector<uint8_t>& in_db, const hs_platform_info_t& plat,
                           std::vector<std::string>& errors) {
  for (;;) {
    if (exprs.empty()) return nullptr;
    std::vector<const char*> cs;
    for (const auto& e : exprs) cs.push_back(e.c_str());
    hs_compile_error_t* err = nullptr;
    hs_database_t* db = nullptr;
    if (hs_compile_multi(cs.data(), flags.data(), ids.data(), static_cast<unsigned>(cs.size()),
                         HS_MODE_BLOCK, &plat, &db, &err) == HS_SUCCESS)
      return db;
    int bad = err->expression;
    std::string msg = err->message;
    hs_free_compile_error(err);
    if (bad < 0) {
      // Not blamed on one expression (e.g. a resource limit): retry without start-of-match
      // tracking, which is what makes databases larger.
      bool had_som = false;
      for (size_t k = 0; k < flags.size(); ++k)
        if (flags[k] & HS_FLAG_SOM_LEFTMOST) {
          flags[k] &= ~static_cast<unsigned>(HS_FLAG_SOM_LEFTMOST);
          if (ids[k] < n && in_db[ids[k]] == 3) in_db[ids[k]] = 1;
          had_som = true;
        }
      if (had_som) continue;
      errors.push_back("vectorscan: " + msg);
      return nullptr;
    }
    const size_t b = static_cast<size_t>(bad);
    const size_t i = ids[b];
    if (i < n && in_db[i] == 3) {
      // Vectorscan cannot track this pattern's leftmost start: confirm it over a window.
      flags[b] &= ~static_cast<unsigned>(HS_FLAG_SOM_LEFTMOST);
      in_db[i] = 1;
      continue;
    }
    if (i < n && in_db[i] == 1) {
      flags[b] |= HS_FLAG_PREFILTER;
      in_db[i] = 2;
      continue;
    }
    errors.push_back((i < n ? detectors[i].id : "anchor '" + exprs[b] + "'") +
                     ": vectorscan cannot compile the pattern: " + msg);
    if (i < n) in_db[i] = 0;
    exprs.erase(exprs.begin() + bad);
    flags.erase(flags.begin() + bad);
    ids.erase(ids.begin() + bad);
  }
}

/// Which patterns are compiled with HS_FLAG_SOM_LEFTMOST: every exact one but the filters
/// of detectors with a confirm_pattern. Measured (docs/benchmarks.md): for most detectors
/// the start spares RE2 a backward search over a window per hit and building a reverse
/// program (the fixed cost of a file where many detectors fire). A filter's start would be
/// the filter's, not the secret's, and tracking it through an unbounded repeat (the
/// generic detectors' `X*[0-9]X*`) made the whole scan 2.5x slower.
bool wants_som(const Detector& d) { return d.confirm_pattern.empty(); }

/// The longest match of `pattern` in bytes (UINT_MAX when unbounded), or nullopt when it
/// is not in Vectorscan's exact syntax.
std::optional<unsigned> longest_match(const std::string& pattern) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(pattern.c_str(), 0, &info, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return std::nullopt;
  }
  unsigned width = info->max_width;
  std::free(info);
  return width;
}

/// Which detectors are anchored and the anchor literals with their reach.
void derive_anchors(Engine::Impl& im) {
  const auto& ds = *im.detectors;
  im.anchored.assign(ds.size(), 0);
  im.anchors.clear();
  std::vector<std::string> lits;
  for (size_t i = 0; i < ds.size(); ++i) {
    if (!is_anchored(ds[i])) continue;
    im.anchored[i] = 1;
    for (const std::string& k : ds[i].keywords) {
      auto it = std::find(lits.begin(), lits.end(), k);
      size_t at = static_cast<size_t>(it - lits.begin());
      if (it == lits.end()) {
        lits.push_back(k);
        im.anchors.push_back({k, 0});
      }
      im.anchors[at].reach = std::max(im.anchors[at].reach, im.window[i]);
    }
  }
}

}  // namespace

bool secret_is_whole_match(const Detector& d) {
  // `\b(X)\b`, `(X)` or `X` (group 0) where X holds no group, alternation or escape that
  // could hide one: only zero-width `\b` lies outside the secret. Vectorscan matches the
  // pattern exactly and tracks its start, so [start, end] is the secret as RE2 would
  // extract it; compiling RE2 costs 0.3-2 ms per detector on its first hit (a third of a
  // scan where every detector fires).
  if (!d.confirm_pattern.empty()) return false;
  std::string_view p = d.pattern;
  if (d.secret_group == 0) return p.find_first_of("()|") == std::string_view::npos;
  if (d.secret_group != 1) return false;
  if (p.substr(0, 2) == "\\b") p.remove_prefix(2);
  if (p.size() >= 2 && p.substr(p.size() - 2) == "\\b" && (p.size() < 3 || p[p.size() - 3] != '\\'))
    p.remove_suffix(2);
  if (p.size() < 2 || p.front() != '(' || p.back() != ')') return false;
  std::string_view inner = p.substr(1, p.size() - 2);
  return !inner.empty() && inner[0] != '?' && inner.find_first_of("()|") == std::string_view::npos;
}

Engine::Engine(const std::vector<Detector>& detectors, const std::string& cache_key_text,
               const std::string& cache_dir)
    : impl_(std::make_unique<Impl>()) {
  static std::atomic<uint64_t> generations{0};
  Impl& im = *impl_;
  im.generation = ++generations;
  im.detectors = &detectors;
  const size_t n = detectors.size();
  im.re.resize(n);
  im.window.assign(n, kMaxWindow);

  im.re_options.set_log_errors(false);
  im.re_options.set_encoding(RE2::Options::EncodingLatin1);  // bytes, as Vectorscan sees them
  im.re_options.set_max_mem(64 << 20);  // room for the DFA of long bounded repeats
  im.re_once = std::make_unique<std::once_flag[]>(n);

  // in_db: 0 = not in the database, 1 = exact, 2 = prefilter approximation, 3 = exact with
  // the match start tracked (HS_FLAG_SOM_LEFTMOST; see Impl::som).
  std::vector<uint8_t> in_db(n, 0);
  const hs_platform_info_t plat = platform();
  // The anchoring rule decides which database a detector is in: part of the key.
  std::string key = std::string(hs_version()) + "\n" + std::to_string(plat.cpu_features) +
                    "\nanchors>=" + std::to_string(kMinAnchorLength) + "-v2-som-confirm-window\n" + cache_key_text;
  if (!cache_dir.empty()) cache_file_ = cache_dir + "/secrets-" + hex64(fnv(key)) + ".hsdb";
  if (!cache_file_.empty() && load_cache(cache_file_, im, in_db)) {
    origin_ = "cache";
    derive_anchors(im);
  } else {
    // Every pattern through RE2 first: one it cannot compile stays out of the database and
    // is reported (Detectors.AllCompileExactly).
    for (size_t i = 0; i < n; ++i) {
      std::string error;
      im.re[i] = im.compile_re(i, &error);
      if (!im.re[i]) errors_.push_back(error);
    }
    std::vector<unsigned> flags(n, 0);
    for (size_t i = 0; i < n; ++i) {
      if (!im.re[i]) continue;
      if (auto width = longest_match(detectors[i].pattern)) {
        in_db[i] = 1;
        // A filter's matches may be unbounded (`X*[0-9]X*`); RE2 confirms with the exact
        // pattern, so its longest match is the window to search (4 KiB instead cost ~50 µs
        // per confirmation of a generic detector).
        if (!detectors[i].confirm_pattern.empty()) width = longest_match(detectors[i].confirm_pattern).value_or(*width);
        im.window[i] = std::clamp<unsigned>(*width, 1, kMaxWindow);
      } else {
        // Not in Vectorscan's exact syntax: its prefilter mode matches a superset.
        flags[i] = HS_FLAG_PREFILTER;
        in_db[i] = 2;
      }
    }
    derive_anchors(im);
    // Stage 1: the always-on detectors' patterns and every anchor literal, caseless.
    std::vector<std::string> e1, e2;
    std::vector<unsigned> f1, f2, i1, i2;
    for (size_t i = 0; i < n; ++i) {
      if (!in_db[i]) continue;
      auto [e, f, id] = im.anchored[i] ? std::tie(e2, f2, i2) : std::tie(e1, f1, i1);
      e.push_back(detectors[i].pattern);
      // Start of match for the exact patterns that want it (compile_set drops the flag
      // where Vectorscan refuses it).
      if (in_db[i] == 1 && wants_som(detectors[i])) {
        flags[i] |= HS_FLAG_SOM_LEFTMOST;
        in_db[i] = 3;
      }
      f.push_back(flags[i]);
      id.push_back(static_cast<unsigned>(i));
    }
    for (size_t a = 0; a < im.anchors.size(); ++a) {
      e1.push_back(literal_expression(im.anchors[a].literal));
      f1.push_back(HS_FLAG_CASELESS);
      i1.push_back(static_cast<unsigned>(n + a));
    }
    im.db = compile_set(e1, f1, i1, n, detectors, in_db, plat, errors_);
    im.db_anchored = compile_set(e2, f2, i2, n, detectors, in_db, plat, errors_);
    origin_ = "compiled";
    if (im.db && !cache_file_.empty()) {
      if (!(make_dirs(cache_dir) && write_cache(cache_file_, im, in_db))) origin_ += " (cache not writable)";
    }
  }
  im.som.assign(n, 0);
  for (size_t i = 0; i < n; ++i) im.som[i] = in_db[i] == 3;
  im.whole.assign(n, 0);
  for (size_t i = 0; i < n; ++i) im.whole[i] = im.som[i] && secret_is_whole_match(detectors[i]);
  for (size_t i = 0; i < n; ++i)
    if (in_db[i] == 0 && im.re[i]) errors_.push_back(detectors[i].id + ": not in the database");
  // One scratch serves both databases (hs_alloc_scratch grows it to fit each).
  if ((im.db && hs_alloc_scratch(im.db, &im.proto_scratch) != HS_SUCCESS) ||
      (im.db_anchored && hs_alloc_scratch(im.db_anchored, &im.proto_scratch) != HS_SUCCESS)) {
    errors_.push_back("vectorscan: cannot allocate scratch space");
    if (im.db) hs_free_database(im.db);
    if (im.db_anchored) hs_free_database(im.db_anchored);
    im.db = im.db_anchored = nullptr;
  }
}

Engine::~Engine() = default;

namespace {

constexpr size_t kNoStart = static_cast<size_t>(-1);

struct ScanState {
  ScanState(const Engine::Impl* i, std::string_view t) : im(i), text(t) {}
  const Engine::Impl* im;
  std::string_view text;
  /// A run of consecutive match ends of one detector not yet confirmed. A pattern without
  /// a terminator (`[a-z0-9]{16,40}`) ends at every length: only the last end of a run is
  /// confirmed, so the secret is the longest match, not its prefixes.
  struct Pending {
    unsigned id;
    size_t end;
    size_t from;  ///< the leftmost start of the end's match (SOM patterns), else kNoStart
  };
  /// Only the detectors with a run open, a handful at a time: a per-detector table would
  /// cost allocating and clearing hundreds of entries per scanned string, and the rules
  /// scan many short template values.
  std::vector<Pending> pending;
  std::vector<Match> out;
  /// Offset of the piece being scanned by Vectorscan in `text` (stage 2 scans windows).
  size_t base = 0;
  /// Stage 2's windows [begin, end) around anchor hits.
  std::vector<std::pair<size_t, size_t>> windows;
};

/// Confirms with RE2 a match of detector `id` ending at `end` and starting at `from`
/// (kNoStart when Vectorscan does not track it), and records the secret.
void confirm(ScanState& st, unsigned id, size_t from, size_t end);
/// Records text[begin, end) as a secret of `d` unless a filter (allow-list, entropy,
/// reference, documentation example, timestamp) drops it.
void record(ScanState& st, const Detector& d, size_t begin, size_t end);

/// Values that name a secret instead of holding it, whatever detector matched them: ARNs,
/// dynamic references, variables, and lower-case paths (`/shop/prod/jwt-secret`, an SSM
/// parameter name). A random secret has upper-case letters or digits mixed in.
bool is_reference(std::string_view s) {
  if (s.rfind("arn:", 0) == 0 || s.rfind("{{resolve:", 0) == 0 || s.rfind("${", 0) == 0 ||
      s.rfind("$(", 0) == 0)
    return true;
  if (s.size() < 2 || s[0] != '/' || std::count(s.begin(), s.end(), '/') < 2) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '/' || c == '-' || c == '_' || c == '.';
  });
}

/// AWS's documentation marks its sample credentials with EXAMPLE (`AKIAI44QH8DHBEXAMPLE`,
/// `...bPxRfiCYEXAMPLEKEY`), and SDKs ship hundreds of them in their examples; a generated
/// secret never spells the word in capitals, so any value containing it is a sample.
bool is_documentation_example(std::string_view s) {
  return s.find("EXAMPLE") != std::string_view::npos;
}

/// A date or ISO-8601 timestamp (`2016-09-08T21:47:36Z`): what `PasswordLastUsed` or
/// `tokenExpiry` hold, never a secret.
bool is_timestamp(std::string_view s) {
  auto digits = [&](size_t at, size_t n) {
    if (at + n > s.size()) return false;
    for (size_t i = at; i < at + n; ++i)
      if (s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (!(digits(0, 4) && s.size() >= 10 && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2)))
    return false;
  // After the date only time characters: digits, separators, fraction and zone.
  return std::all_of(s.begin() + 10, s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == 'T' || c == ' ' || c == ':' || c == '.' || c == 'Z' ||
           c == '+' || c == '-';
  });
}

void flush_all(ScanState& st) {
  // By detector, as a table would: which of two equal matches is kept must not depend on
  // the order the runs were opened.
  std::sort(st.pending.begin(), st.pending.end(),
            [](const ScanState::Pending& a, const ScanState::Pending& b) { return a.id < b.id; });
  for (const auto& p : st.pending) confirm(st, p.id, p.from, p.end);
  st.pending.clear();
}

int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned /*flags*/,
             void* ctx) {
  auto& st = *static_cast<ScanState*>(ctx);
  const size_t end = st.base + static_cast<size_t>(to);
  const size_t n = st.im->detectors->size();
  if (id >= n) {
    // An anchor literal ends at `end`. A detector it anchors can only be confirmed at an end
    // whose window (its longest match) holds the literal, so its matches end within `reach`
    // of the literal's start and begin at most `reach` before the literal's end.
    const Engine::Impl::Anchor& a = st.im->anchors[id - n];
    const size_t lit_begin = end - a.literal.size();
    const size_t b = end > a.reach ? end - a.reach : 0;
    st.windows.emplace_back(b, std::min(st.text.size(), lit_begin + a.reach));
    return 0;
  }
  const size_t start = st.im->som[id] ? st.base + static_cast<size_t>(from) : kNoStart;
  for (auto& p : st.pending) {
    if (p.id != id) continue;
    if (end != p.end + 1) confirm(st, id, p.from, p.end);
    p.end = end;
    p.from = start;
    return 0;
  }
  st.pending.push_back({id, end, start});
  return 0;
}

void confirm(ScanState& st, unsigned id, size_t from, size_t end) {
  const Engine::Impl& im = *st.im;
  const Detector& d = (*im.detectors)[id];
  const bool whole = im.whole[id] && from != kNoStart;
  const RE2* re = whole ? nullptr : im.regex(id);
  if (!re && !whole) return;
  const size_t begin = end > im.window[id] ? end - im.window[id] : 0;
  std::string_view window = st.text.substr(begin, end - begin);
  if (!d.keywords.empty()) {
    bool any = false;
    for (const std::string& k : d.keywords)
      if (contains_lower(window, k)) {
        any = true;
        break;
      }
    if (!any) return;
  }
  if (whole) {
    record(st, d, from, end);
    return;
  }
  std::array<re2::StringPiece, 10> groups;
  const int ngroups = std::min<int>(d.secret_group + 1, static_cast<int>(groups.size()));
  // The text RE2 sees ends at the reported end (`\z`) and starts one byte before the window,
  // so `\b` and `^` at the window's start see the real byte.
  // With the match's start known, RE2 matches exactly [from, end]: a forward, anchored
  // run over the match instead of a search over the window.
  const size_t start = from != kNoStart ? from : begin;
  const size_t ctx_begin = std::min(start, begin) > 0 ? std::min(start, begin) - 1 : 0;
  re2::StringPiece context(st.text.data() + ctx_begin, end - ctx_begin);
  if (!re->Match(context, start - ctx_begin, end - ctx_begin,
                 from != kNoStart ? RE2::ANCHOR_BOTH : RE2::UNANCHORED, groups.data(), ngroups))
    return;
  re2::StringPiece g = groups[static_cast<size_t>(ngroups - 1)];
  if (g.data() == nullptr || g.empty()) return;
  const size_t at = static_cast<size_t>(g.data() - st.text.data());
  record(st, d, at, at + g.size());
}

void record(ScanState& st, const Detector& d, size_t begin, size_t end) {
  if (begin >= end) return;
  Match m;
  m.detector = &d;
  m.begin = begin;
  m.end = end;
  m.secret = st.text.substr(begin, end - begin);
  if (std::find(d.allow.begin(), d.allow.end(), m.secret) != d.allow.end()) return;
  if (d.entropy > 0 && shannon_entropy(m.secret) < d.entropy) return;
  if (d.require_digit &&
      std::none_of(m.secret.begin(), m.secret.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return;
  if (is_reference(m.secret) || is_documentation_example(m.secret) || is_timestamp(m.secret))
    return;
  st.out.push_back(m);
}

/// Among overlapping secrets one is kept: the higher priority, then the longer.
std::vector<Match> resolve_overlaps(std::vector<Match> ms) {
  std::sort(ms.begin(), ms.end(), [](const Match& a, const Match& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<Match> kept;
  for (Match& m : ms) {
    if (!kept.empty() && m.begin < kept.back().end) {
      Match& k = kept.back();
      auto rank = [](const Match& x) {
        return std::make_tuple(x.detector->priority, x.end - x.begin);
      };
      if (rank(m) > rank(k)) k = m;
      continue;
    }
    kept.push_back(m);
  }
  return kept;
}

}  // namespace

namespace {

/// Both stages over `text` (at most 4 GiB: hs_scan takes an unsigned length).
void scan_piece(ScanState& st, hs_scratch_t* scratch) {
  const Engine::Impl& im = *st.im;
  scan_fn()(im.db, st.text.data(), static_cast<unsigned>(st.text.size()), 0, scratch, on_match, &st);
  flush_all(st);
  if (!im.db_anchored || st.windows.empty()) return;
  // Anchors reach differently far: sort, then merge overlapping windows.
  std::sort(st.windows.begin(), st.windows.end());
  std::vector<std::pair<size_t, size_t>> merged;
  for (const auto& w : st.windows) {
    if (!merged.empty() && w.first <= merged.back().second)
      merged.back().second = std::max(merged.back().second, w.second);
    else
      merged.push_back(w);
  }
  st.windows = std::move(merged);
  // Stage 2 on each window: its own Vectorscan scan, so runs of match ends never cross
  // windows; RE2 confirms against the whole text, so a `\b` or `^` that Vectorscan saw at
  // a window's cut is checked on the real bytes.
  for (const auto& [b, e] : st.windows) {
    st.base = b;
    scan_fn()(im.db_anchored, st.text.data() + b, static_cast<unsigned>(e - b), 0, scratch, on_match,
              &st);
    flush_all(st);
  }
  st.base = 0;
}

}  // namespace

std::vector<Match> Engine::scan(std::string_view text) const {
  const Impl& im = *impl_;
  if (!im.db || text.empty()) return {};
  // One scratch per thread (and per engine): Vectorscan's scratch is not shareable. It is
  // freed when the thread ends (the scan's worker threads come and go).
  struct ThreadScratch {
    hs_scratch_t* scratch = nullptr;
    uint64_t generation = 0;
    ~ThreadScratch() {
      if (scratch) hs_free_scratch(scratch);
    }
  };
  thread_local ThreadScratch mine;
  if (mine.generation != im.generation) {
    if (mine.scratch) hs_free_scratch(mine.scratch);
    mine.scratch = nullptr;
    mine.generation = 0;
    if (hs_clone_scratch(im.proto_scratch, &mine.scratch) != HS_SUCCESS) return {};
    mine.generation = im.generation;
  }
  hs_scratch_t* scratch = mine.scratch;
  ScanState st(&im, text);
  // hs_scan takes an unsigned length: scan very large texts in overlapping pieces.
  const size_t kPiece = size_t{1} << 30;
  if (text.size() <= kPiece) {
    scan_piece(st, scratch);
  } else {
    for (size_t at = 0; at < text.size(); at += kPiece - kMaxWindow) {
      ScanState piece(&im, text.substr(at, std::min(kPiece, text.size() - at)));
      scan_piece(piece, scratch);
      for (Match m : piece.out) {
        m.begin += at;
        m.end += at;
        m.secret = text.substr(m.begin, m.end - m.begin);
        st.out.push_back(m);
      }
    }
  }
  return resolve_overlaps(std::move(st.out));
}

bool is_anchor_keyword(std::string_view k) {
  return k.size() >= kMinAnchorLength &&
         std::find(std::begin(kCommonWords), std::end(kCommonWords), k) == std::end(kCommonWords);
}

bool is_anchored(const Detector& d) {
  return !d.always_on && !d.keywords.empty() && std::all_of(d.keywords.begin(), d.keywords.end(), [](const std::string& k) {
    return is_anchor_keyword(k);
  });
}

void Engine::set_cache_dir(std::string dir) {
  std::lock_guard<std::mutex> lock(g_cache_mu);
  g_cache_dir = std::move(dir);
  g_cache_dir_set = true;
}

std::string Engine::default_cache_dir() {
  if (const char* d = std::getenv("KUMOLENS_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/kumolens";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/kumolens";
  return "";
}

const Engine& Engine::shared() {
  // Built once, never destroyed: worker threads may still hold scratch for it at exit.
  static const Engine* engine = [] {
    std::string dir;
    {
      std::lock_guard<std::mutex> lock(g_cache_mu);
      dir = g_cache_dir_set ? g_cache_dir : default_cache_dir();
    }
    std::string key;
    for (const auto& [name, text] : embedded_detector_sources()) {
      key += name;
      key += '\0';
      key += text;
      key += '\0';
    }
    return new Engine(embedded_detectors(), key, dir);
  }();
  return *engine;
}

double shannon_entropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<unsigned, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double h = 0;
  const double n = static_cast<double>(s.size());
  for (unsigned c : counts) {
    if (!c) continue;
    double p = c / n;
    h -= p * std::log2(p);
  }
  return h;
}

std::string redact(std::string_view secret) {
  size_t shown = std::min<size_t>(4, secret.size() / 4);
  // Never cut a UTF-8 sequence in two.
  while (shown > 0 && (static_cast<unsigned char>(secret[shown]) & 0xC0) == 0x80) --shown;
  return std::string(secret.substr(0, shown)) + "…(" + std::to_string(secret.size()) + ")";
}

std::string aws_account_of_key_id(std::string_view id) {
  if (id.size() != 20) return "";
  std::string_view prefix = id.substr(0, 4);
  if (prefix != "AKIA" && prefix != "ASIA" && prefix != "ABIA" && prefix != "ACCA") return "";
  if (id[4] == 'I' || id[4] == 'J') return "";  // the older, random format
  // Base32 (RFC 4648, A-Z2-7) of the 16 characters after the prefix; the first 6 bytes,
  // big-endian, hold the account id in bits 7..46.
  uint64_t z = 0;
  int bits = 0;
  int bytes = 0;
  uint64_t acc = 0;
  for (size_t i = 4; i < 20 && bytes < 6; ++i) {
    char c = id[i];
    unsigned v;
    if (c >= 'A' && c <= 'Z') v = static_cast<unsigned>(c - 'A');
    else if (c >= '2' && c <= '7') v = static_cast<unsigned>(c - '2' + 26);
    else return "";
    acc = (acc << 5) | v;
    bits += 5;
    while (bits >= 8 && bytes < 6) {
      bits -= 8;
      z = (z << 8) | ((acc >> bits) & 0xff);
      ++bytes;
    }
  }
  uint64_t account = (z & 0x7fffffffff80ULL) >> 7;
  std::string s = std::to_string(account);
  if (s.size() > 12) return "";
  return std::string(12 - s.size(), '0') + s;
}

}  // namespace kl::secrets
