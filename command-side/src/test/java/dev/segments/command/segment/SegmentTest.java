package dev.segments.command.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.CommandRejectedException.Reason;
import dev.segments.events.segment.CreateSegmentCommand;
import dev.segments.events.segment.DeleteSegmentCommand;
import dev.segments.events.segment.PatchOperation;
import dev.segments.events.segment.PatchSegmentCommand;
import dev.segments.events.segment.SegmentActivatedEvent;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeactivatedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentStatus;
import dev.segments.events.segment.SegmentUpdatedEvent;
import dev.segments.events.segment.UpsertSegmentCommand;
import dev.segments.events.segment.Validity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link Segment} aggregate's command handlers: create, upsert, JSON Patch and delete, including every
 * rejection, the events each path appends and the {@link Change} it returns.
 */
class SegmentTest {

    private static final String TENANT = "acme";
    private static final String ID = "summer-sale";
    private static final String AGGREGATE_ID = "acme:summer-sale";
    private static final Instant EARLIER = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2024-04-17T08:00:00Z");

    private FixtureConfiguration<Segment> fixture;
    private final MovableClock clock = new MovableClock(NOW);
    private final List<String> assignmentLookups = new ArrayList<>();
    private boolean hasAssignments;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Segment.class);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(new SegmentPatcher());
        fixture.registerInjectableResource(new SegmentAssignments() {
            @Override
            public void lockForDelete(String tenant, String segmentId) {
                assignmentLookups.add("lock " + tenant + ":" + segmentId);
            }

            @Override
            public boolean exist(String tenant, String segmentId) {
                assignmentLookups.add("exist " + tenant + ":" + segmentId);
                return hasAssignments;
            }
        });
    }

    @Nested
    class Create {

        @Test
        void createsNewSegmentAtVersionOne() {
            fixture.givenNoPriorActivity()
                    .when(new CreateSegmentCommand(TENANT, ID, details()))
                    .expectEvents(new SegmentCreatedEvent(TENANT, ID, details(), 1, NOW))
                    .expectResultMessagePayload(new Change(ID, true, AGGREGATE_ID, 0));
        }

        @Test
        void createsDeletedSegmentAgainAtVersionOne() {
            SegmentDetails other = details(SegmentStatus.INACTIVE);
            fixture.given(created(), updated(details(), 2), deleted(false))
                    .when(new CreateSegmentCommand(TENANT, ID, other))
                    .expectEvents(new SegmentCreatedEvent(TENANT, ID, other, 1, NOW))
                    .expectResultMessagePayload(new Change(ID, true, AGGREGATE_ID, 3));
        }

        @Test
        void rejectsLiveIdAsAlreadyExisting() {
            fixture.given(created())
                    .when(new CreateSegmentCommand(TENANT, ID, details()))
                    .expectNoEvents()
                    .expectException(rejected(Reason.ALREADY_EXISTS));
        }

        @Test
        void rejectsInvalidDetailsWithoutEvents() {
            fixture.givenNoPriorActivity()
                    .when(new CreateSegmentCommand(TENANT, ID, withSiteCode(null)))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Field 'siteCode' is required.");
        }
    }

    @Nested
    class Upsert {

        @Test
        void createsMissingSegmentAtVersionOne() {
            fixture.givenNoPriorActivity()
                    .when(new UpsertSegmentCommand(TENANT, ID, details(), null))
                    .expectEvents(new SegmentCreatedEvent(TENANT, ID, details(), 1, NOW))
                    .expectResultMessagePayload(new Change(ID, true, AGGREGATE_ID, 0));
        }

        @Test
        void createsMissingSegmentWhateverVersionIsExpected() {
            fixture.givenNoPriorActivity()
                    .when(new UpsertSegmentCommand(TENANT, ID, details(), 7L))
                    .expectEvents(new SegmentCreatedEvent(TENANT, ID, details(), 1, NOW))
                    .expectResultMessagePayloadMatching(change(c -> c.created() && c.lastSequenceNumber() == 0));
        }

        @Test
        void updatesLiveSegmentToNextVersion() {
            SegmentDetails replacement = details(SegmentStatus.INACTIVE);
            fixture.given(created(), updated(details(), 2))
                    .when(new UpsertSegmentCommand(TENANT, ID, replacement, 2L))
                    .expectEvents(new SegmentUpdatedEvent(TENANT, ID, replacement, 3, NOW))
                    .expectResultMessagePayload(new Change(ID, false, AGGREGATE_ID, 2));
        }

        @Test
        void updatesWithoutVersionCheckWhenNoVersionIsExpected() {
            SegmentDetails replacement = details(SegmentStatus.INACTIVE);
            fixture.given(created(), updated(details(), 2))
                    .when(new UpsertSegmentCommand(TENANT, ID, replacement, null))
                    .expectEvents(new SegmentUpdatedEvent(TENANT, ID, replacement, 3, NOW))
                    .expectResultMessagePayload(new Change(ID, false, AGGREGATE_ID, 2));
        }

        @Test
        void rejectsStaleVersion() {
            fixture.given(created(), updated(details(), 2))
                    .when(new UpsertSegmentCommand(TENANT, ID, details(SegmentStatus.INACTIVE), 1L))
                    .expectNoEvents()
                    .expectException(rejected(Reason.STALE_VERSION));
        }

        @Test
        void rejectsVersionAheadOfCurrentAsStale() {
            fixture.given(created())
                    .when(new UpsertSegmentCommand(TENANT, ID, details(SegmentStatus.INACTIVE), 2L))
                    .expectNoEvents()
                    .expectException(rejected(Reason.STALE_VERSION));
        }

        @Test
        void createsDeletedSegmentAgainAtVersionOne() {
            fixture.given(created(), updated(details(), 2), deleted(true))
                    .when(new UpsertSegmentCommand(TENANT, ID, details(), 2L))
                    .expectEvents(new SegmentCreatedEvent(TENANT, ID, details(), 1, NOW))
                    .expectResultMessagePayload(new Change(ID, true, AGGREGATE_ID, 3));
        }

        @Test
        void rejectsInvalidDetailsWithoutEvents() {
            fixture.given(created())
                    .when(new UpsertSegmentCommand(TENANT, ID, withName(Map.of()), 1L))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID));
        }
    }

    @Nested
    class Patch {

        @Test
        void replacesStatus() {
            fixture.given(created())
                    .when(patch(new PatchOperation("replace", "/status", "INACTIVE")))
                    .expectEvents(new SegmentUpdatedEvent(TENANT, ID, details(SegmentStatus.INACTIVE), 2, NOW))
                    .expectResultMessagePayload(new Change(ID, false, AGGREGATE_ID, 1));
        }

        @Test
        void addsNameTranslation() {
            Map<String, String> names = new LinkedHashMap<>(details().name());
            names.put("de", "Sommerschlussverkauf");
            fixture.given(created(), updated(details(), 2))
                    .when(patch(new PatchOperation("add", "/name/de", "Sommerschlussverkauf")))
                    .expectEvents(new SegmentUpdatedEvent(TENANT, ID, withName(names), 3, NOW))
                    .expectResultMessagePayload(new Change(ID, false, AGGREGATE_ID, 2));
        }

        @Test
        void removesDescription() {
            SegmentDetails d = details();
            SegmentDetails expected = new SegmentDetails(d.name(), null, d.validity(), d.status(), d.siteCode(),
                    d.mixins(), d.metadataMixins());
            fixture.given(created())
                    .when(patch(new PatchOperation("remove", "/description", null)))
                    .expectEvents(new SegmentUpdatedEvent(TENANT, ID, expected, 2, NOW));
        }

        @Test
        void replacesMixinsPath() {
            SegmentDetails d = details();
            SegmentDetails expected = new SegmentDetails(d.name(), d.description(), d.validity(), d.status(),
                    d.siteCode(), Map.of("tags", List.of("vip", "summer"), "score", 3), d.metadataMixins());
            fixture.given(created())
                    .when(patch(new PatchOperation("replace", "/mixins/tags/1", "summer")))
                    .expectEvents(new SegmentUpdatedEvent(TENANT, ID, expected, 2, NOW));
        }

        @Test
        void rejectsUnknownOperation() {
            fixture.given(created())
                    .when(patch(new PatchOperation("move", "/status", "INACTIVE")))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage(
                            "Patch operation 1 has unsupported op 'move'; use add, remove or replace.");
        }

        @Test
        void rejectsPathThatIsNotAPointer() {
            fixture.given(created())
                    .when(patch(new PatchOperation("replace", "status", "INACTIVE")))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID));
        }

        @Test
        void rejectsPathThatDoesNotExist() {
            fixture.given(created())
                    .when(patch(new PatchOperation("replace", "/mixins/unknown/key", "x")))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID));
        }

        @Test
        void rejectsPatchOfId() {
            fixture.given(created())
                    .when(patch(new PatchOperation("replace", "/id", "other")))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID));
        }

        @Test
        void rejectsPatchOfServiceMetadata() {
            fixture.given(created())
                    .when(patch(new PatchOperation("replace", "/metadata/version", 9)))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID));
        }

        @Test
        void rejectsResultWithoutName() {
            fixture.given(created())
                    .when(patch(new PatchOperation("remove", "/name", null)))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Field 'name' is required and needs at least one translation.");
        }

        @Test
        void rejectsResultWithoutSiteCode() {
            fixture.given(created())
                    .when(patch(new PatchOperation("remove", "/siteCode", null)))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Field 'siteCode' is required.");
        }

        @Test
        void rejectsWholePatchWhenLaterOperationFails() {
            fixture.given(created())
                    .when(patch(new PatchOperation("replace", "/status", "INACTIVE"),
                            new PatchOperation("remove", "/mixins/missing", null)))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Patch operation 2 path '/mixins/missing' does not exist.");
        }

        @Test
        void rejectsPatchOfDeletedSegmentAsNotFound() {
            fixture.given(created(), deleted(false))
                    .when(patch(new PatchOperation("replace", "/status", "INACTIVE")))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND))
                    .expectExceptionMessage("The resource with id summer-sale has not been found.");
        }

        @Test
        void leavesUnknownSegmentToTheRepository() {
            // SegmentCommands turns this into NOT_FOUND
            fixture.givenNoPriorActivity()
                    .when(patch(new PatchOperation("replace", "/status", "INACTIVE")))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class Delete {

        @Test
        void deletesLiveSegment() {
            fixture.given(created())
                    .when(new DeleteSegmentCommand(TENANT, ID, false))
                    .expectEvents(new SegmentDeletedEvent(TENANT, ID, false, NOW))
                    .expectResultMessagePayload(new Change(ID, false, AGGREGATE_ID, 1));
            assertThat(assignmentLookups).containsExactly("lock " + AGGREGATE_ID, "exist " + AGGREGATE_ID);
        }

        @Test
        void rejectsSegmentWithAssignments() {
            hasAssignments = true;
            fixture.given(created())
                    .when(new DeleteSegmentCommand(TENANT, ID, false))
                    .expectNoEvents()
                    .expectException(rejected(Reason.HAS_ASSIGNMENTS));
        }

        @Test
        void forceDeletesSegmentWithAssignmentsUnderTheSameLock() {
            hasAssignments = true;
            fixture.given(created(), updated(details(), 2))
                    .when(new DeleteSegmentCommand(TENANT, ID, true))
                    .expectEvents(new SegmentDeletedEvent(TENANT, ID, true, NOW))
                    .expectResultMessagePayload(new Change(ID, false, AGGREGATE_ID, 2));
            // a forced delete locks out assignment writes too, before its event is appended
            assertThat(assignmentLookups).containsExactly("lock " + AGGREGATE_ID);
        }

        @Test
        void appendsNothingForDeletedSegment() {
            hasAssignments = true;
            fixture.given(created(), deleted(false))
                    .when(new DeleteSegmentCommand(TENANT, ID, false))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(change(c -> !c.created() && !c.appended()
                            && c.lastSequenceNumber() == -1 && AGGREGATE_ID.equals(c.aggregateId())));
            assertThat(assignmentLookups).isEmpty();
        }

        @Test
        void leavesUnknownSegmentToTheRepository() {
            // SegmentCommands turns this into an idempotent success
            fixture.givenNoPriorActivity()
                    .when(new DeleteSegmentCommand(TENANT, ID, false))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    /**
     * Activation: a segment is active while its status is ACTIVE and now lies inside its validity window. Writes
     * record a change of that in the same command; a window that opens or closes with no request is raised by the
     * deadline scheduled at the boundary.
     */
    @Nested
    class Activation {

        private static final Instant JUNE = Instant.parse("2024-06-01T00:00:00Z");
        private static final Instant SEPTEMBER = Instant.parse("2024-09-01T00:00:00Z");

        @Test
        void createsActiveSegmentInsideItsWindowAsActivatedAndSchedulesTheClosingBoundary() {
            SegmentDetails open = withValidity(EARLIER, SEPTEMBER);
            fixture.givenNoPriorActivity()
                    .when(new CreateSegmentCommand(TENANT, ID, open))
                    .expectEvents(new SegmentCreatedEvent(TENANT, ID, open, 1, NOW),
                            new SegmentActivatedEvent(TENANT, ID, NOW))
                    .expectResultMessagePayload(new Change(ID, true, AGGREGATE_ID, 1))
                    .expectScheduledDeadline(SEPTEMBER, new ValidityBoundary(SEPTEMBER))
                    .expectNoScheduledDeadline(EARLIER, new ValidityBoundary(EARLIER));
        }

        @Test
        void createsSegmentBeforeItsWindowInactiveAndSchedulesBothBoundaries() {
            fixture.givenNoPriorActivity()
                    .when(new CreateSegmentCommand(TENANT, ID, details()))
                    .expectEvents(new SegmentCreatedEvent(TENANT, ID, details(), 1, NOW))
                    .expectScheduledDeadline(JUNE, new ValidityBoundary(JUNE))
                    .expectScheduledDeadline(SEPTEMBER, new ValidityBoundary(SEPTEMBER));
        }

        @Test
        void schedulesNothingForAnInactiveSegment() {
            fixture.givenNoPriorActivity()
                    .when(new CreateSegmentCommand(TENANT, ID, details(SegmentStatus.INACTIVE)))
                    .expectEvents(new SegmentCreatedEvent(TENANT, ID, details(SegmentStatus.INACTIVE), 1, NOW))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void activatesWhenTheWindowOpensAndDeactivatesWhenItClosesWithNoRequest() {
            fixture.givenCommands(new CreateSegmentCommand(TENANT, ID, details()))
                    .whenThenTimeAdvancesTo(JUNE)
                    .expectEvents(new SegmentActivatedEvent(TENANT, ID, JUNE))
                    .expectTriggeredDeadlines(new ValidityBoundary(JUNE));
            fixture.givenCommands(new CreateSegmentCommand(TENANT, ID, details()))
                    .whenThenTimeAdvancesTo(SEPTEMBER)
                    .expectEvents(new SegmentActivatedEvent(TENANT, ID, JUNE),
                            new SegmentDeactivatedEvent(TENANT, ID, SEPTEMBER));
        }

        @Test
        void recordsTheTimeOfDecisionWhenABoundaryFiresLate() {
            SegmentDetails open = withValidity(JUNE, null);
            var executor = fixture.givenCommands(new CreateSegmentCommand(TENANT, ID, open));
            Instant later = JUNE.plusSeconds(3600);
            clock.set(later);
            executor.whenThenTimeAdvancesTo(later)
                    .expectEvents(new SegmentActivatedEvent(TENANT, ID, later));
        }

        @Test
        void ignoresAWindowThatOpenedAndClosedWhileNoNodeRan() {
            var executor = fixture.givenCommands(new CreateSegmentCommand(TENANT, ID, details()));
            clock.set(SEPTEMBER.plusSeconds(60));
            executor.whenThenTimeAdvancesTo(SEPTEMBER.plusSeconds(60))
                    .expectNoEvents()
                    .expectTriggeredDeadlines(new ValidityBoundary(JUNE), new ValidityBoundary(SEPTEMBER));
        }

        @Test
        void schedulesEachBoundaryOnceWhenAnUpdateKeepsTheWindow() {
            fixture.givenCommands(new CreateSegmentCommand(TENANT, ID, details()),
                            new UpsertSegmentCommand(TENANT, ID, withName(Map.of("en", "Renamed")), null))
                    .whenThenTimeAdvancesTo(JUNE)
                    .expectEvents(new SegmentActivatedEvent(TENANT, ID, JUNE))
                    .expectTriggeredDeadlines(new ValidityBoundary(JUNE));
        }

        @Test
        void aStaleBoundaryOfAnEditedWindowChangesNothing() {
            Instant july = Instant.parse("2024-07-01T00:00:00Z");
            fixture.givenCommands(new CreateSegmentCommand(TENANT, ID, details()),
                            patch(new PatchOperation("replace", "/validity/from", july.toString())))
                    .whenThenTimeAdvancesTo(july)
                    .expectEvents(new SegmentActivatedEvent(TENANT, ID, july))
                    .expectTriggeredDeadlines(new ValidityBoundary(JUNE), new ValidityBoundary(july));
        }

        @Test
        void aBoundaryOfASegmentSwitchedOffChangesNothing() {
            fixture.givenCommands(new CreateSegmentCommand(TENANT, ID, details()),
                            patch(new PatchOperation("replace", "/status", "INACTIVE")))
                    .whenThenTimeAdvancesTo(JUNE)
                    .expectNoEvents();
        }

        @Test
        void switchingAnActiveSegmentOffDeactivatesItInTheSameCommand() {
            SegmentDetails open = withValidity(EARLIER, null);
            SegmentDetails off = new SegmentDetails(open.name(), open.description(), open.validity(),
                    SegmentStatus.INACTIVE, open.siteCode(), open.mixins(), open.metadataMixins());
            fixture.given(new SegmentCreatedEvent(TENANT, ID, open, 1, EARLIER),
                            new SegmentActivatedEvent(TENANT, ID, EARLIER))
                    .when(new UpsertSegmentCommand(TENANT, ID, off, 1L))
                    .expectEvents(new SegmentUpdatedEvent(TENANT, ID, off, 2, NOW),
                            new SegmentDeactivatedEvent(TENANT, ID, NOW))
                    .expectResultMessagePayload(new Change(ID, false, AGGREGATE_ID, 3));
        }

        @Test
        void movingTheWindowAroundNowActivatesInTheSameCommand() {
            fixture.given(created())
                    .when(patch(new PatchOperation("replace", "/validity/from", EARLIER.toString())))
                    .expectEvents(new SegmentUpdatedEvent(TENANT, ID, withValidity(EARLIER, SEPTEMBER), 2, NOW),
                            new SegmentActivatedEvent(TENANT, ID, NOW));
        }

        @Test
        void deletingAnActiveSegmentDeactivatesItFirst() {
            SegmentDetails open = withValidity(EARLIER, null);
            fixture.given(new SegmentCreatedEvent(TENANT, ID, open, 1, EARLIER),
                            new SegmentActivatedEvent(TENANT, ID, EARLIER))
                    .when(new DeleteSegmentCommand(TENANT, ID, true))
                    .expectEvents(new SegmentDeactivatedEvent(TENANT, ID, NOW),
                            new SegmentDeletedEvent(TENANT, ID, true, NOW));
        }

        @Test
        void aBoundaryOfADeletedSegmentChangesNothing() {
            fixture.givenCommands(new CreateSegmentCommand(TENANT, ID, details()),
                            new DeleteSegmentCommand(TENANT, ID, false))
                    .whenThenTimeAdvancesTo(JUNE)
                    .expectNoEvents();
        }

        @Test
        void boundaryEventsCarryTheSchedulerAsCaller() {
            fixture.givenCommands(new CreateSegmentCommand(TENANT, ID, details()))
                    .whenThenTimeAdvancesTo(JUNE)
                    .expectTriggeredDeadlinesMatching(Matchers.listWithAllOf(Matchers.predicate(deadline ->
                            Segment.SCHEDULER_CALLER.equals(deadline.getMetaData().get("caller"))
                                    && TENANT.equals(deadline.getMetaData().get("tenant")))));
        }

        private static SegmentDetails withValidity(Instant from, Instant to) {
            SegmentDetails d = details();
            return new SegmentDetails(d.name(), d.description(), new Validity(from, to), d.status(), d.siteCode(),
                    d.mixins(), d.metadataMixins());
        }
    }

    private static PatchSegmentCommand patch(PatchOperation... operations) {
        return new PatchSegmentCommand(TENANT, ID, List.of(operations));
    }

    private static SegmentCreatedEvent created() {
        return new SegmentCreatedEvent(TENANT, ID, details(), 1, EARLIER);
    }

    private static SegmentUpdatedEvent updated(SegmentDetails details, long version) {
        return new SegmentUpdatedEvent(TENANT, ID, details, version, EARLIER);
    }

    private static SegmentDeletedEvent deleted(boolean forced) {
        return new SegmentDeletedEvent(TENANT, ID, forced, EARLIER);
    }

    private static SegmentDetails details() {
        return details(SegmentStatus.ACTIVE);
    }

    private static SegmentDetails details(SegmentStatus status) {
        return new SegmentDetails(Map.of("en", "Summer sale"), Map.of("en", "Customers buying in summer"),
                new Validity(Instant.parse("2024-06-01T00:00:00Z"), Instant.parse("2024-09-01T00:00:00Z")),
                status, "main-site", Map.of("tags", List.of("vip", "new"), "score", 3),
                Map.of("tagging", "https://schemas.example.com/tagging"));
    }

    private static SegmentDetails withName(Map<String, String> name) {
        SegmentDetails d = details();
        return new SegmentDetails(name, d.description(), d.validity(), d.status(), d.siteCode(), d.mixins(),
                d.metadataMixins());
    }

    private static SegmentDetails withSiteCode(String siteCode) {
        SegmentDetails d = details();
        return new SegmentDetails(d.name(), d.description(), d.validity(), d.status(), siteCode, d.mixins(),
                d.metadataMixins());
    }

    private static Matcher<Object> rejected(Reason reason) {
        return Matchers.predicate(e -> e instanceof CommandRejectedException r && r.reason() == reason);
    }

    private static Matcher<Object> change(Predicate<Change> condition) {
        return Matchers.predicate(p -> p instanceof Change c && condition.test(c));
    }
}
