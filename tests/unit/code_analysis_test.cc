// The code analyzer (src/code/): handler discovery, taint steps, sanitizers and each
// language's sink table, on source given inline.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "code/analyze.h"
#include "code/handlers.h"
#include "code/sinks.h"
#include "code/syntax.h"
#include "scan/scanner.h"

namespace kl::code {
namespace {

struct Result {
  std::vector<rules::Finding> findings;
  model::Diagnostics diags;
  /// "KL-CODE-001@12" for each finding, sorted.
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& f : findings) out.push_back(f.rule + "@" + std::to_string(f.loc.line));
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::string> rules() const {
    std::vector<std::string> out;
    for (const auto& f : findings) out.push_back(f.rule);
    std::sort(out.begin(), out.end());
    return out;
  }
};

Result run(const std::string& path, const std::string& text, const std::vector<HandlerDecl>* decls = nullptr) {
  Result r;
  analyze_code(path, text, decls, r.findings, r.diags);
  return r;
}

using V = std::vector<std::string>;

// ---- syntax and handlers ---------------------------------------------------------------

TEST(CodeSyntax, LanguageByExtension) {
  EXPECT_EQ(language_for_path("src/app.py"), Language::Python);
  EXPECT_EQ(language_for_path("index.mjs"), Language::JavaScript);
  EXPECT_EQ(language_for_path("index.cjs"), Language::JavaScript);
  EXPECT_EQ(language_for_path("handler.ts"), Language::TypeScript);
  EXPECT_EQ(language_for_path("view.tsx"), Language::Tsx);
  EXPECT_EQ(language_for_path("types.d.ts"), std::nullopt);
  EXPECT_EQ(language_for_path("template.yaml"), std::nullopt);
}

TEST(CodeSyntax, GrammarsLoadIntoTheRuntime) {
  // The pinned grammars are ABI 14: a grammar the runtime refused would give no tree.
  for (Language l : {Language::Python, Language::JavaScript, Language::TypeScript, Language::Tsx})
    EXPECT_TRUE(SyntaxTree::parse(l, "x = 1\n").has_value()) << language_name(l);
}

TEST(CodeSyntax, GarbageIsANoteNotACrash) {
  Result r = run("bad.py", "def handler(event, context:\n  )))) @@@ \x01\x02 os.system(event\n");
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_EQ(r.diags[0].level, model::DiagLevel::Note);
  EXPECT_NE(r.diags[0].message.find("Python syntax errors"), std::string::npos) << r.diags[0].message;
}

TEST(CodeSyntax, HugeFilesAreNotedAndSkipped) {
  Result r = run("big.js", std::string(kMaxCodeBytes + 1, ' '));
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_NE(r.diags[0].message.find("not analyzed"), std::string::npos);
}

TEST(CodeHandlers, SplitsHandlers) {
  EXPECT_EQ(split_handler("app.lambda_handler", true), std::make_pair(std::string("app"), std::string("lambda_handler")));
  EXPECT_EQ(split_handler("pkg.api.main", true), std::make_pair(std::string("pkg/api"), std::string("main")));
  EXPECT_EQ(split_handler("src/index.handler", false), std::make_pair(std::string("src/index"), std::string("handler")));
  EXPECT_EQ(split_handler("dist/app.v2.handler", false), std::make_pair(std::string("dist/app.v2"), std::string("handler")));
  EXPECT_EQ(split_handler("nodot", false).first, "");
  EXPECT_EQ(split_handler("trailing.", false).first, "");
}

TEST(CodeHandlers, SamCodeUriAndGlobalsResolveToModules) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "kl_code_handlers_test";
  fs::create_directories(dir);
  std::string path = (dir / "template.yaml").string();
  std::string text =
      "Transform: AWS::Serverless-2016-10-31\n"
      "Globals:\n  Function:\n    Runtime: nodejs20.x\n    CodeUri: backend/\n"
      "Resources:\n"
      "  Api:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: src/index.handler\n"
      "  Py:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n"
      "      CodeUri: py\n      Handler: app.lambda_handler\n";
  scan::ScanOptions opts;
  model::Diagnostics diags;
  auto m = scan::load_model(path, text, opts, true, diags);
  ASSERT_TRUE(m.has_value());
  std::vector<HandlerDecl> decls = handlers_of(*m);
  ASSERT_EQ(decls.size(), 2u);
  HandlerIndex index;
  index.add(decls);
  const auto* api = index.find((dir / "backend/src/index.js").string());
  ASSERT_NE(api, nullptr);
  EXPECT_EQ((*api)[0].resource, "Api");
  EXPECT_EQ((*api)[0].function, "handler");
  const auto* py = index.find((dir / "py/app.py").string());
  ASSERT_NE(py, nullptr);
  EXPECT_EQ((*py)[0].resource, "Py");
  EXPECT_EQ(index.find((dir / "backend/src/other.js").string()), nullptr);
}

