package dev.segments.query.consistency;

import java.util.List;
import java.util.Map;

/**
 * What a consistency check found: how many rows it compared per projection, the event store position it
 * compared against, the divergences (at most {@value ConsistencyCheck#MAX_LISTED} listed, all counted), and
 * how many it repaired.
 */
public record ConsistencyReport(String tenant, long position, Map<String, Long> checked, long divergenceCount,
                                List<Divergence> divergences, long repaired) {
}
