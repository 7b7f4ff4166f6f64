package dev.segments.events.assignment;

import java.util.List;

/** One page of customer assignments; {@code total} only when it was asked for. */
public record CustomerAssignmentPageResponse(List<CustomerAssignmentResponse> assignments, Long total) {
}
