package dev.segments.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void defaultsToTheFirstPageOfSixty() {
        Paging paging = Paging.of(null, null);
        assertThat(paging.pageNumber()).isEqualTo(1);
        assertThat(paging.limit()).isEqualTo(60);
        assertThat(paging.offset()).isZero();
    }

    @Test
    void offsetCountsWholePagesBefore() {
        Paging paging = Paging.of(3, 25);
        assertThat(paging.limit()).isEqualTo(25);
        assertThat(paging.offset()).isEqualTo(50);
    }

    @Test
    void offsetOfTheLastPossiblePageDoesNotOverflow() {
        Paging paging = Paging.of(Integer.MAX_VALUE, 1000);
        assertThat(paging.offset()).isEqualTo((Integer.MAX_VALUE - 1L) * 1000L);
    }

    @Test
    void acceptsTheBoundaries() {
        assertThat(Paging.of(1, 1).limit()).isEqualTo(1);
        assertThat(Paging.of(1, 1000).limit()).isEqualTo(1000);
    }

    @Test
    void rejectsInvalidValuesGivenDirectly() {
        assertThatThrownBy(() -> new Paging(0, 10)).isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> Paging.of(1, 1001)).hasMessage("pageSize must be between 1 and 1000");
        assertThatThrownBy(() -> Paging.of(-3, null)).hasMessage("pageNumber must be between 1 and 2147483647");
    }
}
