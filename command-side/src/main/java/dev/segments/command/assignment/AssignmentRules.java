package dev.segments.command.assignment;

import dev.segments.command.CommandRejectedException;
import dev.segments.command.FreeForm;
import dev.segments.command.segment.SegmentRegistry;
import java.util.Map;

/** The rules every kind of assignment shares. */
final class AssignmentRules {

    private AssignmentRules() {
    }

    /** The segment must be live in the addressed generation; its registry row stays share-locked. */
    static void requireLiveSegment(SegmentRegistry registry, String tenant, String segmentId, long generation) {
        if (!registry.lockLive(tenant, segmentId, generation)) {
            throw CommandRejectedException.notFound(segmentId);
        }
    }

    static void checkMixins(Map<String, Object> mixins, Map<String, Object> metadataMixins) {
        for (Map.Entry<String, Map<String, Object>> field : Map.of("mixins", nullSafe(mixins), "metadata.mixins",
                nullSafe(metadataMixins)).entrySet()) {
            String problem = FreeForm.problem(field.getValue());
            if (problem != null) {
                throw CommandRejectedException.invalid("Field '" + field.getKey() + "' " + problem);
            }
        }
    }

    static void checkVersion(Long expectedVersion, long version) {
        if (expectedVersion != null && expectedVersion != version) {
            throw new CommandRejectedException(CommandRejectedException.Reason.STALE_VERSION,
                    "The resource you are attempting to access has changed.");
        }
    }

    private static Map<String, Object> nullSafe(Map<String, Object> value) {
        return value == null ? Map.of() : value;
    }
}