TEST(CodeHandlers, DeclaredHandlerIsTheOnlyEntryAndNamesTheFunction) {
  std::string src =
      "import os\n"
      "def main(req, _ctx):\n"
      "    os.system(req['cmd'])\n"
      "def other(event, context):\n"
      "    os.system(event['cmd'])\n";
  std::vector<HandlerDecl> decls = {{"Worker", "AWS::Lambda::Function", module_key("x/app.py"), "main", "app.main"}};
  Result r = run("x/app.py", src, &decls);
  ASSERT_EQ(r.ids(), V({"KL-CODE-001@3"}));
  EXPECT_EQ(r.findings[0].resource, "Worker");
  EXPECT_EQ(r.findings[0].variant, "");
  // Without a template both handler-shaped functions are entries, and the finding says so.
  Result u = run("x/app.py", src);
  EXPECT_EQ(u.ids(), V({"KL-CODE-001@3", "KL-CODE-001@5"}));
  EXPECT_EQ(u.findings[0].variant, "unknown");
  EXPECT_EQ(u.findings[0].resource, "");
}

TEST(CodeHandlers, JavaScriptExportForms) {
  const char* forms[] = {
      "exports.handler = async (event) => { eval(event.body); };",
      "module.exports.handler = function (event, ctx) { eval(event.body); };",
      "export const handler = async (event) => { eval(event.body); };",
      "export async function handler(event, ctx) { eval(event.body); }",
      "async function handler(event) { eval(event.body); }\nmodule.exports = { handler };",
      "const handler = async (event) => { eval(event.body); };\nexports.handler = handler;",
      "function handler(event) { eval(event.body); }\nexport { handler };",
  };
  for (const char* f : forms) {
    Result r = run("index.mjs", f);
    EXPECT_EQ(r.rules(), V({"KL-CODE-002"})) << f;
    std::vector<HandlerDecl> decls = {{"Fn", "AWS::Lambda::Function", module_key("index.mjs"), "handler", "index.handler"}};
    Result d = run("index.mjs", f, &decls);
    EXPECT_EQ(d.rules(), V({"KL-CODE-002"})) << f;
  }
  // A module-level helper that is not exported is not an entry point.
  EXPECT_TRUE(run("index.js", "function helper(event) { eval(event.body); }").findings.empty());
}

TEST(CodeHandlers, PythonHandlerShape) {
  EXPECT_EQ(run("a.py", "def h(evt, ctx):\n    eval(evt['x'])\n").rules(), V({"KL-CODE-002"}));
  EXPECT_EQ(run("a.py", "def h(evt, lambda_context):\n    eval(evt['x'])\n").rules(), V({"KL-CODE-002"}));
  // Two parameters that do not look like (event, context), or one: not a handler.
  EXPECT_TRUE(run("a.py", "def add(a, b):\n    eval(a)\n").findings.empty());
  EXPECT_TRUE(run("a.py", "def h(evt):\n    eval(evt)\n").findings.empty());
}

// ---- taint steps ---------------------------------------------------------------------

std::string py_handler(const std::string& body) {
  return "import os, json, subprocess, shlex, html, re\n"
         "ALLOWED = {'a', 'b'}\n"
         "def handler(event, context):\n" + body;
}

