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
import dev.segments.events.item.AssignItemCommand;
import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.ItemAssignmentUpdatedEvent;
import dev.segments.events.item.ItemType;
import dev.segments.events.item.ItemUnassignedEvent;
import dev.segments.events.item.UnassignItemCommand;
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
 * The {@link ItemAssignment} aggregate's command handlers for PRODUCT and CATEGORY assignments: assign (create
 * or update), unassign, the live-segment check against a mocked {@link SegmentRegistry}, version checks and
 * mixin limits, with the events each path appends and the {@link Change} it returns.
 */
class ItemAssignmentTest {

    private static final String TENANT = "acme";
    private static final String SEGMENT = "summer-sale";
    private static final long GENERATION = 2;
    private static final String ITEM = "item-1";
    private static final Instant EARLIER = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2024-04-17T08:00:00Z");
    private static final Map<String, Object> MIXINS = Map.of("tags", List.of("vip", "new"), "score", 3);
    private static final Map<String, Object> METADATA_MIXINS =
            Map.of("tagging", "https://schemas.example.com/tagging");
    private static final Map<String, Object> OTHER_MIXINS = Map.of("score", 5);

    private FixtureConfiguration<ItemAssignment> fixture;
    private SegmentRegistry registry;

    @BeforeEach
    void setUp() {
        registry = mock(SegmentRegistry.class);
        when(registry.lockLive(TENANT, SEGMENT, GENERATION)).thenReturn(true);
        fixture = new AggregateTestFixture<>(ItemAssignment.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(registry);
    }

    @Nested
    class Assign {

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void createsAssignmentAtVersionOne(ItemType type) {
            ItemAssignmentIdentity id = identity(type);
            fixture.givenNoPriorActivity()
                    .when(assign(id, MIXINS, METADATA_MIXINS, null))
                    .expectEvents(new ItemAssignedEvent(TENANT, SEGMENT, GENERATION, type, ITEM, MIXINS,
                            METADATA_MIXINS, 1, NOW))
                    .expectResultMessagePayload(new Change(ITEM, true, id.aggregateId(), 0));
            verify(registry).lockLive(TENANT, SEGMENT, GENERATION);
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void createsMissingAssignmentWhateverVersionIsExpected(ItemType type) {
            ItemAssignmentIdentity id = identity(type);
            fixture.givenNoPriorActivity()
                    .when(assign(id, null, null, 7L))
                    .expectEvents(assignedEvent(id, null, null, NOW))
                    .expectResultMessagePayload(new Change(ITEM, true, id.aggregateId(), 0));
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void updatesLiveAssignmentToNextVersion(ItemType type) {
            ItemAssignmentIdentity id = identity(type);
            fixture.given(assigned(id), updated(id, 2))
                    .when(assign(id, OTHER_MIXINS, null, 2L))
                    .expectEvents(updatedEvent(id, OTHER_MIXINS, null, 3, NOW))
                    .expectResultMessagePayload(new Change(ITEM, false, id.aggregateId(), 2));
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void updatesWithoutVersionCheckWhenNoVersionIsExpected(ItemType type) {
            ItemAssignmentIdentity id = identity(type);
            fixture.given(assigned(id))
                    .when(assign(id, OTHER_MIXINS, METADATA_MIXINS, null))
                    .expectEvents(updatedEvent(id, OTHER_MIXINS, METADATA_MIXINS, 2, NOW))
                    .expectResultMessagePayload(new Change(ITEM, false, id.aggregateId(), 1));
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void rejectsStaleVersion(ItemType type) {
            ItemAssignmentIdentity id = identity(type);
            fixture.given(assigned(id), updated(id, 2))
                    .when(assign(id, OTHER_MIXINS, null, 1L))
                    .expectNoEvents()
                    .expectException(rejected(Reason.STALE_VERSION))
                    .expectExceptionMessage("The resource you are attempting to access has changed.");
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void rejectsVersionAheadOfCurrentAsStale(ItemType type) {
            ItemAssignmentIdentity id = identity(type);
            fixture.given(assigned(id))
                    .when(assign(id, OTHER_MIXINS, null, 2L))
                    .expectNoEvents()
                    .expectException(rejected(Reason.STALE_VERSION));
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void createsUnassignedAssignmentAgainAtVersionOne(ItemType type) {
            ItemAssignmentIdentity id = identity(type);
            fixture.given(assigned(id), updated(id, 2), unassigned(id))
                    .when(assign(id, OTHER_MIXINS, null, 2L))
                    .expectEvents(assignedEvent(id, OTHER_MIXINS, null, NOW))
                    .expectResultMessagePayload(new Change(ITEM, true, id.aggregateId(), 3));
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void updatesReassignedAssignmentFromVersionOne(ItemType type) {
            ItemAssignmentIdentity id = identity(type);
            fixture.given(assigned(id), updated(id, 2), unassigned(id), assigned(id))
                    .when(assign(id, OTHER_MIXINS, null, 1L))
                    .expectEvents(updatedEvent(id, OTHER_MIXINS, null, 2, NOW))
                    .expectResultMessagePayload(new Change(ITEM, false, id.aggregateId(), 4));
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void rejectsNewAssignmentToSegmentThatIsNotLive(ItemType type) {
            segmentIsNotLive();
            fixture.givenNoPriorActivity()
                    .when(assign(identity(type), MIXINS, null, null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND))
                    .expectExceptionMessage("The resource with id summer-sale has not been found.");
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void rejectsUpdateInSegmentThatIsNotLive(ItemType type) {
            segmentIsNotLive();
            ItemAssignmentIdentity id = identity(type);
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
                    .when(assign(identity(ItemType.PRODUCT), MIXINS, null, null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND));
            verify(registry).lockLive(TENANT, SEGMENT, GENERATION);
        }

        @Test
        void checksSegmentBeforeMixins() {
            segmentIsNotLive();
            fixture.givenNoPriorActivity()
                    .when(assign(identity(ItemType.CATEGORY), nested(FreeForm.MAX_DEPTH + 1), null,
                            null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND));
        }
    }

    @Nested
    class Mixins {

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void acceptsMixinsNestedUpToTheDepthLimit(ItemType type) {
            Map<String, Object> deep = nested(FreeForm.MAX_DEPTH);
            fixture.givenNoPriorActivity()
                    .when(assign(identity(type), deep, deep, null))
                    .expectEvents(assignedEvent(identity(type), deep, deep, NOW));
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void rejectsMixinsNestedTooDeeply(ItemType type) {
            fixture.givenNoPriorActivity()
                    .when(assign(identity(type), nested(FreeForm.MAX_DEPTH + 1), null, null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Field 'mixins' is nested deeper than 16 levels.");
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void rejectsMetadataMixinsNestedTooDeeply(ItemType type) {
            fixture.givenNoPriorActivity()
                    .when(assign(identity(type), MIXINS, nested(FreeForm.MAX_DEPTH + 1), null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Field 'metadata.mixins' is nested deeper than 16 levels.");
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void rejectsMixinsLargerThanTheSizeLimit(ItemType type) {
            fixture.givenNoPriorActivity()
                    .when(assign(identity(type), oversized(), METADATA_MIXINS, null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Field 'mixins' is larger than 64 KB (65536 bytes of JSON).");
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void rejectsMetadataMixinsLargerThanTheSizeLimit(ItemType type) {
            fixture.givenNoPriorActivity()
                    .when(assign(identity(type), MIXINS, oversized(), null))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID))
                    .expectExceptionMessage("Field 'metadata.mixins' is larger than 64 KB (65536 bytes of JSON).");
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void rejectsOversizedMixinsOnUpdate(ItemType type) {
            ItemAssignmentIdentity id = identity(type);
            fixture.given(assigned(id))
                    .when(assign(id, oversized(), null, 1L))
                    .expectNoEvents()
                    .expectException(rejected(Reason.INVALID));
        }

        @Test
        void acceptsMixinsJustUnderTheSizeLimit() {
            Map<String, Object> large = Map.of("blob", "x".repeat(FreeForm.MAX_SIZE - 100));
            ItemAssignmentIdentity id = identity(ItemType.PRODUCT);
            fixture.givenNoPriorActivity()
                    .when(assign(id, large, null, null))
                    .expectEvents(assignedEvent(id, large, null, NOW));
        }
    }

    @Nested
    class Unassign {

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void removesLiveAssignment(ItemType type) {
            ItemAssignmentIdentity id = identity(type);
            fixture.given(assigned(id), updated(id, 2))
                    .when(new UnassignItemCommand(id))
                    .expectEvents(new ItemUnassignedEvent(TENANT, SEGMENT, GENERATION, type, ITEM, NOW))
                    .expectResultMessagePayload(new Change(ITEM, false, id.aggregateId(), 2));
            verify(registry).lockLive(TENANT, SEGMENT, GENERATION);
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void appendsNothingForUnassignedAssignment(ItemType type) {
            ItemAssignmentIdentity id = identity(type);
            fixture.given(assigned(id), unassigned(id))
                    .when(new UnassignItemCommand(id))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Change(ITEM, false, id.aggregateId(), -1));
        }

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void rejectsUnassignInSegmentThatIsNotLive(ItemType type) {
            segmentIsNotLive();
            ItemAssignmentIdentity id = identity(type);
            fixture.given(assigned(id))
                    .when(new UnassignItemCommand(id))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND))
                    .expectExceptionMessage("The resource with id summer-sale has not been found.");
        }

        @Test
        void rejectsUnassignOfUnassignedAssignmentInSegmentThatIsNotLive() {
            segmentIsNotLive();
            ItemAssignmentIdentity id = identity(ItemType.CATEGORY);
            fixture.given(assigned(id), unassigned(id))
                    .when(new UnassignItemCommand(id))
                    .expectNoEvents()
                    .expectException(rejected(Reason.NOT_FOUND));
        }

        @Test
        void leavesUnknownAssignmentToTheRepository() {
            // AssignmentCommands turns this into an idempotent success
            fixture.givenNoPriorActivity()
                    .when(new UnassignItemCommand(identity(ItemType.PRODUCT)))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class Identity {

        @ParameterizedTest
        @EnumSource(ItemType.class)
        void aggregateIdDiffersPerGeneration(ItemType type) {
            assertThat(new ItemAssignmentIdentity(TENANT, SEGMENT, 1, type, ITEM).aggregateId())
                    .isNotEqualTo(new ItemAssignmentIdentity(TENANT, SEGMENT, 2, type, ITEM).aggregateId());
        }

        @Test
        void aggregateIdIncludesGenerationAndType() {
            assertThat(new ItemAssignmentIdentity(TENANT, SEGMENT, 1, ItemType.PRODUCT, ITEM).aggregateId())
                    .isEqualTo("acme:summer-sale:1:item:PRODUCT:item-1");
            assertThat(new ItemAssignmentIdentity(TENANT, SEGMENT, 2, ItemType.CATEGORY, ITEM).aggregateId())
                    .isEqualTo("acme:summer-sale:2:item:CATEGORY:item-1");
        }

        @Test
        void productAndCategoryWithTheSameIdAreSeparateAggregates() {
            assertThat(identity(ItemType.PRODUCT).aggregateId()).isNotEqualTo(identity(ItemType.CATEGORY)
                    .aggregateId());
        }

        @Test
        void assignmentKeyIgnoresGeneration() {
            assertThat(new ItemAssignmentIdentity(TENANT, SEGMENT, 1, ItemType.PRODUCT, ITEM).assignmentKey())
                    .isEqualTo(new ItemAssignmentIdentity(TENANT, SEGMENT, 2, ItemType.PRODUCT, ITEM)
                            .assignmentKey())
                    .isEqualTo("item:PRODUCT:item-1");
        }
    }

    private void segmentIsNotLive() {
        when(registry.lockLive(anyString(), anyString(), anyLong())).thenReturn(false);
    }

    private static ItemAssignmentIdentity identity(ItemType type) {
        return new ItemAssignmentIdentity(TENANT, SEGMENT, GENERATION, type, ITEM);
    }

    private static AssignItemCommand assign(ItemAssignmentIdentity id, Map<String, Object> mixins,
                                            Map<String, Object> metadataMixins, Long expectedVersion) {
        return new AssignItemCommand(id, mixins, metadataMixins, expectedVersion);
    }

    private static ItemAssignedEvent assignedEvent(ItemAssignmentIdentity id, Map<String, Object> mixins,
                                                   Map<String, Object> metadataMixins, Instant at) {
        return new ItemAssignedEvent(id.tenant(), id.segmentId(), id.generation(), id.type(), id.itemId(), mixins,
                metadataMixins, 1, at);
    }

    private static ItemAssignmentUpdatedEvent updatedEvent(ItemAssignmentIdentity id, Map<String, Object> mixins,
                                                           Map<String, Object> metadataMixins, long version,
                                                           Instant at) {
        return new ItemAssignmentUpdatedEvent(id.tenant(), id.segmentId(), id.generation(), id.type(), id.itemId(),
                mixins, metadataMixins, version, at);
    }

    private static ItemAssignedEvent assigned(ItemAssignmentIdentity id) {
        return assignedEvent(id, MIXINS, METADATA_MIXINS, EARLIER);
    }

    private static ItemAssignmentUpdatedEvent updated(ItemAssignmentIdentity id, long version) {
        return updatedEvent(id, MIXINS, METADATA_MIXINS, version, EARLIER);
    }

    private static ItemUnassignedEvent unassigned(ItemAssignmentIdentity id) {
        return new ItemUnassignedEvent(id.tenant(), id.segmentId(), id.generation(), id.type(), id.itemId(),
                EARLIER);
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
