package dev.segments.query.search;

import dev.segments.query.segment.SegmentSearch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SortCompilerTest {

    private static CompiledSearch sort(String sort) {
        return SegmentSearch.SCHEMA.compile(null, sort);
    }

    private static void rejects(String sort, String message) {
        assertThatThrownBy(() -> sort(sort)).isInstanceOf(InvalidSearchException.class).hasMessage(message);
    }

    @Test
    void defaultOrderIsTheTieBreaker() {
        assertThat(sort(null).orderBy()).isEqualTo("s.id ASC");
        assertThat(sort("  ").orderBy()).isEqualTo("s.id ASC");
        assertThat(sort(null).orderParameters()).isEmpty();
    }

    @Test
    void directionsAreCaseInsensitiveAndDefaultToAscending() {
        assertThat(sort("status:desc,metadata.version").orderBy()).isEqualTo("s.status DESC, s.version ASC, s.id ASC");
        assertThat(sort(" siteCode:Asc , metadata.createdAt:DESC ").orderBy())
                .isEqualTo("s.site_code ASC, s.created_at DESC, s.id ASC");
    }

    @Test
    void sortingByTheTieBreakerDoesNotRepeatIt() {
        assertThat(sort("id:DESC").orderBy()).isEqualTo("s.id DESC");
    }

    @Test
    void localizedFieldsSortByALanguage() {
        CompiledSearch search = sort("name.en:ASC");
        assertThat(search.orderBy()).isEqualTo("(s.name ->> 'en') ASC, s.id ASC");
        assertThat(search.orderParameters()).isEmpty();
    }

    @Test
    void jsonPathsSortByTheirFirstValue() {
        CompiledSearch search = sort("mixins.loyalty.points:DESC,metadata.mixins.source");
        assertThat(search.orderBy()).isEqualTo("jsonb_path_query_first(s.mixins, CAST(? AS jsonpath)) DESC NULLS LAST, "
                + "jsonb_path_query_first(s.metadata_mixins, CAST(? AS jsonpath)) ASC, s.id ASC");
        assertThat(search.orderParameters()).containsExactly("$.\"loyalty\".\"points\"", "$.\"source\"");
    }

    @Test
    void rejectsUnknownSortField() {
        rejects("foo", "Unknown sort field 'foo' at position 1 of sort");
        rejects("status:ASC,foo:DESC", "Unknown sort field 'foo' at position 12 of sort");
    }

    @Test
    void rejectsInvalidDirection() {
        rejects("id:UP", "Invalid sort direction 'UP' at position 4 of sort: use ASC or DESC");
        rejects("id:", "Invalid sort direction '' at position 4 of sort: use ASC or DESC");
        rejects("id:ASC:DESC", "Invalid sort direction 'ASC:DESC' at position 4 of sort: use ASC or DESC");
    }

    @Test
    void rejectsMalformedLists() {
        rejects("id,,status", "Empty sort field at position 4 of sort");
        rejects("id,", "Empty sort field at position 4 of sort");
        rejects("id status", "Expected ',' between sort fields but found 's' at position 4 of sort");
        rejects("'; drop table x", "Expected a field name but found ''' at position 1 of sort");
        rejects("id,".repeat(10) + "id", "Too many sort fields (at most 10) at position 31 of sort");
        rejects("a".repeat(1025), "sort must be at most 1024 characters long");
    }

    @Test
    void rejectsFieldsThatCannotBeSortedAsGiven() {
        rejects("name:ASC", "Sorting by localized field 'name' needs a language, such as 'name.en' at position 1 of sort");
        rejects("mixins", "Sorting by 'mixins' needs a nested path such as 'mixins.someKey' at position 1 of sort");
    }
}
