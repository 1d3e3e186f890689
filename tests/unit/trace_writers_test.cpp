// trace.json and trace.paje (docs/scenario.md §4.10) from a hand-built run: what a viewer
// finds in them (one process per site, the Show Status phases at their times, transfers on
// the route's rows, warnings), that the structure follows each format, and that user text
// cannot break either file.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/record_views.hpp"
#include "reports/trace_chrome.hpp"
#include "reports/trace_paje.hpp"
#include "reports/trace_timeline.hpp"
#include "tests/unit/report_html_sample.hpp"

namespace cmsim::reports {
namespace {

using Json = nlohmann::json;

Results sample() {
  Results r = test::sample_results(2, 3, 10);
  // Two sendings to P01 at once: they share the route, so they need two rows.
  r.transfers.push_back({"easy setup package 2409 part 1/2", "CAS", "P01", "CAS-P01", 4000, 700400.0, 700800.0, 1,
                         TransferStatus::ok, ""});
  r.transfers.push_back({"easy setup package 2409 part 2/2", "CAS", "P01", "CAS-P01", 6000, 700500.0, 701000.0, 2,
                         TransferStatus::failed, "link down"});
  return r;
}

// The process and thread names a Chrome trace gives, by id.
struct Names {
  std::map<int, std::string> process;
  std::map<std::pair<int, int>, std::string> thread;
  std::map<int, int> process_sort;
};

Names names_of(const Json& events) {
  Names n;
  for (const Json& e : events) {
    if (e["ph"] != "M") continue;
    if (e["name"] == "process_name") n.process[e["pid"]] = e["args"]["name"];
    if (e["name"] == "thread_name") n.thread[{e["pid"].get<int>(), e["tid"].get<int>()}] = e["args"]["name"];
    if (e["name"] == "process_sort_index") n.process_sort[e["pid"]] = e["args"]["sort_index"];
  }
  return n;
}

// The events on the thread named `thread` of the process named `process`.
std::vector<Json> on_thread(const Json& events, const std::string& process, const std::string& thread) {
  const Names n = names_of(events);
  std::vector<Json> out;
  for (const Json& e : events)
    if (e["ph"] != "M" && n.process.at(e["pid"]) == process && n.thread.at({e["pid"], e["tid"]}) == thread)
      out.push_back(e);
  return out;
}

TEST(TraceChrome, FollowsTheTraceEventFormat) {
  const Json doc = Json::parse(trace_chrome_text(sample()));
  EXPECT_EQ(doc["displayTimeUnit"], "ms");
  EXPECT_EQ(doc["otherData"]["scenario"], "html-sample");
  EXPECT_EQ(doc["otherData"]["start"], "2024-11-25T00:00:00Z");
  const Json& events = doc["traceEvents"];
  ASSERT_TRUE(events.is_array());
  const Names n = names_of(events);
  std::size_t slices = 0;
  std::size_t instants = 0;
  std::map<std::pair<int, int>, double> last_ts;
  for (const Json& e : events) {
    const std::string ph = e["ph"];
    ASSERT_TRUE(ph == "M" || ph == "X" || ph == "i") << e.dump();
    if (ph == "M") continue;
    // Every event sits on a named process and thread, in time order on its row.
    const std::pair<int, int> row{e["pid"], e["tid"]};
    EXPECT_TRUE(n.process.count(row.first)) << e.dump();
    EXPECT_TRUE(n.thread.count(row)) << e.dump();
    EXPECT_GE(e["ts"].get<double>(), last_ts[row]) << e.dump();
    last_ts[row] = e["ts"];
    EXPECT_GE(e["ts"].get<double>(), 0.0);
    if (ph == "X") {
      ++slices;
      EXPECT_GE(e["dur"].get<double>(), 0.0) << e.dump();
      EXPECT_LE(e["ts"].get<double>() + e["dur"].get<double>(), 90 * 86400.0 * 1e6) << e.dump();
    } else {
      ++instants;
      EXPECT_EQ(e["s"], "t");
    }
  }
  EXPECT_GT(slices, 50u);
  EXPECT_GT(instants, 0u);
}

TEST(TraceChrome, OneProcessPerSiteInTheHierarchysOrder) {
  const Results r = sample();
  const Names n = names_of(Json::parse(trace_chrome_text(r))["traceEvents"]);
  std::vector<std::string> sites;
  int last_sort = -1;
  for (const auto& [pid, name] : n.process)
    if (name.find(" (") != std::string::npos && name.find("service connection point") == std::string::npos) {
      sites.push_back(name);
      EXPECT_GT(n.process_sort.at(pid), last_sort);
      last_sort = n.process_sort.at(pid);
    }
  std::vector<std::string> expected;
  for (const SiteResult& s : r.sites) expected.push_back(s.code + " (" + s.type + ")");
  EXPECT_EQ(sites, expected);
  std::set<std::string> others;
  for (const auto& [pid, name] : n.process) others.insert(name);
  EXPECT_TRUE(others.count("hierarchy"));
  EXPECT_TRUE(others.count("cloud"));  // the sample has an internet fault
  EXPECT_TRUE(others.count("service connection point (CAS)"));
}

TEST(TraceChrome, ShowStatusPhasesAndStepsAtTheirTimes) {
  const Results r = sample();
  const Json events = Json::parse(trace_chrome_text(r))["traceEvents"];
  const UpdateSiteResult& p01 = r.updates[0].sites[1];
  ASSERT_EQ(p01.site, "P01");
  const std::vector<Json> phases = on_thread(events, "P01 (primary)", "2409 Show Status");
  ASSERT_EQ(phases.size(), p01.phases.size());
  for (std::size_t i = 0; i < phases.size(); ++i) {
    EXPECT_EQ(phases[i]["name"], to_string(p01.phases[i].phase));
    EXPECT_DOUBLE_EQ(phases[i]["ts"].get<double>(), p01.phases[i].start_t_s * 1e6);
    EXPECT_DOUBLE_EQ(phases[i]["dur"].get<double>(), (*p01.phases[i].end_t_s - p01.phases[i].start_t_s) * 1e6);
    EXPECT_EQ(phases[i]["args"]["status"], to_string(p01.phases[i].status));
  }
  EXPECT_EQ(phases[0]["args"]["open_at_end"], false);
  const std::vector<Json> steps = on_thread(events, "P01 (primary)", "2409 steps");
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.front()["name"], "Checking SQL Server version");
  // The CAS downloaded it: its Download phase leads its Show Status row.
  EXPECT_EQ(on_thread(events, "CAS (cas)", "2409 Show Status").front()["name"], "Download");
  // 2503's prerequisite check is still going: it runs to the end of the run.
  const std::vector<Json> stuck = on_thread(events, "CAS (cas)", "2503 Show Status");
  ASSERT_FALSE(stuck.empty());
  EXPECT_EQ(stuck.back()["name"], "Prerequisites Check");
  EXPECT_EQ(stuck.back()["args"]["open_at_end"], true);
  EXPECT_DOUBLE_EQ(stuck.back()["ts"].get<double>() + stuck.back()["dur"].get<double>(), r.duration_s * 1e6);
}

TEST(TraceChrome, OverlappingTransfersOnARouteGetARowEach) {
  const Json events = Json::parse(trace_chrome_text(sample()))["traceEvents"];
  const std::vector<Json> first = on_thread(events, "P01 (primary)", "CAS-P01");
  const std::vector<Json> second = on_thread(events, "P01 (primary)", "CAS-P01 (2)");
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(first[0]["name"], "easy setup package 2409 part 1/2");
  EXPECT_EQ(second[0]["args"]["outcome"], "failed");
  EXPECT_EQ(second[0]["args"]["bytes"], 6000);
  EXPECT_EQ(second[0]["args"]["attempts"], 2);
  // The cloud download is on the top tier's row of its route.
  EXPECT_EQ(on_thread(events, "CAS (cas)", "internet").size(), 1u);
  // The link fault of CAS-P02 is on P02's fault row.
  const std::vector<Json> faults = on_thread(events, "P02 (primary)", "CAS-P02 faults");
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0]["name"], "link_down");
}

