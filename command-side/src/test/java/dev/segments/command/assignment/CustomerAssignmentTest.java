package dev.segments.command.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.segments.command.Change;
import dev.segments.command.CommandRejectedException;
import dev.segments.command.CommandRejectedException.Reason;
import dev.segments.command.FreeForm;
import dev.segments.command.segment.SegmentRegistry;
import dev.segments.events.assignment.AssignCustomerCommand;
import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.assignment.CustomerAssignmentUpdatedEvent;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.assignment.UnassignCustomerCommand;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link CustomerAssignment} aggregate's command handlers for B2C and B2B assignments: assign (create or
 * update), unassign, the live-segment check against a mocked {@link SegmentRegistry}, version checks and
 * mixin limits, with the events each path appends and the {@link Change} it returns.
 */
class CustomerAssignmentTest {

    private static final String TENANT = "acme";
    private static final String SEGMENT = "summer-sale";
    private static final long GENERATION = 2;
    private static final String CUSTOMER = "customer-1";
    private static final String LEGAL_ENTITY = "legal-entity-1";
    private static final Instant EARLIER = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2024-04-17T08:00:00Z");
    private static final Map<String, Object> MIXINS = Map.of("tags", List.of("vip", "new"), "score", 3);
    private static final Map<String, Object> METADATA_MIXINS =
            Map.of("tagging", "https://schemas.example.com/tagging");
    private static final Map<String, Object> OTHER_MIXINS = Map.of("score", 5);

    /** The two shapes of a customer assignment. */
    enum Kind {
        B2C(null),
        B2B(LEGAL_ENTITY);

        private final String legalEntityId;

        Kind(String legalEntityId) {
            this.legalEntityId = legalEntityId;
        }

        CustomerAssignmentIdentity identity() {
            return new CustomerAssignmentIdentity(TENANT, SEGMENT, GENERATION, CUSTOMER, legalEntityId);
        }
    }

    private FixtureConfiguration<CustomerAssignment> fixture;
    private SegmentRegistry registry;

