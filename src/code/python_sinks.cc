// Python: sources, sanitizers and sinks of the KL-CODE rules, in one place. Names are the
// imported names the analyzer resolves (`import subprocess as sp; sp.run` is
// "subprocess.run"; `from os import system; system` is "os.system").
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "code/sinks.h"

namespace kl::code {
namespace {

using Names = std::unordered_set<std::string_view>;

bool truthy(const TVal* v) {
  if (!v || !v->prefix || !v->exact) return false;
  const std::string& s = *v->prefix;
  return s == "True" || s == "1" || s == "true";
}

TVal parsed(const TVal* v) {
  TVal out;
  if (!v) return out;
  out.taint = v->taint;
  out.sanitized = v->sanitized;
  out.flags = kParsed;
  return out;
}

const Names kCleaners = {"int", "float", "bool", "len", "hash", "abs", "round", "ord", "isinstance",
                         "uuid.UUID", "uuid.uuid4", "decimal.Decimal", "datetime.datetime.fromisoformat",
                         "datetime.date.fromisoformat", "id", "type", "hashlib.sha256", "hashlib.md5",
                         "hashlib.sha1"};
const Names kJsonParsers = {"json.loads", "json.load", "simplejson.loads", "ujson.loads", "orjson.loads",
                            "yaml.safe_load", "rapidjson.loads"};
const Names kShellQuote = {"shlex.quote", "pipes.quote", "shlex.join"};
const Names kBasename = {"os.path.basename", "posixpath.basename", "ntpath.basename",
                         "werkzeug.utils.secure_filename", "werkzeug.secure_filename"};
const Names kHtmlEscape = {"html.escape", "markupsafe.escape", "cgi.escape", "bleach.clean",
                           "flask.escape", "jinja2.escape", "xml.sax.saxutils.escape"};
const Names kUrlQuote = {"urllib.parse.quote", "urllib.parse.quote_plus", "urllib.quote", "urllib.quote_plus"};
const Names kStackFormatters = {"traceback.format_exc", "traceback.format_exception", "traceback.format_stack",
                           "traceback.format_tb"};

// ---- sinks -----------------------------------------------------------------------------

const Names kShellAlways = {"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput",
                            "commands.getoutput", "commands.getstatusoutput", "os.popen2", "os.popen3",
                            "posix.system"};
const Names kShellOption = {"subprocess.run", "subprocess.call", "subprocess.check_call",
                            "subprocess.check_output", "subprocess.Popen", "asyncio.create_subprocess_shell"};
const Names kCodeEval = {"eval", "exec", "compile", "builtins.eval", "builtins.exec", "execfile"};
const Names kUnpicklers = {"pickle.loads", "pickle.load", "cPickle.loads", "cPickle.load", "_pickle.loads",
                           "dill.loads", "dill.load", "marshal.loads", "shelve.open", "jsonpickle.decode",
                           "jsonpickle.loads", "pandas.read_pickle", "joblib.load", "cloudpickle.loads",
                           "yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all"};
const Names kYamlLoad = {"yaml.load", "yaml.load_all"};
const Names kLxmlParse = {"lxml.etree.fromstring", "lxml.etree.XML", "lxml.etree.parse",
                          "lxml.etree.fromstringlist", "lxml.etree.XMLID"};
const Names kDomWithParser = {"xml.dom.pulldom.parseString", "xml.dom.pulldom.parse",
                              "xml.dom.minidom.parseString", "xml.dom.minidom.parse"};
// url is the first argument (or url=).
const Names kHttpUrlFirst = {"requests.get", "requests.post", "requests.put", "requests.delete",
                             "requests.head", "requests.patch", "requests.options", "httpx.get", "httpx.post",
                             "httpx.put", "httpx.delete", "httpx.head", "httpx.patch", "httpx.stream",
                             "requests.Session.get", "requests.Session.post", "requests.Session.put",
                             "requests.Session.delete", "requests.Session.head", "requests.Session.patch",
                             "httpx.Client.get", "httpx.Client.post", "httpx.AsyncClient.get",
                             "httpx.AsyncClient.post", "aiohttp.ClientSession.get", "aiohttp.ClientSession.post",
                             "http.client.HTTPConnection", "http.client.HTTPSConnection"};
// url is the second argument (method first).
const Names kHttpUrlSecond = {"requests.request", "httpx.request", "requests.Session.request",
                              "urllib3.PoolManager.request", "urllib3.request", "httpx.Client.request",
                              "aiohttp.ClientSession.request", "urllib3.PoolManager.urlopen"};
// urllib follows file:// as happily as http://.
const Names kUrlOpen = {"urllib.request.urlopen", "urllib.request.urlretrieve", "urllib2.urlopen",
                        "urllib.urlopen", "urllib.urlretrieve", "six.moves.urllib.request.urlopen"};
const Names kFileOpen = {"open", "io.open", "codecs.open", "os.open", "builtins.open", "os.remove",
                         "os.unlink", "shutil.copy", "shutil.copyfile", "shutil.move", "shutil.rmtree",
                         "os.rmdir", "os.listdir", "os.scandir", "pathlib.Path.open", "aiofiles.open",
                         "flask.send_file", "os.makedirs", "tarfile.open", "zipfile.ZipFile"};
const Names kDynamoMethods = {"scan", "query", "get_item", "put_item", "update_item", "delete_item",
                              "execute_statement", "batch_execute_statement", "execute_transaction"};
const Names kSqlMethods = {"execute", "executemany", "executescript", "raw", "mogrify", "read_sql",
                           "read_sql_query", "exec_driver_sql"};
const Names kSqlFunctions = {"sqlalchemy.text", "pandas.read_sql", "pandas.read_sql_query",
                             "sqlalchemy.sql.text"};
const Names kLogMethods = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"};

void check_dynamodb(const Call& c, Findings& out) {
  if (!kDynamoMethods.count(c.method)) return;
  if (c.kwsplat && c.kwsplat->tainted_for(CodeRule::NoSql)) {
    report_value(out, CodeRule::NoSql, c.loc, *c.kwsplat, std::string(c.text) + "(**request)", "whole_request");
    return;
  }
  // Keyword arguments are the request's fields.
  auto fields = std::make_shared<std::map<std::string, TVal>>();
  for (const auto& [k, v] : c.kwargs) (*fields)[k] = v;
  TVal params;
  params.fields = std::move(fields);
  check_dynamodb_params(c, params, out);
}

void check_s3_key(const Call& c, Findings& out) {
  const std::string& m = c.method;
  const TVal* key = nullptr;
  if (m == "generate_presigned_url") {
    const TVal* params = c.arg(1, "Params");
    if (params) key = params->field("Key");
    if (!key && params && params->tainted()) key = params;
  } else if (m == "generate_presigned_post") {
    key = c.arg(1, "Key");
  } else if (m == "put_object" || m == "create_multipart_upload" || m == "copy_object") {
    key = c.kwarg("Key");
  } else if (m == "upload_file" || m == "upload_fileobj") {
    key = c.arg(2, "Key");
  } else if (m == "download_file") {
    key = c.arg(2, "Filename");  // a local path
  } else {
    return;
  }
  report_if_tainted(out, CodeRule::PathTraversal, c, key, std::string(c.text));
}

}  // namespace

std::optional<TVal> python_attribute_model(const std::string& qname) {
  if (qname == "os.environ" || qname == "os.environb" || qname == "posix.environ") {
    TVal v;
    v.flags = kEnvDump;
    return v;
  }
  return std::nullopt;
}

std::optional<TVal> python_call_model(const Call& c) {
  const std::string& q = c.qname;
  const TVal* a0 = c.arg(0);
  // Powertools event handler: a resolver (`app = APIGatewayRestResolver()`) whose
  // `current_event` is the event, and `Response(...)` built like a proxy response.
  if (q.rfind("aws_lambda_powertools.", 0) == 0 && q.ends_with("Resolver")) {
    TVal v;
    v.qname = kPowertoolsResolver;
    return v;
  }
  if (q.rfind("aws_lambda_powertools.", 0) == 0 && q.ends_with(".Response")) {
    auto fields = std::make_shared<std::map<std::string, TVal>>();
    const TVal* ct = c.arg(1, "content_type");
    const TVal* body = c.arg(2, "body");
    auto headers = std::make_shared<std::map<std::string, TVal>>();
    if (const TVal* h = c.arg(3, "headers"); h && h->fields) *headers = *h->fields;
    if (ct) (*headers)["Content-Type"] = *ct;
    TVal hv;
    hv.fields = std::move(headers);
    (*fields)["headers"] = hv;
    if (body) (*fields)["body"] = *body;
    if (const TVal* st = c.arg(0, "status_code")) (*fields)["statusCode"] = *st;
    TVal v;
    v.fields = std::move(fields);
    v.loc = c.loc;
    return v;
  }
  if (q.empty()) {
    // Methods of objects the table knows by what they hold.
    if (c.receiver && (c.receiver->flags & kEnvDump) && (c.method == "copy" || c.method == "items")) {
      TVal v;
      v.flags = kEnvDump;
      return v;
    }
    return std::nullopt;
  }
  if (kCleaners.count(q)) return TVal{};
  if (kJsonParsers.count(q)) return parsed(a0);
  if (kShellQuote.count(q)) return sanitized(a0, bit(CodeRule::Command));
  if (kBasename.count(q)) return sanitized(a0, bit(CodeRule::PathTraversal));
  if (kHtmlEscape.count(q)) return sanitized(a0, bit(CodeRule::Xss));
  if (kUrlQuote.count(q)) return sanitized(a0, bit(CodeRule::Ssrf) | bit(CodeRule::PathTraversal));
  if (kStackFormatters.count(q)) {
    TVal v;
    v.flags = kStackTrace;
    v.loc = c.loc;
    return v;
  }
  if (q == "lxml.etree.XMLParser" || q == "lxml.etree.XMLPullParser") {
    TVal v;
    if (truthy(c.kwarg("resolve_entities"))) v.flags = kXxeParser;
    return v;
  }
  if (q == "requests.Session" || q == "requests.session" || q == "httpx.Client" || q == "httpx.AsyncClient" ||
      q == "aiohttp.ClientSession" || q == "urllib3.PoolManager") {
    TVal v;
    v.qname = q == "requests.session" ? "requests.Session" : q;
    return v;
  }
  if (q == "urllib.request.Request" || q == "urllib2.Request") return a0 ? *a0 : TVal{};
  if (q == "dict" && a0 && (a0->flags & kEnvDump)) {
    TVal v;
    v.flags = kEnvDump;
    return v;
  }
  if (q == "str" || q == "repr") {
    // str(e) of an exception is a message, not a trace; str(x) keeps what x is.
    if (!a0) return TVal{};
    TVal v = *a0;
    v.flags = static_cast<uint16_t>((v.flags & (kEnvDump | kStackTrace)) | kString);
    keep_nested_disclosure(v, *a0, c.loc);
    v.fields = nullptr;
    return v;
  }
  return std::nullopt;
}

std::optional<TVal> python_receiver_effect(const Call& c) {
  if (c.method != "setFeature" || !c.receiver) return std::nullopt;
  const TVal* feature = c.arg(0);
  const TVal* on = c.arg(1);
  if (!feature || !truthy(on)) return std::nullopt;
  bool ges = feature->qname.ends_with("feature_external_ges") ||
             (feature->prefix && feature->prefix->find("external-general-entities") != std::string::npos);
  if (!ges) return std::nullopt;
  TVal v = *c.receiver;
  v.flags |= kXxeParser;
  return v;
}

void python_check_sinks(const Call& c, Findings& out) {
  const std::string& q = c.qname;
  const std::string sink(c.text);
  const TVal* a0 = c.arg(0);

  // KL-CODE-001: a shell runs the text.
  if (kShellAlways.count(q)) {
    report_if_tainted(out, CodeRule::Command, c, c.arg(0, "command"), sink);
  } else if (kShellOption.count(q)) {
    if (truthy(c.kwarg("shell")) || q == "asyncio.create_subprocess_shell")
      report_if_tainted(out, CodeRule::Command, c, c.arg(0, "args"), sink + "(shell=True)");
  }
  // KL-CODE-002
  if (kCodeEval.count(q)) report_if_tainted(out, CodeRule::CodeEval, c, c.arg(0, "source"), sink);
  // KL-CODE-003
  if (kUnpicklers.count(q)) report_if_tainted(out, CodeRule::Deserialize, c, a0, sink);
  if (kYamlLoad.count(q)) {
    const TVal* loader = c.arg(1, "Loader");
    bool safe = loader && (loader->qname.ends_with("SafeLoader") || loader->qname.ends_with("BaseLoader"));
    if (!safe) report_if_tainted(out, CodeRule::Deserialize, c, c.arg(0, "stream"), sink);
  }
  // KL-CODE-004: only a parser that resolves external entities (lxml >= 5 resolves only
  // internal ones by default; Python's sax and pulldom leave external entities off).
  if (kLxmlParse.count(q) || q == "lxml.etree.iterparse") {
    const TVal* parser = c.arg(1, "parser");
    bool resolving = (parser && (parser->flags & kXxeParser)) ||
                     (q == "lxml.etree.iterparse" && truthy(c.kwarg("resolve_entities")));
    if (resolving) report_if_tainted(out, CodeRule::Xxe, c, a0, sink);
  }
  if (kDomWithParser.count(q)) {
    const TVal* parser = c.arg(1, "parser");
    if (parser && (parser->flags & kXxeParser)) report_if_tainted(out, CodeRule::Xxe, c, a0, sink);
  }
  if ((q == "xml.sax.parse" || q == "xml.sax.parseString") && c.arg(2) && (c.arg(2)->flags & kXxeParser))
    report_if_tainted(out, CodeRule::Xxe, c, a0, sink);
  if (q.empty() && c.receiver && (c.receiver->flags & kXxeParser) &&
      (c.method == "parse" || c.method == "feed" || c.method == "parseString"))
    report_if_tainted(out, CodeRule::Xxe, c, a0, sink);
  // KL-CODE-005
  if (kHttpUrlFirst.count(q)) check_url(c, c.arg(0, q.find("HTTP") != std::string::npos ? "host" : "url"), false, out);
  if (kHttpUrlSecond.count(q)) check_url(c, c.arg(1, "url"), false, out);
  if (kUrlOpen.count(q)) check_url(c, c.arg(0, "url"), true, out);
  // KL-CODE-006 and KL-CODE-010's /proc/self/environ
  if (kFileOpen.count(q)) {
    const TVal* path = c.arg(0, "file");
    if (is_proc_environ(path)) report_value(out, CodeRule::Disclosure, c.loc, TVal{}, sink, "proc_environ");
    else report_if_tainted(out, CodeRule::PathTraversal, c, path, sink);
  }
  if (q.empty() && !c.method.empty()) {
    check_s3_key(c, out);
    check_dynamodb(c, out);
    // KL-CODE-008: the statement itself built from the event (placeholders keep it constant).
    if (kSqlMethods.count(c.method) && a0 && !(a0->flags & kParsed))
      report_if_tainted(out, CodeRule::Sql, c, a0, sink);
    if (kLogMethods.count(c.method))
      for (const TVal& a : c.args) check_logged(a, c, out);
    // The RDS Data API (`boto3.client('rds-data')`): the statement is the `sql` argument;
    // `parameters=[...]` are the placeholders' values.
    if (c.method == "execute_statement" || c.method == "batch_execute_statement")
      if (const TVal* sql = c.kwarg("sql"); sql && !(sql->flags & kParsed))
        report_if_tainted(out, CodeRule::Sql, c, sql, sink + "(sql=...)");
  }
  if (kSqlFunctions.count(q) && a0 && !(a0->flags & kParsed)) report_if_tainted(out, CodeRule::Sql, c, a0, sink);
  // KL-CODE-010: the environment printed or logged
  if (q == "print" || q.rfind("logging.", 0) == 0)
    for (const TVal& a : c.args) check_logged(a, c, out);
}

}  // namespace kl::code