TEST(TraceChrome, OnlyWarningsAndErrorsBecomeInstants) {
  const Results r = sample();
  const Json events = Json::parse(trace_chrome_text(r))["traceEvents"];
  std::size_t expected = 0;
  for (const StatusMessage& m : all_status_messages(r)) expected += m.severity != Severity::info ? 1 : 0;
  std::size_t found = 0;
  for (const Json& e : events)
    if (e["ph"] == "i" && e.contains("args") && e["args"].contains("severity")) {
      ++found;
      EXPECT_NE(e["args"]["severity"], "info");
    }
  EXPECT_EQ(found, expected);
  EXPECT_GT(found, 0u);
}

TEST(TraceChrome, UserTextCannotBreakTheJson) {
  Results r = sample();
  const std::string nasty = "say \"hi\"\\ \n\t</script> \xff end";
  r.raised.raise(StatusMessage{1000.0, "CAS", "SMS_X", 1, Severity::error, nasty});
  r.transfers.push_back({nasty, "CAS", "P01", "CAS-P01", 1, 10.0, 20.0, 1, TransferStatus::ok, ""});
  const Json events = Json::parse(trace_chrome_text(r))["traceEvents"];
  bool message = false;
  bool transfer = false;
  for (const Json& e : events) {
    if (e["ph"] == "i" && e["args"].value("text", "") == "say \"hi\"\\ \n\t</script> \xEF\xBF\xBD end") message = true;
    if (e["ph"] == "X" && e["name"] == "say \"hi\"\\ \n\t</script> \xEF\xBF\xBD end") transfer = true;
  }
  EXPECT_TRUE(message);
  EXPECT_TRUE(transfer);
}

