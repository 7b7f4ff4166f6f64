package dev.segments.command.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segments.command.consistency.ProcessorPositions.Snapshot;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

class ProcessorPositionsTest {

    private static final String VIEW = "segment-projection";
    private static final String OTHER = "customer-assignment-projection";

    @Test
    void processorWithoutTokensHasNoPositionAndCoversNothing() {
        Snapshot snapshot = snapshot(Map.of(VIEW, List.of()));

        assertThat(snapshot.position(VIEW)).isEqualTo(-1);
        assertThat(snapshot.covers(0)).isFalse();
    }

    @Test
    void unclaimedSegmentWithoutTokenHoldsEverythingBack() {
        Snapshot snapshot = snapshot(Map.of(VIEW, Arrays.asList(token(50), null)));

        assertThat(snapshot.position(VIEW)).isEqualTo(-1);
        assertThat(snapshot.covers(10)).isFalse();
    }

    @Test
    void coversEventsUpToTheIndex() {
        Snapshot snapshot = snapshot(Map.of(VIEW, List.of(token(10))));

        assertThat(snapshot.position(VIEW)).isEqualTo(10);
        assertThat(snapshot.covers(10)).isTrue();
        assertThat(snapshot.covers(11)).isFalse();
    }

    @Test
    void eventInAGapIsNotCoveredButEventsAroundItAre() {
        Snapshot snapshot = snapshot(Map.of(VIEW, List.of(token(10, 5, 7))));

        assertThat(snapshot.position(VIEW)).as("complete only below the oldest gap").isEqualTo(4);
        assertThat(snapshot.covers(5)).isFalse();
        assertThat(snapshot.covers(7)).isFalse();
        // another writer's open transaction below our event does not hold our response back
        assertThat(snapshot.covers(6)).isTrue();
        assertThat(snapshot.covers(10)).isTrue();
    }

    @Test
    void everySegmentMustHavePassedTheEvent() {
        Snapshot snapshot = snapshot(Map.of(VIEW, List.of(token(20), token(8))));

        assertThat(snapshot.position(VIEW)).isEqualTo(8);
        assertThat(snapshot.covers(8)).isTrue();
        assertThat(snapshot.covers(9)).isFalse();
    }

    @Test
    void everyWatchedProcessorMustHavePassedTheEvent() {
        Snapshot snapshot = snapshot(Map.of(VIEW, List.of(token(20)), OTHER, List.of(token(12))));

        assertThat(snapshot.covers(12)).isTrue();
        assertThat(snapshot.covers(13)).isFalse();
    }

    @Test
    void replayingProcessorCountsWhereItHasReplayedTo() {
        TrackingToken replaying = ReplayToken.createReplayToken(token(100), token(30));
        Snapshot snapshot = snapshot(Map.of(VIEW, List.of(replaying)));

        assertThat(snapshot.position(VIEW)).isEqualTo(30);
        assertThat(snapshot.covers(30)).isTrue();
        assertThat(snapshot.covers(31)).isFalse();
    }

    @Test
    void replayThatHasNotStartedCoversNothing() {
        TrackingToken replaying = ReplayToken.createReplayToken(token(100));
        Snapshot snapshot = snapshot(Map.of(VIEW, List.of(replaying)));

        assertThat(snapshot.covers(0)).isFalse();
    }

    private static Snapshot snapshot(Map<String, List<TrackingToken>> tokens) {
        return new Snapshot(new HashMap<>(tokens), false);
    }

    private static GapAwareTrackingToken token(long index, long... gaps) {
        return GapAwareTrackingToken.newInstance(index, LongStream.of(gaps).boxed().toList());
    }
}
