package dev.segments.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class FieldSelectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode segment() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"id":"seg-1","name":{"en":"Gold","de":"Gold"},"status":"ACTIVE",
                 "metadata":{"version":3,"createdAt":"2024-05-18T07:27:27.455Z","mixins":{"a":1}},
                 "items":[{"id":"i1","type":"PRODUCT"},{"id":"i2","type":"CATEGORY"},"odd"]}""");
    }

    private static String select(String fields) throws Exception {
        return JSON.writeValueAsString(FieldSelection.parse(fields).apply(segment()));
    }

    @Test
    void blankSelectsEverything() throws Exception {
        assertThat(FieldSelection.parse(null).selectsAll()).isTrue();
        assertThat(FieldSelection.parse("  ").selectsAll()).isTrue();
        assertThat(select("")).isEqualTo(JSON.writeValueAsString(segment()));
    }

    @Test
    void keepsOnlyTheNamedPathsInResourceOrder() throws Exception {
        assertThat(select("metadata.version, id ,name"))
                .isEqualTo("{\"id\":\"seg-1\",\"name\":{\"en\":\"Gold\",\"de\":\"Gold\"},\"metadata\":{\"version\":3}}");
    }

    @Test
    void aParentKeepsItsWholeSubtree() throws Exception {
        assertThat(select("metadata.version,metadata")).isEqualTo(
                "{\"metadata\":{\"version\":3,\"createdAt\":\"2024-05-18T07:27:27.455Z\",\"mixins\":{\"a\":1}}}");
    }

    @Test
    void nestedPathsReachIntoArrays() throws Exception {
        assertThat(select("items.id")).isEqualTo("{\"items\":[{\"id\":\"i1\"},{\"id\":\"i2\"}]}");
    }

    @Test
    void unknownNamesSelectNothing() throws Exception {
        assertThat(select("nope,metadata.nope,id.deeper")).isEqualTo("{}");
    }

    @Test
    void leavesTheInputUntouched() throws Exception {
        ObjectNode segment = segment();
        FieldSelection.parse("id").apply(segment).put("id", "changed");
        FieldSelection.parse("").apply(segment).put("id", "changed");
        assertThat(segment).isEqualTo(segment());
    }

    @Test
    void rejectsMalformedLists() {
        assertThatThrownBy(() -> FieldSelection.parse("id,,name")).hasMessage("Empty field name at position 4 of fields");
        assertThatThrownBy(() -> FieldSelection.parse("id,")).hasMessage("Empty field name at position 4 of fields");
        assertThatThrownBy(() -> FieldSelection.parse("metadata..version"))
                .hasMessage("Expected a field name after '.' but found '.' at position 10 of fields");
        assertThatThrownBy(() -> FieldSelection.parse("id,na me"))
                .hasMessage("Invalid character ' ' at position 6 of fields");
        assertThatThrownBy(() -> FieldSelection.parse("id;drop"))
                .hasMessage("Invalid character ';' at position 3 of fields");
        assertThatThrownBy(() -> FieldSelection.parse("*")).isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> FieldSelection.parse("a,".repeat(100) + "b"))
                .hasMessage("Too many fields (at most 100) at position 201 of fields");
    }
}