// --- trace.paje

struct PajeLine {
  int event = -1;
  std::vector<std::string> fields;
};

// Splits an event line into fields: words, or "quoted strings".
PajeLine parse_line(const std::string& line) {
  PajeLine out;
  std::size_t i = 0;
  std::vector<std::string> words;
  while (i < line.size()) {
    if (line[i] == ' ') {
      ++i;
    } else if (line[i] == '"') {
      const std::size_t end = line.find('"', i + 1);
      words.push_back(line.substr(i + 1, end - i - 1));
      i = end == std::string::npos ? line.size() : end + 1;
    } else {
      const std::size_t end = std::min(line.find(' ', i), line.size());
      words.push_back(line.substr(i, end - i));
      i = end;
    }
  }
  if (words.empty()) return out;
  out.event = std::stoi(words[0]);
  out.fields.assign(words.begin() + 1, words.end());
  return out;
}

struct PajeFile {
  std::map<int, std::string> defined;  // event number -> name
  std::map<int, std::size_t> field_count;
  std::vector<PajeLine> lines;
};

PajeFile parse_paje(const std::string& text) {
  PajeFile f;
  std::istringstream in(text);
  std::string line;
  int current = -1;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("%EventDef ", 0) == 0) {
      std::istringstream words(line.substr(10));
      std::string name;
      words >> name >> current;
      f.defined[current] = name;
      f.field_count[current] = 0;
    } else if (line.rfind("%EndEventDef", 0) == 0) {
      current = -1;
    } else if (line[0] == '%') {
      ++f.field_count[current];
    } else {
      f.lines.push_back(parse_line(line));
    }
  }
  return f;
}

TEST(TracePaje, EveryEventIsDefinedAndTheEventsAreInTimeOrder) {
  const PajeFile f = parse_paje(trace_paje_text(sample()));
  ASSERT_FALSE(f.lines.empty());
  double last_t = 0;
  for (const PajeLine& l : f.lines) {
    ASSERT_TRUE(f.defined.count(l.event)) << l.event;
    EXPECT_EQ(l.fields.size(), f.field_count.at(l.event)) << f.defined.at(l.event);
    const std::string& name = f.defined.at(l.event);
    if (name.rfind("PajeDefine", 0) == 0) continue;
    const double t = std::stod(l.fields[0]);
    EXPECT_GE(t, last_t) << name;
    last_t = t;
  }
}

TEST(TracePaje, SitesHoldTheirServerAndTheRouteIntoThem) {
  const Results r = sample();
  const PajeFile f = parse_paje(trace_paje_text(r));
  std::map<std::string, std::pair<std::string, std::string>> containers;  // alias -> (type, parent)
  std::map<std::string, std::string> alias_of;                            // name -> alias
  std::vector<std::string> sites;
  for (const PajeLine& l : f.lines)
    if (f.defined.at(l.event) == "PajeCreateContainer") {
      // Time Alias Type Container Name
      containers[l.fields[1]] = {l.fields[2], l.fields[3]};
      alias_of[l.fields[4]] = l.fields[1];
      if (l.fields[2] == "SITE") sites.push_back(l.fields[4]);
    }
  std::vector<std::string> expected;
  for (const SiteResult& s : r.sites) expected.push_back(s.code);
  EXPECT_EQ(sites, expected);
  EXPECT_EQ(containers.at(alias_of.at("P01 site server")),
            (std::pair<std::string, std::string>{"SERVER", alias_of.at("P01")}));
  EXPECT_EQ(containers.at(alias_of.at("CAS-P01")), (std::pair<std::string, std::string>{"ROUTE", alias_of.at("P01")}));
  EXPECT_EQ(containers.at(alias_of.at("internet")).second, alias_of.at("CAS"));
}

