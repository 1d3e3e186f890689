#include "outcomes.hpp"

namespace cmsim {

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "?";
}

const char* to_string(ComponentStatus status) {
  switch (status) {
    case ComponentStatus::ok:
      return "ok";
    case ComponentStatus::warning:
      return "warning";
    case ComponentStatus::critical:
      return "critical";
  }
  return "?";
}

const char* to_string(TransferStatus status) {
  switch (status) {
    case TransferStatus::ok:
      return "ok";
    case TransferStatus::failed:
      return "failed";
    case TransferStatus::cancelled:
      return "cancelled";
    case TransferStatus::incomplete:
      return "incomplete";
  }
  return "?";
}

const char* to_string(CheckOutcome outcome) {
  switch (outcome) {
    case CheckOutcome::ok:
      return "ok";
    case CheckOutcome::failed:
      return "failed";
    case CheckOutcome::skipped:
      return "skipped";
    case CheckOutcome::interrupted:
      return "interrupted";
    case CheckOutcome::incomplete:
      return "incomplete";
  }
  return "?";
}

const char* to_string(ExpansionStatus status) {
  switch (status) {
    case ExpansionStatus::waiting_for_scp:
      return "waiting_for_scp";
    case ExpansionStatus::completed:
      return "completed";
    case ExpansionStatus::refused:
      return "refused";
  }
  return "?";
}

const char* to_string(ReplicationLinkState state) {
  switch (state) {
    case ReplicationLinkState::active:
      return "active";
    case ReplicationLinkState::degraded:
      return "degraded";
    case ReplicationLinkState::failed:
      return "failed";
    case ReplicationLinkState::being_configured:
      return "being_configured";
  }
  return "?";
}

const char* to_string(FaultKind kind) {
  switch (kind) {
    case FaultKind::link_down:
      return "link_down";
    case FaultKind::link_degrade:
      return "link_degrade";
    case FaultKind::site_down:
      return "site_down";
    case FaultKind::internet_fault:
      return "internet_fault";
  }
  return "?";
}

}  // namespace cmsim
