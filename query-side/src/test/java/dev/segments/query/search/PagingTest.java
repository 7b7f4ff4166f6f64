package dev.segments.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void defaultsToTheFirstPageOfSixty() {
        Paging paging = Paging.parse(null, " ");
        assertThat(paging.pageNumber()).isEqualTo(1);
        assertThat(paging.limit()).isEqualTo(60);
        assertThat(paging.offset()).isZero();
    }

    @Test
    void offsetCountsWholePagesBefore() {
        Paging paging = Paging.parse("3", "25");
        assertThat(paging.limit()).isEqualTo(25);
        assertThat(paging.offset()).isEqualTo(50);
    }

    @Test
    void offsetOfTheLastPossiblePageDoesNotOverflow() {
        Paging paging = Paging.parse(String.valueOf(Integer.MAX_VALUE), "1000");
        assertThat(paging.offset()).isEqualTo((Integer.MAX_VALUE - 1L) * 1000L);
    }

    @Test
    void acceptsTheBoundaries() {
        assertThat(Paging.parse("1", "1").limit()).isEqualTo(1);
        assertThat(Paging.parse("1", "1000").limit()).isEqualTo(1000);
    }

    @Test
    void rejectsPageSizeOutOfRange() {
        for (String size : new String[] {"0", "-1", "1001", "99999999999", "abc", "1.5", "+5", "٣", "1e3"}) {
            assertThatThrownBy(() -> Paging.parse("1", size))
                    .isInstanceOf(InvalidSearchException.class)
                    .hasMessage("pageSize must be between 1 and 1000 (was '" + size + "')")
                    .extracting(e -> ((InvalidSearchException) e).parameter()).isEqualTo("pageSize");
        }
    }

    @Test
    void rejectsPageNumberOutOfRange() {
        for (String number : new String[] {"0", "-3", "2147483648", "x"}) {
            assertThatThrownBy(() -> Paging.parse(number, null))
                    .isInstanceOf(InvalidSearchException.class)
                    .hasMessage("pageNumber must be between 1 and 2147483647 (was '" + number + "')");
        }
    }

    @Test
    void rejectsInvalidValuesGivenDirectly() {
        assertThatThrownBy(() -> new Paging(0, 10)).isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> new Paging(1, 1001)).hasMessage("pageSize must be between 1 and 1000");
    }
}