    @BeforeEach
    void setUp() {
        registry = mock(SegmentRegistry.class);
        when(registry.lockLive(TENANT, SEGMENT, GENERATION)).thenReturn(true);
        fixture = new AggregateTestFixture<>(CustomerAssignment.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(registry);
    }

    @Nested
    class Assign {

        @Test
        void createsB2cAssignmentAtVersionOne() {
            CustomerAssignmentIdentity id = Kind.B2C.identity();
            fixture.givenNoPriorActivity()
                    .when(assign(id, MIXINS, METADATA_MIXINS, null))
                    .expectEvents(new CustomerAssignedEvent(TENANT, SEGMENT, GENERATION, CUSTOMER, null, MIXINS,
                            METADATA_MIXINS, 1, NOW))
                    .expectResultMessagePayload(new Change(CUSTOMER, true, id.aggregateId(), 0));
            verify(registry).lockLive(TENANT, SEGMENT, GENERATION);
        }

        @Test
        void createsB2bAssignmentAtVersionOne() {
            CustomerAssignmentIdentity id = Kind.B2B.identity();
            fixture.givenNoPriorActivity()
                    .when(assign(id, MIXINS, METADATA_MIXINS, null))
                    .expectEvents(new CustomerAssignedEvent(TENANT, SEGMENT, GENERATION, CUSTOMER, LEGAL_ENTITY,
                            MIXINS, METADATA_MIXINS, 1, NOW))
                    .expectResultMessagePayload(new Change(CUSTOMER, true, id.aggregateId(), 0));
            verify(registry).lockLive(TENANT, SEGMENT, GENERATION);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void createsMissingAssignmentWhateverVersionIsExpected(Kind kind) {
            fixture.givenNoPriorActivity()
                    .when(assign(kind.identity(), null, null, 7L))
                    .expectEvents(assignedEvent(kind.identity(), null, null, NOW))
                    .expectResultMessagePayload(new Change(CUSTOMER, true, kind.identity().aggregateId(), 0));
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void updatesLiveAssignmentToNextVersion(Kind kind) {
            CustomerAssignmentIdentity id = kind.identity();
            fixture.given(assigned(id), updated(id, 2))
                    .when(assign(id, OTHER_MIXINS, null, 2L))
                    .expectEvents(updatedEvent(id, OTHER_MIXINS, null, 3, NOW))
                    .expectResultMessagePayload(new Change(CUSTOMER, false, id.aggregateId(), 2));
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void updatesWithoutVersionCheckWhenNoVersionIsExpected(Kind kind) {
            CustomerAssignmentIdentity id = kind.identity();
            fixture.given(assigned(id))
                    .when(assign(id, OTHER_MIXINS, METADATA_MIXINS, null))
                    .expectEvents(updatedEvent(id, OTHER_MIXINS, METADATA_MIXINS, 2, NOW))
                    .expectResultMessagePayload(new Change(CUSTOMER, false, id.aggregateId(), 1));
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void rejectsStaleVersion(Kind kind) {
            CustomerAssignmentIdentity id = kind.identity();
            fixture.given(assigned(id), updated(id, 2))
                    .when(assign(id, OTHER_MIXINS, null, 1L))
                    .expectNoEvents()
                    .expectException(rejected(Reason.STALE_VERSION))
                    .expectExceptionMessage("The resource you are attempting to access has changed.");
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void rejectsVersionAheadOfCurrentAsStale(Kind kind) {
            CustomerAssignmentIdentity id = kind.identity();
            fixture.given(assigned(id))
                    .when(assign(id, OTHER_MIXINS, null, 2L))
                    .expectNoEvents()
                    .expectException(rejected(Reason.STALE_VERSION));
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void createsUnassignedAssignmentAgainAtVersionOne(Kind kind) {
            CustomerAssignmentIdentity id = kind.identity();
            fixture.given(assigned(id), updated(id, 2), unassigned(id))
                    .when(assign(id, OTHER_MIXINS, null, 2L))
                    .expectEvents(assignedEvent(id, OTHER_MIXINS, null, NOW))
                    .expectResultMessagePayload(new Change(CUSTOMER, true, id.aggregateId(), 3));
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void updatesReassignedAssignmentFromVersionOne(Kind kind) {
            CustomerAssignmentIdentity id = kind.identity();
            fixture.given(assigned(id), updated(id, 2), unassigned(id), assigned(id))
                    .when(assign(id, OTHER_MIXINS, null, 1L))
                    .expectEvents(updatedEvent(id, OTHER_MIXINS, null, 2, NOW))
                    .expectResultMessagePayload(new Change(CUSTOMER, false, id.aggregateId(), 4));
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void rejectsNewAssignmentToSegmentThatIsNotLive(Kind kind) {
            segmentIsNotLive();
            fixture.givenNoPriorActivity()
                    .when(assign(kind.identity(), MIXINS, null, null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND))
                    .expectExceptionMessage("The resource with id summer-sale has not been found.");
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void rejectsUpdateInSegmentThatIsNotLive(Kind kind) {
            segmentIsNotLive();
            CustomerAssignmentIdentity id = kind.identity();
            fixture.given(assigned(id))
                    .when(assign(id, OTHER_MIXINS, null, 1L))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND));
        }

        @Test
        void rejectsAssignmentWhenOnlyAnotherGenerationIsLive() {
            when(registry.lockLive(TENANT, SEGMENT, GENERATION)).thenReturn(false);
            when(registry.lockLive(TENANT, SEGMENT, GENERATION - 1)).thenReturn(true);
            fixture.givenNoPriorActivity()
                    .when(assign(Kind.B2B.identity(), MIXINS, null, null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND));
            verify(registry).lockLive(TENANT, SEGMENT, GENERATION);
        }

        @Test
        void checksSegmentBeforeMixins() {
            segmentIsNotLive();
            fixture.givenNoPriorActivity()
                    .when(assign(Kind.B2C.identity(), nested(FreeForm.MAX_DEPTH + 1), null, null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND));
        }
    }

    @Nested
    class Mixins {

        @ParameterizedTest
        @EnumSource(Kind.class)
        void acceptsMixinsNestedUpToTheDepthLimit(Kind kind) {
            Map<String, Object> deep = nested(FreeForm.MAX_DEPTH);
            fixture.givenNoPriorActivity()
                    .when(assign(kind.identity(), deep, deep, null))
                    .expectEvents(assignedEvent(kind.identity(), deep, deep, NOW));
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void rejectsMixinsNestedTooDeeply(Kind kind) {
            fixture.givenNoPriorActivity()
                    .when(assign(kind.identity(), nested(FreeForm.MAX_DEPTH + 1), null, null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Field 'mixins' is nested deeper than 16 levels.");
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void rejectsMetadataMixinsNestedTooDeeply(Kind kind) {
            fixture.givenNoPriorActivity()
                    .when(assign(kind.identity(), MIXINS, nested(FreeForm.MAX_DEPTH + 1), null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Field 'metadata.mixins' is nested deeper than 16 levels.");
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void rejectsMixinsLargerThanTheSizeLimit(Kind kind) {
            fixture.givenNoPriorActivity()
                    .when(assign(kind.identity(), oversized(), METADATA_MIXINS, null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Field 'mixins' is larger than 64 KB (65536 bytes of JSON).");
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void rejectsMetadataMixinsLargerThanTheSizeLimit(Kind kind) {
            fixture.givenNoPriorActivity()
                    .when(assign(kind.identity(), MIXINS, oversized(), null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Field 'metadata.mixins' is larger than 64 KB (65536 bytes of JSON).");
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void rejectsOversizedMixinsOnUpdate(Kind kind) {
            CustomerAssignmentIdentity id = kind.identity();
            fixture.given(assigned(id))
                    .when(assign(id, oversized(), null, 1L))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID));
        }

        @Test
        void acceptsMixinsJustUnderTheSizeLimit() {
            Map<String, Object> large = Map.of("blob", "x".repeat(FreeForm.MAX_SIZE - 100));
            fixture.givenNoPriorActivity()
                    .when(assign(Kind.B2C.identity(), large, null, null))
                    .expectEvents(assignedEvent(Kind.B2C.identity(), large, null, NOW));
        }
    }

    @Nested
    class Unassign {

        @ParameterizedTest
        @EnumSource(Kind.class)
        void removesLiveAssignment(Kind kind) {
            CustomerAssignmentIdentity id = kind.identity();
            fixture.given(assigned(id), updated(id, 2))
                    .when(new UnassignCustomerCommand(id))
                    .expectEvents(new CustomerUnassignedEvent(TENANT, SEGMENT, GENERATION, CUSTOMER,
                            kind.legalEntityId, NOW))
                    .expectResultMessagePayload(new Change(CUSTOMER, false, id.aggregateId(), 2));
            verify(registry).lockLive(TENANT, SEGMENT, GENERATION);
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void appendsNothingForUnassignedAssignment(Kind kind) {
            CustomerAssignmentIdentity id = kind.identity();
            fixture.given(assigned(id), unassigned(id))
                    .when(new UnassignCustomerCommand(id))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Change(CUSTOMER, false, id.aggregateId(), -1));
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void rejectsUnassignInSegmentThatIsNotLive(Kind kind) {
            segmentIsNotLive();
            CustomerAssignmentIdentity id = kind.identity();
            fixture.given(assigned(id))
                    .when(new UnassignCustomerCommand(id))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND))
                    .expectExceptionMessage("The resource with id summer-sale has not been found.");
        }

        @Test
        void rejectsUnassignOfUnassignedAssignmentInSegmentThatIsNotLive() {
            segmentIsNotLive();
            CustomerAssignmentIdentity id = Kind.B2B.identity();
            fixture.given(assigned(id), unassigned(id))
                    .when(new UnassignCustomerCommand(id))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND));
        }

        @Test
        void leavesUnknownAssignmentToTheRepository() {
            // AssignmentCommands turns this into an idempotent success
            fixture.givenNoPriorActivity()
                    .when(new UnassignCustomerCommand(Kind.B2C.identity()))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class Identity {

        @Test
        void aggregateIdDiffersPerGeneration() {
            for (String legalEntity : new String[] {null, LEGAL_ENTITY}) {
                String first = new CustomerAssignmentIdentity(TENANT, SEGMENT, 1, CUSTOMER, legalEntity)
                        .aggregateId();
                String second = new CustomerAssignmentIdentity(TENANT, SEGMENT, 2, CUSTOMER, legalEntity)
                        .aggregateId();
                assertThat(first).isNotEqualTo(second);
            }
        }

        @Test
        void aggregateIdIncludesGenerationAndLegalEntity() {
            assertThat(new CustomerAssignmentIdentity(TENANT, SEGMENT, 1, CUSTOMER, null).aggregateId())
                    .isEqualTo("acme:summer-sale:1:customer:customer-1");
            assertThat(new CustomerAssignmentIdentity(TENANT, SEGMENT, 2, CUSTOMER, LEGAL_ENTITY).aggregateId())
                    .isEqualTo("acme:summer-sale:2:customer:customer-1:legal-entity-1");
        }

        @Test
        void assignmentKeyIgnoresGeneration() {
            assertThat(new CustomerAssignmentIdentity(TENANT, SEGMENT, 1, CUSTOMER, LEGAL_ENTITY).assignmentKey())
                    .isEqualTo(new CustomerAssignmentIdentity(TENANT, SEGMENT, 2, CUSTOMER, LEGAL_ENTITY)
                            .assignmentKey())
                    .isEqualTo("customer:customer-1:legal-entity-1");
        }

        @Test
        void b2cAndB2bAssignmentsAreSeparateAggregates() {
            assertThat(Kind.B2C.identity().aggregateId()).isNotEqualTo(Kind.B2B.identity().aggregateId());
        }
    }

    private void segmentIsNotLive() {
        when(registry.lockLive(anyString(), anyString(), anyLong())).thenReturn(false);
    }

    private static AssignCustomerCommand assign(CustomerAssignmentIdentity id, Map<String, Object> mixins,
                                                Map<String, Object> metadataMixins, Long expectedVersion) {
        return new AssignCustomerCommand(id, mixins, metadataMixins, expectedVersion);
    }

    private static CustomerAssignedEvent assignedEvent(CustomerAssignmentIdentity id, Map<String, Object> mixins,
                                                       Map<String, Object> metadataMixins, Instant at) {
        return new CustomerAssignedEvent(id.tenant(), id.segmentId(), id.generation(), id.customerId(),
                id.legalEntityId(), mixins, metadataMixins, 1, at);
    }

    private static CustomerAssignmentUpdatedEvent updatedEvent(CustomerAssignmentIdentity id,
                                                               Map<String, Object> mixins,
                                                               Map<String, Object> metadataMixins, long version,
                                                               Instant at) {
        return new CustomerAssignmentUpdatedEvent(id.tenant(), id.segmentId(), id.generation(), id.customerId(),
                id.legalEntityId(), mixins, metadataMixins, version, at);
    }

    private static CustomerAssignedEvent assigned(CustomerAssignmentIdentity id) {
        return assignedEvent(id, MIXINS, METADATA_MIXINS, EARLIER);
    }

    private static CustomerAssignmentUpdatedEvent updated(CustomerAssignmentIdentity id, long version) {
        return updatedEvent(id, MIXINS, METADATA_MIXINS, version, EARLIER);
    }

    private static CustomerUnassignedEvent unassigned(CustomerAssignmentIdentity id) {
        return new CustomerUnassignedEvent(id.tenant(), id.segmentId(), id.generation(), id.customerId(),
                id.legalEntityId(), EARLIER);
    }

    /** An object whose innermost object sits at the given depth (1 is a flat object). */
    private static Map<String, Object> nested(int depth) {
        Map<String, Object> value = Map.of("leaf", "value");
        for (int level = 1; level < depth; level++) {
            value = Map.of("child", value);
        }
        return value;
    }

    private static Map<String, Object> oversized() {
        return Map.of("blob", "x".repeat(FreeForm.MAX_SIZE));
    }

    private static Matcher<Object> rejected(Reason reason) {
        return Matchers.predicate(e -> e instanceof CommandRejectedException r && r.reason() == reason);
    }
}
