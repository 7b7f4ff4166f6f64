package dev.segments.events.item;

import java.util.List;

/** One page of item assignments; {@code total} only when it was asked for. */
public record ItemAssignmentPageResponse(List<ItemAssignmentResponse> assignments, Long total) {
}
