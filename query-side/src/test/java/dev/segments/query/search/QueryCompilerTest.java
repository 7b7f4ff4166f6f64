package dev.segments.query.search;

import dev.segments.query.segment.SegmentSearch;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The SQL and parameters each construct of {@code q} compiles to, for the segment schema. */
class QueryCompilerTest {

    private static final SearchSchema SCHEMA = SegmentSearch.SCHEMA;
    private static final String JSONPATH = " @@ CAST(? AS jsonpath)";

    private static CompiledSearch q(String q) {
        return SCHEMA.compile(q, null);
    }

    @Test
    void blankQueryMatchesEverything() {
        for (String q : new String[] {null, "", "   \t\n"}) {
            CompiledSearch search = q(q);
            assertThat(search.where()).isEqualTo("true");
            assertThat(search.whereParameters()).isEmpty();
            assertThat(search.orderBy()).isEqualTo("s.id ASC");
        }
    }

    @Test
    void textEqualityBindsTheValue() {
        CompiledSearch search = q("status:ACTIVE");
        assertThat(search.where()).isEqualTo("s.status = ?");
        assertThat(search.whereParameters()).containsExactly("ACTIVE");
    }

    @Test
    void conditionsSeparatedByWhitespaceAreAnded() {
        CompiledSearch search = q("  status:ACTIVE \t siteCode:main\nid:seg-1 ");
        assertThat(search.where()).isEqualTo("s.status = ? AND s.site_code = ? AND s.id = ?");
        assertThat(search.whereParameters()).containsExactly("ACTIVE", "main", "seg-1");
    }

    @Test
    void valueListBecomesIn() {
        CompiledSearch search = q("id:(a, b ,c)");
        assertThat(search.where()).isEqualTo("s.id IN (?, ?, ?)");
        assertThat(search.whereParameters()).containsExactly("a", "b", "c");
    }

    @Test
    void quotedValuesKeepSpacesColonsAndParentheses() {
        CompiledSearch search = q("siteCode:\"a b:c(d)\" status:\"say \\\"hi\\\" \\\\ \\n\"");
        assertThat(search.whereParameters()).containsExactly("a b:c(d)", "say \"hi\" \\ \\n");
    }

    @Test
    void bareValuesMayContainColons() {
        assertThat(q("id:urn:seg:1").whereParameters()).containsExactly("urn:seg:1");
    }

    @Test
    void quotedKeywordsAreLiterals() {
        CompiledSearch search = q("status:\"null\"");
        assertThat(search.where()).isEqualTo("s.status = ?");
        assertThat(search.whereParameters()).containsExactly("null");
    }

    @Test
    void nullMissingAndExistsTestTheColumn() {
        assertThat(q("siteCode:null").where()).isEqualTo("s.site_code IS NULL");
        assertThat(q("siteCode:missing").where()).isEqualTo("s.site_code IS NULL");
        assertThat(q("siteCode:exists").where()).isEqualTo("s.site_code IS NOT NULL");
        assertThat(q("validity.to:null").where()).isEqualTo("s.validity_to IS NULL");
        assertThat(q("siteCode:exists").whereParameters()).isEmpty();
    }

    @Test
    void numericComparisonsBindLongs() {
        assertThat(q("metadata.version:>20").where()).isEqualTo("s.version > ?");
        assertThat(q("metadata.version:>=20").where()).isEqualTo("s.version >= ?");
        assertThat(q("metadata.version:<20").where()).isEqualTo("s.version < ?");
        assertThat(q("metadata.version:<=20").where()).isEqualTo("s.version <= ?");
        assertThat(q("metadata.version:<=20").whereParameters()).containsExactly(20L);
        assertThat(q("metadata.version:7").where()).isEqualTo("s.version = ?");
    }

    @Test
    void fractionalAndHugeNumbersBindAsBigDecimal() {
        assertThat(q("metadata.version:>2.5").whereParameters()).containsExactly(new BigDecimal("2.5"));
        assertThat(q("metadata.version:<99999999999999999999").whereParameters())
                .containsExactly(new BigDecimal("99999999999999999999"));
    }

    @Test
    void numericRangeIsParenthesized() {
        CompiledSearch search = q("metadata.version:(>=10 AND <=20)");
        assertThat(search.where()).isEqualTo("(s.version >= ? AND s.version <= ?)");
        assertThat(search.whereParameters()).containsExactly(10L, 20L);
        assertThat(q("metadata.version:( >= 10 and <20 )").where()).isEqualTo("(s.version >= ? AND s.version < ?)");
    }