TEST(CodeTaint, PythonSteps) {
  struct Case {
    const char* body;
    bool fires;
  };
  const Case cases[] = {
      {"    os.system(event['body'])\n", true},
      {"    x = event['queryStringParameters']['host']\n    os.system(x)\n", true},
      {"    b = json.loads(event['body'])\n    os.system(b.get('cmd'))\n", true},
      {"    os.system(f\"ping {event['h']}\")\n", true},
      {"    os.system('ping %s' % event['h'])\n", true},
      {"    os.system('ping {}'.format(event['h']))\n", true},
      {"    os.system(' '.join(['ping', event['h']]))\n", true},
      {"    d = {'cmd': event['c']}\n    os.system(d['cmd'])\n", true},
      {"    a, b = event['a'], 1\n    os.system(a)\n", true},
      {"    a, b = event['a'], 'ls'\n    os.system(b)\n", false},
      {"    a, b = 'ls', event['a']\n    a, b = b, a\n    os.system(a)\n", true},
      {"    a, b = 'ls', event['a']\n    a, b = b, a\n    os.system(b)\n", false},
      {"    a, *rest = 'ls', event['a']\n    os.system(a)\n", true},  // a splat: joined
      {"    for item in event['items']:\n        os.system(item)\n", true},
      {"    x = event.get('h') or 'localhost'\n    os.system('ping ' + x)\n", true},
      {"    os.system('ping ' + str(event['h']).strip())\n", true},
      // sanitizers and guards
      {"    os.system('ping ' + shlex.quote(event['h']))\n", false},
      {"    os.system('ping ' + str(int(event['n'])))\n", false},
      {"    x = event['h']\n    if x not in ALLOWED:\n        return\n    os.system(x)\n", false},
      {"    x = event['h']\n    if x in ALLOWED:\n        os.system(x)\n", false},
      {"    x = event['h']\n    if x == 'a':\n        os.system(x)\n", false},
      {"    x = event['h']\n    if not re.fullmatch(r'[a-z]+', x):\n        raise ValueError(x)\n    os.system(x)\n", false},
      {"    x = event['h']\n    if not x.isdigit():\n        return\n    os.system(x)\n", false},
      {"    os.system('ping ' + os.environ['HOST'])\n", false},
      {"    x = event['h']\n    x = 'fixed'\n    os.system(x)\n", false},
      {"    subprocess.run(['ping', event['h']])\n", false},
  };
  for (const Case& c : cases) {
    Result r = run("app.py", py_handler(c.body));
    EXPECT_EQ(!r.findings.empty(), c.fires) << c.body;
  }
}

TEST(CodeTaint, PythonHelpersThreeDeep) {
  std::string src =
      "import os\n"
      "def c(v):\n    return os.system(v)\n"
      "def b(v):\n    return c('x' + v)\n"
      "def a(v):\n    return b(v)\n"
      "def handler(event, context):\n    a(event['cmd'])\n";
  Result r = run("app.py", src);
  ASSERT_EQ(r.ids(), V({"KL-CODE-001@3"}));
  // The trace: source, the three calls, the sink.
  const auto& t = r.findings[0].trace;
  ASSERT_GE(t.size(), 5u);
  EXPECT_EQ(t.front().what, "event enters as parameter 'event' of 'handler'");
  EXPECT_EQ(t.front().loc.line, 8u);
  EXPECT_EQ(t[1].what, "passed to 'a' as 'v'");
  EXPECT_EQ(t.back().what, "reaches os.system");
  EXPECT_EQ(t.back().loc.line, 3u);
  // Recursion ends.
  EXPECT_TRUE(run("app.py", "def r(v):\n    return r(v)\ndef handler(event, context):\n    r(event)\n").findings.empty());
}

TEST(CodeTaint, ListComprehensionIntoAHelper) {
  Result r = run("app.py",
                 "import subprocess\n"
                 "def archive(names):\n    subprocess.run('tar cf x ' + ' '.join(names), shell=True)\n"
                 "def handler(event, context):\n    names = [f['name'] for f in event['files']]\n    archive(names)\n");
  EXPECT_EQ(r.ids(), V({"KL-CODE-001@3"}));
}

