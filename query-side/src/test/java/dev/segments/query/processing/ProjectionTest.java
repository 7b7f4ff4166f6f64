package dev.segments.query.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The shared projection behaviour: every event is taken (so every batch moves the processor's stored
 * position), the projection's own handlers win over the catch-all, and a reset empties its tables and
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

        Sample(ProjectionWriter writer) {
            super(writer, new BatchIsolation(writer), "sample_view", "sample_detail");
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
        Sample sample = new Sample(new ProjectionWriter(mock(JdbcTemplate.class)));
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(sample);
        EventMessage<?> unrelated = GenericEventMessage.asEventMessage(new Unrelated("u"));

        assertThat(adapter.canHandle(unrelated)).isTrue();
        assertThat(adapter.canHandleType(Unrelated.class)).isTrue();
        adapter.handle(unrelated);
        adapter.handle(GenericEventMessage.asEventMessage(new Projected("p")));

        assertThat(sample.projected).containsExactly("p");
    }

    @Test
    void emptiesItsTablesAndForgetsItsStateOnReset() {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        Sample sample = new Sample(new ProjectionWriter(jdbc));
        new AnnotationEventHandlerAdapter(sample).prepareReset();

        verify(jdbc).update("delete from sample_view");
        verify(jdbc).update("delete from sample_detail");
        assertThat(sample.forgotten).isEqualTo(1);
    }
}
