package dev.segments.query.search;

import dev.segments.query.segment.SegmentSearch;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each construct run against real rows in PostgreSQL: the exact ids and their order, the same
 * with and without sequential scans so that the GIN and expression index paths are covered too.
 */
class SegmentSearchDatabaseTest {

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    private static void findsSorted(String q, String sort, String... ids) throws SQLException {
        CompiledSearch search = SegmentSearch.SCHEMA.compile(q, sort);
        List<String> expected = List.of(ids);
        assertThat(database.ids(search, false)).as("q=%s sort=%s", q, sort).isEqualTo(expected);
        assertThat(database.ids(search, true)).as("q=%s sort=%s using indexes", q, sort).isEqualTo(expected);
    }

    private static void finds(String q, String... ids) throws SQLException {
        findsSorted(q, null, ids);
    }

    @Test
    void blankQueryListsTheTenantsRowsById() throws SQLException {
        finds("", "seg-1", "seg-2", "seg-3", "seg-4", "seg-5");
    }

    @Test
    void textEqualityListsAndConjunctions() throws SQLException {
        finds("status:ACTIVE", "seg-1", "seg-2", "seg-5");
        finds("status:ACTIVE siteCode:main", "seg-1", "seg-2");
        finds("id:(seg-1,seg-3,nope)", "seg-1", "seg-3");
        finds("siteCode:\"a b:c(d)\"", "seg-3");
        finds("status:active");
    }

    @Test
    void textPresence() throws SQLException {
        finds("siteCode:null", "seg-4");
        finds("siteCode:missing", "seg-4");
        finds("siteCode:exists", "seg-1", "seg-2", "seg-3", "seg-5");
    }

    @Test
    void textRegex() throws SQLException {
        finds("siteCode:~^ma", "seg-1", "seg-2");
        finds("siteCode:~\\(d\\)$", "seg-3");
        finds("siteCode:~(b:c)", "seg-3");
        finds("id:~^SEG");
    }

    @Test
    void localizedEquality() throws SQLException {
        finds("name.en:Gold", "seg-1");
        finds("name.de:Gold");
        finds("name:Argent", "seg-2");
        finds("name:\"Gold DE\"", "seg-1");
        finds("name.en:\"Quote \\\"me\\\" \\\\ back\"", "seg-5");
        finds("name.en:(Gold,Bronze)", "seg-1", "seg-3");
    }

    @Test
    void localizedPresence() throws SQLException {
        finds("name.en:missing", "seg-4");
        finds("name.de:exists", "seg-1", "seg-4");
        finds("description:missing", "seg-3", "seg-4", "seg-5");
        finds("description:exists", "seg-1", "seg-2");
    }

    @Test
    void localizedRegex() throws SQLException {
        finds("name.en:~^(Gold|Silver)$", "seg-1", "seg-2");
        finds("description.en:~(with spaces)", "seg-2");
        finds("name:~^Arg", "seg-2");
        finds("name:~DE$", "seg-1");
    }

    @Test
    void numbers() throws SQLException {
        finds("metadata.version:3", "seg-1");
        finds("metadata.version:>2", "seg-1", "seg-4", "seg-5");
        finds("metadata.version:(>=2 AND <=7)", "seg-1", "seg-3", "seg-5");
        finds("metadata.version:(1,10)", "seg-2", "seg-4");
        finds("metadata.version:<2.5", "seg-2", "seg-3");
        finds("metadata.version:<99999999999999999999", "seg-1", "seg-2", "seg-3", "seg-4", "seg-5");
    }

    @Test
    void dates() throws SQLException {
        finds("metadata.createdAt:(>=\"2024-05-18T07:27:27.455Z\" AND <\"2024-05-20T00:00:00Z\")", "seg-1", "seg-2");
        finds("metadata.createdAt:>\"2024-05-18T07:27:27.455Z\"", "seg-2", "seg-3", "seg-4");
        finds("metadata.createdAt:\"2024-05-20T02:00:00+02:00\"", "seg-3");
        finds("validity.from:>=\"2024-05-18\"", "seg-3");
        finds("validity.to:<2025-01-01", "seg-3");
        finds("validity.to:null", "seg-1", "seg-4", "seg-5");
        finds("metadata.modifiedAt:missing", "seg-4", "seg-5");
    }