TEST(CodeResponses, EnvironmentAndStackNestedInASerializedBody) {
  // Nested in a dict or object that json.dumps / JSON.stringify turns into the body.
  EXPECT_EQ(run("app.py", "import os, json\ndef handler(event, context):\n"
                          "    info = {'env': dict(os.environ)}\n"
                          "    return {'body': json.dumps({'debug': info})}\n").ids(),
            V({"KL-CODE-010@4"}));
  EXPECT_EQ(run("index.js", "exports.handler = async (e) => {\n  try { run(); } catch (err) {\n"
                            "    const error = { stack: err.stack };\n"
                            "    return { statusCode: 500, body: JSON.stringify({ error }) };\n  }\n};\n").ids(),
            V({"KL-CODE-010@4"}));
  // Named values only: silent.
  EXPECT_TRUE(run("app.py", "import os, json\ndef handler(event, context):\n"
                            "    return {'body': json.dumps({'env': {'stage': os.environ.get('STAGE')}})}\n")
                  .findings.empty());
}

TEST(CodeHandlers, ZeroParameterJavaScriptHandler) {
  // No event, but the environment still goes back; only a handler-like name makes it an entry.
  EXPECT_EQ(run("index.js", "exports.handler = async () => ({ body: JSON.stringify(process.env) });\n").ids(),
            V({"KL-CODE-010@1"}));
  EXPECT_TRUE(run("index.js", "exports.config = () => ({ body: JSON.stringify(process.env) });\n").findings.empty());
}

TEST(CodeSinks, RdsDataApiStatement) {
  EXPECT_EQ(run("app.py", "import boto3\nrds = boto3.client('rds-data')\ndef handler(event, context):\n"
                          "    rds.execute_statement(resourceArn='a', sql='SELECT ' + event['c'])\n"
                          "    rds.execute_statement(resourceArn='a', sql='SELECT :c', parameters=[event['c']])\n")
                .ids(),
            V({"KL-CODE-008@4"}));
  EXPECT_EQ(run("index.mjs", "import { ExecuteStatementCommand } from '@aws-sdk/client-rds-data';\n"
                             "export const handler = async (e) => {\n"
                             "  await c.send(new ExecuteStatementCommand({ sql: `SELECT ${e.col}` }));\n"
                             "  await c.send(new ExecuteStatementCommand({ sql: 'SELECT :v', parameters: [e.v] }));\n};\n")
                .ids(),
            V({"KL-CODE-008@3"}));
}

TEST(CodeHandlers, PowertoolsRoutesRunFromResolve) {
  std::string src =
      "from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response\n"
      "import os\n"
      "app = APIGatewayRestResolver()\n"
      "@app.get('/a')\n"
      "def a():\n"
      "    q = app.current_event.get_query_string_value(name='q')\n"
      "    return Response(status_code=200, content_type='text/html', body=q)\n"
      "@app.post('/b/<name>')\n"
      "def b(name):\n"
      "    os.system('echo ' + name)\n"
      "    return Response(status_code=200, content_type='application/json', body=name)\n"
      "def lambda_handler(event, context):\n"
      "    return app.resolve(event, context)\n";
  Result r = run("app.py", src);
  EXPECT_EQ(r.ids(), V({"KL-CODE-001@10", "KL-CODE-009@7"}));
  for (const auto& f : r.findings) EXPECT_FALSE(f.trace.empty());
}

TEST(CodeSinks, OneFindingPerFlowForAPresignedUploadCommand) {
  // The key is reported where the command is built, not again at getSignedUrl.
  Result r = run("index.js",
                 "const { PutObjectCommand } = require('@aws-sdk/client-s3');\n"
                 "const { getSignedUrl } = require('@aws-sdk/s3-request-presigner');\n"
                 "exports.handler = async (e) => {\n"
                 "  const cmd = new PutObjectCommand({ Bucket: 'b', Key: e.key });\n"
                 "  return getSignedUrl(s3, cmd, { expiresIn: 60 });\n};\n");
  EXPECT_EQ(r.ids(), V({"KL-CODE-006@4"}));
}

std::string js_handler(const std::string& body) {
  return "const { exec } = require('child_process');\nconst path = require('path');\n"
         "const ALLOWED = ['a'];\nexports.handler = async (event) => {\n" + body + "};\n";
}

