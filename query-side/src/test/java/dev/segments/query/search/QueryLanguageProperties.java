package dev.segments.query.search;

import dev.segments.query.segment.SegmentSearch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import dev.segments.query.web.DecimalInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and adversarial {@code q}, {@code sort}, {@code fields} and paging input: each is either
 * refused with {@link InvalidSearchException} or compiles to SQL that PostgreSQL runs without
 * error. Any other exception, or any SQL error (an invalid regex included), fails the property.
 */
class QueryLanguageProperties {

    private static final List<String> FIELDS = List.of("id", "name", "name.en", "name.de", "name.fr-CA", "description",
            "description.en", "status", "siteCode", "validity.from", "validity.to", "mixins", "mixins.loyalty",
            "mixins.loyalty.level", "mixins.loyalty.points", "mixins.score", "mixins.tags", "mixins.flag", "mixins.since",
            "mixins.a-b.c_d.0", "metadata.version", "metadata.createdAt", "metadata.modifiedAt", "metadata.mixins",
            "metadata.mixins.source", "nme", "metadata.foo", "name.x_y", "name.en.deeper");

    private static final List<String> FRAGMENTS = List.of("'; drop table segment_view; --", "--", "/*", "*/", "$$", "$1",
            "?", "??", "@?", "@@", "'", "\"", "\\", "\\\"", "(", ")", "((", "))", ",", ":", "~", ">=", "<=", ">", "<",
            "AND", "OR", "NOT", "null", "exists", "missing", "true", "é", "🙂", "\u202e", "\u0000", "\t", "\n", " ", "  ",
            "name.en", "mixins.score", "metadata.version", "status", "id", "5", "-1.5", "\"2024-05-18\"",
            "\"2024-05-18T07:27:27.455Z\"", "[", "]", "{", "}", "*", "+", "|", "^", "$", ".", "\\d", "\\b", "%", "_",
            "NULL::jsonb", "' OR '1'='1", "E'\\x00'", "\\u0000", "exists(", "@ == ", "$.*", "like_regex", "strict",
            ") OR true --", "\" || @ == \"", "';select pg_sleep(5);--", "𝔘", "\uD800", "ß");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase database;

    @BeforeContainer
    static void createDatabase() throws SQLException {
        database = TestDatabase.create();
    }

    @AfterContainer
    static void dropDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    @Property(tries = 1000)
    void everyQueryIsRejectedOrRunsCleanly(@ForAll("queries") String q, @ForAll("sorts") String sort,
                                           @ForAll boolean withIndexes) throws SQLException {
        Optional<CompiledSearch> search = compileOrReject(q, sort);
        Statistics.label("outcome").collect(search.isPresent() ? "compiled" : "rejected");
        if (search.isPresent()) {
            database.ids(search.get(), withIndexes);
        }
    }

    @Property(tries = 1000)
    void acceptedRegularExpressionsRunInPostgres(@ForAll("regexes") String pattern,
                                                 @ForAll("regexFields") String field) throws SQLException {
        String accepted = PostgresRegex.problem(pattern) == null ? "accepted" : "refused";
        Statistics.label("pattern").collect(accepted);
        Optional<CompiledSearch> search = compileOrReject(field + ":~" + pattern, null);
        if (search.isPresent()) {
            database.ids(search.get(), false);
        }
        if (accepted.equals("accepted")) {
            try (PreparedStatement statement = database.connection().prepareStatement("select 'probe é 42' ~ ?")) {
                statement.setString(1, pattern);
                statement.executeQuery().close();
            }
        }
    }

    @Property(tries = 300)
    void fieldSelectionsParseOrAreRejected(@ForAll("fieldLists") String fields) throws Exception {
        ObjectNode segment = (ObjectNode) JSON.readTree(
                "{\"id\":\"s\",\"name\":{\"en\":\"x\"},\"metadata\":{\"version\":1},\"items\":[{\"id\":\"i\"},1]}");
        FieldSelection selection;
        try {
            selection = FieldSelection.parse(fields);
        } catch (InvalidSearchException rejected) {
            assertThat(rejected.getMessage()).isNotBlank();
            assertThat(rejected.position()).isBetween(0, fields.length() + 1);
            return;
        }
        ObjectNode selected = selection.apply(segment);
        assertThat(segment.size()).isGreaterThanOrEqualTo(selected.size());
    }