    @Test
    void numericListBindsNumbers() {
        CompiledSearch search = q("metadata.version:(1,2,3)");
        assertThat(search.where()).isEqualTo("s.version IN (?, ?, ?)");
        assertThat(search.whereParameters()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void dateRangeBindsUtcInstants() {
        CompiledSearch search = q("metadata.createdAt:(>=\"2024-05-18T07:27:27.455Z\" AND <\"2024-05-20T00:00:00+02:00\")");
        assertThat(search.where()).isEqualTo("(s.created_at >= ? AND s.created_at < ?)");
        assertThat(search.whereParameters()).containsExactly(
                OffsetDateTime.of(2024, 5, 18, 7, 27, 27, 455_000_000, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 5, 19, 22, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void plainDateMeansStartOfDayUtc() {
        CompiledSearch search = q("validity.from:>=\"2024-05-18\"");
        assertThat(search.where()).isEqualTo("s.validity_from >= ?");
        assertThat(search.whereParameters()).containsExactly(OffsetDateTime.of(2024, 5, 18, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void booleanFieldsBindBooleans() {
        SearchSchema schema = SearchSchema.builder().bool("archived", "a.archived").tieBreaker("a.id").build();
        CompiledSearch search = schema.compile("archived:true", null);
        assertThat(search.where()).isEqualTo("a.archived = ?");
        assertThat(search.whereParameters()).containsExactly(Boolean.TRUE);
        assertThat(schema.compile("archived:FALSE", null).whereParameters()).containsExactly(Boolean.FALSE);
        assertThat(schema.compile("archived:(true,false)", null).where()).isEqualTo("a.archived IN (?, ?)");
    }

    @Test
    void regexOnTextUsesPostgresOperator() {
        CompiledSearch search = q("siteCode:~^ma(in|x)$");
        assertThat(search.where()).isEqualTo("s.site_code ~ ?");
        assertThat(search.whereParameters()).containsExactly("^ma(in|x)$");
    }

    @Test
    void parenthesizedRegexMayContainSpaces() {
        CompiledSearch search = q("name.en:~(with spaces) status:ACTIVE");
        assertThat(search.where()).isEqualTo("(s.name ->> 'en') ~ ? AND s.status = ?");
        assertThat(search.whereParameters()).containsExactly("with spaces", "ACTIVE");
    }

    @Test
    void regexStartingWithAGroupIsNotStripped() {
        assertThat(q("siteCode:~(a)|(b)").whereParameters()).containsExactly("(a)|(b)");
        assertThat(q("siteCode:~\"a b\"").whereParameters()).containsExactly("a b");
    }

    @Test
    void localizedEqualityWithLanguageIsAJsonPathOnThatKey() {
        CompiledSearch search = q("name.en:Gold");
        assertThat(search.where()).isEqualTo("s.name" + JSONPATH);
        assertThat(search.whereParameters()).containsExactly("exists($.\"en\" ? (@ == \"Gold\"))");
    }

    @Test
    void localizedEqualityWithoutLanguageMatchesAnyLanguage() {
        CompiledSearch search = q("name:Gold");
        assertThat(search.where()).isEqualTo("s.name" + JSONPATH);
        assertThat(search.whereParameters()).containsExactly("exists($.* ? (@ == \"Gold\"))");
    }

    @Test
    void localizedListAndPresence() {
        assertThat(q("name.en:(Gold,\"Sil\\\"ver\")").whereParameters())
                .containsExactly("exists($.\"en\" ? (@ == \"Gold\" || @ == \"Sil\\\"ver\"))");
        assertThat(q("name.de:missing").where()).isEqualTo("(s.name ->> CAST(? AS text)) IS NULL");
        assertThat(q("name.de-CH:exists").where()).isEqualTo("(s.name ->> CAST(? AS text)) IS NOT NULL");
        assertThat(q("name.de-CH:exists").whereParameters()).containsExactly("de-CH");
        assertThat(q("description:exists").where()).isEqualTo("s.description" + JSONPATH);
        assertThat(q("description:missing").where()).isEqualTo("NOT COALESCE(s.description" + JSONPATH + ", false)");
        assertThat(q("description:missing").whereParameters()).containsExactly("exists($.* ? (@.type() == \"string\"))");
    }

    @Test
    void localizedRegexWithoutLanguageSearchesEveryTranslation() {
        CompiledSearch search = q("name:~^Arg");
        assertThat(search.where()).isEqualTo(
                "EXISTS (SELECT 1 FROM jsonb_path_query(s.name, CAST(? AS jsonpath)) AS j(v) WHERE (j.v #>> '{}') ~ ?)");
        assertThat(search.whereParameters()).containsExactly("$.* ? (@.type() == \"string\")", "^Arg");
    }

    @Test
    void jsonEqualityMatchesStringsAndWhatABareValueSpells() {
        assertThat(q("mixins.loyalty.level:gold").where()).isEqualTo("s.mixins" + JSONPATH);
        assertThat(q("mixins.loyalty.level:gold").whereParameters())
                .containsExactly("exists($.\"loyalty\".\"level\" ? (@ == \"gold\"))");
        assertThat(q("mixins.score:5").whereParameters()).containsExactly("exists($.\"score\" ? (@ == \"5\" || @ == 5))");
        assertThat(q("mixins.score:-0.50").whereParameters()).containsExactly("exists($.\"score\" ? (@ == \"-0.50\" || @ == -0.50))");
        assertThat(q("mixins.flag:true").whereParameters()).containsExactly("exists($.\"flag\" ? (@ == \"true\" || @ == true))");
        assertThat(q("mixins.score:\"5\"").whereParameters()).containsExactly("exists($.\"score\" ? (@ == \"5\"))");
    }

    @Test
    void jsonStringsAreEscapedInsideThePath() {
        assertThat(q("mixins.note:\"a\\\"b\\\\c\tline\"").whereParameters())
                .containsExactly("exists($.\"note\" ? (@ == \"a\\\"b\\\\c\\tline\"))");
        assertThat(q("mixins.note:'$$--").whereParameters()).containsExactly("exists($.\"note\" ? (@ == \"'$$--\"))");
    }

    @Test
    void jsonListOrsTheAlternatives() {
        assertThat(q("mixins.loyalty.level:(gold,silver)").whereParameters())
                .containsExactly("exists($.\"loyalty\".\"level\" ? (@ == \"gold\" || @ == \"silver\"))");
    }

    @Test
    void jsonComparisonsAreNumericOrDateStrings() {
        assertThat(q("mixins.score:>5").whereParameters()).containsExactly("exists($.\"score\" ? (@ > 5))");
        assertThat(q("mixins.score:(>=1.5 AND <10)").whereParameters()).containsExactly("exists($.\"score\" ? (@ >= 1.5 && @ < 10))");
        assertThat(q("mixins.since:>=\"2024-05-18\"").whereParameters()).containsExactly("exists($.\"since\" ? (@ >= \"2024-05-18\"))");
        assertThat(q("mixins.since:<\"2024-05-18T07:27:27.455Z\"").where()).isEqualTo("s.mixins" + JSONPATH);
    }

    @Test
    void jsonPresence() {
        assertThat(q("mixins.loyalty.level:exists").where()).isEqualTo("s.mixins" + JSONPATH);
        assertThat(q("mixins.loyalty.level:exists").whereParameters())
                .containsExactly("exists($.\"loyalty\".\"level\" ? (@.type() != \"null\"))");
        assertThat(q("mixins.loyalty.level:null").where()).isEqualTo("NOT COALESCE(s.mixins" + JSONPATH + ", false)");
        assertThat(q("mixins.loyalty.level:missing").where()).isEqualTo("NOT COALESCE(s.mixins" + JSONPATH + ", false)");
        assertThat(q("mixins:exists").where()).isEqualTo("(s.mixins IS NOT NULL AND jsonb_typeof(s.mixins) <> 'null')");
        assertThat(q("metadata.mixins:null").where())
                .isEqualTo("(s.metadata_mixins IS NULL OR jsonb_typeof(s.metadata_mixins) = 'null')");
    }

    @Test
    void jsonRegexMatchesScalarText() {
        CompiledSearch search = q("mixins.loyalty.level:~^go");
        assertThat(search.where()).isEqualTo(
                "EXISTS (SELECT 1 FROM jsonb_path_query(s.mixins, CAST(? AS jsonpath)) AS j(v) WHERE (j.v #>> '{}') ~ ?)");
        assertThat(search.whereParameters()).containsExactly(
                "$.\"loyalty\".\"level\" ? (@.type() == \"string\" || @.type() == \"number\" || @.type() == \"boolean\")", "^go");
    }

    @Test
    void metadataMixinsIsItsOwnJsonColumn() {
        CompiledSearch search = q("metadata.mixins.source:import metadata.version:3");
        assertThat(search.where()).isEqualTo("s.metadata_mixins" + JSONPATH + " AND s.version = ?");
        assertThat(search.whereParameters()).containsExactly("exists($.\"source\" ? (@ == \"import\"))", 3L);
    }

    @Test
    void sqlMetacharactersOnlyEverReachParameters() {
        CompiledSearch search = q("status:';drop_table_x;-- siteCode:\"'); delete from segment_view; --\"");
        assertThat(search.where()).isEqualTo("s.status = ? AND s.site_code = ?");
        assertThat(search.whereParameters()).containsExactly("';drop_table_x;--", "'); delete from segment_view; --");
    }

    @Test
    void parametersListWhereThenOrder() {
        CompiledSearch search = SCHEMA.compile("name.en:Gold", "mixins.score:DESC");
        assertThat(search.parameters()).containsExactly("exists($.\"en\" ? (@ == \"Gold\"))", "$.\"score\"");
    }
}