TEST(TracePaje, BytesInFlightAddUpAndReturnToZero) {
  const PajeFile f = parse_paje(trace_paje_text(sample()));
  std::string route;
  for (const PajeLine& l : f.lines)
    if (f.defined.at(l.event) == "PajeCreateContainer" && l.fields[4] == "CAS-P01") route = l.fields[1];
  std::vector<std::pair<double, double>> bytes;  // (t, value)
  for (const PajeLine& l : f.lines)
    if (f.defined.at(l.event) == "PajeSetVariable" && l.fields[1] == "BYTES_IN_FLIGHT" && l.fields[2] == route)
      bytes.emplace_back(std::stod(l.fields[0]), std::stod(l.fields[3]));
  const std::vector<std::pair<double, double>> expected = {
      {0.0, 0.0}, {700400.0, 4000.0}, {700500.0, 10000.0}, {700800.0, 6000.0}, {701000.0, 0.0}};
  EXPECT_EQ(bytes, expected);
}

TEST(TracePaje, PhasesAreStatesOfTheSite) {
  const Results r = sample();
  const PajeFile f = parse_paje(trace_paje_text(r));
  std::map<std::string, std::string> value_name;  // alias -> name
  std::string p01;
  for (const PajeLine& l : f.lines) {
    if (f.defined.at(l.event) == "PajeDefineEntityValue") value_name[l.fields[0]] = l.fields[2];
    if (f.defined.at(l.event) == "PajeCreateContainer" && l.fields[4] == "P01") p01 = l.fields[1];
  }
  std::vector<std::pair<double, std::string>> shown;
  for (const PajeLine& l : f.lines) {
    const std::string& name = f.defined.at(l.event);
    if (l.fields.size() < 3 || l.fields[1] != "P0" || l.fields[2] != p01) continue;
    if (name == "PajeSetState") shown.emplace_back(std::stod(l.fields[0]), value_name.at(l.fields[3]));
    if (name == "PajePopState") shown.emplace_back(std::stod(l.fields[0]), "");
  }
  std::vector<std::pair<double, std::string>> expected;
  const ServicingStatus& phases = r.updates[0].sites[1].phases;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    expected.emplace_back(phases[i].start_t_s, to_string(phases[i].phase));
    const bool next_starts_at_end = i + 1 < phases.size() && phases[i + 1].start_t_s == *phases[i].end_t_s;
    if (!next_starts_at_end) expected.emplace_back(*phases[i].end_t_s, "");
  }
  EXPECT_EQ(shown, expected);
}

TEST(TracePaje, StringsAreQuotedWithoutBreakingTheLine) {
  EXPECT_EQ(paje_string("P01 site server"), "\"P01 site server\"");
  EXPECT_EQ(paje_string("say \"hi\"\nnow"), "\"say 'hi' now\"");
  Results r = sample();
  r.raised.raise(StatusMessage{1000.0, "CAS", "SMS_X", 1, Severity::error, "a \"b\"\nc"});
  const std::string text = trace_paje_text(r);
  EXPECT_NE(text.find("\"error 1 SMS_X: a 'b' c\""), std::string::npos);
}

TEST(TraceTimeline, OverlapsFlattenToTheLatestStarted) {
  using trace::Span;
  const std::vector<Span> spans = {{0, 10, false}, {5, 20, false}, {20, 30, false}, {40, 40, false}};
  const std::vector<trace::Shown> shown = trace::flatten(spans);
  ASSERT_EQ(shown.size(), 4u);
  EXPECT_EQ(shown[0].index, 0);
  EXPECT_EQ(shown[1].t_s, 5);
  EXPECT_EQ(shown[1].index, 1);
  EXPECT_EQ(shown[2].t_s, 20);
  EXPECT_EQ(shown[2].index, 2);  // hands over at 20 without a gap
  EXPECT_EQ(shown[3].t_s, 30);
  EXPECT_EQ(shown[3].index, -1);  // the empty span at 40 is never shown
  std::size_t lanes = 0;
  EXPECT_EQ(trace::assign_lanes(spans, lanes), (std::vector<std::size_t>{0, 1, 0, 0}));
  EXPECT_EQ(lanes, 2u);
  // A state that lasted no time (Available to download, then Downloading at once) keeps the
  // timeline on one row.
  EXPECT_EQ(trace::assign_lanes({{7, 7, false}, {7, 9, false}, {9, 12, true}}, lanes),
            (std::vector<std::size_t>{0, 0, 0}));
  EXPECT_EQ(lanes, 1u);
}

}  // namespace
}  // namespace cmsim::reports
