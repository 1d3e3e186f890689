// How things ended and how bad they were, as the results record keeps them: one enum per
// kind of outcome and one spelling each, the words report.json and the CSVs have always used.
#pragma once

namespace cmsim {

// A log line's or a status message's severity (the console's Information, Warning, Error).
enum class Severity { info, warning, error };

// A component's status in the Component Status node.
enum class ComponentStatus { ok, warning, critical };

// How a recorded transfer ended.
enum class TransferStatus {
  ok,
  failed,      // the sending failed; the sender may queue it again as a new row
  cancelled,   // the server it ran on went down under it
  incomplete,  // still running when the simulation ended
};

// How one SMS_DMP_DOWNLOADER check ended.
enum class CheckOutcome {
  ok,
  failed,
  skipped,      // offline: the console's check does nothing
  interrupted,  // SMS_DMP_DOWNLOADER stopped mid-check
  incomplete,   // still running when the simulation ended
};

// A database replication link's state as the console's Monitoring node shows it.
enum class ReplicationLinkState { active, degraded, failed, being_configured };

// What an injected fault window does.
enum class FaultKind { link_down, link_degrade, site_down, internet_fault };

// How an expand_to_cas request stands.
enum class ExpansionStatus { waiting_for_scp, completed, refused };

const char* to_string(Severity severity);
const char* to_string(ExpansionStatus status);
const char* to_string(ReplicationLinkState state);
const char* to_string(FaultKind kind);
const char* to_string(ComponentStatus status);
const char* to_string(TransferStatus status);
const char* to_string(CheckOutcome outcome);

// critical is worse than warning is worse than ok.
inline bool worse(ComponentStatus a, ComponentStatus b) { return static_cast<int>(a) > static_cast<int>(b); }

}  // namespace cmsim
