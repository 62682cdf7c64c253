package dev.greenlight.workflows.status;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * What an {@code apply} step did, file by file, in the order they ran: what a rollback decision
 * looks at. {@code historyTable} is the target's schema history table that records them.
 */
@JsonTypeName("apply")
public record ApplyResult(String historyTable, List<AppliedFile> files) implements StepResult {

  public ApplyResult {
    files = List.copyOf(files);
  }

  public long count(FileState state) {
    return files.stream().filter(f -> f.state() == state).count();
  }

  @Override
  public String summary() {
    long applied = count(FileState.APPLIED);
    long already = count(FileState.ALREADY_APPLIED);
    long millis = files.stream().mapToLong(AppliedFile::millis).sum();
    StringBuilder text =
        new StringBuilder()
            .append(applied)
            .append(" of ")
            .append(files.size())
            .append(files.size() == 1 ? " file applied" : " files applied");
    if (already > 0) {
      text.append(", ").append(already).append(" already applied");
    }
    text.append(" in ").append(AppliedFile.took(millis));
    files.stream()
        .filter(f -> f.state() == FileState.FAILED || f.state() == FileState.INTERRUPTED)
        .forEach(f -> text.append("; ").append(f.describe()));
    long pending = count(FileState.PENDING);
    if (pending > 0 && applied + already < files.size()) {
      text.append("; ").append(pending).append(pending == 1 ? " file not run" : " files not run");
    }
    return text.append(" (").append(historyTable).append(')').toString();
  }

  @Override
  public List<String> details() {
    return files.stream().map(file -> file.describe() + "  sha256 " + file.sha256()).toList();
  }
}