TEST(CodeTaint, JavaScriptSteps) {
  struct Case {
    const char* body;
    bool fires;
  };
  const Case cases[] = {
      {"  exec(event.body);\n", true},
      {"  const { url } = JSON.parse(event.body);\n  exec(`curl ${url}`);\n", true},
      {"  const q = event.queryStringParameters;\n  exec('ping ' + q['host']);\n", true},
      {"  let cmd = 'ls ';\n  cmd += event.body;\n  exec(cmd);\n", true},
      {"  const o = { ...JSON.parse(event.body) };\n  exec(o.cmd);\n", true},
      {"  const run = (c) => exec(c);\n  run(event.body);\n", true},
      {"  JSON.parse(event.body).items.forEach((i) => exec(i));\n", true},
      {"  const [first] = event.args;\n  exec(first);\n", true},
      // sanitizers and guards
      {"  exec('ping ' + parseInt(event.body, 10));\n", false},
      {"  exec('ping ' + Number(event.body));\n", false},
      {"  const h = event.body;\n  if (!ALLOWED.includes(h)) { return; }\n  exec(h);\n", false},
      {"  const h = event.body;\n  if (ALLOWED.indexOf(h) === -1) throw new Error('no');\n  exec(h);\n", false},
      {"  const h = event.body;\n  if (/^[a-z]+$/.test(h)) { exec(h); }\n", false},
      {"  exec('ls ' + process.env.DIR);\n", false},
      {"  exec('ls', () => {});\n", false},
  };
  for (const Case& c : cases) {
    Result r = run("index.js", js_handler(c.body));
    EXPECT_EQ(!r.findings.empty(), c.fires) << c.body;
  }
}

TEST(CodeTaint, TypeScriptSyntaxIsSkipped) {
  std::string src =
      "import { exec } from 'node:child_process';\n"
      "interface In { cmd: string }\n"
      "export const handler = async (event: { body: string }, _ctx: unknown): Promise<void> => {\n"
      "  const input = JSON.parse(event.body) as In;\n"
      "  exec(input!.cmd satisfies string);\n"
      "};\n";
  EXPECT_EQ(run("h.ts", src).ids(), V({"KL-CODE-001@5"}));
}

// ---- sink tables ---------------------------------------------------------------------

struct SinkCase {
  const char* file;
  const char* code;    // the handler body (event is `event`)
  const char* rule;    // "" = silent
};

std::string wrap(const SinkCase& c) {
  if (std::string(c.file).ends_with(".py")) return std::string("def handler(event, context):\n") + c.code;
  return std::string("exports.handler = async (event, context) => {\n") + c.code + "};\n";
}

TEST(CodeSinks, PythonTable) {
  const SinkCase cases[] = {
      {"a.py", "    import subprocess\n    subprocess.Popen(event['c'], shell=True)\n", "KL-CODE-001"},
      {"a.py", "    import subprocess\n    subprocess.Popen(event['c'], shell=False)\n", ""},
      {"a.py", "    import os\n    os.popen(event['c'])\n", "KL-CODE-001"},
      {"a.py", "    exec(event['code'])\n", "KL-CODE-002"},
      {"a.py", "    import jsonpickle\n    jsonpickle.decode(event['body'])\n", "KL-CODE-003"},
      {"a.py", "    import yaml\n    yaml.unsafe_load(event['body'])\n", "KL-CODE-003"},
      {"a.py", "    import yaml\n    yaml.load(event['body'], Loader=yaml.CSafeLoader)\n", ""},
      {"a.py", "    from lxml import etree\n    etree.fromstring(event['body'])\n", ""},
      {"a.py", "    import requests\n    requests.post(event['u'])\n", "KL-CODE-005"},
      {"a.py", "    import requests\n    requests.request('GET', 'https://x.example.com/' + event['p'])\n", ""},
      {"a.py", "    import requests\n    requests.get('https://x.example.com' + event['p'])\n", "KL-CODE-005"},
      {"a.py", "    import urllib.parse, requests\n    requests.get('https://x.example.com?q=' + urllib.parse.quote(event['p']))\n", ""},
      {"a.py", "    open(event['p']).read()\n", "KL-CODE-006"},
      {"a.py", "    import os\n    open('/tmp/' + os.path.basename(event['p']))\n", ""},
      {"a.py", "    import boto3\n    boto3.client('s3').upload_file('/tmp/x', 'b', event['k'])\n", "KL-CODE-006"},
      {"a.py", "    import boto3\n    t = boto3.resource('dynamodb').Table('t')\n    t.query(KeyConditionExpression='pk = ' + event['v'])\n", "KL-CODE-007"},
      {"a.py", "    import boto3\n    from boto3.dynamodb.conditions import Key\n    t = boto3.resource('dynamodb').Table('t')\n    t.query(KeyConditionExpression=Key('pk').eq(event['v']))\n", ""},
      {"a.py", "    cur.execute('SELECT * FROM t WHERE a = ' + event['a'])\n", "KL-CODE-008"},
      {"a.py", "    cur.execute('SELECT * FROM t WHERE a = %s', [event['a']])\n", ""},
      {"a.py", "    return {'statusCode': 200, 'headers': {'Content-Type': 'application/json'}, 'body': event['x']}\n", ""},
      {"a.py", "    import os\n    return {'statusCode': 200, 'body': str(os.environ.copy())}\n", "KL-CODE-010"},
      {"a.py", "    import os\n    return {'statusCode': 200, 'body': os.environ['STAGE']}\n", ""},
  };
  for (const SinkCase& c : cases) {
    Result r = run(c.file, wrap(c));
    EXPECT_EQ(r.rules(), std::string(c.rule).empty() ? V{} : V({c.rule})) << c.code;
  }
}

