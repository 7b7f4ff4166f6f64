package dev.segments.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which patterns reach PostgreSQL: the subset both engines compile, bounded in size. */
class PostgresRegexTest {

    private static void accepts(String... patterns) {
        for (String pattern : patterns) {
            assertThat(PostgresRegex.problem(pattern)).as(pattern).isNull();
        }
    }

    private static void refuses(String... patterns) {
        for (String pattern : patterns) {
            assertThat(PostgresRegex.problem(pattern)).as(pattern).isNotNull();
        }
    }

    @Test
    void acceptsTheCommonSubset() {
        accepts("ABC", "^ab.*c$", "a|b|", "(a|b)+?c", "(?:ab){2,5}", "x{3}", "x{3,}", "[a-z0-9_-]+", "[^\\]\\\\]",
                "\\d\\D\\s\\S\\w\\W", "[\\d\\s.]", "\\.\\*\\(\\)\\[\\{\\}\\|\\$\\^", "(?=a)a", "(?!b)a", "\\Aab\\Z",
                "é+ü?", "🙂", "[а-я]+", "a{0}", "((?=a))*", "[-a]", "[a-]", "}", "]");
    }

    @Test
    void refusesWhatJavaOrPostgresRejects() {
        refuses("(", ")", "(ab", "a)", "[", "[]", "[a", "*a", "a**", "a*+", "a{2}{3}", "{", "a{", "a{,3}", "a{3,2}",
                "a{256}", "a{1,999}", "\\", "a\\", "[z-a]", "[a-z-0]", "[\\d-z]", "[[:alpha:]]", "[a[b]", "^*", "$+",
                "\\A*", "(?=a)*", "(?i)a", "(?<name>a)", "(?#c)");
    }

    @Test
    void refusesEscapesTheEnginesReadDifferently() {
        refuses("\\b", "\\B", "\\m", "\\y", "\\1", "(a)\\1", "\\x41", "\\u0041", "\\p{L}", "\\Q.\\E", "\\0", "[\\b]", "\\é");
    }

    @Test
    void refusesPatternsPostgresFindsTooComplex() {
        refuses("(a{255}){255}", "((a{1,30}){1,30}){1,30}", "(a{1,255}){1,200}", "(((((((((((((((((((((a)))))))))))))))))))))");
        accepts("(a{1,10}){1,10}", "(a{100}){100}", "((((((((((a))))))))))", "^[A-Z]{2}-\\d{4,8}$", ".{0,100}");
    }

    @Test
    void refusesPatternsPostgresCompilesTooSlowly() {
        refuses("(([ab]|c)*|c){1,255}", "((a*b*c*d*)*){1,100}", "((a?){1,100}){1,100}", "(a?){1,255}", "(a|){1,200}");
        accepts("(a*){1,100}", "(([ab]|c)*|c){1,50}", "(\\w+\\s*){1,20}", ".*foo.*bar.*");
    }

    @Test
    void refusesOverlongPatterns() {
        refuses("a".repeat(257));
        accepts("a".repeat(256));
    }
}
