// report.html in a real browser (docs/modelling.md §12.3.3): headless Chromium (Debian `chromium`)
// opens the page from a file:// URL with networking switched off and takes a screenshot,
// which must not be blank.
//
// How "not blank" is judged without an image library: PNG is deflate-compressed, and a
// uniform white 1280x2000 screenshot compresses to a few KB, while a page of tables, text
// and charts compresses to well over 100 KB. So each test also screenshots an empty page
// the same way and requires the report's PNG to be many times larger; the PNG signature
// and IHDR size are checked too, so an error page or a truncated file cannot pass. (A
// screenshot of a URL with a #fragment comes out blank in this Chromium: don't use one.)
//
// The pages are built in-process from hand-built Results, because write_run_outputs does
// not write report.html yet; once it does, RunOutputDirectoryPageRenders checks the real one.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "../unit/report_html_sample.hpp"
#include "cli_runner.hpp"
#include "report_tools.hpp"
#include "reports/report_html.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;

constexpr int kWidth = 1280;
constexpr int kHeight = 2000;

std::string chromium() {
  const char* env = std::getenv("CMSIM_CHROMIUM");
  if (env && *env) return env;
  const ShellOutput found = shell("command -v chromium || command -v chromium-browser");
  std::string path = found.output.substr(0, found.output.find('\n'));
  return found.exit_code == 0 ? path : "";
}

struct Png {
  bool valid = false;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uintmax_t bytes = 0;
};

std::uint32_t big_endian32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(s[at + i]);
  return v;
}

// Signature, then the IHDR chunk: length 13, "IHDR", width, height (big-endian).
Png read_png(const fs::path& file) {
  Png png;
  if (!fs::exists(file)) return png;
  const std::string data = read_file(file);
  png.bytes = data.size();
  png.valid = data.size() > 24 && data.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0 && data.compare(12, 4, "IHDR") == 0;
  if (png.valid) {
    png.width = big_endian32(data, 16);
    png.height = big_endian32(data, 20);
  }
  return png;
}

class ReportHtmlBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    browser_ = chromium();
    ASSERT_FALSE(browser_.empty()) << "chromium not found: apt-get install chromium (scripts/install-deps.sh)";
  }

  // Offline and quiet: no network services, no first-run UI, a throw-away profile.
  Png screenshot(const fs::path& html, const std::string& name) const {
    const fs::path png = dir_.path() / (name + ".png");
    const std::string command =
        "timeout 120 " + shell_quote(browser_) +
        " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
        " --disable-component-update --disable-sync --disable-extensions --hide-scrollbars"
        " --force-device-scale-factor=1 --user-data-dir=" +
        shell_quote(dir_.path() / ("profile-" + name)) + " --window-size=" + std::to_string(kWidth) + "," +
        std::to_string(kHeight) + " --screenshot=" + shell_quote(png) + " " +
        shell_quote("file://" + fs::absolute(html).string());
    const ShellOutput r = shell(command);
    EXPECT_TRUE(fs::exists(png)) << command << "\n" << r.output;
    return read_png(png);
  }

  Png blank_baseline() const {
    return screenshot(dir_.write("blank.html", "<!DOCTYPE html>\n<html><body></body></html>\n"), "blank");
  }

  void expect_not_blank(const Png& page, const Png& blank, const std::string& what) const {
    ASSERT_TRUE(blank.valid && page.valid) << what;
    EXPECT_EQ(page.width, static_cast<std::uint32_t>(kWidth)) << what;
    EXPECT_EQ(page.height, static_cast<std::uint32_t>(kHeight)) << what;
    EXPECT_GT(page.bytes, 30u * 1024) << what;
    EXPECT_GT(page.bytes, 8 * blank.bytes) << what << ": " << page.bytes << " bytes vs blank " << blank.bytes;
  }

  std::string browser_;
  TempDir dir_;
};

TEST_F(ReportHtmlBrowser, SmallHierarchyPageRenders) {
  const fs::path html = dir_.write("small.html", reports::report_html(sample_results(2, 3)));
  expect_not_blank(screenshot(html, "small"), blank_baseline(), "small hierarchy");
}

TEST_F(ReportHtmlBrowser, SixThousandSitePageRenders) {
  const fs::path html = dir_.write("big.html", reports::report_html(sample_results(24, 5975, 2000)));
  expect_not_blank(screenshot(html, "big"), blank_baseline(), "6,000 sites");
}

// Inline SVG is also XML: each drawing must be well-formed on its own, so it can be cut out
// of the page and opened or diffed as an .svg file.
TEST_F(ReportHtmlBrowser, EveryDrawingIsWellFormedSvg) {
  const std::string page = reports::report_html(sample_results(3, 50));
  int drawings = 0;
  for (auto at = page.find("<svg "); at != std::string::npos; at = page.find("<svg ", at + 1)) {
    const auto end = page.find("</svg>", at);
    ASSERT_NE(end, std::string::npos);
    const fs::path svg = dir_.write("drawing" + std::to_string(drawings++) + ".svg", page.substr(at, end + 6 - at));
    const ShellOutput lint = shell("xmllint --noout " + shell_quote(svg));
    EXPECT_EQ(lint.exit_code, 0) << svg << "\n" << lint.output;
  }
  EXPECT_EQ(drawings, 5);  // hierarchy, two update timelines, SCP lanes, link utilization
}

TEST_F(ReportHtmlBrowser, RunOutputDirectoryPageRenders) {
  const fs::path scenario = fs::path(CMSIM_SOURCE_DIR) / "scenarios" / "examples" / "cas-two-primaries.json";
  const fs::path out = dir_.path() / "run";
  const CliResult run = run_cmsim("run " + shell_quote(scenario) + " --out " + shell_quote(out));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_TRUE(fs::exists(out / "report.html")) << "cmsim run must write report.html beside report.json";
  expect_not_blank(screenshot(out / "report.html", "run"), blank_baseline(), "cas-two-primaries");
}

}  // namespace
}  // namespace cmsim::test