TEST(CodeSinks, JavaScriptTable) {
  const SinkCase cases[] = {
      {"a.js", "  require('child_process').execSync(event.body);\n", "KL-CODE-001"},
      {"a.js", "  require('child_process').execFileSync('ls', [event.body]);\n", ""},
      {"a.js", "  const util = require('util');\n  const run = util.promisify(require('child_process').exec);\n  run(event.body);\n", "KL-CODE-001"},
      {"a.js", "  new Function(event.body)();\n", "KL-CODE-002"},
      {"a.js", "  setTimeout(event.body, 10);\n", "KL-CODE-002"},
      {"a.js", "  const got = require('got');\n  got(event.body);\n", "KL-CODE-005"},
      {"a.js", "  const got = require('got');\n  got('https://api.example.com/u/' + event.body);\n", ""},
      {"a.js", "  const axios = require('axios');\n  axios({ url: event.body });\n", "KL-CODE-005"},
      {"a.js", "  require('fs').promises.readFile(event.body);\n", "KL-CODE-006"},
      {"a.js", "  const fs = require('fs/promises');\n  fs.writeFile(event.body, 'x');\n", "KL-CODE-006"},
      {"a.js", "  const fs = require('fs');\n  fs.readFileSync('/proc/self/environ');\n", "KL-CODE-010"},
      {"a.js", "  const s3 = new (require('aws-sdk').S3)();\n  s3.getSignedUrl('putObject', { Bucket: 'b', Key: event.body });\n", "KL-CODE-006"},
      {"a.js", "  const { createPresignedPost } = require('@aws-sdk/s3-presigned-post');\n  createPresignedPost(client, { Bucket: 'b', Key: require('crypto').randomUUID() });\n", ""},
      {"a.js", "  const { ScanCommand } = require('@aws-sdk/client-dynamodb');\n  new ScanCommand({ TableName: 't', ScanFilter: { [event.attr]: { ComparisonOperator: 'EQ' } } });\n", "KL-CODE-007"},
      {"a.js", "  const { ScanCommand } = require('@aws-sdk/client-dynamodb');\n  new ScanCommand({ TableName: 't', ScanFilter: { a: { ComparisonOperator: 'EQ', AttributeValueList: [event.v] } } });\n", ""},
      {"a.js", "  const body = JSON.parse(event.body);\n  const { GetCommand } = require('@aws-sdk/lib-dynamodb');\n  new GetCommand({ TableName: 't', ...body });\n", "KL-CODE-007"},
      {"a.js", "  conn.query(`SELECT * FROM t WHERE a = '${event.a}'`);\n", "KL-CODE-008"},
      {"a.js", "  conn.query({ text: 'SELECT * FROM t WHERE a = $1', values: [event.a] });\n", ""},
      {"a.js", "  return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: require('escape-html')(event.body) };\n", ""},
      {"a.js", "  return { statusCode: 200, body: JSON.stringify(process.env) };\n", "KL-CODE-010"},
  };
  for (const SinkCase& c : cases) {
    Result r = run(c.file, wrap(c));
    EXPECT_EQ(r.rules(), std::string(c.rule).empty() ? V{} : V({c.rule})) << c.code;
  }
}