    @Test
    void jsonEquality() throws SQLException {
        finds("mixins.loyalty.level:gold", "seg-1");
        finds("mixins.loyalty.level:(gold,silver)", "seg-1", "seg-2");
        finds("mixins.score:5", "seg-3");
        finds("mixins.score:\"5\"", "seg-3");
        finds("mixins.score:5.5", "seg-2");
        finds("mixins.score:9", "seg-1");
        finds("mixins.flag:true", "seg-2", "seg-3");
        finds("mixins.flag:\"true\"", "seg-3");
        finds("mixins.loyalty.points:1500", "seg-1");
        finds("mixins.loyalty.points:700", "seg-2");
        finds("mixins.tags:vip", "seg-1");
        finds("metadata.mixins.source:import", "seg-1");
    }

    @Test
    void jsonComparisons() throws SQLException {
        finds("mixins.score:>5", "seg-1", "seg-2");
        finds("mixins.score:(>=-2 AND <6)", "seg-2", "seg-5");
        finds("mixins.since:>=\"2024-05-19\"", "seg-1", "seg-2");
        finds("mixins.since:<\"2024-05-20T00:00:00Z\"", "seg-1");
    }

    @Test
    void jsonPresence() throws SQLException {
        finds("mixins.loyalty.level:exists", "seg-1", "seg-2");
        finds("mixins.loyalty.level:null", "seg-3", "seg-4", "seg-5");
        finds("mixins.loyalty:exists", "seg-1", "seg-2", "seg-3");
        finds("mixins:exists", "seg-1", "seg-2", "seg-3", "seg-5");
        finds("mixins:missing", "seg-4");
        finds("metadata.mixins:null", "seg-2", "seg-4", "seg-5");
        finds("metadata.mixins.source:exists", "seg-1", "seg-3");
    }

    @Test
    void jsonRegex() throws SQLException {
        finds("mixins.loyalty.level:~^(go|si)", "seg-1", "seg-2");
        finds("mixins.score:~^5", "seg-2", "seg-3");
        finds("mixins.flag:~^t", "seg-2", "seg-3");
        finds("mixins.tags:~^e", "seg-1");
    }

    @Test
    void sorting() throws SQLException {
        findsSorted("", "metadata.version:DESC", "seg-4", "seg-5", "seg-1", "seg-3", "seg-2");
        findsSorted("", "name.en:ASC", "seg-3", "seg-1", "seg-5", "seg-2", "seg-4");
        findsSorted("", "name.en:desc", "seg-2", "seg-5", "seg-1", "seg-3", "seg-4");
        findsSorted("", "status:ASC,metadata.createdAt:DESC", "seg-2", "seg-1", "seg-5", "seg-4", "seg-3");
        findsSorted("", "siteCode", "seg-3", "seg-1", "seg-2", "seg-5", "seg-4");
        findsSorted("", "id:DESC", "seg-5", "seg-4", "seg-3", "seg-2", "seg-1");
        // jsonb orders numbers above strings; SQL NULL comes first when descending.
        findsSorted("", "mixins.score:DESC", "seg-1", "seg-2", "seg-5", "seg-3", "seg-4");
        findsSorted("status:ACTIVE", "metadata.version:DESC", "seg-5", "seg-1", "seg-2");
    }

    @Test
    void injectedSqlIsJustAValue() throws SQLException {
        finds("status:\"'; drop table segment_view; --\"");
        finds("mixins.note:\"x\\\" || true || \\\"\"");
        finds("name.en:~'|.*", "seg-1", "seg-2", "seg-3", "seg-5");
        try (Statement statement = database.connection().createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from segment_view")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(6);
        }
    }
}
