package dev.segments.app;

import dev.segments.events.segment.SegmentDeletedEvent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A test hook that plays a stalled command node: a subscribing handler (so it runs inside the command's
 * transaction, after the events were appended) that blocks when it sees the armed segment's deletion, so the
 * transaction holds its global index open until the test releases it. Nodes started with this configuration
 * need {@code axon.eventhandling.processors.test-stall.mode=subscribing}.
 */
@Configuration
class EventStall {

    static final String SETTING = "axon.eventhandling.processors." + Handler.GROUP + ".mode=subscribing";

    private static volatile String armed;
    private static volatile CountDownLatch stalled = new CountDownLatch(1);
    private static volatile CountDownLatch released = new CountDownLatch(1);

    /** Stalls the next deletion of this segment. */
    static void arm(String segmentId) {
        stalled = new CountDownLatch(1);
        released = new CountDownLatch(1);
        armed = segmentId;
    }

    static void awaitStalled() throws InterruptedException {
        if (!stalled.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the armed deletion never reached the stall");
        }
    }

    static void release() {
        armed = null;
        released.countDown();
    }

    @Bean
    Handler stallingHandler() {
        return new Handler();
    }

    @ProcessingGroup(Handler.GROUP)
    static class Handler {

        static final String GROUP = "test-stall";

        @EventHandler
        void on(SegmentDeletedEvent event) throws InterruptedException {
            if (event.segmentId().equals(armed)) {
                stalled.countDown();
                released.await(60, TimeUnit.SECONDS);
            }
        }
    }
}