    @Property(tries = 200)
    void integerParametersAreReadExactlyOrRejected(@ForAll("pageNumbers") String raw) {
        Assume.that(raw != null);
        String text = raw.strip();
        boolean decimal = text.matches("-?[0-9]{1,10}") && Long.parseLong(text) == (int) Long.parseLong(text);
        try {
            Integer value = new DecimalInteger().convert(raw);
            assertThat(value).isEqualTo(text.isEmpty() ? null : Integer.valueOf(text));
            assertThat(decimal || text.isEmpty()).isTrue();
        } catch (IllegalArgumentException rejected) {
            assertThat(decimal).isFalse();
        }
    }

    @Property(tries = 200)
    void pagingIsWithinBoundsOrRejected(@ForAll("pageSizes") Integer pageNumber, @ForAll("pageSizes") Integer pageSize) {
        try {
            Paging paging = Paging.of(pageNumber, pageSize);
            assertThat(paging.limit()).isBetween(1, Paging.MAX_PAGE_SIZE);
            assertThat(paging.offset()).isGreaterThanOrEqualTo(0);
        } catch (InvalidSearchException rejected) {
            assertThat(rejected.getMessage()).contains(rejected.parameter());
        }
    }

    private static Optional<CompiledSearch> compileOrReject(String q, String sort) {
        try {
            return Optional.of(SegmentSearch.SCHEMA.compile(q, sort));
        } catch (InvalidSearchException rejected) {
            int longest = Math.max(q == null ? 0 : q.length(), sort == null ? 0 : sort.length());
            assertThat(rejected.getMessage()).isNotBlank();
            assertThat(rejected.position()).isBetween(0, longest + 1);
            return Optional.empty();
        }
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<String> queries() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, wellTypedConditions()),
                Tuple.of(3, conditions()),
                Tuple.of(2, fragments()),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(120)),
                Tuple.of(1, Arbitraries.strings().withChars(":()\"\\~<>=, .-_$'%;*!@?").ofMaxLength(60)),
                Tuple.of(1, longInput()));
    }

    private Arbitrary<String> conditions() {
        Arbitrary<String> condition = Combinators.combine(Arbitraries.of(FIELDS), valueExpression())
                .as((field, value) -> field + ":" + value);
        return condition.list().ofMinSize(1).ofMaxSize(6).map(list -> String.join(" ", list));
    }

    /** Conditions whose values fit their fields, mostly compiling, so that the SQL side gets exercised. */
    private Arbitrary<String> wellTypedConditions() {
        Arbitrary<String> number = Arbitraries.of("0", "3", "-2", "5.5", "99999999999999999999", "+7", "0.000001");
        Arbitrary<String> date = Arbitraries.of("\"2024-05-18T07:27:27.455Z\"", "\"2024-05-18\"", "2024-05-20T00:00:00+02:00",
                "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"");
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(2, scalar()), Tuple.of(1, number));
        Arbitrary<String> operator = Arbitraries.of(">", ">=", "<", "<=");
        Arbitrary<String> presence = Arbitraries.of("null", "exists", "missing");
        Arbitrary<String> textValue = Arbitraries.frequencyOf(
                Tuple.of(3, text),
                Tuple.of(1, text.list().ofMinSize(1).ofMaxSize(5).map(values -> "(" + String.join(",", values) + ")")),
                Tuple.of(2, regexes().filter(pattern -> PostgresRegex.problem(pattern) == null).map(pattern -> "~" + pattern)),
                Tuple.of(1, presence));
        Arbitrary<String> numericValue = orderedValues(operator, number, presence);
        Arbitrary<String> dateValue = orderedValues(operator, date, presence);
        Arbitrary<String> condition = Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(Arbitraries.of("id", "status", "siteCode", "name", "name.en", "name.de",
                        "description.en", "mixins.loyalty.level", "mixins.tags", "mixins.flag", "metadata.mixins.source"),
                        textValue).as((field, value) -> field + ":" + value)),
                Tuple.of(2, Combinators.combine(Arbitraries.of("metadata.version", "mixins.score", "mixins.loyalty.points"),
                        numericValue).as((field, value) -> field + ":" + value)),
                Tuple.of(2, Combinators.combine(Arbitraries.of("metadata.createdAt", "validity.from", "validity.to",
                        "mixins.since"), dateValue).as((field, value) -> field + ":" + value)),
                Tuple.of(1, Combinators.combine(Arbitraries.of("mixins", "metadata.mixins"), presence)
                        .as((field, value) -> field + ":" + value)));
        return condition.list().ofMinSize(1).ofMaxSize(4).map(list -> String.join(" ", list));
    }

    private static Arbitrary<String> orderedValues(Arbitrary<String> operator, Arbitrary<String> value,
                                                   Arbitrary<String> presence) {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Combinators.combine(operator, value).as(String::concat)),
                Tuple.of(2, Combinators.combine(operator, value, operator, value)
                        .as((o1, v1, o2, v2) -> "(" + o1 + v1 + " AND " + o2 + v2 + ")")),
                Tuple.of(1, value),
                Tuple.of(1, value.list().ofMinSize(1).ofMaxSize(3).map(values -> "(" + String.join(",", values) + ")")),
                Tuple.of(1, presence));
    }

    private Arbitrary<String> valueExpression() {
        Arbitrary<String> operator = Arbitraries.of(">", ">=", "<", "<=");
        Arbitrary<String> comparison = Combinators.combine(operator, scalar()).as(String::concat);
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalar()),
                Tuple.of(2, scalar().list().ofMinSize(1).ofMaxSize(4).map(values -> "(" + String.join(",", values) + ")")),
                Tuple.of(2, comparison),
                Tuple.of(2, Combinators.combine(comparison, comparison).as((a, b) -> "(" + a + " AND " + b + ")")),
                Tuple.of(2, regexes().map(pattern -> "~" + pattern)),
                Tuple.of(1, regexes().map(pattern -> "~(" + pattern + " " + pattern + ")")),
                Tuple.of(1, Arbitraries.of("null", "exists", "missing")));
    }

    private Arbitrary<String> scalar() {
        Arbitrary<String> bare = Arbitraries.of("ACTIVE", "gold", "5", "-2", "5.5", "+7", "1e5", "true", "FALSE",
                "2024-05-18", "2024-05-18T07:27:27.455Z", "99999999999999999999999", "0.0000001", "-0", "NaN",
                "Infinity", "9223372036854775808", "';--", "$$", "@", "?", "vip", "main");
        Arbitrary<String> quoted = Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.of(FRAGMENTS)),
                        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(20)),
                        Tuple.of(1, Arbitraries.of("2024-05-18T07:27:27.455Z", "2024-05-18", "+99999-01-01T00:00:00Z",
                                "2024-13-45", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "gold", "with spaces")))
                .map(text -> "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        Arbitrary<String> word = Arbitraries.strings().alpha().numeric().withChars("-_.:$'%").ofMinLength(1).ofMaxLength(12);
        return Arbitraries.frequencyOf(Tuple.of(3, bare), Tuple.of(3, quoted), Tuple.of(2, word));
    }

    private Arbitrary<String> fragments() {
        return Arbitraries.of(FRAGMENTS).list().ofMinSize(1).ofMaxSize(25).map(list -> String.join("", list));
    }

    private Arbitrary<String> longInput() {
        return Combinators.combine(Arbitraries.of("id:a ", "(", "name.en:~(a|b)* ", "x", "mixins.a.b.c.d.e.f:\"",
                        "metadata.version:(1,"), Arbitraries.integers().between(200, 1300))
                .as(String::repeat);
    }

    @Provide
    Arbitrary<String> regexes() {
        Arbitrary<String> tokens = Arbitraries.of("(", ")", "(?:", "(?=", "(?!", "(?<=", "(?<!", "[", "]", "[^", "a-z",
                        "z-a", "\\d", "\\D", "\\w", "\\s", "{2}", "{1,3}", "{0,255}", "{200}", "{256}", "{,2}", "{", "}", "*",
                        "+", "?", "*?", "+?", "*+", "|", "^", "$", ".", "\\.", "\\(", "\\[", "\\\\", "a", "b", "é", "ß",
                        "[[:alpha:]]", "[:", "\\b", "\\B", "\\m", "\\y", "\\1", "\\A", "\\Z", "\\x41", "\\u00e9", "\\p{L}",
                        "-", ",", ":", "'", "$$", "--")
                .list().ofMinSize(1).ofMaxSize(14).map(list -> String.join("", list));
        Arbitrary<String> characters = Arbitraries.strings().withChars("ab.^$*+?{}[]()|\\-,0123456789dDsSwWbBmyAZ:=!<éß")
                .ofMinLength(1).ofMaxLength(30);
        Arbitrary<String> nested = Arbitraries.integers().between(1, 4).flatMap(depth ->
                Arbitraries.of("{1,255}", "{1,100}", "{2,30}", "*", "+", "{50}").list().ofSize(depth)
                        .map(counts -> {
                            String pattern = "[ab]";
                            for (String count : counts) {
                                pattern = "(" + pattern + "|c)" + count;
                            }
                            return pattern;
                        }));
        return Arbitraries.frequencyOf(Tuple.of(3, tokens), Tuple.of(2, characters), Tuple.of(1, nested));
    }

    @Provide
    Arbitrary<String> regexFields() {
        return Arbitraries.of("siteCode", "name", "name.en", "mixins.loyalty.level", "mixins.score", "mixins.tags");
    }

    @Provide
    Arbitrary<String> sorts() {
        Arbitrary<String> direction = Arbitraries.of("", ":ASC", ":desc", ":Asc", ":UP", ":", ":ASC;--", ":DESC ");
        Arbitrary<String> key = Combinators.combine(Arbitraries.of(FIELDS), direction).as(String::concat);
        Arbitrary<String> validKey = Combinators.combine(Arbitraries.of("id", "name.en", "name.de", "status", "siteCode",
                "validity.from", "mixins.score", "mixins.loyalty.level", "mixins.tags", "metadata.version",
                "metadata.createdAt", "metadata.mixins.source"), Arbitraries.of("", ":ASC", ":desc", ":DESC"))
                .as(String::concat);
        return Arbitraries.frequencyOf(
                Tuple.of(8, validKey.list().ofMinSize(0).ofMaxSize(4).map(keys -> String.join(",", keys))),
                Tuple.of(2, key.list().ofMinSize(0).ofMaxSize(4).map(keys -> String.join(",", keys))),
                Tuple.of(1, Arbitraries.strings().withChars("abcdemnstxyz.:,_- '\";()ASCDE").ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(1, fragments()),
                Tuple.of(1, Arbitraries.of("id,".repeat(11), "a".repeat(1100)))).injectNull(0.1);
    }

    @Provide
    Arbitrary<String> fieldLists() {
        Arbitrary<String> path = Arbitraries.of("id", "name", "name.en", "metadata", "metadata.version", "items.id", "nope",
                "items", "", ".", "a..b", "*", "$", "id;drop", "na me", "é", "🙂");
        return Arbitraries.frequencyOf(
                Tuple.of(3, path.list().ofMaxSize(6).map(paths -> String.join(",", paths))),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(60)),
                Tuple.of(1, fragments()),
                Tuple.of(1, Arbitraries.of("a,".repeat(101), "a".repeat(3000)))).injectNull(0.1);
    }

    @Provide
    Arbitrary<Integer> pageSizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(-5, 1200)),
                Tuple.of(1, Arbitraries.integers())).injectNull(0.1);
    }

    @Provide
    Arbitrary<String> pageNumbers() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(-5, 1200).map(String::valueOf)),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(1, Arbitraries.strings().withChars("0123456789-+ x.e٣").ofMaxLength(14))).injectNull(0.1);
    }
}
