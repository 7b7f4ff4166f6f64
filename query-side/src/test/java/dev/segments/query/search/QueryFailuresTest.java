package dev.segments.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class QueryFailuresTest {

    @Test
    void classifiesInvalidRegexTimeoutAndCastFailuresAsBadInput() {
        for (String state : new String[] {"2201B", "57014", "22P02", "22003", "22008", "22007"}) {
            assertThat(QueryFailures.isBadInput(new SQLException("x", state))).as(state).isTrue();
        }
    }

    @Test
    void findsTheSqlExceptionInsideWrappers() {
        RuntimeException wrapped = new RuntimeException("data access", new IllegalStateException(new SQLException("slow", "57014")));
        assertThat(QueryFailures.badInputMessage(wrapped)).contains("The query took too long; narrow it down");
    }

    @Test
    void leavesServerFaultsAlone() {
        assertThat(QueryFailures.isBadInput(new SQLException("syntax", "42601"))).isFalse();
        assertThat(QueryFailures.isBadInput(new SQLException("no state"))).isFalse();
        assertThat(QueryFailures.isBadInput(new IllegalStateException())).isFalse();
        assertThat(QueryFailures.isBadInput(null)).isFalse();
    }
}