TEST(CodeSinks, SsrfSeverityFollowsThePrefix) {
  EXPECT_TRUE(prefix_fixes_host("https://api.example.com/"));
  EXPECT_TRUE(prefix_fixes_host("http://10.0.0.1:8080/v1?x="));
  EXPECT_FALSE(prefix_fixes_host("https://api.example.com"));
  EXPECT_FALSE(prefix_fixes_host("https://"));
  EXPECT_FALSE(prefix_fixes_host("/relative/"));
  EXPECT_FALSE(prefix_fixes_host("https://user@"));
  auto sev = [](const std::string& src) {
    Result r = run("a.py", "import requests, urllib.request\ndef handler(event, context):\n" + src);
    return r.findings.empty() ? std::string("silent") : std::string(rules::severity_name(r.findings[0].severity));
  };
  EXPECT_EQ(sev("    urllib.request.urlopen(event['u'])\n"), "critical");
  EXPECT_EQ(sev("    requests.get(event['u'])\n"), "critical");
  EXPECT_EQ(sev("    requests.get('http://' + event['u'])\n"), "critical");
  EXPECT_EQ(sev("    requests.get('https://' + event['u'])\n"), "high");
  EXPECT_EQ(sev("    requests.get('https://a.example.com/' + event['u'])\n"), "silent");
}

}  // namespace
}  // namespace kl::code

namespace kl::code {
namespace {

// Through the real scanner: templates first, then code with their handlers; the config's
// ignores and severity overrides apply to code findings too.
TEST(CodeScan, ConfigAppliesToCodeFindings) {
  std::string fx = std::string(KL_SOURCE_DIR) + "/tests/fixtures/code/python/command_injection_helper.py";
  scan::ScanOptions opts;
  opts.paths = {fx};
  opts.jobs = 1;
  scan::ScanResult plain = scan::scan(opts);
  ASSERT_EQ(plain.findings.size(), 1u);
  EXPECT_EQ(plain.findings[0].rule, "KL-CODE-001");
  EXPECT_EQ(plain.findings[0].severity, rules::Severity::Critical);
  opts.config.dir = std::string(KL_SOURCE_DIR);
  opts.config.severity["KL-CODE-001"] = rules::Severity::Low;
  EXPECT_EQ(scan::scan(opts).findings[0].severity, rules::Severity::Low);
  opts.config.ignores.push_back({{"KL-CODE-*"}, "tests/fixtures/code/**", "", "test helper", {}});
  scan::ScanResult ignored = scan::scan(opts);
  ASSERT_EQ(ignored.findings.size(), 1u);
  ASSERT_TRUE(ignored.findings[0].suppressed.has_value());
  EXPECT_EQ(ignored.findings[0].suppressed->how, "config");
}

}  // namespace
}  // namespace kl::code

namespace kl::code {
namespace {

TEST(CodeHandlers, InlineCodeHasNoModule) {
  std::string text =
      "Resources:\n"
      "  Inline:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n"
      "      Handler: index.handler\n      Role: arn:aws:iam::123456789012:role/r\n"
      "      Code:\n        ZipFile: |\n          def handler(event, context): pass\n"
      "  Packaged:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs22.x\n"
      "      Handler: dist/app.handler\n      Role: arn:aws:iam::123456789012:role/r\n      Code: ./build\n";
  scan::ScanOptions opts;
  model::Diagnostics diags;
  auto m = scan::load_model("/proj/template.yaml", text, opts, true, diags);
  ASSERT_TRUE(m.has_value());
  std::vector<HandlerDecl> decls = handlers_of(*m);
  ASSERT_EQ(decls.size(), 1u);
  EXPECT_EQ(decls[0].resource, "Packaged");
  EXPECT_EQ(decls[0].module, "/proj/build/dist/app");
  EXPECT_EQ(decls[0].function, "handler");
}

}  // namespace
}  // namespace kl::code
