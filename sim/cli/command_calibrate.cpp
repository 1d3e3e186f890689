#include "sim/cli/command_calibrate.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>
#include <optional>
#include <system_error>

#include "models/calibration.hpp"
#include "models/log_reader.hpp"
#include "models/units.hpp"
#include "reports/atomic_file.hpp"
#include "reports/calibration_json.hpp"
#include "sim/cli/commands.hpp"

namespace cmsim {
namespace {

namespace fs = std::filesystem;

// The logs calibrate reads (docs/modelling.md §13); every other file in a folder is left alone.
const std::vector<std::string>& read_logs() {
  static const std::vector<std::string> kLogs = {"sender", "despool", "distmgr", "hman", "CMUpdate", "dmpdownloader"};
  return kLogs;
}

bool has_known_log(const fs::path& folder) {
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::string log : read_logs()) {
      std::transform(log.begin(), log.end(), log.begin(), [](unsigned char c) { return std::tolower(c); });
      if (name == log + ".log" || name == log + ".lo_") return true;
    }
  }
  return false;
}

// A site code as cmsim names its folders (logs/CAS, logs/P01, logs/CAS-SCP for a remote SCP).
bool looks_like_site_folder_name(const std::string& name) {
  const std::string code = name.size() == 7 && name.substr(3) == "-SCP" ? name.substr(0, 3) : name;
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](unsigned char c) { return std::isupper(c) || std::isdigit(c); });
}

// The site of a folder whose name says nothing (a real server's "Logs"): the SITE= of the
// first status message echoed in its logs (docs/modelling.md §12.1.4).
std::optional<std::string> site_from_status_messages(const SiteLogs& logs) {
  for (const auto& [name, read] : logs.logs)
    for (const LogEntry& e : read.entries) {
      const auto at = e.text.find(" SITE=");
      if (e.text.find("STATMSG:") == std::string::npos || at == std::string::npos) continue;
      const std::string code = e.text.substr(at + 6, 3);
      if (looks_like_site_folder_name(code)) return code;
    }
  return std::nullopt;
}

struct Folder {
  fs::path path;
  std::string site;  // empty: from the folder's name or its status messages
};

// LOGDIR is a site folder, or a folder of site folders, or CODE=FOLDER.
bool expand(const std::string& arg, std::vector<Folder>& folders, std::ostream& err) {
  Folder given;
  const auto eq = arg.find('=');
  if (eq != std::string::npos && looks_like_site_folder_name(arg.substr(0, eq))) {
    given.site = arg.substr(0, eq);
    given.path = arg.substr(eq + 1);
  } else {
    given.path = arg;
  }
  std::error_code ec;
  if (!fs::is_directory(given.path, ec)) {
    err << "calibrate: " << given.path.string() << ": "
        << (fs::exists(given.path, ec) ? "not a folder" : "no such folder")
        << " (expected a site server's log folder, a folder of them such as a run's logs/, or CODE=FOLDER)\n";
    return false;
  }
  if (has_known_log(given.path)) {
    folders.push_back(given);
    return true;
  }
  std::vector<fs::path> subfolders;
  for (fs::directory_iterator it(given.path, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec) && has_known_log(it->path())) subfolders.push_back(it->path());
  if (subfolders.empty()) {
    err << "calibrate: " << given.path.string()
        << ": no readable logs (expected sender.log, despool.log, distmgr.log, hman.log, CMUpdate.log or "
           "dmpdownloader.log, or their .lo_, in it or in its site folders)\n";
    return false;
  }
  std::sort(subfolders.begin(), subfolders.end());
  for (const fs::path& p : subfolders) folders.push_back(Folder{p, ""});
  return true;
}

std::string plural(std::size_t n, const char* word) { return std::string(word) + (n == 1 ? "" : "s"); }

void print_summary(const Calibration& c, const std::vector<reports::CalibrationInput>& inputs, std::size_t folders,
                   std::ostream& out) {
  std::size_t lines = 0, ignored = 0;
  for (const auto& in : inputs) lines += in.lines, ignored += in.ignored;
  out << "calibrate: read " << lines << " lines from " << inputs.size() << " logs in " << folders << " site folders ("
      << ignored << " lines in neither framing, ignored)\n";
  for (const Estimate& e : c.estimates) {
    const bool link = e.unit == EstimateUnit::bytes_per_s;
    auto show = [link](double v) { return link ? units::format_rate(v) : format_seconds(v); };
    out << "  " << e.key << " = " << e.value << " ("
        << (link ? "sendings got " + units::format_rate(e.number) + "; " : "") << e.spread.samples
        << (link ? plural(e.spread.samples, " busy period") + " of " + std::to_string(e.sendings) +
                       plural(e.sendings, " sending")
                 : plural(e.spread.samples, " sample"))
        << "; min " << show(e.spread.min) << ", median " << show(e.spread.median) << ", max " << show(e.spread.max)
        << ")\n";
  }
  for (const std::string& key : c.not_estimated) out << "  " << key << ": no sample in the logs, not set\n";
  for (const CalibrationSkip& s : c.skipped) out << "  left out: " << s.count << " " << s.what << '\n';
}

}  // namespace

int command_calibrate(const CalibrateRequest& request, std::ostream& out, std::ostream& err) {
  std::vector<Folder> folders;
  bool ok = true;
  for (const std::string& arg : request.dirs) ok = expand(arg, folders, err) && ok;  // every bad folder at once
  if (!ok) return kExitInvalidInput;
  std::vector<SiteLogs> sites;
  std::vector<reports::CalibrationInput> inputs;
  std::size_t entries = 0;
  for (const Folder& f : folders) {
    SiteLogs logs;
    logs.folder = f.path.string();
    for (const std::string& name : read_logs())
      if (auto read = read_log_files(f.path, name)) logs.logs.emplace(name, std::move(*read));
    const std::string folder_name = f.path.filename().string();
    logs.site = !f.site.empty()                            ? f.site
                : looks_like_site_folder_name(folder_name) ? folder_name
                                                           : site_from_status_messages(logs).value_or(folder_name);
    for (const auto& [name, read] : logs.logs) {
      inputs.push_back(reports::CalibrationInput{logs.site, name + ".log", read.files, read.lines, read.entries.size(),
                                                 read.ignored});
      entries += read.entries.size();
    }
    sites.push_back(std::move(logs));
  }
  if (entries == 0) {
    err << "calibrate: no readable log line in " << folders.size()
        << " folders (expected lines in the site-server or CMTrace framing, docs/modelling.md §12.1)\n";
    return kExitInvalidInput;
  }
  const SimulatedEngine engine{request.network_model, !request.no_crosstraffic};
  const auto calibration = calibrate(sites, engine);
  if (!calibration) {
    err << "calibrate: --network-model " << request.network_model.substr(0, 20)
        << ": no fixed share of bandwidth to calibrate for (expected LV08 or CM02)\n";
    return kExitInvalidInput;
  }
  const std::string json = reports::calibration_overlay_json(*calibration, engine, inputs);
  if (request.out_file.empty()) {
    out << json;
    print_summary(*calibration, inputs, folders.size(), err);
    return kExitOk;
  }
  try {
    const fs::path file(request.out_file);
    if (file.has_parent_path()) fs::create_directories(file.parent_path());
    reports::write_file_atomically(file, json);
  } catch (const std::exception& e) {
    err << "calibrate: --out " << request.out_file << ": cannot write the overlay: " << e.what() << '\n';
    return kExitInvalidInput;
  }
  print_summary(*calibration, inputs, folders.size(), out);
  out << "overlay: " << request.out_file << '\n';
  return kExitOk;
}

}  // namespace cmsim
