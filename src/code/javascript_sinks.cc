// JavaScript and TypeScript: sources, sanitizers and sinks of the KL-CODE rules, in one
// place. Names are resolved through require/import: `const cp = require('child_process');
// cp.exec` and `import { exec } from 'node:child_process'; exec` are both
// "child_process.exec"; a default import is the module's name (`import axios from 'axios'`
// is "axios"); globals are their own names ("eval", "fetch", "JSON.parse").
#include <string_view>
#include <unordered_set>

#include "code/sinks.h"

namespace kl::code {
namespace {

using Names = std::unordered_set<std::string_view>;

bool truthy(const TVal* v) {
  return v && v->prefix && v->exact && (*v->prefix == "true" || *v->prefix == "1");
}

/// A field of an options object anywhere in the arguments (`{shell: true}`, `{noent: true}`).
const TVal* option(const Call& c, const std::string& name) {
  for (const TVal& a : c.args)
    if (const TVal* f = a.field(name)) return f;
  return nullptr;
}

/// The module-independent tail: "@aws-sdk/client-s3.PutObjectCommand" -> "PutObjectCommand".
std::string_view tail(std::string_view q) {
  size_t dot = q.rfind('.');
  return dot == std::string_view::npos ? q : q.substr(dot + 1);
}

const Names kCleaners = {"parseInt", "parseFloat", "Number", "Number.parseInt", "Number.parseFloat", "Boolean",
                         "Math.floor", "Math.round", "Math.abs", "Math.min", "Math.max", "Number.isInteger",
                         "isNaN", "Date.parse", "uuid.v4", "uuid.validate", "crypto.randomUUID",
                         "Array.isArray", "Object.keys"};
const Names kJsonParsers = {"JSON.parse", "querystring.parse", "qs.parse", "yaml.parse", "js-yaml.load",
                            "YAML.parse"};
const Names kShellQuote = {"shell-quote.quote", "shell-escape", "shescape.quote", "shescape.escape"};
const Names kBasename = {"path.basename", "path.posix.basename", "sanitize-filename"};
const Names kHtmlEscape = {"escape-html", "he.encode", "he.escape", "lodash.escape", "validator.escape",
                           "xss", "sanitize-html", "dompurify.sanitize", "DOMPurify.sanitize", "entities.encode",
                           "html-escaper.escape", "_.escape", "isomorphic-dompurify.sanitize"};
const Names kUrlEncode = {"encodeURIComponent", "querystring.escape", "qs.stringify", "querystring.stringify"};

// ---- sinks -----------------------------------------------------------------------------

const Names kShellAlways = {"child_process.exec", "child_process.execSync", "shelljs.exec", "execa.command",
                            "execa.execaCommand", "execa.commandSync", "execa.execaCommandSync"};
const Names kShellOption = {"child_process.spawn", "child_process.spawnSync", "child_process.execFile",
                            "child_process.execFileSync", "execa", "execa.execa", "cross-spawn"};
const Names kCodeEval = {"eval", "Function", "vm.runInNewContext", "vm.runInThisContext", "vm.runInContext",
                         "vm.compileFunction", "vm.Script", "setTimeout", "setInterval", "vm2.VM.run",
                         "safe-eval", "notevil"};
const Names kUnserialize = {"node-serialize.unserialize", "serialize-to-js.deserialize", "funcster.deepDeserialize",
                            "cryo.parse"};
const Names kLibxml = {"libxmljs.parseXml", "libxmljs.parseXmlString", "libxmljs2.parseXml",
                       "libxmljs2.parseXmlString", "libxmljs.Document.fromXml"};
const Names kHttpUrlFirst = {"fetch", "node-fetch", "undici.fetch", "undici.request", "cross-fetch", "isomorphic-fetch",
                             "axios", "axios.get", "axios.post", "axios.put", "axios.delete", "axios.head",
                             "axios.patch", "axios.options", "axios.request", "got", "got.get", "got.post",
                             "got.put", "got.delete", "got.stream", "superagent", "superagent.get",
                             "superagent.post", "request", "request.get", "request.post", "needle.get",
                             "needle.post", "phin", "bent", "ky", "ky.get", "ky.post"};
const Names kNodeHttp = {"http.get", "http.request", "https.get", "https.request"};
const Names kFsPath = {"readFile", "readFileSync", "createReadStream", "writeFile", "writeFileSync", "appendFile",
                       "appendFileSync", "createWriteStream", "unlink", "unlinkSync", "rm", "rmSync", "readdir",
                       "readdirSync", "open", "openSync", "copyFile", "copyFileSync", "rename", "renameSync",
                       "mkdir", "mkdirSync", "outputFile", "readJson", "readJsonSync", "remove", "removeSync",
                       "sendFile"};
const Names kDynamoMethods = {"scan", "query", "getItem", "putItem", "updateItem", "deleteItem",
                              "executeStatement", "batchExecuteStatement", "executeTransaction",
                              "transactWrite", "transactGet", "batchGet", "batchWrite", "batchGetItem",
                              "batchWriteItem", "transactWriteItems"};
const Names kDynamoGeneric = {"get", "put", "update", "delete"};
const Names kDynamoCommands = {"ScanCommand", "QueryCommand", "GetItemCommand", "PutItemCommand",
                               "UpdateItemCommand", "DeleteItemCommand", "GetCommand", "PutCommand",
                               "UpdateCommand", "DeleteCommand", "ExecuteStatementCommand",
                               "BatchExecuteStatementCommand", "ExecuteTransactionCommand",
                               "TransactWriteCommand", "TransactWriteItemsCommand"};
const Names kS3Uploads = {"PutObjectCommand", "CopyObjectCommand", "CreateMultipartUploadCommand",
                          "UploadPartCommand"};
const Names kSqlMethods = {"query", "execute", "raw", "unsafe", "$queryRawUnsafe", "$executeRawUnsafe",
                           "queryRaw", "executeQuery", "prepare", "whereRaw", "joinRaw", "orderByRaw"};
const Names kLogMethods = {"log", "info", "warn", "error", "debug", "trace", "fatal"};

bool is_fs(std::string_view q) {
  if (q.empty()) return false;
  size_t dot = q.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string_view mod = q.substr(0, dot);
  return (mod == "fs" || mod == "fs.promises" || mod == "fsPromises" || mod == "express.response") &&
         kFsPath.count(q.substr(dot + 1));
}

bool dynamo_receiver(std::string_view r) {
  std::string low(r);
  for (char& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return low.find("doc") != std::string::npos || low.find("dynamo") != std::string::npos ||
         low.find("ddb") != std::string::npos || low.find("table") != std::string::npos ||
         low.find("db") != std::string::npos;
}

/// The URL of an http(s).get/request call: a string, or the host of an options object.
TVal node_http_url(const Call& c, bool https) {
  const TVal* a0 = c.arg(0);
  if (!a0) return {};
  if (!a0->fields) return *a0;
  const TVal* host = a0->field("hostname");
  if (!host) host = a0->field("host");
  if (!host) host = a0->field("href");
  if (!host) return {};
  TVal v = *host;
  if (!(host->prefix && host->prefix->find("://") != std::string::npos)) {
    v.prefix = std::string(https ? "https://" : "http://") + host->prefix.value_or("");
    v.exact = false;
  }
  return v;
}

}  // namespace

std::optional<TVal> javascript_attribute_model(const std::string& qname) {
  if (qname == "process.env") {
    TVal v;
    v.flags = kEnvDump;
    return v;
  }
  return std::nullopt;
}

std::optional<TVal> javascript_call_model(const Call& c) {
  const std::string& q = c.qname;
  const TVal* a0 = c.arg(0);
  if (q.empty()) {
    if (c.receiver && (c.receiver->flags & kError) && c.method == "toString") return TVal{};
    return std::nullopt;
  }
  if (kCleaners.count(q)) return TVal{};
  if (kJsonParsers.count(q)) {
    TVal v;
    if (a0) {
      v.taint = a0->taint;
      v.sanitized = a0->sanitized;
    }
    v.flags = kParsed;
    return v;
  }
  if (kShellQuote.count(q)) return sanitized(a0, bit(CodeRule::Command));
  if (kBasename.count(q)) return sanitized(a0, bit(CodeRule::PathTraversal));
  if (kHtmlEscape.count(q)) return sanitized(a0, bit(CodeRule::Xss));
  if (kUrlEncode.count(q)) return sanitized(a0, bit(CodeRule::Ssrf) | bit(CodeRule::PathTraversal));
  if (q == "util.promisify" || q == "promisify") {
    TVal v;
    if (a0) v.qname = a0->qname;
    return v;
  }
  if (q == "String" || q == "JSON.stringify" || q == "util.inspect" || q == "util.format") {
    TVal v;
    for (const TVal& a : c.args) v = join(v, a);
    v.flags = static_cast<uint16_t>((v.flags & (kEnvDump | kStackTrace)) | kString);
    for (const TVal& a : c.args) keep_nested_disclosure(v, a, c.loc);
    v.fields = nullptr;
    if (q == "String" && a0) {
      v.prefix = a0->prefix;
      v.exact = a0->exact;
    }
    return v;
  }
  if (q == "Object.assign" || q == "structuredClone" || q == "lodash.cloneDeep" || q == "Object.fromEntries" ||
      q == "Object.entries") {
    TVal v;
    for (const TVal& a : c.args) {
      v = join(v, a);
      if (a.fields) v.fields = a.fields;
      v.flags |= a.flags & (kEnvDump | kParsed);
    }
    return v;
  }
  // AWS SDK v3 commands carry their input: the sink is where the input's fields matter.
  if (c.is_new && q.ends_with("Command") && a0) {
    TVal v = *a0;
    if (kS3Uploads.count(tail(q))) v.flags |= kS3Checked;
    return v;
  }
  return std::nullopt;
}

void javascript_check_sinks(const Call& c, Findings& out) {
  const std::string& q = c.qname;
  const std::string sink(c.text);
  const TVal* a0 = c.arg(0);
  std::string_view t = q.empty() ? std::string_view(c.method) : tail(q);

  // KL-CODE-001
  if (kShellAlways.count(q)) report_if_tainted(out, CodeRule::Command, c, a0, sink);
  if (kShellOption.count(q) && truthy(option(c, "shell"))) {
    if (!report_if_tainted(out, CodeRule::Command, c, a0, sink + " {shell: true}"))
      report_if_tainted(out, CodeRule::Command, c, c.arg(1), sink + " {shell: true}");
  }
  // KL-CODE-002
  if (kCodeEval.count(q) || (c.is_new && q == "vm.Script")) {
    if (q == "Function") {
      for (const TVal& a : c.args)
        if (report_if_tainted(out, CodeRule::CodeEval, c, &a, c.is_new ? "new Function" : sink)) break;
    } else if (q == "setTimeout" || q == "setInterval") {
      report_if_tainted(out, CodeRule::CodeEval, c, a0, sink);  // a callback is never tainted
    } else {
      report_if_tainted(out, CodeRule::CodeEval, c, a0, sink);
    }
  }
  // KL-CODE-003
  if (kUnserialize.count(q)) report_if_tainted(out, CodeRule::Deserialize, c, a0, sink);
  // KL-CODE-004
  if (kLibxml.count(q) && truthy(option(c, "noent"))) report_if_tainted(out, CodeRule::Xxe, c, a0, sink + " {noent: true}");
  // KL-CODE-005: none of Node's common clients follows file://; the Runtime API is reachable.
  if (kHttpUrlFirst.count(q)) {
    TVal url = a0 ? *a0 : TVal{};
    if (a0 && a0->fields) {
      const TVal* u = a0->field("url");
      if (!u) u = a0->field("uri");
      url = u ? *u : TVal{};
    }
    check_url(c, &url, false, out);
  }
  if (kNodeHttp.count(q)) {
    TVal url = node_http_url(c, q.rfind("https", 0) == 0);
    check_url(c, &url, false, out);
  }
  // KL-CODE-006 and KL-CODE-010's /proc/self/environ
  if (is_fs(q) || (q.empty() && c.method == "sendFile")) {
    if (is_proc_environ(a0)) report_value(out, CodeRule::Disclosure, c.loc, TVal{}, sink, "proc_environ");
    else report_if_tainted(out, CodeRule::PathTraversal, c, a0, sink);
  }
  if (t == "getSignedUrl" || t == "getSignedUrlPromise" || t == "createPresignedPost" || t == "createPresignedUrl") {
    // v2: s3.getSignedUrl('getObject', {Key}); v3: getSignedUrl(client, new GetObjectCommand({Key}))
    const TVal* params = c.arg(1);
    // A v3 upload command already reported where it was built: one finding per flow.
    if (params && !(params->flags & kS3Checked)) report_if_tainted(out, CodeRule::PathTraversal, c, params->field("Key"), sink);
  }
  if (c.is_new && kS3Uploads.count(t) && a0) report_if_tainted(out, CodeRule::PathTraversal, c, a0->field("Key"), "new " + std::string(t));
  if (c.is_new && t == "Upload" && a0) {
    if (const TVal* p = a0->field("params")) report_if_tainted(out, CodeRule::PathTraversal, c, p->field("Key"), "new Upload");
  }
  if (q.empty() && (c.method == "putObject" || c.method == "upload" || c.method == "copyObject") && a0)
    report_if_tainted(out, CodeRule::PathTraversal, c, a0->field("Key"), sink);
  // KL-CODE-007
  if (c.is_new && kDynamoCommands.count(t) && a0) check_dynamodb_params(c, *a0, out);
  // A DynamoDB call takes a request object; a string argument to `query` is SQL.
  bool object_arg = a0 && (a0->fields || (a0->flags & kParsed) ||
                           (a0->tainted() && !(a0->flags & kString) && dynamo_receiver(c.receiver_text)));
  bool dynamo_call = q.empty() && object_arg &&
                     (kDynamoMethods.count(c.method) || (kDynamoGeneric.count(c.method) && dynamo_receiver(c.receiver_text)));
  if (dynamo_call) check_dynamodb_params(c, *a0, out);
  // KL-CODE-008: the statement text built from the event; an object's text/sql field too.
  if (q.empty() && kSqlMethods.count(c.method) && a0 && !dynamo_call) {
    if (a0->fields) {
      const TVal* text = a0->field("text");
      if (!text) text = a0->field("sql");
      if (text && !(text->flags & kParsed)) report_if_tainted(out, CodeRule::Sql, c, text, sink);
    } else if (!(a0->flags & kParsed)) {
      report_if_tainted(out, CodeRule::Sql, c, a0, sink);
    }
  }
  // The RDS Data API: v3 `new ExecuteStatementCommand({sql})`, v2
  // `rdsData.executeStatement({sql})`; `parameters` hold the values.
  bool rds_command = c.is_new && (t == "ExecuteStatementCommand" || t == "BatchExecuteStatementCommand");
  bool rds_method = q.empty() && (c.method == "executeStatement" || c.method == "batchExecuteStatement");
  if ((rds_command || rds_method) && a0 && a0->fields)
    if (const TVal* sql = a0->field("sql"); sql && !(sql->flags & kParsed))
      report_if_tainted(out, CodeRule::Sql, c, sql, (rds_command ? "new " + std::string(t) : sink) + " sql");
  // KL-CODE-010: the environment logged
  if ((q.rfind("console.", 0) == 0) || (q.empty() && kLogMethods.count(c.method)))
    for (const TVal& a : c.args) check_logged(a, c, out);
}

}  // namespace kl::code
