package dev.segments.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segments.query.processing.BatchIsolation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

/**
 * The shared projection behaviour: every event is taken (so every batch moves the processor's stored
 * position), the projection's own handlers win over the catch-all, and a reset empties the table and
 * forgets whatever else the projection keeps.
 */
class ProjectionTest {

    record Projected(String id) {
    }

    record Unrelated(String id) {
    }

    static final class Sample extends Projection {

        final List<String> projected = new ArrayList<>();
        int forgotten;

        Sample(Rows rows) {
            super(rows, new BatchIsolation(null));
        }

        @Override
        protected void forgetState() {
            forgotten++;
        }

        @EventHandler
        void on(Projected event) {
            projected.add(event.id());
        }
    }

    @Test
    void takesEveryEventAndPrefersItsOwnHandlers() throws Exception {
        Sample sample = new Sample(() -> {
        });
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(sample);
        EventMessage<?> unrelated = GenericEventMessage.asEventMessage(new Unrelated("u"));

        assertThat(adapter.canHandle(unrelated)).isTrue();
        assertThat(adapter.canHandleType(Unrelated.class)).isTrue();
        adapter.handle(unrelated);
        adapter.handle(GenericEventMessage.asEventMessage(new Projected("p")));

        assertThat(sample.projected).containsExactly("p");
    }

    @Test
    void emptiesItsTableAndForgetsItsStateOnReset() {
        AtomicInteger deletes = new AtomicInteger();
        Sample sample = new Sample(deletes::incrementAndGet);
        new AnnotationEventHandlerAdapter(sample).prepareReset();

        assertThat(deletes).hasValue(1);
        assertThat(sample.forgotten).isEqualTo(1);
    }
}
