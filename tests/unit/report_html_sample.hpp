// Hand-built Results for the report.html tests (unit and browser): a hierarchy of any size
// with two updates (one rolled out with a failure and stragglers, one stuck half way, so
// many times are null), fault windows of every kind, an SCP that goes offline, status
// messages and expectations that pass and fail. No simulator involved.
#pragma once

#include <cstddef>
#include <string>

#include "models/results.hpp"

namespace cmsim::test {

// Three-character site codes for the n-th secondary: S00, S01, ... ZZZ in base 36 (10,367
// codes), skipping "SMS", the only reserved name in that range (docs/modelling.md §2).
inline std::string secondary_code(std::size_t n) {
  static const char* kDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  constexpr std::size_t kSms = 22 * 36 + 28;  // "SMS": M = 22, S = 28
  if (n >= kSms) ++n;
  return {static_cast<char>('S' + n / 1296), kDigits[n / 36 % 36], kDigits[n % 36]};
}

inline std::string primary_code(std::size_t n) { return "P" + std::string(n < 9 ? "0" : "") + std::to_string(n + 1); }

inline void add_sites(Results& r, std::size_t primaries, std::size_t secondaries) {
  r.sites.push_back({"CAS", "cas", "", "2403", "2409", {{"2409", 800000.0}}});
  for (std::size_t p = 0; p < primaries; ++p)
    r.sites.push_back({primary_code(p), "primary", "CAS", "2403", "2409", {{"2409", 900000.0 + 3600.0 * p}}});
  for (std::size_t s = 0; s < secondaries; ++s) {
    const bool upgraded = s % 7 != 3;  // some secondaries are never upgraded by the admin
    r.sites.push_back(
        {secondary_code(s), "secondary", primary_code(s % primaries), "2403", upgraded ? "2409" : "2403", {}});
  }
}

// Show Status of one site for 2409, from its milestones: CAS and primaries replicate, check
// prerequisites (P01 with a warning), install and finish post installation; P02's database
// upgrade fails. Secondaries check and install; the ones never upgraded show no phase.
inline ServicingStatus sample_phases(const SiteResult& s, const UpdateSiteResult& us) {
  ServicingStatus phases;
  const auto step = [](const char* name, double start, double end, PhaseStatus status) {
    return ServicingStep{name, start, end, status};
  };
  if (s.type != "secondary") {
    phases.push_back({ServicingPhase::replication, 700400.0, us.content_replicated_t_s, PhaseStatus::complete, {}});
    const PhaseStatus prereq = s.code == "P01" ? PhaseStatus::completed_with_warning : PhaseStatus::complete;
    phases.push_back({ServicingPhase::prerequisites_check,
                      *us.content_replicated_t_s,
                      us.prereq_done_t_s,
                      prereq,
                      {step("Checking SQL Server version", *us.content_replicated_t_s, *us.prereq_done_t_s, prereq)}});
  } else if (us.installed_t_s) {
    phases.push_back({ServicingPhase::prerequisites_check, 950000.0, us.prereq_done_t_s, PhaseStatus::complete, {}});
  }
  if (!us.install_started_t_s) return phases;
  const double start = *us.install_started_t_s;
  if (s.code == "P02") {
    phases.push_back({ServicingPhase::installation,
                      start,
                      start + 1800,
                      PhaseStatus::failed,
                      {step("Stop ConfigMgr services", start, start + 600, PhaseStatus::complete),
                       step("Upgrade ConfigMgr database", start + 600, start + 1800, PhaseStatus::failed)}});
    return phases;
  }
  const double end = *us.installed_t_s;
  phases.push_back({ServicingPhase::installation,
                    start,
                    end - 1200,
                    PhaseStatus::complete,
                    {step("Stop ConfigMgr services", start, start + 600, PhaseStatus::complete),
                     step("Install files", start + 600, end - 1200, PhaseStatus::complete)}});
  phases.push_back({ServicingPhase::post_installation,
                    end - 1200,
                    end,
                    PhaseStatus::complete,
                    {step("Installing SMS_EXECUTIVE service", end - 1200, end - 600, PhaseStatus::complete),
                     step("Turning on Features", end - 600, end, PhaseStatus::complete)}});
  return phases;
}

// 2409 reaches every site; one primary fails its install, every 7th secondary is never
// upgraded. 2503 is downloaded and replicated to the first sites only; the CAS's
// prerequisite check is still going and needs attention.
inline void add_updates(Results& r) {
  UpdateResult u{"2409",
                 "Configuration Manager 2409",
                 "3B7D84FA-ECCC-4EA0-B8AB-ABBDA1E88E0E",
                 700000.0,
                 700400.0,
                 786800.0,
                 905000.0,
                 std::nullopt,
                 UpdateState::installed,
                 {},
                 {},
                 {},
                 {}};
  for (std::size_t i = 0; i < r.sites.size(); ++i) {
    const SiteResult& s = r.sites[i];
    const double k = static_cast<double>(i);
    UpdateSiteResult us{
        s.code, 700400.0 + 600 * k, 701000.0 + 600 * k, std::nullopt, std::nullopt, UpdateState::ready_to_install, {},
        {}};
    if (s.type != "secondary") {
      us.install_started_t_s = 786800.0 + 3600 * k;
      us.installed_t_s = 800000.0 + 3600 * k;
      us.state = UpdateState::installed;
    } else if (s.final_version == "2409") {
      us.content_replicated_t_s = std::nullopt;  // secondaries get no easy setup package
      us.prereq_done_t_s = 960000.0 + 10 * k;
      us.install_started_t_s = 990000.0 + 10 * k;
      us.installed_t_s = 1000000.0 + 10 * k;
      us.state = UpdateState::installed;
    }
    if (s.code == "P02") {
      us.installed_t_s = std::nullopt;
      us.state = UpdateState::failed;
    }
    us.phases = sample_phases(s, us);
    u.sites.push_back(us);
  }
  u.download = PhaseRecord{ServicingPhase::download,
                           700000.0,
                           700400.0,
                           PhaseStatus::complete,
                           {{"Downloading update package", 700000.0, 700300.0, PhaseStatus::complete},
                            {"Extracting update package", 700300.0, 700400.0, PhaseStatus::complete}}};
  u.downloaded_at = "CAS";
  r.updates.push_back(u);
  UpdateResult stuck{"2503",
                     "Configuration Manager 2503",
                     "5F6E0C1D-0000-4000-8000-000000000002",
                     5000000.0,
                     std::nullopt,
                     std::nullopt,
                     std::nullopt,
                     std::nullopt,
                     UpdateState::downloading,
                     {},
                     {},
                     {},
                     {}};
  stuck.sites.push_back(
      {"CAS", 5001000.0, std::nullopt, std::nullopt, std::nullopt, UpdateState::checking_prerequisites, {}, {}});
  stuck.sites.back().phases = {
      {ServicingPhase::replication, 5000900.0, 5001000.0, PhaseStatus::complete, {}},
      {ServicingPhase::prerequisites_check,
       5001000.0,
       std::nullopt,
       PhaseStatus::needs_attention,
       {{"Checking free disk space", 5001000.0, 5001100.0, PhaseStatus::completed_with_warning},
        {"Checking SQL Server Service Broker", 5001100.0, std::nullopt, PhaseStatus::in_progress}}}};
  stuck.download = PhaseRecord{ServicingPhase::download, 5000000.0, 5000900.0, PhaseStatus::complete, {}};
  stuck.downloaded_at = "CAS";
  r.updates.push_back(stuck);
  r.updates.push_back({"2509",
                       "",
                       "",
                       std::nullopt,
                       std::nullopt,
                       std::nullopt,
                       std::nullopt,
                       std::nullopt,
                       UpdateState::available_to_download,
                       {},
                       {},
                       {},
                       {}});
}

inline void add_scp_and_faults(Results& r) {
  r.scp.site = "CAS";
  r.scp.modes = {{0.0, "online", "online", "start"},
                 {3456000.0, "offline", "online", "set_scp_mode"},
                 {3542400.0, "offline", "offline", "SMS_DMP_DOWNLOADER restart"}};
  for (int day = 0; day < 40; ++day)
    r.scp.checks.push_back({300.0 + 86400.0 * day, "online", day == 12 ? CheckOutcome::failed : CheckOutcome::ok,
                            day == 12 ? "proxy returned 407" : "", day >= 8 ? "2409" : ""});
  r.faults = {{2592000.0, 2613600.0, FaultKind::link_down, "CAS-P02", ""},
              {1036800.0, 1123200.0, FaultKind::internet_fault, "internet", "proxy_status 407"},
              {950000.0, 980000.0, FaultKind::site_down, "P01", "random"},
              {7000000.0, std::nullopt, FaultKind::link_degrade, "CAS-P01", "4Mbps"}};
  r.db_links = {{0.0, "CAS-P01", ReplicationLinkState::being_configured},
                {600.0, "CAS-P01", ReplicationLinkState::active},
                {600.0, "CAS-P02", ReplicationLinkState::active},
                {2600000.0, "CAS-P02", ReplicationLinkState::degraded},
                {2610000.0, "CAS-P02", ReplicationLinkState::failed}};
}

inline void add_messages(Results& r, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i)
    r.raised.raise(StatusMessage{300.0 + 3600.0 * static_cast<double>(i), i % 3 ? "CAS" : "P01", "SMS_DMP_DOWNLOADER",
                                 i % 5 == 0 ? 11488 : 620,
                                 i % 5 == 0 ? Severity::error
                                 : i % 2    ? Severity::warning
                                            : Severity::info,
                                 "Message " + std::to_string(i)});
  r.transfers.push_back(
      {"payload 2409", "internet", "CAS", "internet", 967280807, 700000.0, 700042.0, 1, TransferStatus::ok, ""});
  r.raised.raise(ComponentStatusChange{300.0, "CAS", "SMS_DMP_DOWNLOADER", ComponentStatus::critical});
}

inline Results sample_results(std::size_t primaries, std::size_t secondaries, std::size_t messages = 40) {
  Results r;
  r.scenario = "html-sample";
  r.seed = 11;
  r.start_unix_s = 1732492800;  // 2024-11-25T00:00:00Z
  r.duration_s = 90 * 86400.0;
  r.engine.version = "3.32";
  r.engine.network_model = "LV08";
  add_sites(r, primaries, secondaries);
  add_updates(r);
  add_scp_and_faults(r);
  add_messages(r, messages);
  r.expectations = {{"all-on-2409", "site_version", false, "S03 is on 2403, expected 2409 by +30d"},
                    {"scp-offline", "effective_mode", true, "offline at +41d"}};
  return r;
}

}  // namespace cmsim::test
