package dev.greenlight.workflows.catalog;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Scheduled verification of a host's backup catalog: restore tests of the newest backup and,
 * rolling, of every retained one (see {@link VerificationSelection}), each compared with the
 * baseline in its manifest and with the RTO, recorded in the catalog, failures told to the war
 * room. Started by a Temporal Schedule ({@code greenlight verify-schedule create}) once per run, or
 * as a timer loop ({@code verify-schedule run --loop}) where the server has no Schedules.
 */
@WorkflowInterface
public interface BackupVerificationWorkflow {

  /** The workflow type a Schedule's action names. */
  String TYPE = "BackupsScheduledVerification";

  /** A failed check fails a single run with this type (a loop goes on). */
  String CHECK_FAILED = "BackupCheckFailed";

  @WorkflowMethod(name = TYPE)
  VerificationReport verify(VerificationRequest request);
}
