// End-to-end tests of the command line, in process: exit codes, standard input, configuration
// discovery and errors, every suppression form, output formats, and identical output for any -j.
// A test-only registry with two tiny rules keeps these tests independent of the rule families.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lint/cli/app.h"
#include "test_rules.h"
#include "test_support.h"

namespace reflint {
namespace {
namespace fs = std::filesystem;

using testing::CliRun;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::register_test_rules(registry_);
    dir_ = fs::temp_directory_path() / fmt::format("reflint-cli-{}-{}", ::getpid(), counter_++);
    fs::create_directories(dir_);
    previous_ = fs::current_path();
    fs::current_path(dir_);
  }
  void TearDown() override {
    fs::current_path(previous_);
    fs::remove_all(dir_);
  }

  void write(const fs::path& relative, std::string_view content) {
    fs::create_directories((dir_ / relative).parent_path());
    std::ofstream(dir_ / relative, std::ios::binary) << content;
  }

  CliRun run(const std::vector<std::string>& args, const std::string& input = "") {
    return testing::run_reflint(registry_, args, input);
  }

  RuleRegistry registry_;
  fs::path dir_;
  fs::path previous_;
  static inline int counter_ = 0;
};

TEST_F(CliTest, ExitCodeZeroWhenClean) {
  write("a.html", "<p>nothing here</p>");
  const CliRun result = run({"a.html"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("0 errors, 0 warnings, 0 notes in 1 file"), std::string::npos) << result.err;
}

TEST_F(CliTest, WarningsFailOnlyWithFailOnWarning) {
  write("a.html", "<p>a FLAG here</p>");
  EXPECT_EQ(run({"a.html"}).exit_code, 0);
  EXPECT_EQ(run({"--fail-on", "warning", "a.html"}).exit_code, 1);
  EXPECT_EQ(run({"--fail-on", "none", "--severity", "test-flag=error", "a.html"}).exit_code, 0);
  EXPECT_EQ(run({"--severity", "test-flag=error", "a.html"}).exit_code, 1);
}

TEST_F(CliTest, ShowSettingsGivesEachValueAndWhereItCameFrom) {
  write("base.toml",
        "[rules.test-flag]\nlevel = \"error\"\nmin-length = 3\n[network]\nmailto = \"a@example.org\"\n");
  write("site/.reflint.toml", "extends = \"../base.toml\"\n[rules.test-error]\nenabled = false\n");
  const CliRun result = run({"--show-settings", "site/page.html", "--enable", "test-error"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The first line of `key_value` (after `section`'s header), ending with its origin.
  const auto has = [&](const std::string& key_value, const std::string& origin,
                       const std::string& section = "") {
    const size_t at = result.out.find("\n" + key_value + " ", section.empty() ? 0 : result.out.find(section));
    if (at == std::string::npos) return false;
    const std::string line = result.out.substr(at + 1, result.out.find('\n', at + 1) - at - 1);
    return line.ends_with("# " + origin);
  };
  EXPECT_TRUE(has("level = \"error\"", "base.toml:2:9", "[rules.test-flag]")) << result.out;
  EXPECT_TRUE(has("min-length = 3", "base.toml:3:14", "[rules.test-flag]")) << result.out;
  EXPECT_TRUE(has("enabled = true", "command line (--enable)", "[rules.test-error]")) << result.out;
  EXPECT_TRUE(has("cross-page = true", "default")) << result.out;
  // [network] is the run's: the current folder has no configuration.
  EXPECT_TRUE(has("mailto = \"\"", "default")) << result.out;
  EXPECT_NE(result.out.find("[rules.test-flag]"), std::string::npos);

  write("site/.reflint.toml", "extends = \"../missing.toml\"\n");
  const CliRun broken = run({"--show-settings", "site/page.html"});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("missing.toml: cannot read the configuration file"), std::string::npos)
      << broken.err;
}

TEST_F(CliTest, TheCaretStaysUnderItsTextAfterWideCharacters) {
  // 潮汐 and 🌊 take two terminal columns each, é one, the combining acute none: the column
  // (code points) is 10, the caret's place (terminal columns) 12.
  const std::string line =
      "<p>\xE6\xBD\xAE\xE6\xB1\x90"
      "e\xCC\x81\xF0\x9F\x8C\x8A FLAG</p>";
  write("a.html", line);
  const CliRun result = run({"a.html"});
  EXPECT_EQ(result.out,
            "a.html:1:10: warning: found FLAG [test-flag]\n"
            " 1 | " +
                line + "\n" + "   |            ^~~~\n");
}

TEST_F(CliTest, TextOutputIsCompilerStyleWithCaret) {
  write("a.html", "<html><body>\n<p>a FLAG here</p>\n</body></html>");
  const CliRun result = run({"a.html"});
  EXPECT_EQ(result.out,
            "a.html:2:6: warning: found FLAG [test-flag]\n"
            " 2 | <p>a FLAG here</p>\n"
            "   |      ^~~~\n");
}

TEST_F(CliTest, StandardInputWithFilename) {
  const CliRun result = run({"--stdin-filename", "draft.html", "-"}, "<p>BOOM</p>");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out.rfind("draft.html:1:4: error: found BOOM [test-error]", 0), 0u) << result.out;
}

TEST_F(CliTest, UnreadableInputIsReportedAndOthersStillLinted) {
  write("good.html", "<p>BOOM</p>");
  const CliRun result = run({"missing.html", "good.html"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("missing.html: error: cannot read the file"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("good.html:1:4: error: found BOOM"), std::string::npos) << result.out;
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(run({}).exit_code, 2);
  EXPECT_EQ(run({"--format", "xml", "a.html"}).exit_code, 2);
  const CliRun unknown = run({"--disable", "no-such-rule", "a.html"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown rule 'no-such-rule'"), std::string::npos);
  EXPECT_EQ(run({"--severity", "test-flag=loud", "a.html"}).exit_code, 2);
}

TEST_F(CliTest, FoldersAreSearchedRecursivelySkippingHiddenOnes) {
  write("site/a.html", "<p>FLAG</p>");
  write("site/deep/b.htm", "<p>FLAG</p>");
  write("site/.git/c.html", "<p>FLAG</p>");
  write("site/notes.txt", "FLAG");
  const CliRun result = run({"site"});
  EXPECT_NE(result.out.find("site/a.html:1:4"), std::string::npos);
  EXPECT_NE(result.out.find("site/deep/b.htm:1:4"), std::string::npos);
  EXPECT_EQ(result.out.find(".git"), std::string::npos);
  EXPECT_NE(result.err.find("in 2 files"), std::string::npos) << result.err;
}

TEST_F(CliTest, NearestConfigurationWins) {
  write(".reflint.toml", "[rules.test-flag]\nlevel = \"error\"\n");
  write("sub/.reflint.toml", "[rules.test-flag]\nenabled = false\n");
  write("top.html", "<p>FLAG</p>");
  write("sub/inner.html", "<p>FLAG</p>");
  const CliRun result = run({"top.html", "sub/inner.html"});
  EXPECT_NE(result.out.find("top.html:1:4: error: found FLAG"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("inner.html"), std::string::npos) << result.out;
}

TEST_F(CliTest, ExplicitConfigOverridesDiscovery) {
  write("sub/.reflint.toml", "[rules.test-flag]\nenabled = false\n");
  write("other.toml", "[rules.test-flag]\nlevel = \"note\"\n");
  write("sub/inner.html", "<p>FLAG</p>");
  const CliRun result = run({"--config", "other.toml", "sub/inner.html"});
  EXPECT_NE(result.out.find("inner.html:1:4: note: found FLAG"), std::string::npos) << result.out;
}

TEST_F(CliTest, ConfigurationErrorsNameFileAndLine) {
  write("a.html", "<p>FLAG</p>");
  write(".reflint.toml", "exclude = [\"x\"]\n\n[rules.test-flag]\nlevle = \"error\"\n");
  CliRun result = run({"a.html"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("reflint: error: .reflint.toml:4:9: unknown option 'levle' for rule test-flag"),
            std::string::npos)
      << result.err;

  write(".reflint.toml", "[rules.no-such-rule]\nenabled = true\n");
  result = run({"a.html"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("reflint: error: .reflint.toml:1:8: unknown rule 'no-such-rule'"),
            std::string::npos)
      << result.err;

  write(".reflint.toml", "[rules.test-flag]\nmin-length = \"long\"\n");
  result = run({"a.html"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(".reflint.toml:2:14: 'min-length' must be an integer"), std::string::npos)
      << result.err;

  write(".reflint.toml", "[rules\n");
  result = run({"a.html"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(".reflint.toml:1:"), std::string::npos) << result.err;
}

TEST_F(CliTest, RegistryUrlsMustBeHttpOrHttps) {
  write("a.html", "<p>FLAG</p>");
  write(".reflint.toml", "[network]\ncrossref-api = \"file:///etc\"\n");
  CliRun result = run({"a.html"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(".reflint.toml:2:16: 'crossref-api' must be an http:// or https:// URL"),
            std::string::npos)
      << result.err;

  write(".reflint.toml", "[network]\ndoi-resolver = \"HTTPS://doi.org\"\n");
  EXPECT_EQ(run({"a.html"}).exit_code, 0);  // the scheme in any case

  for (const char* option : {"--doi-resolver", "--crossref-api", "--datacite-api", "--europepmc-api"}) {
    SCOPED_TRACE(option);
    result = run({option, "ftp://example.org/", "a.html"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("must be an http:// or https:// URL, got 'ftp://example.org/'"),
              std::string::npos)
        << result.err;
  }
}

TEST_F(CliTest, RuleOptionsFromConfiguration) {
  write(".reflint.toml", "[rules.test-flag]\nmin-length = 10\n");
  write("a.html", "<p>FLAG</p><p>a long FLAG block</p>");
  const CliRun result = run({"a.html"});
  EXPECT_EQ(result.out.find("a.html:1:4"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("a.html:1:22"), std::string::npos) << result.out;
}

TEST_F(CliTest, ExcludeGlobsApplyToFolderSearch) {
  write(".reflint.toml", "exclude = [\"site/drafts/*\"]\n");
  write("site/a.html", "<p>FLAG</p>");
  write("site/drafts/b.html", "<p>FLAG</p>");
  const CliRun result = run({"site"});
  EXPECT_NE(result.out.find("site/a.html"), std::string::npos);
  EXPECT_EQ(result.out.find("drafts"), std::string::npos) << result.out;
}

TEST_F(CliTest, DisableEnableCommentRange) {
  write("a.html",
        "<p>FLAG one</p>\n<!-- reflint-disable test-flag -->\n<p>FLAG two BOOM</p>\n"
        "<!-- reflint-enable test-flag -->\n<p>FLAG three</p>");
  const CliRun result = run({"a.html"});
  EXPECT_NE(result.out.find("a.html:1:4: warning"), std::string::npos);
  EXPECT_EQ(result.out.find("a.html:3:4: warning"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("a.html:3:13: error: found BOOM"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("a.html:5:4: warning"), std::string::npos);
}

TEST_F(CliTest, DisableWithoutRulesCoversAllToEndOfFile) {
  write("a.html", "<p>FLAG</p>\n<!-- reflint-disable -->\n<p>FLAG BOOM</p>\n<p>FLAG</p>");
  const CliRun result = run({"a.html"});
  EXPECT_NE(result.out.find("a.html:1:4"), std::string::npos);
  EXPECT_EQ(result.out.find("a.html:3:"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("a.html:4:"), std::string::npos) << result.out;
}

TEST_F(CliTest, DisableNextCoversOnlyTheNextBlock) {
  write("a.html", "<!-- reflint-disable-next test-flag -->\n<p>FLAG\nFLAG</p>\n<p>FLAG</p>");
  const CliRun result = run({"a.html"});
  EXPECT_EQ(result.out.find("a.html:2:4: warning"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("a.html:3:1: warning"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("a.html:4:4"), std::string::npos) << result.out;
}

TEST_F(CliTest, DataAttributeIgnoresSubtree) {
  write("a.html",
        "<div data-reflint-ignore><p>FLAG</p><p>BOOM</p></div>\n"
        "<div data-reflint-ignore=\"test-error\"><p>FLAG BOOM</p></div>\n<p>FLAG</p>");
  const CliRun result = run({"a.html"});
  EXPECT_EQ(result.out.find("a.html:1:29: warning"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("a.html:1:44: error"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("a.html:2:42: warning: found FLAG"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("found BOOM"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("a.html:3:4"), std::string::npos);
}

TEST_F(CliTest, SuppressionNamingUnknownRuleIsReported) {
  write("a.html",
        "<p>x</p>\n<!-- reflint-disable no-such-rule -->\n<div data-reflint-ignore=\"bogus\">y</div>");
  const CliRun result = run({"a.html"});
  EXPECT_NE(result.err.find("a.html:2:1: warning: suppression names unknown rule 'no-such-rule'"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("a.html:3:1: warning: suppression names unknown rule 'bogus'"), std::string::npos)
      << result.err;
}

TEST_F(CliTest, FailingRuleBecomesNoticeAndRunGoesOn) {
  write("a.html", "<p>THROW</p>");
  write("b.html", "<p>BOOM</p>");
  const CliRun result = run({"a.html", "b.html"});
  EXPECT_EQ(result.exit_code, 3);  // incomplete: never green, and not "findings" either
  EXPECT_NE(result.err.find("rule test-flag failed on this file: boom"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("b.html:1:4: error"), std::string::npos);

  // Even with nothing to report otherwise, and with -q, the failure shows and the gate fails.
  write("c.html", "<p>THROW</p>");
  const CliRun quiet = run({"-q", "--fail-on", "none", "c.html"});
  EXPECT_EQ(quiet.exit_code, 3);
  EXPECT_NE(quiet.err.find("rule test-flag failed on this file: boom"), std::string::npos) << quiet.err;
  const CliRun sarif = run({"--format", "sarif", "c.html"});
  EXPECT_NE(sarif.out.find("\"executionSuccessful\": false"), std::string::npos) << sarif.out;
}

TEST_F(CliTest, AFifoOrAnOversizedInputIsAnErrorAndTheOtherInputsAreLinted) {
  write("a.html", "<p>FLAG</p>");
  ASSERT_EQ(mkfifo((dir_ / "pipe.html").c_str(), 0600), 0);  // nobody writes: reading it would block
  const CliRun fifo = run({"pipe.html", "a.html"});
  EXPECT_EQ(fifo.exit_code, 2);
  EXPECT_NE(fifo.err.find("pipe.html: error: cannot read the file: not a regular file"), std::string::npos)
      << fifo.err;
  EXPECT_NE(fifo.out.find("a.html:1:4: warning: found FLAG"), std::string::npos) << fifo.out;

  write("big.html", "<p>" + std::string(1024 * 1024 + 10, 'x') + "</p>");
  const CliRun big = run({"--max-input-mb", "1", "big.html", "a.html"});
  EXPECT_EQ(big.exit_code, 2);
  EXPECT_NE(big.err.find("big.html: error: cannot read the file: larger than the 1 MiB"), std::string::npos)
      << big.err;
  EXPECT_NE(big.out.find("a.html:1:4"), std::string::npos) << big.out;
}

TEST_F(CliTest, FindingsOfOneRuleOnOnePageAreCappedWithACount) {
  std::string page;
  for (int i = 0; i < 12; ++i) page += "<p>FLAG</p>\n";
  write("a.html", page);
  write("b.html", "<p>FLAG</p>");
  const CliRun capped = run({"--format", "json", "--max-findings-per-rule", "5", "a.html", "b.html"});
  EXPECT_EQ(std::count(capped.out.begin(), capped.out.end(), '\n'), 6)
      << capped.out;  // 5 of a.html, 1 of b.html
  EXPECT_NE(capped.err.find("a.html: note: 7 more test-flag findings on this page are not listed"),
            std::string::npos)
      << capped.err;
  EXPECT_NE(capped.out.find("\"line\":5"), std::string::npos);  // the first five, in source order
  EXPECT_EQ(capped.out.find("\"line\":6"), std::string::npos);
  const CliRun all = run({"--format", "json", "--max-findings-per-rule", "0", "a.html"});
  EXPECT_EQ(std::count(all.out.begin(), all.out.end(), '\n'), 12);
}

// Past twice the cap a rule's findings are trimmed while it checks (bounded memory); what is listed
// and counted is what the cap alone gives: suppressed findings never count, the first in source
// order are kept.
TEST_F(CliTest, FindingsTrimmedWhileCheckingAreThoseTheCapKeeps) {
  std::string page = "<!-- reflint-disable-next test-flag -->\n<p>FLAG</p>\n";
  for (int i = 0; i < 99; ++i) page += "<p>FLAG</p>\n";
  write("a.html", page);
  const CliRun capped = run({"--format", "json", "--max-findings-per-rule", "3", "a.html"});
  EXPECT_EQ(std::count(capped.out.begin(), capped.out.end(), '\n'), 3) << capped.out;
  EXPECT_NE(capped.out.find("\"line\":3,\"message\":\"found"), std::string::npos)
      << capped.out;  // the first unsuppressed
  EXPECT_NE(capped.out.find("\"line\":5,\"message\":\"found"), std::string::npos) << capped.out;
  EXPECT_EQ(capped.out.find("\"line\":2,\"message\":\"found"), std::string::npos)
      << capped.out;  // suppressed
  EXPECT_EQ(capped.out.find("\"line\":6,\"message\":\"found"), std::string::npos) << capped.out;
  EXPECT_NE(capped.err.find("a.html: note: 96 more test-flag findings on this page are not listed"),
            std::string::npos)
      << capped.err;
}

TEST_F(CliTest, QuietStillPrintsInputErrors) {
  write("a.html", "<p>nothing here</p>");
  const CliRun result = run({"-q", "a.html", "missing.html"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("missing.html: error: cannot read the file"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("0 errors"), std::string::npos) << result.err;  // no summary line with -q
}

TEST_F(CliTest, OutputIdenticalForAnyJobCount) {
  for (int i = 0; i < 24; ++i) {
    write(fmt::format("site/page{:02}.html", i), fmt::format("<p>{} FLAG</p>\n<p>BOOM {}</p>", i, i));
  }
  const CliRun one = run({"-j", "1", "--format", "json", "site"});
  const CliRun four = run({"-j", "4", "--format", "json", "site"});
  EXPECT_EQ(one.out, four.out);
  EXPECT_EQ(one.exit_code, four.exit_code);
  EXPECT_EQ(std::count(one.out.begin(), one.out.end(), '\n'), 48);
}

TEST_F(CliTest, GithubFormatEscapesProperties) {
  write("a,b.html", "<p>BOOM</p>");
  const CliRun result = run({"--format", "github", "a,b.html"});
  EXPECT_EQ(result.out,
            "::error file=a%2Cb.html,line=1,col=4,endLine=1,endColumn=8,title=test-error::found BOOM\n");
}

TEST_F(CliTest, JsonLinesCarryFingerprints) {
  write("a.html", "<p>BOOM</p>\n\n<p>BOOM</p>");
  const CliRun result = run({"--format", "json", "a.html"});
  const auto first = nlohmann::json::parse(result.out.substr(0, result.out.find('\n')));
  EXPECT_EQ(first["rule"], "test-error");
  EXPECT_EQ(first["line"], 1);
  EXPECT_EQ(first["fingerprint"].get<std::string>().size(), 16u);
}

TEST_F(CliTest, FingerprintSurvivesLineShifts) {
  write("a.html", "<p>BOOM</p>");
  const auto before = nlohmann::json::parse(run({"--format", "json", "a.html"}).out);
  write("a.html", "\n\n<h1>new title</h1>\n<p>BOOM</p>");
  const auto after = nlohmann::json::parse(run({"--format", "json", "a.html"}).out);
  EXPECT_EQ(before["fingerprint"], after["fingerprint"]);
  EXPECT_NE(before["line"], after["line"]);
}

TEST_F(CliTest, OutputFileNeverOverwritesAnInput) {
  write("a.html", "<p>BOOM</p>");
  const CliRun result = run({"-o", "a.html", "a.html"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(testing::read_file(dir_ / "a.html"), "<p>BOOM</p>");
}

TEST_F(CliTest, OutputFileReceivesReport) {
  write("a.html", "<p>BOOM</p>");
  EXPECT_EQ(run({"-o", "report.sarif", "--format", "sarif", "a.html"}).exit_code, 1);
  const auto sarif = nlohmann::json::parse(testing::read_file(dir_ / "report.sarif"));
  EXPECT_EQ(sarif["runs"][0]["results"][0]["ruleId"], "test-error");
}

// One lint, several reports: each is what a run asking for it alone writes.
TEST_F(CliTest, SeveralFormatsInOneRunEqualSeparateRuns) {
  write("a.html", "<p>BOOM and FLAG</p>\n<p>FLAG</p>");
  const CliRun combined = run({"--format", "github", "--format", "sarif=r.sarif", "--format", "json=r.json",
                               "--format", "markdown=r.md", "a.html"});
  EXPECT_EQ(combined.exit_code, 1) << combined.err;
  EXPECT_EQ(combined.out, run({"--format", "github", "a.html"}).out);
  EXPECT_EQ(testing::read_file(dir_ / "r.sarif"), run({"--format", "sarif", "a.html"}).out);
  EXPECT_EQ(testing::read_file(dir_ / "r.json"), run({"--format", "json", "a.html"}).out);
  EXPECT_EQ(testing::read_file(dir_ / "r.md"), run({"--format", "markdown", "a.html"}).out);
  // -o names the report that has no file of its own.
  EXPECT_EQ(run({"--format", "json=r2.json", "--format", "text", "-o", "r.txt", "a.html"}).out, "");
  EXPECT_NE(testing::read_file(dir_ / "r.txt").find("a.html:1:4: error:"), std::string::npos);
  EXPECT_EQ(testing::read_file(dir_ / "r2.json"), testing::read_file(dir_ / "r.json"));
}

TEST_F(CliTest, FormatsThatCannotAllBeWrittenAreRefusedBeforeLinting) {
  write("a.html", "<p>BOOM</p>");
  const auto refused = [&](const std::vector<std::string>& args, std::string_view why) {
    const CliRun result = run(args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find(why), std::string::npos) << result.err;
    EXPECT_EQ(result.out, "");
  };
  refused({"--format", "json", "--format", "sarif", "a.html"}, "at most one report on standard output");
  refused({"--format", "json=x", "--format", "sarif=x", "a.html"}, "two reports would be written to x");
  refused({"--format", "yaml", "a.html"}, "unknown format 'yaml'");
  refused({"--format", "json=", "a.html"}, "no file after '='");
  refused({"--format", "json=a.html", "a.html"}, "the report file a.html is one of the inputs");
  write("pages/deep/b.html", "<p>BOOM</p>");
  refused({"--format", "html=pages/deep/b.html", "pages"},
          "the report file pages/deep/b.html is one of the inputs");
  refused({"--history", "./a.html", "."}, "the report file ./a.html is one of the inputs");
  refused({"--format", "json=r.json", "-o", "r.txt", "a.html"}, "every --format already names its file");
  EXPECT_EQ(testing::read_file(dir_ / "a.html"), "<p>BOOM</p>");
  EXPECT_EQ(testing::read_file(dir_ / "pages/deep/b.html"), "<p>BOOM</p>");
}

TEST_F(CliTest, MarkdownSummaryIsAppendedToTheJobSummary) {
  write("a.html", "<p>FLAG | `x` *y*</p>\n<p>BOOM</p>");
  write("summary.md", "earlier step\n");
  ::setenv("GITHUB_STEP_SUMMARY", (dir_ / "summary.md").c_str(), 1);
  const CliRun result = run({"--format", "markdown", "a.html"});
  ::unsetenv("GITHUB_STEP_SUMMARY");
  EXPECT_EQ(testing::read_file(dir_ / "summary.md"), "earlier step\n" + result.out);
  EXPECT_NE(result.out.find("## reflint: 1 error, 1 warning, 0 notes in 1 file"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("| `test-error` | 1 | 0 | 0 |"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("- **error** [a.html:2:4](<a.html>) found BOOM (`test-error`)"),
            std::string::npos)
      << result.out;
}

/// Runs a checker script of tests/tools on `file`; skips the test when its Python module is missing
/// (exit 77), except in CI.
std::string run_checker(const std::string& script, const std::string& arguments) {
  std::string output;
  const int status = testing::run_command(
      fmt::format("/usr/bin/python3 '{}' {}", (testing::source_dir() / "tests" / "tools" / script).string(),
                  arguments),
      output);
  if (status == 77 && std::getenv("CI") == nullptr) return "skip: " + output;
  EXPECT_EQ(status, 0) << output;
  return output;
}

TEST_F(CliTest, JunitHasASuitePerPageAndACasePerRuleReadByAJunitReader) {
  write("a&b.html", "<p>BOOM & FLAG</p>");  // markup characters in a name and a page
  write("b.html", "<p>nothing</p>");
  EXPECT_EQ(run({"--format", "junit=r.xml", "a&b.html", "b.html"}).exit_code, 1);
  const std::string checked = run_checker("check_junit.py", "r.xml 2 4 1");  // test-error fails on a.html
  if (checked.starts_with("skip: ")) GTEST_SKIP() << checked;
  EXPECT_EQ(checked, "2 4 1 0\n");
  const std::string xml = testing::read_file(dir_ / "r.xml");
  EXPECT_NE(xml.find("<testcase name=\"test-flag\" classname=\"a&amp;b.html\">\n"
                     "      <system-out>a&amp;b.html:1:11: warning: found FLAG\n</system-out>"),
            std::string::npos)
      << xml;
  run({"--format", "junit=w.xml", "--fail-on", "warning", "a&b.html", "b.html"});
  EXPECT_EQ(run_checker("check_junit.py", "w.xml 2 4 2"), "2 4 2 0\n");
}

TEST_F(CliTest, JunitIsValidAgainstTheCommonJunitSchema) {
  std::string output;
  if (testing::run_command("xmllint --version", output) != 0 && std::getenv("CI") == nullptr)
    GTEST_SKIP() << "xmllint (libxml2-utils) is not installed: tools/setup.sh --test";
  write("a&b.html", "<p>BOOM & FLAG</p>");
  write("b.html", "<p>nothing</p>");
  write("c.html", "<p><!-- reflint-disable no-such-rule -->FLAG</p>");
  run({"--format", "junit=r.xml", "--fail-on", "warning", "a&b.html", "b.html", "c.html", "missing.html"});
  const std::string schema = (testing::source_dir() / "tests" / "tools" / "junit.xsd").string();
  EXPECT_EQ(testing::run_command(fmt::format("xmllint --noout --schema '{}' r.xml", schema), output), 0)
      << output;
  EXPECT_NE(output.find("r.xml validates"), std::string::npos) << output;
  // The schema can fail: a count that is no number and a case without a name are refused.
  write("bad.xml",
        "<testsuites><testsuite name=\"a\" tests=\"x\" failures=\"0\" errors=\"0\"><testcase/>"
        "</testsuite></testsuites>");
  EXPECT_NE(testing::run_command(fmt::format("xmllint --noout --schema '{}' bad.xml", schema), output), 0);
  EXPECT_NE(output.find("'x' is not a valid value"), std::string::npos) << output;
  EXPECT_NE(output.find("The attribute 'name' is required"), std::string::npos) << output;
}

TEST_F(CliTest, MarkdownRendersWithItsTableAndLinks) {
  write("a b.html", "<p>BOOM</p>\n<p>FLAG</p>");
  run({"--format", "markdown=r.md", "a b.html"});
  const std::string html = run_checker("render_markdown.py", "r.md");
  if (html.starts_with("skip: ")) GTEST_SKIP() << html;
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
  EXPECT_NE(html.find("<code>test-error</code></td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"a%20b.html\">a b.html:1:4</a>"), std::string::npos) << html;
}

// A baseline keyed on content: edits above, around and between findings keep old findings old;
// identical findings count one by one; the exit code counts new findings only.
TEST_F(CliTest, BaselineReportsOnlyNewFindingsWhateverMoved) {
  write("a.html", "<p>FLAG</p>\n<p>FLAG</p>\n<p>BOOM</p>\n<p>nothing</p>");
  write("b.html", "<p>BOOM</p>");
  const CliRun written = run({"--write-baseline", "base.json", "a.html", "b.html"});
  EXPECT_EQ(written.exit_code, 1);
  const auto baseline = nlohmann::json::parse(testing::read_file(dir_ / "base.json"));
  EXPECT_EQ(baseline["findings"].size(), 4u);

  // a.html: new lines above, the paragraphs reordered and re-wrapped, a third FLAG; b.html fixed.
  write("a.html",
        "<h1>A new title</h1>\n<p>intro</p>\n<p>BOOM</p>\n\n<p>\n  FLAG\n</p>\n<p>FLAG</p><p>FLAG</p>");
  write("b.html", "<p>fixed</p>");
  const CliRun compared = run({"--baseline", "base.json", "--format", "json", "a.html", "b.html"});
  EXPECT_EQ(compared.exit_code, 0) << compared.err;  // the new finding is a warning
  EXPECT_EQ(std::count(compared.out.begin(), compared.out.end(), '\n'), 1) << compared.out;
  EXPECT_NE(compared.out.find("\"rule\":\"test-flag\""), std::string::npos) << compared.out;
  EXPECT_NE(compared.err.find("3 findings in the baseline (not shown), 1 of its entries gone (fixed)"),
            std::string::npos)
      << compared.err;

  const CliRun sarif = run({"--baseline", "base.json", "--format", "sarif", "a.html", "b.html"});
  const auto log = nlohmann::json::parse(sarif.out);
  std::map<std::string, int> states;
  for (const auto& result : log["runs"][0]["results"]) ++states[result["baselineState"].get<std::string>()];
  EXPECT_EQ(states, (std::map<std::string, int>{{"absent", 1}, {"new", 1}, {"unchanged", 3}}));

  write("b.html", "<p>BOOM</p><p>BOOM</p>");  // one more error than the baseline holds
  EXPECT_EQ(run({"--baseline", "base.json", "a.html", "b.html"}).exit_code, 1);
}

// A site's audits over time: each run appends its totals; the summary says what changed since the
// last run and the HTML report draws the trend.
TEST_F(CliTest, HistoryRecordsEachRunAndTheChangeSinceTheLast) {
  ::setenv("SOURCE_DATE_EPOCH", "1764000000", 1);
  write("a.html", "<p>FLAG</p>");
  const CliRun first = run({"--history", "h.jsonl", "a.html"});
  EXPECT_EQ(first.err.find("since the last run"), std::string::npos) << first.err;
  ::setenv("SOURCE_DATE_EPOCH", "1764086400", 1);
  write("a.html", "<p>FLAG</p><p>FLAG</p><p>BOOM</p>");
  const CliRun second = run({"--history", "h.jsonl", "--format", "html=r.html", "a.html"});
  ::unsetenv("SOURCE_DATE_EPOCH");
  EXPECT_NE(
      second.err.find("reflint: since the last run (2025-11-24T16:00:00Z): 2 more findings (+1 test-error, "
                      "+1 test-flag)"),
      std::string::npos)
      << second.err;
  const std::string history = testing::read_file(dir_ / "h.jsonl");
  EXPECT_EQ(std::count(history.begin(), history.end(), '\n'), 2) << history;
  EXPECT_NE(history.find("{\"findings\":3,\"levels\":{\"error\":1,\"warning\":2},\"lookups\":0,\"pages\":1,"
                         "\"rules\":{\"test-error\":1,\"test-flag\":2},\"time\":\"2025-11-25T16:00:00Z\"}"),
            std::string::npos)
      << history;
  const std::string html = testing::read_file(dir_ / "r.html");
  EXPECT_NE(html.find("<h2>Trend over the last 2 runs</h2>"), std::string::npos);
  EXPECT_NE(html.find("<title>2025-11-25T16:00:00Z test-flag: 2</title>"), std::string::npos);

  write("bad.jsonl", "{\"time\": \"x\"}\nnot json\n");
  const CliRun bad = run({"--history", "bad.jsonl", "a.html"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--history bad.jsonl:2: not a run record"), std::string::npos) << bad.err;
}

TEST_F(CliTest, AnUnreadableBaselineIsAnErrorNamingIt) {
  write("a.html", "<p>BOOM</p>");
  write("bad.json", "{\"findings\": []}");
  const CliRun missing = run({"--baseline", "none.json", "a.html"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--baseline none.json: cannot read the file"), std::string::npos) << missing.err;
  const CliRun wrong = run({"--baseline", "bad.json", "a.html"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("--baseline bad.json: not a reflint baseline"), std::string::npos) << wrong.err;
}

TEST_F(CliTest, MistypedRulesAndOptionsGetASuggestion) {
  write("a.html", "<p>BOOM</p>");
  const CliRun rule = run({"--disable", "test-eror", "a.html"});
  EXPECT_EQ(rule.exit_code, 2);
  EXPECT_NE(rule.err.find("--disable: unknown rule 'test-eror' (did you mean 'test-error'?)"),
            std::string::npos)
      << rule.err;
  const CliRun option = run({"--offlne", "a.html"});
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_NE(option.err.find("(did you mean --offline?)"), std::string::npos) << option.err;
  const CliRun far = run({"--explain", "nothing-like-it"});
  EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << far.err;  // no wild guess
  write(".reflint.toml", "[rules.test-flga]\nmin-length = 2\n");
  EXPECT_NE(run({"a.html"}).err.find("unknown rule 'test-flga' (did you mean 'test-flag'?)"),
            std::string::npos);
}

TEST_F(CliTest, ExitZeroAndRulesAsJson) {
  write("a.html", "<p>BOOM</p>");
  EXPECT_EQ(run({"a.html"}).exit_code, 1);
  EXPECT_EQ(run({"--exit-zero", "a.html"}).exit_code, 0);
  const auto rules = nlohmann::json::parse(run({"--list-rules", "--format", "json"}).out);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0]["id"], "test-flag");
  EXPECT_EQ(rules[0]["level"], "warning");
  EXPECT_EQ(rules[1]["options"][0]["name"], "min-length");
}

TEST_F(CliTest, VersionNamesTheCommitItWasBuiltFrom) {
  const CliRun version = run({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.out.starts_with("reflint ")) << version.out;
  std::string head;
  if (testing::run_command(
          fmt::format("git -C '{}' rev-parse --short=12 HEAD", testing::source_dir().string()), head) == 0) {
    head.pop_back();  // the line feed
    EXPECT_NE(version.out.find(" (commit " + head), std::string::npos) << version.out << " vs " << head;
  } else {
    EXPECT_NE(version.out.find(" (commit unknown)"), std::string::npos) << version.out;
  }
}

// The summary never contradicts what it printed: reflint's own messages are counted apart from the
// findings; a long line's excerpt says it goes on; a related location shows its line too.
TEST_F(CliTest, SummaryAndExcerptsSayWhatTheyShow) {
  write("a.html", "<p>FLAG " + std::string(400, 'x') + "</p>\n<p>FLAG</p>");
  write("b.html", "<p>" + std::string(300, 'y') + " FLAG</p>");
  write("big.html", "<p>" + std::string(1024 * 1024 + 10, 'z') + "</p>");
  const CliRun result = run({"--max-input-mb", "1", "--no-cross-page", "a.html", "b.html", "big.html"});
  EXPECT_NE(result.err.find("reflint: 0 errors, 3 warnings, 0 notes in 2 files; 1 input could not be read; "
                            "1 error from reflint itself above"),
            std::string::npos)
      << result.err;
  // a.html line 1: the excerpt stops before the line does, and says so.
  EXPECT_NE(result.out.find(" 1 | <p>FLAG " + std::string(192, 'x') + "\u2026\n"), std::string::npos)
      << result.out;
  // The repeat's related location (the first FLAG) is shown with its line.
  EXPECT_NE(result.out.find("a.html:1:4: note: first FLAG here\n 1 | <p>FLAG"), std::string::npos)
      << result.out;
}

TEST_F(CliTest, ListRulesAndExplain) {
  const CliRun list = run({"--list-rules"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("test-flag"), std::string::npos);
  const CliRun explain = run({"--explain", "test-error"});
  EXPECT_NE(explain.out.find("# test-error"), std::string::npos);
  EXPECT_NE(explain.out.find("`min-length` (default `1`)"), std::string::npos);
  EXPECT_EQ(run({"--explain", "nope"}).exit_code, 2);
}

TEST_F(CliTest, QuietDropsTheSummary) {
  write("a.html", "<p>BOOM</p>");
  EXPECT_EQ(run({"-q", "a.html"}).err, "");
}

TEST_F(CliTest, DumpModel) {
  write("a.html", "<html lang=\"de\"><p id=\"x\">Hallo <a href=\"#r1\">Welt</a></p></html>");
  const CliRun result = run({"--dump-model", "a.html"});
  const auto model = nlohmann::json::parse(result.out);
  EXPECT_EQ(model["lang"], "de");
  EXPECT_EQ(model["blocks"][0]["text"], "Hallo Welt");
  EXPECT_EQ(model["links"][0]["href"], "#r1");
  EXPECT_EQ(model["links"][0]["start"]["column"], 47);
}

}  // namespace
}  // namespace reflint
